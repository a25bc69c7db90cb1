package pagerduty

import (
	"context"
	"time"

	pd "github.com/PagerDuty/go-pagerduty"
)

// DefaultHorizon is how far ahead an import renders PagerDuty's final
// schedules to check itself against them: four weeks.
const DefaultHorizon = 28 * 24 * time.Hour

// overrideHorizon is how far ahead an import reads overrides.
const overrideHorizon = 366 * 24 * time.Hour

// Snapshot is what an import reads from PagerDuty at one instant:
// everything Convert needs, and each schedule's final schedule rendered
// over [At, Until) for the faithfulness check.
type Snapshot struct {
	At, Until time.Time
	Users     []pd.User
	Teams     []pd.Team
	Members   map[string][]pd.Member // by team id
	// Schedules hold their layers (most recent first, as PagerDuty lists
	// them) and FinalSchedule over [At, Until).
	Schedules []pd.Schedule
	Overrides map[string][]pd.Override // by schedule id: those ending after At
	Policies  []pd.EscalationPolicy
	Services  []pd.Service
}

// ReadOverrides reports whether the snapshot read PagerDuty's overrides
// over [start, end): an override there that PagerDuty did not list is not
// PagerDuty's any more.
func (s *Snapshot) ReadOverrides(start, end time.Time) bool {
	return end.After(s.At) && start.Before(s.At.Add(overrideHorizon))
}

// Progress is reported while Fetch runs: Step names what is being read,
// Done of Total (Total is 0 while unknown).
type Progress struct {
	Step        string
	Done, Total int
}

// Fetch reads the organisation. at is the instant the import is made for
// (the caller's clock); horizon defaults to DefaultHorizon. progress may
// be nil.
func (c *Client) Fetch(ctx context.Context, at time.Time, horizon time.Duration, progress func(Progress)) (*Snapshot, error) {
	if horizon <= 0 {
		horizon = DefaultHorizon
	}
	if progress == nil {
		progress = func(Progress) {}
	}
	s := &Snapshot{At: at, Until: at.Add(horizon), Members: map[string][]pd.Member{}, Overrides: map[string][]pd.Override{}}
	var err error
	progress(Progress{Step: "users"})
	if s.Users, err = c.Users(ctx); err != nil {
		return nil, err
	}
	progress(Progress{Step: "teams"})
	if s.Teams, err = c.Teams(ctx); err != nil {
		return nil, err
	}
	for i, t := range s.Teams {
		progress(Progress{Step: "team members", Done: i, Total: len(s.Teams)})
		if s.Members[t.ID], err = c.TeamMembers(ctx, t.ID); err != nil {
			return nil, err
		}
	}
	progress(Progress{Step: "schedules"})
	list, err := c.Schedules(ctx)
	if err != nil {
		return nil, err
	}
	for i, sc := range list {
		progress(Progress{Step: "schedules", Done: i, Total: len(list)})
		full, err := c.Schedule(ctx, sc.ID, s.At, s.Until)
		if err != nil {
			return nil, err
		}
		s.Schedules = append(s.Schedules, *full)
		if s.Overrides[sc.ID], err = c.Overrides(ctx, sc.ID, s.At, s.At.Add(overrideHorizon)); err != nil {
			return nil, err
		}
	}
	progress(Progress{Step: "escalation policies"})
	if s.Policies, err = c.EscalationPolicies(ctx); err != nil {
		return nil, err
	}
	progress(Progress{Step: "services"})
	if s.Services, err = c.Services(ctx); err != nil {
		return nil, err
	}
	progress(Progress{Step: "done", Done: 1, Total: 1})
	return s, nil
}
