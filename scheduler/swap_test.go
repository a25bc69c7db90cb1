package scheduler

import (
	"errors"
	"testing"
	"time"
)

func TestValidateSwapRequest(t *testing.T) {
	c := mustCompile(t, payments(t))
	berlin := mustLoc(t, "Europe/Berlin")
	at := func(d, h int) time.Time { return time.Date(2026, 1, d, h, 0, 0, 0, berlin) }
	// Olga is primary Jan 5 17:00 – Jan 6 09:00, and all weekend from
	// Fri Jan 9 17:00 to Mon Jan 12 09:00.
	cases := []struct {
		name  string
		swap  Swap
		field string // "" means valid
	}{
		{"olga hands her saturday to omar", Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "omar", Start: at(10, 0), End: at(11, 0)}, ""},
		{"olga hands her whole weekend", Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "dina", Start: at(9, 17), End: at(12, 9)}, ""},
		{"someone else's shift", Swap{Tier: TierPrimary, RequesterID: "omar", TargetID: "olga", Start: at(10, 0), End: at(11, 0)}, "requester"},
		// A swap hands over the stretches in its range that are hers; the
		// rest of the range may be anyone's.
		{"starts before her shift", Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "omar", Start: at(9, 12), End: at(10, 0)}, ""},
		{"runs past her shift", Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "omar", Start: at(11, 0), End: at(12, 12)}, ""},
		{"her whole week, business hours and all", Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "omar", Start: at(5, 9), End: at(12, 9)}, ""},
		{"only business hours, which are dan's and dina's", Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "omar", Start: at(6, 9), End: at(6, 17)}, "requester"},
		{"target not in the team", Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "zed", Start: at(10, 0), End: at(11, 0)}, "target"},
		{"requester not in the team", Swap{Tier: TierPrimary, RequesterID: "zed", TargetID: "olga", Start: at(10, 0), End: at(11, 0)}, "requester"},
		{"swap with oneself", Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "olga", Start: at(10, 0), End: at(11, 0)}, "target"},
		{"empty range", Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "omar", Start: at(10, 0), End: at(10, 0)}, "end"},
		{"no start", Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "omar", End: at(10, 0)}, "start"},
		{"unknown tier", Swap{Tier: "boss", RequesterID: "olga", TargetID: "omar", Start: at(10, 0), End: at(11, 0)}, "tier"},
		{"already accepted", Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "omar", Start: at(10, 0), End: at(11, 0), State: SwapAccepted}, "state"},
		{"shadow shift", Swap{Tier: TierShadow, RequesterID: "nia", TargetID: "dina", Start: at(10, 0), End: at(11, 0)}, ""},
		{"omar asks for olga's saturday", Swap{Kind: SwapTake, Tier: TierPrimary, RequesterID: "omar", TargetID: "olga", Start: at(10, 0), End: at(11, 0)}, ""},
		{"omar asks for a saturday olga has not", Swap{Kind: SwapTake, Tier: TierPrimary, RequesterID: "omar", TargetID: "dina", Start: at(10, 0), End: at(11, 0)}, "target"},
		{"olga asks for her own saturday", Swap{Kind: SwapTake, Tier: TierPrimary, RequesterID: "olga", TargetID: "olga", Start: at(10, 0), End: at(11, 0)}, "target"},
		{"unknown kind", Swap{Kind: "borrow", Tier: TierPrimary, RequesterID: "olga", TargetID: "omar", Start: at(10, 0), End: at(11, 0)}, "kind"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateSwapRequest(c, tc.swap)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Field != tc.field {
				t.Fatalf("err = %v, want field %q", err, tc.field)
			}
		})
	}
}

func TestSwapTransitions(t *testing.T) {
	now := time.Date(2026, 1, 8, 12, 0, 0, 0, time.UTC)
	req := Swap{ID: "42", Tier: TierPrimary, RequesterID: "olga", TargetID: "omar",
		Start: time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 1, 11, 0, 0, 0, 0, time.UTC), State: SwapRequested}
	cases := []struct {
		name   string
		state  SwapState
		action SwapAction
		actor  string
		want   SwapState
		code   string // error code, "" for success
	}{
		{"target accepts", SwapRequested, SwapAccept, "omar", SwapAccepted, ""},
		{"target declines", SwapRequested, SwapDecline, "omar", SwapDeclined, ""},
		{"requester cancels", SwapRequested, SwapCancel, "olga", SwapCancelled, ""},
		{"requester cannot accept", SwapRequested, SwapAccept, "olga", SwapRequested, "forbidden"},
		{"stranger cannot decline", SwapRequested, SwapDecline, "dina", SwapRequested, "forbidden"},
		{"target cannot cancel", SwapRequested, SwapCancel, "omar", SwapRequested, "forbidden"},
		{"cannot accept twice", SwapAccepted, SwapAccept, "omar", SwapAccepted, "conflict"},
		{"cannot accept a cancelled swap", SwapCancelled, SwapAccept, "omar", SwapCancelled, "conflict"},
		{"cannot cancel a declined swap", SwapDeclined, SwapCancel, "olga", SwapDeclined, "conflict"},
		{"unknown action", SwapRequested, "snooze", "omar", SwapRequested, "invalid"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := req
			in.State = tc.state
			got, err := Transition(in, tc.action, tc.actor, now)
			if tc.code != "" {
				coded, ok := err.(interface{ ErrorCode() string })
				if !ok || coded.ErrorCode() != tc.code {
					t.Fatalf("err = %v, want code %s", err, tc.code)
				}
				if got.State != tc.state {
					t.Fatalf("failed transition changed the swap: %v", got)
				}
				return
			}
			if err != nil || got.State != tc.want || !got.DecidedAt.Equal(now) {
				t.Fatalf("got %v %v", got, err)
			}
		})
	}
}

// TestAcceptedSwapTakesEffect runs a swap end to end: validate, accept,
// compile with the override, and see the target on call.
func TestAcceptedSwapTakesEffect(t *testing.T) {
	s := payments(t)
	c := mustCompile(t, s)
	berlin := mustLoc(t, "Europe/Berlin")
	sw := Swap{ID: "1", Tier: TierPrimary, RequesterID: "olga", TargetID: "omar",
		Start: time.Date(2026, 1, 10, 0, 0, 0, 0, berlin), End: time.Date(2026, 1, 11, 0, 0, 0, 0, berlin), State: SwapRequested}
	if err := ValidateSwapRequest(c, sw); err != nil {
		t.Fatal(err)
	}
	_, ovs, err := DecideSwap(c, sw, SwapAccept, "omar", time.Date(2026, 1, 8, 0, 0, 0, 0, time.UTC))
	if err != nil || len(ovs) != 1 {
		t.Fatal(ovs, err)
	}
	if o := ovs[0]; o.EngineerID != "omar" || o.Tier != TierPrimary || !o.Start.Equal(sw.Start) || !o.End.Equal(sw.End) || o.ID != "swap-1-1" {
		t.Fatalf("override = %+v", o)
	}
	s.Overrides = append(s.Overrides, ovs...)
	c = mustCompile(t, s)
	sh, ok := c.OnCallTier(TierPrimary, time.Date(2026, 1, 10, 12, 0, 0, 0, berlin))
	if !ok || sh.EngineerID != "omar" || sh.Source.Kind != SourceOverride || sh.Source.ID != "swap-1-1" {
		t.Fatalf("after the swap: %v %v", ok, sh)
	}
	// Omar can pass on what he took, and only that: a swap over Saturday
	// noon to Sunday noon hands over Saturday afternoon, not Olga's Sunday.
	got, err := SwapStretches(c, Swap{Tier: TierPrimary, RequesterID: "omar", TargetID: "dina",
		Start: time.Date(2026, 1, 10, 12, 0, 0, 0, berlin), End: time.Date(2026, 1, 11, 12, 0, 0, 0, berlin)})
	if err != nil || len(got) != 1 || !got[0].Start.Equal(time.Date(2026, 1, 10, 12, 0, 0, 0, berlin)) ||
		!got[0].End.Equal(time.Date(2026, 1, 11, 0, 0, 0, 0, berlin)) {
		t.Fatalf("omar's stretches: %v %v", got, err)
	}
}

// TestDecideSwap: accepting checks the request against the schedule as it
// is when accepted; declining and cancelling do not need it to hold.
func TestDecideSwap(t *testing.T) {
	c := mustCompile(t, payments(t))
	berlin := mustLoc(t, "Europe/Berlin")
	at := func(d, h int) time.Time { return time.Date(2026, 1, d, h, 0, 0, 0, berlin) }
	now := at(8, 12)
	still := Swap{ID: "1", Tier: TierPrimary, RequesterID: "olga", TargetID: "omar", Start: at(10, 0), End: at(11, 0), State: SwapRequested}
	next, ov, err := DecideSwap(c, still, SwapAccept, "omar", now)
	if err != nil || len(ov) != 1 || next.State != SwapAccepted || ov[0].EngineerID != "omar" || !ov[0].CreatedAt.Equal(now) {
		t.Fatalf("a swap that still holds: %+v %+v %v", next, ov, err)
	}
	// Olga is not on call then at all (as if the schedule had changed).
	stale := still
	stale.Start, stale.End = at(7, 12), at(7, 13)
	next, ov, err = DecideSwap(c, stale, SwapAccept, "omar", now)
	var ce *ConflictError
	if !errors.As(err, &ce) || ov != nil || next.State != SwapRequested {
		t.Fatalf("a stale swap accepted: %+v %+v %v", next, ov, err)
	}
	if next, _, err = DecideSwap(c, stale, SwapDecline, "omar", now); err != nil || next.State != SwapDeclined {
		t.Fatalf("declining a stale swap: %+v %v", next, err)
	}
	if _, _, err = DecideSwap(c, still, SwapAccept, "olga", now); err == nil {
		t.Fatal("the requester accepted her own swap")
	}
}

// TestSwapWholeWeeklyTurn gives away a whole weekly ops turn that the
// business-hours layer cuts into nights and a weekend: one request, one
// override per stretch of the requester's, and afterwards nobody but the
// target holds the requester's part of the turn while the developers keep
// their days.
func TestSwapWholeWeeklyTurn(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, berlin) }
	type stretch struct{ s, e time.Time }
	cases := []struct {
		name      string
		inTurn    time.Time // an instant of the turn to give away
		extra     []Override
		requester string
		want      []stretch
	}{
		{
			name: "five nights and a weekend", inTurn: at(1, 7, 3), requester: "olga",
			want: []stretch{{at(1, 5, 17), at(1, 6, 9)}, {at(1, 6, 17), at(1, 7, 9)}, {at(1, 7, 17), at(1, 8, 9)},
				{at(1, 8, 17), at(1, 9, 9)}, {at(1, 9, 17), at(1, 12, 9)}},
		},
		{
			// Christmas Day and Boxing Day are holidays: no business hours,
			// so Thursday evening runs into the weekend as one stretch.
			name: "holidays join the nights", inTurn: at(12, 24, 12), requester: "olga",
			want: []stretch{{at(12, 21, 17), at(12, 22, 9)}, {at(12, 22, 17), at(12, 23, 9)}, {at(12, 23, 17), at(12, 24, 9)},
				{at(12, 24, 17), at(12, 28, 9)}},
		},
		{
			// Berlin springs forward on Sunday 29 March: the weekend is an hour shorter.
			name: "across the spring change", inTurn: at(3, 25, 12), requester: "omar",
			want: []stretch{{at(3, 23, 17), at(3, 24, 9)}, {at(3, 24, 17), at(3, 25, 9)}, {at(3, 25, 17), at(3, 26, 9)},
				{at(3, 26, 17), at(3, 27, 9)}, {at(3, 27, 17), at(3, 30, 9)}},
		},
		{
			// Nia already took Tuesday night: that stays hers.
			name: "an override inside the turn stays", inTurn: at(1, 7, 3), requester: "olga",
			extra: []Override{{ID: "o1", Tier: TierPrimary, EngineerID: "nia", Start: at(1, 6, 17), End: at(1, 7, 9),
				CreatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}},
			want: []stretch{{at(1, 5, 17), at(1, 6, 9)}, {at(1, 7, 17), at(1, 8, 9)},
				{at(1, 8, 17), at(1, 9, 9)}, {at(1, 9, 17), at(1, 12, 9)}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := payments(t)
			s.Overrides = tc.extra
			c := mustCompile(t, s)
			turn, ok := c.LayerTurn("ops", tc.inTurn)
			if !ok || turn.EngineerID != tc.requester || turn.Tier != TierPrimary || turn.End.Sub(turn.Start) < 167*time.Hour {
				t.Fatalf("turn = %+v %v", turn, ok)
			}
			target := "dina"
			sw := Swap{ID: "7", Tier: TierPrimary, RequesterID: tc.requester, TargetID: target, Start: turn.Start, End: turn.End, State: SwapRequested}
			if err := ValidateSwapRequest(c, sw); err != nil {
				t.Fatal(err)
			}
			next, ovs, err := DecideSwap(c, sw, SwapAccept, target, turn.Start.Add(-time.Hour))
			if err != nil || next.State != SwapAccepted {
				t.Fatalf("accept: %+v %v", next, err)
			}
			if len(ovs) != len(tc.want) {
				t.Fatalf("%d overrides, want %d: %+v", len(ovs), len(tc.want), ovs)
			}
			for i, o := range ovs {
				if !o.Start.Equal(tc.want[i].s) || !o.End.Equal(tc.want[i].e) || o.EngineerID != target || o.Tier != TierPrimary {
					t.Errorf("override %d = %v–%v %s, want %v–%v", i, o.Start, o.End, o.EngineerID, tc.want[i].s, tc.want[i].e)
				}
			}
			// Before, the requester's stretches were exactly these; after, the
			// target holds them and the rest of the turn is as it was.
			before := c.TierShifts(TierPrimary, turn.Start, turn.End)
			s.Overrides = append(s.Overrides, ovs...)
			after := mustCompile(t, s)
			for _, sh := range after.TierShifts(TierPrimary, turn.Start, turn.End) {
				if sh.EngineerID == tc.requester {
					t.Errorf("%s still on call %v–%v", tc.requester, sh.Start, sh.End)
				}
			}
			for _, sh := range before {
				for probe := sh.Start; probe.Before(sh.End); probe = probe.Add(30 * time.Minute) {
					got, _ := after.OnCallTier(TierPrimary, probe)
					want := sh.EngineerID
					if want == tc.requester {
						want = target
					}
					if got.EngineerID != want {
						t.Fatalf("at %v: %s on call, want %s", probe, got.EngineerID, want)
					}
				}
			}
			// The secondary tier is untouched.
			if a, b := c.TierShifts(TierSecondary, turn.Start, turn.End), after.TierShifts(TierSecondary, turn.Start, turn.End); len(a) != len(b) {
				t.Fatalf("secondary changed: %v → %v", a, b)
			}
			// Accepting it again, against the schedule with the overrides, finds
			// nothing of the requester's left: a conflict.
			if _, _, err := DecideSwap(after, sw, SwapAccept, target, turn.Start); !errors.As(err, new(*ConflictError)) {
				t.Fatalf("second acceptance: %v", err)
			}
		})
	}
}

func TestLayerTurn(t *testing.T) {
	c := mustCompile(t, payments(t))
	berlin := mustLoc(t, "Europe/Berlin")
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, berlin) }
	cases := []struct {
		name       string
		layer      string
		at         time.Time
		ok         bool
		engineer   string
		start, end time.Time
	}{
		{"first turn", "ops", at(1, 5, 9), true, "olga", at(1, 5, 9), at(1, 12, 9)},
		{"last instant of a turn", "ops", at(1, 12, 9).Add(-time.Nanosecond), true, "olga", at(1, 5, 9), at(1, 12, 9)},
		{"next turn", "ops", at(1, 12, 9), true, "omar", at(1, 12, 9), at(1, 19, 9)},
		{"a business-hours turn is a day, outside its hours too", "dev", at(1, 6, 20), true, "dina", at(1, 6, 9), at(1, 7, 9)},
		{"spring forward week", "ops", at(3, 29, 12), true, "omar", at(3, 23, 9), at(3, 30, 9)},
		{"before the layer starts", "ops", at(1, 5, 8), false, "", time.Time{}, time.Time{}},
		{"unknown layer", "nope", at(1, 6, 9), false, "", time.Time{}, time.Time{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := c.LayerTurn(tc.layer, tc.at)
			if ok != tc.ok {
				t.Fatalf("ok = %v", ok)
			}
			if ok && (got.EngineerID != tc.engineer || !got.Start.Equal(tc.start) || !got.End.Equal(tc.end) || got.LayerID != tc.layer) {
				t.Fatalf("turn = %+v", got)
			}
		})
	}
}

func TestWholeShift(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, berlin) }
	s := payments(t)
	// Dina takes Olga's Wednesday night of the week of 5 January.
	s.Overrides = []Override{{ID: "o1", Tier: TierPrimary, EngineerID: "dina", Start: at(1, 7, 17), End: at(1, 8, 9), CreatedAt: at(1, 1, 0)}}
	c := mustCompile(t, s)
	find := func(tier Tier, who string, in time.Time) Shift {
		for _, sh := range c.TierShifts(tier, in.Add(-24*time.Hour), in.Add(24*time.Hour)) {
			if sh.EngineerID == who && !in.Before(sh.Start) && in.Before(sh.End) {
				return sh
			}
		}
		t.Fatalf("no shift of %s at %v", who, in)
		return Shift{}
	}
	cases := []struct {
		name       string
		shift      Shift
		start, end time.Time
	}{
		// Olga's turn runs Mon 5 Jan 09:00 to Mon 12 Jan 09:00; her first
		// stretch of it starts at 17:00, when business hours end.
		{"a night of a weekly turn", find(TierPrimary, "olga", at(1, 6, 3)), at(1, 5, 17), at(1, 12, 9)},
		{"its weekend", find(TierPrimary, "olga", at(1, 10, 12)), at(1, 5, 17), at(1, 12, 9)},
		{"a business-hours day is its hours", find(TierPrimary, "dina", at(1, 6, 12)), at(1, 6, 9), at(1, 6, 17)},
		{"an override is itself", find(TierPrimary, "dina", at(1, 8, 3)), at(1, 7, 17), at(1, 8, 9)},
		{"a turn with no business hours in it", find(TierSecondary, "omar", at(1, 7, 12)), at(1, 5, 9), at(1, 12, 9)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := c.WholeShift(tc.shift)
			if !got.Start.Equal(tc.start) || !got.End.Equal(tc.end) {
				t.Fatalf("whole shift of %v–%v = %v–%v, want %v–%v", tc.shift.Start, tc.shift.End, got.Start, got.End, tc.start, tc.end)
			}
		})
	}
}

// TestTakeASwap: Omar asks for Olga's whole week; she accepts, and the
// overrides put him, the requester, where she was.
func TestTakeASwap(t *testing.T) {
	s := payments(t)
	c := mustCompile(t, s)
	berlin := mustLoc(t, "Europe/Berlin")
	at := func(d, h int) time.Time { return time.Date(2026, 1, d, h, 0, 0, 0, berlin) }
	sw := Swap{ID: "9", Kind: SwapTake, Tier: TierPrimary, RequesterID: "omar", TargetID: "olga", Start: at(5, 17), End: at(12, 9), State: SwapRequested}
	if sw.Giver() != "olga" || sw.Taker() != "omar" {
		t.Fatalf("giver %s, taker %s", sw.Giver(), sw.Taker())
	}
	if _, _, err := DecideSwap(c, sw, SwapAccept, "omar", at(1, 0)); !errors.As(err, new(*ForbiddenError)) {
		t.Fatalf("the requester accepted his own request: %v", err)
	}
	next, ovs, err := DecideSwap(c, sw, SwapAccept, "olga", at(1, 0))
	if err != nil || next.State != SwapAccepted || len(ovs) != 5 {
		t.Fatalf("accept: %+v %d %v", next, len(ovs), err)
	}
	for _, o := range ovs {
		if o.EngineerID != "omar" {
			t.Fatalf("override for %s", o.EngineerID)
		}
	}
	s.Overrides = ovs
	after := mustCompile(t, s)
	for _, sh := range after.TierShifts(TierPrimary, sw.Start, sw.End) {
		if sh.EngineerID == "olga" {
			t.Fatalf("olga still on call %v–%v", sh.Start, sh.End)
		}
	}
}
