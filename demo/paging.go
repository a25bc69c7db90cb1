package demo

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sort"
	"sync"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
	"github.com/rotaoncall/rota/store"
)

// Integration keys of the demo services, fixed so that the demo's intake
// examples work as printed.
var Keys = map[string]string{
	"checkout":     "demo-checkout-generic-key",
	"payments-api": "demo-payments-alertmanager-key",
	"edge":         "demo-edge-pagerduty-key-0000001",
	"mobile-api":   "demo-mobile-generic-key-0000001",
}

type demoService struct {
	team, name, typ string
	urgency         paging.UrgencyRule
	hold            bool
	zone            string
	perMonth        int
	summaries       []string
}

var demoServices = []demoService{
	{"payments", "checkout", "generic", paging.UrgencyHigh, false, "Europe/Berlin", 55, []string{"checkout 5xx above 2%", "card authorisations failing", "checkout p99 latency > 2s", "payment webhook backlog"}},
	{"payments", "payments-api", "alertmanager", paging.UrgencyFromSeverity, true, "Europe/Berlin", 35, []string{"PaymentsAPIHighErrorRate", "PostgresReplicationLag", "DiskWillFillIn4Hours", "CertificateExpiresSoon"}},
	{"platform", "edge", "pagerduty", paging.UrgencyHigh, false, "America/New_York", 40, []string{"edge load balancer 502s", "TLS handshake failures", "DNS resolution errors", "node NotReady"}},
	{"mobile", "mobile-api", "generic", paging.UrgencyFromSeverity, false, "Europe/London", 22, []string{"mobile API 5xx", "push notifications delayed", "crash rate above 1%"}},
}

// clock is the demo's settable clock for writing history.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time)     { c.mu.Lock(); c.t = t.UTC(); c.mu.Unlock() }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// SeedPaging opens its own handle on the database at url, with a clock it
// moves, and adds escalation policies, services with integration keys, and
// a month of alert history up to now: alerts paged through the real
// engine, acknowledged and resolved by the engineers paged, and a few open;
// then deploys, incidents with their timelines and reviews.
func SeedPaging(ctx context.Context, url string, now time.Time) error {
	clk := &clock{t: now.Add(-29 * 24 * time.Hour)}
	db, err := store.Open(ctx, url, store.Options{Now: clk.Now})
	if err != nil {
		return err
	}
	defer db.Close()
	teams, err := db.Teams(ctx)
	if err != nil {
		return err
	}
	teamID := map[string]int64{}
	for _, t := range teams {
		teamID[t.Name] = t.ID
	}
	scheds, err := db.Schedules(ctx, 0)
	if err != nil {
		return err
	}
	schedOf := map[int64]int64{}
	for _, s := range scheds {
		schedOf[rota.ParseID(s.TeamID)] = rota.ParseID(s.ID)
	}
	admins := map[string]string{"payments": "olga@example.com", "platform": "sam@example.com", "mobile": "ana@example.com"}
	for _, team := range []string{"payments", "platform", "mobile"} {
		admin, _, err := db.UserByEmail(ctx, admins[team])
		if err != nil {
			return err
		}
		sid := schedOf[teamID[team]]
		steps := []paging.Step{
			{After: 0, Targets: []paging.Target{{ScheduleID: sid, Tier: scheduler.TierPrimary}}},
			{After: 10 * time.Minute, Targets: []paging.Target{{UserID: admin.ID}}},
		}
		if team != "mobile" {
			steps = []paging.Step{steps[0], {After: 5 * time.Minute, Targets: []paging.Target{{ScheduleID: sid, Tier: scheduler.TierSecondary}}}, {After: 15 * time.Minute, Targets: []paging.Target{{UserID: admin.ID}}}}
		}
		pol, err := db.CreatePolicy(ctx, paging.Policy{TeamID: teamID[team], Name: team + "-default", Repeat: 1, RepeatAfter: 30 * time.Minute, Steps: steps})
		if err != nil {
			return fmt.Errorf("demo policy: %w", err)
		}
		for _, ds := range demoServices {
			if ds.team != team {
				continue
			}
			s := paging.Service{TeamID: teamID[team], Name: ds.name, PolicyID: pol.ID, Urgency: ds.urgency, HoldLowOutsideHours: ds.hold,
				Description: "Demo service owned by " + team}
			s.BusinessHours = paging.BusinessHours{TimeZone: ds.zone, Windows: []scheduler.Window{{Days: weekdays, From: scheduler.TimeOfDay{Hour: 9}, To: scheduler.TimeOfDay{Hour: 17}}}}
			svc, err := db.CreateService(ctx, s)
			if err != nil {
				return fmt.Errorf("demo service: %w", err)
			}
			if _, err := db.CreateIntegration(ctx, svc.ID, ds.typ, paging.IntegrationType(ds.typ), Keys[ds.name]); err != nil {
				return err
			}
		}
	}
	if _, err := db.SetRoutingRules(ctx, nil); err != nil {
		return err
	}
	if err := history(ctx, db, clk, now); err != nil {
		return err
	}
	return seedIncidents(ctx, db, clk, now)
}

type plannedAlert struct {
	at      time.Time
	svc     demoService
	summary string
	sev     paging.Severity
}

// history replays a month of alerts through intake, the engine and the
// outbox at past instants.
func history(ctx context.Context, db *store.DB, clk *clock, now time.Time) error {
	rng := rand.New(rand.NewPCG(2026, 11))
	start := now.Add(-28 * 24 * time.Hour)
	var plan []plannedAlert
	for _, ds := range demoServices {
		for i := 0; i < ds.perMonth; i++ {
			at := start.Add(time.Duration(rng.Int64N(int64(28*24*time.Hour - 2*time.Hour))))
			sev := []paging.Severity{paging.Critical, paging.Error, paging.Warning, paging.Info}[rng.IntN(4)]
			plan = append(plan, plannedAlert{at: at, svc: ds, summary: ds.summaries[rng.IntN(len(ds.summaries))], sev: sev})
		}
	}
	sort.Slice(plan, func(i, j int) bool { return plan[i].at.Before(plan[j].at) })
	log := slog.New(slog.DiscardHandler)
	cfg := paging.NewConfigCache(db, clk.Now)
	oc := oncall.New(db)
	engine := paging.NewEngine(cfg, db, oc, paging.FixedNotifier(paging.ChannelLog), clk.Now, log)
	disp := paging.NewDispatcher(db, map[paging.Channel]paging.Sender{paging.ChannelLog: paging.LogSender{Log: log}}, clk.Now, log, nil)
	intake := paging.NewIntake(cfg, db, clk.Now, log, nil, paging.IntakeOptions{})
	ictx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { intake.Run(ictx); close(done) }()
	defer func() { stop(); <-done }()

	type open struct {
		id               int64
		ackAt, resolveAt time.Time
		acked            bool
		svc              demoService
	}
	var opens []*open
	advance := func(to time.Time) error {
		// Work through acks, resolves, steps and sends due before to.
		for {
			next := to
			for _, o := range opens {
				if !o.acked && o.ackAt.Before(next) {
					next = o.ackAt
				}
				if o.resolveAt.Before(next) {
					next = o.resolveAt
				}
			}
			if due, ok, err := db.NextDue(ctx); err == nil && ok && due.Before(next) {
				next = due
			}
			clk.Set(next)
			if _, err := engine.RunOnce(ctx, next); err != nil {
				return err
			}
			if _, err := disp.RunOnce(ctx, next.Add(3*time.Second)); err != nil {
				return err
			}
			kept := opens[:0]
			for _, o := range opens {
				if !o.acked && !o.ackAt.After(next) {
					o.acked = true
					var pagedUser int64
					ps, _ := db.Pages(ctx, paging.PageFilter{AlertID: o.id, Limit: 50})
					for _, p := range ps {
						if !p.Shadow {
							pagedUser = p.UserID // the earliest page is last: newest first
						}
					}
					if pagedUser != 0 {
						if _, err := decide(ctx, db, paging.AlertAck, o.id, pagedUser); err != nil {
							return err
						}
					}
				}
				if !o.resolveAt.After(next) {
					if _, err := decide(ctx, db, paging.AlertResolve, o.id, 0); err != nil {
						return err
					}
					continue
				}
				kept = append(kept, o)
			}
			opens = kept
			if !next.Before(to) {
				return nil
			}
		}
	}
	for _, p := range plan {
		if err := advance(p.at); err != nil {
			return err
		}
		cfgNow, err := cfg.Get(ctx)
		if err != nil {
			return err
		}
		ref, ok := cfgNow.Integrations[paging.HashKey(Keys[p.svc.name])]
		if !ok {
			return fmt.Errorf("demo key for %s missing", p.svc.name)
		}
		ev := paging.Incoming{Summary: p.summary, DedupKey: fmt.Sprintf("%s-%d", p.svc.name, p.at.Unix()), Severity: p.sev, Source: p.svc.name + "-prod",
			Labels: map[string]string{"service": p.svc.name, "env": "prod"}}
		it, err := paging.Decide(cfgNow, ref, ev, p.at)
		if err != nil {
			return err
		}
		res, err := intake.Submit(ctx, []paging.Ingest{it})
		if err != nil {
			return err
		}
		if res[0].Outcome != paging.Created {
			continue
		}
		o := &open{id: res[0].AlertID, svc: p.svc,
			ackAt:     p.at.Add(time.Duration(1+rng.IntN(14)) * time.Minute),
			resolveAt: p.at.Add(time.Duration(15+rng.IntN(100)) * time.Minute)}
		if it.HeldUntil != nil {
			o.ackAt = it.HeldUntil.Add(time.Duration(2+rng.IntN(20)) * time.Minute)
			o.resolveAt = o.ackAt.Add(time.Duration(10+rng.IntN(60)) * time.Minute)
		}
		opens = append(opens, o)
		// Some alerts fire again while open (dedup).
		if rng.IntN(4) == 0 {
			res, err := intake.Submit(ctx, []paging.Ingest{it})
			if err != nil || res[0].Outcome != paging.Deduplicated {
				return fmt.Errorf("demo dedup: %v %+v", err, res)
			}
		}
	}
	// Everything before now settles, except the last hour's alerts, which
	// stay open for the demo.
	for _, o := range opens {
		if o.resolveAt.After(now.Add(-time.Hour)) {
			o.resolveAt = now.Add(24 * time.Hour)
		}
	}
	if err := advance(now.Add(-time.Minute)); err != nil {
		return err
	}
	clk.Set(now)
	// A few fresh ones: one unacknowledged, one acknowledged.
	for i, name := range []string{"checkout", "edge"} {
		cfgNow, _ := cfg.Get(ctx)
		ref := cfgNow.Integrations[paging.HashKey(Keys[name])]
		it, err := paging.Decide(cfgNow, ref, paging.Incoming{Summary: []string{"checkout 5xx above 2%", "edge load balancer 502s"}[i],
			DedupKey: name + "-now", Severity: paging.Critical, Source: name + "-prod", Labels: map[string]string{"env": "prod"}}, now.Add(-3*time.Minute))
		if err != nil {
			return err
		}
		clk.Set(now.Add(-3 * time.Minute))
		res, err := intake.Submit(ctx, []paging.Ingest{it})
		if err != nil {
			return err
		}
		engine.RunOnce(ctx, now.Add(-3*time.Minute))
		disp.RunOnce(ctx, now.Add(-2*time.Minute))
		if name == "edge" {
			clk.Set(now.Add(-time.Minute))
			sam, _, _ := db.UserByEmail(ctx, "sam@example.com")
			ps, _ := db.Pages(ctx, paging.PageFilter{AlertID: res[0].AlertID})
			who := sam.ID
			if len(ps) > 0 {
				who = ps[len(ps)-1].UserID
			}
			decide(ctx, db, paging.AlertAck, res[0].AlertID, who)
		}
	}
	clk.Set(now)
	return nil
}

// decide applies the alert state machine as the demo's history: the people
// paged acknowledge, and sources resolve, without a sign-in to check.
func decide(ctx context.Context, db *store.DB, action paging.AlertAction, id, user int64) (paging.Alert, error) {
	return db.ChangeAlert(ctx, id, user, func(a paging.Alert, paged paging.PagedAs) (paging.AlertChange, error) {
		ch, _, err := paging.DecideAction(action, a, paged, user)
		return ch, err
	})
}
