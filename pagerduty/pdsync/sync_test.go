package pdsync_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/pagerduty"
	"github.com/rotaoncall/rota/pagerduty/pdfake"
	"github.com/rotaoncall/rota/pagerduty/pdsync"
	"github.com/rotaoncall/rota/scheduler"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// txStore is how system wires the sync to the store.
type txStore struct{ *store.DB }

func (s txStore) InTx(ctx context.Context, fn func(pdsync.Store) error) error {
	return s.DB.InTx(ctx, func(tx *store.DB) error { return fn(tx) })
}

type fixture struct {
	t     *testing.T
	db    *store.DB
	fake  *pdfake.Server
	clock *storetest.Clock
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	clock := storetest.NewClock(pdfake.FixtureAt)
	db := storetest.Open(t, store.SQLite, storetest.Options{Now: clock.Now})
	fake := pdfake.NewFixture()
	t.Cleanup(fake.Close)
	return &fixture{t: t, db: db, fake: fake, clock: clock}
}

func (f *fixture) service(envToken string) *pdsync.Service {
	return pdsync.New(txStore{f.db}, oncall.New(f.db), pdsync.Config{Token: envToken, APIURL: f.fake.URL, EventsURL: f.fake.URL}, f.clock.Now, nil)
}

func (f *fixture) exec(q string, args ...any) {
	f.t.Helper()
	if _, err := f.db.SQL().Exec(q, args...); err != nil {
		f.t.Fatal(err)
	}
}

// TestConnection: a token is checked with PagerDuty, stored, shown only by
// its last four characters, and the environment's wins.
func TestConnection(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	svc := f.service("")
	if st, err := svc.Connection(ctx); err != nil || st.Connected {
		t.Fatalf("before connecting: %+v, %v", st, err)
	}
	if _, err := svc.Import(ctx, pdsync.ImportOptions{DryRun: true}); !errors.Is(err, pdsync.ErrNotConnected) {
		t.Fatalf("import unconnected: %v", err)
	}
	for _, bad := range []string{"", "wrong-token", "two words"} {
		_, err := svc.Connect(ctx, 0, bad)
		var re *rota.Error
		if !errors.As(err, &re) || re.Code != rota.EInvalid || re.Field != "token" {
			t.Errorf("connect with %q: %v, want invalid token", bad, err)
		}
	}
	if _, err := f.db.PagerDutyConnection(ctx); !rota.IsCode(err, rota.ENotFound) {
		t.Fatalf("a refused token was stored: %v", err)
	}
	st, err := svc.Connect(ctx, 0, pdfake.FixtureToken)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Connected || st.Source != pdsync.FromSettings || st.Last4 != "6789" || !st.ConnectedAt.Equal(pdfake.FixtureAt) {
		t.Fatalf("connected: %+v", st)
	}
	env := f.service("env-token-abcd")
	if st, _ := env.Connection(ctx); st.Source != pdsync.FromEnvironment || st.Last4 != "abcd" || !st.Stored {
		t.Fatalf("the environment's token should win: %+v", st)
	}
	if err := svc.Disconnect(ctx); err != nil {
		t.Fatal(err)
	}
	if st, _ := svc.Connection(ctx); st.Connected || st.Stored {
		t.Fatalf("after disconnecting: %+v", st)
	}
	if err := svc.Disconnect(ctx); err != nil {
		t.Fatalf("disconnecting twice: %v", err)
	}
}

// TestImportRemembersPagerDutyIDs imports (a dry run, then for real),
// re-imports unchanged, renames everything in Rota and re-imports again:
// the objects are recognised by their PagerDuty ids and nothing is made
// twice.
func TestImportRemembersPagerDutyIDs(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	svc := f.service("")
	if _, err := svc.Connect(ctx, 0, pdfake.FixtureToken); err != nil {
		t.Fatal(err)
	}

	dry, err := svc.Import(ctx, pdsync.ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if !dry.DryRun || dry.Status != pdsync.StatusOK || dry.Created == 0 || len(dry.Plan) == 0 || !dry.Faithful || len(dry.Checks) == 0 {
		t.Fatalf("dry run: %+v", dry)
	}
	if len(filter(dry.Problems, pagerduty.Skipped)) == 0 {
		t.Fatal("the fixture has things to skip; the dry run reports none")
	}
	if teams, _ := f.db.Teams(ctx); len(teams) != 0 {
		t.Fatalf("a dry run made teams: %v", teams)
	}
	if links, _ := f.db.Links(ctx, pdsync.Source); len(links) != 0 {
		t.Fatalf("a dry run remembered links: %v", links)
	}
	last, applied, err := svc.LastImport(ctx)
	if err != nil || last == nil || last.ID != dry.ID || applied != nil {
		t.Fatalf("last import after a dry run: %+v %+v %v", last, applied, err)
	}

	first, err := svc.Import(ctx, pdsync.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if first.Created != dry.Created || first.Updated != 0 || first.Deleted != 0 {
		t.Fatalf("import: %d created, %d updated, %d deleted; the dry run said %d created", first.Created, first.Updated, first.Deleted, dry.Created)
	}
	links, err := f.db.Links(ctx, pdsync.Source)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, l := range links {
		kinds[l.Kind]++
	}
	for _, k := range []string{pdsync.KindUser, pdsync.KindTeam, pdsync.KindSchedule, pdsync.KindPolicy, pdsync.KindService} {
		if kinds[k] == 0 {
			t.Errorf("no %s remembered: %v", k, kinds)
		}
	}
	before := linkTimes(links)

	f.clock.Add(time.Minute)
	again, err := svc.Import(ctx, pdsync.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if again.Created+again.Updated+again.Deleted != 0 || len(again.Plan) != 0 {
		t.Fatalf("a re-run changed something: %v", again.Plan)
	}
	links, _ = f.db.Links(ctx, pdsync.Source)
	for k, at := range linkTimes(links) {
		if !at.Equal(before[k]) {
			t.Errorf("link %s was rewritten by a re-run that changed nothing", k)
		}
	}

	// Rota renames one of everything.
	f.exec("UPDATE teams SET name = 'payments-renamed' WHERE id = (SELECT rota_id FROM external_ids WHERE kind = 'team' ORDER BY external_id LIMIT 1)")
	f.exec("UPDATE schedules SET name = name || '-renamed' WHERE id = (SELECT rota_id FROM external_ids WHERE kind = 'schedule' ORDER BY external_id LIMIT 1)")
	f.exec("UPDATE escalation_policies SET name = name || '-renamed' WHERE id IN (SELECT rota_id FROM external_ids WHERE kind = 'policy')")
	f.exec("UPDATE services SET name = name || '-renamed' WHERE id = (SELECT rota_id FROM external_ids WHERE kind = 'service' ORDER BY external_id LIMIT 1)")
	f.exec("UPDATE users SET email = 'renamed-' || email WHERE id = (SELECT rota_id FROM external_ids WHERE kind = 'user' ORDER BY external_id LIMIT 1)")
	var users int
	f.db.SQL().QueryRow("SELECT COUNT(*) FROM users").Scan(&users)

	renamed, err := svc.Import(ctx, pdsync.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if renamed.Created+renamed.Updated+renamed.Deleted != 0 {
		t.Fatalf("after renames in Rota, the import changed: %v", renamed.Plan)
	}
	recognised := 0
	for _, p := range filter(renamed.Problems, pagerduty.Changed) {
		if strings.Contains(p.Reason, "recognised by its PagerDuty id") {
			recognised++
		}
	}
	if recognised < 5 {
		t.Errorf("%d objects reported as recognised, want at least 5: %v", recognised, renamed.Problems)
	}
	var after int
	f.db.SQL().QueryRow("SELECT COUNT(*) FROM users").Scan(&after)
	if after != users {
		t.Errorf("users %d → %d: a renamed user was made again", users, after)
	}
	for _, c := range renamed.Checks {
		if c.Total != 0 {
			t.Errorf("schedule %s/%s: %v", c.Team, c.Name, c.Differences)
		}
	}
	if !strings.Contains(strings.Join(checkNames(renamed.Checks), " "), "-renamed") {
		t.Errorf("checks name the schedules as PagerDuty does, not as Rota: %v", checkNames(renamed.Checks))
	}

	// Deleting what was made falls back to matching by name: it is made again.
	f.exec("DELETE FROM services WHERE name LIKE '%-renamed'")
	back, err := svc.Import(ctx, pdsync.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if back.Created == 0 {
		t.Fatalf("a deleted service was not made again: %v", back.Plan)
	}

	last, applied, err = svc.LastImport(ctx)
	if err != nil || last.ID != back.ID || applied.ID != back.ID {
		t.Fatalf("last import: %+v %+v %v", last, applied, err)
	}
}

// TestImportRecordsFailures: a refused token is recorded as a failed run.
func TestImportRecordsFailures(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	svc := f.service("wrong-token")
	res, err := svc.Import(ctx, pdsync.ImportOptions{DryRun: true})
	if !errors.Is(err, pagerduty.ErrBadToken) || !rota.IsCode(err, rota.EInvalid) {
		t.Fatalf("bad token: %v", err)
	}
	if res == nil || res.Status != pdsync.StatusFailed || !strings.Contains(res.Error, "refused the token") {
		t.Fatalf("result: %+v", res)
	}
	last, _, err := svc.LastImport(ctx)
	if err != nil || last == nil || last.Status != pdsync.StatusFailed {
		t.Fatalf("last import: %+v %v", last, err)
	}
	if _, err := svc.Import(ctx, pdsync.ImportOptions{Weeks: 99}); !rota.IsCode(err, rota.EInvalid) {
		t.Fatalf("weeks 99: %v", err)
	}
}

func filter(ps []pagerduty.Problem, action string) []pagerduty.Problem {
	var out []pagerduty.Problem
	for _, p := range ps {
		if p.Action == action {
			out = append(out, p)
		}
	}
	return out
}

func linkTimes(ls []pdsync.Link) map[string]time.Time {
	out := map[string]time.Time{}
	for _, l := range ls {
		out[l.Kind+"/"+l.ExternalID] = l.UpdatedAt
	}
	return out
}

func checkNames(cs []pdsync.Check) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Team+"/"+c.Name)
	}
	return out
}

func TestParseMirrors(t *testing.T) {
	got, err := pdsync.ParseMirrors(" payments/Payments Primary=PSPAY01, platform-sre/SRE Primary@secondary=PSSRE01 ,")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Schedule != "payments/Payments Primary" || got[0].Tier != "primary" || got[0].PagerDutySchedule != "PSPAY01" ||
		got[1].Tier != "secondary" || got[1].String() != "platform-sre/SRE Primary@secondary=PSSRE01" {
		t.Fatalf("%+v", got)
	}
	if got, err := pdsync.ParseMirrors(""); err != nil || len(got) != 0 {
		t.Fatalf("empty: %v %v", got, err)
	}
	for _, bad := range []string{"payments=PSPAY01", "payments/x", "payments/x=", "payments/x@shadow=P1", "a/b=P1,c/d=P1", "a/b=P 1"} {
		if _, err := pdsync.ParseMirrors(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestMirrors: the periodic mirror makes PagerDuty follow an imported
// schedule, writes nothing the second time, and records its runs.
func TestMirrors(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	svc := f.service(pdfake.FixtureToken)
	if _, err := svc.Import(ctx, pdsync.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var id int64
	var name string
	var team string
	if err := f.db.SQL().QueryRow(`SELECT s.id, s.name, t.name FROM external_ids e JOIN schedules s ON s.id = e.rota_id JOIN teams t ON t.id = s.team_id
		WHERE e.kind = 'schedule' AND e.external_id = 'PSPAY01'`).Scan(&id, &name, &team); err != nil {
		t.Fatal(err)
	}
	// One target is Rota's schedule, one names nothing: it fails alone.
	targets, err := pdsync.ParseMirrors(team + "/" + name + "=PSPAY01,nosuch/schedule=PSNONE")
	if err != nil {
		t.Fatal(err)
	}
	m := svc.NewMirrors(targets, 0)
	if failed := m.RunOnce(ctx, f.clock.Now()); failed != 1 {
		t.Fatalf("%d targets failed, want 1 (the unknown schedule)", failed)
	}
	failed, err := svc.LastMirror(ctx)
	if err != nil || failed == nil || failed.Status != pdsync.StatusFailed || !strings.Contains(failed.Error, "not found") {
		t.Fatalf("last mirror: %+v %v", failed, err)
	}
	f.clock.Add(5 * time.Minute)
	if failed := m.RunOnce(ctx, f.clock.Now()); failed != 1 {
		t.Fatalf("second run: %d failed", failed)
	}
	res, err := svc.Mirror(ctx, pdsync.MirrorTarget{Schedule: team + "/" + name, PagerDutySchedule: "PSPAY01"}, pdsync.MirrorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created+res.Deleted != 0 || res.Status != pdsync.StatusOK {
		t.Fatalf("a third run wrote: %+v", res)
	}
	last, err := svc.LastMirror(ctx)
	if err != nil || last.Status != pdsync.StatusOK || last.ScheduleName != team+"/"+name {
		t.Fatalf("last mirror: %+v %v", last, err)
	}

	// The periodic mirror of rota serve: a run at once, then one per
	// interval, until its context ends.
	runs := func() int {
		var n int
		if err := f.db.SQL().QueryRow(`SELECT COUNT(*) FROM pagerduty_syncs WHERE kind = 'mirror'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := runs()
	loop := svc.NewMirrors(targets[:1], 10*time.Millisecond)
	lctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { loop.Run(lctx); close(done) }()
	for deadline := time.Now().Add(30 * time.Second); runs() < before+3; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the periodic mirror ran %d times in 30 s", runs()-before)
		}
	}
	stop()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the periodic mirror did not stop with its context")
	}
	settled := runs()
	time.Sleep(50 * time.Millisecond)
	if runs() != settled {
		t.Fatal("the periodic mirror ran after it stopped")
	}
}

// TestReimportFollowsDeletedOverrides: an override deleted in PagerDuty
// after an import is deleted by the next one (the dry run shows it first);
// one moved there is made anew; an override made in Rota and past ones
// stay; a further run changes nothing. On both databases.
func TestReimportFollowsDeletedOverrides(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			clock := storetest.NewClock(pdfake.FixtureAt)
			db := storetest.Open(t, d, storetest.Options{Now: clock.Now})
			fake := pdfake.NewFixture()
			t.Cleanup(fake.Close)
			f := &fixture{t: t, db: db, fake: fake, clock: clock}
			ctx := t.Context()
			svc := f.service(pdfake.FixtureToken)
			if _, err := svc.Import(ctx, pdsync.ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			var schedID int64
			if err := db.SQL().QueryRow(`SELECT rota_id FROM external_ids WHERE kind = 'schedule' AND external_id = 'PSPAY01'`).Scan(&schedID); err != nil {
				t.Fatal(err)
			}
			overrides := func() map[string]bool {
				t.Helper()
				sch, err := db.Schedule(ctx, schedID)
				if err != nil {
					t.Fatal(err)
				}
				out := map[string]bool{}
				for _, o := range sch.Overrides {
					out[o.Start.UTC().Format("01-02T15:04")+"-"+o.End.UTC().Format("01-02T15:04")] = true
				}
				return out
			}
			// PO0002 (1–2 March) and PO0003 (14–15 March) are imported.
			if got := overrides(); len(got) != 2 || !got["03-14T09:00-03-15T09:00"] {
				t.Fatalf("after the first import: %v", got)
			}
			nina, _, err := db.UserByEmail(ctx, "nina@example.com")
			if err != nil {
				t.Fatal(err)
			}
			mine := rota.Override{ScheduleID: schedID, Override: scheduler.Override{Tier: scheduler.TierPrimary, EngineerID: rota.ID(nina.ID),
				Start: time.Date(2026, 3, 20, 8, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)}}
			if _, err := db.CreateOverride(ctx, nina.ID, mine); err != nil {
				t.Fatal(err)
			}
			client := pagerduty.NewClient(pagerduty.Config{Token: pdfake.FixtureToken, APIURL: fake.URL, EventsURL: fake.URL})
			if err := client.DeleteOverride(ctx, "PSPAY01", "PO0003"); err != nil {
				t.Fatal(err)
			}
			dry, err := svc.Import(ctx, pdsync.ImportOptions{DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			if dry.Deleted != 1 || !slices.ContainsFunc(dry.Plan, func(l string) bool { return strings.HasPrefix(l, "- override") }) {
				t.Fatalf("the dry run does not show the deletion: deleted %d, plan %q", dry.Deleted, dry.Plan)
			}
			if got := overrides(); len(got) != 3 {
				t.Fatalf("the dry run changed overrides: %v", got)
			}
			res, err := svc.Import(ctx, pdsync.ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got := overrides()
			if res.Deleted != 1 || len(got) != 2 || got["03-14T09:00-03-15T09:00"] || !got["03-20T08:00-03-20T12:00"] || !got["03-01T19:00-03-02T07:00"] {
				t.Fatalf("after the re-import (deleted %d): %v", res.Deleted, got)
			}
			// Moved in PagerDuty: the old one goes, the new one comes.
			erik, err := client.CreateOverride(ctx, "PSPAY01", "PERIK08", time.Date(2026, 3, 21, 9, 0, 0, 0, time.UTC), time.Date(2026, 3, 22, 9, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Import(ctx, pdsync.ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			if err := client.DeleteOverride(ctx, "PSPAY01", erik.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := client.CreateOverride(ctx, "PSPAY01", "PERIK08", time.Date(2026, 3, 23, 9, 0, 0, 0, time.UTC), time.Date(2026, 3, 24, 9, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
			if res, err = svc.Import(ctx, pdsync.ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			got = overrides()
			if res.Created != 1 || res.Deleted != 1 || got["03-21T09:00-03-22T09:00"] || !got["03-23T09:00-03-24T09:00"] || !got["03-20T08:00-03-20T12:00"] {
				t.Fatalf("after moving Erik's override (created %d, deleted %d): %v", res.Created, res.Deleted, got)
			}
			// A service deleted in PagerDuty stays in Rota, and the import
			// says so.
			fake.RemoveService("PSVC002")
			if res, err = svc.Import(ctx, pdsync.ImportOptions{DryRun: true}); err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(res.Notes, func(n string) bool {
				return strings.HasPrefix(n, `service "Ledger" (PSVC002) is no longer in PagerDuty`)
			}) || res.Deleted != 0 {
				t.Fatalf("notes after deleting Ledger in PagerDuty (deleted %d): %q", res.Deleted, res.Notes)
			}
			// Later, PO0002 has ended: PagerDuty no longer lists it, Rota keeps it.
			clock.Add(10 * 24 * time.Hour)
			if res, err = svc.Import(ctx, pdsync.ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			if got := overrides(); res.Deleted != 0 || !got["03-01T19:00-03-02T07:00"] || len(got) != 3 {
				t.Fatalf("a run ten days on (deleted %d): %v", res.Deleted, got)
			}
		})
	}
}
