package load

import (
	"fmt"
	"slices"
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

// ReplayBlock is how far ahead a replay plans at a time: each block is
// proposed from the replayed history before it only, as it would have
// been in real time.
const ReplayBlock = 4 * 7 * 24 * time.Hour

// ReplayInput is a past period of pages and the schedule that received
// them.
type ReplayInput struct {
	Team     string
	TimeZone string
	// Schedule is the team's rotation as it was: plain round-robin of its
	// layers, plus any overrides it had.
	Schedule  scheduler.Schedule
	Engineers []Engineer
	// Pages are the period's pages (the import format), in any order.
	Pages      []Page
	From, To   time.Time
	Thresholds Thresholds
}

// ReplayPlan is one way the period could have gone.
type ReplayPlan struct {
	Report *Report
	// Gaps are the plan's coverage gaps in the period.
	Gaps []scheduler.Gap
	// PairingViolations and DoubleBooked sum the time the plan breaks mixed
	// pairing and has one engineer on primary and secondary at once.
	PairingViolations time.Duration
	DoubleBooked      time.Duration
}

// ReplayResult compares the round-robin plan with Rota's proposals.
type ReplayResult struct {
	RoundRobin ReplayPlan
	Proposed   ReplayPlan
	// Overrides are the proposals' overrides over the whole period.
	Overrides []scheduler.Override
	Swaps     []ProposedSwap
	Orders    []LayerOrder
}

// Replay replays a period's pages against the schedule as it was and
// against Rota's proposals. A page goes, in each plan, to whoever holds
// the tier its engineer held at that instant in the schedule as it was
// (primary before secondary before shadow); a page to someone who was not
// on call goes to them in both. The proposals are made block by block
// (ReplayBlock), each from the pages replayed before it under the plan
// proposed so far, so no block is planned with knowledge of its own
// pages.
func Replay(in ReplayInput) (*ReplayResult, error) {
	if !in.To.After(in.From) {
		return nil, invalid("to", "the period must end after it starts")
	}
	orig, err := scheduler.Compile(in.Schedule)
	if err != nil {
		return nil, err
	}
	pages := slices.Clone(in.Pages)
	slices.SortStableFunc(pages, func(a, b Page) int { return a.At.Compare(b.At) })
	tiers := make([]scheduler.Tier, len(pages))
	for i, p := range pages {
		for _, t := range scheduler.AllTiers {
			if sh, ok := orig.OnCallTier(t, p.At); ok && sh.EngineerID == p.EngineerID {
				tiers[i] = t
				break
			}
		}
	}
	report := func(c *scheduler.Compiled, to time.Time) (*Report, error) {
		a, err := NewAccumulator(Input{Team: in.Team, From: in.From, To: to, TimeZone: in.TimeZone, Engineers: in.Engineers,
			Shifts: c.Shifts(in.From, to), Holidays: in.Schedule.Holidays, Thresholds: in.Thresholds})
		if err != nil {
			return nil, err
		}
		for i, p := range pages {
			if !p.At.Before(to) {
				break
			}
			if tiers[i] != "" {
				if sh, ok := c.OnCallTier(tiers[i], p.At); ok {
					p.EngineerID = sh.EngineerID
				}
			}
			if err := a.Add(p); err != nil {
				return nil, fmt.Errorf("page %d: %w", i, err)
			}
		}
		return a.Report(), nil
	}

	res := &ReplayResult{}
	cur := in.Schedule
	var history *Report
	for start := in.From; start.Before(in.To); start = start.Add(ReplayBlock) {
		end := earlier(start.Add(ReplayBlock), in.To)
		p, err := Propose(ProposalInput{Schedule: cur, Engineers: in.Engineers, History: history, From: start, To: end, At: start, Thresholds: in.Thresholds})
		if err != nil {
			return nil, err
		}
		for i := range p.Overrides {
			p.Overrides[i].ID = fmt.Sprintf("replay-%d", len(res.Overrides)+i+1)
		}
		res.Overrides = append(res.Overrides, p.Overrides...)
		res.Swaps = append(res.Swaps, p.Swaps...)
		res.Orders = append(res.Orders, p.Orders...)
		cur = p.Apply(cur)
		c, err := scheduler.Compile(cur)
		if err != nil {
			return nil, err
		}
		if history, err = report(c, end); err != nil {
			return nil, err
		}
	}
	proposed, err := scheduler.Compile(cur)
	if err != nil {
		return nil, err
	}
	for _, x := range []struct {
		c    *scheduler.Compiled
		plan *ReplayPlan
	}{{orig, &res.RoundRobin}, {proposed, &res.Proposed}} {
		r, err := report(x.c, in.To)
		if err != nil {
			return nil, err
		}
		x.plan.Report = r
		x.plan.Gaps = x.c.Gaps(in.From, in.To)
		for _, v := range x.c.PairingViolations(in.From, in.To) {
			x.plan.PairingViolations += v.End.Sub(v.Start)
		}
		sec := x.c.TierShifts(scheduler.TierSecondary, in.From, in.To)
		for _, a := range x.c.TierShifts(scheduler.TierPrimary, in.From, in.To) {
			for _, b := range sec {
				if a.EngineerID == b.EngineerID {
					if s, e := later(a.Start, b.Start), earlier(a.End, b.End); s.Before(e) {
						x.plan.DoubleBooked += e.Sub(s)
					}
				}
			}
		}
	}
	return res, nil
}
