package incidents

import (
	"context"
	"slices"
	"time"

	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/paging"
)

// IntakeCommitted implements paging.IntakeObserver: each new alert of a
// service in auto mode opens an incident or joins the open one
// (incident.OnAlert), all in one transaction for the batch; a monitor's
// acknowledgement of a linked alert acknowledges a triggered incident.
// Errors are logged: the alerts are stored whatever happens here.
func (s *Service) IntakeCommitted(ctx context.Context, at time.Time, items []paging.Ingest, results []paging.IngestResult) {
	var news []incident.Alert
	var acked []int64
	var cfg *paging.Config
	for i, r := range results {
		if i >= len(items) || r.AlertID == 0 {
			continue
		}
		switch r.Outcome {
		case paging.Created:
			if cfg == nil {
				var err error
				if cfg, err = s.cfg.Get(ctx); err != nil {
					s.log.Error("incidents: paging configuration", "err", err)
					return
				}
			}
			it := items[i]
			if sc := cfg.Services[it.ServiceID]; sc == nil || sc.Incidents != incident.Auto {
				continue
			}
			news = append(news, incident.Alert{ID: r.AlertID, ServiceID: it.ServiceID, Urgency: string(it.Urgency), Severity: string(it.Severity),
				Summary: it.Summary, CreatedAt: at, Suppressed: it.Suppressed})
		case paging.AckedOutcome:
			acked = append(acked, r.AlertID)
		}
	}
	if len(news) > 0 {
		if err := s.alertsCreated(ctx, cfg, news); err != nil {
			s.log.Error("incidents: opening incidents for new alerts failed", "alerts", len(news), "err", err)
		}
	}
	for _, id := range acked {
		s.alertAcknowledged(ctx, id, 0)
	}
}

// AlertsCreated decides over alerts created elsewhere than intake (the
// demo's history, imports) as intake's observer would.
func (s *Service) AlertsCreated(ctx context.Context, alerts []incident.Alert) error {
	cfg, err := s.cfg.Get(ctx)
	if err != nil {
		return err
	}
	var auto []incident.Alert
	for _, a := range alerts {
		if sc := cfg.Services[a.ServiceID]; sc != nil && sc.Incidents == incident.Auto {
			auto = append(auto, a)
		}
	}
	return s.alertsCreated(ctx, cfg, auto)
}

func (s *Service) alertsCreated(ctx context.Context, cfg *paging.Config, news []incident.Alert) error {
	opened, err := s.store.AlertsCreated(ctx, news, func(a incident.Alert, open []Record) (AlertDecision, error) {
		incs := make([]incident.Incident, len(open))
		for i, r := range open {
			incs[i] = r.Incident
		}
		d := incident.OnAlert(incident.Auto, a, incs)
		out := AlertDecision{Action: d.Action, IncidentID: d.IncidentID}
		entries := plain(d.Entries)
		for i := range entries {
			if entries[i].Kind == incident.KindAlertTriggered {
				entries[i].Source = Source{SourceAlert, a.ID}
			}
		}
		var last int64
		switch d.Action {
		case incident.OpenNew:
			team := int64(0)
			if sc := cfg.Services[a.ServiceID]; sc != nil {
				team = sc.TeamID
			}
			out.Record = Record{Incident: d.Incident, TeamID: team}
		case incident.LinkTo:
			i := slices.IndexFunc(open, func(r Record) bool { return r.ID == d.IncidentID })
			if i < 0 {
				return AlertDecision{Action: incident.NoAction}, nil
			}
			last = open[i].LastSeq
		default:
			return out, nil
		}
		var err error
		out.Entries, err = number(last, entries)
		return out, err
	})
	if err != nil {
		return err
	}
	for _, id := range opened {
		if _, err := s.sync(ctx, id); err != nil {
			s.log.Warn("incident timeline catch-up failed", "incident", id, "err", err)
		}
	}
	return nil
}

// AlertActed implements paging.AlertObserver: an acknowledgement (not a
// shadow's) of a linked alert acknowledges a triggered incident; any
// action brings the linked incidents' timelines up to date.
func (s *Service) AlertActed(ctx context.Context, a paging.Alert, action paging.AlertAction, actor int64, o paging.ActOutcome) {
	if action == paging.AlertAck && !o.ShadowAck && a.Status == paging.Acknowledged {
		s.alertAcknowledged(ctx, a.ID, actor)
		return
	}
	ids, err := s.store.OpenIncidentsOfAlert(ctx, a.ID)
	if err != nil {
		s.log.Error("incidents of an alert", "alert", a.ID, "err", err)
		return
	}
	for _, id := range ids {
		if _, err := s.sync(ctx, id); err != nil {
			s.log.Warn("incident timeline catch-up failed", "incident", id, "err", err)
		}
	}
}

// alertAcknowledged applies incident.OnAlertAcknowledged to each open
// incident linking the alert. The acknowledgement's own entry comes from
// the alert's event, copied with the rest of what the timeline lacks.
func (s *Service) alertAcknowledged(ctx context.Context, alertID, actor int64) {
	ids, err := s.store.OpenIncidentsOfAlert(ctx, alertID)
	if err != nil {
		s.log.Error("incidents of an alert", "alert", alertID, "err", err)
		return
	}
	at := s.now()
	for _, id := range ids {
		_, err := s.store.ChangeIncident(ctx, id, func(f Facts) (Record, []Entry, error) {
			pre := catchUp(f)
			next, entries, err := incident.OnAlertAcknowledged(f.Record.Incident, alertID, actor, at)
			if err != nil {
				return Record{}, nil, err
			}
			copied := slices.ContainsFunc(pre, func(e Entry) bool {
				return e.Kind == incident.KindAcknowledged && e.AlertID == alertID && e.ActorID == actor
			})
			if copied && len(entries) > 0 && entries[0].Kind == incident.KindAcknowledged {
				entries = entries[1:]
			}
			add, err := number(f.Record.LastSeq, append(pre, plain(entries)...))
			if err != nil {
				return Record{}, nil, err
			}
			r := f.Record
			r.Incident = next
			return r, add, nil
		})
		if err != nil {
			s.log.Error("incidents: acknowledging an incident with its alert failed", "incident", id, "alert", alertID, "err", err)
		}
	}
}
