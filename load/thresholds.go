package load

import (
	"fmt"
	"math"
	"time"
)

// Flag codes. They are fixed: users, scripts and the API rely on them.
const (
	FlagSleepInterruptions = "sleep_interruptions"
	FlagIncidentsPerShift  = "incidents_per_shift"
	FlagOnCallShare        = "oncall_share"
	FlagUnfairShare        = "unfair_share"
	FlagSmallRotation      = "small_rotation"
)

// Windows the flags look at. They are fixed by the definitions the flags
// come from (PagerDuty's weekly sleep report, Google's SRE book).
const (
	// SleepWindowDays: sleep_interruptions counts within any 7 local days.
	SleepWindowDays = 7
	// ShareWindowDays: oncall_share and unfair_share look at the last 4
	// weeks of the period.
	ShareWindowDays = 28
	// ShiftBlock is the 12-hour on-call shift of incidents_per_shift.
	ShiftBlock = 12 * time.Hour
)

// The defaults of DESIGN.md, grounded in Google's SRE book.
const (
	DefaultSleepInterruptions  = 2
	DefaultIncidentsPerShift   = 2
	DefaultOnCallSharePercent  = 25
	DefaultUnfairShareFactor   = 2.0
	DefaultMinRotation         = 6
	DefaultShadowShifts        = 4
	DefaultBusinessHoursShifts = 4
)

// Thresholds configure a team's flags and learner steps. A zero field
// means the default. The comparison each flag makes is part of its
// definition: sleep_interruptions fires at SleepInterruptions or more,
// incidents_per_shift, oncall_share and unfair_share fire above their
// limit, small_rotation below MinRotation.
type Thresholds struct {
	// SleepInterruptions flags this many or more sleep-hour interruptions
	// within any 7 days (default 2).
	SleepInterruptions int
	// IncidentsPerShift flags more than this many incidents in one 12-hour
	// on-call shift (default 2).
	IncidentsPerShift int
	// OnCallSharePercent flags being on call (primary or secondary) more
	// than this percentage of the last 4 weeks (default 25).
	OnCallSharePercent int
	// UnfairShareFactor flags a share of the team's interruptions over the
	// last 4 weeks above this multiple of the fair share (default 2).
	UnfairShareFactor float64
	// MinRotation flags a team whose rotation has fewer engineers
	// (default 6).
	MinRotation int
	// ShadowShifts completed make a learner ready for business-hours
	// shifts (default 4).
	ShadowShifts int
	// BusinessHoursShifts completed make a learner ready for the full
	// rotation (default 4).
	BusinessHoursShifts int
}

// DefaultThresholds returns the defaults of DESIGN.md.
func DefaultThresholds() Thresholds {
	return Thresholds{
		SleepInterruptions:  DefaultSleepInterruptions,
		IncidentsPerShift:   DefaultIncidentsPerShift,
		OnCallSharePercent:  DefaultOnCallSharePercent,
		UnfairShareFactor:   DefaultUnfairShareFactor,
		MinRotation:         DefaultMinRotation,
		ShadowShifts:        DefaultShadowShifts,
		BusinessHoursShifts: DefaultBusinessHoursShifts,
	}
}

// WithDefaults returns t with every zero field set to its default.
func (t Thresholds) WithDefaults() Thresholds {
	d := DefaultThresholds()
	if t.SleepInterruptions == 0 {
		t.SleepInterruptions = d.SleepInterruptions
	}
	if t.IncidentsPerShift == 0 {
		t.IncidentsPerShift = d.IncidentsPerShift
	}
	if t.OnCallSharePercent == 0 {
		t.OnCallSharePercent = d.OnCallSharePercent
	}
	if t.UnfairShareFactor == 0 {
		t.UnfairShareFactor = d.UnfairShareFactor
	}
	if t.MinRotation == 0 {
		t.MinRotation = d.MinRotation
	}
	if t.ShadowShifts == 0 {
		t.ShadowShifts = d.ShadowShifts
	}
	if t.BusinessHoursShifts == 0 {
		t.BusinessHoursShifts = d.BusinessHoursShifts
	}
	return t
}

// Upper bounds that keep thresholds meaningful.
const (
	maxCountThreshold = 10_000
	maxUnfairFactor   = 100
	maxMinRotation    = 1000
)

// Validate checks t; zero fields (defaults) are valid. The error is a
// *ValidationError whose Field is the threshold's name under a team's
// load: key: sleep_interruptions, incidents_per_shift, oncall_share,
// unfair_share, min_rotation, shadow_shifts or business_hours_shifts.
func (t Thresholds) Validate() error {
	counts := []struct {
		field string
		v     int
		max   int
		what  string
	}{
		{"sleep_interruptions", t.SleepInterruptions, maxCountThreshold, "a number of sleep-hour interruptions"},
		{"incidents_per_shift", t.IncidentsPerShift, maxCountThreshold, "a number of incidents"},
		{"oncall_share", t.OnCallSharePercent, 100, "a percentage"},
		{"min_rotation", t.MinRotation, maxMinRotation, "a number of engineers"},
		{"shadow_shifts", t.ShadowShifts, maxCountThreshold, "a number of shifts"},
		{"business_hours_shifts", t.BusinessHoursShifts, maxCountThreshold, "a number of shifts"},
	}
	for _, c := range counts {
		if c.v < 0 || c.v > c.max {
			return invalid(c.field, fmt.Sprintf("%s must be %s from 1 to %d, not %d", c.field, c.what, c.max, c.v))
		}
	}
	f := t.UnfairShareFactor
	if math.IsNaN(f) || math.IsInf(f, 0) || (f != 0 && (f < 1 || f > maxUnfairFactor)) {
		return invalid("unfair_share", fmt.Sprintf("unfair_share must be a multiple of the fair share from 1 to %d, not %v", maxUnfairFactor, f))
	}
	return nil
}
