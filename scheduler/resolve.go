package scheduler

import (
	"math"
	"slices"
	"sync"
	"time"
)

// piece is one stretch won by one source. Layer pieces carry the turn they
// belong to, so that stretches of different turns stay apart until output.
// Civil pieces count minutes on the local wall clock; resolved pieces count
// Unix nanoseconds.
type piece struct {
	s, e int64
	turn int64
	src  int32 // >= 0: layer index within the tier; < 0: ^override index
	eng  int32 // member index
}

func (p piece) sameTag(q piece) bool { return p.src == q.src && p.turn == q.turn }

// coversAt reports whether the layer covers civil minute c, and in which
// turn. c is a wall-clock high-water mark (see zoneTable).
func (l *layerData) coversAt(c int64, hol []int64) (int64, bool) {
	if c < l.c0 {
		return 0, false
	}
	if !l.always {
		if !l.full && !inWeekly(l.weekly, floorMod(c-weekEpoch, minutesPerWeek)) {
			return 0, false
		}
		if _, found := slices.BinarySearch(hol, floorDiv(c, minutesPerDay)); found {
			return 0, false
		}
	}
	return floorDiv(c-l.c0, l.length), true
}

func inWeekly(w []span, m int64) bool {
	for _, sp := range w {
		if m < sp.s {
			return false
		}
		if m < sp.e {
			return true
		}
	}
	return false
}

// coverage appends to dst the maximal civil intervals within [a, b) during
// which the layer applies, ignoring turns: from its start, within its
// weekly windows, outside holidays.
func (l *layerData) coverage(a, b int64, hol []int64, dst []span) []span {
	a = max(a, l.c0)
	if a >= b {
		return dst
	}
	if l.always {
		return append(dst, span{a, b})
	}
	if l.full {
		return subtractHolidays(a, b, hol, dst)
	}
	var cur span
	have := false
	for base := weekEpoch + floorDiv(a-weekEpoch, minutesPerWeek)*minutesPerWeek; base < b; base += minutesPerWeek {
		for _, sp := range l.weekly {
			s, e := max(base+sp.s, a), min(base+sp.e, b)
			if s >= e {
				if base+sp.s >= b {
					break
				}
				continue
			}
			if have && cur.e == s {
				cur.e = e
				continue
			}
			if have {
				dst = subtractHolidays(cur.s, cur.e, hol, dst)
			}
			cur, have = span{s, e}, true
		}
	}
	if have {
		dst = subtractHolidays(cur.s, cur.e, hol, dst)
	}
	return dst
}

// subtractHolidays appends [s, e) minus the holidays' whole local days.
func subtractHolidays(s, e int64, hol []int64, dst []span) []span {
	if len(hol) > 0 {
		i, _ := slices.BinarySearch(hol, floorDiv(s, minutesPerDay))
		for ; i < len(hol) && hol[i]*minutesPerDay < e; i++ {
			hs := hol[i] * minutesPerDay
			if hs > s {
				dst = append(dst, span{s, hs})
			}
			s = max(s, hs+minutesPerDay)
		}
	}
	if s < e {
		dst = append(dst, span{s, e})
	}
	return dst
}

// civilPieces appends the layer's turns within [a, b), masked by coverage.
func (l *layerData) civilPieces(a, b int64, hol []int64, src int32, cov []span, dst []piece) ([]piece, []span) {
	cov = l.coverage(a, b, hol, cov[:0])
	n := int64(len(l.parts))
	for _, sp := range cov {
		k := floorDiv(sp.s-l.c0, l.length)
		for s := sp.s; s < sp.e; k++ {
			e := min(l.c0+(k+1)*l.length, sp.e)
			dst = append(dst, piece{s: s, e: e, turn: k, src: src, eng: l.parts[k%n]})
			s = e
		}
	}
	return dst, cov
}

// scratch holds buffers reused within one call.
type scratch struct {
	cov    []span
	civil  []piece
	lists  [][]piece
	ptr    []int
	swept  []piece
	result []piece
}

// scratchPool recycles scratch buffers between calls, so that a steady
// stream of queries allocates little more than its results.
var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

// putScratch returns sc to the pool unless a huge query left it too big to
// be worth keeping.
func putScratch(sc *scratch) {
	if cap(sc.civil)+cap(sc.swept)+cap(sc.result) > 1<<18 {
		return
	}
	scratchPool.Put(sc)
}

// resolveTier returns the tier's resolved pieces within [from, to) (Unix
// nanoseconds): sorted, disjoint, adjacent pieces of one turn or override
// merged. The result aliases sc.
func (c *Compiled) resolveTier(ti int, from, to int64, sc *scratch) []piece {
	from, to = max(from, domainLo), min(to, domainHi)
	if from >= to {
		return nil
	}
	td := &c.tiers[ti]
	var layer []piece
	if len(td.layers) > 0 {
		ca := c.zone.wallMinute(from)
		cb := c.zone.wallMinute(to) + 1
		// Size the buffers once: a layer yields at most one piece per turn
		// plus one per coverage span.
		est := 0
		for j := range td.layers {
			l := &td.layers[j]
			est += int((cb-ca)/l.length) + 2
			if !l.always {
				est += int((cb-ca)/minutesPerWeek+2)*len(l.weekly) + len(c.holidays)
			}
		}
		sc.civil = reserve(sc.civil, est)
		sc.swept = reserve(sc.swept, est+est/4)
		civil := sc.civil[:0]
		lists := sc.lists[:0]
		for j := range td.layers {
			start := len(civil)
			civil, sc.cov = td.layers[j].civilPieces(ca, cb, c.holidays, int32(j), sc.cov, civil)
			lists = append(lists, civil[start:len(civil):len(civil)])
		}
		sc.civil, sc.lists = civil, lists
		var swept []piece
		if len(lists) == 1 {
			swept = lists[0]
		} else {
			swept = sweep(lists, sc)
		}
		// To instants, in place (the output never outgrows the input).
		// Pieces whose civil stretch falls in a skipped hour vanish; their
		// neighbours of the same turn then touch and merge.
		layer = swept[:0]
		var s int64
		prevCivil := int64(math.MinInt64)
		for _, p := range swept {
			if p.s != prevCivil {
				s = c.zone.instantNs(p.s)
			}
			e := c.zone.instantNs(p.e)
			prevCivil = p.e
			ps, pe := max(s, from), min(e, to)
			s = e
			if ps >= pe {
				continue
			}
			if n := len(layer); n > 0 && layer[n-1].e == ps && layer[n-1].sameTag(p) {
				layer[n-1].e = pe
				continue
			}
			p.s, p.e = ps, pe
			layer = append(layer, p)
		}
	}
	if len(td.paint) == 0 {
		return layer
	}
	i := firstEndingAfter(td.paint, from)
	if i == len(td.paint) || td.paint[i].s >= to {
		return layer
	}
	j := i
	for j < len(td.paint) && td.paint[j].s < to {
		j++
	}
	sc.result = reserve(sc.result, len(layer)+2*(j-i)+1)
	res := sc.result[:0]
	li := 0
	for ; i < len(td.paint) && td.paint[i].s < to; i++ {
		op := td.paint[i]
		os, oe := max(op.s, from), min(op.e, to)
		for li < len(layer) && layer[li].s < os {
			p := layer[li]
			if p.e <= os {
				res = append(res, p)
				li++
				continue
			}
			p.e = os
			res = append(res, p)
			break
		}
		for li < len(layer) && layer[li].s < oe {
			if layer[li].e <= oe {
				li++
				continue
			}
			layer[li].s = oe
			break
		}
		res = append(res, piece{s: os, e: oe, src: ^op.o, eng: td.ovrEng[op.o]})
	}
	res = append(res, layer[li:]...)
	sc.result = res
	return res
}

// reserve returns buf emptied, with capacity for at least n pieces.
func reserve(buf []piece, n int) []piece {
	if cap(buf) < n {
		return make([]piece, 0, n)
	}
	return buf[:0]
}

// sweep combines per-layer civil pieces: where several layers cover, the
// last one wins.
func sweep(lists [][]piece, sc *scratch) []piece {
	ptr := sc.ptr[:0]
	for range lists {
		ptr = append(ptr, 0)
	}
	sc.ptr = ptr
	out := sc.swept[:0]
	cur := int64(math.MinInt64)
	for {
		next := int64(math.MaxInt64)
		win := -1
		for j, l := range lists {
			for ptr[j] < len(l) && l[ptr[j]].e <= cur {
				ptr[j]++
			}
			if ptr[j] == len(l) {
				continue
			}
			p := &l[ptr[j]]
			if p.s <= cur {
				win = j
				next = min(next, p.e)
			} else {
				next = min(next, p.s)
			}
		}
		if next == math.MaxInt64 {
			break
		}
		if win >= 0 {
			p := lists[win][ptr[win]]
			if n := len(out); n > 0 && out[n-1].e == cur && out[n-1].sameTag(p) {
				out[n-1].e = next
			} else {
				p.s, p.e = cur, next
				out = append(out, p)
			}
		}
		cur = next
	}
	sc.swept = out
	return out
}

// firstEndingAfter returns the index of the first painted piece that ends
// after t.
func firstEndingAfter(paint []ovrPiece, t int64) int {
	lo, hi := 0, len(paint)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if paint[m].e > t {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// pointPiece returns the piece containing instant at: the override or the
// layer turn that wins there, over the stretch in which it keeps winning
// without interruption, except that a stretch may be split where a
// coverage or precedence boundary falls inside a skipped hour (onCallPiece
// joins those).
func (c *Compiled) pointPiece(ti int, at int64) (piece, bool) {
	if at < domainLo || at >= domainHi {
		return piece{}, false
	}
	td := &c.tiers[ti]
	oi := firstEndingAfter(td.paint, at)
	if oi < len(td.paint) && td.paint[oi].s <= at {
		op := td.paint[oi]
		return piece{s: op.s, e: op.e, src: ^op.o, eng: td.ovrEng[op.o]}, true
	}
	cm := c.zone.wallMinute(at)
	for j := len(td.layers) - 1; j >= 0; j-- {
		l := &td.layers[j]
		k, ok := l.coversAt(cm, c.holidays)
		if !ok {
			continue
		}
		var buf [16]span
		ps := l.c0 + k*l.length
		pe := ps + l.length
		if !l.always {
			for _, sp := range l.coverage(ps, pe, c.holidays, buf[:0]) {
				if sp.s <= cm && cm < sp.e {
					ps, pe = sp.s, sp.e
					break
				}
			}
		}
		for h := j + 1; h < len(td.layers); h++ {
			for _, sp := range td.layers[h].coverage(ps, pe, c.holidays, buf[:0]) {
				if sp.e <= cm {
					ps = max(ps, sp.e)
				} else {
					pe = min(pe, sp.s)
					break
				}
			}
		}
		p := piece{
			s:    max(c.zone.instantNs(ps), domainLo),
			e:    min(c.zone.instantNs(pe), domainHi),
			turn: k,
			src:  int32(j),
			eng:  l.parts[k%int64(len(l.parts))],
		}
		if oi < len(td.paint) {
			p.e = min(p.e, td.paint[oi].s)
		}
		if oi > 0 {
			p.s = max(p.s, td.paint[oi-1].e)
		}
		return p, true
	}
	return piece{}, false
}

// onCallPiece is pointPiece with the stretches of one turn that touch
// across a skipped hour joined, so that it matches resolveTier exactly.
// Such stretches can only meet at a transition instant.
func (c *Compiled) onCallPiece(ti int, at int64) (piece, bool) {
	p, ok := c.pointPiece(ti, at)
	if !ok {
		return p, false
	}
	for p.e < domainHi && c.zone.isTransition(p.e) {
		q, ok := c.pointPiece(ti, p.e)
		if !ok || !q.sameTag(p) || q.e <= p.e {
			break
		}
		p.e = q.e
	}
	for p.s > domainLo && c.zone.isTransition(p.s) {
		q, ok := c.pointPiece(ti, p.s-1)
		if !ok || !q.sameTag(p) || q.s >= p.s || q.e != p.s {
			break
		}
		p.s = q.s
	}
	return p, true
}

func (c *Compiled) shiftOf(ti int, p piece) Shift {
	var sh Shift
	c.fillShift(&sh, ti, p)
	return sh
}

// fillShift writes the shift of piece p field by field: into a fresh
// slice element that is much cheaper than copying a whole Shift, whose
// pointers the garbage collector would have to check one by one.
func (c *Compiled) fillShift(sh *Shift, ti int, p piece) {
	m := &c.members[p.eng]
	sh.Tier = AllTiers[ti]
	sh.EngineerID = m.ID
	sh.Discipline = m.Discipline
	sh.Start = time.Unix(0, p.s).In(c.zone.loc)
	sh.End = time.Unix(0, p.e).In(c.zone.loc)
	td := &c.tiers[ti]
	if p.src >= 0 {
		l := &td.layers[p.src]
		sh.Source.Kind, sh.Source.ID, sh.Source.Name = SourceLayer, l.id, l.name
	} else {
		sh.Source.Kind, sh.Source.ID = SourceOverride, td.ovrs[^p.src].ID
	}
}

// OnCallTier returns the shift of the engineer on call for tier at the
// instant at, and false when nobody is (a coverage gap, or an unknown
// tier). The shift's Start and End bound the current turn of its layer (or
// the current stretch of its override) while it keeps winning; unlike
// Shifts, consecutive turns of the same engineer are not joined.
func (c *Compiled) OnCallTier(tier Tier, at time.Time) (Shift, bool) {
	ti, ok := tierIndex(tier)
	if !ok {
		return Shift{}, false
	}
	p, ok := c.onCallPiece(ti, at.UnixNano())
	if !ok {
		return Shift{}, false
	}
	return c.shiftOf(ti, p), true
}

// OnCall returns who is on call at the instant at, one assignment per tier
// that has someone, in the order of AllTiers.
func (c *Compiled) OnCall(at time.Time) []Assignment {
	var ps [numTiers]piece
	var found [numTiers]bool
	n := 0
	a := at.UnixNano()
	for ti := range AllTiers {
		ps[ti], found[ti] = c.onCallPiece(ti, a)
		if found[ti] {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Assignment, 0, n)
	for ti, tier := range AllTiers {
		if found[ti] {
			out = append(out, Assignment{Tier: tier, Engineer: c.members[ps[ti].eng], Shift: c.shiftOf(ti, ps[ti])})
		}
	}
	return out
}

// Shifts returns every resolved shift of every tier within [from, to),
// clipped to the range: tier by tier in the order of AllTiers, each tier's
// shifts sorted and disjoint. Adjacent stretches of the same engineer from
// the same source (layer or override) are joined into one shift.
func (c *Compiled) Shifts(from, to time.Time) []Shift {
	var sc [numTiers]*scratch
	for ti := range sc {
		sc[ti] = getScratch()
		defer putScratch(sc[ti])
	}
	var ps [numTiers][]piece
	f, t := from.UnixNano(), to.UnixNano()
	n := 0
	for ti := range AllTiers {
		ps[ti] = c.resolveTier(ti, f, t, sc[ti])
		n += countJoined(ps[ti])
	}
	if n == 0 {
		return nil
	}
	out := make([]Shift, 0, n)
	for ti := range AllTiers {
		out = c.appendShifts(out, ti, ps[ti])
	}
	return out
}

// countJoined returns the number of shifts appendShifts makes of ps.
func countJoined(ps []piece) int {
	n := 0
	for i := range ps {
		if i == 0 || !joins(ps[i-1], ps[i]) {
			n++
		}
	}
	return n
}

// joins reports whether q continues p as one shift: same engineer, same
// source, no gap.
func joins(p, q piece) bool { return q.s == p.e && q.src == p.src && q.eng == p.eng }

// TierShifts is Shifts for one tier.
func (c *Compiled) TierShifts(tier Tier, from, to time.Time) []Shift {
	ti, ok := tierIndex(tier)
	if !ok {
		return nil
	}
	sc := getScratch()
	defer putScratch(sc)
	ps := c.resolveTier(ti, from.UnixNano(), to.UnixNano(), sc)
	return c.appendShifts(make([]Shift, 0, countJoined(ps)), ti, ps)
}

func (c *Compiled) appendShifts(out []Shift, ti int, ps []piece) []Shift {
	for i := 0; i < len(ps); {
		p := ps[i]
		j := i + 1
		for j < len(ps) && joins(p, ps[j]) {
			p.e = ps[j].e
			j++
		}
		out = slices.Grow(out, 1)[:len(out)+1]
		c.fillShift(&out[len(out)-1], ti, p)
		i = j
	}
	return out
}

// Gaps returns the stretches within [from, to) during which nobody is on
// call for the primary or secondary tier. A tier without layers is not
// scheduled and reports no gaps; the shadow tier is optional and never
// does.
func (c *Compiled) Gaps(from, to time.Time) []Gap {
	sc := getScratch()
	defer putScratch(sc)
	var out []Gap
	f, t := max(from.UnixNano(), domainLo), min(to.UnixNano(), domainHi)
	for ti, tier := range AllTiers {
		if tier == TierShadow || len(c.tiers[ti].layers) == 0 {
			continue
		}
		pos := f
		for _, p := range c.resolveTier(ti, f, t, sc) {
			if p.s > pos {
				out = append(out, c.gap(tier, pos, p.s))
			}
			pos = p.e
		}
		if pos < t {
			out = append(out, c.gap(tier, pos, t))
		}
	}
	return out
}

func (c *Compiled) gap(tier Tier, s, e int64) Gap {
	return Gap{Tier: tier, Start: time.Unix(0, s).In(c.zone.loc), End: time.Unix(0, e).In(c.zone.loc)}
}

// PairingViolations returns, for a schedule that requires mixed pairing,
// the stretches within [from, to) during which primary and secondary are
// both staffed by engineers of the same discipline. It returns nil for
// other schedules.
func (c *Compiled) PairingViolations(from, to time.Time) []Violation {
	if !c.mixed {
		return nil
	}
	sa, sb := getScratch(), getScratch()
	defer putScratch(sa)
	defer putScratch(sb)
	f, t := from.UnixNano(), to.UnixNano()
	pri := c.resolveTier(0, f, t, sa)
	sec := c.resolveTier(1, f, t, sb)
	var out []Violation
	i, j := 0, 0
	for i < len(pri) && j < len(sec) {
		p, q := pri[i], sec[j]
		s, e := max(p.s, q.s), min(p.e, q.e)
		if s < e {
			dp := c.members[p.eng].Discipline
			if dp == c.members[q.eng].Discipline {
				pid, sid := c.members[p.eng].ID, c.members[q.eng].ID
				st := time.Unix(0, s).In(c.zone.loc)
				if n := len(out); n > 0 && out[n-1].End.Equal(st) && out[n-1].PrimaryID == pid && out[n-1].SecondaryID == sid {
					out[n-1].End = time.Unix(0, e).In(c.zone.loc)
				} else {
					out = append(out, Violation{Start: st, End: time.Unix(0, e).In(c.zone.loc), Discipline: dp, PrimaryID: pid, SecondaryID: sid})
				}
			}
		}
		if p.e <= q.e {
			i++
		} else {
			j++
		}
	}
	return out
}

// ShadowCompleted counts, per engineer ID, the shadow shifts that ended
// within [from, to). A shadow shift is one turn of a shadow layer, or one
// shadow override, during which the engineer was on shadow at least once;
// it ends when the engineer's last stretch on shadow for it ends.
func (c *Compiled) ShadowCompleted(from, to time.Time) map[string]int {
	const ti = 2
	td := &c.tiers[ti]
	out := map[string]int{}
	f, t := max(from.UnixNano(), domainLo), min(to.UnixNano(), domainHi)
	if f >= t {
		return out
	}
	if len(td.layers) > 0 {
		// Any turn that starts before t ends within one shift length (and
		// a DST change) of it.
		ext := td.maxShift*60*nsPerSec + 3*int64(time.Hour)
		type key struct {
			src  int32
			turn int64
		}
		type last struct {
			e   int64
			eng int32
		}
		sc := getScratch()
		defer putScratch(sc)
		ends := map[key]last{}
		// Starting a nanosecond early sees stretches that end exactly at f.
		for _, p := range c.resolveTier(ti, f-1, t+ext, sc) {
			if p.src >= 0 {
				ends[key{p.src, p.turn}] = last{p.e, p.eng}
			}
		}
		for _, l := range ends {
			if l.e >= f && l.e < t {
				out[c.members[l.eng].ID]++
			}
		}
	}
	for o, e := range td.ovrEnd {
		if e >= f && e < t {
			out[c.members[td.ovrEng[o]].ID]++
		}
	}
	return out
}

// NextHandoff returns the first instant after at when the engineer on call
// for tier changes (to someone else, or to nobody, or from nobody to
// someone). It returns false when no change happens within the schedule's
// horizon: once every layer has started and every override and holiday has
// passed, a schedule repeats, so a change that has not happened within a
// few of its longest shifts after that never will.
func (c *Compiled) NextHandoff(tier Tier, at time.Time) (time.Time, bool) {
	ti, ok := tierIndex(tier)
	if !ok {
		return time.Time{}, false
	}
	a := at.UnixNano()
	if a < domainLo || a >= domainHi {
		return time.Time{}, false
	}
	cur := int32(-1)
	if p, ok := c.pointPiece(ti, a); ok {
		cur = p.eng
	}
	horizon := max(a, c.lastEvent) + (2*c.maxShift+2*minutesPerWeek)*60*nsPerSec
	horizon = min(horizon, domainHi)
	sc := getScratch()
	defer putScratch(sc)
	step := int64(24 * time.Hour)
	for lo := a; lo < horizon; {
		hi := min(lo+step, horizon)
		pos := lo
		for _, p := range c.resolveTier(ti, lo, hi, sc) {
			if p.s > pos && cur >= 0 {
				return time.Unix(0, pos).In(c.zone.loc), true
			}
			if p.eng != cur {
				return time.Unix(0, p.s).In(c.zone.loc), true
			}
			pos = p.e
		}
		if pos < hi && cur >= 0 {
			return time.Unix(0, pos).In(c.zone.loc), true
		}
		lo = hi
		step = min(step*4, int64(366*24*time.Hour)) // bounds the memory of one window
	}
	return time.Time{}, false
}
