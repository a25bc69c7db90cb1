package paging

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/scheduler"
)

// Fired is what one escalation step does to one alert; the store writes it
// in the same transaction that locked the alert.
type Fired struct {
	Pages      []Page
	Events     []Event
	Step, Loop int
	NextStepAt *time.Time
	Released   bool // the hold ended
}

// EscalationStore runs escalation transactions.
type EscalationStore interface {
	// FireDue locks up to limit triggered alerts whose next step is due at
	// at (skipping rows other processes hold), calls fire for each and
	// writes what it returns, all in one transaction. With lease > 0, pages
	// due at once are written already leased (sending) for that long, with
	// their reply codes, and returned with their ids, for this process to
	// send without claiming them. With fired non-nil (a backlog: fired
	// counts the alerts fired per service since it began), due alerts are
	// taken service by service in turn rather than oldest first: high
	// urgency first, then by round — each service's due alerts of an
	// urgency in age order, the first of a service that has had n fired in
	// round n+1 — so that a storm on one service cannot hold back another's
	// alerts. It returns how many alerts it fired.
	FireDue(ctx context.Context, at time.Time, limit int, lease time.Duration, fired map[int64]int, fire func(Alert) (Fired, error)) (int, []Page, error)
	// NextDue returns the earliest pending step time, if any.
	NextDue(ctx context.Context) (time.Time, bool, error)
	// UserNames names users, for the timeline.
	UserNames(ctx context.Context, ids []int64) (map[int64]string, error)
}

// Resolver resolves schedules freshly (oncall.Service): Fresh reads which
// revisions are current, once for all the schedules of a pass.
type Resolver interface {
	Fresh(ctx context.Context) (*oncall.Fresh, error)
}

// passSchedules are the schedules one pass of the engine looked at, resolved
// against one fresh look at their revisions.
type passSchedules struct {
	view *oncall.Fresh
	got  map[int64]*oncall.Resolved
}

// Route is one way to reach an engineer: a channel and address, after a
// delay.
type Route struct {
	Channel         Channel
	Delay           time.Duration
	Address         string
	ContactMethodID int64
}

// Notifier says how each engineer is reached.
type Notifier interface {
	Routes(ctx context.Context, userID int64, urgency Urgency) ([]Route, error)
}

// FixedNotifier reaches everyone through one channel at once.
type FixedNotifier Channel

// Routes implements Notifier.
func (f FixedNotifier) Routes(context.Context, int64, Urgency) ([]Route, error) {
	return []Route{{Channel: Channel(f)}}, nil
}

// Engine escalates alerts from state in the database. Any number of
// engines, in any number of processes, may run against one database: each
// due step is fired by exactly one of them.
type Engine struct {
	cfg      *ConfigCache
	store    EscalationStore
	resolver Resolver
	notifier Notifier
	now      func() time.Time
	log      *slog.Logger
	wake     chan struct{}
	// Dispatch is told when pages were written that Handoff did not take:
	// Wake for pages due now, and WakeAt (when it has the method) for the
	// earliest page due later.
	Dispatch Waker
	// Handoff, when set, receives pages due at once, leased for HandoffLease,
	// as messages: the dispatcher of this process sends them without
	// claiming or reading them.
	Handoff      func(msgs []Message)
	HandoffLease time.Duration
	// Poll bounds how long the engine sleeps without looking, so that work
	// another process scheduled is found even when no wake-up arrives.
	Poll  time.Duration
	Batch int
	// MinPass is the least time from one pass to the next when woken
	// right after a pass that fired one alert (n MinPass after one that
	// fired n, up to 4).
	MinPass time.Duration
	// mu makes one engine's passes take turns (RunOnce may be called from
	// several goroutines; several engines, processes, share the work
	// through the database) and guards written and backlog.
	mu sync.Mutex
	// written is the earliest next step the passes since Run last looked
	// wrote.
	written time.Time
	// backlog counts the alerts fired per service while batches come back
	// full (nil otherwise): then due alerts are fired service by service in
	// turn.
	backlog map[int64]int
}

// NewEngine returns an engine.
func NewEngine(cfg *ConfigCache, store EscalationStore, resolver Resolver, notifier Notifier, now func() time.Time, log *slog.Logger) *Engine {
	return &Engine{cfg: cfg, store: store, resolver: resolver, notifier: notifier, now: now, log: log,
		wake: make(chan struct{}, 1), Poll: 2 * time.Second, Batch: 100, HandoffLease: 15 * time.Second, MinPass: 2 * time.Millisecond}
}

// Wake makes the engine look for due work now.
func (e *Engine) Wake() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// Run escalates until ctx ends: woken at once for new alerts, by timer for
// delayed steps, and at least every Poll. While passes keep firing alerts,
// the next due step is known from the steps they wrote; the database is
// asked (NextDue) after a pass that found nothing, and at least every Poll
// for what other processes or intake scheduled later.
func (e *Engine) Run(ctx context.Context) {
	var known, asked time.Time // the next due step as last known; when the database was last asked
	for ctx.Err() == nil {
		started := time.Now()
		n, err := e.pass(ctx, e.now(), true)
		if err != nil && ctx.Err() == nil {
			e.log.Error("escalation", "err", err)
		}
		if n >= e.Batch && err == nil {
			continue // more is due
		}
		now := e.now()
		if n > 0 && !known.After(now) {
			known = time.Time{} // what was due is fired
		}
		if w := e.takeWritten(); !w.IsZero() && (known.IsZero() || w.Before(known)) {
			known = w
		}
		if n == 0 || err != nil || now.Sub(asked) >= e.Poll || now.Before(asked) {
			asked, known = now, time.Time{}
			if next, ok, err := e.store.NextDue(ctx); err == nil && ok {
				known = next
			}
		}
		wait := e.Poll
		if !known.IsZero() {
			if d := known.Sub(now); d < wait {
				wait = max(d, 0)
			}
		}
		if wait == 0 && n == 0 {
			wait = 10 * time.Millisecond // due but locked by another process
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-e.wake:
			// Alerts arriving faster than one per MinPass share a pass (and
			// a commit: the disk's flushes are what intake is short of)
			// instead of each taking its own; the more the last pass found,
			// the longer the next gathers, up to four MinPass.
			if d := e.MinPass*time.Duration(min(n, 4)) - time.Since(started); n > 0 && d > 0 {
				select {
				case <-ctx.Done():
				case <-time.After(d):
				}
			}
		case <-t.C:
		}
		t.Stop()
	}
}

// RunOnce fires every step due at at, in batches, and returns how many
// steps it fired.
func (e *Engine) RunOnce(ctx context.Context, at time.Time) (int, error) {
	return e.pass(ctx, at, false)
}

// passRefresh is how long a live pass uses one reading of the schedules
// before reading them again.
const passRefresh = time.Second

// pass fires every step due, in batches. With live (Run), each batch
// fires what is due at the clock's now rather than at the instant the pass
// began, so that an alert arriving during a backlog is due in the very
// next batch (where its service's turn puts it first) instead of after
// every alert that was due when the pass began; the schedules are then
// read again every passRefresh.
func (e *Engine) pass(ctx context.Context, at time.Time, live bool) (int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	cfg, err := e.cfg.Get(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	// Schedules are read fresh once per pass, not once per alert.
	scheds := &passSchedules{got: map[int64]*oncall.Resolved{}}
	read := at
	for first := true; ; first = false {
		if live && !first {
			at = e.now()
			if at.Sub(read) >= passRefresh || at.Before(read) {
				scheds, read = &passSchedules{got: map[int64]*oncall.Resolved{}}, at
				if cfg, err = e.cfg.Get(ctx); err != nil {
					return total, err
				}
			}
		}
		var later time.Time // the earliest page written due after at
		nowDue := 0
		again := false // a fired step made another due at once
		lease := time.Duration(0)
		if e.Handoff != nil {
			lease = e.HandoffLease
		}
		alerts := map[int64]Alert{}
		names := map[int64]string{}
		// A full batch means a backlog: then services take turns.
		n, leased, err := e.store.FireDue(ctx, at.UTC(), e.Batch, lease, e.backlog, func(a Alert) (Fired, error) {
			if e.backlog != nil {
				e.backlog[a.ServiceID]++
			}
			f, err := e.fire(ctx, cfg, scheds, names, a, at.UTC())
			alerts[a.ID] = a
			for _, p := range f.Pages {
				if p.NextAttemptAt.After(at) {
					if later.IsZero() || p.NextAttemptAt.Before(later) {
						later = p.NextAttemptAt
					}
				} else {
					nowDue++
				}
			}
			if f.NextStepAt != nil && !f.NextStepAt.After(at) {
				again = true
			}
			if f.NextStepAt != nil && (e.written.IsZero() || f.NextStepAt.Before(e.written)) {
				e.written = *f.NextStepAt
			}
			return f, err
		})
		total += n
		switch {
		case err != nil || n < e.Batch:
			e.backlog = nil
		case e.backlog == nil:
			e.backlog = map[int64]int{}
		}
		if len(leased) > 0 {
			msgs := make([]Message, len(leased))
			for i, p := range leased {
				a := alerts[p.AlertID]
				msgs[i] = Message{Page: p, Alert: a, UserName: names[p.UserID], UserPhone: p.Address}
				if svc := cfg.Services[a.ServiceID]; svc != nil {
					msgs[i].ServiceName = svc.Name
				}
			}
			e.Handoff(msgs)
		}
		if e.Dispatch != nil && err == nil {
			if nowDue > len(leased) {
				e.Dispatch.Wake()
			}
			if w, ok := e.Dispatch.(interface{ WakeAt(time.Time) }); ok && !later.IsZero() {
				w.WakeAt(later)
			}
		}
		// Go on while the batch was full or a step with nobody to page made
		// the next one due at once.
		if err != nil || (n < e.Batch && !again) {
			return total, err
		}
	}
}

// fire decides one step of one alert at at.
// It records the names of the engineers it pages in names.
func (e *Engine) fire(ctx context.Context, cfg *Config, scheds *passSchedules, names map[int64]string, a Alert, at time.Time) (Fired, error) {
	f := Fired{Step: a.Step, Loop: a.Loop}
	ev := func(kind, msg string) {
		f.Events = append(f.Events, Event{AlertID: a.ID, At: at, Kind: kind, Message: msg})
	}
	if a.HeldUntil != nil {
		f.Released = true
		ev(EvReleased, "business hours began: released")
	}
	pol := cfg.Policies[a.PolicyID]
	if pol == nil {
		if svc := cfg.Services[a.ServiceID]; svc != nil {
			pol = cfg.Policies[svc.PolicyID]
		}
	}
	if pol == nil {
		ev(EvExhausted, "the service has no escalation policy: nobody was paged")
		return f, nil
	}
	step := a.Step
	if step >= len(pol.Steps) {
		step = len(pol.Steps) - 1 // the policy shrank meanwhile
	}
	targets, notes, err := e.targets(ctx, scheds, pol.Steps[step], at)
	if err != nil {
		return Fired{}, err
	}
	for _, n := range notes {
		ev(EvNoTargets, n)
	}
	// One timeline entry per step: who was paged, and why.
	var who []string
	for _, t := range targets {
		if t.shadow {
			who = append(who, "shadow copy to "+t.name)
		} else {
			who = append(who, fmt.Sprintf("paged %s (%s)", t.name, t.via))
		}
	}
	summary := fmt.Sprintf("step %d of %s (pass %d)", step+1, pol.Name, a.Loop+1)
	if len(who) > 0 {
		summary += ": " + strings.Join(who, "; ")
	} else {
		summary += ": nobody to page"
	}
	ev(EvStep, summary)
	for _, t := range targets {
		names[t.userID] = t.name
		routes, err := e.notifier.Routes(ctx, t.userID, a.Urgency)
		if err != nil {
			return Fired{}, err
		}
		for _, r := range routes {
			f.Pages = append(f.Pages, Page{AlertID: a.ID, UserID: t.userID, Channel: r.Channel, Address: r.Address, Shadow: t.shadow, Step: step, Loop: a.Loop,
				Urgency: a.Urgency, Status: PagePending, NextAttemptAt: at.Add(r.Delay), CreatedAt: at, Via: t.via})
		}
	}
	real := 0
	for _, t := range targets {
		if !t.shadow {
			real++
		}
	}
	next, loop, wait, ok := pol.NextAfter(step, a.Loop, a.Urgency)
	if ok && real == 0 {
		wait = 0 // nobody to wait for: escalate at once
	}
	if ok {
		t := at.Add(wait)
		f.Step, f.Loop, f.NextStepAt = next, loop, &t
	} else {
		f.Step, f.Loop = step+1, a.Loop
		if a.Urgency == Low {
			ev(EvExhausted, "low urgency: pages once, never escalates")
		} else {
			ev(EvExhausted, "the escalation policy is exhausted")
		}
	}
	return f, nil
}

type target struct {
	userID int64
	name   string
	shadow bool
	via    string
}

// targets resolves a step's targets at at; a primary tier brings its
// shadow along. Engineers are paged once per step even if named twice.
func (e *Engine) targets(ctx context.Context, scheds *passSchedules, s Step, at time.Time) ([]target, []string, error) {
	var out []target
	var notes []string
	seen := map[int64]bool{}
	add := func(t target) {
		if seen[t.userID] {
			return
		}
		seen[t.userID] = true
		out = append(out, t)
	}
	var shadows []target
	var direct []int64
	for _, t := range s.Targets {
		if t.UserID != 0 {
			direct = append(direct, t.UserID)
		}
	}
	names := map[int64]string{}
	if len(direct) > 0 {
		var err error
		if names, err = e.store.UserNames(ctx, direct); err != nil {
			return nil, nil, err
		}
	}
	for _, t := range s.Targets {
		if t.UserID != 0 {
			add(target{userID: t.UserID, name: nameOr(names[t.UserID], t.UserID), via: "named in the policy"})
			continue
		}
		r := scheds.got[t.ScheduleID]
		if r == nil {
			var err error
			if scheds.view == nil {
				if scheds.view, err = e.resolver.Fresh(ctx); err != nil {
					return nil, nil, err
				}
			}
			r, err = scheds.view.Schedule(ctx, t.ScheduleID)
			if rota.IsCode(err, rota.ENotFound) {
				notes = append(notes, fmt.Sprintf("schedule %d no longer exists", t.ScheduleID))
				continue
			}
			if err != nil {
				return nil, nil, err
			}
			scheds.got[t.ScheduleID] = r
		}
		via := fmt.Sprintf("schedule %s %s", r.Name, t.Tier)
		sh, ok := r.Compiled.OnCallTier(t.Tier, at)
		if !ok {
			notes = append(notes, "nobody is on call for "+via)
		} else {
			m, _ := r.Compiled.Member(sh.EngineerID)
			add(target{userID: rota.ParseID(sh.EngineerID), name: nameOr(m.Name, rota.ParseID(sh.EngineerID)), via: via})
		}
		if t.Tier == scheduler.TierPrimary {
			if sh, ok := r.Compiled.OnCallTier(scheduler.TierShadow, at); ok {
				m, _ := r.Compiled.Member(sh.EngineerID)
				shadows = append(shadows, target{userID: rota.ParseID(sh.EngineerID), name: nameOr(m.Name, rota.ParseID(sh.EngineerID)), shadow: true, via: fmt.Sprintf("schedule %s shadow", r.Name)})
			}
		}
	}
	for _, s := range shadows {
		add(s) // after the real targets, so a shadow also named for real pages for real
	}
	sort.SliceStable(out, func(i, j int) bool { return !out[i].shadow && out[j].shadow })
	return out, notes, nil
}

func nameOr(name string, id int64) string {
	if name != "" {
		return name
	}
	return fmt.Sprintf("user %d", id)
}

// takeWritten returns the earliest next step the passes wrote since the
// last call, and forgets it.
func (e *Engine) takeWritten() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	w := e.written
	e.written = time.Time{}
	return w
}
