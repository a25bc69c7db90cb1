package handoff

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

// Schedule is one team's compiled schedule.
type Schedule struct {
	ID       int64
	TeamID   int64
	Name     string
	Compiled *scheduler.Compiled
}

// Claim names one notice: the engineer starting a shift of a tier.
type Claim struct {
	ScheduleID int64
	Tier       scheduler.Tier
	UserID     int64
	Start      time.Time
}

// Recipient is what the worker needs to know of the incoming engineer.
type Recipient struct {
	Enabled bool   // the engineer has handoff notices on
	Phone   string // E.164, "" when none
	Zone    string // IANA zone, "" for the schedule's
}

// OpenAlerts are the team's open alerts handed over.
type OpenAlerts struct {
	Count     int
	Summaries []string // the first few, newest first
}

// Store is the storage the worker needs; every method must be safe to call
// from several processes at once.
type Store interface {
	// HandoffRecipient returns the engineer's setting, phone and zone;
	// found is false for an engineer who no longer exists.
	HandoffRecipient(ctx context.Context, userID int64) (r Recipient, found bool, err error)
	// ClaimHandoff inserts the notice's row at at and reports whether this
	// call inserted it (false: another run already has).
	ClaimHandoff(ctx context.Context, c Claim, at time.Time) (bool, error)
	// TeamOpenAlerts counts the team's open (triggered or acknowledged)
	// alerts and returns the summaries of up to limit of them.
	TeamOpenAlerts(ctx context.Context, teamID int64, limit int) (OpenAlerts, error)
}

// Notice is one handoff notice, ready to send.
type Notice struct {
	Claim
	ScheduleName string
	TeamID       int64
	End          time.Time
	Zone         *time.Location
	Phone        string
	Alerts       OpenAlerts
}

// Sender delivers a notice: by SMS when Twilio is configured, else to
// the log.
type Sender interface {
	SendHandoff(ctx context.Context, n Notice) error
}

// Worker finds handoffs and sends their notices.
type Worker struct {
	store     Store
	schedules func(context.Context) ([]Schedule, error)
	send      Sender
	now       func() time.Time
	log       *slog.Logger
	// Window is how far back a shift start still gets its notice: a run
	// missed (a restart, a slow minute) is made up within it.
	Window time.Duration
	// Horizon is how far ahead the end of a shift is looked for.
	Horizon time.Duration
	// Summaries is how many alert summaries a notice names.
	Summaries int
	// Every is how often Run works.
	Every time.Duration
}

// New returns a worker; schedules lists every schedule, compiled.
func New(store Store, schedules func(context.Context) ([]Schedule, error), send Sender, now func() time.Time, log *slog.Logger) *Worker {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Worker{store: store, schedules: schedules, send: send, now: now, log: log,
		Window: 10 * time.Minute, Horizon: 35 * 24 * time.Hour, Summaries: 3, Every: time.Minute}
}

// Tiers are the tiers that get handoff notices (shadows learn, they are
// not handed anything).
var Tiers = []scheduler.Tier{scheduler.TierPrimary, scheduler.TierSecondary}

// Due returns the handoffs of s that started in (at-window, at]: shifts
// whose engineer differs from the one on call just before, with the end of
// the incoming engineer's stretch (following shifts of the same engineer
// joined).
func Due(s Schedule, at time.Time, window, horizon time.Duration) []Notice {
	if s.Compiled == nil {
		return nil
	}
	// Look back a little further than the window, so that a shift that
	// really starts at the window's edge is not mistaken for one clipped.
	from := at.Add(-window - time.Hour)
	var out []Notice
	for _, tier := range Tiers {
		shifts := s.Compiled.TierShifts(tier, from, at.Add(horizon))
		for i, sh := range shifts {
			if !sh.Start.After(at.Add(-window)) || sh.Start.After(at) {
				continue
			}
			if i > 0 && shifts[i-1].End.Equal(sh.Start) && shifts[i-1].EngineerID == sh.EngineerID {
				continue // the same engineer carries on
			}
			uid, err := strconv.ParseInt(sh.EngineerID, 10, 64)
			if err != nil {
				continue
			}
			end := sh.End
			for j := i + 1; j < len(shifts) && shifts[j].Start.Equal(end) && shifts[j].EngineerID == sh.EngineerID; j++ {
				end = shifts[j].End
			}
			out = append(out, Notice{
				Claim:        Claim{ScheduleID: s.ID, Tier: tier, UserID: uid, Start: sh.Start},
				ScheduleName: s.Name, TeamID: s.TeamID, End: end, Zone: s.Compiled.Location(),
			})
		}
	}
	return out
}

// Result says what one RunOnce did.
type Result struct {
	Sent, Off, Failed int
}

// RunOnce sends the notices of the handoffs that started in the Window up
// to at. A notice is claimed before it is sent; a send that fails is
// logged and not retried, so nobody gets a notice twice.
func (w *Worker) RunOnce(ctx context.Context, at time.Time) (Result, error) {
	var r Result
	all, err := w.schedules(ctx)
	if err != nil {
		return r, fmt.Errorf("schedules: %w", err)
	}
	var errs []error
	for _, s := range all {
		for _, n := range Due(s, at, w.Window, w.Horizon) {
			if ctx.Err() != nil {
				return r, ctx.Err()
			}
			sent, err := w.notify(ctx, n, at)
			switch {
			case err != nil:
				r.Failed++
				errs = append(errs, err)
			case sent:
				r.Sent++
			default:
				r.Off++
			}
		}
	}
	return r, errors.Join(errs...)
}

// notify claims and sends one notice; sent is false when the engineer
// turned notices off or another run has claimed it.
func (w *Worker) notify(ctx context.Context, n Notice, at time.Time) (sent bool, err error) {
	rc, found, err := w.store.HandoffRecipient(ctx, n.UserID)
	if err != nil || !found || !rc.Enabled {
		return false, err
	}
	ok, err := w.store.ClaimHandoff(ctx, n.Claim, at)
	if err != nil || !ok {
		return false, err
	}
	if rc.Zone != "" {
		if loc, err := time.LoadLocation(rc.Zone); err == nil {
			n.Zone = loc
		}
	}
	n.Phone = rc.Phone
	if n.Alerts, err = w.store.TeamOpenAlerts(ctx, n.TeamID, w.Summaries); err != nil {
		w.log.Warn("handoff: open alerts", "team", n.TeamID, "err", err) // the notice goes without them
	}
	if err := w.send.SendHandoff(ctx, n); err != nil {
		return false, fmt.Errorf("handoff notice to user %d: %w", n.UserID, err)
	}
	return true, nil
}

// Run works at once and then every Every until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	ticker := time.NewTicker(w.Every)
	defer ticker.Stop()
	for {
		r, err := w.RunOnce(ctx, w.now())
		if err != nil && ctx.Err() == nil {
			w.log.Error("handoff notices", "err", err)
		}
		if r.Sent > 0 || r.Failed > 0 {
			w.log.Info("handoff notices", "sent", r.Sent, "failed", r.Failed)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// Text is the notice as one SMS or log line.
func Text(n Notice) string {
	loc := n.Zone
	if loc == nil {
		loc = time.UTC
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Rota: you are now %s on call for %s until %s.", n.Tier, n.ScheduleName, n.End.In(loc).Format("Mon 2 Jan 15:04 MST"))
	switch n.Alerts.Count {
	case 0:
		b.WriteString(" No open alerts handed over.")
	case 1:
		b.WriteString(" 1 open alert handed over")
	default:
		fmt.Fprintf(&b, " %d open alerts handed over", n.Alerts.Count)
	}
	if n.Alerts.Count > 0 {
		if len(n.Alerts.Summaries) > 0 {
			b.WriteString(": ")
			b.WriteString(strings.Join(n.Alerts.Summaries, "; "))
			if n.Alerts.Count > len(n.Alerts.Summaries) {
				fmt.Fprintf(&b, "; and %d more", n.Alerts.Count-len(n.Alerts.Summaries))
			}
		}
		b.WriteString(".")
	}
	return b.String()
}
