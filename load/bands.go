package load

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Band is the part of an engineer's day in which an interruption falls,
// in PagerDuty's terms.
type Band string

// The bands. Their string values are the names the API and the CLI use.
const (
	Business Band = "business"
	OffHours Band = "off_hours"
	Sleep    Band = "sleep"
)

// Bands lists the bands in the order in which results are reported.
var Bands = []Band{Business, OffHours, Sleep}

func (b Band) index() int {
	switch b {
	case Business:
		return 0
	case OffHours:
		return 1
	}
	return 2
}

// The sleep band, 22:00 to 08:00 every day, in minutes of the local day.
const (
	sleepFrom = 22 * 60
	sleepTo   = 8 * 60
)

// WorkingHours are an engineer's business hours: the same window, From
// (inclusive) to To (exclusive), on each day of a weekday range. A window
// whose To is earlier than its From crosses midnight and belongs to the
// day it starts. The zero value is not valid; DefaultWorkingHours is
// PagerDuty's business band.
type WorkingHours struct {
	days     [7]bool // indexed by time.Weekday
	from, to int     // minutes of the local day; to may be 1440
	text     string
}

// DefaultWorkingHours is the business band for engineers who have not set
// working hours: 08:00–18:00, Monday to Friday.
var DefaultWorkingHours = WorkingHours{
	days: [7]bool{false, true, true, true, true, true, false},
	from: 8 * 60, to: 18 * 60, text: "mon-fri 08:00-18:00",
}

var dayNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// ParseWorkingHours parses working hours written as the user record holds
// them: a day range and a time range, "mon-fri 09:00-17:00". The day range
// is inclusive and may wrap ("fri-mon" is Friday to Monday); a single day
// is written "sat-sat". To may be 24:00, and a To earlier than From
// crosses midnight. The empty string yields DefaultWorkingHours.
func ParseWorkingHours(s string) (WorkingHours, error) {
	in := strings.ToLower(strings.TrimSpace(s))
	if in == "" {
		return DefaultWorkingHours, nil
	}
	bad := invalid("working_hours", fmt.Sprintf(`working hours must look like "mon-fri 09:00-17:00", not %q`, s))
	dayPart, timePart, ok := strings.Cut(in, " ")
	if !ok {
		return WorkingHours{}, bad
	}
	timePart = strings.TrimSpace(timePart)
	d1, d2, ok1 := strings.Cut(dayPart, "-")
	t1, t2, ok2 := strings.Cut(timePart, "-")
	if !ok1 || !ok2 {
		return WorkingHours{}, bad
	}
	a, b := dayIndex(d1), dayIndex(d2)
	from, okf := parseClock(t1, false)
	to, okt := parseClock(t2, true)
	if a < 0 || b < 0 || !okf || !okt {
		return WorkingHours{}, bad
	}
	if from == to {
		return WorkingHours{}, invalid("working_hours", fmt.Sprintf("working hours %q are empty: the start equals the end", s))
	}
	var w WorkingHours
	for d := a; ; d = (d + 1) % 7 {
		w.days[d] = true
		if d == b {
			break
		}
	}
	w.from, w.to = from, to
	w.text = fmt.Sprintf("%s-%s %02d:%02d-%02d:%02d", dayNames[a], dayNames[b], from/60, from%60, to/60, to%60)
	return w, nil
}

func dayIndex(s string) int {
	for i, n := range dayNames {
		if s == n {
			return i
		}
	}
	return -1
}

// parseClock reads "HH:MM" as minutes of the day; "24:00" only as an end.
func parseClock(s string, end bool) (int, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || h[0] == '+' || h[0] == '-' || m[0] == '+' || m[0] == '-' {
		return 0, false
	}
	if end && hh == 24 && mm == 0 {
		return 1440, true
	}
	if hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, false
	}
	return hh*60 + mm, true
}

// String formats the hours the way ParseWorkingHours reads them.
func (w WorkingHours) String() string { return w.text }

// contains reports whether minute m of a local day that is weekday wd
// falls within the working hours.
func (w WorkingHours) contains(wd int, m int) bool {
	if w.from < w.to {
		return w.days[wd] && m >= w.from && m < w.to
	}
	return (w.days[wd] && m >= w.from) || (w.days[(wd+6)%7] && m < w.to)
}

// bandOfLocal classifies a local wall-clock reading, given as the weekday
// and the minute of the day. Working hours win over the sleep band, so an
// engineer who works nights has business hours at night.
func (w WorkingHours) bandOfLocal(wd, m int) Band {
	if w.contains(wd, m) {
		return Business
	}
	if m >= sleepFrom || m < sleepTo {
		return Sleep
	}
	return OffHours
}

// BandAt returns the band of the instant at for an engineer in loc with
// working hours w: the wall clock of loc decides, so the bands follow
// daylight saving time.
func BandAt(at time.Time, loc *time.Location, w WorkingHours) Band {
	lt := at.In(loc)
	return w.bandOfLocal(int(lt.Weekday()), lt.Hour()*60+lt.Minute())
}
