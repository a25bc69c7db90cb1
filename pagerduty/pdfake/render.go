package pdfake

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// This file is the oracle: PagerDuty's final schedule computed by brute
// force, deliberately sharing nothing with Rota's scheduler. It evaluates
// who is on call at every whole minute of the range (and at every override
// and layer edge), using time.Date on the schedule's wall clock for turn
// handoffs and restriction windows, then joins equal neighbours.
//
// The semantics it encodes, as PagerDuty documents them: turn k of a layer
// starts at rotation_virtual_start plus k turn lengths of wall-clock time
// (a daily handoff stays at 09:00 across DST); a layer is active on
// [start, end); restrictions mask turns without pausing them; among the
// active layers that cover an instant the one created last wins; overrides
// beat every layer, the one created last first.

// maxRenderRange bounds one rendering, as PagerDuty bounds since/until.
const maxRenderRange = 93 * 24 * time.Hour

// Render returns the final schedule of sc over [since, until): who is on
// call, joined where the same user continues. Gaps are left out.
func Render(sc *Schedule, since, until time.Time) ([]Entry, error) {
	loc, err := time.LoadLocation(sc.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("schedule %s: time zone %q: %w", sc.ID, sc.TimeZone, err)
	}
	if !until.After(since) {
		return nil, nil
	}
	if until.Sub(since) > maxRenderRange {
		return nil, fmt.Errorf("the range is longer than %s", maxRenderRange)
	}
	r := renderer{sc: sc, loc: loc, memo: make([]layerMemo, len(sc.Layers))}
	for _, l := range sc.Layers {
		rs, err := parseRestrictions(l.Restrictions)
		if err != nil {
			return nil, fmt.Errorf("layer %s: %w", l.ID, err)
		}
		if l.TurnLengthSeconds <= 0 || len(l.UserIDs) == 0 {
			return nil, fmt.Errorf("layer %s: needs users and a positive turn length", l.ID)
		}
		r.restr = append(r.restr, rs)
	}

	// Sample points: every whole minute, and every edge that need not fall
	// on one.
	points := []time.Time{since}
	for t := since.Truncate(time.Minute).Add(time.Minute); t.Before(until); t = t.Add(time.Minute) {
		points = append(points, t)
	}
	edge := func(t time.Time) {
		if t.After(since) && t.Before(until) {
			points = append(points, t)
		}
	}
	for _, o := range sc.Overrides {
		edge(o.Start)
		edge(o.End)
	}
	for _, l := range sc.Layers {
		edge(l.Start)
		if !l.End.IsZero() {
			edge(l.End)
		}
	}
	sort.Slice(points, func(i, j int) bool { return points[i].Before(points[j]) })
	uniq := points[:1]
	for _, p := range points[1:] {
		if !p.Equal(uniq[len(uniq)-1]) {
			uniq = append(uniq, p)
		}
	}
	points = uniq

	var out []Entry
	for i, p := range points {
		end := until
		if i+1 < len(points) {
			end = points[i+1]
		}
		u := r.onCall(p)
		if u == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].UserID == u && out[n-1].End.Equal(p) {
			out[n-1].End = end
			continue
		}
		out = append(out, Entry{Start: p, End: end, UserID: u})
	}
	return out, nil
}

type renderer struct {
	sc    *Schedule
	loc   *time.Location
	restr [][]restriction
	memo  []layerMemo
}

// layerMemo remembers, per layer, the turn last found and the restriction
// windows of the local day last seen: the renderer walks forward minute
// by minute, and both change rarely. It changes nothing but speed.
type layerMemo struct {
	turnOK      bool
	k           int
	from, until time.Time // handoffs of turn k and k+1

	dayOK   bool
	day     [3]int // local year, month, day
	windows [][2]time.Time
}

type restriction struct {
	weekly   bool
	day      time.Weekday
	h, m, s  int
	duration int // seconds
}

func parseRestrictions(in []Restriction) ([]restriction, error) {
	var out []restriction
	for _, r := range in {
		var x restriction
		parts := strings.Split(r.StartTimeOfDay, ":")
		if len(parts) != 3 {
			return nil, fmt.Errorf("start_time_of_day %q is not HH:MM:SS", r.StartTimeOfDay)
		}
		var nums [3]int
		for i, p := range parts {
			n, err := strconv.Atoi(p)
			if err != nil {
				return nil, fmt.Errorf("start_time_of_day %q is not HH:MM:SS", r.StartTimeOfDay)
			}
			nums[i] = n
		}
		x.h, x.m, x.s = nums[0], nums[1], nums[2]
		x.duration = r.DurationSeconds
		switch r.Type {
		case "daily_restriction":
			if x.duration <= 0 || x.duration > 86400 {
				return nil, fmt.Errorf("a daily restriction lasts 1 s to 1 day")
			}
		case "weekly_restriction":
			if r.StartDayOfWeek < 1 || r.StartDayOfWeek > 7 {
				return nil, fmt.Errorf("start_day_of_week %d is not 1–7", r.StartDayOfWeek)
			}
			if x.duration <= 0 || x.duration > 7*86400 {
				return nil, fmt.Errorf("a weekly restriction lasts 1 s to 1 week")
			}
			x.weekly = true
			x.day = time.Weekday(r.StartDayOfWeek % 7)
		default:
			return nil, fmt.Errorf("unknown restriction type %q", r.Type)
		}
		out = append(out, x)
	}
	return out, nil
}

// onCall is the user on call at t, or "".
func (r *renderer) onCall(t time.Time) string {
	for i := len(r.sc.Overrides) - 1; i >= 0; i-- {
		o := r.sc.Overrides[i]
		if !t.Before(o.Start) && t.Before(o.End) {
			return o.UserID
		}
	}
	for i := len(r.sc.Layers) - 1; i >= 0; i-- {
		l := &r.sc.Layers[i]
		if t.Before(l.Start) || (!l.End.IsZero() && !t.Before(l.End)) {
			continue
		}
		if !r.restricted(i, t) {
			continue
		}
		m := &r.memo[i]
		if !m.turnOK || t.Before(m.from) || !t.Before(m.until) {
			m.k = r.turn(l, t)
			m.from, m.until, m.turnOK = r.handoff(l, m.k), r.handoff(l, m.k+1), true
		}
		return l.UserIDs[floorMod(m.k, len(l.UserIDs))]
	}
	return ""
}

// handoff is the start of turn k of l: the virtual start moved k turn
// lengths along the wall clock.
func (r *renderer) handoff(l *Layer, k int) time.Time {
	v := l.RotationVirtualStart.In(r.loc)
	if l.TurnLengthSeconds%86400 == 0 {
		return time.Date(v.Year(), v.Month(), v.Day()+k*(l.TurnLengthSeconds/86400), v.Hour(), v.Minute(), v.Second(), 0, r.loc)
	}
	return time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second()+k*l.TurnLengthSeconds, 0, r.loc)
}

// turn is the number of the turn of l that t falls in.
func (r *renderer) turn(l *Layer, t time.Time) int {
	length := time.Duration(l.TurnLengthSeconds) * time.Second
	d := t.Sub(l.RotationVirtualStart)
	k := int(d / length)
	if d < 0 && d%length != 0 {
		k--
	}
	for r.handoff(l, k).After(t) {
		k--
	}
	for !r.handoff(l, k+1).After(t) {
		k++
	}
	return k
}

// restricted reports whether t is inside one of layer i's windows
// (always, with none).
func (r *renderer) restricted(i int, t time.Time) bool {
	rs := r.restr[i]
	if len(rs) == 0 {
		return true
	}
	lt := t.In(r.loc)
	m := &r.memo[i]
	if day := [3]int{lt.Year(), int(lt.Month()), lt.Day()}; !m.dayOK || m.day != day {
		m.day, m.dayOK, m.windows = day, true, r.windows(rs, lt)
	}
	for _, w := range m.windows {
		if !t.Before(w[0]) && t.Before(w[1]) {
			return true
		}
	}
	return false
}

// windows lists the restriction windows that can contain an instant of
// lt's local day.
func (r *renderer) windows(rs []restriction, lt time.Time) [][2]time.Time {
	var out [][2]time.Time
	for _, x := range rs {
		// The windows that can contain t start on t's local day or the
		// day before (daily), or on the last matching weekday on or
		// before it and the one a week earlier (weekly).
		back := [2]int{0, 1}
		if x.weekly {
			d0 := floorMod(int(lt.Weekday())-int(x.day), 7)
			back = [2]int{d0, d0 + 7}
		}
		for _, dd := range back {
			day := time.Date(lt.Year(), lt.Month(), lt.Day()-dd, 12, 0, 0, 0, r.loc)
			start := time.Date(day.Year(), day.Month(), day.Day(), x.h, x.m, x.s, 0, r.loc)
			end := time.Date(day.Year(), day.Month(), day.Day(), x.h, x.m, x.s+x.duration, 0, r.loc)
			out = append(out, [2]time.Time{start, end})
		}
	}
	return out
}

func floorMod(a, n int) int {
	m := a % n
	if m < 0 {
		m += n
	}
	return m
}
