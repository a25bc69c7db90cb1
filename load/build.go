package load

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"time"
)

// Report returns the report of the pages added so far. It does not change
// the accumulator: more pages may be added and Report called again.
func (a *Accumulator) Report() *Report {
	r := &Report{
		Team: a.in.Team, TimeZone: a.teamLoc.String(), From: a.in.From, To: a.in.To,
		ShareWindow: Stretch{time.Unix(0, a.shareFrom).In(a.teamLoc), a.in.To},
		HeatMap:     a.heat, OnCallHeatMap: a.onHeat,
		Thresholds: a.th,
	}
	for i, w := range a.weeks {
		d := time.Unix((a.week0+int64(7*i))*secPerDay, 0).UTC()
		r.Weeks = append(r.Weeks, Week{Start: time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, a.teamLoc), Interruptions: w})
	}
	var windowTotal int
	for _, e := range a.engs {
		er := a.engineerReport(e)
		r.Engineers = append(r.Engineers, er)
		t := &r.Totals
		t.Pages += er.Pages
		t.EmailPages += er.EmailPages
		t.ImportedPages += er.ImportedPages
		t.PrunedPages += er.PrunedPages
		t.Interruptions.add(er.Interruptions)
		t.Weighted += er.Weighted
		t.SleepNights += er.SleepNights
		t.InterruptedHours += er.InterruptedHours
		t.OnCall.Primary += er.OnCall.Primary
		t.OnCall.Secondary += er.OnCall.Secondary
		t.OnCall.Shadow += er.OnCall.Shadow
		t.Incidents += er.Incidents.OnCall + er.Incidents.OffRota
		t.WeekendDays += er.WeekendDays
		t.HolidayDays += er.HolidayDays
		t.Shadow.Pages += er.Shadow.Pages
		t.Shadow.Interruptions += er.Shadow.Interruptions
		t.Shadow.Completed += er.Shadow.Completed
		t.Shadow.Acknowledged += er.Shadow.Acknowledged
		windowTotal += e.windowIntr
	}
	var weighted []float64
	for i := range r.Engineers {
		er := &r.Engineers[i]
		if r.Totals.Interruptions.Total > 0 {
			er.Share = float64(er.Interruptions.Total) / float64(r.Totals.Interruptions.Total)
		}
		if r.Totals.Weighted > 0 {
			er.WeightedShare = float64(er.Weighted) / float64(r.Totals.Weighted)
		}
		if er.InRotation {
			weighted = append(weighted, float64(er.Weighted))
		}
		if f, ok := a.unfairFlag(a.engs[i], windowTotal); ok {
			er.Flags = append(er.Flags, f)
		}
	}
	r.Fairness = Gini(weighted)
	r.Rotation = a.rotationFigures()
	if r.Rotation.Size < a.th.MinRotation {
		team := a.in.Team
		if team == "" {
			team = "The team"
		}
		r.Flags = append(r.Flags, Flag{
			Code:    FlagSmallRotation,
			Message: fmt.Sprintf("%s: rotation of %s (minimum %d)", team, plural(r.Rotation.Size, "engineer"), a.th.MinRotation),
			Value:   float64(r.Rotation.Size), Limit: float64(a.th.MinRotation),
		})
	}
	return r
}

func (a *Accumulator) engineerReport(e *engState) EngineerReport {
	er := EngineerReport{
		ID: e.eng.ID, Name: e.eng.Name, Email: e.eng.Email,
		Pages: e.pages, EmailPages: e.emailPages, ImportedPages: e.imported, PrunedPages: e.pruned,
		Interruptions: e.intr, Weighted: e.intr.Weighted(),
		SleepNights: e.nights, Nights: slices.Clone(e.nightList), InterruptedHours: e.hours,
		OnCall: OnCallTime{
			Primary:   time.Duration(spansTotal(e.tiers[0])),
			Secondary: time.Duration(spansTotal(e.tiers[1])),
			Shadow:    time.Duration(spansTotal(e.tiers[2])),
		},
		ShareWindowInterruptions: e.windowIntr,
		WeekendDays:              e.weekendDays, HolidayDays: e.holidayDays,
		Shadow:     ShadowLoad{Pages: e.shadowPages, Interruptions: e.shadowIntr, Acknowledged: e.shadowAcked, Completed: e.shadowDone},
		InRotation: e.inRotation,
	}
	if w := a.to - a.shareFrom; w > 0 {
		er.OnCallShare = float64(spansWithin(e.onCall, a.shareFrom, a.to)) / float64(w)
	}
	var longest span
	blocks := 0
	for _, sp := range e.onCall {
		if sp.e-sp.s > longest.e-longest.s {
			longest = sp
		}
		blocks += int((sp.e - sp.s + blockNs - 1) / blockNs)
	}
	if longest.e > longest.s {
		er.Longest = Stretch{time.Unix(0, longest.s).In(e.loc), time.Unix(0, longest.e).In(e.loc)}
	}
	worst := e.worst
	for _, b := range []block{e.onBlock, e.offBlock} {
		if b.open && b.beats(worst) {
			worst = b
		}
	}
	er.Incidents = ShiftIncidents{Shifts: blocks, OnCall: e.onCallIncidents, OffRota: e.offRota, Max: worst.count, MaxOnCall: worst.onCall}
	if worst.count > 0 {
		er.Incidents.MaxShift = Stretch{time.Unix(0, worst.start).In(e.loc), time.Unix(0, worst.end).In(e.loc)}
	}
	if n := len(e.tta); n > 0 {
		d := slices.Clone(e.tta)
		slices.Sort(d)
		er.Acknowledgement = Acknowledgement{Count: n, Median: time.Duration(nearestRank(d, 50)), P90: time.Duration(nearestRank(d, 90))}
	}
	name := displayName(e.eng)
	if e.sleepMax >= a.th.SleepInterruptions {
		first, last := time.Unix(0, e.sleepFirst).In(e.loc), time.Unix(0, e.sleepLast).In(e.loc)
		er.Flags = append(er.Flags, Flag{
			Code: FlagSleepInterruptions, EngineerID: e.eng.ID,
			Message: fmt.Sprintf("%s: %s %s (limit %d)", name, plural(e.sleepMax, "sleep-hour interruption"), dateRange(first, last), a.th.SleepInterruptions),
			Value:   float64(e.sleepMax), Limit: float64(a.th.SleepInterruptions),
			Window: Stretch{first, last},
		})
	}
	if worst.count > a.th.IncidentsPerShift {
		where := "in the 12-hour on-call shift from"
		if !worst.onCall {
			where = "within 12 hours off the rota from"
		}
		er.Flags = append(er.Flags, Flag{
			Code: FlagIncidentsPerShift, EngineerID: e.eng.ID,
			Message: fmt.Sprintf("%s: %s %s %s (limit %d)", name, plural(worst.count, "incident"), where, dayTime(er.Incidents.MaxShift.Start), a.th.IncidentsPerShift),
			Value:   float64(worst.count), Limit: float64(a.th.IncidentsPerShift),
			Window: er.Incidents.MaxShift,
		})
	}
	// Exact comparison in integers: on call × 100 > limit × window.
	if w := a.to - a.shareFrom; w > 0 {
		on := spansWithin(e.onCall, a.shareFrom, a.to)
		if exceedsPercent(on, w, a.th.OnCallSharePercent) {
			win := a.window(e.loc)
			er.Flags = append(er.Flags, Flag{
				Code: FlagOnCallShare, EngineerID: e.eng.ID,
				Message: fmt.Sprintf("%s: on call %s of the time %s (limit %d%%)", name, percentAbove(er.OnCallShare*100, float64(a.th.OnCallSharePercent)), dateRange(win.Start, win.End.Add(-time.Nanosecond)), a.th.OnCallSharePercent),
				Value:   er.OnCallShare * 100, Limit: float64(a.th.OnCallSharePercent),
				Window: win,
			})
		}
	}
	return er
}

// exceedsPercent reports whether part/whole > pct/100, exactly.
func exceedsPercent(part, whole int64, pct int) bool {
	hi, lo := bits.Mul64(uint64(part), 100)
	whi, wlo := bits.Mul64(uint64(whole), uint64(pct))
	return hi > whi || (hi == whi && lo > wlo)
}

func (a *Accumulator) window(loc *time.Location) Stretch {
	return Stretch{time.Unix(0, a.shareFrom).In(loc), a.in.To.In(loc)}
}

func (a *Accumulator) unfairFlag(e *engState, windowTotal int) (Flag, bool) {
	n := a.rotation
	if windowTotal == 0 || n == 0 {
		return Flag{}, false
	}
	// share > factor/n  ⇔  mine·n > factor·total; exact for the integer
	// products involved.
	mine := float64(e.windowIntr)
	if mine*float64(n) <= a.th.UnfairShareFactor*float64(windowTotal) {
		return Flag{}, false
	}
	share := mine / float64(windowTotal) * 100
	fair := 100 / float64(n)
	win := a.window(e.loc)
	return Flag{
		Code: FlagUnfairShare, EngineerID: e.eng.ID,
		Message: fmt.Sprintf("%s: %d of the team's %s %s (%s), more than %s times the fair share of %s for %s",
			displayName(e.eng), e.windowIntr, plural(windowTotal, "interruption"), dateRange(win.Start, win.End.Add(-time.Nanosecond)),
			percent(share), trimFloat(a.th.UnfairShareFactor), percent(fair), plural(n, "engineer")),
		Value: share / fair, Limit: a.th.UnfairShareFactor,
		Window: win,
	}, true
}

func (a *Accumulator) rotationFigures() Rotation {
	rot := Rotation{Size: a.rotation}
	idx := map[string]int{}
	for _, e := range a.engs {
		if !e.inRotation {
			continue
		}
		site := e.eng.Site
		if site == "" {
			site = e.eng.TimeZone
		}
		if site == "" {
			site = "UTC"
		}
		i, ok := idx[site]
		if !ok {
			i = len(rot.Sites)
			idx[site] = i
			rot.Sites = append(rot.Sites, Site{Name: site})
		}
		rot.Sites[i].Engineers++
	}
	if len(rot.Sites) <= 1 {
		rot.SREMinimum = SREMinimumSingleSite
		rot.MeetsSREMinimum = rot.Size >= SREMinimumSingleSite
		return rot
	}
	rot.SREMinimum = SREMinimumPerSite * len(rot.Sites)
	rot.MeetsSREMinimum = true
	for _, s := range rot.Sites {
		if s.Engineers < SREMinimumPerSite {
			rot.MeetsSREMinimum = false
		}
	}
	return rot
}

// Google's SRE book's minimum rotation sizes.
const (
	SREMinimumSingleSite = 8
	SREMinimumPerSite    = 6
)

// Gini returns the Gini coefficient of non-negative values: the mean
// absolute difference between all pairs over twice the mean. It is 0 for
// equal values (and for none, or all zero) and (n-1)/n when one value
// holds everything. It is the fairness figure because it is scale-free (a
// busy month and a quiet one compare), needs no target, and is the usual
// one-number measure of how unevenly something is shared.
func Gini(values []float64) float64 {
	n := len(values)
	if n == 0 {
		return 0
	}
	v := slices.Clone(values)
	slices.Sort(v)
	var sum, weighted float64
	for i, x := range v {
		sum += x
		weighted += float64(2*(i+1)-n-1) * x
	}
	if sum <= 0 {
		return 0
	}
	return weighted / (float64(n) * sum)
}

// nearestRank returns the p-th percentile of sorted values by the
// nearest-rank method.
func nearestRank(sorted []int64, p int) int64 {
	k := (p*len(sorted) + 99) / 100
	return sorted[max(k, 1)-1]
}

func displayName(e Engineer) string {
	switch {
	case e.Name != "":
		return e.Name
	case e.Email != "":
		return e.Email
	}
	return e.ID
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// dateRange writes "between 2 and 8 March", "between 28 February and
// 6 March", "between 30 December 2025 and 3 January 2026" or "on 2 March".
func dateRange(a, b time.Time) string {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	switch {
	case ay == by && am == bm && ad == bd:
		return fmt.Sprintf("on %d %s", ad, am)
	case ay == by && am == bm:
		return fmt.Sprintf("between %d and %d %s", ad, bd, bm)
	case ay == by:
		return fmt.Sprintf("between %d %s and %d %s", ad, am, bd, bm)
	}
	return fmt.Sprintf("between %d %s %d and %d %s %d", ad, am, ay, bd, bm, by)
}

func dayTime(t time.Time) string {
	return fmt.Sprintf("%d %s %02d:%02d", t.Day(), t.Month(), t.Hour(), t.Minute())
}

func trimFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// percent writes a percentage to one decimal, without a trailing ".0".
func percent(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) + "%"
}

// percentAbove writes v, which exceeds limit, so that it reads as above
// it even when rounding would show the limit itself.
func percentAbove(v, limit float64) string {
	if math.Round(v*10)/10 <= limit {
		return "more than " + percent(limit)
	}
	return percent(v)
}
