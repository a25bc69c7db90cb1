package pagerduty_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	pd "github.com/PagerDuty/go-pagerduty"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/pagerduty"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
)

func findSchedule(t *testing.T, org *pagerduty.Org, team, name string) pagerduty.Schedule {
	t.Helper()
	tm := org.Team(team)
	if tm == nil {
		t.Fatalf("no team %s in %v", team, teamNames(org))
	}
	for _, s := range tm.Schedules {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("team %s has no schedule %q", team, name)
	return pagerduty.Schedule{}
}

func teamNames(org *pagerduty.Org) []string {
	var out []string
	for _, t := range org.Teams {
		out = append(out, t.Name)
	}
	return out
}

func hasProblem(rep *pagerduty.Report, action, kind, id, reason string) bool {
	return slices.ContainsFunc(rep.Problems, func(p pagerduty.Problem) bool {
		return p.Action == action && p.Kind == kind && p.ID == id && strings.Contains(p.Reason, reason)
	})
}

func TestConvertFixture(t *testing.T) {
	_, _, snap := snapshot(t)
	org, rep := pagerduty.Convert(snap, pagerduty.Options{})
	for _, p := range rep.Problems {
		t.Log(p)
	}

	if got := teamNames(org); !slices.Equal(got, []string{"payments", "platform-sre"}) {
		t.Fatalf("teams %v", got)
	}
	if len(org.Users) != 9 {
		t.Fatalf("%d users, want 9 (the one without an email is left out)", len(org.Users))
	}
	var alice, carla pagerduty.User
	for _, u := range org.Users {
		switch u.PagerDutyID {
		case "PALICE1":
			alice = u
		case "PCARL03":
			carla = u
		}
	}
	if alice.Phone != "+15550100001" || alice.TimeZone != "America/New_York" || carla.Email != "carla.diaz@example.com" {
		t.Fatalf("alice %+v, carla %+v", alice, carla)
	}

	pay := org.Team("payments")
	if !slices.Contains(pay.Members, pagerduty.Member{Email: "olga@example.com", Role: rota.TeamAdmin}) || len(pay.Members) != 4 {
		t.Fatalf("payments members %+v", pay.Members)
	}

	primary := findSchedule(t, org, "payments", "Payments Primary")
	if len(primary.Layers) != 2 || primary.Layers[0].Name != "Weekly ops" || primary.Layers[1].Name != "Dev business hours" {
		t.Fatalf("layers in precedence order: %+v", primary.Layers)
	}
	wantCov := []scheduler.Window{{Days: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
		From: scheduler.TimeOfDay{Hour: 9}, To: scheduler.TimeOfDay{Hour: 17}}}
	if fmt.Sprint(primary.Layers[1].Coverage) != fmt.Sprint(wantCov) || primary.Layers[1].Shift.String() != "1d" {
		t.Fatalf("business hours layer %+v", primary.Layers[1])
	}
	if len(primary.Overrides) != 2 || primary.Overrides[0].ID != "PO0002" || primary.Overrides[0].EngineerID != "erik@example.com" {
		t.Fatalf("overrides (the past one left out) %+v", primary.Overrides)
	}

	// The edited layer: the ended one is gone; its successor starts at the
	// last handoff before the edit, users in PagerDuty's order.
	secondary := findSchedule(t, org, "payments", "Payments Secondary")
	if len(secondary.Layers) != 1 || secondary.Layers[0].Start.String() != "2026-02-16T09:00" ||
		!slices.Equal(secondary.Layers[0].Participants, []string{"erik@example.com", "omar@example.com", "olga@example.com"}) {
		t.Fatalf("secondary %+v", secondary.Layers)
	}

	// Virtual start after start: the layer starts 8 turns back, rotated.
	sre2 := findSchedule(t, org, "platform-sre", "SRE Secondary")
	l := sre2.Layers[0]
	if l.Start.String() != "2026-02-25T07:00" || l.Shift.String() != "12h" ||
		!slices.Equal(l.Participants, []string{"carla.diaz@example.com", "dev@example.com", "bob@example.com"}) {
		t.Fatalf("12-hour layer %+v", l)
	}

	sre1 := findSchedule(t, org, "platform-sre", "SRE Primary")
	nights, weekend := sre1.Layers[1], sre1.Layers[2]
	if len(nights.Coverage) != 1 || nights.Coverage[0].From.String() != "20:00" || nights.Coverage[0].To.String() != "08:00" ||
		len(nights.Coverage[0].Days) != 7 {
		t.Fatalf("nights %+v", nights.Coverage)
	}
	if fmt.Sprint(weekend.Coverage) != fmt.Sprint([]scheduler.Window{
		{Days: []time.Weekday{time.Saturday}, From: scheduler.TimeOfDay{Hour: 10}, To: scheduler.TimeOfDay{Hour: 24}},
		{Days: []time.Weekday{time.Sunday}, From: scheduler.TimeOfDay{}, To: scheduler.TimeOfDay{Hour: 18}}}) {
		t.Fatalf("weekend %+v", weekend.Coverage)
	}

	if len(pay.Policies) != 1 {
		t.Fatalf("payments policies %+v", pay.Policies)
	}
	pol := pay.Policies[0]
	if pol.Repeat != 2 || pol.RepeatAfter != 15*time.Minute || len(pol.Steps) != 3 ||
		pol.Steps[1].After != 5*time.Minute || pol.Steps[2].After != 15*time.Minute ||
		!slices.Equal(pol.Steps[2].Targets, []pagerduty.Target{{Email: "olga@example.com"}}) {
		t.Fatalf("payments policy %+v", pol)
	}
	sre := org.Team("platform-sre")
	if sp := sre.Policies[0]; len(sp.Steps) != 2 || sp.Steps[1].After != 30*time.Minute || len(sp.Steps[1].Targets) != 2 {
		t.Fatalf("sre policy %+v", sp)
	}
	if !slices.ContainsFunc(sre.Members, func(m pagerduty.Member) bool { return m.Email == "erik@example.com" }) {
		t.Fatal("erik, a target of the SRE policy, is not made a member of the team")
	}

	var services []string
	for _, tm := range org.Teams {
		for _, s := range tm.Services {
			services = append(services, tm.Name+"/"+s.Name)
		}
	}
	if !slices.Equal(services, []string{"payments/Checkout", "payments/Ledger", "platform-sre/Edge API", "platform-sre/Batch Jobs"}) {
		t.Fatalf("services %v", services)
	}
	co := pay.Services[0]
	if co.Urgency != paging.UrgencyHigh || co.Policy != "Payments Default" || co.Hours.TimeZone != "Europe/Berlin" ||
		len(co.Integrations) != 1 || co.Integrations[0].Key != "a1b2c3d4e5f60718293a4b5c6d7e8f90" || co.Integrations[0].Type != paging.PagerDuty {
		t.Fatalf("checkout %+v", co)
	}
	if pay.Services[1].Urgency != paging.UrgencyFromSeverity || sre.Services[1].Policy != "" || sre.Services[1].Urgency != paging.UrgencyLow {
		t.Fatalf("ledger %+v, batch %+v", pay.Services[1], sre.Services[1])
	}

	for _, want := range []struct{ action, kind, id, reason string }{
		{pagerduty.Skipped, "user", "PNOMAIL", "no email"},
		{pagerduty.Skipped, "schedule", "PSLEG01", "PGONE99"},
		{pagerduty.Skipped, "schedule", "PSHALF1", "30m0s"},
		{pagerduty.Skipped, "escalation_policy", "PELEG01", "no rule"},
		{pagerduty.Changed, "escalation_policy", "PEPAY01", "PNOMAIL"},
		{pagerduty.Changed, "escalation_policy", "PESRE01", "PSLEG01"},
		{pagerduty.Changed, "service", "PSVC001", "outside support hours"},
		{pagerduty.Changed, "service", "PSVC001", "scheduled actions"},
		{pagerduty.Changed, "service", "PSVC004", "pages no one"},
		{pagerduty.Changed, "service", "PSVC004", "after an acknowledgement"},
		{pagerduty.Skipped, "integration", "PI002", "email"},
		{pagerduty.Skipped, "integration", "PI003", "v1"},
		{pagerduty.Changed, "team", "PTPAY01", "named payments"},
		{pagerduty.Changed, "team", "PTSRE02", "erik@example.com is added"},
	} {
		if !hasProblem(rep, want.action, want.kind, want.id, want.reason) {
			t.Errorf("the report lacks %+v", want)
		}
	}
	if n := len(rep.Skipped()); n != 6 {
		t.Errorf("%d skipped, want 6: %v", n, rep.Skipped())
	}
}

// TestConvertIsStable: the same PagerDuty data gives the same result on
// another day, so a second import changes nothing.
func TestConvertIsStable(t *testing.T) {
	_, _, snap := snapshot(t)
	a, _ := pagerduty.Convert(snap, pagerduty.Options{})
	b, _ := pagerduty.Convert(snap, pagerduty.Options{At: snap.At.Add(24 * time.Hour)})
	for i := range a.Teams {
		for j := range a.Teams[i].Schedules {
			sa, sb := a.Teams[i].Schedules[j], b.Teams[i].Schedules[j]
			if fmt.Sprint(sa.Layers) != fmt.Sprint(sb.Layers) {
				t.Fatalf("schedule %s differs a day later:\n%v\n%v", sa.Name, sa.Layers, sb.Layers)
			}
		}
	}
}

func TestCoverage(t *testing.T) {
	restr := func(typ string, day int, start string, hours float64) pd.Restriction {
		return pd.Restriction{Type: typ, StartDayOfWeek: uint(day), StartTimeOfDay: start, DurationSeconds: uint(hours * 3600)}
	}
	cases := []struct {
		name string
		in   []pd.Restriction
		want string // windows, or "always", or "skip"
	}{
		{"none", nil, "always"},
		{"a whole day", []pd.Restriction{restr("daily_restriction", 0, "00:00:00", 24)}, "always"},
		{"a whole week", []pd.Restriction{restr("weekly_restriction", 3, "10:00:00", 168)}, "always"},
		{"daily to midnight", []pd.Restriction{restr("daily_restriction", 0, "18:00:00", 6)}, "[{[Monday Tuesday Wednesday Thursday Friday Saturday Sunday] 18:00 24:00}]"},
		{"daily across midnight", []pd.Restriction{restr("daily_restriction", 0, "22:00:00", 9)}, "[{[Monday Tuesday Wednesday Thursday Friday Saturday Sunday] 22:00 07:00}]"},
		{"Sunday into Monday", []pd.Restriction{restr("weekly_restriction", 7, "20:00:00", 10)}, "[{[Sunday] 20:00 06:00}]"},
		{"three days", []pd.Restriction{restr("weekly_restriction", 5, "17:00:00", 64)}, "[{[Friday] 17:00 24:00} {[Saturday Sunday] 00:00 24:00} {[Monday] 00:00 09:00}]"},
		{"seconds", []pd.Restriction{restr("daily_restriction", 0, "09:00:30", 8)}, "skip"},
		{"odd duration", []pd.Restriction{{Type: "daily_restriction", StartTimeOfDay: "09:00:00", DurationSeconds: 90}}, "skip"},
		{"unknown type", []pd.Restriction{restr("monthly_restriction", 0, "09:00:00", 8)}, "skip"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, why := pagerduty.Coverage(tc.in)
			s := fmt.Sprint(got)
			switch {
			case why != "":
				s = "skip"
			case got == nil:
				s = "always"
			}
			if s != tc.want {
				t.Fatalf("got %s (%s), want %s", s, why, tc.want)
			}
		})
	}
}
