package scheduler

import (
	"testing"
	"time"

	"github.com/rotaoncall/rota/internal/guard"
)

// payments is the schedule of DESIGN.md's declarative example: ops cover
// always, devs cover business hours on top, Nia shadows.
func payments(t testing.TB) Schedule {
	return Schedule{
		ID: "payments-oncall", Name: "payments-oncall", TeamID: "payments",
		TimeZone: "Europe/Berlin",
		Holidays: []Date{{2026, 12, 25}, {2026, 12, 26}},
		Pairing:  PairingMixed,
		Members: []Engineer{
			{ID: "olga", Name: "Olga", Discipline: DisciplineOps, TimeZone: "Europe/Berlin"},
			{ID: "omar", Name: "Omar", Discipline: DisciplineOps, TimeZone: "Europe/Berlin"},
			{ID: "dan", Name: "Dan", Discipline: DisciplineDev, TimeZone: "America/New_York"},
			{ID: "dina", Name: "Dina", Discipline: DisciplineDev, TimeZone: "Europe/Berlin"},
			{ID: "nia", Name: "Nia", Discipline: DisciplineDev, TimeZone: "Europe/Berlin"},
		},
		Layers: []Layer{
			{ID: "ops", Name: "ops-24x7", Tier: TierPrimary, Participants: []string{"olga", "omar"},
				Start: ldt(t, "2026-01-05T09:00"), Shift: shiftLen(t, "1w")},
			{ID: "dev", Name: "dev-business-hours", Tier: TierPrimary, Participants: []string{"dan", "dina"},
				Start: ldt(t, "2026-01-05T09:00"), Shift: shiftLen(t, "1d"),
				Coverage: []Window{{Days: weekdays, From: tod(t, "09:00"), To: tod(t, "17:00")}}},
			{ID: "sec", Name: "secondary", Tier: TierSecondary, Participants: []string{"omar", "olga"},
				Start: ldt(t, "2026-01-05T09:00"), Shift: shiftLen(t, "1w")},
			{ID: "learners", Name: "learners", Tier: TierShadow, Participants: []string{"nia"},
				Start: ldt(t, "2026-01-05T09:00"), Shift: shiftLen(t, "1w")},
		},
	}
}

func TestOnCallPayments(t *testing.T) {
	c := mustCompile(t, payments(t))
	berlin := mustLoc(t, "Europe/Berlin")
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02T15:04", s, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		name, at                   string
		primary, secondary, shadow string
		primarySource              string
	}{
		{"first monday before nine: not started", "2026-01-05T08:59", "", "", "", ""},
		{"first monday at nine: dev dan, ops olga week", "2026-01-05T09:00", "dan", "omar", "nia", "dev"},
		{"first monday evening: ops olga", "2026-01-05T17:00", "olga", "omar", "nia", "ops"},
		{"tuesday business hours: dina", "2026-01-06T12:00", "dina", "omar", "nia", "dev"},
		{"tuesday 08:59 is still olga", "2026-01-06T08:59", "olga", "omar", "nia", "ops"},
		{"saturday is ops only", "2026-01-10T12:00", "olga", "omar", "nia", "ops"},
		{"monday 08:00 is still the first week", "2026-01-12T08:00", "olga", "omar", "nia", "ops"},
		{"second week ops omar", "2026-01-12T18:00", "omar", "olga", "nia", "ops"},
		{"christmas day is a holiday for the dev layer", "2026-12-25T10:00", "olga", "omar", "nia", "ops"},
		// July 1 is day 177 (dina) of week 25 (olga on secondary).
		{"summer time business hours", "2026-07-01T09:00", "dina", "olga", "nia", "dev"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := map[Tier]Assignment{}
			for _, a := range c.OnCall(at(tc.at)) {
				got[a.Tier] = a
			}
			for tier, want := range map[Tier]string{TierPrimary: tc.primary, TierSecondary: tc.secondary, TierShadow: tc.shadow} {
				if got[tier].Engineer.ID != want {
					t.Errorf("%s = %q, want %q", tier, got[tier].Engineer.ID, want)
				}
			}
			if tc.primarySource != "" && got[TierPrimary].Shift.Source.ID != tc.primarySource {
				t.Errorf("primary source = %v, want %s", got[TierPrimary].Shift.Source, tc.primarySource)
			}
		})
	}
	// The current shift's bounds: Dina's Tuesday, and Olga's evening.
	sh, _ := c.OnCallTier(TierPrimary, at("2026-01-06T12:00"))
	if !sh.Start.Equal(at("2026-01-06T09:00")) || !sh.End.Equal(at("2026-01-06T17:00")) || sh.Discipline != DisciplineDev {
		t.Errorf("dina's shift = %v", sh)
	}
	sh, _ = c.OnCallTier(TierPrimary, at("2026-01-06T20:00"))
	if !sh.Start.Equal(at("2026-01-06T17:00")) || !sh.End.Equal(at("2026-01-07T09:00")) {
		t.Errorf("olga's evening = %v", sh)
	}
	if _, ok := c.OnCallTier("tertiary", at("2026-01-06T20:00")); ok {
		t.Error("unknown tier resolved")
	}
}

func TestShiftsPayments(t *testing.T) {
	c := mustCompile(t, payments(t))
	berlin := mustLoc(t, "Europe/Berlin")
	from := time.Date(2026, 1, 9, 0, 0, 0, 0, berlin) // a Friday
	to := time.Date(2026, 1, 13, 0, 0, 0, 0, berlin)
	type row struct{ eng, start, end, src string }
	want := []row{
		{"olga", "01-09 00:00", "01-09 09:00", "ops"},
		{"dan", "01-09 09:00", "01-09 17:00", "dev"},
		// Olga's weekend runs into Monday 09:00, when Omar's week starts.
		{"olga", "01-09 17:00", "01-12 09:00", "ops"},
		{"dina", "01-12 09:00", "01-12 17:00", "dev"},
		{"omar", "01-12 17:00", "01-13 00:00", "ops"},
	}
	var got []row
	for _, sh := range c.TierShifts(TierPrimary, from, to) {
		got = append(got, row{sh.EngineerID, sh.Start.In(berlin).Format("01-02 15:04"), sh.End.In(berlin).Format("01-02 15:04"), sh.Source.ID})
	}
	if len(got) != len(want) {
		t.Fatalf("got %v\nwant %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("shift %d = %v, want %v", i, got[i], want[i])
		}
	}
	all := c.Shifts(from, to)
	checkWellFormed(t, all, from, to)
	if len(all) != len(want)+3 { // secondary hands off on Monday; shadow is one stretch
		t.Errorf("all tiers: %d shifts, want %d: %v", len(all), len(want)+3, all)
	}
}

func TestCoverageWindows(t *testing.T) {
	nights := []Window{{Days: []time.Weekday{time.Friday}, From: TimeOfDay{22, 0}, To: TimeOfDay{6, 0}}}
	cases := []struct {
		name     string
		windows  []Window
		holidays []Date
		at       string // local, America/New_York
		want     bool
	}{
		{"friday night window covers friday 22:00", nights, nil, "2026-01-09T22:00", true},
		{"and saturday 05:59", nights, nil, "2026-01-10T05:59", true},
		{"but not saturday 06:00", nights, nil, "2026-01-10T06:00", false},
		{"nor friday 21:59", nights, nil, "2026-01-09T21:59", false},
		{"nor thursday night", nights, nil, "2026-01-08T23:00", false},
		{"a saturday holiday cuts the morning", nights, []Date{{2026, 1, 10}}, "2026-01-10T01:00", false},
		{"but not friday evening", nights, []Date{{2026, 1, 10}}, "2026-01-09T23:00", true},
		{"business hours end is exclusive", []Window{{Days: weekdays, From: TimeOfDay{9, 0}, To: TimeOfDay{17, 0}}}, nil, "2026-01-09T17:00", false},
		{"business hours start is inclusive", []Window{{Days: weekdays, From: TimeOfDay{9, 0}, To: TimeOfDay{17, 0}}}, nil, "2026-01-09T09:00", true},
		{"24:00 ends at midnight", []Window{{Days: []time.Weekday{time.Friday}, From: TimeOfDay{18, 0}, To: TimeOfDay{24, 0}}}, nil, "2026-01-09T23:59", true},
		{"24:00 excludes the next day", []Window{{Days: []time.Weekday{time.Friday}, From: TimeOfDay{18, 0}, To: TimeOfDay{24, 0}}}, nil, "2026-01-10T00:00", false},
		{"sunday night into monday wraps the week", []Window{{Days: []time.Weekday{time.Sunday}, From: TimeOfDay{20, 0}, To: TimeOfDay{8, 0}}}, nil, "2026-01-12T07:00", true},
		{"overlapping windows unite", []Window{
			{Days: weekdays, From: TimeOfDay{9, 0}, To: TimeOfDay{13, 0}},
			{Days: weekdays, From: TimeOfDay{12, 0}, To: TimeOfDay{18, 0}},
		}, nil, "2026-01-09T17:30", true},
	}
	ny := mustLoc(t, "America/New_York")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := mustCompile(t, Schedule{TimeZone: "America/New_York", Members: team(), Holidays: tc.holidays,
				Layers: []Layer{{ID: "l", Tier: TierPrimary, Participants: []string{"a"}, Start: ldt(t, "2026-01-01T00:00"),
					Shift: shiftLen(t, "1w"), Coverage: tc.windows}}})
			at, _ := time.ParseInLocation("2006-01-02T15:04", tc.at, ny)
			if _, got := c.OnCallTier(TierPrimary, at); got != tc.want {
				t.Fatalf("covered = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestHolidaysSpareAlwaysLayers(t *testing.T) {
	c := mustCompile(t, Schedule{TimeZone: "UTC", Members: team(), Holidays: []Date{{2026, 1, 1}},
		Layers: []Layer{{ID: "l", Tier: TierPrimary, Participants: []string{"a"}, Start: ldt(t, "2025-12-01T00:00"), Shift: shiftLen(t, "1d")}}})
	if _, ok := c.OnCallTier(TierPrimary, utc(t, "2026-01-01T12:00:00Z")); !ok {
		t.Fatal("holiday removed an always layer")
	}
}

func TestTurnsAdvanceUnderCoverage(t *testing.T) {
	// Daily turns a, b, c with weekday coverage: the weekend turns are
	// masked, not paused, so Monday goes to whoever's turn it is.
	c := mustCompile(t, Schedule{TimeZone: "UTC", Members: team(),
		Layers: []Layer{{ID: "l", Tier: TierPrimary, Participants: []string{"a", "b", "c"}, Start: ldt(t, "2026-01-05T00:00"), // Monday
			Shift: shiftLen(t, "1d"), Coverage: []Window{{Days: weekdays, From: TimeOfDay{9, 0}, To: TimeOfDay{17, 0}}}}}})
	want := map[string]string{
		"2026-01-05T10:00:00Z": "a", "2026-01-09T10:00:00Z": "b", // Friday is turn 4
		"2026-01-12T10:00:00Z": "b", // Monday is turn 7: turns 5 (c) and 6 (a) were masked
	}
	for at, eng := range want {
		if sh, _ := c.OnCallTier(TierPrimary, utc(t, at)); sh.EngineerID != eng {
			t.Errorf("at %s: %q, want %q", at, sh.EngineerID, eng)
		}
	}
}

func TestOverridesLatestWins(t *testing.T) {
	s := Schedule{TimeZone: "UTC", Members: team(),
		Layers: []Layer{{ID: "l", Tier: TierPrimary, Participants: []string{"a"}, Start: ldt(t, "2026-01-01T00:00"), Shift: shiftLen(t, "1w")}},
		Overrides: []Override{
			{ID: "late", Tier: TierPrimary, EngineerID: "c", Start: utc(t, "2026-01-02T12:00:00Z"), End: utc(t, "2026-01-02T14:00:00Z"), CreatedAt: utc(t, "2025-12-02T00:00:00Z")},
			{ID: "early", Tier: TierPrimary, EngineerID: "b", Start: utc(t, "2026-01-02T10:00:00Z"), End: utc(t, "2026-01-02T18:00:00Z"), CreatedAt: utc(t, "2025-12-01T00:00:00Z")},
			{ID: "other-tier", Tier: TierSecondary, EngineerID: "d", Start: utc(t, "2026-01-02T00:00:00Z"), End: utc(t, "2026-01-03T00:00:00Z"), CreatedAt: utc(t, "2025-12-03T00:00:00Z")},
		}}
	c := mustCompile(t, s)
	type row struct{ eng, src, start, end string }
	var got []row
	for _, sh := range c.TierShifts(TierPrimary, utc(t, "2026-01-02T00:00:00Z"), utc(t, "2026-01-03T00:00:00Z")) {
		got = append(got, row{sh.EngineerID, sh.Source.Kind + ":" + sh.Source.ID, sh.Start.UTC().Format("15:04"), sh.End.UTC().Format("15:04")})
	}
	want := []row{
		{"a", "layer:l", "00:00", "10:00"},
		{"b", "override:early", "10:00", "12:00"},
		{"c", "override:late", "12:00", "14:00"},
		{"b", "override:early", "14:00", "18:00"},
		{"a", "layer:l", "18:00", "00:00"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d: %v, want %v", i, got[i], want[i])
		}
	}
	// A tier without layers is staffed by its override alone and has no gaps.
	if sh, ok := c.OnCallTier(TierSecondary, utc(t, "2026-01-02T05:00:00Z")); !ok || sh.EngineerID != "d" {
		t.Errorf("secondary override: %v %v", ok, sh)
	}
	if g := c.Gaps(utc(t, "2026-01-01T00:00:00Z"), utc(t, "2026-01-05T00:00:00Z")); len(g) != 0 {
		t.Errorf("gaps: %v", g)
	}
}

func TestGaps(t *testing.T) {
	c := mustCompile(t, Schedule{TimeZone: "UTC", Members: team(),
		Layers: []Layer{
			{ID: "days", Tier: TierPrimary, Participants: []string{"a"}, Start: ldt(t, "2026-01-05T00:00"), Shift: shiftLen(t, "1d"),
				Coverage: []Window{{Days: weekdays, From: TimeOfDay{9, 0}, To: TimeOfDay{17, 0}}}},
			{ID: "shadow", Tier: TierShadow, Participants: []string{"b"}, Start: ldt(t, "2026-01-05T00:00"), Shift: shiftLen(t, "1d"),
				Coverage: []Window{{Days: weekdays, From: TimeOfDay{9, 0}, To: TimeOfDay{10, 0}}}},
		}})
	got := c.Gaps(utc(t, "2026-01-05T00:00:00Z"), utc(t, "2026-01-06T12:00:00Z"))
	want := []Gap{
		{TierPrimary, utc(t, "2026-01-05T00:00:00Z"), utc(t, "2026-01-05T09:00:00Z")},
		{TierPrimary, utc(t, "2026-01-05T17:00:00Z"), utc(t, "2026-01-06T09:00:00Z")},
	}
	if len(got) != len(want) {
		t.Fatalf("gaps = %v", got)
	}
	for i := range want {
		if got[i].Tier != want[i].Tier || !got[i].Start.Equal(want[i].Start) || !got[i].End.Equal(want[i].End) {
			t.Errorf("gap %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestPairingViolations(t *testing.T) {
	s := payments(t)
	c := mustCompile(t, s)
	berlin := mustLoc(t, "Europe/Berlin")
	from := time.Date(2026, 1, 5, 0, 0, 0, 0, berlin)
	to := time.Date(2026, 1, 6, 0, 0, 0, 0, berlin)
	// Monday: ops olga (primary) and omar (secondary) outside 09–17, while
	// dev dan pairs with omar in business hours. Before 09:00 the
	// rotations have not started.
	got := c.PairingViolations(from, to)
	if len(got) != 1 || !got[0].Start.Equal(time.Date(2026, 1, 5, 17, 0, 0, 0, berlin)) || !got[0].End.Equal(to) ||
		got[0].PrimaryID != "olga" || got[0].SecondaryID != "omar" || got[0].Discipline != DisciplineOps {
		t.Fatalf("violations = %+v", got)
	}
	s.Pairing = PairingNone
	if v := mustCompile(t, s).PairingViolations(from, to); v != nil {
		t.Fatalf("unpaired schedule reported %v", v)
	}
}

func TestShadowCompleted(t *testing.T) {
	s := Schedule{TimeZone: "Europe/Berlin", Members: team(),
		Layers: []Layer{
			{ID: "learn", Tier: TierShadow, Participants: []string{"a", "c"}, Start: ldt(t, "2026-01-05T09:00"), Shift: shiftLen(t, "1w"),
				Coverage: []Window{{Days: weekdays, From: TimeOfDay{9, 0}, To: TimeOfDay{17, 0}}}},
		},
		Overrides: []Override{{ID: "o", Tier: TierShadow, EngineerID: "c", Start: utc(t, "2026-01-03T00:00:00Z"), End: utc(t, "2026-01-04T00:00:00Z")}},
	}
	c := mustCompile(t, s)
	berlin := mustLoc(t, "Europe/Berlin")
	// Turn 0 (a) ends its last stretch Friday Jan 9 17:00; turn 1 (c)
	// Friday Jan 16 17:00; turn 2 (a) Jan 23.
	cases := []struct {
		name     string
		from, to time.Time
		want     map[string]int
	}{
		{"first two weeks", time.Date(2026, 1, 5, 0, 0, 0, 0, berlin), time.Date(2026, 1, 19, 0, 0, 0, 0, berlin), map[string]int{"a": 1, "c": 1}},
		{"range ending at the last stretch's end excludes it", time.Date(2026, 1, 5, 0, 0, 0, 0, berlin), time.Date(2026, 1, 9, 17, 0, 0, 0, berlin), map[string]int{}},
		{"range starting at it includes it", time.Date(2026, 1, 9, 17, 0, 0, 0, berlin), time.Date(2026, 1, 10, 0, 0, 0, 0, berlin), map[string]int{"a": 1}},
		{"the override counts", time.Date(2026, 1, 1, 0, 0, 0, 0, berlin), time.Date(2026, 1, 5, 0, 0, 0, 0, berlin), map[string]int{"c": 1}},
		{"a month", time.Date(2026, 1, 1, 0, 0, 0, 0, berlin), time.Date(2026, 2, 1, 0, 0, 0, 0, berlin), map[string]int{"a": 2, "c": 3}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := c.ShadowCompleted(tc.from, tc.to)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
			}
		})
	}
}

func TestNextHandoff(t *testing.T) {
	c := mustCompile(t, payments(t))
	berlin := mustLoc(t, "Europe/Berlin")
	cases := []struct {
		name string
		tier Tier
		at   time.Time
		want time.Time
		ok   bool
	}{
		{"dan hands back to olga at 17:00", TierPrimary, time.Date(2026, 1, 5, 10, 0, 0, 0, berlin), time.Date(2026, 1, 5, 17, 0, 0, 0, berlin), true},
		{"olga hands to dina tuesday 09:00", TierPrimary, time.Date(2026, 1, 5, 18, 0, 0, 0, berlin), time.Date(2026, 1, 6, 9, 0, 0, 0, berlin), true},
		{"friday evening olga keeps it until monday", TierPrimary, time.Date(2026, 1, 9, 18, 0, 0, 0, berlin), time.Date(2026, 1, 12, 9, 0, 0, 0, berlin), true},
		{"before the start nobody, then dan", TierPrimary, time.Date(2026, 1, 1, 0, 0, 0, 0, berlin), time.Date(2026, 1, 5, 9, 0, 0, 0, berlin), true},
		{"secondary weekly", TierSecondary, time.Date(2026, 1, 7, 0, 0, 0, 0, berlin), time.Date(2026, 1, 12, 9, 0, 0, 0, berlin), true},
		{"lone shadow never changes", TierShadow, time.Date(2026, 3, 1, 0, 0, 0, 0, berlin), time.Time{}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := c.NextHandoff(tc.tier, tc.at)
			if ok != tc.ok || !got.Equal(tc.want) {
				t.Fatalf("got %v %v, want %v %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestCompileValidation(t *testing.T) {
	base := func() Schedule { return payments(t) }
	cases := []struct {
		name   string
		mutate func(s *Schedule)
		field  string
	}{
		{"unknown zone", func(s *Schedule) { s.TimeZone = "Mars/Olympus" }, "time_zone"},
		{"empty zone", func(s *Schedule) { s.TimeZone = "" }, "time_zone"},
		{"local zone", func(s *Schedule) { s.TimeZone = "Local" }, "time_zone"},
		{"unknown pairing", func(s *Schedule) { s.Pairing = "pairs" }, "pairing"},
		{"member without id", func(s *Schedule) { s.Members[1].ID = "" }, "members[1].id"},
		{"duplicate member", func(s *Schedule) { s.Members[1].ID = "olga" }, "members[1].id"},
		{"bad discipline", func(s *Schedule) { s.Members[2].Discipline = "qa" }, "members[2].discipline"},
		{"bad holiday", func(s *Schedule) { s.Holidays = append(s.Holidays, Date{2026, 2, 30}) }, "holidays[2]"},
		{"unknown tier", func(s *Schedule) { s.Layers[1].Tier = "tertiary" }, "tiers.tertiary"},
		{"empty participants", func(s *Schedule) { s.Layers[0].Participants = nil }, "tiers.primary[0].participants"},
		{"participant not in team", func(s *Schedule) { s.Layers[1].Participants[1] = "zed" }, "tiers.primary[1].participants[1]"},
		{"zero shift", func(s *Schedule) { s.Layers[1].Shift = ShiftLength{} }, "tiers.primary[1].shift"},
		{"negative shift", func(s *Schedule) { s.Layers[2].Shift = ShiftLength{Days: -1} }, "tiers.secondary[0].shift"},
		{"too short shift", func(s *Schedule) { s.Layers[1].Shift = ShiftLength{Minutes: 59} }, "tiers.primary[1].shift"},
		{"too long shift", func(s *Schedule) { s.Layers[3].Shift = ShiftLength{Days: 57} }, "tiers.shadow[0].shift"},
		{"both units", func(s *Schedule) { s.Layers[1].Shift = ShiftLength{Days: 1, Minutes: 60} }, "tiers.primary[1].shift"},
		{"bad start", func(s *Schedule) { s.Layers[0].Start.Hour = 24 }, "tiers.primary[0].start"},
		{"ancient start", func(s *Schedule) { s.Layers[0].Start.Year = 1800 }, "tiers.primary[0].start"},
		{"window from equals to", func(s *Schedule) { s.Layers[1].Coverage[0].To = TimeOfDay{9, 0} }, "tiers.primary[1].coverage[0].to"},
		{"window bad day", func(s *Schedule) { s.Layers[1].Coverage[0].Days = []time.Weekday{time.Monday, 9} }, "tiers.primary[1].coverage[0].days[1]"},
		{"window no days", func(s *Schedule) { s.Layers[1].Coverage[0].Days = nil }, "tiers.primary[1].coverage[0].days"},
		{"window bad from", func(s *Schedule) { s.Layers[1].Coverage[0].From = TimeOfDay{25, 0} }, "tiers.primary[1].coverage[0].from"},
		{"window from 24:00", func(s *Schedule) { s.Layers[1].Coverage[0].From = TimeOfDay{24, 0} }, "tiers.primary[1].coverage[0].from"},
		{"window bad to", func(s *Schedule) { s.Layers[1].Coverage[0].To = TimeOfDay{17, 60} }, "tiers.primary[1].coverage[0].to"},
		{"override end before start", func(s *Schedule) {
			s.Overrides = []Override{{Tier: TierPrimary, EngineerID: "dan", Start: utc(t, "2026-02-02T09:00:00Z"), End: utc(t, "2026-02-02T09:00:00Z")}}
		}, "overrides[0].end"},
		{"override engineer not in team", func(s *Schedule) {
			s.Overrides = []Override{{Tier: TierPrimary, EngineerID: "zed", Start: utc(t, "2026-02-02T09:00:00Z"), End: utc(t, "2026-02-03T09:00:00Z")}}
		}, "overrides[0].engineer"},
		{"override unknown tier", func(s *Schedule) {
			s.Overrides = []Override{{Tier: "boss", EngineerID: "dan", Start: utc(t, "2026-02-02T09:00:00Z"), End: utc(t, "2026-02-03T09:00:00Z")}}
		}, "overrides[0].tier"},
		{"override without start", func(s *Schedule) {
			s.Overrides = []Override{{Tier: TierPrimary, EngineerID: "dan", End: utc(t, "2026-02-03T09:00:00Z")}}
		}, "overrides[0].start"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := base()
			tc.mutate(&s)
			_, err := Compile(s)
			ve, ok := err.(*ValidationError)
			if !ok {
				t.Fatalf("err = %v, want a *ValidationError", err)
			}
			if ve.ErrorField() != tc.field || ve.ErrorCode() != "invalid" || ve.Message == "" {
				t.Fatalf("field %q code %q (%v), want field %q", ve.ErrorField(), ve.ErrorCode(), ve, tc.field)
			}
		})
	}
	t.Run("duplicate holiday is fine", func(t *testing.T) {
		s := base()
		s.Holidays = append(s.Holidays, s.Holidays[0])
		mustCompile(t, s)
	})
	t.Run("compile copies its input", func(t *testing.T) {
		s := base()
		c := mustCompile(t, s)
		s.Layers[0].Participants[0] = "omar"
		s.Members[0].Name = "changed"
		if c.Schedule().Layers[0].Participants[0] != "olga" || c.Schedule().Members[0].Name != "Olga" {
			t.Fatal("compiled schedule aliases its input")
		}
	})
}

func TestParse(t *testing.T) {
	shifts := []struct {
		in   string
		want ShiftLength
		ok   bool
	}{
		{"8h", ShiftLength{Minutes: 480}, true},
		{"12h", ShiftLength{Minutes: 720}, true},
		{"1d", ShiftLength{Days: 1}, true},
		{"1w", ShiftLength{Days: 7}, true},
		{"2w", ShiftLength{Days: 14}, true},
		{"90m", ShiftLength{Minutes: 90}, true},
		{" 8W ", ShiftLength{Days: 56}, true},
		{"9w", ShiftLength{}, false},
		{"30m", ShiftLength{}, false},
		{"0d", ShiftLength{}, false},
		{"-1d", ShiftLength{}, false},
		{"1.5h", ShiftLength{}, false},
		{"1h30m", ShiftLength{}, false},
		{"d", ShiftLength{}, false},
		{"", ShiftLength{}, false},
		{"99999999999999999999d", ShiftLength{}, false},
	}
	for _, tc := range shifts {
		t.Run("shift "+tc.in, func(t *testing.T) {
			got, err := ParseShiftLength(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Fatalf("got %v %v", got, err)
			}
			if tc.ok {
				back, _ := ParseShiftLength(got.String())
				if back != got {
					t.Fatalf("%v does not round-trip via %q", got, got.String())
				}
			}
		})
	}
	times := []struct {
		in string
		ok bool
	}{{"09:00", true}, {"9:30", true}, {"24:00", true}, {"23:59", true}, {"24:01", false}, {"12:60", false}, {"1200", false}, {"-1:00", false}, {"12:+5", false}, {"", false}}
	for _, tc := range times {
		if _, err := ParseTimeOfDay(tc.in); (err == nil) != tc.ok {
			t.Errorf("ParseTimeOfDay(%q) err = %v", tc.in, err)
		}
	}
	if d, err := ParseDate("2028-02-29"); err != nil || d != (Date{2028, 2, 29}) || d.String() != "2028-02-29" {
		t.Errorf("ParseDate leap day = %v %v", d, err)
	}
	if _, err := ParseDate("2026-02-29"); err == nil {
		t.Error("ParseDate accepted 2026-02-29")
	}
	if l, err := ParseLocalDateTime("2026-01-05T09:00"); err != nil || l.String() != "2026-01-05T09:00" {
		t.Errorf("ParseLocalDateTime = %v %v", l, err)
	}
	if _, err := ParseLocalDateTime("2026-01-05T09:00:30"); err == nil {
		t.Error("ParseLocalDateTime accepted seconds")
	}
	for in, want := range map[string]time.Weekday{"mon": time.Monday, "SUN": time.Sunday, "Thursday": time.Thursday} {
		if got, err := ParseWeekday(in); err != nil || got != want {
			t.Errorf("ParseWeekday(%q) = %v %v", in, got, err)
		}
	}
	if _, err := ParseWeekday("funday"); err == nil {
		t.Error("ParseWeekday accepted funday")
	}
}

// TestCivilCalendar sweeps the civil-date arithmetic against the standard
// library across four centuries, including every leap day and month end.
func TestCivilCalendar(t *testing.T) {
	d := time.Date(1899, 12, 1, 0, 0, 0, 0, time.UTC)
	for n := daysFromCivil(1899, 12, 1); d.Year() < 2300; n++ {
		if got := daysFromCivil(d.Year(), d.Month(), d.Day()); got != n {
			t.Fatalf("daysFromCivil(%v) = %d, want %d", d, got, n)
		}
		y, m, dd := civilFromDays(n)
		if y != d.Year() || m != d.Month() || dd != d.Day() {
			t.Fatalf("civilFromDays(%d) = %d-%d-%d, want %v", n, y, m, dd, d)
		}
		date := Date{y, m, dd}
		if !date.Valid() || date.Weekday() != d.Weekday() || date.AddDays(1) != (Date{d.AddDate(0, 0, 1).Year(), d.AddDate(0, 0, 1).Month(), d.AddDate(0, 0, 1).Day()}) {
			t.Fatalf("%v: valid %v weekday %v", d, date.Valid(), date.Weekday())
		}
		d = d.AddDate(0, 0, 1)
	}
}

// TestStdlibOnly keeps the package on the standard library: a standard
// package has no dot in the first element of its import path.
func TestStdlibOnly(t *testing.T) { guard.StdlibAnd(t) }

// TestNoWallClock keeps the clock out of the package, tests included.
func TestNoWallClock(t *testing.T) { guard.NoWallClock(t) }
