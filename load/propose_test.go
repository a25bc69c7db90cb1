package load

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

// historyWith returns a four-week history report whose on-call heat map
// holds perWeek interruptions on primary at each (weekday, hour) given,
// in zone, and the engineers' weighted loads.
func historyWith(t testing.TB, zone string, cells [][2]int, perWeek int, weighted map[string]int) *Report {
	from := at(t, zone, "2025-12-01T00:00")
	r := &Report{TimeZone: zone, From: from, To: from.AddDate(0, 0, 28), ShareWindow: Stretch{from, from.AddDate(0, 0, 28)}}
	for _, c := range cells {
		r.OnCallHeatMap[0][c[0]][c[1]] = 4 * perWeek
	}
	for id, w := range weighted {
		r.Engineers = append(r.Engineers, EngineerReport{ID: id, Weighted: w})
	}
	slices.SortFunc(r.Engineers, func(a, b EngineerReport) int { return cmpString(a.ID, b.ID) })
	return r
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func sumSquares(ls []ProjectedLoad, after bool) float64 {
	var s float64
	for _, l := range ls {
		v := l.Before
		if after {
			v = l.After
		}
		s += v * v
	}
	return s
}

// TestProposeEvensOutHistory: Olga carried the last quarter; over the
// next five weeks of a weekly rotation of five, the proposal hands days of
// her week to the others, each staying within the on-call share limit
// (25 %: at most 8¾ days of 35), and the overrides do exactly that.
func TestProposeEvensOutHistory(t *testing.T) {
	const zone = "Europe/Berlin"
	start := scheduler.LocalDateTime{Date: scheduler.Date{Year: 2026, Month: 1, Day: 5}, Hour: 9}
	s := scheduler.Schedule{ID: "ops", TimeZone: zone}
	ids := []string{"olga", "omar", "oona", "otto", "ola"}
	for _, id := range ids {
		s.Members = append(s.Members, scheduler.Engineer{ID: id, Discipline: scheduler.DisciplineOps, TimeZone: zone})
	}
	s.Layers = []scheduler.Layer{{ID: "ops", Tier: scheduler.TierPrimary, Participants: ids, Start: start, Shift: scheduler.ShiftLength{Days: 7}}}
	from := at(t, zone, "2026-01-05T09:00")
	to := from.AddDate(0, 0, 35)
	in := ProposalInput{Schedule: s, From: from, To: to, At: from.AddDate(0, 0, -1),
		History: historyWith(t, zone, [][2]int{{0, 2}, {1, 2}, {2, 2}, {3, 2}, {4, 2}}, 1, map[string]int{"olga": 60})}
	p, err := Propose(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Orders) != 0 {
		t.Errorf("every week costs the same, yet orders %v", p.Orders)
	}
	if len(p.Swaps) == 0 || p.FairnessAfter >= p.FairnessBefore {
		t.Fatalf("swaps %v, fairness %v → %v", p.Swaps, p.FairnessBefore, p.FairnessAfter)
	}
	for _, sw := range p.Swaps {
		if sw.FromID != "olga" || sw.ToID == "olga" || sw.Gain <= 0 {
			t.Errorf("swap %+v", sw)
		}
	}
	if sumSquares(p.Loads, true) >= sumSquares(p.Loads, false) {
		t.Errorf("loads %+v", p.Loads)
	}
	c := compile(t, p.Apply(s))
	if g := c.Gaps(from, to); len(g) != 0 {
		t.Errorf("gaps %v", g)
	}
	held := map[string]time.Duration{}
	for _, sh := range c.TierShifts(scheduler.TierPrimary, from, to) {
		held[sh.EngineerID] += sh.End.Sub(sh.Start)
	}
	for _, l := range p.Loads {
		if l.OnCallAfter != held[l.EngineerID] {
			t.Errorf("%s: on call %v, the schedule says %v", l.EngineerID, l.OnCallAfter, held[l.EngineerID])
		}
		if l.EngineerID != "olga" && l.OnCallAfter > 35*24*time.Hour/4 {
			t.Errorf("%s is on call %v, over the limit", l.EngineerID, l.OnCallAfter)
		}
	}
	if held["olga"] >= 7*24*time.Hour {
		t.Errorf("olga still holds %v", held["olga"])
	}
}

// TestProposeFollowsTheSun: a 12-hour rotation between Berlin and New
// York with a nightly batch job failing at 02:00 Berlin (20:00 in New
// York, an evening there) gives the night half to New York.
func TestProposeFollowsTheSun(t *testing.T) {
	const zone = "Europe/Berlin"
	start := scheduler.LocalDateTime{Date: scheduler.Date{Year: 2026, Month: 1, Day: 5}, Hour: 9}
	s := scheduler.Schedule{ID: "sun", TimeZone: zone,
		Members: []scheduler.Engineer{
			{ID: "ber", Name: "Berta", Discipline: scheduler.DisciplineOps, TimeZone: zone},
			{ID: "ny", Name: "Nate", Discipline: scheduler.DisciplineOps, TimeZone: "America/New_York"},
		},
		Layers: []scheduler.Layer{{ID: "half", Tier: scheduler.TierPrimary, Participants: []string{"ny", "ber"}, Start: start, Shift: scheduler.ShiftLength{Minutes: 720}}},
	}
	var nights [][2]int
	for d := range 7 {
		nights = append(nights, [2]int{d, 2})
	}
	from := at(t, zone, "2026-01-05T09:00")
	p, err := Propose(ProposalInput{Schedule: s, From: from, To: from.AddDate(0, 0, 14), MaxSwaps: -1,
		History: historyWith(t, zone, nights, 1, nil)})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Orders) != 1 || !slices.Equal(p.Orders[0].After, []string{"ber", "ny"}) || len(p.Swaps) != 0 {
		t.Fatalf("orders %+v swaps %+v", p.Orders, p.Swaps)
	}
	c := compile(t, p.Apply(s))
	if sh, _ := c.OnCallTier(scheduler.TierPrimary, at(t, zone, "2026-01-06T02:00")); sh.EngineerID != "ny" {
		t.Errorf("02:00 Berlin is held by %s", sh.EngineerID)
	}
	// Nate's nights are evenings for him: weight 2 a night instead of
	// Berta's 3, 14 less in all (give or take the weekend hours, which
	// move with the zones).
	var before, after float64
	for _, l := range p.Loads {
		before, after = before+l.Before, after+l.After
	}
	if d := before - after; d < 13 || d > 15 {
		t.Errorf("expected load %v → %v", before, after)
	}
}

func TestProposeRejects(t *testing.T) {
	s := berlinTeam(scheduler.PairingNone)
	from := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in    ProposalInput
		field string
	}{
		{ProposalInput{Schedule: s, To: from}, "from"},
		{ProposalInput{Schedule: s, From: from, To: from}, "to"},
		{ProposalInput{Schedule: s, From: from, To: from.Add(MaxHorizon + time.Hour)}, "to"},
		{ProposalInput{Schedule: s, From: from, To: from.AddDate(0, 0, 7), Thresholds: Thresholds{OnCallSharePercent: -1}}, "oncall_share"},
		{ProposalInput{Schedule: s, From: from, To: from.AddDate(0, 0, 7), Engineers: []Engineer{{ID: "dan", TimeZone: "Nowhere/Else"}}}, "engineers"},
	} {
		_, err := Propose(tc.in)
		if ve, ok := err.(*ValidationError); !ok || ve.Field != tc.field {
			t.Errorf("error %v, want field %s", err, tc.field)
		}
	}
	bad := s
	bad.TimeZone = "Nowhere/Else"
	if _, err := Propose(ProposalInput{Schedule: bad, From: from, To: from.AddDate(0, 0, 7)}); err == nil {
		t.Error("a schedule that does not compile was accepted")
	}
}

// randomSchedule builds a valid schedule: 2–6 members in up to three
// zones, 1–3 primary layers, 0–2 secondary, maybe a shadow, random shift
// lengths, coverage windows and overrides, and maybe mixed pairing.
func randomSchedule(r *rand.Rand) scheduler.Schedule {
	zones := []string{"Europe/Berlin", "America/New_York", "Asia/Kolkata"}
	s := scheduler.Schedule{ID: "rnd", TimeZone: zones[r.IntN(3)]}
	if r.IntN(2) == 0 {
		s.Pairing = scheduler.PairingMixed
	}
	n := 2 + r.IntN(5)
	for i := range n {
		d := scheduler.DisciplineOps
		if r.IntN(2) == 0 {
			d = scheduler.DisciplineDev
		}
		s.Members = append(s.Members, scheduler.Engineer{ID: fmt.Sprint("m", i), Discipline: d, TimeZone: zones[r.IntN(3)]})
	}
	pick := func() []string {
		k := 1 + r.IntN(n)
		perm := r.Perm(n)[:k]
		var out []string
		for _, i := range perm {
			out = append(out, s.Members[i].ID)
		}
		return out
	}
	shifts := []scheduler.ShiftLength{{Minutes: 480}, {Minutes: 720}, {Days: 1}, {Days: 7}, {Days: 2}}
	layer := func(i int, tier scheduler.Tier, always bool) {
		l := scheduler.Layer{ID: fmt.Sprint(tier, i), Tier: tier, Participants: pick(),
			Start: scheduler.LocalDateTime{Date: scheduler.Date{Year: 2026, Month: 2, Day: 15 + r.IntN(10)}, Hour: r.IntN(24)},
			Shift: shifts[r.IntN(len(shifts))]}
		if !always {
			l.Coverage = []scheduler.Window{{Days: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
				From: scheduler.TimeOfDay{Hour: 8 + r.IntN(3)}, To: scheduler.TimeOfDay{Hour: 16 + r.IntN(3)}}}
		}
		s.Layers = append(s.Layers, l)
	}
	for i := range 1 + r.IntN(3) {
		layer(i, scheduler.TierPrimary, i == 0 || r.IntN(3) == 0)
	}
	for i := range r.IntN(3) {
		layer(i, scheduler.TierSecondary, i == 0 || r.IntN(3) == 0)
	}
	if r.IntN(2) == 0 {
		layer(0, scheduler.TierShadow, true)
	}
	base := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	for i := range r.IntN(4) {
		st := base.Add(time.Duration(r.IntN(28*24)) * time.Hour)
		tier := []scheduler.Tier{scheduler.TierPrimary, scheduler.TierSecondary}[r.IntN(2)]
		s.Overrides = append(s.Overrides, scheduler.Override{ID: fmt.Sprint("o", i), Tier: tier, EngineerID: s.Members[r.IntN(n)].ID,
			Start: st, End: st.Add(time.Duration(1+r.IntN(48)) * time.Hour), CreatedAt: base.Add(-time.Duration(i) * time.Hour)})
	}
	return s
}

func randomHistory(r *rand.Rand, s scheduler.Schedule) *Report {
	from := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	rep := &Report{From: from, To: from.AddDate(0, 0, 91), ShareWindow: Stretch{from, from.AddDate(0, 0, 91)}}
	for t := range 2 {
		for range r.IntN(60) {
			rep.OnCallHeatMap[t][r.IntN(7)][r.IntN(24)] += 1 + r.IntN(13)
		}
	}
	for _, m := range s.Members {
		rep.Engineers = append(rep.Engineers, EngineerReport{ID: m.ID, Weighted: r.IntN(80), WeekendDays: r.IntN(10), HolidayDays: r.IntN(2)})
	}
	return rep
}

// TestProposalsNeverBreakCoverage: on random teams, schedules and
// histories, a proposal leaves every coverage gap as it was, adds no
// pairing violation or double booking, puts nobody newly over the on-call
// share limit, changes nothing outside the horizon, hands shifts only to
// members, and never makes the objective worse.
func TestProposalsNeverBreakCoverage(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 7))
	iterations := 80
	if testing.Short() {
		iterations = 30
	}
	for it := range iterations {
		s := randomSchedule(r)
		if _, err := scheduler.Compile(s); err != nil {
			t.Fatalf("iteration %d: random schedule invalid: %v", it, err)
		}
		from := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(48)) * time.Hour)
		to := from.Add(time.Duration(3+r.IntN(26)) * 24 * time.Hour)
		in := ProposalInput{Schedule: s, From: from, To: to, At: from, History: randomHistory(r, s),
			Thresholds: Thresholds{OnCallSharePercent: 20 + r.IntN(60)}}
		p, err := Propose(in)
		if err != nil {
			t.Fatalf("iteration %d: %v", it, err)
		}
		orig, prop := compile(t, s), compile(t, p.Apply(s))
		// Coverage, pairing, double booking within the horizon.
		if !slices.EqualFunc(orig.Gaps(from, to), prop.Gaps(from, to), func(a, b scheduler.Gap) bool {
			return a.Tier == b.Tier && a.Start.Equal(b.Start) && a.End.Equal(b.End)
		}) {
			t.Fatalf("iteration %d: gaps changed\n%v\n%v", it, orig.Gaps(from, to), prop.Gaps(from, to))
		}
		vio := func(c *scheduler.Compiled) (d time.Duration) {
			for _, v := range c.PairingViolations(from, to) {
				d += v.End.Sub(v.Start)
			}
			return
		}
		if vio(prop) > vio(orig) {
			t.Fatalf("iteration %d: pairing violations grew from %v to %v", it, vio(orig), vio(prop))
		}
		double := func(c *scheduler.Compiled) (d time.Duration) {
			sec := c.TierShifts(scheduler.TierSecondary, from, to)
			for _, a := range c.TierShifts(scheduler.TierPrimary, from, to) {
				for _, b := range sec {
					if a.EngineerID == b.EngineerID {
						if s, e := later(a.Start, b.Start), earlier(a.End, b.End); s.Before(e) {
							d += e.Sub(s)
						}
					}
				}
			}
			return
		}
		if double(prop) > double(orig) {
			t.Fatalf("iteration %d: double booking grew", it)
		}
		onCall := func(c *scheduler.Compiled, id string) time.Duration {
			var sps []span
			for _, sh := range c.Shifts(from, to) {
				if sh.EngineerID == id && sh.Tier != scheduler.TierShadow {
					sps = append(sps, span{sh.Start.UnixNano(), sh.End.UnixNano()})
				}
			}
			return time.Duration(spansTotal(mergeSpans(sps)))
		}
		limit := in.Thresholds.WithDefaults().OnCallSharePercent
		// Nothing changes outside the horizon.
		for _, o := range p.Overrides {
			if o.Start.Before(from) || o.End.After(to) {
				t.Fatalf("iteration %d: override %v outside the horizon", it, o)
			}
			if _, ok := orig.Member(o.EngineerID); !ok {
				t.Fatalf("iteration %d: override for a stranger %v", it, o)
			}
		}
		// The share rule, as Propose states it.
		var most time.Duration
		for _, m := range s.Members {
			most = max(most, onCall(orig, m.ID))
		}
		for _, m := range s.Members {
			b, a := onCall(orig, m.ID), onCall(prop, m.ID)
			span := int64(to.Sub(from))
			if a > b && exceedsPercent(int64(a), span, limit) && (!exceedsPercent(int64(b), span, limit) || a > most) {
				t.Fatalf("iteration %d: %s goes from %v to %v on call, over %d%%", it, m.ID, b, a, limit)
			}
		}
		if sumSquares(p.Loads, true) > sumSquares(p.Loads, false)+1e-6 {
			t.Fatalf("iteration %d: the proposal is worse: %+v", it, p.Loads)
		}
		for _, sw := range p.Swaps {
			ok := false
			for _, l := range s.Layers {
				ok = ok || (l.Tier == sw.Tier && slices.Contains(l.Participants, sw.ToID) && slices.Contains(l.Participants, sw.FromID))
			}
			if !ok {
				t.Fatalf("iteration %d: swap %+v between engineers of no common layer", it, sw)
			}
		}
	}
}
