package scheduler

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Discipline is an engineer's trade: DisciplineDev or DisciplineOps.
type Discipline string

// The disciplines a mixed rotation pairs.
const (
	DisciplineDev Discipline = "dev"
	DisciplineOps Discipline = "ops"
)

// Tier is one of the independently resolved roles of a schedule.
type Tier string

// The tiers of a schedule. A shadow receives copies of pages and is never
// escalated to; the scheduler only counts completed shadow shifts.
const (
	TierPrimary   Tier = "primary"
	TierSecondary Tier = "secondary"
	TierShadow    Tier = "shadow"
)

// AllTiers lists the tiers in the order in which results are reported.
var AllTiers = []Tier{TierPrimary, TierSecondary, TierShadow}

const numTiers = 3

// tierIndex returns the position of t in AllTiers.
func tierIndex(t Tier) (int, bool) {
	switch t {
	case TierPrimary:
		return 0, true
	case TierSecondary:
		return 1, true
	case TierShadow:
		return 2, true
	}
	return -1, false
}

// Engineer is a team member as the scheduler sees one.
type Engineer struct {
	ID         string
	Name       string
	Discipline Discipline
	TimeZone   string
}

// Date is a local calendar date, with no zone attached.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses a date written as "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return Date{}, invalid("", fmt.Sprintf("%q is not a date (want YYYY-MM-DD)", s))
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// String formats the date as "2006-01-02".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Valid reports whether the date exists in the proleptic Gregorian calendar.
func (d Date) Valid() bool {
	if d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	return d.Day <= daysIn(d.Year, d.Month)
}

// Weekday returns the day of the week of a valid date.
func (d Date) Weekday() time.Weekday {
	return time.Weekday(floorMod(d.days()+4, 7))
}

// AddDays returns the date n days later (earlier when n is negative).
func (d Date) AddDays(n int) Date {
	y, m, dd := civilFromDays(d.days() + int64(n))
	return Date{y, m, dd}
}

// days returns the number of days since 1970-01-01.
func (d Date) days() int64 { return daysFromCivil(d.Year, d.Month, d.Day) }

// LocalDateTime is a local wall-clock date and time to the minute, with no
// zone attached; a schedule's zone gives it meaning.
type LocalDateTime struct {
	Date
	Hour   int
	Minute int
}

// ParseLocalDateTime parses "2006-01-02T15:04" (a space may replace the T,
// and ":00" seconds are accepted).
func ParseLocalDateTime(s string) (LocalDateTime, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		t, err := time.Parse(layout, s)
		if err == nil {
			if t.Second() != 0 {
				break
			}
			return LocalDateTime{Date{t.Year(), t.Month(), t.Day()}, t.Hour(), t.Minute()}, nil
		}
	}
	return LocalDateTime{}, invalid("", fmt.Sprintf("%q is not a local date and time (want YYYY-MM-DDTHH:MM)", s))
}

// String formats the value as "2006-01-02T15:04".
func (l LocalDateTime) String() string {
	return fmt.Sprintf("%sT%02d:%02d", l.Date.String(), l.Hour, l.Minute)
}

// Valid reports whether the date exists and the time is within 00:00–23:59.
func (l LocalDateTime) Valid() bool {
	return l.Date.Valid() && l.Hour >= 0 && l.Hour < 24 && l.Minute >= 0 && l.Minute < 60
}

// minutes returns the civil minute number: minutes since 1970-01-01T00:00
// on a clock that never jumps.
func (l LocalDateTime) minutes() int64 {
	return l.Date.days()*minutesPerDay + int64(l.Hour)*60 + int64(l.Minute)
}

func localFromMinutes(c int64) LocalDateTime {
	day := floorDiv(c, minutesPerDay)
	m := c - day*minutesPerDay
	y, mo, d := civilFromDays(day)
	return LocalDateTime{Date{y, mo, d}, int(m / 60), int(m % 60)}
}

// TimeOfDay is a local wall-clock time to the minute. 24:00 is allowed as
// the end of a coverage window and means the end of the day.
type TimeOfDay struct {
	Hour   int
	Minute int
}

// ParseTimeOfDay parses "15:04"; "24:00" is accepted.
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	s = strings.TrimSpace(s)
	bad := invalid("", fmt.Sprintf("%q is not a time of day (want HH:MM)", s))
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(m) != 2 || len(h) < 1 || len(h) > 2 {
		return TimeOfDay{}, bad
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || h[0] == '+' || h[0] == '-' || m[0] == '+' || m[0] == '-' {
		return TimeOfDay{}, bad
	}
	t := TimeOfDay{hh, mm}
	if !t.valid(true) {
		return TimeOfDay{}, bad
	}
	return t, nil
}

// String formats the time as "15:04".
func (t TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", t.Hour, t.Minute) }

func (t TimeOfDay) valid(allow24 bool) bool {
	if allow24 && t.Hour == 24 && t.Minute == 0 {
		return true
	}
	return t.Hour >= 0 && t.Hour < 24 && t.Minute >= 0 && t.Minute < 60
}

func (t TimeOfDay) minutes() int64 { return int64(t.Hour)*60 + int64(t.Minute) }

// ShiftLength is the length of one turn of a layer on the local wall
// clock: whole Days (written "1d", "1w", "2w") or Minutes ("8h", "12h",
// "90m"). Exactly one of the two is non-zero.
type ShiftLength struct {
	Days    int
	Minutes int
}

// The accepted range of shift lengths.
const (
	MinShiftMinutes = 60
	MaxShiftDays    = 56
)

// ParseShiftLength parses a shift length written as a positive whole
// number followed by one unit: "m" (minutes), "h" (hours), "d" (days) or
// "w" (weeks), for example "8h", "12h", "1d", "1w", "2w" or "90m".
func ParseShiftLength(s string) (ShiftLength, error) {
	in := strings.ToLower(strings.TrimSpace(s))
	bad := invalid("", fmt.Sprintf("%q is not a shift length (want e.g. 8h, 12h, 1d, 1w, 2w or 90m)", s))
	if len(in) < 2 {
		return ShiftLength{}, bad
	}
	num, unit := in[:len(in)-1], in[len(in)-1]
	for _, r := range num {
		if r < '0' || r > '9' {
			return ShiftLength{}, bad
		}
	}
	n, err := strconv.Atoi(num)
	if err != nil || n <= 0 || n > 1_000_000 {
		return ShiftLength{}, bad
	}
	var l ShiftLength
	switch unit {
	case 'm':
		l.Minutes = n
	case 'h':
		l.Minutes = n * 60
	case 'd':
		l.Days = n
	case 'w':
		l.Days = n * 7
	default:
		return ShiftLength{}, bad
	}
	if err := l.validate(); err != nil {
		return ShiftLength{}, invalid("", err.Error())
	}
	return l, nil
}

// String formats the length the way ParseShiftLength reads it.
func (l ShiftLength) String() string {
	switch {
	case l.Days != 0 && l.Days%7 == 0:
		return strconv.Itoa(l.Days/7) + "w"
	case l.Days != 0:
		return strconv.Itoa(l.Days) + "d"
	case l.Minutes%60 == 0:
		return strconv.Itoa(l.Minutes/60) + "h"
	default:
		return strconv.Itoa(l.Minutes) + "m"
	}
}

func (l ShiftLength) validate() error {
	switch {
	case l.Days != 0 && l.Minutes != 0:
		return fmt.Errorf("a shift length is whole days or minutes, not both")
	case l.Days < 0 || l.Minutes < 0:
		return fmt.Errorf("a shift length must be positive")
	case l.Days == 0 && l.Minutes == 0:
		return fmt.Errorf("a shift length must be positive")
	case l.Minutes != 0 && l.Minutes < MinShiftMinutes:
		return fmt.Errorf("a shift must last at least 1 hour")
	case l.Days > MaxShiftDays || l.Minutes > MaxShiftDays*minutesPerDay:
		return fmt.Errorf("a shift must last at most %d weeks", MaxShiftDays/7)
	}
	return nil
}

// minutes returns the length in civil minutes.
func (l ShiftLength) minutes() int64 {
	return int64(l.Days)*minutesPerDay + int64(l.Minutes)
}

// Window is a weekly coverage window in the schedule's zone: on each of
// Days, from From (inclusive) to To (exclusive). A window whose To is
// earlier than its From crosses midnight and belongs to the day it starts.
type Window struct {
	Days []time.Weekday
	From TimeOfDay
	To   TimeOfDay
}

// ParseWeekday parses a day name: "mon" … "sun" or the full English name,
// in any case.
func ParseWeekday(s string) (time.Weekday, error) {
	in := strings.ToLower(strings.TrimSpace(s))
	for d := time.Sunday; d <= time.Saturday; d++ {
		full := strings.ToLower(d.String())
		if in == full || in == full[:3] {
			return d, nil
		}
	}
	return 0, invalid("", fmt.Sprintf("%q is not a day of the week (want mon, tue, wed, thu, fri, sat or sun)", s))
}

// Layer is one rotation inside a tier. Participants take turns in order,
// each turn lasting Shift on the local wall clock from Start; Coverage
// masks turns to weekly windows (empty means always) without pausing them.
type Layer struct {
	ID           string
	Name         string
	Tier         Tier
	Participants []string
	Start        LocalDateTime
	Shift        ShiftLength
	Coverage     []Window
}

// Override puts one engineer on one tier for [Start, End), over every
// layer. When overrides overlap, the one created last wins.
type Override struct {
	ID         string
	Tier       Tier
	EngineerID string
	Start      time.Time
	End        time.Time
	CreatedAt  time.Time
}

// Pairing values of a schedule.
const (
	PairingNone  = ""
	PairingMixed = "mixed"
)

// Schedule is a team's on-call plan in one time zone. Layers are listed
// in precedence order within their tier: a later layer wins where it
// covers. Members are the team's engineers; every participant and swap
// engineer must be one of them. Former are engineers who have left the
// team but are named by overrides (history): an override may name a member
// or a former member, nothing else may name a former one.
type Schedule struct {
	ID        string
	Name      string
	TeamID    string
	TimeZone  string
	Holidays  []Date
	Pairing   string
	Members   []Engineer
	Former    []Engineer
	Layers    []Layer
	Overrides []Override
}

// Source says where a shift came from.
type Source struct {
	Kind string // SourceLayer or SourceOverride
	ID   string
	Name string
}

// Source kinds.
const (
	SourceLayer    = "layer"
	SourceOverride = "override"
)

// Shift is one resolved stretch of one tier: who is on call from Start
// (inclusive) to End (exclusive), and why.
type Shift struct {
	Tier       Tier
	EngineerID string
	Discipline Discipline
	Start      time.Time
	End        time.Time
	Source     Source
}

// Assignment is who is on call for one tier at one instant.
type Assignment struct {
	Tier     Tier
	Engineer Engineer
	Shift    Shift
}

// Gap is a stretch during which nobody is on call for a tier.
type Gap struct {
	Tier  Tier
	Start time.Time
	End   time.Time
}

// Violation is a stretch during which a schedule that requires mixed
// pairing has primary and secondary of the same discipline.
type Violation struct {
	Start       time.Time
	End         time.Time
	Discipline  Discipline
	PrimaryID   string
	SecondaryID string
}

const (
	minutesPerDay  = 1440
	minutesPerWeek = 7 * minutesPerDay
	// weekEpoch is the civil minute of Monday 1969-12-29T00:00, the start
	// of the week containing the civil epoch; weekly windows count from it.
	weekEpoch = -3 * minutesPerDay
)

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 {
	m := a % b
	if m != 0 && ((m < 0) != (b < 0)) {
		m += b
	}
	return m
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// daysFromCivil returns the number of days from 1970-01-01 to the given
// proleptic Gregorian date (H. Hinnant's algorithm).
func daysFromCivil(y int, m time.Month, d int) int64 {
	yy, mm := int64(y), int64(m)
	if mm <= 2 {
		yy--
	}
	era := floorDiv(yy, 400)
	yoe := yy - era*400
	mp := (mm + 9) % 12
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (int, time.Month, int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return int(y), time.Month(m), int(d)
}
