package loadsvc

import (
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/scheduler"
)

func TestHorizon(t *testing.T) {
	ber, _ := time.LoadLocation("Europe/Berlin")
	for _, tc := range []struct{ now, from, to string }{
		// A Wednesday: from next Monday, four weeks.
		{"2027-01-13T09:30:00Z", "2027-01-18T00:00:00+01:00", "2027-02-15T00:00:00+01:00"},
		// A Monday morning: the Monday after, not today.
		{"2027-01-18T06:00:00Z", "2027-01-25T00:00:00+01:00", "2027-02-22T00:00:00+01:00"},
		// Sunday 23:30 UTC is already Monday in Berlin.
		{"2027-01-17T23:30:00Z", "2027-01-25T00:00:00+01:00", "2027-02-22T00:00:00+01:00"},
		// Across the spring change: four calendar weeks, 671 hours.
		{"2027-03-10T12:00:00Z", "2027-03-15T00:00:00+01:00", "2027-04-12T00:00:00+02:00"},
	} {
		now, _ := time.Parse(time.RFC3339, tc.now)
		from, to := Horizon(now, ber)
		wf, _ := time.Parse(time.RFC3339, tc.from)
		wt, _ := time.Parse(time.RFC3339, tc.to)
		if !from.Equal(wf) || !to.Equal(wt) {
			t.Errorf("Horizon(%s) = %s – %s, want %s – %s", tc.now, from, to, wf, wt)
		}
	}
}

func TestCheckPeriodAndDigest(t *testing.T) {
	a := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		from, to time.Time
		field    string
	}{
		{time.Time{}, a, "from"},
		{a, time.Time{}, "to"},
		{a, a, "to"},
		{a.AddDate(0, 0, 1), a, "to"},
		{a, a.AddDate(0, 0, 401), "to"},
		{a, a.AddDate(0, 0, 90), ""},
	} {
		err := CheckPeriod(tc.from, tc.to)
		if got := ""; err != nil {
			got = err.(*rota.Error).Field
			if got != tc.field {
				t.Errorf("CheckPeriod(%s, %s): field %q, want %q", tc.from, tc.to, got, tc.field)
			}
		} else if tc.field != "" {
			t.Errorf("CheckPeriod(%s, %s) passed, want an error on %s", tc.from, tc.to, tc.field)
		}
	}
	ovs := []scheduler.Override{{Tier: scheduler.TierPrimary, EngineerID: "2", Start: a, End: a.Add(time.Hour)}}
	d := Digest(5, 7, a, a.AddDate(0, 0, 28), ovs)
	if d != Digest(5, 7, a, a.AddDate(0, 0, 28), ovs) || len(d) != 24 {
		t.Fatalf("digest %q is not stable", d)
	}
	other := []scheduler.Override{{Tier: scheduler.TierPrimary, EngineerID: "3", Start: a, End: a.Add(time.Hour)}}
	for _, x := range []string{Digest(5, 8, a, a.AddDate(0, 0, 28), ovs), Digest(6, 7, a, a.AddDate(0, 0, 28), ovs), Digest(5, 7, a, a.AddDate(0, 0, 28), other)} {
		if x == d {
			t.Fatal("a different proposal has the same digest")
		}
	}
}
