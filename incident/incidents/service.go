package incidents

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/authz"
	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
)

// Service is the incidents service.
type Service struct {
	store Store
	cfg   ConfigSource
	load  LoadSource
	now   func() time.Time
	log   *slog.Logger
}

// New returns the service on its storage, the paging configuration and a
// clock; log may be nil.
func New(store Store, cfg ConfigSource, load LoadSource, now func() time.Time, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: store, cfg: cfg, load: load, now: func() time.Time { return now().UTC() }, log: log}
}

var (
	_ paging.IntakeObserver = (*Service)(nil)
	_ paging.AlertObserver  = (*Service)(nil)
)

// check applies the policy to a change of the incident.
func check(actor authz.Actor, r Record) error {
	return authz.Check(actor, authz.IncidentManage, authz.Resource{TeamID: r.TeamID, Responder: actor.UserID != 0 && slices.Contains(r.Responders, actor.UserID)})
}

// number assigns Seqs after last, checking the entries (incident.Append).
func number(last int64, add []Entry) ([]Entry, error) {
	if len(add) == 0 {
		return nil, nil
	}
	plain := make([]incident.Entry, len(add))
	for i, e := range add {
		plain[i] = e.Entry
	}
	out, err := incident.Append(last, plain...)
	if err != nil {
		return nil, err
	}
	for i := range add {
		add[i].Entry = out[i]
	}
	return add, nil
}

func plain(es []incident.Entry) []Entry {
	out := make([]Entry, len(es))
	for i, e := range es {
		out[i] = Entry{Entry: e}
	}
	return out
}

// catchUp returns the entries for the facts of the linked alerts and the
// suspect changes that the timeline lacks, in time order: alert
// creations, their events (FromAlertEvent), the pages sent (PagedEntry)
// and changes deployed shortly before the start (SuspectEntries).
func catchUp(f Facts) []Entry {
	var out []Entry
	for _, a := range f.Alerts {
		out = append(out, Entry{Entry: incident.Entry{At: a.CreatedAt.UTC(), Kind: incident.KindAlertTriggered, AlertID: a.ID, ServiceID: a.ServiceID, Text: a.Summary},
			Source: Source{SourceAlert, a.ID}})
	}
	for _, ev := range f.Events {
		if e, ok := incident.FromAlertEvent(ev.AlertEvent); ok {
			out = append(out, Entry{Entry: e, Source: Source{SourceEvent, ev.ID}})
		}
	}
	for _, p := range f.Pages {
		out = append(out, Entry{Entry: incident.PagedEntry(p.PageRecord), Source: Source{SourcePage, p.ID}})
	}
	deployed := make([]incident.Entry, len(f.Deployed))
	for i, id := range f.Deployed {
		deployed[i] = incident.Entry{Kind: incident.KindChangeDeployed, ChangeID: id}
	}
	for _, e := range incident.SuspectEntries(f.Record.Incident, deployed, f.Changes) {
		out = append(out, Entry{Entry: e, Source: Source{SourceChange, e.ChangeID}})
	}
	slices.SortStableFunc(out, func(a, b Entry) int { return a.At.Compare(b.At) })
	return out
}

// sync copies onto the timeline what catchUp finds; it writes only when
// there is something to copy.
func (s *Service) sync(ctx context.Context, id int64) (Record, error) {
	f, err := s.store.IncidentFacts(ctx, id)
	if err != nil {
		return Record{}, err
	}
	if len(catchUp(f)) == 0 {
		return f.Record, nil
	}
	return s.store.ChangeIncident(ctx, id, func(f Facts) (Record, []Entry, error) {
		add, err := number(f.Record.LastSeq, catchUp(f))
		return f.Record, add, err
	})
}

// change runs a person's step on the incident in one transaction: the
// policy first, then what the timeline lacks, then the step's own
// entries. Afterwards it syncs again, since an edit of started_at or a
// new link moves the suspect window.
func (s *Service) change(ctx context.Context, actor authz.Actor, id int64, step func(incident.Incident, time.Time) (incident.Incident, []incident.Entry, error)) (Record, error) {
	at := s.now()
	rec, err := s.store.ChangeIncident(ctx, id, func(f Facts) (Record, []Entry, error) {
		if err := check(actor, f.Record); err != nil {
			return Record{}, nil, err
		}
		next, entries, err := step(f.Record.Incident, at)
		if err != nil {
			return Record{}, nil, err
		}
		add, err := number(f.Record.LastSeq, append(catchUp(f), plain(entries)...))
		if err != nil {
			return Record{}, nil, err
		}
		r := f.Record
		r.Incident = next
		return r, add, nil
	})
	if err != nil {
		return Record{}, err
	}
	if again, err := s.sync(ctx, id); err == nil {
		rec = again
	} else {
		s.log.Warn("incident timeline catch-up failed", "incident", id, "err", err)
	}
	return rec, nil
}

// OpenRequest is an incident opened by hand.
type OpenRequest struct {
	incident.OpenInput
	// TeamID is the owning team; zero takes the team of the first
	// service, or of the first alert's service.
	TeamID int64
}

// Open opens an incident by hand. The alerts' services are linked too,
// so that the incident counts for them and shows their changes, and
// unless given, detected_at is the first alert's creation.
func (s *Service) Open(ctx context.Context, actor authz.Actor, req OpenRequest) (Detail, error) {
	return s.detail(ctx)(s.open(ctx, actor, req))
}

func (s *Service) open(ctx context.Context, actor authz.Actor, req OpenRequest) (Record, error) {
	cfg, err := s.cfg.Get(ctx)
	if err != nil {
		return Record{}, err
	}
	in := req.OpenInput
	in.Services = slices.Clone(in.Services)
	for i, id := range in.Services {
		if cfg.Services[id] == nil {
			return Record{}, rota.Invalid(fmt.Sprintf("services[%d]", i), "no service with id %d", id)
		}
	}
	if len(in.Alerts) > 0 {
		found, err := s.store.AlertsByID(ctx, in.Alerts)
		if err != nil {
			return Record{}, err
		}
		detectDefault := in.DetectedAt.IsZero()
		for i, id := range in.Alerts {
			a, ok := found[id]
			if !ok {
				return Record{}, rota.Invalid(fmt.Sprintf("alerts[%d]", i), "no alert with id %d", id)
			}
			if !slices.Contains(in.Services, a.ServiceID) && cfg.Services[a.ServiceID] != nil {
				in.Services = append(in.Services, a.ServiceID)
			}
			// Opened from alerts, Rota detected it when the first fired.
			if detectDefault && (in.DetectedAt.IsZero() || a.CreatedAt.Before(in.DetectedAt)) {
				in.DetectedAt = a.CreatedAt
			}
		}
		if detectDefault && !in.StartedAt.IsZero() && in.StartedAt.After(in.DetectedAt) {
			in.StartedAt = in.DetectedAt
		}
	}
	team := req.TeamID
	if team == 0 && len(in.Services) > 0 {
		team = cfg.Services[in.Services[0]].TeamID
	}
	if team == 0 {
		return Record{}, rota.Invalid("team_id", "an incident belongs to a team: give team_id, a service or an alert")
	}
	if _, err := s.store.Team(ctx, team); err != nil {
		if rota.IsCode(err, rota.ENotFound) {
			return Record{}, rota.Invalid("team_id", "no team with id %d", team)
		}
		return Record{}, err
	}
	if err := check(actor, Record{TeamID: team}); err != nil {
		return Record{}, err
	}
	if err := s.checkPerson(ctx, "commander_id", in.CommanderID); err != nil {
		return Record{}, err
	}
	inc, entries, err := incident.Open(in, actor.UserID, s.now())
	if err != nil {
		return Record{}, err
	}
	add, err := number(0, plain(entries))
	if err != nil {
		return Record{}, err
	}
	rec, err := s.store.CreateIncident(ctx, Record{Incident: inc, TeamID: team}, add)
	if err != nil {
		return Record{}, err
	}
	if again, err := s.sync(ctx, rec.ID); err == nil {
		rec = again
	} else {
		s.log.Warn("incident timeline catch-up failed", "incident", rec.ID, "err", err)
	}
	return rec, nil
}

func (s *Service) checkPerson(ctx context.Context, field string, id int64) error {
	if id == 0 {
		return nil
	}
	ps, err := s.store.People(ctx, []int64{id})
	if err != nil {
		return err
	}
	if _, ok := ps[id]; !ok {
		return rota.Invalid(field, "no engineer with id %d", id)
	}
	return nil
}

// detail returns the incident's Detail after a change that succeeded.
func (s *Service) detail(ctx context.Context) func(Record, error) (Detail, error) {
	return func(r Record, err error) (Detail, error) {
		if err != nil {
			return Detail{}, err
		}
		return s.Get(ctx, r.ID)
	}
}

// Move moves the incident forward to the status, done by actor now.
func (s *Service) Move(ctx context.Context, actor authz.Actor, id int64, to incident.Status) (Detail, error) {
	return s.detail(ctx)(s.change(ctx, actor, id, func(inc incident.Incident, at time.Time) (incident.Incident, []incident.Entry, error) {
		return incident.Transition(inc, to, actor.UserID, at)
	}))
}

// AddNote writes a person's note; corrects names the Seq of an earlier
// entry it corrects (zero for none).
func (s *Service) AddNote(ctx context.Context, actor authz.Actor, id int64, text string, corrects int64) (Detail, error) {
	return s.detail(ctx)(s.change(ctx, actor, id, func(inc incident.Incident, at time.Time) (incident.Incident, []incident.Entry, error) {
		e, err := incident.Note(text, actor.UserID, at, corrects)
		if err != nil {
			return inc, nil, err
		}
		return inc, []incident.Entry{e}, nil
	}))
}

// Edit changes the incident's title, severity, commander or start.
func (s *Service) Edit(ctx context.Context, actor authz.Actor, id int64, e incident.Edit) (Detail, error) {
	if e.CommanderID != nil {
		if err := s.checkPerson(ctx, "commander_id", *e.CommanderID); err != nil {
			return Detail{}, err
		}
	}
	return s.detail(ctx)(s.change(ctx, actor, id, func(inc incident.Incident, at time.Time) (incident.Incident, []incident.Entry, error) {
		return e.Apply(inc, actor.UserID, at)
	}))
}

// Link links services and alerts by hand (alerts bring their services).
func (s *Service) Link(ctx context.Context, actor authz.Actor, id int64, services, alerts []int64) (Detail, error) {
	cfg, err := s.cfg.Get(ctx)
	if err != nil {
		return Detail{}, err
	}
	services = slices.Clone(services)
	for i, sv := range services {
		if cfg.Services[sv] == nil {
			return Detail{}, rota.Invalid(fmt.Sprintf("service_ids[%d]", i), "no service with id %d", sv)
		}
	}
	if len(alerts) > 0 {
		found, err := s.store.AlertsByID(ctx, alerts)
		if err != nil {
			return Detail{}, err
		}
		for i, id := range alerts {
			a, ok := found[id]
			if !ok {
				return Detail{}, rota.Invalid(fmt.Sprintf("alert_ids[%d]", i), "no alert with id %d", id)
			}
			if !slices.Contains(services, a.ServiceID) && cfg.Services[a.ServiceID] != nil {
				services = append(services, a.ServiceID)
			}
		}
	}
	return s.detail(ctx)(s.change(ctx, actor, id, func(inc incident.Incident, at time.Time) (incident.Incident, []incident.Entry, error) {
		return incident.AddLinks(inc, services, alerts, actor.UserID, at)
	}))
}

// Detail is an incident with everything its page shows.
type Detail struct {
	Record   Record
	Timeline []incident.Entry // display order
	// Alerts are the linked alerts, newest first (at most 500).
	Alerts []paging.Alert
	// Suspects are its services' changes of the 24 hours before the
	// start, newest first.
	Suspects []incident.Change
	Review   ReviewState
	Names    Names
}

// ReviewState is where an incident's review stands and whether it is late.
type ReviewState struct {
	Status  incident.ReviewStatus // "" when none is written yet
	Due     *time.Time            // SEV1 and SEV2 once resolved
	Overdue bool
}

// Names give names for the IDs an incident shows.
type Names struct {
	Users    map[int64]Person
	Services map[int64]string
	Teams    map[int64]string
}

// User returns the engineer's name, or "".
func (n Names) User(id int64) string { return n.Users[id].Name }

// Service returns the service's name, or "".
func (n Names) Service(id int64) string { return n.Services[id] }

// Get returns an incident with its timeline (caught up first), alerts,
// suspect changes and review state.
func (s *Service) Get(ctx context.Context, id int64) (Detail, error) {
	rec, err := s.sync(ctx, id)
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Record: rec}
	tl, err := s.store.Timeline(ctx, id)
	if err != nil {
		return Detail{}, err
	}
	d.Timeline = incident.Ordered(tl)
	if d.Alerts, err = s.store.IncidentAlerts(ctx, id, 500); err != nil {
		return Detail{}, err
	}
	if d.Suspects, err = s.suspects(ctx, rec.Incident); err != nil {
		return Detail{}, err
	}
	states, err := s.reviewStates(ctx, []Record{rec})
	if err != nil {
		return Detail{}, err
	}
	d.Review = states[rec.ID]
	users := slices.Clone(rec.Responders)
	users = append(users, rec.CommanderID, rec.OpenedBy)
	for _, e := range tl {
		users = append(users, e.ActorID, e.UserID)
	}
	if d.Names, err = s.names(ctx, users, rec.TeamID); err != nil {
		return Detail{}, err
	}
	return d, nil
}

func (s *Service) suspects(ctx context.Context, inc incident.Incident) ([]incident.Change, error) {
	if len(inc.Services) == 0 {
		return nil, nil
	}
	cs, err := s.store.Changes(ctx, inc.Services, inc.StartedAt.Add(-incident.SuspectWindow), inc.StartedAt.Add(time.Nanosecond), 500)
	if err != nil {
		return nil, err
	}
	return incident.Suspects(inc, cs), nil
}

// names looks up the engineers (zero IDs skipped), every service and the
// teams.
func (s *Service) names(ctx context.Context, users []int64, teams ...int64) (Names, error) {
	n := Names{Services: map[int64]string{}, Teams: map[int64]string{}}
	var ids []int64
	for _, id := range users {
		if id > 0 && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	var err error
	if n.Users, err = s.store.People(ctx, ids); err != nil {
		return Names{}, err
	}
	if cfg, err := s.cfg.Get(ctx); err == nil {
		for id, sv := range cfg.Services {
			n.Services[id] = sv.Name
		}
	}
	for _, t := range teams {
		if _, ok := n.Teams[t]; ok || t == 0 {
			continue
		}
		if team, err := s.store.Team(ctx, t); err == nil {
			n.Teams[t] = team.Name
		}
	}
	return n, nil
}

// Listed is an incident in a list, with its review state.
type Listed struct {
	Record
	Review ReviewState
}

// List lists incidents, newest first, with their review state and names.
func (s *Service) List(ctx context.Context, f Filter) ([]Listed, Names, error) {
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return nil, Names{}, rota.Invalid("to", "to must be after from")
	}
	limit := f.Limit
	if f.ReviewOverdue {
		f.Statuses = []incident.Status{incident.Resolved}
		f.Severities = []incident.Severity{incident.SEV1, incident.SEV2}
		f.Limit = 500
	}
	rs, err := s.store.Incidents(ctx, f)
	if err != nil {
		return nil, Names{}, err
	}
	states, err := s.reviewStates(ctx, rs)
	if err != nil {
		return nil, Names{}, err
	}
	if f.ReviewOverdue {
		rs = slices.DeleteFunc(rs, func(r Record) bool { return !states[r.ID].Overdue })
		if limit > 0 && len(rs) > limit {
			rs = rs[:limit]
		}
	}
	out := make([]Listed, len(rs))
	var users, teams []int64
	for i, r := range rs {
		out[i] = Listed{Record: r, Review: states[r.ID]}
		users = append(users, r.CommanderID, r.OpenedBy)
		users = append(users, r.Responders...)
		teams = append(teams, r.TeamID)
	}
	names, err := s.names(ctx, users, teams...)
	return out, names, err
}

// reviewStates gives each incident's review state at the service's now:
// the reminder is due for a resolved SEV1 or SEV2 without a published
// review after five business days in its team's zone.
func (s *Service) reviewStates(ctx context.Context, rs []Record) (map[int64]ReviewState, error) {
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	st, err := s.store.ReviewStatuses(ctx, ids)
	if err != nil {
		return nil, err
	}
	zones := map[int64]TeamZone{}
	now := s.now()
	out := make(map[int64]ReviewState, len(rs))
	for _, r := range rs {
		rs := ReviewState{Status: st[r.ID]}
		if (r.Severity == incident.SEV1 || r.Severity == incident.SEV2) && r.ResolvedAt != nil {
			z, ok := zones[r.TeamID]
			if !ok {
				if z, err = s.store.TeamZone(ctx, r.TeamID); err != nil {
					return nil, err
				}
				zones[r.TeamID] = z
			}
			due, ok, err := incident.ReviewDue(r.Incident, z.Zone, z.Holidays)
			if err != nil {
				return nil, err
			}
			if ok {
				rs.Due = &due
				rs.Overdue = rs.Status != incident.Published && !now.Before(due)
			}
		}
		out[r.ID] = rs
	}
	return out, nil
}

// zone returns the team's zone, its location and today's date there.
func (s *Service) zone(ctx context.Context, teamID int64) (TeamZone, *time.Location, scheduler.Date, error) {
	z := TeamZone{Zone: "UTC"}
	if teamID != 0 {
		var err error
		if z, err = s.store.TeamZone(ctx, teamID); err != nil {
			return TeamZone{}, nil, scheduler.Date{}, err
		}
	}
	loc, err := time.LoadLocation(cmp.Or(z.Zone, "UTC"))
	if err != nil || strings.EqualFold(z.Zone, "local") {
		loc = time.UTC
	}
	l := s.now().In(loc)
	return z, loc, scheduler.Date{Year: l.Year(), Month: l.Month(), Day: l.Day()}, nil
}
