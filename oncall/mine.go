package oncall

import (
	"sort"
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

// Stint is a stretch during which one engineer holds one tier of one
// schedule without a break: back-to-back shifts joined, whatever layer or
// override each came from.
type Stint struct {
	ScheduleID   string
	ScheduleName string
	TeamID       string
	Tier         scheduler.Tier
	Start        time.Time
	End          time.Time
	// OpenEnded: the stint runs past the horizon looked at, so End is only
	// where looking stopped (a one-person rotation never hands off).
	OpenEnded bool
}

// Mine is one engineer's on-call as seen at an instant.
type Mine struct {
	// Current are the tiers they hold at the instant, each until they stop
	// holding it, in schedule then tier order.
	Current []Stint
	// Next is the first stint that starts after the instant, if any starts
	// within the horizon.
	Next *Stint
}

// MineLookback is how far back Mine looks for the start of a current stint.
const MineLookback = 14 * 24 * time.Hour

// MyOnCall answers "am I on call, until when, and when next" for the
// engineer across every schedule, looking horizon ahead of at. A stint
// still running at the horizon ends there.
func MyOnCall(all []*Resolved, engineerID string, at time.Time, horizon time.Duration) Mine {
	events := EngineerEvents(all, engineerID, at.Add(-MineLookback), at.Add(horizon))
	type key struct {
		schedule string
		tier     scheduler.Tier
	}
	byKey := map[key][]Stint{}
	var order []key
	for _, e := range events {
		k := key{e.ScheduleID, e.Shift.Tier}
		list, seen := byKey[k]
		if !seen {
			order = append(order, k)
		}
		if n := len(list); n > 0 && !e.Shift.Start.After(list[n-1].End) {
			if e.Shift.End.After(list[n-1].End) {
				list[n-1].End = e.Shift.End
			}
			byKey[k] = list
			continue
		}
		byKey[k] = append(list, Stint{ScheduleID: e.ScheduleID, ScheduleName: e.ScheduleName, TeamID: teamOf(all, e.ScheduleID),
			Tier: e.Shift.Tier, Start: e.Shift.Start, End: e.Shift.End})
	}
	var m Mine
	until := at.Add(horizon)
	for _, k := range order {
		for _, s := range byKey[k] {
			s.OpenEnded = !s.End.Before(until)
			switch {
			case !s.Start.After(at) && s.End.After(at):
				m.Current = append(m.Current, s)
			case s.Start.After(at) && (m.Next == nil || s.Start.Before(m.Next.Start)):
				next := s
				m.Next = &next
			}
		}
	}
	sort.SliceStable(m.Current, func(i, j int) bool {
		a, b := m.Current[i], m.Current[j]
		if a.ScheduleName != b.ScheduleName {
			return a.ScheduleName < b.ScheduleName
		}
		return tierRank(a.Tier) < tierRank(b.Tier)
	})
	return m
}

func teamOf(all []*Resolved, scheduleID string) string {
	for _, r := range all {
		if r.ID == scheduleID {
			return r.TeamID
		}
	}
	return ""
}

func tierRank(t scheduler.Tier) int {
	for i, x := range scheduler.AllTiers {
		if x == t {
			return i
		}
	}
	return len(scheduler.AllTiers)
}
