package load

import (
	"reflect"
	"testing"
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

// berlinTeam is DESIGN.md's mixed setup in one zone: ops cover always on
// primary, devs the business hours on top, ops on secondary, Nia shadows.
func berlinTeam(pairing string) scheduler.Schedule {
	week := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	start := scheduler.LocalDateTime{Date: scheduler.Date{Year: 2026, Month: 1, Day: 5}, Hour: 9}
	return scheduler.Schedule{
		ID: "payments-oncall", Name: "payments-oncall", TeamID: "payments", TimeZone: "Europe/Berlin", Pairing: pairing,
		Members: []scheduler.Engineer{
			{ID: "olga", Name: "Olga", Discipline: scheduler.DisciplineOps, TimeZone: "Europe/Berlin"},
			{ID: "omar", Name: "Omar", Discipline: scheduler.DisciplineOps, TimeZone: "Europe/Berlin"},
			{ID: "dan", Name: "Dan", Discipline: scheduler.DisciplineDev, TimeZone: "Europe/Berlin"},
			{ID: "dina", Name: "Dina", Discipline: scheduler.DisciplineDev, TimeZone: "Europe/Berlin"},
			{ID: "nia", Name: "Nia", Discipline: scheduler.DisciplineDev, TimeZone: "Europe/Berlin"},
		},
		Layers: []scheduler.Layer{
			{ID: "ops", Name: "ops-24x7", Tier: scheduler.TierPrimary, Participants: []string{"olga", "omar"}, Start: start, Shift: scheduler.ShiftLength{Days: 7}},
			{ID: "dev", Name: "dev-business-hours", Tier: scheduler.TierPrimary, Participants: []string{"dan", "dina"}, Start: start, Shift: scheduler.ShiftLength{Days: 1},
				Coverage: []scheduler.Window{{Days: week, From: scheduler.TimeOfDay{Hour: 9}, To: scheduler.TimeOfDay{Hour: 17}}}},
			{ID: "sec", Name: "secondary", Tier: scheduler.TierSecondary, Participants: []string{"omar", "olga"}, Start: start, Shift: scheduler.ShiftLength{Days: 7}},
			{ID: "learners", Name: "learners", Tier: scheduler.TierShadow, Participants: []string{"nia"}, Start: start, Shift: scheduler.ShiftLength{Days: 7}},
		},
	}
}

func engineersOf(s scheduler.Schedule) []Engineer {
	var out []Engineer
	for _, m := range s.Members {
		out = append(out, Engineer{ID: m.ID, Name: m.Name, TimeZone: m.TimeZone, Discipline: m.Discipline})
	}
	return out
}

func compile(t testing.TB, s scheduler.Schedule) *scheduler.Compiled {
	t.Helper()
	c, err := scheduler.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSuggestRecovery(t *testing.T) {
	const zone = "Europe/Berlin"
	from, to := at(t, zone, "2026-01-05T00:00"), at(t, zone, "2026-01-12T00:00")
	// Dina is woken on Monday night (directly, not on call); Dan carries
	// more load than Olga; Omar is woken on Friday night before a weekend.
	pages := []Page{
		page("dan", "x1", at(t, zone, "2026-01-05T10:00")),
		page("dan", "x2", at(t, zone, "2026-01-05T11:00")),
		page("dina", "a", at(t, zone, "2026-01-06T02:00")),
		page("dina", "b", at(t, zone, "2026-01-06T03:30")),
		page("omar", "c", at(t, zone, "2026-01-09T23:00")),
	}
	for _, tc := range []struct {
		pairing string
		cands   []string
		msg     string
	}{
		{scheduler.PairingNone, []string{"olga", "dan"},
			"Dina had 2 sleep-hour interruptions on the night of 5 January: Olga could cover the primary shift on 6 January 09:00–17:00."},
		// Mixed: Omar (ops) is secondary, so only a dev may take primary.
		{scheduler.PairingMixed, []string{"dan"},
			"Dina had 2 sleep-hour interruptions on the night of 5 January: Dan could cover the primary shift on 6 January 09:00–17:00."},
	} {
		s := berlinTeam(tc.pairing)
		c := compile(t, s)
		in := Input{From: from, To: to, TimeZone: zone, Engineers: engineersOf(s), Shifts: c.Shifts(from, to)}
		r := addAll(t, mustAcc(t, in), pages)
		got, err := SuggestRecovery(c, in.Engineers, r)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 {
			t.Fatalf("%q: %d suggestions: %+v", tc.pairing, len(got), got)
		}
		g := got[0]
		want := scheduler.Swap{ScheduleID: "payments-oncall", Tier: scheduler.TierPrimary, RequesterID: "dina", TargetID: tc.cands[0],
			Start: at(t, zone, "2026-01-06T09:00"), End: at(t, zone, "2026-01-06T17:00"), State: scheduler.SwapRequested}
		if !g.Swap.Start.Equal(want.Start) || !g.Swap.End.Equal(want.End) {
			t.Errorf("%q: swap %v–%v", tc.pairing, g.Swap.Start, g.Swap.End)
		}
		g.Swap.Start, g.Swap.End, want.Start, want.End = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		if g.Swap != want || !reflect.DeepEqual(g.Candidates, tc.cands) || g.Message != tc.msg || g.Night.Interruptions != 2 || g.Night.Date != dateOf(2026, 1, 5) {
			t.Errorf("%q: got %+v", tc.pairing, g)
		}
		if err := scheduler.ValidateSwapRequest(c, got[0].Swap); err != nil {
			t.Errorf("the suggested swap is refused: %v", err)
		}
	}
}

// TestRecoveryFollowsOnCall: an ops engineer woken during a 24×7 week is
// covered for the business hours of the next morning that are still
// theirs (08:00 to the devs' 09:00), and nobody is suggested when all
// are busy.
func TestRecoveryFollowsOnCall(t *testing.T) {
	const zone = "Europe/Berlin"
	s := berlinTeam(scheduler.PairingNone)
	s.Members = s.Members[:2] // Olga and Omar only
	s.Layers = []scheduler.Layer{s.Layers[0], s.Layers[2]}
	c := compile(t, s)
	from, to := at(t, zone, "2026-01-05T09:00"), at(t, zone, "2026-01-12T09:00")
	in := Input{From: from, To: to, TimeZone: zone, Engineers: engineersOf(s), Shifts: c.Shifts(from, to)}
	r := addAll(t, mustAcc(t, in), []Page{page("olga", "a", at(t, zone, "2026-01-07T04:00"))})
	got, err := SuggestRecovery(c, in.Engineers, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Swap.TargetID != "" || len(got[0].Candidates) != 0 ||
		!got[0].Swap.Start.Equal(at(t, zone, "2026-01-07T08:00")) || !got[0].Swap.End.Equal(at(t, zone, "2026-01-07T18:00")) {
		t.Fatalf("got %+v", got)
	}
	if want := "Olga had 1 sleep-hour interruption on the night of 6 January; nobody is free to cover the primary shift on 7 January 08:00–18:00."; got[0].Message != want {
		t.Errorf("message %q", got[0].Message)
	}
}
