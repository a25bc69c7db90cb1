package pdsync

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/pagerduty"
	"github.com/rotaoncall/rota/scheduler"
)

// Resolver resolves a schedule's on-call (oncall.Service).
type Resolver interface {
	FreshSchedule(ctx context.Context, id int64) (*oncall.Resolved, error)
}

// MirrorTarget is a Rota schedule's tier that a PagerDuty schedule
// follows. Schedule is TEAM/NAME; ScheduleID, when set, names it instead.
type MirrorTarget struct {
	Schedule          string
	ScheduleID        int64
	Tier              scheduler.Tier
	PagerDutySchedule string
}

func (t MirrorTarget) String() string {
	s := t.Schedule
	if t.Tier != "" && t.Tier != scheduler.TierPrimary {
		s += "@" + string(t.Tier)
	}
	return s + "=" + t.PagerDutySchedule
}

// ParseMirrors reads ROTA_PAGERDUTY_MIRROR: comma-separated
// TEAM/SCHEDULE[@TIER]=PAGERDUTY_SCHEDULE_ID (the tier primary unless
// given).
func ParseMirrors(s string) ([]MirrorTarget, error) {
	var out []MirrorTarget
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		left, pdID, ok := strings.Cut(part, "=")
		left, pdID = strings.TrimSpace(left), strings.TrimSpace(pdID)
		if !ok || pdID == "" || strings.ContainsAny(pdID, " /=") {
			return nil, fmt.Errorf("%q: want TEAM/SCHEDULE=PAGERDUTY_SCHEDULE_ID", part)
		}
		tier := scheduler.TierPrimary
		if name, t, ok := strings.Cut(left, "@"); ok {
			left, tier = name, scheduler.Tier(t)
			if tier != scheduler.TierPrimary && tier != scheduler.TierSecondary {
				return nil, fmt.Errorf("%q: the tier must be primary or secondary, not %q", part, t)
			}
		}
		team, name, ok := strings.Cut(left, "/")
		if !ok || team == "" || name == "" {
			return nil, fmt.Errorf("%q: name the Rota schedule as TEAM/SCHEDULE", part)
		}
		if seen[pdID] {
			return nil, fmt.Errorf("%q: PagerDuty schedule %s follows two Rota schedules", part, pdID)
		}
		seen[pdID] = true
		out = append(out, MirrorTarget{Schedule: left, Tier: tier, PagerDutySchedule: pdID})
	}
	return out, nil
}

// MirrorOptions control a mirror run.
type MirrorOptions struct {
	// At is the window's start; the clock's minute when zero.
	At time.Time
	// Weeks ahead to mirror; 0 is 4.
	Weeks  int
	DryRun bool
}

// MirrorResult is what a mirror run did (or, in a dry run, would do).
type MirrorResult struct {
	Target       MirrorTarget
	ScheduleName string // TEAM/NAME
	DryRun       bool
	Status       string
	Error        string
	From, To     time.Time
	// Lines say each override deleted (-) or created (+) and each shift
	// left to PagerDuty's layers (!).
	Lines                  []string
	Created, Deleted, Kept int
}

// Mirror makes t's PagerDuty schedule follow Rota's on-call for the
// tier over the next weeks, writing overrides only where they differ.
// Real runs are recorded.
func (s *Service) Mirror(ctx context.Context, t MirrorTarget, opts MirrorOptions) (*MirrorResult, error) {
	res, err := s.mirror(ctx, t, opts)
	if res == nil {
		return nil, err
	}
	if err != nil {
		res.Status, res.Error = StatusFailed, rota.ErrorMessage(err)
		if rota.ErrorCode(err) == rota.EInternal {
			res.Error = err.Error()
		}
	} else {
		res.Status = StatusOK
	}
	if !opts.DryRun {
		raw, jerr := json.Marshal(res)
		if jerr == nil {
			_, jerr = s.store.SaveSync(ctx, Sync{Kind: SyncMirror, Status: res.Status, StartedAt: res.From, FinishedAt: s.now().UTC(), Result: raw}, keepSyncs)
		}
		if jerr != nil {
			s.log.Error("pagerduty mirror: recording the run", "err", jerr)
		}
	}
	return res, err
}

func (s *Service) mirror(ctx context.Context, t MirrorTarget, opts MirrorOptions) (*MirrorResult, error) {
	if s.resolver == nil {
		return nil, fmt.Errorf("pdsync: no schedule resolver")
	}
	weeks := opts.Weeks
	if weeks == 0 {
		weeks = 4
	}
	if weeks < 1 || weeks > MaxWeeks {
		return nil, rota.Invalid("weeks", "weeks must be 1 to %d, not %d", MaxWeeks, weeks)
	}
	tier := t.Tier
	if tier == "" {
		tier = scheduler.TierPrimary
	}
	if tier != scheduler.TierPrimary && tier != scheduler.TierSecondary {
		return nil, rota.Invalid("tier", "the tier must be primary or secondary, not %q", tier)
	}
	from := opts.At
	if from.IsZero() {
		from = s.now()
	}
	from = from.UTC().Truncate(time.Minute)
	to := from.Add(time.Duration(weeks) * 7 * 24 * time.Hour)
	res := &MirrorResult{Target: t, ScheduleName: t.Schedule, DryRun: opts.DryRun, From: from, To: to}
	id := t.ScheduleID
	if id == 0 {
		team, name, _ := strings.Cut(t.Schedule, "/")
		tm, err := s.store.TeamByName(ctx, team)
		if err != nil {
			return res, fmt.Errorf("schedule %s: %w", t.Schedule, err)
		}
		sc, err := s.store.ScheduleByName(ctx, tm.ID, name)
		if err != nil {
			return res, fmt.Errorf("schedule %s: %w", t.Schedule, err)
		}
		id = rota.ParseID(sc.ID)
	}
	r, err := s.resolver.FreshSchedule(ctx, id)
	if err != nil {
		return res, err
	}
	client, err := s.Client(ctx)
	if err != nil {
		return res, err
	}
	users, err := client.Users(ctx)
	if err != nil {
		return res, refusal(err)
	}
	byEmail := pagerduty.UserIDsByEmail(users)
	emails := map[string]string{}
	in := pagerduty.MirrorInput{From: from, To: to, Shifts: r.Compiled.TierShifts(tier, from, to)}
	in.UserID = func(engineerID string) (string, bool) {
		e, ok := emails[engineerID]
		if !ok {
			if u, err := s.store.User(ctx, rota.ParseID(engineerID)); err == nil {
				e = u.Email
			}
			emails[engineerID] = e
		}
		pid, ok := byEmail[rota.NormalizeEmail(e)]
		return pid, ok
	}
	existing, err := client.Overrides(ctx, t.PagerDutySchedule, from, to)
	if err != nil {
		return res, refusal(err)
	}
	in.Existing = existing
	plan, err := pagerduty.PlanMirror(in)
	if err != nil {
		return res, err
	}
	rfc := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	for _, o := range plan.Delete {
		res.Lines = append(res.Lines, fmt.Sprintf("- override %s %s–%s", o.User.Summary, o.Start, o.End))
	}
	for _, w := range plan.Create {
		res.Lines = append(res.Lines, fmt.Sprintf("+ override %s %s–%s", w.UserID, rfc(w.Start), rfc(w.End)))
	}
	for _, sh := range plan.Unmapped {
		who := sh.EngineerID
		if e := emails[sh.EngineerID]; e != "" {
			who = e
		}
		res.Lines = append(res.Lines, fmt.Sprintf("! %s has no PagerDuty user: PagerDuty's layers decide %s–%s", who, rfc(sh.Start), rfc(sh.End)))
	}
	res.Kept = plan.Kept
	if opts.DryRun {
		res.Created, res.Deleted = len(plan.Create), len(plan.Delete)
		return res, nil
	}
	if err := client.ApplyMirror(ctx, t.PagerDutySchedule, plan); err != nil {
		return res, refusal(err)
	}
	res.Created, res.Deleted = len(plan.Create), len(plan.Delete)
	return res, nil
}

// LastMirror returns the most recent recorded mirror run, nil when none.
func (s *Service) LastMirror(ctx context.Context) (*MirrorResult, error) {
	row, err := s.store.LastSync(ctx, SyncMirror, true)
	if rota.IsCode(err, rota.ENotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var r MirrorResult
	if err := json.Unmarshal(row.Result, &r); err != nil {
		return nil, fmt.Errorf("pagerduty sync %d: %w", row.ID, err)
	}
	r.Status = row.Status
	return &r, nil
}

// Mirrors runs mirror targets periodically (rota serve).
type Mirrors struct {
	svc     *Service
	targets []MirrorTarget
	every   time.Duration
	now     func() time.Time
}

// DefaultMirrorEvery is how often rota serve mirrors.
const DefaultMirrorEvery = 5 * time.Minute

// NewMirrors returns the periodic mirror of targets.
func (s *Service) NewMirrors(targets []MirrorTarget, every time.Duration) *Mirrors {
	if every <= 0 {
		every = DefaultMirrorEvery
	}
	return &Mirrors{svc: s, targets: targets, every: every, now: s.now}
}

// RunOnce mirrors every target for the window starting at at; a failed
// target is logged and does not stop the others. It returns how many
// failed.
func (m *Mirrors) RunOnce(ctx context.Context, at time.Time) int {
	failed := 0
	for _, t := range m.targets {
		res, err := m.svc.Mirror(ctx, t, MirrorOptions{At: at})
		if err != nil {
			failed++
			m.svc.log.Warn("pagerduty mirror failed", "target", t.String(), "err", err)
			continue
		}
		if res.Created+res.Deleted > 0 {
			m.svc.log.Info("pagerduty mirror", "target", t.String(), "created", res.Created, "deleted", res.Deleted, "kept", res.Kept)
		}
	}
	return failed
}

// Run mirrors at once and then every period until ctx ends.
func (m *Mirrors) Run(ctx context.Context) {
	ticker := time.NewTicker(m.every)
	defer ticker.Stop()
	for {
		m.RunOnce(ctx, m.now())
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}
