package paging_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// clock is a settable, goroutine-safe clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time)     { c.mu.Lock(); c.t = t.UTC(); c.mu.Unlock() }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// world is a team "payments" with Olga (ops, primary 24×7), Dan (dev,
// secondary), Nia (dev, shadow) and Sam (the manager named in step 3), a
// schedule, a three-step policy repeated once, and a service with an
// integration key.
type world struct {
	t                   *testing.T
	db                  *store.DB
	clock               *clock
	ctx                 context.Context
	olga, dan, nia, sam int64
	schedule            int64
	policy              paging.Policy
	service             paging.Service
	key                 string
	cfg                 *paging.ConfigCache
	oncall              *oncall.Service
	engine              *paging.Engine
	intake              *paging.Intake
	log                 *slog.Logger
}

// Monday 2026-11-23 10:00 Berlin.
var monday = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func newWorld(t *testing.T, d store.Dialect) *world {
	t.Helper()
	w := &world{t: t, clock: &clock{t: monday}, ctx: context.Background(), log: slog.New(slog.DiscardHandler)}
	w.db = storetest.Open(t, d, storetest.Options{Now: w.clock.Now})
	team, err := w.db.CreateTeam(w.ctx, rota.Team{Name: "payments"})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(email string, disc rota.Discipline) int64 {
		u, err := w.db.CreateUser(w.ctx, rota.User{Email: email, Name: email[:3], Discipline: disc, TimeZone: "Europe/Berlin"}, "")
		if err != nil {
			t.Fatal(err)
		}
		w.db.SetMember(w.ctx, team.ID, u.ID, rota.TeamMember)
		return u.ID
	}
	w.olga, w.dan, w.nia, w.sam = mk("olga@example.com", rota.Ops), mk("dan@example.com", rota.Dev), mk("nia@example.com", rota.Dev), mk("sam@example.com", rota.Ops)
	start := scheduler.LocalDateTime{Date: scheduler.Date{Year: 2026, Month: 11, Day: 2}, Hour: 9}
	week := scheduler.ShiftLength{Days: 7}
	var s rota.Schedule
	s.Name, s.TimeZone, s.TeamID = "payments-oncall", "Europe/Berlin", rota.ID(team.ID)
	s.Layers = []scheduler.Layer{
		{Name: "ops", Tier: scheduler.TierPrimary, Participants: []string{rota.ID(w.olga)}, Start: start, Shift: week},
		{Name: "dev", Tier: scheduler.TierSecondary, Participants: []string{rota.ID(w.dan)}, Start: start, Shift: week},
		{Name: "learners", Tier: scheduler.TierShadow, Participants: []string{rota.ID(w.nia)}, Start: start, Shift: week},
	}
	sched, err := w.db.CreateSchedule(w.ctx, 0, s)
	if err != nil {
		t.Fatal(err)
	}
	w.schedule = rota.ParseID(sched.ID)
	w.policy, err = w.db.CreatePolicy(w.ctx, paging.Policy{TeamID: team.ID, Name: "default", Repeat: 1, RepeatAfter: 10 * time.Minute, Steps: []paging.Step{
		{After: 0, Targets: []paging.Target{{ScheduleID: w.schedule, Tier: scheduler.TierPrimary}}},
		{After: 5 * time.Minute, Targets: []paging.Target{{ScheduleID: w.schedule, Tier: scheduler.TierSecondary}}},
		{After: 15 * time.Minute, Targets: []paging.Target{{UserID: w.sam}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	w.service, err = w.db.CreateService(w.ctx, paging.Service{TeamID: team.ID, Name: "checkout", PolicyID: w.policy.ID, Urgency: paging.UrgencyFromSeverity,
		BusinessHours:       paging.BusinessHours{TimeZone: "Europe/Berlin", Windows: []scheduler.Window{{Days: []time.Weekday{1, 2, 3, 4, 5}, From: scheduler.TimeOfDay{Hour: 9}, To: scheduler.TimeOfDay{Hour: 17}}}},
		HoldLowOutsideHours: true})
	if err != nil {
		t.Fatal(err)
	}
	w.key = "generic-key-0123456789"
	if _, err := w.db.CreateIntegration(w.ctx, w.service.ID, "scripts", paging.Generic, w.key); err != nil {
		t.Fatal(err)
	}
	w.cfg = paging.NewConfigCache(w.db, w.clock.Now)
	w.oncall = oncall.New(w.db)
	w.engine = w.newEngine()
	committers := 1
	if d == store.Postgres {
		committers = 4
	}
	w.intake = paging.NewIntake(w.cfg, w.db, w.clock.Now, w.log, nil, paging.IntakeOptions{Committers: committers})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.intake.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return w
}

func (w *world) newEngine() *paging.Engine {
	return paging.NewEngine(w.cfg, w.db, w.oncall, paging.FixedNotifier(paging.ChannelLog), w.clock.Now, w.log)
}

// send routes and commits one generic event.
func (w *world) send(ev paging.Incoming) paging.IngestResult {
	w.t.Helper()
	w.cfg.Invalidate()
	ref, cfg, err := w.intake.Resolve(w.ctx, w.key, paging.Generic)
	if err != nil {
		w.t.Fatal(err)
	}
	it, err := paging.Decide(cfg, ref, ev, w.clock.Now())
	if err != nil {
		w.t.Fatal(err)
	}
	res, err := w.intake.Submit(w.ctx, []paging.Ingest{it})
	if err != nil {
		w.t.Fatal(err)
	}
	return res[0]
}

// fire runs the engine at the clock's time.
func (w *world) fire() int {
	w.t.Helper()
	n, err := w.engine.RunOnce(w.ctx, w.clock.Now())
	if err != nil {
		w.t.Fatal(err)
	}
	return n
}

// pages returns who got pages for an alert, as "user/step/loop[/shadow]".
func (w *world) pages(alertID int64) map[string]int {
	w.t.Helper()
	ps, err := w.db.Pages(w.ctx, paging.PageFilter{AlertID: alertID, Limit: 500})
	if err != nil {
		w.t.Fatal(err)
	}
	out := map[string]int{}
	for _, p := range ps {
		k := w.name(p.UserID) + "/" + itoa(p.Step) + "/" + itoa(p.Loop)
		if p.Shadow {
			k += "/shadow"
		}
		out[k]++
	}
	return out
}

func (w *world) name(id int64) string {
	switch id {
	case w.olga:
		return "olga"
	case w.dan:
		return "dan"
	case w.nia:
		return "nia"
	case w.sam:
		return "sam"
	}
	return "?"
}

func itoa(n int) string { return rota.ID(int64(n)) }
