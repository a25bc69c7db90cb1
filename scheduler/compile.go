package scheduler

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"
)

// Limits that keep the work of one compiled schedule bounded.
const (
	MinYear         = 1900 // earliest year of a layer start or holiday
	MaxYear         = 2199 // latest year of a layer start or holiday
	MaxLayers       = 200
	MaxWindows      = 64
	MaxParticipants = 1000
	MaxOverrides    = 100_000
)

// Compiled is a validated schedule prepared for fast resolution. It is
// immutable and safe for concurrent use.
type Compiled struct {
	sched    Schedule
	zone     *zoneTable
	members  []Engineer // the members, then the former members
	memberIx map[string]int32
	current  int32   // how many of members are current
	holidays []int64 // civil day numbers, sorted, unique
	tiers    [numTiers]tierData
	mixed    bool
	// lastEvent is the latest instant (ns) after which the schedule is
	// periodic: no layer starts, override ends or holidays after it.
	lastEvent int64
	// maxShift is the longest shift of any layer, in civil minutes.
	maxShift int64
}

type tierData struct {
	layers []layerData
	ovrs   []Override // this tier's overrides, in schedule order
	ovrEng []int32    // member index of each override's engineer
	paint  []ovrPiece // who wins among overrides; sorted, disjoint
	// ovrEnd is the end of each override's last winning piece, or
	// math.MinInt64 when later overrides hide it completely.
	ovrEnd   []int64
	maxShift int64
}

type layerData struct {
	index  int // in Schedule.Layers
	id     string
	name   string
	parts  []int32 // member indexes in rotation order
	c0     int64   // civil minute of the first handoff
	length int64   // civil minutes per turn
	always bool
	full   bool   // windows cover the whole week; holidays still apply
	weekly []span // merged minutes-of-week, sorted, within [0, minutesPerWeek)
}

type span struct{ s, e int64 }

type ovrPiece struct {
	s, e int64 // Unix nanoseconds
	o    int32 // index into tierData.ovrs
}

// Compile validates s and prepares it for resolution. The error, when not
// nil, is a *ValidationError naming the first field at fault.
func Compile(s Schedule) (*Compiled, error) {
	z, err := loadZone(s.TimeZone)
	if err != nil {
		return nil, invalid("time_zone", err.Error())
	}
	c := &Compiled{zone: z, lastEvent: math.MinInt64}
	switch s.Pairing {
	case PairingNone:
	case PairingMixed:
		c.mixed = true
	default:
		return nil, invalid("pairing", fmt.Sprintf("unknown pairing %q (want mixed or nothing)", s.Pairing))
	}

	c.members = slices.Clone(s.Members)
	c.memberIx = make(map[string]int32, len(s.Members))
	for i, m := range s.Members {
		f := "members[" + strconv.Itoa(i) + "]"
		if m.ID == "" {
			return nil, invalid(f+".id", "a member needs an id")
		}
		if _, dup := c.memberIx[m.ID]; dup {
			return nil, invalid(f+".id", fmt.Sprintf("member %q is listed twice", m.ID))
		}
		if m.Discipline != DisciplineDev && m.Discipline != DisciplineOps {
			return nil, invalid(f+".discipline", fmt.Sprintf("unknown discipline %q (want dev or ops)", m.Discipline))
		}
		c.memberIx[m.ID] = int32(i)
	}
	// Former members follow the members: indexes from current on name
	// someone overrides may name but participants and swaps may not.
	c.current = int32(len(s.Members))
	for i, m := range s.Former {
		f := "former[" + strconv.Itoa(i) + "]"
		if m.ID == "" {
			return nil, invalid(f+".id", "a former member needs an id")
		}
		if _, dup := c.memberIx[m.ID]; dup {
			return nil, invalid(f+".id", fmt.Sprintf("%q is listed twice", m.ID))
		}
		c.memberIx[m.ID] = int32(len(c.members))
		c.members = append(c.members, m)
	}

	for i, h := range s.Holidays {
		if !h.Valid() || h.Year < MinYear || h.Year > MaxYear {
			return nil, invalid("holidays["+strconv.Itoa(i)+"]", fmt.Sprintf("%s is not a valid date between %d and %d", h, MinYear, MaxYear))
		}
		c.holidays = append(c.holidays, h.days())
	}
	slices.Sort(c.holidays)
	c.holidays = slices.Compact(c.holidays)
	if n := len(c.holidays); n > 0 {
		c.lastEvent = max(c.lastEvent, z.instantNs((c.holidays[n-1]+1)*minutesPerDay))
	}

	if len(s.Layers) > MaxLayers {
		return nil, invalid("tiers", fmt.Sprintf("a schedule has at most %d layers", MaxLayers))
	}
	var perTier [numTiers]int
	for i := range s.Layers {
		l := &s.Layers[i]
		ti, ok := tierIndex(l.Tier)
		if !ok {
			if l.Tier == "" {
				return nil, invalid("tiers", fmt.Sprintf("layer %d has no tier", i))
			}
			return nil, invalid("tiers."+string(l.Tier), fmt.Sprintf("unknown tier %q (want primary, secondary or shadow)", l.Tier))
		}
		f := "tiers." + string(l.Tier) + "[" + strconv.Itoa(perTier[ti]) + "]"
		perTier[ti]++
		ld, err := c.compileLayer(i, l, f)
		if err != nil {
			return nil, err
		}
		td := &c.tiers[ti]
		td.layers = append(td.layers, ld)
		td.maxShift = max(td.maxShift, ld.length)
		c.maxShift = max(c.maxShift, ld.length)
		c.lastEvent = max(c.lastEvent, z.instantNs(ld.c0))
	}

	if len(s.Overrides) > MaxOverrides {
		return nil, invalid("overrides", fmt.Sprintf("a schedule has at most %d overrides", MaxOverrides))
	}
	for i, o := range s.Overrides {
		f := "overrides[" + strconv.Itoa(i) + "]"
		ti, ok := tierIndex(o.Tier)
		if !ok {
			return nil, invalid(f+".tier", fmt.Sprintf("unknown tier %q (want primary, secondary or shadow)", o.Tier))
		}
		eng, ok := c.memberIx[o.EngineerID]
		if !ok {
			return nil, invalid(f+".engineer", fmt.Sprintf("%q is not a member of the team", o.EngineerID))
		}
		if o.Start.IsZero() || o.Start.Before(domainStart) || !o.Start.Before(domainEnd) {
			return nil, invalid(f+".start", fmt.Sprintf("an override must start between %d and %d", MinYear, MaxYear))
		}
		if o.End.IsZero() || o.End.After(domainEnd) {
			return nil, invalid(f+".end", fmt.Sprintf("an override must end by %d", MaxYear+1))
		}
		if !o.End.After(o.Start) {
			return nil, invalid(f+".end", "an override must end after it starts")
		}
		td := &c.tiers[ti]
		td.ovrs = append(td.ovrs, o)
		td.ovrEng = append(td.ovrEng, eng)
		c.lastEvent = max(c.lastEvent, o.End.UnixNano())
	}
	for ti := range c.tiers {
		c.tiers[ti].paintOverrides()
	}

	c.sched = s
	c.sched.Members = c.members[:c.current:c.current]
	c.sched.Former = slices.Clone(c.members[c.current:])
	c.sched.Holidays = slices.Clone(s.Holidays)
	c.sched.Layers = make([]Layer, len(s.Layers))
	for i, l := range s.Layers {
		l.Participants = slices.Clone(l.Participants)
		l.Coverage = slices.Clone(l.Coverage)
		for j := range l.Coverage {
			l.Coverage[j].Days = slices.Clone(l.Coverage[j].Days)
		}
		c.sched.Layers[i] = l
	}
	c.sched.Overrides = slices.Clone(s.Overrides)
	return c, nil
}

func (c *Compiled) compileLayer(i int, l *Layer, f string) (layerData, error) {
	ld := layerData{index: i, id: l.ID, name: l.Name}
	if len(l.Participants) == 0 {
		return ld, invalid(f+".participants", "a layer needs at least one participant")
	}
	if len(l.Participants) > MaxParticipants {
		return ld, invalid(f+".participants", fmt.Sprintf("a layer has at most %d participants", MaxParticipants))
	}
	for j, p := range l.Participants {
		ix, ok := c.memberIx[p]
		if !ok || ix >= c.current {
			return ld, invalid(f+".participants["+strconv.Itoa(j)+"]", fmt.Sprintf("%q is not a member of the team", p))
		}
		ld.parts = append(ld.parts, ix)
	}
	if !l.Start.Valid() || l.Start.Year < MinYear || l.Start.Year > MaxYear {
		return ld, invalid(f+".start", fmt.Sprintf("%s is not a valid local date and time between %d and %d", l.Start, MinYear, MaxYear))
	}
	ld.c0 = l.Start.minutes()
	if err := l.Shift.validate(); err != nil {
		return ld, invalid(f+".shift", err.Error())
	}
	ld.length = l.Shift.minutes()
	if len(l.Coverage) == 0 {
		ld.always = true
		return ld, nil
	}
	if len(l.Coverage) > MaxWindows {
		return ld, invalid(f+".coverage", fmt.Sprintf("a layer has at most %d coverage windows", MaxWindows))
	}
	var spans []span
	for j, w := range l.Coverage {
		wf := f + ".coverage[" + strconv.Itoa(j) + "]"
		if len(w.Days) == 0 {
			return ld, invalid(wf+".days", "a coverage window needs at least one day")
		}
		for k, d := range w.Days {
			if d < time.Sunday || d > time.Saturday {
				return ld, invalid(wf+".days["+strconv.Itoa(k)+"]", fmt.Sprintf("%d is not a day of the week", int(d)))
			}
		}
		if !w.From.valid(false) {
			return ld, invalid(wf+".from", fmt.Sprintf("%s is not a time of day", w.From))
		}
		if !w.To.valid(true) {
			return ld, invalid(wf+".to", fmt.Sprintf("%s is not a time of day", w.To))
		}
		from, to := w.From.minutes(), w.To.minutes()
		if from == to {
			return ld, invalid(wf+".to", "a coverage window must not start and end at the same time")
		}
		if to < from {
			to += minutesPerDay
		}
		for _, d := range w.Days {
			base := int64((int(d)+6)%7) * minutesPerDay // Monday = 0
			s, e := base+from, base+to
			if e > minutesPerWeek {
				spans = append(spans, span{s, minutesPerWeek}, span{0, e - minutesPerWeek})
			} else {
				spans = append(spans, span{s, e})
			}
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.s, b.s) })
	for _, sp := range spans {
		if n := len(ld.weekly); n > 0 && sp.s <= ld.weekly[n-1].e {
			ld.weekly[n-1].e = max(ld.weekly[n-1].e, sp.e)
			continue
		}
		ld.weekly = append(ld.weekly, sp)
	}
	if len(ld.weekly) == 1 && ld.weekly[0] == (span{0, minutesPerWeek}) {
		ld.full = true
	}
	return ld, nil
}

// paintOverrides computes which override wins where: the one created last,
// and among equal creation times the one listed last.
func (td *tierData) paintOverrides() {
	n := len(td.ovrs)
	td.ovrEnd = make([]int64, n)
	for i := range td.ovrEnd {
		td.ovrEnd[i] = math.MinInt64
	}
	if n == 0 {
		return
	}
	// rank[i] orders overrides by precedence; higher wins.
	byPrio := make([]int32, n)
	for i := range byPrio {
		byPrio[i] = int32(i)
	}
	slices.SortStableFunc(byPrio, func(a, b int32) int {
		return td.ovrs[a].CreatedAt.Compare(td.ovrs[b].CreatedAt)
	})
	rank := make([]int32, n)
	for r, i := range byPrio {
		rank[i] = int32(r)
	}
	starts := make([]int64, n)
	ends := make([]int64, n)
	for i, o := range td.ovrs {
		starts[i], ends[i] = o.Start.UnixNano(), o.End.UnixNano()
	}
	byStart := make([]int32, n)
	for i := range byStart {
		byStart[i] = int32(i)
	}
	slices.SortFunc(byStart, func(a, b int32) int { return cmp.Compare(starts[a], starts[b]) })
	bounds := make([]int64, 0, 2*n)
	bounds = append(bounds, starts...)
	bounds = append(bounds, ends...)
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)

	// A max-heap of active overrides by rank; expired ones leave lazily.
	var heap []int32
	less := func(a, b int32) bool { return rank[a] > rank[b] }
	push := func(x int32) {
		heap = append(heap, x)
		for j := len(heap) - 1; j > 0; {
			p := (j - 1) / 2
			if !less(heap[j], heap[p]) {
				break
			}
			heap[j], heap[p] = heap[p], heap[j]
			j = p
		}
	}
	pop := func() {
		last := len(heap) - 1
		heap[0] = heap[last]
		heap = heap[:last]
		for j := 0; ; {
			l, r, m := 2*j+1, 2*j+2, j
			if l < len(heap) && less(heap[l], heap[m]) {
				m = l
			}
			if r < len(heap) && less(heap[r], heap[m]) {
				m = r
			}
			if m == j {
				break
			}
			heap[j], heap[m] = heap[m], heap[j]
			j = m
		}
	}
	si := 0
	for bi := 0; bi+1 < len(bounds); bi++ {
		b := bounds[bi]
		for si < n && starts[byStart[si]] == b {
			push(byStart[si])
			si++
		}
		for len(heap) > 0 && ends[heap[0]] <= b {
			pop()
		}
		if len(heap) == 0 {
			continue
		}
		w := heap[0]
		next := bounds[bi+1]
		if k := len(td.paint); k > 0 && td.paint[k-1].o == w && td.paint[k-1].e == b {
			td.paint[k-1].e = next
		} else {
			td.paint = append(td.paint, ovrPiece{b, next, w})
		}
		td.ovrEnd[w] = next
	}
}

// Schedule returns a copy of the schedule that was compiled.
func (c *Compiled) Schedule() Schedule {
	s := c.sched
	s.Members = slices.Clone(s.Members)
	s.Holidays = slices.Clone(s.Holidays)
	s.Overrides = slices.Clone(s.Overrides)
	s.Layers = slices.Clone(s.Layers)
	for i := range s.Layers {
		l := &s.Layers[i]
		l.Participants = slices.Clone(l.Participants)
		l.Coverage = slices.Clone(l.Coverage)
		for j := range l.Coverage {
			l.Coverage[j].Days = slices.Clone(l.Coverage[j].Days)
		}
	}
	return s
}

// Location returns the schedule's time zone.
func (c *Compiled) Location() *time.Location { return c.zone.loc }

// isMember reports whether id is a current member (not a former one).
func (c *Compiled) isMember(id string) bool {
	i, ok := c.memberIx[id]
	return ok && i < c.current
}

// Member returns the team member, or former member named by an override,
// with the given ID.
func (c *Compiled) Member(id string) (Engineer, bool) {
	i, ok := c.memberIx[id]
	if !ok {
		return Engineer{}, false
	}
	return c.members[i], true
}

// Instant converts a local date and time in the schedule's zone to an
// instant, with the same rules as handoffs (see LocalInstant).
func (c *Compiled) Instant(l LocalDateTime) time.Time {
	return time.Unix(c.zone.instant(l.minutes()*60), 0).In(c.zone.loc)
}
