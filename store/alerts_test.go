package store_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

// TestIngestBatch checks one batch mixing repeats of a key, a resolve and a
// trigger after it: the order of events inside the batch is honoured.
func TestIngestBatch(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, svc := checkoutService(t, db)
		trig := func(k string) paging.Ingest {
			return paging.Ingest{Action: paging.ActTrigger, ServiceID: svc.ID, TeamID: team.ID, Urgency: paging.High,
				Incoming: paging.Incoming{DedupKey: k, Summary: "s " + k, Severity: paging.Critical}}
		}
		resolve := paging.Ingest{Action: paging.ActResolve, ServiceID: svc.ID, Incoming: paging.Incoming{DedupKey: "k2", Resolve: true}}
		items := []paging.Ingest{trig("k1"), trig("k1"), trig("k2"), trig("k1"), resolve, trig("k2"), trig("k3")}
		res, err := db.Ingest(ctx, items, clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		want := []paging.Outcome{paging.Created, paging.Deduplicated, paging.Created, paging.Deduplicated, paging.ResolvedOut, paging.Created, paging.Created}
		for i, r := range res {
			if r.Outcome != want[i] {
				t.Fatalf("item %d: %s, want %s (all %+v)", i, r.Outcome, want[i], res)
			}
		}
		if res[0].AlertID != res[1].AlertID || res[0].AlertID != res[3].AlertID {
			t.Fatal("repeats of k1 landed on different alerts")
		}
		if res[2].AlertID != res[4].AlertID || res[5].AlertID == res[2].AlertID {
			t.Fatalf("the resolve must close the first k2 alert and the later trigger open a new one: %+v", res)
		}
		a, _ := db.Alert(ctx, res[0].AlertID)
		if a.Count != 3 {
			t.Fatalf("k1 count %d, want 3", a.Count)
		}
		// A second batch dedups onto the open alerts.
		res, _ = db.Ingest(ctx, []paging.Ingest{trig("k1"), trig("k3")}, clock.Now())
		if res[0].Outcome != paging.Deduplicated || res[1].Outcome != paging.Deduplicated {
			t.Fatalf("second batch: %+v", res)
		}
		if a, _ = db.Alert(ctx, res[0].AlertID); a.Count != 4 {
			t.Fatalf("k1 count %d, want 4", a.Count)
		}
	})
}

// TestFireDueTakesTurns: in a backlog (fired counts given), due alerts are
// taken service by service in turn — a service not yet fired first, then
// each service's oldest — and reply codes go on in the engineer's sequence,
// reusing a code freed by a resolved alert.
func TestFireDueTakesTurns(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, _ := db.CreateTeam(ctx, rota.Team{Name: "payments"})
		u, err := db.CreateUser(ctx, rota.User{Email: "olga@example.com", Name: "Olga", Discipline: rota.Ops, TimeZone: "UTC"}, "")
		if err != nil {
			t.Fatal(err)
		}
		var svcs []int64
		for _, name := range []string{"storm", "quiet", "new"} {
			s, err := db.CreateService(ctx, paging.Service{TeamID: team.ID, Name: name})
			if err != nil {
				t.Fatal(err)
			}
			svcs = append(svcs, s.ID)
		}
		alert := func(svc int64, key string) int64 {
			at := clock.Now()
			res, err := db.Ingest(ctx, []paging.Ingest{{Action: paging.ActTrigger, ServiceID: svc, TeamID: team.ID, Urgency: paging.High, NextStepAt: &at,
				Incoming: paging.Incoming{DedupKey: key, Summary: key, Severity: paging.Critical}}}, at)
			if err != nil {
				t.Fatal(err)
			}
			clock.Add(time.Second)
			return res[0].AlertID
		}
		name := map[int64]string{}
		for i := range 4 {
			name[alert(svcs[0], fmt.Sprint("storm", i))] = fmt.Sprint("storm", i)
		}
		name[alert(svcs[1], "quiet")] = "quiet"
		name[alert(svcs[2], "new")] = "new"
		var order []string
		fire := func(a paging.Alert) (paging.Fired, error) {
			order = append(order, name[a.ID])
			return paging.Fired{Step: 1, Pages: []paging.Page{{AlertID: a.ID, UserID: u.ID, Channel: paging.ChannelSMS, Urgency: a.Urgency,
				Status: paging.PagePending, NextAttemptAt: clock.Now(), CreatedAt: clock.Now()}}}, nil
		}
		// The storm had two fired already in this backlog, "quiet" one.
		n, leased, err := db.FireDue(ctx, clock.Now(), 4, time.Minute, map[int64]int{svcs[0]: 2, svcs[1]: 1}, fire)
		if err != nil || n != 4 {
			t.Fatalf("fired %d: %v", n, err)
		}
		if got := fmt.Sprint(order); got != "[new quiet storm0 storm1]" {
			t.Fatalf("fired %s; want new (not yet fired), then one of each service in turn", got)
		}
		var codes []string
		for _, p := range leased {
			codes = append(codes, p.ReplyCode)
		}
		if fmt.Sprint(codes) != "[1 2 3 4]" {
			t.Fatalf("reply codes %v", codes)
		}
		// Resolving the alert with code 2 frees it for the next page.
		if _, err := db.Ingest(ctx, []paging.Ingest{{Action: paging.ActResolve, ServiceID: svcs[1], Incoming: paging.Incoming{DedupKey: "quiet", Resolve: true}}}, clock.Now()); err != nil {
			t.Fatal(err)
		}
		order = nil
		_, leased, err = db.FireDue(ctx, clock.Now(), 10, time.Minute, nil, fire)
		if err != nil || fmt.Sprint(order) != "[storm2 storm3]" {
			t.Fatalf("then fired %v (%v); want the rest oldest first", order, err)
		}
		if leased[0].ReplyCode != "2" || leased[1].ReplyCode != "5" {
			t.Fatalf("reply codes %s, %s; want 2 (freed) then 5", leased[0].ReplyCode, leased[1].ReplyCode)
		}
		// Leases renew while they last, and only then.
		ids := []int64{leased[0].ID, leased[1].ID}
		kept, err := db.RenewLeases(ctx, ids, clock.Now(), clock.Now().Add(time.Hour))
		if err != nil || len(kept) != 2 {
			t.Fatalf("renewed %v (%v); want both", kept, err)
		}
		if kept, err = db.RenewLeases(ctx, ids, clock.Now().Add(2*time.Hour), clock.Now().Add(3*time.Hour)); err != nil || len(kept) != 0 {
			t.Fatalf("renewed %v (%v) after the leases ran out; want none", kept, err)
		}
	})
}

// TestIngestDedupTimeline: a batch of plain triggers (one statement on
// PostgreSQL) writes the same dedup entries as the general path.
func TestIngestDedupTimeline(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, _ := db.CreateTeam(ctx, rota.Team{Name: "payments"})
		u, err := db.CreateUser(ctx, rota.User{Email: "olga@example.com", Name: "Olga", Discipline: rota.Ops, TimeZone: "UTC"}, "")
		if err != nil {
			t.Fatal(err)
		}
		db.SetMember(ctx, team.ID, u.ID, rota.TeamMember)
		pol, err := db.CreatePolicy(ctx, paging.Policy{TeamID: team.ID, Name: "p", Steps: []paging.Step{{Targets: []paging.Target{{UserID: u.ID}}}}})
		if err != nil {
			t.Fatal(err)
		}
		svc, err := db.CreateService(ctx, paging.Service{TeamID: team.ID, Name: "checkout", PolicyID: pol.ID})
		if err != nil {
			t.Fatal(err)
		}
		at := clock.Now()
		trig := func(k string) paging.Ingest {
			return paging.Ingest{Action: paging.ActTrigger, ServiceID: svc.ID, TeamID: team.ID, PolicyID: pol.ID, Urgency: paging.High, NextStepAt: &at,
				Incoming: paging.Incoming{DedupKey: k, Summary: "s " + k, Severity: paging.Critical}}
		}
		res, err := db.Ingest(ctx, []paging.Ingest{trig("k1"), trig("k2"), trig("k1")}, at)
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Outcome != paging.Created || res[1].Outcome != paging.Created || res[2].Outcome != paging.Deduplicated || res[2].AlertID != res[0].AlertID {
			t.Fatalf("results %+v", res)
		}
		if res, err = db.Ingest(ctx, []paging.Ingest{trig("k1")}, at); err != nil || res[0].Outcome != paging.Deduplicated {
			t.Fatalf("second batch %+v %v", res, err)
		}
		tl, err := db.AlertTimeline(ctx, res[0].AlertID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range tl {
			got = append(got, e.Kind+": "+e.Message)
		}
		want := "[created: high urgency, severity critical deduped: triggered again (2 times in all); no new page deduped: triggered again (3 times in all); no new page]"
		if fmt.Sprint(got) != want {
			t.Fatalf("timeline %v\nwant %s", got, want)
		}
		if tl, _ := db.AlertTimeline(ctx, res[0].AlertID+1); len(tl) != 1 {
			t.Fatalf("k2's timeline %v; want only its creation", tl)
		}
	})
}

// TestDueStepsReadOnlyDueAlerts: the engine's question — which triggered
// alerts have a step due now, oldest first — reads the due alerts alone, not
// every open one. A flood leaves thousands of triggered alerts waiting for
// an acknowledgement with no step due. Before the due index carried the
// status and the order (migration 00014), PostgreSQL sorted the due alerts
// here, and in a load run, with statistics taken before the flood (as
// autoanalyze lags behind one), answered from alerts_status instead,
// reading every open alert on every pass (19,094 rows for none due).
func TestDueStepsReadOnlyDueAlerts(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	clock := storetest.NewClock(at)
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, svc := checkoutService(t, db)
		ingest := func(prefix string, n int, next *time.Time) {
			for i := 0; i < n; i += 400 {
				var items []paging.Ingest
				for j := i; j < min(i+400, n); j++ {
					items = append(items, paging.Ingest{Action: paging.ActTrigger, ServiceID: svc.ID, TeamID: team.ID, Urgency: paging.High, NextStepAt: next,
						Incoming: paging.Incoming{DedupKey: fmt.Sprintf("%s-%d", prefix, j), Summary: "disk full", Severity: paging.Critical}})
				}
				if _, err := db.Ingest(ctx, items, at); err != nil {
					t.Fatal(err)
				}
			}
		}
		pg := db.Dialect() == store.Postgres
		ingest("before", 20, nil)
		if pg {
			// Statistics of a quiet table, then the flood.
			if _, err := db.SQL().ExecContext(ctx, "ANALYZE alerts"); err != nil {
				t.Fatal(err)
			}
		}
		ingest("waiting", 3000, nil) // fired, waiting for an acknowledgement
		due := at.Add(-time.Minute)
		ingest("due", 3, &due)

		q := "SELECT * FROM alerts WHERE status = 'triggered' AND next_step_at IS NOT NULL AND next_step_at <= '2026-11-23 09:00:00+00' ORDER BY next_step_at, id LIMIT 100"
		explain := "EXPLAIN QUERY PLAN " + q
		if pg {
			explain = "EXPLAIN (ANALYZE, COSTS OFF) " + q + " FOR UPDATE SKIP LOCKED"
		}
		rows, err := db.SQL().QueryContext(ctx, explain)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var plan strings.Builder
		for rows.Next() {
			vals := make([]any, len(cols))
			for i := range vals {
				vals[i] = new(any)
			}
			if err := rows.Scan(vals...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&plan, *(vals[len(vals)-1].(*any)))
		}
		rows.Close()
		if !strings.Contains(plan.String(), "alerts_due") {
			t.Fatalf("the due steps are not read from alerts_due:\n%s", plan.String())
		}
		if m := regexp.MustCompile(`Rows Removed by Filter: (\d+)`).FindStringSubmatch(plan.String()); m != nil && m[1] != "0" {
			t.Fatalf("the due steps' query read %s alerts that were not due:\n%s", m[1], plan.String())
		}
		if strings.Contains(plan.String(), "Sort") || strings.Contains(plan.String(), "TEMP B-TREE") {
			t.Fatalf("the due steps are sorted rather than read in order:\n%s", plan.String())
		}
	})
}

// TestBacklogTurnsByUrgency: in a backlog, high urgency goes first and each
// urgency takes its own turns — a service's high alert is not held behind
// its own older low ones, which come after every high alert, again service
// by service.
func TestBacklogTurnsByUrgency(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, _ := db.CreateTeam(ctx, rota.Team{Name: "payments"})
		svc := map[string]int64{}
		for _, name := range []string{"a", "b"} {
			s, err := db.CreateService(ctx, paging.Service{TeamID: team.ID, Name: name})
			if err != nil {
				t.Fatal(err)
			}
			svc[name] = s.ID
		}
		name := map[int64]string{}
		alert := func(s, key string, u paging.Urgency) {
			at := clock.Now()
			res, err := db.Ingest(ctx, []paging.Ingest{{Action: paging.ActTrigger, ServiceID: svc[s], TeamID: team.ID, Urgency: u, NextStepAt: &at,
				Incoming: paging.Incoming{DedupKey: key, Summary: key, Severity: paging.Critical}}}, at)
			if err != nil {
				t.Fatal(err)
			}
			name[res[0].AlertID] = key
			clock.Add(time.Second)
		}
		alert("a", "a-low1", paging.Low)
		alert("a", "a-low2", paging.Low)
		alert("a", "a-low3", paging.Low)
		alert("a", "a-high1", paging.High)
		alert("b", "b-high", paging.High)
		alert("a", "a-high2", paging.High)
		alert("b", "b-low", paging.Low)
		var order []string
		fire := func(a paging.Alert) (paging.Fired, error) {
			order = append(order, name[a.ID])
			return paging.Fired{Step: 1}, nil
		}
		if _, _, err := db.FireDue(ctx, clock.Now(), 10, 0, map[int64]int{}, fire); err != nil {
			t.Fatal(err)
		}
		want := "[a-high1 b-high a-high2 a-low1 b-low a-low2 a-low3]"
		if got := fmt.Sprint(order); got != want {
			t.Fatalf("fired %s, want %s", got, want)
		}
	})
}

// checkoutService is the team and service most tests here alert on.
func checkoutService(t *testing.T, db *store.DB) (rota.Team, paging.Service) {
	t.Helper()
	ctx := context.Background()
	team, err := db.CreateTeam(ctx, rota.Team{Name: "payments"})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := db.CreateService(ctx, paging.Service{TeamID: team.ID, Name: "checkout"})
	if err != nil {
		t.Fatal(err)
	}
	return team, svc
}
