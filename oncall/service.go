package oncall

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/scheduler"
)

// Store is the storage the service reads.
type Store interface {
	ScheduleRevisions(ctx context.Context) (map[int64]int64, error)
	Schedule(ctx context.Context, id int64) (rota.Schedule, error)
	Schedules(ctx context.Context, teamID int64) ([]rota.Schedule, error)
	Teams(ctx context.Context) ([]rota.Team, error)
	// TeamEngineers is a team's members as a schedule lists them.
	TeamEngineers(ctx context.Context, teamID int64) ([]scheduler.Engineer, error)
}

// Resolved is a stored schedule with its compiled form.
type Resolved struct {
	rota.Schedule
	Compiled *scheduler.Compiled
	Err      error // why it does not compile, when it does not
}

// Service resolves schedules, caching compiled ones by revision. Which
// revisions are current is asked of the database at most once per MaxStale:
// a change made through another Rota process shows within that time, one
// made through this process at once (Invalidate).
type Service struct {
	store    Store
	now      func() time.Time
	maxStale time.Duration

	mu        sync.Mutex
	cache     map[int64]*Resolved
	revs      map[int64]int64
	teams     []rota.Team
	checkedAt time.Time
	teamsAt   time.Time
}

// MaxStale is how long the service trusts its view of which schedules
// changed.
const MaxStale = time.Second

// New returns a Service reading the wall clock only to age its view.
func New(store Store) *Service {
	return &Service{store: store, now: time.Now, maxStale: MaxStale, cache: map[int64]*Resolved{}}
}

// current returns the schedule revisions and teams, from the database when
// the last look is older than maxStale (or fresh is asked for).
func (s *Service) current(ctx context.Context, fresh bool) (map[int64]int64, error) {
	now := s.now()
	s.mu.Lock()
	if !fresh && s.revs != nil && now.Sub(s.checkedAt) < s.maxStale {
		revs := s.revs
		s.mu.Unlock()
		return revs, nil
	}
	s.mu.Unlock()
	revs, err := s.store.ScheduleRevisions(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.revs, s.checkedAt = revs, now
	s.mu.Unlock()
	return revs, nil
}

// Teams returns the teams, asking the database at most once per MaxStale
// (at once after Invalidate).
func (s *Service) Teams(ctx context.Context) ([]rota.Team, error) {
	now := s.now()
	s.mu.Lock()
	if s.teams != nil && now.Sub(s.teamsAt) < s.maxStale {
		t := s.teams
		s.mu.Unlock()
		return t, nil
	}
	s.mu.Unlock()
	teams, err := s.store.Teams(ctx)
	if err != nil {
		return nil, err
	}
	if teams == nil {
		teams = []rota.Team{}
	}
	s.mu.Lock()
	s.teams, s.teamsAt = teams, now
	s.mu.Unlock()
	return teams, nil
}

func resolve(s rota.Schedule) *Resolved {
	c, err := scheduler.Compile(s.Schedule)
	if err != nil {
		err = fmt.Errorf("schedule %s (%s) does not compile: %w", s.ID, s.Name, err)
	}
	return &Resolved{Schedule: s, Compiled: c, Err: err}
}

// Schedule returns one schedule, compiled.
func (s *Service) Schedule(ctx context.Context, id int64) (*Resolved, error) {
	return s.schedule(ctx, id, false)
}

// FreshSchedule is Schedule with a revision check against the database now,
// for decisions that must not act on a view up to MaxStale old (paging).
func (s *Service) FreshSchedule(ctx context.Context, id int64) (*Resolved, error) {
	f, err := s.Fresh(ctx)
	if err != nil {
		return nil, err
	}
	return f.Schedule(ctx, id)
}

// Fresh is the schedules as of one look at their revisions.
type Fresh struct {
	s    *Service
	revs map[int64]int64
}

// Fresh asks the database which schedule revisions are current now and
// returns a view resolving schedules against them: one query however many
// schedules a decision looks at (an escalation pass over alerts of many
// services).
func (s *Service) Fresh(ctx context.Context) (*Fresh, error) {
	revs, err := s.current(ctx, true)
	if err != nil {
		return nil, err
	}
	return &Fresh{s: s, revs: revs}, nil
}

// Schedule returns one schedule, compiled, at its revision in f.
func (f *Fresh) Schedule(ctx context.Context, id int64) (*Resolved, error) {
	return f.s.at(ctx, id, f.revs)
}

func (s *Service) schedule(ctx context.Context, id int64, fresh bool) (*Resolved, error) {
	revs, err := s.current(ctx, fresh)
	if err != nil {
		return nil, err
	}
	return s.at(ctx, id, revs)
}

// at returns schedule id compiled at its revision in revs.
func (s *Service) at(ctx context.Context, id int64, revs map[int64]int64) (*Resolved, error) {
	rev, ok := revs[id]
	if !ok {
		return nil, rota.Errorf(rota.ENotFound, "schedule not found")
	}
	s.mu.Lock()
	r := s.cache[id]
	s.mu.Unlock()
	if r != nil && r.Revision == rev {
		return r, r.Err
	}
	sched, err := s.store.Schedule(ctx, id)
	if err != nil {
		return nil, err
	}
	r = resolve(sched)
	s.mu.Lock()
	s.cache[id] = r
	s.mu.Unlock()
	return r, r.Err
}

// All returns every schedule, compiled, ordered by team and name. One query
// tells which cached schedules are stale; only those are reloaded.
func (s *Service) All(ctx context.Context) ([]*Resolved, error) {
	revs, err := s.current(ctx, false)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	stale := 0
	for id, rev := range revs {
		if r := s.cache[id]; r == nil || r.Revision != rev {
			stale++
		}
	}
	s.mu.Unlock()
	if stale > 0 {
		// Reloading everything in three queries beats one query per stale
		// schedule as soon as more than a few changed.
		var fresh []rota.Schedule
		if stale > 8 {
			fresh, err = s.store.Schedules(ctx, 0)
			if err != nil {
				return nil, err
			}
		} else {
			for id, rev := range revs {
				s.mu.Lock()
				r := s.cache[id]
				s.mu.Unlock()
				if r != nil && r.Revision == rev {
					continue
				}
				one, err := s.store.Schedule(ctx, id)
				if rota.IsCode(err, rota.ENotFound) {
					continue // deleted meanwhile
				}
				if err != nil {
					return nil, err
				}
				fresh = append(fresh, one)
			}
		}
		s.mu.Lock()
		for _, f := range fresh {
			s.cache[rota.ParseID(f.ID)] = resolve(f)
		}
		s.mu.Unlock()
	}
	s.mu.Lock()
	out := make([]*Resolved, 0, len(revs))
	for id := range s.cache {
		if _, ok := revs[id]; !ok {
			delete(s.cache, id)
			continue
		}
		out = append(out, s.cache[id])
	}
	s.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.TeamID != b.TeamID {
			return rota.ParseID(a.TeamID) < rota.ParseID(b.TeamID)
		}
		return a.Name < b.Name
	})
	return out, nil
}

// Invalidate forgets a cached schedule and the view of revisions, after a
// write through this process, so that the next read sees it.
func (s *Service) Invalidate(id int64) {
	s.mu.Lock()
	delete(s.cache, id)
	s.revs, s.teams = nil, nil
	s.mu.Unlock()
}

// TierOnCall is who is on one tier at an instant.
type TierOnCall struct {
	Tier        scheduler.Tier
	Engineer    scheduler.Engineer
	Shift       scheduler.Shift
	NextHandoff time.Time // zero when none is coming
}

// OnCall returns who is on call per tier of r at at, in tier order.
func OnCall(r *Resolved, at time.Time) []TierOnCall {
	var out []TierOnCall
	for _, a := range r.Compiled.OnCall(at) {
		t := TierOnCall{Tier: a.Tier, Engineer: a.Engineer, Shift: a.Shift}
		if h, ok := r.Compiled.NextHandoff(a.Tier, at); ok {
			t.NextHandoff = h
		}
		out = append(out, t)
	}
	return out
}
