package oncall

import (
	"context"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/scheduler"
)

// TimelineDays is how far the timeline view looks ahead unless asked
// otherwise, and MaxTimelineDays how far it may.
const (
	TimelineDays    = 14
	MaxTimelineDays = 62
)

// Timeline is a schedule drawn the way its timeline view shows it: each
// layer's own row, then the final schedule per tier (overrides applied),
// the overrides and gaps in the range, and what is worth warning the
// editor about.
type Timeline struct {
	*Resolved
	From, To  time.Time
	Layers    []scheduler.LayerRow
	Final     []scheduler.Shift
	Overrides []scheduler.Override
	Gaps      []scheduler.Gap
	Warnings  []scheduler.Warning
}

// BuildTimeline draws r over [from, from+days). used names, per tier, the
// policies that page it (paging.Config.TiersUsed); warnings look at the
// same range, with from as "now" for a layer that started in the past.
func BuildTimeline(r *Resolved, from time.Time, days int, used map[scheduler.Tier][]string) Timeline {
	to := from.AddDate(0, 0, days)
	c := r.Compiled
	t := Timeline{Resolved: r, From: from, To: to, Layers: c.LayerRows(from, to), Final: c.Shifts(from, to),
		Gaps: c.Gaps(from, to), Warnings: c.Warnings(from, to.Sub(from), used)}
	for _, o := range c.Schedule().Overrides {
		if o.Start.Before(to) && o.End.After(from) {
			t.Overrides = append(t.Overrides, o)
		}
	}
	return t
}

// Timeline draws stored schedule id (see BuildTimeline).
func (s *Service) Timeline(ctx context.Context, id int64, from time.Time, days int, used map[scheduler.Tier][]string) (Timeline, error) {
	if err := checkDays(days); err != nil {
		return Timeline{}, err
	}
	r, err := s.Schedule(ctx, id)
	if err != nil {
		return Timeline{}, err
	}
	return BuildTimeline(r, from, days, used), nil
}

// Preview draws a schedule being edited, before it is saved: sched with
// its team's members, and, when it is an edit of a stored schedule
// (sched.ID set), that schedule's overrides. A definition that does not
// compile is the same error, naming the same field, as saving it would be;
// nothing is written either way.
func (s *Service) Preview(ctx context.Context, sched rota.Schedule, from time.Time, days int, used map[scheduler.Tier][]string) (Timeline, error) {
	if err := checkDays(days); err != nil {
		return Timeline{}, err
	}
	if sched.ID != "" {
		cur, err := s.Schedule(ctx, rota.ParseID(sched.ID))
		if err != nil && cur == nil {
			return Timeline{}, err
		}
		sched.TeamID, sched.Overrides, sched.Former = cur.TeamID, cur.Overrides, cur.Former
	}
	members, err := s.store.TeamEngineers(ctx, rota.ParseID(sched.TeamID))
	if err != nil {
		return Timeline{}, err
	}
	sched.Members = members
	c, err := scheduler.Compile(sched.Schedule)
	if err != nil {
		return Timeline{}, err
	}
	return BuildTimeline(&Resolved{Schedule: sched, Compiled: c}, from, days, used), nil
}

func checkDays(days int) error {
	if days < 1 || days > MaxTimelineDays {
		return rota.Invalid("days", "days must be between 1 and %d", MaxTimelineDays)
	}
	return nil
}
