package load

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

// Limits and defaults of proposals.
const (
	// DefaultMaxSwaps is how many swaps a proposal suggests at most.
	DefaultMaxSwaps = 10
	// MaxHorizon is the longest horizon a proposal plans.
	MaxHorizon = 16 * 7 * 24 * time.Hour
	// WeightWeekendDay is the burden of a whole weekend day or holiday on
	// call, in weighted interruptions: being tied to a phone costs even
	// when it stays quiet.
	WeightWeekendDay = 1.0
	// exhaustiveOrders: layers with at most this many participants have
	// every order tried; larger ones are improved by swapping pairs.
	exhaustiveOrders = 6
	slot             = 5 * time.Minute
)

// ProposalInput is what a proposal for a team's next rotation is made
// from.
type ProposalInput struct {
	// Schedule is the team's current schedule.
	Schedule scheduler.Schedule
	// Engineers give zones and working hours; members not listed take
	// their scheduler zone and the default business hours.
	Engineers []Engineer
	// History is the report of a past period (a quarter is typical): each
	// engineer's weighted interruptions and weekend and holiday days so
	// far, and the interruptions per hour of the week that reached
	// whoever was on primary and secondary. Nil means no history: only
	// weekends and holidays weigh.
	History *Report
	// From and To bound the horizon planned, at most MaxHorizon long.
	From, To time.Time
	// At is when the proposal is made: the creation time of its overrides.
	At time.Time
	// Thresholds give the on-call share limit a proposal keeps.
	Thresholds Thresholds
	// MaxSwaps bounds the swaps proposed: 0 means DefaultMaxSwaps, a
	// negative number none.
	MaxSwaps int
}

// LayerOrder is a new participant order for a layer.
type LayerOrder struct {
	LayerID string
	Before  []string
	After   []string
}

// ProposedSwap hands one stretch of a shift from one engineer to another
// (a participant of the same layer). Gain is how much it lowers the
// objective (the sum of squared weighted loads).
type ProposedSwap struct {
	Tier   scheduler.Tier
	FromID string
	ToID   string
	Start  time.Time
	End    time.Time
	Gain   float64
}

// ProjectedLoad is one engineer's weighted load: History from the past
// period, and History plus the expected load of the horizon under the
// current plan (Before) and the proposal (After).
type ProjectedLoad struct {
	EngineerID   string
	History      float64
	Before       float64
	After        float64
	OnCallBefore time.Duration
	OnCallAfter  time.Duration
}

// Proposal is a fairer plan for a horizon: new layer orders, concrete
// swaps, and the overrides that turn the current plan into the proposed
// one within the horizon without touching anything before or after it.
// Applying Overrides to the current schedule gives exactly the proposed
// plan; changing the layer orders instead gives the same turns but also
// re-resolves the past, so an API should only do that with the past kept.
type Proposal struct {
	From, To  time.Time
	Orders    []LayerOrder
	Swaps     []ProposedSwap
	Overrides []scheduler.Override
	Loads     []ProjectedLoad
	// FairnessBefore and FairnessAfter are the Gini coefficients of the
	// loads (Before and After) of the rotation's engineers.
	FairnessBefore float64
	FairnessAfter  float64
}

// Apply returns the schedule with the proposal's overrides added.
func (p *Proposal) Apply(s scheduler.Schedule) scheduler.Schedule {
	s.Overrides = append(slices.Clone(s.Overrides), p.Overrides...)
	return s
}

// Propose plans the horizon so that the load of the team's rotation
// evens out. It first picks, layer by layer, the participant order whose
// turns give the lowest sum of squared loads (history plus the expected
// load of the horizon), then swaps day-sized stretches of shifts to
// another participant of the same layer while that lowers it further.
// Expected load comes from the history's interruptions per hour of the
// week and tier, weighted by the band each hour falls in for the engineer
// who would hold it (so an engineer in another zone can take someone's
// nights when they are evenings for them), plus WeightWeekendDay per
// weekend day or holiday on call. A change is only kept when the
// scheduler confirms that it leaves the coverage gaps as they were, adds
// no mixed-pairing violation and nobody on primary and secondary at once,
// puts nobody newly over the on-call share limit and nobody over it beyond
// the largest share anyone already had, and lets nobody's share of the
// expected interruptions grow while above the unfair-share limit.
func Propose(in ProposalInput) (*Proposal, error) {
	if in.From.IsZero() || in.From.Before(minInstant) || !in.From.Before(maxInstant) {
		return nil, invalid("from", "the horizon needs a start between 1900 and 2200")
	}
	if !in.To.After(in.From) || in.To.After(maxInstant) {
		return nil, invalid("to", "the horizon must end after it starts")
	}
	if in.To.Sub(in.From) > MaxHorizon {
		return nil, invalid("to", fmt.Sprintf("the horizon is longer than %d weeks", MaxHorizon/(7*24*time.Hour)))
	}
	if err := in.Thresholds.Validate(); err != nil {
		return nil, err
	}
	orig, err := scheduler.Compile(in.Schedule)
	if err != nil {
		return nil, err
	}
	m, err := newModel(in, orig)
	if err != nil {
		return nil, err
	}
	before := m.plan(orig)
	base := m.check(orig, before)

	// Step 1: layer orders.
	cur := in.Schedule
	cur.Layers = slices.Clone(cur.Layers)
	curPlan, curObj := before, m.objective(before)
	for pass := 0; pass < 3; pass++ {
		improved := false
		for li, l := range cur.Layers {
			if l.Tier == scheduler.TierShadow || len(l.Participants) < 2 {
				continue
			}
			try := func(order []string) bool {
				cand := cur
				cand.Layers = slices.Clone(cur.Layers)
				cand.Layers[li].Participants = order
				c, err := scheduler.Compile(cand)
				if err != nil {
					return false
				}
				p := m.plan(c)
				obj := m.objective(p)
				if obj >= curObj-1e-9 || !m.allowed(base, m.check(c, p)) {
					return false
				}
				cur, curPlan, curObj = cand, p, obj
				return true
			}
			parts := l.Participants
			if len(parts) <= exhaustiveOrders {
				for _, order := range permutations(parts) {
					if try(order) {
						improved = true
					}
				}
				continue
			}
			for changed := true; changed; {
				changed = false
				for i := range parts {
					for j := i + 1; j < len(parts); j++ {
						order := slices.Clone(cur.Layers[li].Participants)
						order[i], order[j] = order[j], order[i]
						if try(order) {
							changed, improved = true, true
						}
					}
				}
			}
		}
		if !improved {
			break
		}
	}
	prop := &Proposal{From: in.From, To: in.To}
	for i, l := range in.Schedule.Layers {
		if after := cur.Layers[i].Participants; !slices.Equal(after, l.Participants) {
			prop.Orders = append(prop.Orders, LayerOrder{LayerID: l.ID, Before: slices.Clone(l.Participants), After: slices.Clone(after)})
		}
	}

	// Step 2: swaps of day-sized pieces, checked one by one.
	maxSwaps := in.MaxSwaps
	if maxSwaps == 0 {
		maxSwaps = DefaultMaxSwaps
	}
	pieces := m.dayPieces(curPlan)
	banned := map[[2]int]bool{}
	for len(prop.Swaps) < maxSwaps {
		bestGain, bi, bj := 1e-9, -1, -1
		for i, pc := range pieces {
			if pc.layer < 0 {
				continue
			}
			for _, cand := range in.Schedule.Layers[pc.layer].Participants {
				j := m.ix[cand]
				if j == pc.eng || banned[[2]int{i, j}] || !m.free(pieces, i, j) {
					continue
				}
				if g := m.gain(pieces, i, j); g > bestGain {
					bestGain, bi, bj = g, i, j
				}
			}
		}
		if bi < 0 {
			break
		}
		next := slices.Clone(pieces)
		next[bi].eng = bj
		ovr := m.overrides(before, next, in.At)
		c, err := scheduler.Compile(withOverrides(in.Schedule, ovr))
		if err != nil || !m.allowed(base, m.check(c, m.plan(c))) {
			banned[[2]int{bi, bj}] = true
			continue
		}
		pc := pieces[bi]
		prop.Swaps = append(prop.Swaps, ProposedSwap{Tier: pc.tier, FromID: m.ids[pc.eng], ToID: m.ids[bj],
			Start: time.Unix(0, pc.s).In(orig.Location()), End: time.Unix(0, pc.e).In(orig.Location()), Gain: bestGain})
		pieces = next
	}

	// The overrides carry the whole proposal; the scheduler confirms it.
	prop.Overrides = m.overrides(before, pieces, in.At)
	final, err := scheduler.Compile(withOverrides(in.Schedule, prop.Overrides))
	if err != nil {
		return nil, fmt.Errorf("load: the proposal's overrides do not compile: %w", err)
	}
	after := m.plan(final)
	if !m.allowed(base, m.check(final, after)) || !samePlan(after, m.flatten(pieces)) {
		return nil, fmt.Errorf("load: the proposal's overrides do not give the plan proposed")
	}
	pb, pa := m.loads(before), m.loads(after)
	var gb, ga []float64
	for i, id := range m.ids {
		if !m.counted[i] {
			continue
		}
		prop.Loads = append(prop.Loads, ProjectedLoad{EngineerID: id, History: m.history[i],
			Before: m.history[i] + pb[i], After: m.history[i] + pa[i],
			OnCallBefore: time.Duration(m.onCall(before, i)), OnCallAfter: time.Duration(m.onCall(after, i))})
		gb, ga = append(gb, m.history[i]+pb[i]), append(ga, m.history[i]+pa[i])
	}
	prop.FairnessBefore, prop.FairnessAfter = Gini(gb), Gini(ga)
	return prop, nil
}

func withOverrides(s scheduler.Schedule, o []scheduler.Override) scheduler.Schedule {
	s.Overrides = append(slices.Clone(s.Overrides), o...)
	return s
}

// permutations returns every order of xs, xs itself first.
func permutations(xs []string) [][]string {
	var out [][]string
	var rec func(k int, cur []string)
	rec = func(k int, cur []string) {
		if k == len(cur) {
			out = append(out, slices.Clone(cur))
			return
		}
		for i := k; i < len(cur); i++ {
			cur[k], cur[i] = cur[i], cur[k]
			rec(k+1, cur)
			cur[k], cur[i] = cur[i], cur[k]
		}
	}
	rec(0, slices.Clone(xs))
	return out
}

// model holds what a proposal is judged by: per engineer, the cost of
// each 5-minute slot of the horizon on primary and secondary, as prefix
// sums, and the history.
type model struct {
	in       ProposalInput
	from, to int64
	base     int64 // start of slot 0
	ids      []string
	ix       map[string]int
	disc     []scheduler.Discipline
	history  []float64
	counted  []bool         // in the objective: rotation members
	cum      [][2][]float64 // [eng][tier] prefix sums over slots
	raw      [2][]float64   // [tier] prefix sums of expected interruptions
	rotation int
	factor   float64
	loc      *time.Location
	layerIx  map[string]int
	limitPct int
}

func newModel(in ProposalInput, c *scheduler.Compiled) (*model, error) {
	th := in.Thresholds.WithDefaults()
	m := &model{in: in, from: in.From.UnixNano(), to: in.To.UnixNano(), ix: map[string]int{}, loc: c.Location(),
		layerIx: map[string]int{}, limitPct: th.OnCallSharePercent, factor: th.UnfairShareFactor}
	m.base = floorDiv(m.from, int64(slot)) * int64(slot)
	for i, l := range in.Schedule.Layers {
		m.layerIx[l.ID] = i
	}
	extra := map[string]Engineer{}
	for _, e := range in.Engineers {
		extra[e.ID] = e
	}
	rot := map[string]bool{}
	for _, id := range rotationMembers(in.Schedule) {
		rot[id] = true
		m.rotation++
	}
	// Rates of interruptions per hour of the week in the team's zone,
	// from the history.
	var rates [2][7][24]float64
	rateLoc := time.UTC
	if h := in.History; h != nil && h.To.After(h.From) {
		weeks := float64(h.To.Sub(h.From)) / float64(7*24*time.Hour)
		for t := range 2 {
			for d := range 7 {
				for hh := range 24 {
					rates[t][d][hh] = float64(h.OnCallHeatMap[t][d][hh]) / weeks
				}
			}
		}
		loc, err := loadZone(h.TimeZone)
		if err != nil {
			return nil, invalid("history.time_zone", err.Error())
		}
		rateLoc = loc
	}
	holidays := map[scheduler.Date]bool{}
	for _, d := range in.Schedule.Holidays {
		holidays[d] = true
	}
	nslots := int((m.to - m.base + int64(slot) - 1) / int64(slot))
	teamZone := newZoneCache(rateLoc)
	for t := range 2 {
		m.raw[t] = make([]float64, nslots+1)
		for k := range nslots {
			_, twd, tmin := civil(teamZone.local(m.base + int64(k)*int64(slot)))
			m.raw[t][k+1] = m.raw[t][k] + rates[t][(twd+6)%7][tmin/60]*float64(slot)/float64(time.Hour)
		}
	}
	for _, mem := range in.Schedule.Members {
		i := len(m.ids)
		m.ids = append(m.ids, mem.ID)
		m.ix[mem.ID] = i
		m.disc = append(m.disc, mem.Discipline)
		m.counted = append(m.counted, rot[mem.ID])
		e, ok := extra[mem.ID]
		if !ok {
			e = Engineer{ID: mem.ID, TimeZone: mem.TimeZone}
		}
		loc, err := loadZone(e.TimeZone)
		if err != nil {
			return nil, invalid("engineers", err.Error())
		}
		wh, err := ParseWorkingHours(e.WorkingHours)
		if err != nil {
			return nil, invalid("engineers", err.(*ValidationError).Message)
		}
		hist := 0.0
		if in.History != nil {
			if er, ok := in.History.Engineer(mem.ID); ok {
				hist = float64(er.Weighted) + WeightWeekendDay*float64(er.WeekendDays+er.HolidayDays)
			}
		}
		m.history = append(m.history, hist)
		z := newZoneCache(loc)
		var cum [2][]float64
		for t := range 2 {
			cum[t] = make([]float64, nslots+1)
		}
		for k := range nslots {
			ns := m.base + int64(k)*int64(slot)
			day, wd, minute := civil(z.local(ns))
			w := float64(WeightBusiness)
			switch wh.bandOfLocal(wd, minute) {
			case OffHours:
				w = WeightOffHours
			case Sleep:
				w = WeightSleep
			}
			_, twd, tmin := civil(teamZone.local(ns))
			burden := 0.0
			d := time.Unix(day*secPerDay, 0).UTC()
			if wd == 0 || wd == 6 || holidays[scheduler.Date{Year: d.Year(), Month: d.Month(), Day: d.Day()}] {
				burden = WeightWeekendDay * float64(slot) / float64(24*time.Hour)
			}
			for t := range 2 {
				r := rates[t][(twd+6)%7][tmin/60] * float64(slot) / float64(time.Hour)
				cum[t][k+1] = cum[t][k] + r*w + burden
			}
		}
		m.cum = append(m.cum, cum)
	}
	return m, nil
}

// stint is who holds a tier over [s, e) in a plan, and from which layer
// (-1 for an override or a gap).
type stint struct {
	tier  scheduler.Tier
	ti    int // 0 primary, 1 secondary
	eng   int
	s, e  int64
	layer int
}

// plan resolves primary and secondary over the horizon.
func (m *model) plan(c *scheduler.Compiled) []stint {
	var out []stint
	for ti, tier := range []scheduler.Tier{scheduler.TierPrimary, scheduler.TierSecondary} {
		for _, sh := range c.TierShifts(tier, m.in.From, m.in.To) {
			layer := -1
			if sh.Source.Kind == scheduler.SourceLayer {
				layer = m.layerIx[sh.Source.ID]
			}
			out = append(out, stint{tier: tier, ti: ti, eng: m.ix[sh.EngineerID], s: sh.Start.UnixNano(), e: sh.End.UnixNano(), layer: layer})
		}
	}
	return out
}

// cost is the expected load of holding tier ti over [s, e) for eng.
func (m *model) cost(eng, ti int, s, e int64) float64 {
	return m.at(eng, ti, e) - m.at(eng, ti, s)
}

func (m *model) at(eng, ti int, t int64) float64 {
	c := m.cum[eng][ti]
	pos := float64(t-m.base) / float64(slot)
	k := int(pos)
	if k >= len(c)-1 {
		return c[len(c)-1]
	}
	if k < 0 {
		return 0
	}
	return c[k] + (pos-float64(k))*(c[k+1]-c[k])
}

func (m *model) rawAt(ti int, t int64) float64 {
	c := m.raw[ti]
	pos := float64(t-m.base) / float64(slot)
	k := int(pos)
	if k >= len(c)-1 {
		return c[len(c)-1]
	}
	if k < 0 {
		return 0
	}
	return c[k] + (pos-float64(k))*(c[k+1]-c[k])
}

func (m *model) loads(p []stint) []float64 {
	out := make([]float64, len(m.ids))
	for _, st := range p {
		out[st.eng] += m.cost(st.eng, st.ti, st.s, st.e)
	}
	return out
}

func (m *model) onCall(p []stint, eng int) int64 {
	var sps []span
	for _, st := range p {
		if st.eng == eng {
			sps = append(sps, span{st.s, st.e})
		}
	}
	return spansTotal(mergeSpans(sps))
}

func (m *model) objective(p []stint) float64 {
	l := m.loads(p)
	var sum float64
	for i, v := range l {
		if m.counted[i] || v > 0 {
			t := m.history[i] + v
			sum += t * t
		}
	}
	return sum
}

// checks are the figures a change must not worsen.
type checks struct {
	gaps    []scheduler.Gap
	pairing int64 // nanoseconds of mixed-pairing violations
	double  int64 // nanoseconds with one engineer on primary and secondary
	share   []int64
	// expected are the interruptions each engineer can expect in the
	// horizon (unweighted), for the unfair-share limit.
	expected  []float64
	total     float64
	shareSpan int64
}

func (m *model) check(c *scheduler.Compiled, p []stint) checks {
	ch := checks{gaps: c.Gaps(m.in.From, m.in.To), shareSpan: m.to - m.from}
	for _, v := range c.PairingViolations(m.in.From, m.in.To) {
		ch.pairing += v.End.UnixNano() - v.Start.UnixNano()
	}
	var pri, sec [][]span
	pri, sec = make([][]span, len(m.ids)), make([][]span, len(m.ids))
	for _, st := range p {
		if st.ti == 0 {
			pri[st.eng] = append(pri[st.eng], span{st.s, st.e})
		} else {
			sec[st.eng] = append(sec[st.eng], span{st.s, st.e})
		}
	}
	for i := range m.ids {
		for _, a := range pri[i] {
			for _, b := range sec[i] {
				if s, e := max(a.s, b.s), min(a.e, b.e); s < e {
					ch.double += e - s
				}
			}
		}
		ch.share = append(ch.share, m.onCall(p, i))
	}
	ch.expected = make([]float64, len(m.ids))
	for _, st := range p {
		e := m.rawAt(st.ti, st.e) - m.rawAt(st.ti, st.s)
		ch.expected[st.eng] += e
		ch.total += e
	}
	return ch
}

// allowed reports whether after keeps what base had: the same gaps, no
// more pairing violations or double booking, nobody newly over the
// on-call share limit, and nobody over it beyond the largest share
// anyone had (so a rotation too small to meet the limit can still even
// out among those over it).
func (m *model) allowed(base, after checks) bool {
	if len(base.gaps) != len(after.gaps) || after.pairing > base.pairing || after.double > base.double {
		return false
	}
	for i, g := range base.gaps {
		h := after.gaps[i]
		if g.Tier != h.Tier || !g.Start.Equal(h.Start) || !g.End.Equal(h.End) {
			return false
		}
	}
	var most int64
	for _, on := range base.share {
		most = max(most, on)
	}
	// Nobody's expected share of the interruptions may grow while above
	// the unfair-share limit.
	for i, e := range after.expected {
		if e > base.expected[i]+1e-9 && e*float64(m.rotation) > m.factor*after.total+1e-9 {
			return false
		}
	}
	for i, on := range after.share {
		was := base.share[i]
		if on <= was || !exceedsPercent(on, after.shareSpan, m.limitPct) {
			continue
		}
		// Over the limit and more than before: only an engineer already
		// over it may take more, and no more than the most anyone had.
		if !exceedsPercent(was, after.shareSpan, m.limitPct) || on > most {
			return false
		}
	}
	return true
}

// dayPieces cuts a plan at local midnights of the schedule's zone.
func (m *model) dayPieces(p []stint) []stint {
	var out []stint
	for _, st := range p {
		s := st.s
		for s < st.e {
			t := time.Unix(0, s).In(m.loc)
			y, mo, d := t.Date()
			next := time.Date(y, mo, d+1, 0, 0, 0, 0, m.loc).UnixNano()
			e := min(next, st.e)
			pc := st
			pc.s, pc.e = s, e
			out = append(out, pc)
			s = e
		}
	}
	return out
}

// free reports whether engineer j could take piece i: not on call on the
// other tier at the same time, not making a mixed pairing worse.
func (m *model) free(pieces []stint, i, j int) bool {
	pc := pieces[i]
	mixed := m.in.Schedule.Pairing == scheduler.PairingMixed
	for _, q := range pieces {
		if q.ti == pc.ti || q.e <= pc.s || q.s >= pc.e {
			continue
		}
		if q.eng == j {
			return false
		}
		if mixed && m.disc[q.eng] == m.disc[j] && m.disc[q.eng] != m.disc[pc.eng] {
			return false
		}
	}
	return true
}

// gain is how much handing piece i to j lowers the objective.
func (m *model) gain(pieces []stint, i, j int) float64 {
	pc := pieces[i]
	l := m.loads(pieces)
	a, b := pc.eng, j
	ta, tb := m.history[a]+l[a], m.history[b]+l[b]
	ca, cb := m.cost(a, pc.ti, pc.s, pc.e), m.cost(b, pc.ti, pc.s, pc.e)
	na, nb := ta-ca, tb+cb
	return ta*ta + tb*tb - na*na - nb*nb
}

// flatten joins adjacent pieces of one engineer and tier.
func (m *model) flatten(p []stint) []stint {
	q := slices.Clone(p)
	slices.SortStableFunc(q, func(a, b stint) int { return cmp.Or(cmp.Compare(a.ti, b.ti), cmp.Compare(a.s, b.s)) })
	var out []stint
	for _, st := range q {
		if n := len(out); n > 0 && out[n-1].ti == st.ti && out[n-1].eng == st.eng && out[n-1].e == st.s {
			out[n-1].e = st.e
			continue
		}
		out = append(out, st)
	}
	return out
}

// samePlan compares who holds each tier when, ignoring where from.
func samePlan(a, b []stint) bool {
	var x, y []stint
	for _, p := range [][]stint{a, b} {
		q := make([]stint, 0, len(p))
		for _, st := range p {
			q = append(q, stint{ti: st.ti, eng: st.eng, s: st.s, e: st.e})
		}
		slices.SortStableFunc(q, func(a, b stint) int { return cmp.Or(cmp.Compare(a.ti, b.ti), cmp.Compare(a.s, b.s)) })
		var j []stint
		for _, st := range q {
			if n := len(j); n > 0 && j[n-1].ti == st.ti && j[n-1].eng == st.eng && j[n-1].e == st.s {
				j[n-1].e = st.e
				continue
			}
			j = append(j, st)
		}
		if x == nil {
			x = j
		} else {
			y = j
		}
	}
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

// overrides returns the overrides that turn plan before into the pieces:
// one for each stretch where the holder differs, joined per engineer.
func (m *model) overrides(before, pieces []stint, at time.Time) []scheduler.Override {
	var out []scheduler.Override
	for ti, tier := range []scheduler.Tier{scheduler.TierPrimary, scheduler.TierSecondary} {
		// Cut both plans at every boundary and compare.
		var cuts []int64
		holder := func(p []stint, t int64) int {
			for _, st := range p {
				if st.ti == ti && st.s <= t && t < st.e {
					return st.eng
				}
			}
			return -1
		}
		for _, p := range [][]stint{before, pieces} {
			for _, st := range p {
				if st.ti == ti {
					cuts = append(cuts, st.s, st.e)
				}
			}
		}
		slices.Sort(cuts)
		cuts = slices.Compact(cuts)
		for k := 0; k+1 < len(cuts); k++ {
			s, e := cuts[k], cuts[k+1]
			was, now := holder(before, s), holder(pieces, s)
			if now < 0 || was == now {
				continue
			}
			if n := len(out); n > 0 && out[n-1].Tier == tier && out[n-1].EngineerID == m.ids[now] && out[n-1].End.UnixNano() == s {
				out[n-1].End = time.Unix(0, e).In(m.loc)
				continue
			}
			out = append(out, scheduler.Override{ID: fmt.Sprintf("proposal-%d", len(out)+1), Tier: tier, EngineerID: m.ids[now],
				Start: time.Unix(0, s).In(m.loc), End: time.Unix(0, e).In(m.loc), CreatedAt: at})
		}
	}
	return out
}
