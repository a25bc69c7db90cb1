package load

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

// RecoveryHorizon bounds a recovery suggestion: it covers the engineer's
// business hours on call that start within this long after the night ends
// (08:00). A night before a weekend or a day off needs no cover.
const RecoveryHorizon = 24 * time.Hour

// Recovery suggests cover for an engineer after a night with sleep-hour
// interruptions: someone else takes the engineer's next business hours on
// call. Swap is ready to be sent as a swap request (one click); its
// TargetID is the first candidate, empty when nobody can take it.
type Recovery struct {
	EngineerID string
	Night      Night
	Swap       scheduler.Swap
	// Candidates can take the swap, least loaded first: rotation members
	// (participants of a primary or secondary layer) who are not on call
	// then, were not woken that night and keep a mixed schedule's pairing.
	Candidates []string
	Message    string
}

// SuggestRecovery returns a suggestion for each night in the report with
// a sleep-hour interruption after which the engineer is on call (primary
// or secondary) in their business hours within RecoveryHorizon, in order
// of engineers and nights. engineers gives zones and working hours (the
// Input's); the schedule gives the shifts, which may lie after the
// report's period.
func SuggestRecovery(c *scheduler.Compiled, engineers []Engineer, r *Report) ([]Recovery, error) {
	byID := map[string]Engineer{}
	for _, e := range engineers {
		byID[e.ID] = e
	}
	woken := map[string]map[scheduler.Date]bool{}
	load := map[string]int{}
	for _, er := range r.Engineers {
		load[er.ID] = er.Weighted
		for _, n := range er.Nights {
			if woken[er.ID] == nil {
				woken[er.ID] = map[scheduler.Date]bool{}
			}
			woken[er.ID][n.Date] = true
		}
	}
	rotation := rotationMembers(c.Schedule())
	var out []Recovery
	for _, er := range r.Engineers {
		if len(er.Nights) == 0 {
			continue
		}
		e, ok := byID[er.ID]
		if !ok {
			return nil, invalid("engineers", fmt.Sprintf("engineer %q of the report is not listed", er.ID))
		}
		loc, err := loadZone(e.TimeZone)
		if err != nil {
			return nil, invalid("engineers", err.Error())
		}
		wh, err := ParseWorkingHours(e.WorkingHours)
		if err != nil {
			return nil, err
		}
		var last scheduler.Swap
		for _, n := range er.Nights {
			end := time.Date(n.Date.Year, n.Date.Month, n.Date.Day+1, sleepTo/60, sleepTo%60, 0, 0, loc)
			from := n.Last
			to := end.Add(RecoveryHorizon)
			tier, s, t, ok := firstBusinessOnCall(c, er.ID, loc, wh, from, to)
			if !ok || (last.Start.Equal(s) && last.Tier == tier) {
				continue
			}
			swap := scheduler.Swap{ScheduleID: c.Schedule().ID, Tier: tier, RequesterID: er.ID, Start: s, End: t, State: scheduler.SwapRequested}
			var cands []string
			for _, id := range rotation {
				if id == er.ID || woken[id][n.Date] || !canCover(c, id, tier, s, t) {
					continue
				}
				cands = append(cands, id)
			}
			slices.SortStableFunc(cands, func(a, b string) int { return cmp.Compare(load[a], load[b]) })
			if len(cands) > 0 {
				swap.TargetID = cands[0]
				if err := scheduler.ValidateSwapRequest(c, swap); err != nil {
					return nil, fmt.Errorf("load: a recovery swap the scheduler refuses: %w", err)
				}
			}
			last = swap
			out = append(out, Recovery{EngineerID: er.ID, Night: n, Swap: swap, Candidates: cands,
				Message: recoveryMessage(c, er, n, swap, loc)})
		}
	}
	return out, nil
}

func recoveryMessage(c *scheduler.Compiled, er EngineerReport, n Night, s scheduler.Swap, loc *time.Location) string {
	name := displayName(Engineer{ID: er.ID, Name: er.Name, Email: er.Email})
	night := fmt.Sprintf("%s had %s on the night of %d %s", name, plural(n.Interruptions, "sleep-hour interruption"), n.Date.Day, n.Date.Month)
	a, b := s.Start.In(loc), s.End.In(loc)
	when := fmt.Sprintf("%d %s %02d:%02d–%02d:%02d", a.Day(), a.Month(), a.Hour(), a.Minute(), b.Hour(), b.Minute())
	if s.TargetID == "" {
		return fmt.Sprintf("%s; nobody is free to cover the %s shift on %s.", night, s.Tier, when)
	}
	who := s.TargetID
	if m, ok := c.Member(who); ok && m.Name != "" {
		who = m.Name
	}
	return fmt.Sprintf("%s: %s could cover the %s shift on %s.", night, who, s.Tier, when)
}

// rotationMembers lists, in member order, the participants of primary and
// secondary layers.
func rotationMembers(s scheduler.Schedule) []string {
	in := map[string]bool{}
	for _, l := range s.Layers {
		if l.Tier == scheduler.TierPrimary || l.Tier == scheduler.TierSecondary {
			for _, p := range l.Participants {
				in[p] = true
			}
		}
	}
	var out []string
	for _, m := range s.Members {
		if in[m.ID] {
			out = append(out, m.ID)
		}
	}
	return out
}

// firstBusinessOnCall finds the first stretch within [from, to) in which
// the engineer is on call for primary (or else secondary) during their
// business hours.
func firstBusinessOnCall(c *scheduler.Compiled, id string, loc *time.Location, wh WorkingHours, from, to time.Time) (scheduler.Tier, time.Time, time.Time, bool) {
	biz := businessSpans(wh, loc, from, to)
	var best struct {
		tier scheduler.Tier
		s, e time.Time
		ok   bool
	}
	for _, tier := range []scheduler.Tier{scheduler.TierPrimary, scheduler.TierSecondary} {
		for _, sh := range c.TierShifts(tier, from, to) {
			if sh.EngineerID != id {
				continue
			}
			for _, b := range biz {
				s, e := later(sh.Start, b.Start), earlier(sh.End, b.End)
				if s.Before(e) && (!best.ok || s.Before(best.s)) {
					best.tier, best.s, best.e, best.ok = tier, s, e, true
				}
			}
		}
	}
	return best.tier, best.s, best.e, best.ok
}

// businessSpans returns the working-hours stretches of the wall clock of
// loc that overlap [from, to), clipped to it.
func businessSpans(wh WorkingHours, loc *time.Location, from, to time.Time) []Stretch {
	var out []Stretch
	start := from.In(loc)
	y, m, d := start.Date()
	for k := -1; ; k++ {
		day := time.Date(y, m, d+k, 12, 0, 0, 0, loc)
		if day.AddDate(0, 0, -1).After(to) {
			break
		}
		if !wh.days[day.Weekday()] {
			continue
		}
		dy, dm, dd := day.Date()
		s := time.Date(dy, dm, dd, wh.from/60, wh.from%60, 0, 0, loc)
		endDay := dd
		if wh.to <= wh.from {
			endDay++
		}
		e := time.Date(dy, dm, endDay, wh.to/60, wh.to%60, 0, 0, loc)
		s, e = later(s, from), earlier(e, to)
		if s.Before(e) {
			out = append(out, Stretch{s, e})
		}
	}
	return out
}

// canCover reports whether id may take tier over [s, e): not on call for
// any tier then, and, in a mixed schedule, of a discipline different from
// whoever holds the other of primary and secondary.
func canCover(c *scheduler.Compiled, id string, tier scheduler.Tier, s, e time.Time) bool {
	for _, sh := range c.Shifts(s, e) {
		if sh.EngineerID == id {
			return false
		}
	}
	if c.Schedule().Pairing != scheduler.PairingMixed {
		return true
	}
	other := scheduler.TierSecondary
	if tier == scheduler.TierSecondary {
		other = scheduler.TierPrimary
	}
	m, _ := c.Member(id)
	for _, sh := range c.TierShifts(other, s, e) {
		if sh.Discipline == m.Discipline {
			return false
		}
	}
	return true
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
