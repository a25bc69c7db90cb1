package load

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

// CoalesceWindow is how close pages to one engineer must be to count as one
// interruption: a page at most this long after the first page of the
// current cluster joins it.
const CoalesceWindow = 60 * time.Second

// Instants are accepted between these bounds, like the scheduler's.
var (
	minInstant = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxInstant = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

const (
	nsPerSec  = int64(time.Second)
	secPerDay = 86400
	blockNs   = int64(ShiftBlock)
	windowNs  = int64(CoalesceWindow)
)

// span is [s, e) in Unix nanoseconds.
type span struct{ s, e int64 }

// mergeSpans sorts spans and joins those that overlap or touch.
func mergeSpans(in []span) []span {
	slices.SortFunc(in, func(a, b span) int { return cmp.Compare(a.s, b.s) })
	out := in[:0]
	for _, sp := range in {
		if n := len(out); n > 0 && sp.s <= out[n-1].e {
			out[n-1].e = max(out[n-1].e, sp.e)
			continue
		}
		out = append(out, sp)
	}
	return out
}

func spansTotal(sps []span) int64 {
	var t int64
	for _, sp := range sps {
		t += sp.e - sp.s
	}
	return t
}

func spansWithin(sps []span, lo, hi int64) int64 {
	var t int64
	for _, sp := range sps {
		if s, e := max(sp.s, lo), min(sp.e, hi); s < e {
			t += e - s
		}
	}
	return t
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// zoneCache turns instants into local wall-clock seconds, remembering the
// offset of the last zone period it looked up: pages arrive in time order,
// so almost every lookup hits.
type zoneCache struct {
	loc    *time.Location
	lo, hi int64 // Unix seconds, [lo, hi) where off applies
	off    int64
}

func newZoneCache(loc *time.Location) zoneCache {
	return zoneCache{loc: loc, lo: 1, hi: 0}
}

// local returns the local wall-clock reading of the instant ns as seconds
// since 1970-01-01T00:00 on a clock that never jumps.
func (z *zoneCache) local(ns int64) int64 {
	sec := floorDiv(ns, nsPerSec)
	if sec < z.lo || sec >= z.hi {
		t := time.Unix(sec, 0).In(z.loc)
		_, off := t.Zone()
		s, e := t.ZoneBounds()
		z.off = int64(off)
		z.lo, z.hi = math.MinInt64, math.MaxInt64
		if !s.IsZero() {
			z.lo = s.Unix()
		}
		if !e.IsZero() {
			z.hi = e.Unix()
		}
	}
	return sec + z.off
}

// civil splits local seconds into the day number, the weekday (Sunday is
// 0) and the minute of the day.
func civil(local int64) (day int64, wd int, minute int) {
	day = floorDiv(local, secPerDay)
	wd = int((day%7 + 7 + 4) % 7) // 1970-01-01 was a Thursday
	minute = int((local - day*secPerDay) / 60)
	return
}

// cluster is a run of pages to one engineer within CoalesceWindow of its
// first page.
type cluster struct {
	open    bool
	start   int64
	counted bool
}

// step moves the cluster on to the page at ns and reports whether the page
// may still count as a new interruption (the cluster has not counted one).
func (c *cluster) step(ns int64) bool {
	if !c.open || ns-c.start > windowNs {
		*c = cluster{open: true, start: ns}
	}
	return !c.counted
}

// AlertMemory is how long an alert is remembered per engineer after it
// last paged them: an alert that pages an engineer again after a silence
// this long counts as a new interruption and a new incident. Rota's alerts
// stop paging when resolved, so only an alert left open and silent for a
// week is affected; forgetting keeps an accumulator's memory bounded.
const AlertMemory = 7 * 24 * time.Hour

// memory remembers values by key for at least AlertMemory after they were
// last put, in two generations: the current one and the one before.
// Instants passed to get never decrease.
type memory[V any] struct {
	cur, prev map[string]V
	since     int64 // start of the current generation
}

func (m *memory[V]) get(key string, ns int64) (V, bool) {
	const gen = int64(AlertMemory)
	switch {
	case m.cur == nil:
		m.cur, m.since = map[string]V{}, ns
	case ns-m.since >= 2*gen:
		m.prev, m.cur, m.since = nil, make(map[string]V, len(m.cur)/2), ns
	case ns-m.since >= gen:
		m.prev, m.cur, m.since = m.cur, make(map[string]V, len(m.cur)/2), ns
	}
	if v, ok := m.cur[key]; ok {
		return v, true
	}
	v, ok := m.prev[key]
	return v, ok
}

// put stores v; call it after get.
func (m *memory[V]) put(key string, v V) { m.cur[key] = v }

type alertState struct {
	first       int64
	interrupted bool
	acked       bool
}

type shadowAlert struct{ interrupted, acked bool }

type block struct {
	open   bool
	onCall bool
	start  int64
	end    int64
	count  int
}

func (b block) beats(w block) bool {
	return b.count > w.count || (b.count == w.count && b.count > 0 && b.start < w.start)
}

type sleepMark struct{ at, end int64 }

type engState struct {
	eng   Engineer
	loc   *time.Location
	zone  zoneCache
	wh    WorkingHours
	tiers [3][]span
	// onCall is primary and secondary time, joined.
	onCall []span

	seen   bool
	lastAt int64

	pages, emailPages, imported, pruned int
	main                                cluster
	alerts                              memory[alertState]
	incidents                           memory[struct{}]
	intr                                Interruptions
	windowIntr                          int
	nights, hours                       int
	nightList                           []Night
	lastNight, lastHour                 int64
	hasNight, hasHour                   bool
	sleepQ                              []sleepMark
	sleepHead                           int
	sleepMax                            int
	sleepFirst, sleepLast               int64
	onIx                                int // first onCall span that may contain the next page
	onBlock, offBlock, worst            block
	onCallIncidents, offRota            int
	tta                                 []int64
	priIx, secIx                        int

	shadowPages, shadowIntr int
	shadowCluster           cluster
	shadowAlerts            memory[shadowAlert]
	shadowAcked             int
	shadowDone              int

	weekendDays, holidayDays int
	inRotation               bool
}

// Accumulator computes a team's load report from pages fed one at a time,
// so that a caller can stream them from storage without holding them all.
// Pages must arrive in time order per engineer (order between engineers
// does not matter). Its memory is bounded by the alerts that page each
// engineer within AlertMemory, whatever the number of pages or the length
// of the period. An Accumulator is not safe for concurrent use.
type Accumulator struct {
	in        Input
	th        Thresholds
	from, to  int64
	shareFrom int64
	engs      []*engState
	byID      map[string]*engState
	last      *engState // the engineer of the previous page
	teamLoc   *time.Location
	team      zoneCache
	week0     int64 // local day number of the first week's Monday
	heat      [7][24]int
	onHeat    [2][7][24]int
	weeks     []Interruptions
	rotation  int
}

// NewAccumulator validates the input and prepares the figures that come
// from shifts alone. The error is a *ValidationError naming the field.
func NewAccumulator(in Input) (*Accumulator, error) {
	if in.From.IsZero() || in.From.Before(minInstant) || !in.From.Before(maxInstant) {
		return nil, invalid("from", "the period needs a start between 1900 and 2200")
	}
	if in.To.IsZero() || in.To.After(maxInstant) || in.To.Before(minInstant) {
		return nil, invalid("to", "the period needs an end between 1900 and 2200")
	}
	if !in.From.Before(in.To) {
		return nil, invalid("to", fmt.Sprintf("the period ends (%s) before it starts (%s)", in.To.Format(time.RFC3339), in.From.Format(time.RFC3339)))
	}
	if err := in.Thresholds.Validate(); err != nil {
		return nil, err
	}
	teamLoc, err := loadZone(in.TimeZone)
	if err != nil {
		return nil, invalid("time_zone", err.Error())
	}
	a := &Accumulator{
		in: in, th: in.Thresholds.WithDefaults(),
		from: in.From.UnixNano(), to: in.To.UnixNano(),
		byID:    make(map[string]*engState, len(in.Engineers)),
		teamLoc: teamLoc, team: newZoneCache(teamLoc),
	}
	a.shareFrom = max(a.from, in.To.In(teamLoc).AddDate(0, 0, -ShareWindowDays).UnixNano())
	for i, e := range in.Engineers {
		f := fmt.Sprintf("engineers[%d]", i)
		if strings.TrimSpace(e.ID) == "" {
			return nil, invalid(f+".id", "an engineer needs an ID")
		}
		if _, dup := a.byID[e.ID]; dup {
			return nil, invalid(f+".id", fmt.Sprintf("engineer %q is listed twice", e.ID))
		}
		loc, err := loadZone(e.TimeZone)
		if err != nil {
			return nil, invalid(f+".time_zone", err.Error())
		}
		wh, err := ParseWorkingHours(e.WorkingHours)
		if err != nil {
			return nil, invalid(f+".working_hours", err.(*ValidationError).Message)
		}
		st := &engState{eng: e, loc: loc, zone: newZoneCache(loc), wh: wh}
		a.engs = append(a.engs, st)
		a.byID[e.ID] = st
	}
	holidays := map[scheduler.Date]bool{}
	for i, d := range in.Holidays {
		if !d.Valid() {
			return nil, invalid(fmt.Sprintf("holidays[%d]", i), fmt.Sprintf("%s is not a date", d))
		}
		holidays[d] = true
	}
	for i, sh := range in.Shifts {
		f := fmt.Sprintf("shifts[%d]", i)
		st := a.byID[sh.EngineerID]
		if st == nil {
			return nil, invalid(f+".engineer", fmt.Sprintf("engineer %q is not one of the team's engineers", sh.EngineerID))
		}
		ti := -1
		switch sh.Tier {
		case scheduler.TierPrimary:
			ti = 0
		case scheduler.TierSecondary:
			ti = 1
		case scheduler.TierShadow:
			ti = 2
		default:
			return nil, invalid(f+".tier", fmt.Sprintf("unknown tier %q", sh.Tier))
		}
		if !sh.Start.Before(sh.End) {
			return nil, invalid(f+".end", "a shift must end after it starts")
		}
		if sh.Start.Before(minInstant) || sh.End.After(maxInstant) {
			return nil, invalid(f+".start", "shifts must lie between 1900 and 2200")
		}
		s, e := max(sh.Start.UnixNano(), a.from), min(sh.End.UnixNano(), a.to)
		if s < e {
			st.tiers[ti] = append(st.tiers[ti], span{s, e})
		}
		if ti == 2 && in.ShadowCompleted == nil {
			if end := sh.End.UnixNano(); end >= a.from && end < a.to {
				st.shadowDone++
			}
		}
	}
	for id, n := range in.ShadowCompleted {
		st := a.byID[id]
		if st == nil {
			return nil, invalid("shadow_completed", fmt.Sprintf("engineer %q is not one of the team's engineers", id))
		}
		if n < 0 {
			return nil, invalid("shadow_completed", fmt.Sprintf("engineer %q has a negative count of shadow shifts", id))
		}
		st.shadowDone = n
	}
	anyOnCall := false
	for _, st := range a.engs {
		for ti := range st.tiers {
			st.tiers[ti] = mergeSpans(st.tiers[ti])
		}
		both := append(append([]span(nil), st.tiers[0]...), st.tiers[1]...)
		st.onCall = mergeSpans(both)
		st.weekendDays, st.holidayDays = daysOnCall(st.onCall, st.loc, holidays)
		if len(st.onCall) > 0 {
			anyOnCall = true
		}
	}
	switch {
	case in.Rotation != nil:
		for i, id := range in.Rotation {
			st := a.byID[id]
			if st == nil {
				return nil, invalid(fmt.Sprintf("rotation[%d]", i), fmt.Sprintf("engineer %q is not one of the team's engineers", id))
			}
			st.inRotation = true
		}
	default:
		for _, st := range a.engs {
			st.inRotation = len(st.onCall) > 0 || !anyOnCall
		}
	}
	for _, st := range a.engs {
		if st.inRotation {
			a.rotation++
		}
	}
	fd, fwd, _ := civil(a.team.local(a.from))
	a.week0 = fd - int64((fwd+6)%7)
	ld, _, _ := civil(a.team.local(a.to - 1))
	a.weeks = make([]Interruptions, (ld-a.week0)/7+1)
	return a, nil
}

func loadZone(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	if strings.EqualFold(name, "local") {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	return loc, nil
}

// daysOnCall counts the local days, in loc, that overlap on-call spans and
// are weekend days or holidays.
func daysOnCall(sps []span, loc *time.Location, holidays map[scheduler.Date]bool) (weekend, holiday int) {
	var last scheduler.Date
	for _, sp := range sps {
		t := time.Unix(0, sp.s).In(loc)
		y, m, d := t.Date()
		for {
			day := scheduler.Date{Year: y, Month: m, Day: d}
			dayStart := time.Date(y, m, d, 0, 0, 0, 0, loc).UnixNano()
			if dayStart >= sp.e {
				break
			}
			if day != last {
				last = day
				if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
					weekend++
				}
				if holidays[day] {
					holiday++
				}
			}
			next := time.Date(y, m, d+1, 0, 0, 0, 0, loc)
			y, m, d = next.Date()
		}
	}
	return weekend, holiday
}

// Compute is the one-shot form: the report of in over pages, which must
// be in time order per engineer.
func Compute(in Input, pages []Page) (*Report, error) {
	a, err := NewAccumulator(in)
	if err != nil {
		return nil, err
	}
	for i, p := range pages {
		if err := a.Add(p); err != nil {
			if ve, ok := err.(*ValidationError); ok {
				return nil, invalid(fmt.Sprintf("pages[%d].%s", i, ve.Field), ve.Message)
			}
			return nil, err
		}
	}
	return a.Report(), nil
}

// AddPruned adds n pages of the engineer on the channel that survive only
// as a daily count (housekeeping pruned their alerts): they add to the
// pages (or shadow pages), never to interruptions, which need each page's
// instant and alert.
func (a *Accumulator) AddPruned(engineerID string, channel Channel, shadow bool, n int) error {
	e := a.byID[engineerID]
	if e == nil {
		return invalid("engineer", fmt.Sprintf("engineer %q is not one of the team's engineers", engineerID))
	}
	if !channel.Valid() {
		return invalid("channel", fmt.Sprintf("unknown channel %q", channel))
	}
	if n < 0 {
		return invalid("pages", "a count of pages cannot be negative")
	}
	if shadow {
		e.shadowPages += n
		return nil
	}
	e.pages += n
	e.pruned += n
	if channel == ChannelEmail {
		e.emailPages += n
	}
	return nil
}

// Add feeds one page. Pages outside the period are ignored. The error is a
// *ValidationError for a page of an unknown engineer, an unknown channel,
// a missing alert, an instant outside 1900–2200, or a page earlier than
// the engineer's previous one.
func (a *Accumulator) Add(p Page) error {
	e := a.last
	if e == nil || e.eng.ID != p.EngineerID {
		e = a.byID[p.EngineerID]
		a.last = e
	}
	if e == nil {
		return invalid("engineer", fmt.Sprintf("engineer %q is not one of the team's engineers", p.EngineerID))
	}
	if !p.Channel.Valid() {
		return invalid("channel", fmt.Sprintf("unknown channel %q", p.Channel))
	}
	if p.AlertID == "" {
		return invalid("alert", "a page needs an alert")
	}
	if p.At.Before(minInstant) || !p.At.Before(maxInstant) {
		return invalid("at", "a page must be between 1900 and 2200")
	}
	ns := p.At.UnixNano()
	if e.seen && ns < e.lastAt {
		return invalid("at", fmt.Sprintf("pages must be added in time order per engineer: %s comes after %s",
			p.At.UTC().Format(time.RFC3339Nano), time.Unix(0, e.lastAt).UTC().Format(time.RFC3339Nano)))
	}
	e.seen, e.lastAt = true, ns
	if ns < a.from || ns >= a.to {
		return nil
	}
	if p.Shadow {
		e.shadowPages++
		st, _ := e.shadowAlerts.get(p.AlertID, ns)
		if !st.acked && !p.AlertAckedAt.IsZero() {
			st.acked = true
			e.shadowAcked++
		}
		if p.Channel.Interrupts() {
			newAlert := !st.interrupted
			st.interrupted = true
			if e.shadowCluster.step(ns) && newAlert {
				e.shadowCluster.counted = true
				e.shadowIntr++
			}
		}
		e.shadowAlerts.put(p.AlertID, st)
		return nil
	}
	e.pages++
	if p.Channel == ChannelEmail {
		e.emailPages++
	}
	if p.Imported {
		e.imported++
	}
	st, known := e.alerts.get(p.AlertID, ns)
	if !known {
		st.first = ns
	}
	if !p.AckedAt.IsZero() && !st.acked {
		st.acked = true
		if d := p.AckedAt.UnixNano() - st.first; d >= 0 && !p.AckedAt.Before(minInstant) && p.AckedAt.Before(maxInstant) {
			e.tta = append(e.tta, d)
		}
	}
	if p.Channel.Interrupts() {
		newAlert := !st.interrupted
		st.interrupted = true
		if e.main.step(ns) && newAlert {
			e.main.counted = true
			a.interruption(e, ns)
		}
		if newAlert {
			a.incident(e, p, ns)
		}
	}
	e.alerts.put(p.AlertID, st)
	return nil
}

// interruption records one interruption of e at ns.
func (a *Accumulator) interruption(e *engState, ns int64) {
	local := e.zone.local(ns)
	day, wd, minute := civil(local)
	band := e.wh.bandOfLocal(wd, minute)
	bi := band.index()
	e.intr.addBand(bi)
	if ns >= a.shareFrom {
		e.windowIntr++
	}
	if hour := floorDiv(ns, nsPerSec) - (local - floorDiv(local, 3600)*3600); !e.hasHour || hour != e.lastHour {
		e.hours++
		e.hasHour, e.lastHour = true, hour
	}
	if band == Sleep {
		night := day
		if minute < sleepTo {
			night--
		}
		if !e.hasNight || night != e.lastNight {
			e.nights++
			e.hasNight, e.lastNight = true, night
			d := time.Unix(night*secPerDay, 0).UTC()
			e.nightList = append(e.nightList, Night{Date: scheduler.Date{Year: d.Year(), Month: d.Month(), Day: d.Day()}})
		}
		n := &e.nightList[len(e.nightList)-1]
		n.Interruptions++
		n.Last = time.Unix(0, ns).In(e.loc)
		end := time.Unix(0, ns).In(e.loc).AddDate(0, 0, SleepWindowDays).UnixNano()
		for e.sleepHead < len(e.sleepQ) && e.sleepQ[e.sleepHead].end <= ns {
			e.sleepHead++
		}
		if e.sleepHead > 32 && e.sleepHead*2 > len(e.sleepQ) {
			e.sleepQ = append(e.sleepQ[:0], e.sleepQ[e.sleepHead:]...)
			e.sleepHead = 0
		}
		e.sleepQ = append(e.sleepQ, sleepMark{ns, end})
		if n := len(e.sleepQ) - e.sleepHead; n > e.sleepMax {
			e.sleepMax, e.sleepFirst, e.sleepLast = n, e.sleepQ[e.sleepHead].at, ns
		}
	}
	tl := a.team.local(ns)
	tday, twd, tmin := civil(tl)
	mon := (twd + 6) % 7
	a.heat[mon][tmin/60]++
	if w := (tday - a.week0) / 7; w >= 0 && w < int64(len(a.weeks)) {
		a.weeks[w].addBand(bi)
	}
	for e.priIx < len(e.tiers[0]) && e.tiers[0][e.priIx].e <= ns {
		e.priIx++
	}
	for e.secIx < len(e.tiers[1]) && e.tiers[1][e.secIx].e <= ns {
		e.secIx++
	}
	switch {
	case e.priIx < len(e.tiers[0]) && e.tiers[0][e.priIx].s <= ns:
		a.onHeat[0][mon][tmin/60]++
	case e.secIx < len(e.tiers[1]) && e.tiers[1][e.secIx].s <= ns:
		a.onHeat[1][mon][tmin/60]++
	}
}

// incident records an incident that first reached e at ns, in the 12-hour
// shift it falls in.
func (a *Accumulator) incident(e *engState, p Page, ns int64) {
	if p.IncidentID != "" {
		if _, dup := e.incidents.get(p.IncidentID, ns); dup {
			return
		}
		e.incidents.put(p.IncidentID, struct{}{})
	}
	for e.onIx < len(e.onCall) && e.onCall[e.onIx].e <= ns {
		e.onIx++
	}
	if e.onIx < len(e.onCall) && e.onCall[e.onIx].s <= ns {
		sp := e.onCall[e.onIx]
		start := sp.s + (ns-sp.s)/blockNs*blockNs
		if !e.onBlock.open || e.onBlock.start != start {
			e.closeBlock(e.onBlock)
			e.onBlock = block{open: true, onCall: true, start: start, end: min(start+blockNs, sp.e)}
		}
		e.onBlock.count++
		e.onCallIncidents++
		return
	}
	if !e.offBlock.open || ns-e.offBlock.start >= blockNs {
		e.closeBlock(e.offBlock)
		e.offBlock = block{open: true, start: ns, end: ns + blockNs}
	}
	e.offBlock.count++
	e.offRota++
}

func (e *engState) closeBlock(b block) {
	if b.open && b.beats(e.worst) {
		e.worst = b
	}
}
