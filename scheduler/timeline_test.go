package scheduler

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestLayerRowsLaidOverEachOtherAreTheFinalSchedule checks the timeline's
// promise: within a tier, a later layer's row wins where it has a turn, so
// laying the rows over each other gives the final schedule wherever no
// override applies — checked every 15 minutes over two weeks that include
// the Christmas holidays and a DST change, in two schedules.
func TestLayerRowsLaidOverEachOtherAreTheFinalSchedule(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	for _, from := range []time.Time{
		time.Date(2026, 1, 5, 9, 0, 0, 0, berlin),    // the layers' start
		time.Date(2026, 3, 23, 0, 0, 0, 0, berlin),   // across spring-forward
		time.Date(2026, 12, 20, 12, 0, 0, 0, berlin), // across the holidays
	} {
		to := from.Add(14 * 24 * time.Hour)
		s := payments(t)
		c := mustCompile(t, s)
		rows := c.LayerRows(from, to)
		if len(rows) != len(s.Layers) {
			t.Fatalf("%d rows for %d layers", len(rows), len(s.Layers))
		}
		for i, r := range rows {
			l := s.Layers[i]
			if r.Index != i || r.ID != l.ID || r.Name != l.Name || r.Tier != l.Tier {
				t.Fatalf("row %d = %+v, want layer %+v", i, r, l)
			}
			if len(r.Shifts) == 0 {
				t.Fatalf("row %d (%s) has no turns from %s", i, r.Name, from)
			}
			checkWellFormed(t, r.Shifts, from, to)
		}
		if rows[1].Position != 1 || rows[2].Position != 0 {
			t.Fatalf("positions: dev %d, sec %d; want 1 and 0", rows[1].Position, rows[2].Position)
		}
		for at := from; at.Before(to); at = at.Add(15 * time.Minute) {
			for _, tier := range AllTiers {
				want := ""
				for _, r := range rows {
					if r.Tier != tier {
						continue
					}
					for _, sh := range r.Shifts {
						if !at.Before(sh.Start) && at.Before(sh.End) {
							want = sh.EngineerID // later layers win
						}
					}
				}
				got := ""
				if sh, ok := c.OnCallTier(tier, at); ok {
					got = sh.EngineerID
				}
				if got != want {
					t.Fatalf("%s %s: final %q, rows laid over each other %q", at.In(berlin), tier, got, want)
				}
			}
		}
	}
}

// TestLayerRowsIgnoreOverrides: an override shows in the final schedule,
// never in a layer's row.
func TestLayerRowsIgnoreOverrides(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	s := payments(t)
	ovStart, ovEnd := time.Date(2026, 1, 6, 20, 0, 0, 0, berlin), time.Date(2026, 1, 7, 2, 0, 0, 0, berlin)
	s.Overrides = []Override{{ID: "o1", Tier: TierPrimary, EngineerID: "dina", Start: ovStart, End: ovEnd}}
	c := mustCompile(t, s)
	from, to := time.Date(2026, 1, 5, 9, 0, 0, 0, berlin), time.Date(2026, 1, 19, 9, 0, 0, 0, berlin)
	at := ovStart.Add(time.Hour)
	if sh, _ := c.OnCallTier(TierPrimary, at); sh.EngineerID != "dina" {
		t.Fatalf("final primary at %s = %q, want the override's dina", at, sh.EngineerID)
	}
	for _, sh := range c.LayerRows(from, to)[0].Shifts {
		if !at.Before(sh.Start) && at.Before(sh.End) && sh.EngineerID != "olga" {
			t.Fatalf("ops row at %s = %q, want olga (the override is not a layer's)", at, sh.EngineerID)
		}
		if sh.Source.Kind != SourceLayer {
			t.Fatalf("row shift from %v", sh.Source)
		}
	}
}

func warningsByCode(ws []Warning) map[string][]Warning {
	out := map[string][]Warning{}
	for _, w := range ws {
		out[w.Code] = append(out[w.Code], w)
	}
	return out
}

func TestWarningsOnAGoodScheduleAreNone(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	c := mustCompile(t, payments(t))
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, berlin)
	if ws := c.Warnings(at, 14*24*time.Hour, map[Tier][]string{TierPrimary: {"payments"}, TierSecondary: {"payments"}}); len(ws) != 0 {
		t.Fatalf("warnings on the payments schedule: %+v", ws)
	}
}

func TestWarningSameEngineerInTwoTiers(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	s := payments(t)
	s.Layers[3].Participants = []string{"olga"} // olga shadows herself in her ops weeks
	c := mustCompile(t, s)
	// Mon 5 Jan: olga has the ops week (primary outside business hours).
	at := time.Date(2026, 1, 5, 9, 0, 0, 0, berlin)
	ws := warningsByCode(c.Warnings(at, 14*24*time.Hour, nil))[WarnTwoTiers]
	// Once per engineer and pair of tiers, at the first overlap: primary in
	// her ops week, secondary the week after.
	if len(ws) != 2 {
		t.Fatalf("two-tier warnings = %+v, want two", ws)
	}
	if w := ws[0]; w.Field != "tiers.shadow[0]" || !strings.Contains(w.Message, "Olga is on call for primary and shadow") ||
		!w.Start.Equal(time.Date(2026, 1, 5, 17, 0, 0, 0, berlin)) || !w.End.Equal(time.Date(2026, 1, 6, 9, 0, 0, 0, berlin)) {
		t.Fatalf("first warning = %+v, want primary and shadow from Mon 17:00 (the first hour olga is primary) to Tue 09:00", w)
	}
	if w := ws[1]; !strings.Contains(w.Message, "Olga is on call for secondary and shadow") || !w.Start.Equal(time.Date(2026, 1, 12, 9, 0, 0, 0, berlin)) {
		t.Fatalf("second warning = %+v, want secondary and shadow from Mon 12 Jan", w)
	}
	// Monday's business hours are dan's: no overlap yet.
	if ws := warningsByCode(c.Warnings(at, 8*time.Hour, nil))[WarnTwoTiers]; len(ws) != 0 {
		t.Fatalf("before olga's first primary hour: %+v", ws)
	}
}

func TestWarningEmptyTierUsedByAPolicy(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	s := payments(t)
	s.Layers = s.Layers[:2] // no secondary, no shadow
	c := mustCompile(t, s)
	at := time.Date(2026, 2, 2, 12, 0, 0, 0, berlin)
	ws := warningsByCode(c.Warnings(at, 14*24*time.Hour, map[Tier][]string{TierPrimary: {"checkout"}, TierSecondary: {"checkout", "ledger"}}))
	got := ws[WarnEmptyTier]
	if len(got) != 1 || got[0].Field != "tiers.secondary" ||
		got[0].Message != `the secondary tier has no layers, but policies "checkout" and "ledger" page it: nobody will be paged at that step` {
		t.Fatalf("empty-tier warnings = %+v", got)
	}
	if len(c.Warnings(at, 14*24*time.Hour, map[Tier][]string{TierPrimary: {"checkout"}})) != 0 {
		t.Fatal("a tier no policy pages is not worth a warning")
	}
}

func TestWarningLayerStartingInThePastWithAGapBeforeIt(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	s := payments(t)
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, berlin)
	cases := []struct {
		name string
		at   time.Time
		want bool
	}{
		{"the day after it started", start.Add(24 * time.Hour), true},
		{"27 days after", start.Add(27 * 24 * time.Hour), true},
		{"exactly four weeks after: history", start.Add(28 * 24 * time.Hour), false},
		{"the instant it starts: not in the past", start, false},
		{"before it starts", start.Add(-time.Hour), false},
	}
	c := mustCompile(t, s)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ws := warningsByCode(c.Warnings(tc.at, 14*24*time.Hour, nil))[WarnPastStartGap]
			if !tc.want {
				if len(ws) != 0 {
					t.Fatalf("warnings %+v", ws)
				}
				return
			}
			// Both primary layers and the secondary start then; the shadow
			// tier is optional and never warned about.
			fields := []string{}
			for _, w := range ws {
				fields = append(fields, w.Field)
				if !w.End.Equal(start) {
					t.Fatalf("gap ends %s, want the layer's start", w.End)
				}
			}
			if strings.Join(fields, " ") != "tiers.primary[0] tiers.primary[1] tiers.secondary[0]" {
				t.Fatalf("fields %v", fields)
			}
		})
	}
}

func TestWarningGapReportedOncePerTier(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	s := payments(t)
	s.Layers = []Layer{s.Layers[1], s.Layers[2]} // business hours only on primary
	c := mustCompile(t, s)
	at := time.Date(2026, 2, 2, 12, 0, 0, 0, berlin) // a Monday noon
	ws := warningsByCode(c.Warnings(at, 14*24*time.Hour, nil))[WarnGap]
	if len(ws) != 1 || ws[0].Field != "tiers.primary" {
		t.Fatalf("gap warnings = %+v", ws)
	}
	if want := time.Date(2026, 2, 2, 17, 0, 0, 0, berlin); !ws[0].Start.Equal(want) || !ws[0].End.Equal(want.Add(16*time.Hour)) {
		t.Fatalf("gap %s–%s, want Monday 17:00 to Tuesday 09:00", ws[0].Start.In(berlin), ws[0].End.In(berlin))
	}
}

// TestFormerMembers: an override may name someone who has left the team
// (its history), nothing else may.
func TestFormerMembers(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	s := payments(t)
	zed := Engineer{ID: "zed", Name: "Zed", Discipline: DisciplineOps, TimeZone: "Europe/Berlin"}
	s.Former = []Engineer{zed}
	st, en := time.Date(2026, 1, 6, 20, 0, 0, 0, berlin), time.Date(2026, 1, 6, 22, 0, 0, 0, berlin)
	s.Overrides = []Override{{ID: "o1", Tier: TierPrimary, EngineerID: "zed", Start: st, End: en}}
	c := mustCompile(t, s)
	if sh, _ := c.OnCallTier(TierPrimary, st.Add(time.Hour)); sh.EngineerID != "zed" {
		t.Fatalf("on call during the former member's override: %q", sh.EngineerID)
	}
	if m, ok := c.Member("zed"); !ok || m.Name != "Zed" {
		t.Fatalf("Member(zed) = %+v, %v", m, ok)
	}
	if got := c.Schedule(); len(got.Members) != len(s.Members) || len(got.Former) != 1 {
		t.Fatalf("members %d, former %d", len(got.Members), len(got.Former))
	}
	var ve *ValidationError
	if err := ValidateSwapRequest(c, Swap{Tier: TierPrimary, RequesterID: "olga", TargetID: "zed", Start: st, End: en}); !errors.As(err, &ve) || ve.Field != "target" {
		t.Fatalf("swap to a former member: %v", err)
	}
	bad := payments(t)
	bad.Former = []Engineer{zed}
	bad.Layers[0].Participants = []string{"olga", "zed"}
	if _, err := Compile(bad); !errors.As(err, &ve) || ve.Field != "tiers.primary[0].participants[1]" {
		t.Fatalf("former member as participant: %v", err)
	}
	dup := payments(t)
	dup.Former = []Engineer{{ID: "olga", Discipline: DisciplineOps}}
	if _, err := Compile(dup); !errors.As(err, &ve) || ve.Field != "former[0].id" {
		t.Fatalf("a member listed as former too: %v", err)
	}
}
