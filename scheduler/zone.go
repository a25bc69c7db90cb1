package scheduler

import (
	"fmt"
	"math"
	"sync"
	"time"
)

// The scheduler resolves instants in [domainStart, domainEnd); outside it
// nobody is on call. Bounding the domain keeps every instant in an int64 of
// nanoseconds and every zone lookup inside a precomputed table.
var (
	domainStart = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	domainEnd   = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

const (
	domainLo   = -2208988800 * int64(time.Second) // domainStart in Unix nanoseconds
	domainHi   = 7258118400 * int64(time.Second)  // domainEnd in Unix nanoseconds
	tableLoSec = -2524521600                      // 1890-01-01T00:00Z
	tableHiSec = 7573651200                       // 2210-01-01T00:00Z
	nsPerSec   = int64(time.Second)
)

// zoneTable is a location's offset history as sorted segments, with the
// two maps the scheduler needs between instants and the local wall clock:
//
//   - wall(s): the highest wall-clock reading seen up to instant s. It
//     equals the clock's reading except during the second pass through a
//     repeated hour, where the clock has already shown those readings.
//   - instant(u): the earliest instant at which the wall clock reads u or
//     later. For a reading that occurs once that is its instant; for one in
//     a repeated hour, its first occurrence; for one in a skipped hour, the
//     transition instant, the first valid instant after it.
//
// The two form a Galois connection: instant(u) <= s exactly when
// wall(s) >= u. That is what keeps point lookups and range expansion in
// agreement across every DST change.
type zoneTable struct {
	name   string
	loc    *time.Location
	starts []int64 // segment start, Unix seconds; starts[0] = tableLoSec
	offs   []int64 // segment offset from UTC, seconds
	// hw[i] is the highest wall-clock reading, in civil seconds, before
	// starts[i]; hw[0] is math.MinInt64. It never decreases.
	hw []int64
	// bucket[b] is the segment containing the instant tableLoSec+b<<bucketShift,
	// so that a lookup scans a segment or two instead of searching them all.
	bucket []int32
	maxOff int64 // the largest offset, at least 0
}

const bucketShift = 22 // about 48 days

// zoneCache memoizes zone tables by IANA name. Tables are immutable, so
// sharing them between compiled schedules and goroutines is safe; the set
// of names is bounded by the zone database.
var zoneCache sync.Map

// loadZone returns the zone table for an IANA zone name.
func loadZone(name string) (*zoneTable, error) {
	if z, ok := zoneCache.Load(name); ok {
		return z.(*zoneTable), nil
	}
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("time zone must be an IANA name such as Europe/Berlin")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	z := buildZone(name, loc)
	actual, _ := zoneCache.LoadOrStore(name, z)
	return actual.(*zoneTable), nil
}

func buildZone(name string, loc *time.Location) *zoneTable {
	z := &zoneTable{name: name, loc: loc}
	t := int64(tableLoSec)
	for t < tableHiSec {
		tt := time.Unix(t, 0).In(loc)
		_, off := tt.Zone()
		if n := len(z.offs); n == 0 || z.offs[n-1] != int64(off) {
			z.starts = append(z.starts, t)
			z.offs = append(z.offs, int64(off))
		}
		_, end := tt.ZoneBounds()
		if end.IsZero() {
			break
		}
		next := end.Unix()
		if next <= t {
			// Go's rule-based bounds can end a leap year a day early
			// (end == t); find the next change of offset by hand.
			next = nextOffsetChange(loc, t, int64(off))
		}
		t = next
	}
	z.hw = make([]int64, len(z.starts))
	z.hw[0] = math.MinInt64
	for i := 1; i < len(z.starts); i++ {
		z.hw[i] = max(z.hw[i-1], z.starts[i]-1+z.offs[i-1])
	}
	for _, o := range z.offs {
		z.maxOff = max(z.maxOff, o)
	}
	i := 0
	for b := int64(tableLoSec); b < tableHiSec; b += 1 << bucketShift {
		for i+1 < len(z.starts) && z.starts[i+1] <= b {
			i++
		}
		z.bucket = append(z.bucket, int32(i))
	}
	return z
}

// nextOffsetChange returns the first Unix second after t whose offset is
// not off, or tableHiSec: hour by hour, then by bisection.
func nextOffsetChange(loc *time.Location, t, off int64) int64 {
	offAt := func(s int64) int64 {
		_, o := time.Unix(s, 0).In(loc).Zone()
		return int64(o)
	}
	hi := t + 3600
	for hi < tableHiSec && offAt(hi) == off {
		hi += 3600
	}
	if hi >= tableHiSec {
		return tableHiSec
	}
	lo := hi - 3600 // offAt(lo) == off, offAt(hi) != off
	for hi-lo > 1 {
		m := lo + (hi-lo)/2
		if offAt(m) == off {
			lo = m
		} else {
			hi = m
		}
	}
	return hi
}

// segment returns the index of the segment containing Unix second s.
func (z *zoneTable) segment(s int64) int {
	b := (s - tableLoSec) >> bucketShift
	if b < 0 || b >= int64(len(z.bucket)) {
		return z.searchSegment(s)
	}
	i := int(z.bucket[b])
	for i+1 < len(z.starts) && z.starts[i+1] <= s {
		i++
	}
	return i
}

// searchSegment is segment by binary search, for instants outside the
// bucket index.
func (z *zoneTable) searchSegment(s int64) int {
	lo, hi := 0, len(z.starts) // invariant: starts[lo] <= s (or lo == 0), answer < hi
	for hi-lo > 1 {
		m := int(uint(lo+hi) >> 1)
		if z.starts[m] <= s {
			lo = m
		} else {
			hi = m
		}
	}
	return lo
}

// isTransition reports whether the instant ns (Unix nanoseconds) is one
// at which the zone's offset changes. Only there can a stretch of wall
// clock collapse to nothing.
func (z *zoneTable) isTransition(ns int64) bool {
	if ns%nsPerSec != 0 {
		return false
	}
	s := ns / nsPerSec
	return z.starts[z.segment(s)] == s
}

// wall returns the wall-clock high-water mark at Unix second s, in civil
// seconds (seconds since 1970-01-01T00:00 on a clock that never jumps).
func (z *zoneTable) wall(s int64) int64 {
	i := z.segment(s)
	w := s + z.offs[i]
	if z.hw[i] > w {
		return z.hw[i]
	}
	return w
}

// instant returns the earliest Unix second at which the wall clock reads
// civil second u or later.
func (z *zoneTable) instant(u int64) int64 {
	// The answer is the first segment i whose readings reach u: hw[i+1] >= u,
	// or the last. No segment ending by u-maxOff reaches u, so start there.
	i := z.segment(u - z.maxOff)
	for i+1 < len(z.starts) && z.hw[i+1] < u {
		i++
	}
	t := u - z.offs[i]
	if t < z.starts[i] {
		t = z.starts[i]
	}
	return t
}

// wallMinute returns the civil minute of the wall-clock high-water mark at
// the instant ns (Unix nanoseconds).
func (z *zoneTable) wallMinute(ns int64) int64 {
	return floorDiv(z.wall(floorDiv(ns, nsPerSec)), 60)
}

// instantNs returns the instant, in Unix nanoseconds, of civil minute c.
func (z *zoneTable) instantNs(c int64) int64 {
	return z.instant(c*60) * nsPerSec
}

// LocalInstant converts a local date and time in the named zone to an
// instant with the scheduler's rules: a time in a skipped hour becomes the
// transition instant (the first valid instant after it) and a time in a
// repeated hour its first occurrence.
func LocalInstant(zoneName string, l LocalDateTime) (time.Time, error) {
	z, err := loadZone(zoneName)
	if err != nil {
		return time.Time{}, invalid("time_zone", err.Error())
	}
	if !l.Valid() {
		return time.Time{}, invalid("", fmt.Sprintf("%s is not a valid local date and time", l))
	}
	return time.Unix(z.instant(l.minutes()*60), 0).In(z.loc), nil
}
