package system

import (
	"context"
	"log/slog"

	"golang.org/x/time/rate"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/handoff"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/paging/twilio"
)

// handoffSchedules lists every compiled schedule for the handoff worker.
func handoffSchedules(oc *oncall.Service) func(context.Context) ([]handoff.Schedule, error) {
	return func(ctx context.Context) ([]handoff.Schedule, error) {
		all, err := oc.All(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]handoff.Schedule, 0, len(all))
		for _, r := range all {
			if r.Compiled == nil {
				continue
			}
			out = append(out, handoff.Schedule{ID: rota.ParseID(r.ID), TeamID: rota.ParseID(r.TeamID), Name: r.Name, Compiled: r.Compiled})
		}
		return out, nil
	}
}

// handoffSender sends handoff notices by SMS through Twilio, behind the
// same rate limiter as the dispatcher's SMS pages, when Twilio is
// configured and the engineer has a phone; otherwise it logs them.
type handoffSender struct {
	twilio *twilio.Client
	limit  *rate.Limiter
	log    *slog.Logger
}

func (h handoffSender) SendHandoff(ctx context.Context, n handoff.Notice) error {
	text := handoff.Text(n)
	if h.twilio == nil || n.Phone == "" {
		h.log.InfoContext(ctx, "handoff notice (not sent: no SMS provider or phone)", "user", n.UserID, "schedule", n.ScheduleName,
			"tier", n.Tier, "end", n.End, "open_alerts", n.Alerts.Count, "text", text)
		return nil
	}
	if h.limit != nil {
		if err := h.limit.Wait(ctx); err != nil {
			return err
		}
	}
	_, err := h.twilio.SendSMS(ctx, n.Phone, text, "")
	return err
}

// newHandoff builds the handoff worker of a system.
func newHandoff(s *System, o Options) *handoff.Worker {
	snd := handoffSender{twilio: o.Twilio, limit: o.Limits[paging.ChannelSMS], log: o.Logger}
	return handoff.New(s.DB, handoffSchedules(s.OnCall), snd, o.Now, o.Logger)
}
