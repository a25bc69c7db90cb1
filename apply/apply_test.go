package apply

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/scheduler"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

// txStore is how the command wires the store to apply.
type txStore struct{ *store.DB }

var _ TxStore = txStore{}

func (s txStore) InTx(ctx context.Context, fn func(Store) error) error {
	return s.DB.InTx(ctx, func(tx *store.DB) error { return fn(tx) })
}

// wrapTx runs apply in a transaction whose store wrap alters, to make
// things go wrong midway.
type wrapTx struct {
	*store.DB
	wrap func(Store) Store
}

func (w wrapTx) InTx(ctx context.Context, fn func(Store) error) error {
	return w.DB.InTx(ctx, func(tx *store.DB) error { return fn(w.wrap(tx)) })
}

// failingOverrides fails every override it is asked to create, as a
// database failing in the last step of an apply would.
type failingOverrides struct{ Store }

func (failingOverrides) CreateOverride(context.Context, int64, rota.Override) (rota.Override, error) {
	return rota.Override{}, errors.New("disk on fire")
}

// racingEditor saves every schedule update a moment before apply does, as
// someone editing the schedule in the web app meanwhile would.
type racingEditor struct{ Store }

func (r racingEditor) UpdateSchedule(ctx context.Context, actor int64, s rota.Schedule) (rota.Schedule, error) {
	if _, err := r.Store.UpdateSchedule(ctx, 0, s); err != nil {
		return rota.Schedule{}, err
	}
	return r.Store.UpdateSchedule(ctx, actor, s)
}

var start = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

func load(t *testing.T, name string) *File {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(name, src)
	if err != nil {
		t.Fatalf("Parse %s: %v", name, err)
	}
	return f
}

func apply(t *testing.T, db *store.DB, name string, opts Options) []string {
	t.Helper()
	p, err := Run(context.Background(), txStore{db}, load(t, name), opts)
	if err != nil {
		t.Fatalf("apply %s: %v", name, err)
	}
	return lines(p)
}

func lines(p *Plan) []string {
	var out []string
	for _, c := range p.Changes {
		out = append(out, c.Lines()...)
	}
	return append(out, p.Summary())
}

func sameLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("%s:\n got:\n  %s\nwant:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// snapshot dumps what apply may touch, row by row, so that "changed
// nothing" can be checked exactly.
func snapshot(t *testing.T, db *store.DB) string {
	t.Helper()
	return dump(t, db,
		"SELECT id, email, name, discipline, time_zone, phone, password_hash, is_admin, updated_at FROM users ORDER BY id",
		"SELECT id, name, updated_at FROM teams ORDER BY id",
		"SELECT team_id, user_id, role FROM team_members ORDER BY team_id, user_id",
		"SELECT id, team_id, name, time_zone, holidays, pairing, version, revision, updated_at FROM schedules ORDER BY id",
		"SELECT id, schedule_id, tier, position, name, participants, start_local, shift, coverage FROM layers ORDER BY id",
		"SELECT id, schedule_id, tier, user_id, start_at, end_at FROM overrides ORDER BY id",
		"SELECT id, actor_id, entity, entity_id, action FROM audit_log ORDER BY id",
	)
}

// dump writes the rows the queries return, one line each.
func dump(t *testing.T, db *store.DB, queries ...string) string {
	t.Helper()
	var b strings.Builder
	for _, q := range queries {
		rows, err := db.SQL().Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, "%v|", v)
			}
			b.WriteByte('\n')
		}
		rows.Close()
		b.WriteString("--\n")
	}
	return b.String()
}

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var createdPlan = []string{
	"+ user olga@example.com (Olga, ops, Europe/Berlin, phone …0001)",
	"+ user omar@example.com (Omar, ops, Europe/Berlin, phone …0003)",
	"+ user dan@example.com (Dan, dev, America/New_York, phone …0002)",
	"+ user dina@example.com (Dina, dev, Europe/Berlin)",
	"+ user nia@example.com (Nia, dev, Europe/Berlin)",
	"+ team payments",
	"+ member payments/olga@example.com (admin)",
	"+ member payments/omar@example.com (member)",
	"+ member payments/dan@example.com (member)",
	"+ member payments/dina@example.com (member)",
	"+ member payments/nia@example.com (member)",
	"+ schedule payments/payments-oncall (Europe/Berlin, 4 layers, 1 override)",
	"+ override payments/payments-oncall (primary dina@example.com 2026-02-01T09:00 → 2026-02-02T09:00)",
	"13 to create, 0 to update, 0 to delete",
}

var changedPlan = []string{
	"~ user omar@example.com: phone …0003 → …0009",
	"~ user dan@example.com: name Dan → Daniel",
	"+ user pat@example.com (Pat, ops, Europe/Lisbon)",
	"~ member payments/omar@example.com: role member → admin",
	"+ member payments/pat@example.com (member)",
	"~ schedule payments/payments-oncall: holidays [2026-12-25, 2026-12-26] → [2026-12-25, 2026-12-26, 2026-12-31]",
	"~ schedule payments/payments-oncall: layer dev-business-hours shift 1d → 12h",
	"~ schedule payments/payments-oncall: layer dev-backup participants [dina@example.com, dan@example.com] → [dina@example.com, dan@example.com, nia@example.com]",
	"+ override payments/payments-oncall (secondary pat@example.com 2026-03-29T01:00 → 2026-03-29T05:00)",
	"3 to create, 4 to update, 0 to delete",
}

var noChanges = []string{"0 to create, 0 to update, 0 to delete"}

func TestApplyCreatesThenChangesNothing(t *testing.T) {
	clock := storetest.NewClock(start)
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sameLines(t, "first apply", apply(t, db, "payments.yaml", Options{}), createdPlan)

		olga, hash, err := db.UserByEmail(ctx, "olga@example.com")
		if err != nil || hash != "" || olga.Phone != "+15550000001" || olga.Discipline != rota.Ops || olga.TimeZone != "Europe/Berlin" || olga.IsAdmin {
			t.Fatalf("olga = %+v, hash %q, %v", olga, hash, err)
		}
		team, err := db.TeamByName(ctx, "payments")
		if err != nil {
			t.Fatal(err)
		}
		members, _ := db.Members(ctx, team.ID)
		roles := map[string]rota.TeamRole{}
		emails := map[string]string{}
		for _, m := range members {
			roles[m.User.Email] = m.Role
			emails[rota.ID(m.User.ID)] = m.User.Email
		}
		if len(members) != 5 || roles["olga@example.com"] != rota.TeamAdmin || roles["dan@example.com"] != rota.TeamMember {
			t.Fatalf("members %v", roles)
		}
		s, err := db.ScheduleByName(ctx, team.ID, "payments-oncall")
		if err != nil {
			t.Fatal(err)
		}
		var layers []string
		for _, l := range s.Layers {
			var ps []string
			for _, id := range l.Participants {
				ps = append(ps, emails[id])
			}
			layers = append(layers, fmt.Sprintf("%s/%s %v %s %s %s", l.Tier, l.Name, ps, l.Start, l.Shift, coverageText(l.Coverage)))
		}
		sameLines(t, "layers", layers, []string{
			"primary/ops-24x7 [olga@example.com omar@example.com] 2026-01-05T09:00 1w always",
			"primary/dev-business-hours [dan@example.com dina@example.com] 2026-01-05T09:00 1d mon-fri 09:00-17:00",
			"secondary/dev-backup [dina@example.com dan@example.com] 2026-01-05T09:00 1w always",
			"shadow/learners [nia@example.com] 2026-01-05T09:00 1w always",
		})
		if s.TimeZone != "Europe/Berlin" || s.Pairing != scheduler.PairingMixed || holidaysText(s.Holidays) != "[2026-12-25, 2026-12-26]" {
			t.Fatalf("schedule %+v", s.Schedule)
		}
		if len(s.Overrides) != 1 || emails[s.Overrides[0].EngineerID] != "dina@example.com" ||
			!s.Overrides[0].Start.Equal(time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC)) || !s.Overrides[0].End.Equal(time.Date(2026, 2, 2, 8, 0, 0, 0, time.UTC)) {
			t.Fatalf("overrides %+v", s.Overrides)
		}
		audit, err := db.Audit(ctx, rota.ParseID(s.ID), 10)
		if err != nil || len(audit) != 2 {
			t.Fatalf("audit %+v, %v", audit, err)
		}
		for _, a := range audit {
			if a.ActorID != 0 {
				t.Fatalf("audit entry %+v names an actor; apply has none", a)
			}
		}

		before := snapshot(t, db)
		clock.Add(time.Hour) // so that any row written again would show it
		sameLines(t, "second apply", apply(t, db, "payments.yaml", Options{}), noChanges)
		sameLines(t, "second apply with prune", apply(t, db, "payments.yaml", Options{Prune: true}), noChanges)
		if after := snapshot(t, db); after != before {
			t.Fatalf("a second apply wrote:\nbefore\n%s\nafter\n%s", before, after)
		}
	})
}

func TestApplyChanges(t *testing.T) {
	clock := storetest.NewClock(start)
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		apply(t, db, "payments.yaml", Options{})
		team, _ := db.TeamByName(ctx, "payments")
		s0, _ := db.ScheduleByName(ctx, team.ID, "payments-oncall")

		before := snapshot(t, db)
		clock.Add(time.Hour)
		sameLines(t, "dry run", apply(t, db, "payments-changed.yaml", Options{DryRun: true}), changedPlan)
		if after := snapshot(t, db); after != before {
			t.Fatalf("a dry run wrote:\nbefore\n%s\nafter\n%s", before, after)
		}

		sameLines(t, "apply", apply(t, db, "payments-changed.yaml", Options{}), changedPlan)
		dan, _, _ := db.UserByEmail(ctx, "dan@example.com")
		omar, _, _ := db.UserByEmail(ctx, "omar@example.com")
		pat, hash, err := db.UserByEmail(ctx, "pat@example.com")
		if dan.Name != "Daniel" || omar.Phone != "+15550000009" || err != nil || hash != "" || pat.TimeZone != "Europe/Lisbon" {
			t.Fatalf("users: dan %+v, omar %+v, pat %+v %v", dan, omar, pat, err)
		}
		roles := map[string]rota.TeamRole{}
		members, _ := db.Members(ctx, team.ID)
		for _, m := range members {
			roles[m.User.Email] = m.Role
		}
		if roles["omar@example.com"] != rota.TeamAdmin || roles["pat@example.com"] != rota.TeamMember || len(roles) != 6 {
			t.Fatalf("roles %v", roles)
		}
		s, _ := db.ScheduleByName(ctx, team.ID, "payments-oncall")
		if s.Version != s0.Version+1 || s.Layers[1].Shift.String() != "12h" || len(s.Layers[2].Participants) != 3 || len(s.Holidays) != 3 {
			t.Fatalf("schedule version %d (was %d), layers %+v", s.Version, s0.Version, s.Layers)
		}
		// 01:00–05:00 on the night Berlin skips 02:00–03:00 is three hours.
		if len(s.Overrides) != 2 || !s.Overrides[1].Start.Equal(time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC)) ||
			s.Overrides[1].End.Sub(s.Overrides[1].Start) != 3*time.Hour || s.Overrides[1].EngineerID != rota.ID(pat.ID) {
			t.Fatalf("overrides %+v", s.Overrides)
		}

		before = snapshot(t, db)
		clock.Add(time.Hour)
		sameLines(t, "again", apply(t, db, "payments-changed.yaml", Options{}), noChanges)
		if after := snapshot(t, db); after != before {
			t.Fatalf("applying the same file again wrote:\nbefore\n%s\nafter\n%s", before, after)
		}

		// Back to the first file: without prune, what it no longer lists
		// (Pat, the extra override) stays.
		sameLines(t, "back", apply(t, db, "payments.yaml", Options{}), []string{
			"~ user omar@example.com: phone …0009 → …0003",
			"~ user dan@example.com: name Daniel → Dan",
			"~ member payments/omar@example.com: role admin → member",
			"~ schedule payments/payments-oncall: holidays [2026-12-25, 2026-12-26, 2026-12-31] → [2026-12-25, 2026-12-26]",
			"~ schedule payments/payments-oncall: layer dev-business-hours shift 12h → 1d",
			"~ schedule payments/payments-oncall: layer dev-backup participants [dina@example.com, dan@example.com, nia@example.com] → [dina@example.com, dan@example.com]",
			"0 to create, 4 to update, 0 to delete",
		})
		if n := count(t, db, "overrides"); n != 2 {
			t.Fatalf("%d overrides; without prune the second stays", n)
		}
	})
}

func TestApplyPrune(t *testing.T) {
	storetest.Each(t, storetest.Options{Now: storetest.NewClock(start).Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		apply(t, db, "payments.yaml", Options{})
		team, _ := db.TeamByName(ctx, "payments")
		omar, _, _ := db.UserByEmail(ctx, "omar@example.com")

		// What the web app adds beside the file: another schedule, an
		// override, and a team the file does not name.
		legacy, err := db.CreateSchedule(ctx, 0, rota.Schedule{Schedule: scheduler.Schedule{Name: "legacy", TeamID: rota.ID(team.ID), TimeZone: "UTC",
			Layers: []scheduler.Layer{{Name: "all", Tier: scheduler.TierPrimary, Participants: []string{rota.ID(omar.ID)},
				Start: scheduler.LocalDateTime{Date: scheduler.Date{Year: 2026, Month: 1, Day: 5}, Hour: 9}, Shift: scheduler.ShiftLength{Days: 7}}}}})
		if err != nil {
			t.Fatal(err)
		}
		s, _ := db.ScheduleByName(ctx, team.ID, "payments-oncall")
		if _, err := db.CreateOverride(ctx, 0, rota.Override{ScheduleID: rota.ParseID(s.ID), Override: scheduler.Override{Tier: scheduler.TierSecondary,
			EngineerID: rota.ID(omar.ID), Start: time.Date(2026, 4, 1, 7, 0, 0, 0, time.UTC), End: time.Date(2026, 4, 2, 7, 0, 0, 0, time.UTC)}}); err != nil {
			t.Fatal(err)
		}
		search, err := db.CreateTeam(ctx, rota.Team{Name: "search"})
		if err != nil {
			t.Fatal(err)
		}
		sam, _ := db.CreateUser(ctx, rota.User{Email: "sam@example.com", Name: "Sam"}, "")
		if err := db.SetMember(ctx, search.ID, sam.ID, rota.TeamAdmin); err != nil {
			t.Fatal(err)
		}

		sameLines(t, "without prune", apply(t, db, "payments-pruned.yaml", Options{}), []string{
			"~ schedule payments/payments-oncall: remove shadow layer learners",
			"0 to create, 1 to update, 0 to delete",
		})
		want := []string{
			"- member payments/nia@example.com",
			"- override payments/payments-oncall (primary dina@example.com 2026-02-01T09:00 → 2026-02-02T09:00)",
			"- override payments/payments-oncall (secondary omar@example.com 2026-04-01T09:00 → 2026-04-02T09:00)",
			"- schedule payments/legacy",
			"0 to create, 0 to update, 4 to delete",
		}
		before := snapshot(t, db)
		sameLines(t, "prune dry run", apply(t, db, "payments-pruned.yaml", Options{Prune: true, DryRun: true}), want)
		if snapshot(t, db) != before {
			t.Fatal("a dry run with prune wrote")
		}
		sameLines(t, "prune", apply(t, db, "payments-pruned.yaml", Options{Prune: true}), want)

		if _, _, err := db.UserByEmail(ctx, "nia@example.com"); err != nil {
			t.Fatalf("prune deleted a user: %v", err)
		}
		if _, err := db.Schedule(ctx, rota.ParseID(legacy.ID)); !rota.IsCode(err, rota.ENotFound) {
			t.Fatalf("legacy schedule: %v", err)
		}
		if ms, _ := db.Members(ctx, team.ID); len(ms) != 4 {
			t.Fatalf("%d members left, want 4", len(ms))
		}
		if ms, _ := db.Members(ctx, search.ID); len(ms) != 1 {
			t.Fatal("prune touched a team the file does not name")
		}
		if n := count(t, db, "overrides"); n != 0 {
			t.Fatalf("%d overrides left", n)
		}
		sameLines(t, "prune again", apply(t, db, "payments-pruned.yaml", Options{Prune: true}), noChanges)
	})
}

func TestApplyIsAllOrNothing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup string // applied first, if any
		file  string
		wrap  func(Store) Store
		code  string
	}{
		{"the last step fails", "", "payments.yaml", func(s Store) Store { return failingOverrides{s} }, rota.EInternal},
		{"someone edits the schedule meanwhile", "payments.yaml", "payments-changed.yaml", func(s Store) Store { return racingEditor{s} }, rota.EConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Each(t, storetest.Options{Now: storetest.NewClock(start).Now}, func(t *testing.T, db *store.DB) {
				if tc.setup != "" {
					apply(t, db, tc.setup, Options{})
				}
				before := snapshot(t, db)
				p, err := Run(context.Background(), wrapTx{db, tc.wrap}, load(t, tc.file), Options{})
				if err == nil || rota.ErrorCode(err) != tc.code {
					t.Fatalf("Run = %v (code %s), want code %s", err, rota.ErrorCode(err), tc.code)
				}
				if p == nil || len(p.Changes) == 0 {
					t.Fatal("no plan returned with the error")
				}
				if after := snapshot(t, db); after != before {
					t.Fatalf("a failed apply left changes:\nbefore\n%s\nafter\n%s", before, after)
				}
			})
		})
	}
}
