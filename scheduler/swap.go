package scheduler

import (
	"fmt"
	"time"
)

// SwapState is where a swap request stands.
type SwapState string

// The states of a swap. A swap starts requested and ends in one of the
// other three, which are final.
const (
	SwapRequested SwapState = "requested"
	SwapAccepted  SwapState = "accepted"
	SwapDeclined  SwapState = "declined"
	SwapCancelled SwapState = "cancelled"
)

// SwapAction is what an engineer does to a requested swap.
type SwapAction string

// The actions on a swap: the target accepts or declines, the requester
// cancels.
const (
	SwapAccept  SwapAction = "accept"
	SwapDecline SwapAction = "decline"
	SwapCancel  SwapAction = "cancel"
)

// Swap is a request by RequesterID to hand their shift on Tier over
// [Start, End) to TargetID. Once accepted, it becomes an override.
type Swap struct {
	ID          string
	ScheduleID  string
	Tier        Tier
	RequesterID string
	TargetID    string
	Start       time.Time
	End         time.Time
	State       SwapState
	CreatedAt   time.Time
	DecidedAt   time.Time // when it left the requested state
}

// ValidateSwapRequest checks a new swap request against a compiled
// schedule: both engineers are members of the team, they differ, and the
// requester is the one on call for the tier over the whole of [Start, End).
// Asking to swap someone else's shift is an error naming "requester" (not
// on call at any point in the range), "start" (not on call when the range
// starts) or "end" (no longer on call before the range ends). Callers
// accepting a swap should validate it again against the current schedule.
func ValidateSwapRequest(c *Compiled, s Swap) error {
	ti, ok := tierIndex(s.Tier)
	if !ok {
		return invalid("tier", fmt.Sprintf("unknown tier %q (want primary, secondary or shadow)", s.Tier))
	}
	if s.State != "" && s.State != SwapRequested {
		return invalid("state", "a new swap must be in the requested state")
	}
	if _, ok := c.memberIx[s.RequesterID]; !ok {
		return invalid("requester", fmt.Sprintf("%q is not a member of the team", s.RequesterID))
	}
	if _, ok := c.memberIx[s.TargetID]; !ok {
		return invalid("target", fmt.Sprintf("%q is not a member of the team", s.TargetID))
	}
	if s.TargetID == s.RequesterID {
		return invalid("target", "a swap hands a shift to someone else")
	}
	if s.Start.IsZero() || s.Start.Before(domainStart) || !s.Start.Before(domainEnd) {
		return invalid("start", "a swap needs a start")
	}
	if s.End.IsZero() || s.End.After(domainEnd) {
		return invalid("end", "a swap needs an end")
	}
	if !s.End.After(s.Start) {
		return invalid("end", "a swap must end after it starts")
	}
	req := c.memberIx[s.RequesterID]
	who := s.RequesterID
	if e, ok := c.Member(s.RequesterID); ok && e.Name != "" {
		who = e.Name
	}
	sc := getScratch()
	defer putScratch(sc)
	f, t := s.Start.UnixNano(), s.End.UnixNano()
	pos := f
	seen := false
	bad := int64(-1) // the first instant the requester is not on call
	for _, p := range c.resolveTier(ti, f, t, sc) {
		if p.s > pos && bad < 0 {
			bad = pos
		}
		if p.eng == req {
			seen = true
		} else if bad < 0 {
			bad = p.s
		}
		pos = p.e
	}
	if bad < 0 && pos < t {
		bad = pos
	}
	if bad < 0 {
		return nil
	}
	loc := c.zone.loc
	switch {
	case !seen:
		return invalid("requester", fmt.Sprintf("%s is not on call for %s at any time between %s and %s", who, s.Tier,
			s.Start.In(loc).Format(time.RFC3339), s.End.In(loc).Format(time.RFC3339)))
	case bad == f:
		return invalid("start", fmt.Sprintf("%s is not on call for %s at %s", who, s.Tier, s.Start.In(loc).Format(time.RFC3339)))
	default:
		return invalid("end", fmt.Sprintf("%s is not on call for %s from %s, before the swap ends", who, s.Tier,
			time.Unix(0, bad).In(loc).Format(time.RFC3339)))
	}
}

// Transition applies action by the engineer actorID to a swap at the
// instant at. The target may accept or decline, the requester may cancel,
// and only a requested swap can move. Accepting returns the override to
// create: the target on the swap's tier over its range, created at at, with
// the ID "swap-" followed by the swap's ID.
func Transition(s Swap, action SwapAction, actorID string, at time.Time) (Swap, *Override, error) {
	var next SwapState
	switch action {
	case SwapAccept, SwapDecline:
		if actorID != s.TargetID {
			return s, nil, &ForbiddenError{Message: fmt.Sprintf("only %s, whom the swap asks, can %s it", s.TargetID, action)}
		}
		next = SwapAccepted
		if action == SwapDecline {
			next = SwapDeclined
		}
	case SwapCancel:
		if actorID != s.RequesterID {
			return s, nil, &ForbiddenError{Message: fmt.Sprintf("only %s, who asked for the swap, can cancel it", s.RequesterID)}
		}
		next = SwapCancelled
	default:
		return s, nil, invalid("action", fmt.Sprintf("unknown action %q (want accept, decline or cancel)", action))
	}
	if s.State != SwapRequested {
		return s, nil, &ConflictError{Message: fmt.Sprintf("the swap is already %s", s.State)}
	}
	s.State = next
	s.DecidedAt = at
	if next != SwapAccepted {
		return s, nil, nil
	}
	return s, &Override{
		ID:         "swap-" + s.ID,
		Tier:       s.Tier,
		EngineerID: s.TargetID,
		Start:      s.Start,
		End:        s.End,
		CreatedAt:  at,
	}, nil
}

// DecideSwap is the whole decision on a swap: Transition, and when the
// target accepts, the request checked again against the schedule as it is
// now (c), since it may have changed since it was asked; then the swap is
// refused as a conflict and nothing changes.
func DecideSwap(c *Compiled, s Swap, action SwapAction, actorID string, at time.Time) (Swap, *Override, error) {
	next, ov, err := Transition(s, action, actorID, at)
	if err != nil || ov == nil {
		return next, ov, err
	}
	if err := ValidateSwapRequest(c, s); err != nil {
		msg := err.Error()
		if m, ok := err.(interface{ ErrorMessage() string }); ok {
			msg = m.ErrorMessage()
		}
		return s, nil, &ConflictError{Message: "the schedule changed since the swap was requested: " + msg}
	}
	return next, ov, nil
}
