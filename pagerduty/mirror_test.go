package pagerduty_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	pd "github.com/PagerDuty/go-pagerduty"

	"github.com/rotaoncall/rota/pagerduty"
	"github.com/rotaoncall/rota/pagerduty/pdfake"
	"github.com/rotaoncall/rota/scheduler"
)

// rotaPayments is a Rota schedule that PagerDuty's "Payments Primary" is
// to follow: a daily rotation of Omar and Nina handing off at 09:00, and a
// Rota override for someone PagerDuty does not know.
func rotaPayments(overrides ...scheduler.Override) scheduler.Schedule {
	eng := func(e string) scheduler.Engineer {
		return scheduler.Engineer{ID: e, Name: e, Discipline: scheduler.DisciplineOps}
	}
	return scheduler.Schedule{ID: "rota-payments", TimeZone: "Europe/Berlin",
		Members: []scheduler.Engineer{eng("omar@example.com"), eng("nina@example.com"), eng("rita@example.com"), eng("newhire@example.com")},
		Layers: []scheduler.Layer{{ID: "daily", Name: "daily", Tier: scheduler.TierPrimary,
			Participants: []string{"omar@example.com", "nina@example.com"},
			Start:        scheduler.LocalDateTime{Date: scheduler.Date{Year: 2026, Month: 2, Day: 23}, Hour: 9},
			Shift:        scheduler.ShiftLength{Days: 1}}},
		Overrides: overrides}
}

func berlin(t *testing.T, m time.Month, d, hh int) time.Time {
	return time.Date(2026, m, d, hh, 0, 0, 0, mustLoc(t, "Europe/Berlin"))
}

func writes(fake *pdfake.Server) int {
	n := 0
	for _, r := range fake.Requests() {
		if r.Method == http.MethodPost || r.Method == http.MethodDelete {
			n++
		}
	}
	return n
}

func TestMirror(t *testing.T) {
	fake, c, _ := fixture(t)
	ctx := context.Background()
	users, err := c.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := pagerduty.UserIDsByEmail(users)
	userID := func(e string) (string, bool) { id, ok := ids[e]; return id, ok }
	emails := map[string]string{}
	for e, id := range ids {
		emails[id] = e
	}
	who := func(id string) string { return emails[id] }
	from := pdfake.FixtureAt
	newhire := scheduler.Override{ID: "o1", Tier: scheduler.TierPrimary, EngineerID: "newhire@example.com",
		Start: berlin(t, 3, 5, 12), End: berlin(t, 3, 5, 14)}

	run := func(s scheduler.Schedule, to time.Time) pagerduty.MirrorPlan {
		t.Helper()
		cs, err := scheduler.Compile(s)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := c.Mirror(ctx, "PSPAY01", pagerduty.MirrorInput{From: from, To: to,
			Shifts: cs.TierShifts(scheduler.TierPrimary, from, to), UserID: userID})
		if err != nil {
			t.Fatal(err)
		}
		return plan
	}
	check := func(s scheduler.Schedule, to time.Time, allowed ...pagerduty.Difference) {
		t.Helper()
		sc, err := c.Schedule(ctx, "PSPAY01", from, to)
		if err != nil {
			t.Fatal(err)
		}
		diffs, err := pagerduty.Compare(s, sc.FinalSchedule.RenderedScheduleEntries, who, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if len(diffs) != len(allowed) {
			t.Fatalf("PagerDuty does not follow Rota: %v", diffs)
		}
		for i := range diffs {
			if !diffs[i].Start.Equal(allowed[i].Start) || !diffs[i].End.Equal(allowed[i].End) || diffs[i].Rota != allowed[i].Rota {
				t.Fatalf("difference %v, want %v", diffs[i], allowed[i])
			}
		}
	}
	week := from.Add(7 * 24 * time.Hour)

	// First run: Erik's override in progress disagrees and goes; a daily
	// override per turn, the one with the new hire's stretch split.
	s := rotaPayments(newhire)
	plan := run(s, week)
	if len(plan.Delete) != 1 || plan.Delete[0].ID != "PO0002" || len(plan.Create) != 9 || plan.Kept != 0 || len(plan.Unmapped) != 1 {
		t.Fatalf("first run: %+v", plan)
	}
	// Only where Rota has someone PagerDuty does not know do they differ.
	check(s, week, pagerduty.Difference{Start: newhire.Start, End: newhire.End, Rota: "newhire@example.com"})

	// Second run: nothing to write.
	before := writes(fake)
	if plan := run(s, week); !plan.Empty() || plan.Kept != 9 {
		t.Fatalf("second run: %+v", plan)
	}
	if writes(fake) != before {
		t.Fatal("the second run wrote to PagerDuty")
	}

	// Rita takes Friday in Rota: one override goes, one comes.
	rita := scheduler.Override{ID: "o2", Tier: scheduler.TierPrimary, EngineerID: "rita@example.com",
		Start: berlin(t, 3, 6, 9), End: berlin(t, 3, 7, 9), CreatedAt: time.Unix(1, 0)}
	s = rotaPayments(newhire, rita)
	plan = run(s, week)
	if len(plan.Delete) != 1 || len(plan.Create) != 1 || plan.Create[0].UserID != "PRITA10" || plan.Kept != 8 {
		t.Fatalf("after Rita's override: %+v", plan)
	}
	check(s, week, pagerduty.Difference{Start: newhire.Start, End: newhire.End, Rota: "newhire@example.com"})

	// A day more: only the new stretch is written.
	later := week.Add(24 * time.Hour)
	plan = run(s, later)
	if len(plan.Delete) != 0 || len(plan.Create) != 2 || !plan.Create[0].Start.Equal(week) {
		t.Fatalf("a day more: %+v", plan)
	}
	check(s, later, pagerduty.Difference{Start: newhire.Start, End: newhire.End, Rota: "newhire@example.com"})
}

func TestPlanMirror(t *testing.T) {
	at := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	h := func(n int) time.Time { return at.Add(time.Duration(n) * time.Hour) }
	shift := func(s, e int, who string) scheduler.Shift {
		return scheduler.Shift{Tier: scheduler.TierPrimary, EngineerID: who, Start: h(s), End: h(e)}
	}
	ovr := func(id string, s, e int, user string) pd.Override {
		return pd.Override{ID: id, Start: h(s).Format(time.RFC3339), End: h(e).Format(time.RFC3339), User: pd.APIObject{ID: user}}
	}
	userID := func(e string) (string, bool) { return "P" + e, e != "x" }
	cases := []struct {
		name     string
		shifts   []scheduler.Shift
		existing []pd.Override
		creates  int
		deletes  int
		kept     int
		gaps     int
	}{
		{name: "nothing yet", shifts: []scheduler.Shift{shift(-2, 4, "a"), shift(4, 8, "b"), shift(8, 14, "a")}, creates: 3},
		{name: "adjacent turns of one person are one override", shifts: []scheduler.Shift{shift(0, 4, "a"), shift(4, 10, "a")}, creates: 1},
		{name: "all in place", shifts: []scheduler.Shift{shift(0, 4, "a"), shift(4, 10, "b")},
			existing: []pd.Override{ovr("1", -5, 4, "Pa"), ovr("2", 4, 12, "Pb")}, kept: 2},
		{name: "an override that disagrees in part goes", shifts: []scheduler.Shift{shift(0, 4, "a"), shift(4, 10, "b")},
			existing: []pd.Override{ovr("1", 0, 6, "Pa")}, creates: 2, deletes: 1},
		{name: "a partial override is completed", shifts: []scheduler.Shift{shift(0, 10, "a")},
			existing: []pd.Override{ovr("1", 3, 5, "Pa")}, creates: 2, kept: 1},
		{name: "overrides outside the window are left alone", shifts: []scheduler.Shift{shift(0, 10, "a")},
			existing: []pd.Override{ovr("1", 10, 20, "Pb"), ovr("2", -9, 0, "Pb")}, creates: 1},
		{name: "gaps and unknown people are not covered", shifts: []scheduler.Shift{shift(1, 3, "a"), shift(3, 5, "x"), shift(6, 8, "a")},
			existing: []pd.Override{ovr("1", 5, 6, "Pb")}, creates: 2, deletes: 1, gaps: 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := pagerduty.PlanMirror(pagerduty.MirrorInput{From: h(0), To: h(10), Shifts: tc.shifts, UserID: userID, Existing: tc.existing})
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Create) != tc.creates || len(plan.Delete) != tc.deletes || plan.Kept != tc.kept || len(plan.Gaps) != tc.gaps {
				t.Fatalf("plan %+v", plan)
			}
			for _, w := range plan.Create {
				if w.Start.Before(h(0)) || w.End.After(h(10)) {
					t.Fatalf("override %v outside the window", w)
				}
			}
		})
	}
}
