package load

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

// team returns n engineers e0…e(n-1) in zone, all in the rotation.
func team(n int, zone string) []Engineer {
	var out []Engineer
	for i := range n {
		out = append(out, Engineer{ID: fmt.Sprintf("e%d", i), Name: fmt.Sprintf("E%d", i), TimeZone: zone})
	}
	return out
}

func ids(es []Engineer) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

// TestSleepFlagAtThreshold: two sleep-hour interruptions within 7 local
// days flag, one does not; the 7 days are wall-clock days, so across the
// US change they last 167 hours.
func TestSleepFlagAtThreshold(t *testing.T) {
	const ny = "America/New_York"
	first := at(t, ny, "2026-03-02T23:00") // EST
	cases := []struct {
		name   string
		th     Thresholds
		offset []time.Duration // later sleep-hour pages, after first
		want   bool
		msg    string
	}{
		{"one is below the limit", Thresholds{}, nil, false, ""},
		{"two on one night flag", Thresholds{}, []time.Duration{2 * time.Minute}, true,
			"E0: 2 sleep-hour interruptions on 2 March (limit 2)"},
		{"two a wall-clock week less a second apart flag", Thresholds{}, []time.Duration{167*time.Hour - time.Second}, true,
			"E0: 2 sleep-hour interruptions between 2 and 9 March (limit 2)"},
		{"two a wall-clock week apart (167 h over the change) do not", Thresholds{}, []time.Duration{167 * time.Hour}, false, ""},
		{"a limit of 3: three flag", Thresholds{SleepInterruptions: 3}, []time.Duration{time.Hour, 2 * time.Hour}, true,
			"E0: 3 sleep-hour interruptions between 2 and 3 March (limit 3)"},
		{"a limit of 3: two do not", Thresholds{SleepInterruptions: 3}, []time.Duration{time.Hour}, false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := Input{From: first.AddDate(0, 0, -1), To: first.AddDate(0, 0, 20), TimeZone: ny,
				Engineers: team(1, ny), Rotation: []string{}, Thresholds: tc.th}
			pages := []Page{page("e0", "a", first)}
			for i, d := range tc.offset {
				pages = append(pages, page("e0", fmt.Sprint("b", i), first.Add(d)))
			}
			r := addAll(t, mustAcc(t, in), pages)
			e := eng(t, r, "e0")
			if e.Interruptions.Sleep != len(pages) {
				t.Fatalf("sleep interruptions = %d, want %d", e.Interruptions.Sleep, len(pages))
			}
			f, ok := hasFlag(e.Flags, FlagSleepInterruptions)
			if ok != tc.want {
				t.Fatalf("flag = %v, want %v (%v)", ok, tc.want, e.Flags)
			}
			if ok && f.Message != tc.msg {
				t.Errorf("message = %q, want %q", f.Message, tc.msg)
			}
		})
	}
}

// TestIncidentsFlagAtThreshold: three incidents in one 12-hour on-call
// shift flag, two do not, and the shifts are cut 12 hours apart from the
// start of the stretch.
func TestIncidentsFlagAtThreshold(t *testing.T) {
	const zone = "Europe/London"
	start := at(t, zone, "2026-06-01T09:00")
	cases := []struct {
		name   string
		th     Thresholds
		offset []time.Duration
		want   bool
	}{
		{"two are at the limit", Thresholds{}, []time.Duration{0, 11 * time.Hour}, false},
		{"three flag", Thresholds{}, []time.Duration{0, time.Hour, 11*time.Hour + 59*time.Minute}, true},
		{"three across a block boundary do not", Thresholds{}, []time.Duration{time.Hour, 2 * time.Hour, 12 * time.Hour}, false},
		{"coalesced pages are still separate incidents", Thresholds{}, []time.Duration{0, 10 * time.Second, 20 * time.Second}, true},
		{"a limit of 3: four flag", Thresholds{IncidentsPerShift: 3}, []time.Duration{0, time.Minute, 2 * time.Minute, 3 * time.Minute}, true},
		{"a limit of 3: three do not", Thresholds{IncidentsPerShift: 3}, []time.Duration{0, time.Minute, 2 * time.Minute}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := Input{From: start.AddDate(0, 0, -1), To: start.AddDate(0, 0, 7), TimeZone: zone, Engineers: team(1, zone),
				Shifts:     []scheduler.Shift{shift(scheduler.TierPrimary, "e0", start, start.AddDate(0, 0, 7))},
				Thresholds: tc.th}
			var pages []Page
			for i, d := range tc.offset {
				pages = append(pages, page("e0", fmt.Sprint("a", i), start.Add(d)))
			}
			r := addAll(t, mustAcc(t, in), pages)
			e := eng(t, r, "e0")
			f, ok := hasFlag(e.Flags, FlagIncidentsPerShift)
			if ok != tc.want {
				t.Fatalf("flag = %v, want %v (incidents %+v)", ok, tc.want, e.Incidents)
			}
			if ok && !strings.HasPrefix(f.Message, "E0: ") || ok && !strings.Contains(f.Message, "in the 12-hour on-call shift from 1 June 09:00") {
				t.Errorf("message = %q", f.Message)
			}
		})
	}
	// Off the rota, three incidents within 12 hours of the first flag too.
	in := Input{From: start, To: start.AddDate(0, 0, 2), TimeZone: zone, Engineers: team(1, zone)}
	r := addAll(t, mustAcc(t, in), []Page{page("e0", "a", start), page("e0", "b", start.Add(6*time.Hour)), page("e0", "c", start.Add(12*time.Hour-time.Second))})
	if f, ok := hasFlag(eng(t, r, "e0").Flags, FlagIncidentsPerShift); !ok || f.Message != "E0: 3 incidents within 12 hours off the rota from 1 June 09:00 (limit 2)" {
		t.Errorf("off-rota flag = %v %q", ok, f.Message)
	}
}

// TestOnCallShareFlagAtThreshold: exactly 25 % of the 4-week window is at
// the limit; a minute more flags.
func TestOnCallShareFlagAtThreshold(t *testing.T) {
	from := time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 0, 28)
	cases := []struct {
		name string
		th   Thresholds
		on   time.Duration
		want bool
		msg  string
	}{
		{"a quarter is at the limit", Thresholds{}, 7 * 24 * time.Hour, false, ""},
		{"a minute more flags", Thresholds{}, 7*24*time.Hour + time.Minute, true,
			"E0: on call more than 25% of the time between 2 February and 1 March (limit 25%)"},
		{"a third flags", Thresholds{}, 28 * 8 * time.Hour, true,
			"E0: on call 33.3% of the time between 2 February and 1 March (limit 25%)"},
		{"a limit of 50%: half is at it", Thresholds{OnCallSharePercent: 50}, 14 * 24 * time.Hour, false, ""},
		{"a limit of 50%: a nanosecond more flags", Thresholds{OnCallSharePercent: 50}, 14*24*time.Hour + 1, true,
			"E0: on call more than 50% of the time between 2 February and 1 March (limit 50%)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// The time on call is split over two shifts and two tiers.
			half := tc.on / 2
			in := Input{From: from, To: to, Engineers: team(1, "UTC"), Thresholds: tc.th,
				Shifts: []scheduler.Shift{
					shift(scheduler.TierPrimary, "e0", from.Add(time.Hour), from.Add(time.Hour+half)),
					shift(scheduler.TierSecondary, "e0", to.Add(-(tc.on - half)), to.Add(time.Hour)),
					shift(scheduler.TierShadow, "e0", from, to), // shadow time is not on call
				}}
			r := mustAcc(t, in).Report()
			e := eng(t, r, "e0")
			f, ok := hasFlag(e.Flags, FlagOnCallShare)
			if ok != tc.want {
				t.Fatalf("flag = %v, want %v (share %v)", ok, tc.want, e.OnCallShare)
			}
			if ok && f.Message != tc.msg {
				t.Errorf("message = %q, want %q", f.Message, tc.msg)
			}
		})
	}
	// A longer period is judged on its last 4 weeks only.
	in := Input{From: from.AddDate(0, 0, -28), To: to, Engineers: team(1, "UTC"),
		Shifts: []scheduler.Shift{shift(scheduler.TierPrimary, "e0", from.AddDate(0, 0, -28), from)}}
	if e := eng(t, mustAcc(t, in).Report(), "e0"); len(e.Flags) != 0 || e.OnCallShare != 0 {
		t.Errorf("on call before the window: share %v, flags %v", e.OnCallShare, e.Flags)
	}
}

// TestUnfairShareFlagAtThreshold: with 4 engineers and 10 interruptions
// the fair share is 2.5 and the limit 5; 6 flag, 5 do not.
func TestUnfairShareFlagAtThreshold(t *testing.T) {
	from := time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		th     Thresholds
		counts []int
		want   bool
		msg    string
	}{
		{"twice the fair share is at the limit", Thresholds{}, []int{5, 3, 2, 0}, false, ""},
		{"one more flags", Thresholds{}, []int{6, 2, 2, 0}, true,
			"E0: 6 of the team's 10 interruptions between 2 February and 1 March (60%), more than 2 times the fair share of 25% for 4 engineers"},
		{"a factor of 1.5: 4 are above 3.75", Thresholds{UnfairShareFactor: 1.5}, []int{4, 3, 3, 0}, true,
			"E0: 4 of the team's 10 interruptions between 2 February and 1 March (40%), more than 1.5 times the fair share of 25% for 4 engineers"},
		{"a factor of 1.2: exactly 3 are at it", Thresholds{UnfairShareFactor: 1.2}, []int{3, 3, 3, 1}, false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			es := team(4, "UTC")
			in := Input{From: from, To: from.AddDate(0, 0, 28), Engineers: es, Rotation: ids(es), Thresholds: tc.th}
			var pages []Page
			for i, n := range tc.counts {
				for k := range n {
					pages = append(pages, page(es[i].ID, fmt.Sprint("a", k), from.Add(time.Duration(k)*time.Hour)))
				}
			}
			r := addAll(t, mustAcc(t, in), pages)
			var flagged []string
			for _, e := range r.Engineers {
				if f, ok := hasFlag(e.Flags, FlagUnfairShare); ok {
					flagged = append(flagged, e.ID)
					if f.Message != tc.msg {
						t.Errorf("message = %q, want %q", f.Message, tc.msg)
					}
				}
			}
			if got := len(flagged) > 0; got != tc.want || (got && flagged[0] != "e0") {
				t.Errorf("flagged %v, want e0: %v", flagged, tc.want)
			}
		})
	}
}

// TestSmallRotationAtThreshold: five engineers are below the minimum of
// 6, six are not.
func TestSmallRotationAtThreshold(t *testing.T) {
	from := time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		n, min int
		want   bool
	}{{5, 0, true}, {6, 0, false}, {7, 8, true}, {8, 8, false}} {
		in := Input{Team: "payments", From: from, To: from.AddDate(0, 0, 7), Engineers: team(tc.n, "Europe/Berlin"), Thresholds: Thresholds{MinRotation: tc.min}}
		r := mustAcc(t, in).Report()
		f, ok := hasFlag(r.Flags, FlagSmallRotation)
		if ok != tc.want {
			t.Errorf("%d engineers, minimum %d: flag %v, want %v", tc.n, tc.min, ok, tc.want)
		}
		if ok && f.Message != fmt.Sprintf("payments: rotation of %d engineers (minimum %d)", tc.n, max(tc.min, 6)) {
			t.Errorf("message = %q", f.Message)
		}
		if r.Rotation.SREMinimum != 8 || r.Rotation.MeetsSREMinimum != (tc.n >= 8) {
			t.Errorf("SRE figures for %d on one site: %+v", tc.n, r.Rotation)
		}
	}
	// Two sites need 6 each; sites are zones unless given.
	es := append(team(6, "Europe/Berlin"), team(6, "America/New_York")...)
	for i := range es {
		es[i].ID = fmt.Sprint("x", i)
	}
	in := Input{From: from, To: from.AddDate(0, 0, 7), Engineers: es}
	if r := mustAcc(t, in).Report(); r.Rotation.SREMinimum != 12 || !r.Rotation.MeetsSREMinimum || len(r.Flags) != 0 {
		t.Errorf("two sites of 6: %+v %v", r.Rotation, r.Flags)
	}
	es[0].Site, es[1].Site = "remote", "remote"
	in.Engineers = es
	if r := mustAcc(t, in).Report(); len(r.Rotation.Sites) != 3 || r.Rotation.MeetsSREMinimum {
		t.Errorf("three sites: %+v", r.Rotation)
	}
}

// TestShadowNeverFlags: a learner woken every night on shadow is counted
// apart and never flagged; the primary they shadow is.
func TestShadowNeverFlags(t *testing.T) {
	const zone = "Europe/Berlin"
	from := at(t, zone, "2026-03-02T00:00")
	in := Input{From: from, To: from.AddDate(0, 0, 7), Engineers: team(2, zone), Rotation: []string{"e0"},
		Shifts: []scheduler.Shift{
			shift(scheduler.TierPrimary, "e0", from, from.AddDate(0, 0, 7)),
			shift(scheduler.TierShadow, "e1", from, from.AddDate(0, 0, 7)),
		}}
	var pages []Page
	for d := range 7 {
		for k := range 4 {
			p := page("e0", fmt.Sprint(d, k), from.AddDate(0, 0, d).Add(2*time.Hour+time.Duration(k)*time.Minute*10))
			s := p
			s.EngineerID, s.Shadow = "e1", true
			pages = append(pages, p, s)
		}
	}
	r := addAll(t, mustAcc(t, in), pages)
	e0, e1 := eng(t, r, "e0"), eng(t, r, "e1")
	if e1.Shadow.Pages != 28 || e1.Shadow.Interruptions != 28 || e1.Pages != 0 || e1.Interruptions.Total != 0 || len(e1.Flags) != 0 {
		t.Errorf("shadow: %+v", e1)
	}
	// Alone in the rotation, the primary cannot exceed twice the fair share.
	if got := flagCodes(e0.Flags); len(got) != 3 {
		t.Errorf("primary flags = %v, want sleep, incidents and on-call share", got)
	}
	if r.Totals.Interruptions.Total != 28 || r.Totals.Shadow.Interruptions != 28 {
		t.Errorf("totals: %+v", r.Totals)
	}
}

func TestThresholdsValidate(t *testing.T) {
	if err := DefaultThresholds().Validate(); err != nil {
		t.Fatal(err)
	}
	if err := (Thresholds{}).Validate(); err != nil {
		t.Fatal(err)
	}
	if (Thresholds{}).WithDefaults() != DefaultThresholds() {
		t.Error("zero thresholds are not the defaults")
	}
	cases := []struct {
		th    Thresholds
		field string
	}{
		{Thresholds{SleepInterruptions: -1}, "sleep_interruptions"},
		{Thresholds{IncidentsPerShift: -2}, "incidents_per_shift"},
		{Thresholds{OnCallSharePercent: 101}, "oncall_share"},
		{Thresholds{OnCallSharePercent: -5}, "oncall_share"},
		{Thresholds{UnfairShareFactor: 0.5}, "unfair_share"},
		{Thresholds{UnfairShareFactor: 101}, "unfair_share"},
		{Thresholds{MinRotation: 1001}, "min_rotation"},
		{Thresholds{ShadowShifts: -1}, "shadow_shifts"},
		{Thresholds{BusinessHoursShifts: 10_001}, "business_hours_shifts"},
	}
	for _, tc := range cases {
		err := tc.th.Validate()
		ve, ok := err.(*ValidationError)
		if !ok || ve.Field != tc.field || !strings.Contains(ve.Message, tc.field) {
			t.Errorf("%+v: error %v, want one naming %s", tc.th, err, tc.field)
		}
	}
	// NaN is not a factor.
	nan := 0.0
	nan /= nan
	if err := (Thresholds{UnfairShareFactor: nan}).Validate(); err == nil {
		t.Error("NaN accepted")
	}
	// The accumulator refuses bad thresholds with the same field.
	_, err := NewAccumulator(Input{From: time.Unix(0, 0), To: time.Unix(3600, 0), Thresholds: Thresholds{OnCallSharePercent: 200}})
	if ve, ok := err.(*ValidationError); !ok || ve.Field != "oncall_share" {
		t.Errorf("NewAccumulator error = %v", err)
	}
}
