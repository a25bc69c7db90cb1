package load

import (
	"strings"
	"testing"
	"time"
)

// TestCoalescing pins the interruption rule down to the second: pages to
// one engineer cluster while they are at most 60 s after the cluster's
// first page; a cluster counts once if it holds a page for an alert that
// had not yet interrupted the engineer.
func TestCoalescing(t *testing.T) {
	type pg struct {
		sec     float64
		alert   string
		channel Channel
	}
	sms := func(sec float64, alert string) pg { return pg{sec, alert, ChannelSMS} }
	cases := []struct {
		name  string
		pages []pg
		want  int
	}{
		{"one page", []pg{sms(0, "a")}, 1},
		{"59 s apart: one", []pg{sms(0, "a"), sms(59, "b")}, 1},
		{"60 s apart: one (at most 60 s)", []pg{sms(0, "a"), sms(60, "b")}, 1},
		{"60.5 s apart: two", []pg{sms(0, "a"), sms(60.5, "b")}, 2},
		{"61 s apart: two", []pg{sms(0, "a"), sms(61, "b")}, 2},
		{"a chain 50 s apart is cut 60 s after its start", []pg{sms(0, "a"), sms(50, "b"), sms(100, "c")}, 2},
		{"a chain of four 30 s apart: 0–60, 90–120", []pg{sms(0, "a"), sms(30, "b"), sms(60, "c"), sms(90, "d"), sms(120, "e")}, 2},
		{"one alert paged again an hour later: one", []pg{sms(0, "a"), sms(3600, "a")}, 1},
		{"voice then SMS for one alert: one", []pg{{0, "a", ChannelVoice}, {2, "a", ChannelSMS}}, 1},
		{"email never interrupts", []pg{{0, "a", ChannelEmail}, {600, "b", ChannelEmail}}, 0},
		{"email first, SMS later for the same alert: one", []pg{{0, "a", ChannelEmail}, {600, "a", ChannelSMS}}, 1},
		{"an email page does not open a cluster", []pg{{0, "a", ChannelEmail}, {30, "b", ChannelSMS}, {70, "c", ChannelSMS}}, 1},
		{"a repeat opens a cluster that a new alert joins", []pg{sms(0, "a"), sms(600, "a"), sms(630, "b"), sms(655, "c")}, 2},
		{"a repeat's cluster still cuts at 60 s", []pg{sms(0, "a"), sms(600, "a"), sms(661, "b")}, 2},
		{"log, push, pagerduty and webhook pages interrupt", []pg{{0, "a", ChannelLog}, {100, "b", ChannelPush}, {200, "c", ChannelPagerDuty}, {300, "d", ChannelWebhook}}, 4},
		{"equal instants: one", []pg{sms(0, "a"), sms(0, "b"), sms(0, "c")}, 1},
	}
	base := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	for _, tc := range cases {
		for _, shadow := range []bool{false, true} {
			name := tc.name
			if shadow {
				name += " (shadow)"
			}
			t.Run(name, func(t *testing.T) {
				in := Input{From: base.Add(-time.Hour), To: base.Add(24 * time.Hour), Engineers: team(1, "UTC")}
				a := mustAcc(t, in)
				for _, p := range tc.pages {
					err := a.Add(Page{EngineerID: "e0", AlertID: p.alert, Channel: p.channel, Shadow: shadow,
						At: base.Add(time.Duration(p.sec * float64(time.Second)))})
					if err != nil {
						t.Fatal(err)
					}
				}
				e := eng(t, a.Report(), "e0")
				got, other := e.Interruptions.Total, e.Shadow.Interruptions
				if shadow {
					got, other = other, got
				}
				if got != tc.want || other != 0 {
					t.Errorf("interruptions = %d (other stream %d), want %d", got, other, tc.want)
				}
			})
		}
	}
}

// TestShadowAndOwnPagesCoalesceApart: an engineer's own page and a shadow
// copy within a second are one interruption each, in separate counts.
func TestShadowAndOwnPagesCoalesceApart(t *testing.T) {
	base := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	a := mustAcc(t, Input{From: base, To: base.Add(time.Hour), Engineers: team(1, "UTC")})
	s := page("e0", "b", base.Add(time.Second))
	s.Shadow = true
	r := addAll(t, a, []Page{page("e0", "a", base), s, page("e0", "c", base.Add(2*time.Second))})
	e := eng(t, r, "e0")
	if e.Interruptions.Total != 1 || e.Shadow.Interruptions != 1 || e.Pages != 2 || e.Shadow.Pages != 1 {
		t.Errorf("%+v", e)
	}
}

func TestAddRejects(t *testing.T) {
	base := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	a := mustAcc(t, Input{From: base, To: base.Add(time.Hour), Engineers: team(1, "UTC")})
	if err := a.Add(page("e0", "a", base.Add(time.Minute))); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		p     Page
		field string
	}{
		{"unknown engineer", page("zed", "a", base.Add(time.Minute)), "engineer"},
		{"unknown channel", Page{EngineerID: "e0", AlertID: "a", At: base.Add(time.Minute), Channel: "pigeon"}, "channel"},
		{"no alert", page("e0", "", base.Add(time.Minute)), "alert"},
		{"out of order", page("e0", "b", base), "at"},
		{"year 1800", page("e0", "b", time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)), "at"},
	}
	for _, tc := range cases {
		err := a.Add(tc.p)
		if ve, ok := err.(*ValidationError); !ok || ve.Field != tc.field {
			t.Errorf("%s: error %v, want field %s", tc.name, err, tc.field)
		}
	}
	// A rejected page changes nothing; pages outside the period are skipped.
	if err := a.Add(page("e0", "c", base.Add(2*time.Hour))); err != nil {
		t.Fatal(err)
	}
	if e := eng(t, a.Report(), "e0"); e.Pages != 1 || e.Interruptions.Total != 1 {
		t.Errorf("%+v", e)
	}
}

func TestNewAccumulatorRejects(t *testing.T) {
	from := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	good := func() Input {
		return Input{From: from, To: from.AddDate(0, 0, 7), Engineers: team(2, "Europe/Berlin")}
	}
	cases := []struct {
		name  string
		edit  func(*Input)
		field string
	}{
		{"no start", func(in *Input) { in.From = time.Time{} }, "from"},
		{"end before start", func(in *Input) { in.To = from.Add(-time.Hour) }, "to"},
		{"empty period", func(in *Input) { in.To = from }, "to"},
		{"team zone", func(in *Input) { in.TimeZone = "Mars/Olympus" }, "time_zone"},
		{"local is not a zone", func(in *Input) { in.TimeZone = "Local" }, "time_zone"},
		{"engineer without ID", func(in *Input) { in.Engineers[1].ID = " " }, "engineers[1].id"},
		{"duplicate engineer", func(in *Input) { in.Engineers[1].ID = "e0" }, "engineers[1].id"},
		{"engineer zone", func(in *Input) { in.Engineers[0].TimeZone = "Europe/Atlantis" }, "engineers[0].time_zone"},
		{"working hours", func(in *Input) { in.Engineers[1].WorkingHours = "9 to 5" }, "engineers[1].working_hours"},
		{"holiday", func(in *Input) { in.Holidays = append(in.Holidays, dateOf(2026, 2, 30)) }, "holidays[0]"},
		{"shift of a stranger", func(in *Input) { in.Shifts = append(in.Shifts, shift("primary", "zed", from, from.Add(time.Hour))) }, "shifts[0].engineer"},
		{"shift tier", func(in *Input) { in.Shifts = append(in.Shifts, shift("tertiary", "e0", from, from.Add(time.Hour))) }, "shifts[0].tier"},
		{"empty shift", func(in *Input) { in.Shifts = append(in.Shifts, shift("primary", "e0", from, from)) }, "shifts[0].end"},
		{"rotation stranger", func(in *Input) { in.Rotation = []string{"e0", "zed"} }, "rotation[1]"},
		{"shadow count stranger", func(in *Input) { in.ShadowCompleted = map[string]int{"zed": 1} }, "shadow_completed"},
		{"negative shadow count", func(in *Input) { in.ShadowCompleted = map[string]int{"e0": -1} }, "shadow_completed"},
		{"threshold", func(in *Input) { in.Thresholds.MinRotation = -1 }, "min_rotation"},
	}
	for _, tc := range cases {
		in := good()
		tc.edit(&in)
		_, err := NewAccumulator(in)
		ve, ok := err.(*ValidationError)
		if !ok || ve.Field != tc.field {
			t.Errorf("%s: error %v, want field %s", tc.name, err, tc.field)
			continue
		}
		if ve.ErrorCode() != "invalid" || ve.ErrorField() != tc.field || !strings.HasPrefix(ve.Error(), tc.field+": ") || ve.ErrorMessage() == "" {
			t.Errorf("%s: error methods: %q", tc.name, ve.Error())
		}
	}
	if _, err := NewAccumulator(good()); err != nil {
		t.Fatal(err)
	}
}

func TestCompute(t *testing.T) {
	in, pages := marchFixture(t)
	r, err := Compute(in, pages)
	if err != nil {
		t.Fatal(err)
	}
	if want := addAll(t, mustAcc(t, in), pages); r.Totals != want.Totals {
		t.Errorf("Compute %+v, Accumulator %+v", r.Totals, want.Totals)
	}
	pages[3], pages[4] = pages[4], pages[3] // Dan's pages out of order
	if _, err := Compute(in, pages); err == nil || err.(*ValidationError).Field != "pages[4].at" {
		t.Errorf("error %v", err)
	}
	if _, err := Compute(Input{}, nil); err == nil {
		t.Error("no period accepted")
	}
}

// TestAddPruned: daily counts of pruned pages add to pages (email among
// them, shadow apart) and never to interruptions; bad counts name the
// field.
func TestAddPruned(t *testing.T) {
	from := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	in := Input{Team: "t", From: from, To: from.AddDate(0, 0, 7), TimeZone: "UTC",
		Engineers: []Engineer{{ID: "e0", Name: "E", Email: "e@example.com", TimeZone: "Europe/Berlin"}}}
	a := mustAcc(t, in)
	if err := a.Add(page("e0", "a1", from.Add(2*time.Hour))); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		ch     Channel
		shadow bool
		n      int
	}{{ChannelSMS, false, 3}, {ChannelEmail, false, 2}, {ChannelVoice, true, 4}} {
		if err := a.AddPruned("e0", p.ch, p.shadow, p.n); err != nil {
			t.Fatal(err)
		}
	}
	e := eng(t, a.Report(), "e0")
	if e.Pages != 6 || e.PrunedPages != 5 || e.EmailPages != 2 || e.Shadow.Pages != 4 || e.Interruptions.Total != 1 {
		t.Fatalf("pages %d (pruned %d, email %d, shadow %d), interruptions %d; want 6 (5, 2, 4), 1",
			e.Pages, e.PrunedPages, e.EmailPages, e.Shadow.Pages, e.Interruptions.Total)
	}
	if tot := a.Report().Totals; tot.PrunedPages != 5 {
		t.Fatalf("totals: %d pruned", tot.PrunedPages)
	}
	for _, tc := range []struct {
		eng   string
		ch    Channel
		n     int
		field string
	}{{"zed", ChannelSMS, 1, "engineer"}, {"e0", "fax", 1, "channel"}, {"e0", ChannelSMS, -1, "pages"}} {
		err := a.AddPruned(tc.eng, tc.ch, false, tc.n)
		if ve, ok := err.(*ValidationError); !ok || ve.Field != tc.field {
			t.Errorf("AddPruned(%s, %s, %d) = %v, want a problem with %s", tc.eng, tc.ch, tc.n, err, tc.field)
		}
	}
}
