package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/handoff"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

var _ handoff.Store = (*store.DB)(nil)

// hoAt is a shift change: 09:00 UTC on the 15th, day 14 of the rotations.
var hoAt = time.Date(2027, 6, 15, 9, 2, 0, 0, time.UTC)

// sentNotices records the notices sent, from any number of workers.
type sentNotices struct {
	mu sync.Mutex
	ns []handoff.Notice
}

func (s *sentNotices) SendHandoff(_ context.Context, n handoff.Notice) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ns = append(s.ns, n)
	return nil
}

// handoffFixture: ana and ben alternate daily as primary (ben before ana
// on the 15th, with an override of ana's joining her shift on the 16th);
// cid, who turned notices off, takes secondary from ben; a second schedule
// keeps ana on call with an override ending at 09:00, her own layer
// following on.
func handoffFixture(t *testing.T, db *store.DB) (schedules func(context.Context) ([]handoff.Schedule, error), ana, cid int64, team int64) {
	t.Helper()
	ctx := context.Background()
	tm, err := db.CreateTeam(ctx, rota.Team{Name: "payments"})
	if err != nil {
		t.Fatal(err)
	}
	var ids [3]int64
	for i, name := range []string{"ana", "ben", "cid"} {
		u, err := db.CreateUser(ctx, rota.User{Email: name + "@example.com", Name: name, TimeZone: "Europe/Berlin"}, "")
		if err != nil {
			t.Fatal(err)
		}
		if u.HandoffNoticesOff {
			t.Fatalf("new user %s has handoff notices off", name)
		}
		ids[i] = u.ID
	}
	cidUser, _ := db.User(ctx, ids[2])
	cidUser.HandoffNoticesOff = true
	if _, err := db.UpdateUser(ctx, cidUser); err != nil {
		t.Fatal(err)
	}
	id := func(i int) string { return fmt.Sprint(ids[i]) }
	members := []scheduler.Engineer{{ID: id(0), Name: "ana", Discipline: scheduler.DisciplineOps}, {ID: id(1), Name: "ben", Discipline: scheduler.DisciplineOps}, {ID: id(2), Name: "cid", Discipline: scheduler.DisciplineOps}}
	start := scheduler.LocalDateTime{Date: scheduler.Date{Year: 2027, Month: 6, Day: 1}, Hour: 9}
	day := scheduler.ShiftLength{Days: 1}
	at9 := time.Date(2027, 6, 15, 9, 0, 0, 0, time.UTC)
	one, err := scheduler.Compile(scheduler.Schedule{ID: "1", TeamID: fmt.Sprint(tm.ID), TimeZone: "UTC", Members: members,
		Layers: []scheduler.Layer{
			{ID: "p", Name: "p", Tier: scheduler.TierPrimary, Participants: []string{id(0), id(1)}, Start: start, Shift: day},
			{ID: "s", Name: "s", Tier: scheduler.TierSecondary, Participants: []string{id(2), id(1)}, Start: start, Shift: day},
		},
		Overrides: []scheduler.Override{{ID: "o", Tier: scheduler.TierPrimary, EngineerID: id(0), Start: at9.Add(24 * time.Hour), End: at9.Add(27 * time.Hour), CreatedAt: at9}},
	})
	if err != nil {
		t.Fatal(err)
	}
	two, err := scheduler.Compile(scheduler.Schedule{ID: "2", TeamID: fmt.Sprint(tm.ID), TimeZone: "UTC", Members: members,
		Layers:    []scheduler.Layer{{ID: "p", Name: "p", Tier: scheduler.TierPrimary, Participants: []string{id(0)}, Start: start, Shift: day}},
		Overrides: []scheduler.Override{{ID: "o", Tier: scheduler.TierPrimary, EngineerID: id(0), Start: at9.Add(-2 * time.Hour), End: at9, CreatedAt: at9}},
	})
	if err != nil {
		t.Fatal(err)
	}
	all := []handoff.Schedule{{ID: 1, TeamID: tm.ID, Name: "payments-oncall", Compiled: one}, {ID: 2, TeamID: tm.ID, Name: "payments-dbs", Compiled: two}}
	return func(context.Context) ([]handoff.Schedule, error) { return all, nil }, ids[0], ids[2], tm.ID
}

// TestHandoffNoticesOnce: several Rota processes (separate connection
// pools on one database) running the worker at once send the incoming
// engineer one notice; an engineer who turned notices off gets none, and
// one whose own shift continues gets none.
func TestHandoffNoticesOnce(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			clock := storetest.NewClock(hoAt)
			url := storetest.URL(t, d)
			ctx := context.Background()
			var dbs []*store.DB
			for range 2 {
				db, err := store.Open(ctx, url, storetest.Options{Now: clock.Now})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				dbs = append(dbs, db)
			}
			if _, err := dbs[0].Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			schedules, ana, _, team := handoffFixture(t, dbs[0])
			h := &history{t: t, db: dbs[0], clock: clock, ctx: ctx}
			svc, err := dbs[0].CreateService(ctx, paging.Service{TeamID: team, Name: "payments-api", Urgency: paging.UrgencyHigh})
			if err != nil {
				t.Fatal(err)
			}
			h.teams[0], h.services[0], h.olga = team, svc.ID, ana
			for range 4 {
				h.alert(0, hoAt.Add(-time.Hour), nil)
			}
			resolved := hoAt.Add(-time.Minute)
			h.alert(0, hoAt.Add(-time.Hour), &resolved)
			clock.Set(hoAt)

			sent := &sentNotices{}
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			start := make(chan struct{})
			for round := range 4 {
				w := handoff.New(dbs[round%2], schedules, sent, clock.Now, nil)
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					if _, err := w.RunOnce(ctx, hoAt); err != nil {
						errs <- err
					}
				}()
			}
			close(start)
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			if len(sent.ns) != 1 {
				t.Fatalf("%d notices sent, want 1 (ana's primary): %+v", len(sent.ns), sent.ns)
			}
			n := sent.ns[0]
			if n.UserID != ana || n.Tier != scheduler.TierPrimary || n.ScheduleID != 1 || !n.Start.Equal(time.Date(2027, 6, 15, 9, 0, 0, 0, time.UTC)) {
				t.Fatalf("notice %+v, want ana's primary shift on payments-oncall from 09:00", n.Claim)
			}
			if want := time.Date(2027, 6, 16, 12, 0, 0, 0, time.UTC); !n.End.Equal(want) {
				t.Fatalf("shift ends %v, want %v (her override joined)", n.End, want)
			}
			if n.Alerts.Count != 4 || len(n.Alerts.Summaries) != 3 {
				t.Fatalf("open alerts %+v, want 4 with 3 summaries", n.Alerts)
			}
			text := handoff.Text(n)
			for _, want := range []string{"primary", "payments-oncall", "Wed 16 Jun 14:00 CEST", "4 open alerts handed over: down; down; down; and 1 more."} {
				if !strings.Contains(text, want) {
					t.Fatalf("notice %q does not say %q", text, want)
				}
			}
			// A later run within the window sends nothing more.
			w := handoff.New(dbs[0], schedules, sent, clock.Now, nil)
			if r, err := w.RunOnce(ctx, hoAt.Add(3*time.Minute)); err != nil || r.Sent != 0 || len(sent.ns) != 1 {
				t.Fatalf("second run: %+v, %v, %d notices", r, err, len(sent.ns))
			}
		})
	}
}
