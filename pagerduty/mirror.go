package pagerduty

import (
	"context"
	"fmt"
	"time"

	pd "github.com/PagerDuty/go-pagerduty"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/scheduler"
)

// MirrorInput is what one mirror run plans from: Rota's on-call for the
// tier being mirrored over [From, To), and PagerDuty's overrides on the
// schedule that follows it.
type MirrorInput struct {
	From, To time.Time
	// Shifts are Rota's shifts of the mirrored tier (TierShifts over
	// [From, To); shifts reaching outside are clipped).
	Shifts []scheduler.Shift
	// UserID maps a Rota engineer id to their PagerDuty user id; false
	// for an engineer PagerDuty does not know.
	UserID func(engineerID string) (string, bool)
	// Existing are the PagerDuty schedule's overrides overlapping
	// [From, To).
	Existing []pd.Override
}

// OverrideWrite is an override to create.
type OverrideWrite struct {
	Start, End time.Time
	UserID     string
}

// MirrorPlan is what a mirror run writes: the fewest overrides that make
// PagerDuty's final schedule over the window follow Rota. Overrides that
// already agree with Rota are kept, so a second run writes nothing.
type MirrorPlan struct {
	Create []OverrideWrite
	// Delete are existing overrides that disagree with Rota somewhere in
	// the window (PagerDuty ends one in progress rather than removing it).
	Delete []pd.Override
	Kept   int
	// Unmapped are Rota's shifts whose engineer has no PagerDuty user:
	// PagerDuty's layers decide there.
	Unmapped []scheduler.Shift
	// Gaps are stretches where nobody is on call in Rota: an override
	// cannot say "nobody", so PagerDuty's layers decide there too.
	Gaps []scheduler.Gap
}

// Empty reports whether the plan writes nothing.
func (p MirrorPlan) Empty() bool { return len(p.Create) == 0 && len(p.Delete) == 0 }

type span struct {
	s, e time.Time
	user string // PagerDuty user id; "" for nobody
}

// PlanMirror plans a mirror run. It is pure: the instants are the input's.
func PlanMirror(in MirrorInput) (MirrorPlan, error) {
	var plan MirrorPlan
	if !in.To.After(in.From) {
		return plan, rota.Invalid("to", "the window must end after it starts")
	}
	clip := func(s, e time.Time) (time.Time, time.Time, bool) {
		if s.Before(in.From) {
			s = in.From
		}
		if e.After(in.To) {
			e = in.To
		}
		return s, e, e.After(s)
	}
	// What PagerDuty should show: Rota's on-call, joined per person.
	var want []span
	cursor := in.From
	for _, sh := range in.Shifts {
		s, e, ok := clip(sh.Start, sh.End)
		if !ok {
			continue
		}
		if s.After(cursor) {
			plan.Gaps = append(plan.Gaps, scheduler.Gap{Tier: sh.Tier, Start: cursor, End: s})
		}
		if e.After(cursor) {
			cursor = e
		}
		id, known := in.UserID(sh.EngineerID)
		if !known {
			c := sh
			c.Start, c.End = s, e
			plan.Unmapped = append(plan.Unmapped, c)
			continue
		}
		if n := len(want); n > 0 && want[n-1].user == id && want[n-1].e.Equal(s) {
			want[n-1].e = e
			continue
		}
		want = append(want, span{s, e, id})
	}
	if in.To.After(cursor) {
		tier := scheduler.TierPrimary
		if len(in.Shifts) > 0 {
			tier = in.Shifts[0].Tier
		}
		plan.Gaps = append(plan.Gaps, scheduler.Gap{Tier: tier, Start: cursor, End: in.To})
	}
	// agrees reports whether want has user throughout [s, e).
	agrees := func(s, e time.Time, user string) bool {
		at := s
		for _, w := range want {
			if !w.e.After(at) || !w.s.Before(e) {
				continue
			}
			if w.s.After(at) || w.user != user {
				return false
			}
			at = w.e
			if !at.Before(e) {
				return true
			}
		}
		return !at.Before(e)
	}
	var covered []span
	for _, o := range in.Existing {
		start, err1 := time.Parse(time.RFC3339, o.Start)
		end, err2 := time.Parse(time.RFC3339, o.End)
		if err1 != nil || err2 != nil {
			return plan, fmt.Errorf("pagerduty: override %s: start %q or end %q is not RFC 3339", o.ID, o.Start, o.End)
		}
		s, e, ok := clip(start, end)
		if !ok {
			continue
		}
		if agrees(s, e, o.User.ID) {
			plan.Kept++
			covered = append(covered, span{s, e, o.User.ID})
		} else {
			plan.Delete = append(plan.Delete, o)
		}
	}
	// Create what the kept overrides do not cover.
	for _, w := range want {
		pieces := []span{w}
		for _, c := range covered {
			var next []span
			for _, p := range pieces {
				if !c.s.Before(p.e) || !c.e.After(p.s) {
					next = append(next, p)
					continue
				}
				if c.s.After(p.s) {
					next = append(next, span{p.s, c.s, p.user})
				}
				if c.e.Before(p.e) {
					next = append(next, span{c.e, p.e, p.user})
				}
			}
			pieces = next
		}
		for _, p := range pieces {
			plan.Create = append(plan.Create, OverrideWrite{Start: p.s, End: p.e, UserID: p.user})
		}
	}
	return plan, nil
}

// ApplyMirror carries out a plan on a PagerDuty schedule: deletions
// first, so that no created override is hidden by an old one.
func (c *Client) ApplyMirror(ctx context.Context, scheduleID string, plan MirrorPlan) error {
	for _, o := range plan.Delete {
		if err := c.DeleteOverride(ctx, scheduleID, o.ID); err != nil {
			return err
		}
	}
	for _, w := range plan.Create {
		if _, err := c.CreateOverride(ctx, scheduleID, w.UserID, w.Start, w.End); err != nil {
			return err
		}
	}
	return nil
}

// Mirror makes a PagerDuty schedule follow Rota over [in.From, in.To):
// it reads the schedule's overrides, plans and applies. in.Existing is
// ignored. It returns the plan it carried out.
func (c *Client) Mirror(ctx context.Context, scheduleID string, in MirrorInput) (MirrorPlan, error) {
	existing, err := c.Overrides(ctx, scheduleID, in.From, in.To)
	if err != nil {
		return MirrorPlan{}, err
	}
	in.Existing = existing
	plan, err := PlanMirror(in)
	if err != nil {
		return plan, err
	}
	return plan, c.ApplyMirror(ctx, scheduleID, plan)
}

// UserIDsByEmail maps normalised emails to PagerDuty user ids, for
// MirrorInput.UserID.
func UserIDsByEmail(users []pd.User) map[string]string {
	out := map[string]string{}
	for _, u := range users {
		if e := rota.NormalizeEmail(u.Email); e != "" {
			out[e] = u.ID
		}
	}
	return out
}
