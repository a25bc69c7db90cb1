package load

import (
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

// Interruptions counts interruptions, in total and by band.
type Interruptions struct {
	Total    int
	Business int
	OffHours int
	Sleep    int
}

// The weights of the fairness figure and of proposals: a sleep-hour
// interruption costs a night and the next day's focus, an off-hours one an
// evening or a weekend, a business-hours one the least. The ratios are a
// judgement, kept small and linear so that one bad night does not outweigh
// a week of daytime noise.
const (
	WeightBusiness = 1
	WeightOffHours = 2
	WeightSleep    = 3
)

// Weighted returns the interruptions weighted by band.
func (i Interruptions) Weighted() int {
	return i.Business*WeightBusiness + i.OffHours*WeightOffHours + i.Sleep*WeightSleep
}

func (i *Interruptions) add(o Interruptions) {
	i.Total += o.Total
	i.Business += o.Business
	i.OffHours += o.OffHours
	i.Sleep += o.Sleep
}

func (i *Interruptions) addBand(b int) {
	i.Total++
	switch b {
	case 0:
		i.Business++
	case 1:
		i.OffHours++
	default:
		i.Sleep++
	}
}

// OnCallTime is time on call per tier within the period.
type OnCallTime struct {
	Primary   time.Duration
	Secondary time.Duration
	Shadow    time.Duration
}

// Stretch is a span of time [Start, End); the zero value is no stretch.
type Stretch struct {
	Start time.Time
	End   time.Time
}

// Duration returns the stretch's length.
func (s Stretch) Duration() time.Duration { return s.End.Sub(s.Start) }

// ShiftIncidents are the figures behind incidents per 12-hour on-call
// shift. On-call time (primary or secondary, joined) is cut into 12-hour
// shifts from the start of each stretch, the last one shorter; incidents
// that first reach the engineer outside on-call time fall into 12-hour
// shifts that start at such an incident.
type ShiftIncidents struct {
	// Shifts is the number of 12-hour on-call shifts in the period.
	Shifts int
	// OnCall is the number of incidents during them.
	OnCall int
	// OffRota is the number of incidents outside on-call time.
	OffRota int
	// Max is the most incidents in one 12-hour shift, on call or not;
	// MaxShift is that shift (the earliest, on ties), zero when Max is 0.
	Max      int
	MaxShift Stretch
	// MaxOnCall reports whether that shift was an on-call one.
	MaxOnCall bool
}

// Mean returns the incidents per 12-hour on-call shift, 0 without shifts.
func (s ShiftIncidents) Mean() float64 {
	if s.Shifts == 0 {
		return 0
	}
	return float64(s.OnCall) / float64(s.Shifts)
}

// Acknowledgement summarises time to acknowledge: from the engineer's
// first page for an alert to their acknowledgement of it. Median and P90
// use the nearest-rank method (the smallest observed value with at least
// that share of values at or below it), so they are observed values.
type Acknowledgement struct {
	Count  int
	Median time.Duration
	P90    time.Duration
}

// ShadowLoad is what an engineer received as a shadow; it is learning,
// not load, and never flags.
type ShadowLoad struct {
	Pages         int
	Interruptions int
	// Acknowledged counts the shadowed alerts that someone acknowledged.
	Acknowledged int
	Completed    int
}

// Night is a night with sleep-hour interruptions: from 22:00 on Date to
// 08:00 the next day in the engineer's zone.
type Night struct {
	Date          scheduler.Date
	Interruptions int
	// Last is the last sleep-hour interruption of the night.
	Last time.Time
}

// Flag is one burnout warning. Value and Limit are in the flag's unit: a
// count, a percentage (oncall_share), a multiple of the fair share
// (unfair_share) or a number of engineers (small_rotation).
type Flag struct {
	Code string
	// EngineerID is empty for the team-level small_rotation.
	EngineerID string
	// Message explains the flag in one sentence with its numbers.
	Message string
	Value   float64
	Limit   float64
	// Window is the span the flag is about, zero for small_rotation.
	Window Stretch
}

// EngineerReport is one engineer's load over the period.
type EngineerReport struct {
	ID    string
	Name  string
	Email string
	// Pages counts the engineer's own (not shadow) pages on every channel,
	// email included; EmailPages, ImportedPages and PrunedPages are among
	// them.
	Pages         int
	EmailPages    int
	ImportedPages int
	// PrunedPages are pages of alerts housekeeping has pruned, known only
	// as daily counts (AddPruned): they count as pages, not as
	// interruptions, bands, nights or acknowledgement times.
	PrunedPages   int
	Interruptions Interruptions
	// Weighted is Interruptions.Weighted.
	Weighted int
	// Share and WeightedShare are the engineer's fractions of the team's
	// interruptions and weighted interruptions, 0 when the team has none.
	Share         float64
	WeightedShare float64
	// SleepNights counts nights (22:00 to 08:00 local, named by the day
	// they start) with at least one sleep-hour interruption.
	SleepNights int
	// Nights lists those nights in order.
	Nights []Night
	// InterruptedHours counts hours of the local clock (from :00 to :00,
	// each real hour separately across DST) with at least one interruption.
	InterruptedHours int
	OnCall           OnCallTime
	// OnCallShare is the fraction of the share window (the last 4 weeks of
	// the period) spent on primary or secondary.
	OnCallShare float64
	// ShareWindowInterruptions are the interruptions within that window.
	ShareWindowInterruptions int
	Incidents                ShiftIncidents
	Acknowledgement          Acknowledgement
	// Longest is the longest consecutive stretch on primary or secondary
	// within the period.
	Longest Stretch
	// WeekendDays and HolidayDays count local days (in the engineer's
	// zone) with any primary or secondary time; a holiday on a weekend
	// counts in both.
	WeekendDays int
	HolidayDays int
	Shadow      ShadowLoad
	// InRotation says whether the engineer counts towards the rotation
	// size and the fair share.
	InRotation bool
	Flags      []Flag
}

// Totals sums the engineers' figures.
type Totals struct {
	Pages            int
	EmailPages       int
	ImportedPages    int
	PrunedPages      int
	Interruptions    Interruptions
	Weighted         int
	SleepNights      int
	InterruptedHours int
	OnCall           OnCallTime
	Incidents        int
	WeekendDays      int
	HolidayDays      int
	Shadow           ShadowLoad
}

// Site is one site of a rotation and how many of its engineers it holds.
type Site struct {
	Name      string
	Engineers int
}

// Rotation compares the rotation's size with Google's SRE minimum: 8
// engineers on a single site, or 6 on each site of a multi-site rotation.
type Rotation struct {
	Size  int
	Sites []Site
	// SREMinimum is 8 for one site and 6 per site for several.
	SREMinimum int
	// MeetsSREMinimum reports whether every site is large enough.
	MeetsSREMinimum bool
}

// Week is one week of the trend, Monday to Monday in the team's zone.
type Week struct {
	Start         time.Time
	Interruptions Interruptions
}

// Report is a team's load over a period.
type Report struct {
	Team string
	// TimeZone is the team's zone of the heat maps and the trend.
	TimeZone string
	From, To time.Time
	// ShareWindow is the last 4 weeks of the period (all of it when
	// shorter), over which oncall_share and unfair_share are judged.
	ShareWindow Stretch
	Engineers   []EngineerReport
	Totals      Totals
	// Fairness is the Gini coefficient of the weighted interruptions of
	// the rotation's engineers: 0 when everyone carries the same load,
	// towards 1 when one engineer carries it all.
	Fairness float64
	Rotation Rotation
	// HeatMap counts interruptions by hour of the week in the team's zone:
	// HeatMap[0] is Monday, HeatMap[d][h] the hour from h:00.
	HeatMap [7][24]int
	// OnCallHeatMap is the same for the interruptions that reached an
	// engineer while on primary or secondary, indexed [tier][day][hour]
	// (0 primary, 1 secondary): the history proposals use.
	OnCallHeatMap [2][7][24]int
	Weeks         []Week
	// Flags holds the team-level flags; each engineer's are in Engineers.
	Flags      []Flag
	Thresholds Thresholds
}

// AllFlags returns the team's flags followed by every engineer's, in the
// order of Engineers.
func (r *Report) AllFlags() []Flag {
	out := append([]Flag(nil), r.Flags...)
	for _, e := range r.Engineers {
		out = append(out, e.Flags...)
	}
	return out
}

// Engineer returns the report of the engineer with the given ID.
func (r *Report) Engineer(id string) (EngineerReport, bool) {
	for _, e := range r.Engineers {
		if e.ID == id {
			return e, true
		}
	}
	return EngineerReport{}, false
}
