package incidents

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/load/loadsvc"
)

// MaxDeliveryPeriod bounds a delivery report, so that one request cannot
// stream years of changes.
const MaxDeliveryPeriod = 400 * 24 * time.Hour

// DeliveryQuery asks for the delivery metrics of a team, a service, or
// the whole organisation (both zero) over a period.
type DeliveryQuery struct {
	TeamID    int64
	ServiceID int64
	Period    incident.Period
}

// ServiceFigures are one service's delivery metrics.
type ServiceFigures struct {
	ID, TeamID int64
	Name       string
	incident.Figures
}

// WeekFigures are the metrics of one calendar week of the team's zone.
type WeekFigures struct {
	incident.Period
	incident.Figures
}

// PageLoad is the page load of a team's engineers over the period, the
// figures of the Load page (LoadSource): the team's members, Rota's own
// pages and imported history alike, interruptions coalesced and banded in
// each engineer's zone.
type PageLoad struct {
	Pages, ShadowPages int
	Interruptions      incident.Interruptions
	Engineers          []incident.Responder
}

// DeliveryReport is the delivery dashboard's data.
type DeliveryReport struct {
	Query    DeliveryQuery
	Zone     string
	Total    incident.Figures
	Services []ServiceFigures
	Weeks    []WeekFigures
	// Load is the owning team's page load; nil for the whole organisation.
	Load  *PageLoad
	Names Names
}

// Delivery computes the delivery metrics the dashboard shows: per service
// of the team (or the one service, or every service), their total, the
// weekly trend in the team's zone and the team's page load.
func (s *Service) Delivery(ctx context.Context, q DeliveryQuery) (DeliveryReport, error) {
	p := q.Period
	if err := p.Validate(); err != nil {
		return DeliveryReport{}, err
	}
	if p.To.Sub(p.From) > MaxDeliveryPeriod {
		return DeliveryReport{}, rota.Invalid("to", "a report covers at most %d days", int(MaxDeliveryPeriod/(24*time.Hour)))
	}
	cfg, err := s.cfg.Get(ctx)
	if err != nil {
		return DeliveryReport{}, err
	}
	team := q.TeamID
	if team != 0 {
		if _, err := s.store.Team(ctx, team); err != nil {
			if rota.IsCode(err, rota.ENotFound) {
				return DeliveryReport{}, rota.Invalid("team", "no team with id %d", team)
			}
			return DeliveryReport{}, err
		}
	}
	if q.ServiceID != 0 {
		sc := cfg.Services[q.ServiceID]
		switch {
		case sc == nil:
			return DeliveryReport{}, rota.Invalid("service", "no service with id %d", q.ServiceID)
		case team != 0 && sc.TeamID != team:
			return DeliveryReport{}, rota.Invalid("service", "service %s is not the team's", sc.Name)
		}
		team = sc.TeamID
	}
	var ids []int64
	for id, sc := range cfg.Services {
		if (q.ServiceID == 0 || id == q.ServiceID) && (team == 0 || sc.TeamID == team) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	z, _, today, err := s.zone(ctx, team)
	if err != nil {
		return DeliveryReport{}, err
	}
	rep := DeliveryReport{Query: q, Zone: z.Zone}
	if rep.Zone == "" {
		rep.Zone = "UTC"
	}
	var incs []incident.Incident
	if len(ids) > 0 {
		rs, err := s.store.IncidentsStarted(ctx, ids, p.From, p.To.Add(incident.SuspectWindow))
		if err != nil {
			return DeliveryReport{}, err
		}
		for _, r := range rs {
			incs = append(incs, r.Incident)
		}
	}
	d, err := incident.NewDelivery(p, incs)
	if err != nil {
		return DeliveryReport{}, err
	}
	trend, err := incident.NewTrend(p, rep.Zone, incs)
	if err != nil {
		return DeliveryReport{}, err
	}
	if len(ids) > 0 {
		err = s.store.EachChange(ctx, ids, p.From, p.To, func(c incident.Change) error {
			d.AddChange(c)
			trend.AddChange(c)
			return nil
		})
		if err != nil {
			return DeliveryReport{}, err
		}
		err = s.store.EachPendingActionItem(ctx, func(a incident.ActionItem, services []int64) error {
			d.AddActionItem(a, services, today)
			return nil
		})
		if err != nil {
			return DeliveryReport{}, err
		}
	}
	rep.Total = d.Services(ids...)
	for _, id := range ids {
		sc := cfg.Services[id]
		rep.Services = append(rep.Services, ServiceFigures{ID: id, TeamID: sc.TeamID, Name: sc.Name, Figures: d.Service(id)})
	}
	for _, w := range trend.Weeks() {
		rep.Weeks = append(rep.Weeks, WeekFigures{Period: w.Period(), Figures: w.Services(ids...)})
	}
	if team != 0 {
		load, err := s.teamLoad(ctx, team, p)
		if err != nil {
			return DeliveryReport{}, err
		}
		users := make([]int64, len(load.Engineers))
		for i, r := range load.Engineers {
			users[i] = r.UserID
		}
		names, err := s.names(ctx, users, team)
		if err != nil {
			return DeliveryReport{}, err
		}
		rep.Load, rep.Names = load, names
	} else {
		var teams []int64
		for _, sf := range rep.Services {
			teams = append(teams, sf.TeamID)
		}
		if rep.Names, err = s.names(ctx, nil, teams...); err != nil {
			return DeliveryReport{}, err
		}
	}
	return rep, nil
}

// LoadSource computes page load as the Load page does (loadsvc.Service).
type LoadSource interface {
	Report(ctx context.Context, q loadsvc.Query) ([]loadsvc.TeamLoad, error)
}

// teamLoad is the team's page load over p from the load service, the
// engineers who were paged (or shadowed) first.
func (s *Service) teamLoad(ctx context.Context, team int64, p incident.Period) (*PageLoad, error) {
	if s.load == nil {
		return nil, fmt.Errorf("delivery: no page-load source")
	}
	tls, err := s.load.Report(ctx, loadsvc.Query{TeamID: team, From: p.From, To: p.To})
	if err != nil {
		return nil, err
	}
	pl := &PageLoad{Engineers: []incident.Responder{}}
	for _, tl := range tls {
		t := tl.Report.Totals
		pl.Pages += t.Pages
		pl.ShadowPages += t.Shadow.Pages
		pl.Interruptions = incident.Interruptions{Total: pl.Interruptions.Total + t.Interruptions.Total, Business: pl.Interruptions.Business + t.Interruptions.Business,
			OffHours: pl.Interruptions.OffHours + t.Interruptions.OffHours, Sleep: pl.Interruptions.Sleep + t.Interruptions.Sleep}
		for _, e := range tl.Report.Engineers {
			if e.Pages == 0 && e.Shadow.Pages == 0 {
				continue
			}
			r := incident.Responder{UserID: rota.ParseID(e.ID), Pages: e.Pages, ShadowPages: e.Shadow.Pages,
				Interruptions: incident.Interruptions{Total: e.Interruptions.Total, Business: e.Interruptions.Business,
					OffHours: e.Interruptions.OffHours, Sleep: e.Interruptions.Sleep}}
			pl.Engineers = append(pl.Engineers, r)
		}
	}
	slices.SortStableFunc(pl.Engineers, func(a, b incident.Responder) int { return cmp.Compare(b.Pages+b.ShadowPages, a.Pages+a.ShadowPages) })
	return pl, nil
}
