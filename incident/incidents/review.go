package incidents

import (
	"context"
	"slices"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/authz"
	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/scheduler"
)

// ReviewView is a review with the responder-load section Rota fills in.
type ReviewView struct {
	Review incident.Review
	// Stored is false for the empty draft of an incident without a review.
	Stored     bool
	Responders []incident.Responder
	Names      Names
}

// Review returns the incident's review (an empty draft when none is
// written) and its responder load, computed from the timeline's pages and
// acknowledgements as they stand now.
func (s *Service) Review(ctx context.Context, id int64) (ReviewView, error) {
	rec, err := s.sync(ctx, id)
	if err != nil {
		return ReviewView{}, err
	}
	v := ReviewView{Review: incident.NewReview(id)}
	r, err := s.store.Review(ctx, id)
	switch {
	case err == nil:
		v.Review, v.Stored = r, true
	case !rota.IsCode(err, rota.ENotFound):
		return ReviewView{}, err
	}
	tl, err := s.store.Timeline(ctx, id)
	if err != nil {
		return ReviewView{}, err
	}
	if v.Responders, v.Names, err = s.responders(ctx, rec, tl); err != nil {
		return ReviewView{}, err
	}
	return v, nil
}

// responders computes the responder-load section from the timeline: its
// pages, the acknowledgements of linked alerts and of the incident, each
// engineer's bands from their zone and working hours.
func (s *Service) responders(ctx context.Context, rec Record, tl []incident.Entry) ([]incident.Responder, Names, error) {
	var pages []incident.PageRecord
	var acks []incident.Ack
	users := slices.Clone(rec.Responders)
	users = append(users, rec.CommanderID, rec.OpenedBy)
	for _, e := range tl {
		switch {
		case e.Kind == incident.KindPaged:
			pages = append(pages, incident.PageRecord{AlertID: e.AlertID, UserID: e.UserID, At: e.At, Channel: e.Channel, Shadow: e.Shadow})
		case e.Kind == incident.KindAcknowledged && e.ActorID > 0,
			e.Kind == incident.KindStatusChanged && e.To == incident.Acknowledged && e.ActorID > 0:
			acks = append(acks, incident.Ack{UserID: e.ActorID, At: e.At})
		}
		users = append(users, e.ActorID, e.UserID)
	}
	names, err := s.names(ctx, users, rec.TeamID)
	if err != nil {
		return nil, Names{}, err
	}
	return incident.ResponderLoad(rec.Incident, pages, acks, bandsOf(names.Users), s.now()), names, nil
}

// bandsOf places each engineer's pages in their own zone and working
// hours; an engineer whose settings do not parse counts in UTC.
func bandsOf(people map[int64]Person) func(int64) *incident.Bander {
	cache := map[int64]*incident.Bander{}
	return func(id int64) *incident.Bander {
		if b, ok := cache[id]; ok {
			return b
		}
		p, ok := people[id]
		var b *incident.Bander
		if ok {
			b, _ = incident.NewBander(p.TimeZone, p.WorkingHours)
			if b == nil {
				b, _ = incident.NewBander(p.TimeZone, "")
			}
		}
		cache[id] = b
		return b
	}
}

// UpdateReview replaces the review's content (incident.UpdateReview): a
// new action item's owner must be an engineer and its due date not before
// today in the team's zone.
func (s *Service) UpdateReview(ctx context.Context, actor authz.Actor, id int64, edit incident.Review) (ReviewView, error) {
	return s.view(ctx, id)(s.updateReview(ctx, actor, id, edit))
}

// view returns the review's view after a change that succeeded.
func (s *Service) view(ctx context.Context, id int64) func(incident.Review, error) (ReviewView, error) {
	return func(_ incident.Review, err error) (ReviewView, error) {
		if err != nil {
			return ReviewView{}, err
		}
		return s.Review(ctx, id)
	}
}

func (s *Service) updateReview(ctx context.Context, actor authz.Actor, id int64, edit incident.Review) (incident.Review, error) {
	rec, err := s.store.Incident(ctx, id)
	if err != nil {
		return incident.Review{}, err
	}
	if err := check(actor, rec); err != nil {
		return incident.Review{}, err
	}
	_, _, today, err := s.zone(ctx, rec.TeamID)
	if err != nil {
		return incident.Review{}, err
	}
	emails := make([]string, 0, len(edit.ActionItems))
	for _, a := range edit.ActionItems {
		emails = append(emails, rota.NormalizeEmail(a.Owner))
	}
	people, err := s.store.PeopleByEmail(ctx, emails)
	if err != nil {
		return incident.Review{}, err
	}
	chk := incident.ReviewCheck{Today: today, KnownOwner: func(email string) bool { _, ok := people[rota.NormalizeEmail(email)]; return ok }}
	return s.store.ChangeReview(ctx, id, func(rec Record, old incident.Review) (incident.Review, error) {
		if err := check(actor, rec); err != nil {
			return old, err
		}
		edit.IncidentID = id
		return incident.UpdateReview(old, edit, chk)
	})
}

// SubmitReview moves the draft to in review.
func (s *Service) SubmitReview(ctx context.Context, actor authz.Actor, id int64) (ReviewView, error) {
	at := s.now()
	return s.view(ctx, id)(s.store.ChangeReview(ctx, id, func(rec Record, old incident.Review) (incident.Review, error) {
		if err := check(actor, rec); err != nil {
			return old, err
		}
		return incident.SubmitReview(old, actor.UserID, at)
	}))
}

// PublishReview publishes a review in review; it is read-only from then
// on but for its action items' status.
func (s *Service) PublishReview(ctx context.Context, actor authz.Actor, id int64) (ReviewView, error) {
	at := s.now()
	return s.view(ctx, id)(s.store.ChangeReview(ctx, id, func(rec Record, old incident.Review) (incident.Review, error) {
		if err := check(actor, rec); err != nil {
			return old, err
		}
		return incident.PublishReview(old, actor.UserID, at)
	}))
}

// Markdown exports the review with the incident's facts, timeline and
// responder load, instants in the team's zone.
func (s *Service) Markdown(ctx context.Context, id int64) (string, Record, error) {
	v, err := s.Review(ctx, id)
	if err != nil {
		return "", Record{}, err
	}
	rec, err := s.store.Incident(ctx, id)
	if err != nil {
		return "", Record{}, err
	}
	tl, err := s.store.Timeline(ctx, id)
	if err != nil {
		return "", Record{}, err
	}
	_, loc, _, err := s.zone(ctx, rec.TeamID)
	if err != nil {
		return "", Record{}, err
	}
	return incident.Markdown(incident.Export{Incident: rec.Incident, Review: v.Review, Timeline: tl, Responders: v.Responders, Location: loc,
		UserName: v.Names.User, ServiceName: v.Names.Service}), rec, nil
}

// ItemView is an action item with whether it is overdue today in its
// team's zone.
type ItemView struct {
	Item
	Overdue bool
}

// ActionItems lists action items across incidents, soonest due first.
func (s *Service) ActionItems(ctx context.Context, f ItemFilter) ([]ItemView, error) {
	items, err := s.store.ActionItems(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]ItemView, len(items))
	todays := map[int64]scheduler.Date{}
	for i, it := range items {
		today, ok := todays[it.TeamID]
		if !ok {
			if _, _, today, err = s.zone(ctx, it.TeamID); err != nil {
				return nil, err
			}
			todays[it.TeamID] = today
		}
		out[i] = ItemView{Item: it, Overdue: it.ActionItem.Overdue(today)}
	}
	return out, nil
}
