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
		{"starts before her shift", Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "omar", Start: at(9, 12), End: at(10, 0)}, "start"},
		{"runs past her shift", Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "omar", Start: at(11, 0), End: at(12, 12)}, "end"},
		{"target not in the team", Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "zed", Start: at(10, 0), End: at(11, 0)}, "target"},
		{"requester not in the team", Swap{Tier: TierPrimary, RequesterID: "zed", TargetID: "olga", Start: at(10, 0), End: at(11, 0)}, "requester"},
		{"swap with oneself", Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "olga", Start: at(10, 0), End: at(11, 0)}, "target"},
		{"empty range", Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "omar", Start: at(10, 0), End: at(10, 0)}, "end"},
		{"no start", Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "omar", End: at(10, 0)}, "start"},
		{"unknown tier", Swap{Tier: "boss", RequesterID: "olga", TargetID: "omar", Start: at(10, 0), End: at(11, 0)}, "tier"},
		{"already accepted", Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "omar", Start: at(10, 0), End: at(11, 0), State: SwapAccepted}, "state"},
		{"shadow shift", Swap{Tier: TierShadow, RequesterID: "nia", TargetID: "dina", Start: at(10, 0), End: at(11, 0)}, ""},
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
			got, ovr, err := Transition(in, tc.action, tc.actor, now)
			if tc.code != "" {
				coded, ok := err.(interface{ ErrorCode() string })
				if !ok || coded.ErrorCode() != tc.code {
					t.Fatalf("err = %v, want code %s", err, tc.code)
				}
				if got.State != tc.state || ovr != nil {
					t.Fatalf("failed transition changed the swap: %v %v", got, ovr)
				}
				return
			}
			if err != nil || got.State != tc.want || !got.DecidedAt.Equal(now) {
				t.Fatalf("got %v %v", got, err)
			}
			if (ovr != nil) != (tc.want == SwapAccepted) {
				t.Fatalf("override = %v", ovr)
			}
			if ovr != nil && (ovr.EngineerID != "omar" || ovr.Tier != TierPrimary || !ovr.Start.Equal(req.Start) ||
				!ovr.End.Equal(req.End) || !ovr.CreatedAt.Equal(now) || ovr.ID != "swap-42") {
				t.Fatalf("override = %+v", *ovr)
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
	_, ovr, err := Transition(sw, SwapAccept, "omar", time.Date(2026, 1, 8, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	s.Overrides = append(s.Overrides, *ovr)
	c = mustCompile(t, s)
	sh, ok := c.OnCallTier(TierPrimary, time.Date(2026, 1, 10, 12, 0, 0, 0, berlin))
	if !ok || sh.EngineerID != "omar" || sh.Source.Kind != SourceOverride || sh.Source.ID != "swap-1" {
		t.Fatalf("after the swap: %v %v", ok, sh)
	}
	// And omar now cannot be swapped out of olga's Sunday.
	if err := ValidateSwapRequest(c, Swap{Tier: TierPrimary, RequesterID: "omar", TargetID: "dina",
		Start: time.Date(2026, 1, 10, 12, 0, 0, 0, berlin), End: time.Date(2026, 1, 11, 12, 0, 0, 0, berlin)}); err == nil {
		t.Fatal("omar swapped away olga's sunday")
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
	if err != nil || ov == nil || next.State != SwapAccepted || ov.EngineerID != "omar" {
		t.Fatalf("a swap that still holds: %+v %+v %v", next, ov, err)
	}
	// Olga is no longer on call then (as if the schedule had changed).
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
