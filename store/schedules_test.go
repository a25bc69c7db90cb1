package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/scheduler"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

// fixture is a team with an ops and a dev engineer and a schedule where
// ops covers always and dev covers weekdays 09–17 (Europe/Berlin).
type fixture struct {
	db         *store.DB
	team       rota.Team
	ops, dev   rota.User
	outsider   rota.User
	sched      rota.Schedule
	clock      *storetest.Clock
	ctx        context.Context
	opsID, dID string
}

func newFixture(t *testing.T, db *store.DB, clock *storetest.Clock) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db, clock: clock, ctx: ctx}
	var err error
	if f.team, err = db.CreateTeam(ctx, rota.Team{Name: "payments"}); err != nil {
		t.Fatal(err)
	}
	mk := func(email string, d rota.Discipline) rota.User {
		u, err := db.CreateUser(ctx, rota.User{Email: email, Name: strings.Split(email, "@")[0], Discipline: d, TimeZone: "Europe/Berlin"}, "")
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.ops, f.dev, f.outsider = mk("olga@example.com", rota.Ops), mk("dan@example.com", rota.Dev), mk("x@example.com", rota.Dev)
	db.SetMember(ctx, f.team.ID, f.ops.ID, rota.TeamAdmin)
	db.SetMember(ctx, f.team.ID, f.dev.ID, rota.TeamMember)
	f.opsID, f.dID = rota.ID(f.ops.ID), rota.ID(f.dev.ID)
	f.sched, err = db.CreateSchedule(ctx, f.ops.ID, f.definition("1w"))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) definition(opsShift string) rota.Schedule {
	start := scheduler.LocalDateTime{Date: scheduler.Date{Year: 2026, Month: 11, Day: 2}, Hour: 9}
	opsLen, _ := scheduler.ParseShiftLength(opsShift)
	day, _ := scheduler.ParseShiftLength("1d")
	var s rota.Schedule
	s.Name, s.TimeZone, s.TeamID = "payments-oncall", "Europe/Berlin", rota.ID(f.team.ID)
	s.Holidays = []scheduler.Date{{Year: 2026, Month: 12, Day: 25}}
	s.Layers = []scheduler.Layer{
		{Name: "ops", Tier: scheduler.TierPrimary, Participants: []string{f.opsID}, Start: start, Shift: opsLen},
		{Name: "dev-bh", Tier: scheduler.TierPrimary, Participants: []string{f.dID}, Start: start, Shift: day,
			Coverage: []scheduler.Window{{Days: []time.Weekday{1, 2, 3, 4, 5}, From: scheduler.TimeOfDay{Hour: 9}, To: scheduler.TimeOfDay{Hour: 17}}}},
	}
	return s
}

func TestScheduleRoundTripAndVersions(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC))
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clock)
		got, err := db.Schedule(f.ctx, rota.ParseID(f.sched.ID))
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 1 || len(got.Layers) != 2 || got.Layers[1].Coverage[0].To.Hour != 17 || len(got.Members) != 2 || len(got.Holidays) != 1 {
			t.Fatalf("round trip lost data: %+v", got)
		}
		if _, err := scheduler.Compile(got.Schedule); err != nil {
			t.Fatalf("stored schedule does not compile: %v", err)
		}

		// Two people edit version 1; the second save is a conflict and changes nothing.
		a := f.definition("1d")
		a.ID, a.Version = got.ID, 1
		b := f.definition("2w")
		b.ID, b.Version = got.ID, 1
		if _, err := db.UpdateSchedule(f.ctx, f.ops.ID, a); err != nil {
			t.Fatal(err)
		}
		_, err = db.UpdateSchedule(f.ctx, f.ops.ID, b)
		if !rota.IsCode(err, rota.EConflict) || err.(*rota.Error).Field != "version" {
			t.Fatalf("stale update: %v, want conflict on version", err)
		}
		now, _ := db.Schedule(f.ctx, rota.ParseID(got.ID))
		if now.Version != 2 || now.Layers[0].Shift.String() != "1d" {
			t.Fatalf("after conflict: version %d shift %s", now.Version, now.Layers[0].Shift)
		}

		// Bad input names the field and changes nothing.
		for _, tc := range []struct {
			name, field string
			edit        func(s *rota.Schedule)
		}{
			{"unknown zone", "time_zone", func(s *rota.Schedule) { s.TimeZone = "Mars/Base" }},
			{"empty participants", "tiers.primary[0].participants", func(s *rota.Schedule) { s.Layers[0].Participants = nil }},
			{"participant not in team", "tiers.primary[1].participants", func(s *rota.Schedule) { s.Layers[1].Participants = []string{rota.ID(f.outsider.ID)} }},
			{"zero shift", "tiers.primary[0].shift", func(s *rota.Schedule) { s.Layers[0].Shift = scheduler.ShiftLength{} }},
			{"window from = to", "tiers.primary[1].coverage[0]", func(s *rota.Schedule) { s.Layers[1].Coverage[0].To = s.Layers[1].Coverage[0].From }},
			{"no name", "name", func(s *rota.Schedule) { s.Name = " " }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				s := f.definition("1w")
				s.ID, s.Version = got.ID, now.Version
				tc.edit(&s)
				_, err := db.UpdateSchedule(f.ctx, f.ops.ID, s)
				field := ""
				if fe, ok := err.(interface{ ErrorField() string }); ok {
					field = fe.ErrorField()
				}
				if !rota.IsCode(err, rota.EInvalid) || !strings.HasPrefix(field, tc.field) {
					t.Fatalf("err = %v (field %q), want invalid %q", err, field, tc.field)
				}
				after, _ := db.Schedule(f.ctx, rota.ParseID(got.ID))
				if after.Version != now.Version || after.Layers[0].Shift != now.Layers[0].Shift {
					t.Fatal("a rejected update changed the schedule")
				}
			})
		}

		// Duplicate names within a team conflict on the name field.
		dup := f.definition("1w")
		if _, err := db.CreateSchedule(f.ctx, f.ops.ID, dup); !rota.IsCode(err, rota.EConflict) {
			t.Fatalf("duplicate schedule name: %v", err)
		}

		entries, err := db.Audit(f.ctx, rota.ParseID(got.ID), 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 || entries[0].Action != "updated" || entries[1].Action != "created" || entries[0].ActorName != "olga" {
			t.Fatalf("audit = %+v", entries)
		}
		if !strings.Contains(entries[0].Detail, `"shift":"1d"`) {
			t.Fatalf("audit detail lacks the change: %s", entries[0].Detail)
		}
	})
}

func TestOverridesAndSwaps(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC))
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC))
		f := newFixture(t, db, clock)
		sid := rota.ParseID(f.sched.ID)
		rev0 := f.sched.Revision

		// Monday 2026-11-23 09:00–17:00 Berlin is Dan's (dev business hours).
		mon9 := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
		mon17 := mon9.Add(8 * time.Hour)

		bad := []struct {
			name, field string
			o           rota.Override
		}{
			{"end before start", "end", rota.Override{ScheduleID: sid, Override: scheduler.Override{Tier: scheduler.TierPrimary, EngineerID: f.opsID, Start: mon17, End: mon9}}},
			{"not a member", "user_id", rota.Override{ScheduleID: sid, Override: scheduler.Override{Tier: scheduler.TierPrimary, EngineerID: rota.ID(f.outsider.ID), Start: mon9, End: mon17}}},
			{"bad tier", "tier", rota.Override{ScheduleID: sid, Override: scheduler.Override{Tier: "tertiary", EngineerID: f.opsID, Start: mon9, End: mon17}}},
		}
		for _, tc := range bad {
			if _, err := db.CreateOverride(f.ctx, f.ops.ID, tc.o); !rota.IsCode(err, rota.EInvalid) || err.(*rota.Error).Field != tc.field {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
		if ovs, _ := db.Overrides(f.ctx, sid, time.Time{}, time.Time{}); len(ovs) != 0 {
			t.Fatal("rejected overrides were stored")
		}

		// A swap of someone else's shift is refused.
		w := rota.Swap{Swap: scheduler.Swap{ScheduleID: f.sched.ID, Tier: scheduler.TierPrimary, RequesterID: f.opsID, TargetID: f.dID, Start: mon9, End: mon17}}
		if _, err := db.CreateSwap(f.ctx, w); !rota.IsCode(err, rota.EInvalid) {
			t.Fatalf("swap of someone else's shift: %v", err)
		}
		// Dan hands 13:00–17:00 (part of his shift) to Olga.
		w = rota.Swap{Message: "dentist", Swap: scheduler.Swap{ScheduleID: f.sched.ID, Tier: scheduler.TierPrimary, RequesterID: f.dID, TargetID: f.opsID, Start: mon9.Add(4 * time.Hour), End: mon17}}
		created, err := db.CreateSwap(f.ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		sw := rota.ParseID(created.ID)
		if _, err := db.DecideSwap(f.ctx, f.dev.ID, sw, scheduler.SwapAccept); !rota.IsCode(err, rota.EForbidden) {
			t.Fatalf("requester accepting own swap: %v", err)
		}
		acc, err := db.DecideSwap(f.ctx, f.ops.ID, sw, scheduler.SwapAccept)
		if err != nil {
			t.Fatal(err)
		}
		if acc.State != scheduler.SwapAccepted || acc.OverrideID == 0 {
			t.Fatalf("accepted swap = %+v", acc)
		}
		if _, err := db.DecideSwap(f.ctx, f.ops.ID, sw, scheduler.SwapDecline); !rota.IsCode(err, rota.EConflict) {
			t.Fatalf("deciding twice: %v", err)
		}
		s, _ := db.Schedule(f.ctx, sid)
		if s.Revision <= rev0 {
			t.Fatal("accepting a swap did not bump the revision")
		}
		c, _ := scheduler.Compile(s.Schedule)
		if sh, _ := c.OnCallTier(scheduler.TierPrimary, mon9.Add(5*time.Hour)); sh.EngineerID != f.opsID {
			t.Fatalf("after the swap, 14:00 is %s's, want Olga's", sh.EngineerID)
		}
		if sh, _ := c.OnCallTier(scheduler.TierPrimary, mon9.Add(time.Hour)); sh.EngineerID != f.dID {
			t.Fatalf("10:00 (outside the swapped part) is %s's, want Dan's", sh.EngineerID)
		}

		// Dan cannot leave the team while he is a participant.
		if err := db.RemoveMember(f.ctx, f.team.ID, f.dev.ID); !rota.IsCode(err, rota.EConflict) {
			t.Fatalf("removing a participant: %v", err)
		}
		// Olga has an override that has not ended.
		if err := db.RemoveMember(f.ctx, f.team.ID, f.ops.ID); !rota.IsCode(err, rota.EConflict) {
			t.Fatalf("removing a member with a pending override: %v", err)
		}
		list, _ := db.Swaps(f.ctx, rota.SwapFilter{UserID: f.ops.ID})
		if len(list) != 1 {
			t.Fatalf("swaps for Olga: %d", len(list))
		}
		if err := db.DeleteOverride(f.ctx, f.ops.ID, sid, acc.OverrideID); err != nil {
			t.Fatal(err)
		}
		entries, _ := db.Audit(f.ctx, sid, 0)
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Entity+":"+e.Action)
		}
		want := "override:deleted swap:accepted override:created swap:requested schedule:created"
		if strings.Join(actions, " ") != want {
			t.Fatalf("audit = %v, want %s", actions, want)
		}
	})
}

// TestSwapOfAWholeWeek: Olga gives away her whole weekly ops turn, which
// Dan's business hours cut into nights and a weekend. One request; on
// acceptance one override per stretch of hers, each marked with the swap,
// and Dan keeps his days.
func TestSwapOfAWholeWeek(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC))
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC))
		f := newFixture(t, db, clock)
		// A third member to take it.
		nia, err := db.CreateUser(f.ctx, rota.User{Email: "nia@example.com", Name: "nia", Discipline: rota.Ops, TimeZone: "Europe/Berlin"}, "")
		if err != nil {
			t.Fatal(err)
		}
		db.SetMember(f.ctx, f.team.ID, nia.ID, rota.TeamMember)
		sid := rota.ParseID(f.sched.ID)
		// Olga's turn: Monday 23 November 09:00 to Monday 30 November 09:00 Berlin.
		from := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
		to := from.Add(7 * 24 * time.Hour)
		w := rota.Swap{Swap: scheduler.Swap{ScheduleID: f.sched.ID, Tier: scheduler.TierPrimary, RequesterID: f.opsID, TargetID: rota.ID(nia.ID), Start: from, End: to}}
		created, err := db.CreateSwap(f.ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		if !created.Start.Equal(from) || !created.End.Equal(to) || len(created.OverrideIDs) != 0 || created.Kind != scheduler.SwapGive {
			t.Fatalf("created = %+v", created)
		}
		acc, err := db.DecideSwap(f.ctx, nia.ID, rota.ParseID(created.ID), scheduler.SwapAccept)
		if err != nil {
			t.Fatal(err)
		}
		// Four nights and the weekend.
		if acc.State != scheduler.SwapAccepted || len(acc.OverrideIDs) != 5 || acc.OverrideID != acc.OverrideIDs[0] {
			t.Fatalf("accepted = %+v", acc)
		}
		again, err := db.Swap(f.ctx, rota.ParseID(created.ID))
		if err != nil || len(again.OverrideIDs) != 5 {
			t.Fatalf("read back: %+v %v", again, err)
		}
		list, err := db.Swaps(f.ctx, rota.SwapFilter{ScheduleID: sid})
		if err != nil || len(list) != 1 || len(list[0].OverrideIDs) != 5 {
			t.Fatalf("listed: %+v %v", list, err)
		}
		ovs, err := db.Overrides(f.ctx, sid, from, to)
		if err != nil || len(ovs) != 5 {
			t.Fatalf("overrides: %+v %v", ovs, err)
		}
		var held time.Duration
		for _, o := range ovs {
			if o.EngineerID != rota.ID(nia.ID) || o.SwapID != rota.ParseID(created.ID) || o.Note != "swap with olga" {
				t.Fatalf("override = %+v", o)
			}
			held += o.End.Sub(o.Start)
		}
		if held != 7*24*time.Hour-5*8*time.Hour {
			t.Fatalf("overrides hold %v, want the week less five business days", held)
		}
		s, _ := db.Schedule(f.ctx, sid)
		c, err := scheduler.Compile(s.Schedule)
		if err != nil {
			t.Fatal(err)
		}
		for _, sh := range c.TierShifts(scheduler.TierPrimary, from, to) {
			if sh.EngineerID == f.opsID {
				t.Fatalf("Olga still on call %v–%v", sh.Start, sh.End)
			}
		}
		if sh, _ := c.OnCallTier(scheduler.TierPrimary, from.Add(26*time.Hour)); sh.EngineerID != f.dID {
			t.Fatalf("Tuesday 11:00 is %s's, want Dan's", sh.EngineerID)
		}
		// Deleting the schedule's swap-made override leaves the swap's list shorter, not broken.
		if err := db.DeleteOverride(f.ctx, f.ops.ID, sid, acc.OverrideIDs[1]); err != nil {
			t.Fatal(err)
		}
		if again, _ := db.Swap(f.ctx, rota.ParseID(created.ID)); len(again.OverrideIDs) != 4 {
			t.Fatalf("after deleting one override: %v", again.OverrideIDs)
		}
	})
}

// TestTakeSwap: Dan asks Olga for her Tuesday night; she accepts and the
// override is his.
func TestTakeSwap(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC))
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC))
		f := newFixture(t, db, clock)
		// Tuesday 24 November 17:00 to Wednesday 09:00 Berlin.
		from := time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC)
		to := from.Add(16 * time.Hour)
		bad := rota.Swap{Swap: scheduler.Swap{ScheduleID: f.sched.ID, Kind: scheduler.SwapTake, Tier: scheduler.TierPrimary, RequesterID: f.opsID, TargetID: f.dID, Start: from, End: to}}
		if _, err := db.CreateSwap(f.ctx, bad); !rota.IsCode(err, rota.EInvalid) || err.(interface{ ErrorField() string }).ErrorField() != "target" {
			t.Fatalf("asking Dan for a night that is Olga's: %v", err)
		}
		w := rota.Swap{Swap: scheduler.Swap{ScheduleID: f.sched.ID, Kind: scheduler.SwapTake, Tier: scheduler.TierPrimary, RequesterID: f.dID, TargetID: f.opsID, Start: from, End: to}}
		created, err := db.CreateSwap(f.ctx, w)
		if err != nil || created.Kind != scheduler.SwapTake {
			t.Fatalf("created %+v, %v", created, err)
		}
		if _, err := db.DecideSwap(f.ctx, f.dev.ID, rota.ParseID(created.ID), scheduler.SwapAccept); !rota.IsCode(err, rota.EForbidden) {
			t.Fatalf("Dan accepting his own request: %v", err)
		}
		acc, err := db.DecideSwap(f.ctx, f.ops.ID, rota.ParseID(created.ID), scheduler.SwapAccept)
		if err != nil || len(acc.OverrideIDs) != 1 || acc.Kind != scheduler.SwapTake {
			t.Fatalf("accepted %+v, %v", acc, err)
		}
		ovs, _ := db.Overrides(f.ctx, rota.ParseID(f.sched.ID), from, to)
		if len(ovs) != 1 || ovs[0].EngineerID != f.dID || ovs[0].Note != "swap with olga" {
			t.Fatalf("overrides: %+v", ovs)
		}
		list, _ := db.Swaps(f.ctx, rota.SwapFilter{})
		if len(list) != 1 || list[0].Kind != scheduler.SwapTake {
			t.Fatalf("listed: %+v", list)
		}
	})
}
