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

// Stretch is a half-open range of time, [Start, End).
type Stretch struct {
	Start, End time.Time
}

// SwapKind says which way a swap goes.
type SwapKind string

// The kinds of swap. Either way the target answers and the requester may
// cancel; what changes is whose shift it is.
const (
	SwapGive SwapKind = "give" // the requester asks the target to take the requester's shift
	SwapTake SwapKind = "take" // the requester asks the target for the target's shift
)

// Swap is a request by RequesterID about a shift on Tier over [Start,
// End): by default (Kind "" or give) to hand the requester's shift to
// TargetID; with Kind take, to take TargetID's shift. Once accepted, it
// becomes overrides putting the taker on call where the giver was.
type Swap struct {
	ID          string
	ScheduleID  string
	Tier        Tier
	Kind        SwapKind
	RequesterID string
	TargetID    string
	Start       time.Time
	End         time.Time
	State       SwapState
	CreatedAt   time.Time
	DecidedAt   time.Time // when it left the requested state
}

// Giver is the engineer whose shift the swap hands over.
func (s Swap) Giver() string {
	if s.Kind == SwapTake {
		return s.TargetID
	}
	return s.RequesterID
}

// Taker is the engineer the swap puts on call.
func (s Swap) Taker() string {
	if s.Kind == SwapTake {
		return s.RequesterID
	}
	return s.TargetID
}

// ValidateSwapRequest checks a new swap request against a compiled
// schedule: the kind is known, both engineers are members of the team,
// they differ, the range is sound, and the giver (the requester, or the
// target of a take) is on call for the tier at some time within [Start,
// End). The giver need not be on call over the whole range: a swap hands
// over only the stretches in which the giver is on call (see
// SwapStretches), so one request can cover a weekly turn that a
// business-hours layer cuts into nights and a weekend. A giver on call at
// no time in the range is an error naming "requester" (or, for a take,
// "target"). Callers accepting a swap should use DecideSwap, which checks
// it again against the current schedule.
func ValidateSwapRequest(c *Compiled, s Swap) error {
	_, err := SwapStretches(c, s)
	return err
}

// SwapStretches returns what the swap s hands over in the schedule c: the
// stretches of s.Tier within [s.Start, s.End) during which the giver is on
// call, each as long as it runs without a break (whether the
// requester holds it through a layer or an override), in time order.
// Stretches in which someone else is on call, or nobody is, stay as they
// are. The error is ValidateSwapRequest's.
func SwapStretches(c *Compiled, s Swap) ([]Stretch, error) {
	ti, ok := tierIndex(s.Tier)
	if !ok {
		return nil, invalid("tier", fmt.Sprintf("unknown tier %q (want primary, secondary or shadow)", s.Tier))
	}
	if s.State != "" && s.State != SwapRequested {
		return nil, invalid("state", "a new swap must be in the requested state")
	}
	if s.Kind != "" && s.Kind != SwapGive && s.Kind != SwapTake {
		return nil, invalid("kind", fmt.Sprintf("unknown kind %q (want give or take)", s.Kind))
	}
	if !c.isMember(s.RequesterID) {
		return nil, invalid("requester", fmt.Sprintf("%q is not a member of the team", s.RequesterID))
	}
	if !c.isMember(s.TargetID) {
		return nil, invalid("target", fmt.Sprintf("%q is not a member of the team", s.TargetID))
	}
	if s.TargetID == s.RequesterID {
		return nil, invalid("target", "a swap is between two engineers: ask someone else")
	}
	if s.Start.IsZero() || s.Start.Before(domainStart) || !s.Start.Before(domainEnd) {
		return nil, invalid("start", "a swap needs a start")
	}
	if s.End.IsZero() || s.End.After(domainEnd) {
		return nil, invalid("end", "a swap needs an end")
	}
	if !s.End.After(s.Start) {
		return nil, invalid("end", "a swap must end after it starts")
	}
	out := c.onCallStretches(ti, c.memberIx[s.Giver()], s.Start, s.End)
	loc := c.zone.loc
	if len(out) == 0 {
		who, field := s.Giver(), "requester"
		if s.Kind == SwapTake {
			field = "target"
		}
		if e, ok := c.Member(who); ok && e.Name != "" {
			who = e.Name
		}
		return nil, invalid(field, fmt.Sprintf("%s is not on call for %s at any time between %s and %s", who, s.Tier,
			s.Start.In(loc).Format(time.RFC3339), s.End.In(loc).Format(time.RFC3339)))
	}
	return out, nil
}

// onCallStretches returns the stretches of tier ti within [from, to) in
// which member eng is on call, each as long as it runs without a break.
func (c *Compiled) onCallStretches(ti int, eng int32, from, to time.Time) []Stretch {
	loc := c.zone.loc
	sc := getScratch()
	defer putScratch(sc)
	var out []Stretch
	var runS, runE int64
	open := false
	for _, p := range c.resolveTier(ti, from.UnixNano(), to.UnixNano(), sc) {
		if p.eng != eng {
			continue
		}
		if open && p.s == runE {
			runE = p.e
			continue
		}
		if open {
			out = append(out, Stretch{time.Unix(0, runS).In(loc), time.Unix(0, runE).In(loc)})
		}
		runS, runE, open = p.s, p.e, true
	}
	if open {
		out = append(out, Stretch{time.Unix(0, runS).In(loc), time.Unix(0, runE).In(loc)})
	}
	return out
}

// Transition applies action by the engineer actorID to a swap at the
// instant at. The target may accept or decline, the requester may cancel,
// and only a requested swap can move. It decides the state only; what an
// acceptance puts on call is DecideSwap's, which needs the schedule.
func Transition(s Swap, action SwapAction, actorID string, at time.Time) (Swap, error) {
	var next SwapState
	switch action {
	case SwapAccept, SwapDecline:
		if actorID != s.TargetID {
			return s, &ForbiddenError{Message: fmt.Sprintf("only %s, whom the swap asks, can %s it", s.TargetID, action)}
		}
		next = SwapAccepted
		if action == SwapDecline {
			next = SwapDeclined
		}
	case SwapCancel:
		if actorID != s.RequesterID {
			return s, &ForbiddenError{Message: fmt.Sprintf("only %s, who asked for the swap, can cancel it", s.RequesterID)}
		}
		next = SwapCancelled
	default:
		return s, invalid("action", fmt.Sprintf("unknown action %q (want accept, decline or cancel)", action))
	}
	if s.State != SwapRequested {
		return s, &ConflictError{Message: fmt.Sprintf("the swap is already %s", s.State)}
	}
	s.State = next
	s.DecidedAt = at
	return s, nil
}

// DecideSwap is the whole decision on a swap: Transition, and when the
// target accepts, the overrides to create. They are computed from the
// schedule as it is now (c), since it may have changed since the swap was
// asked: one override per stretch that SwapStretches finds, putting the
// taker on the swap's tier, created at at, with the IDs "swap-<id>-1",
// "swap-<id>-2" and so on. When the request no longer holds (the giver is
// on call at no time in the range any more, or someone left the team),
// the acceptance is refused as a conflict and nothing changes.
func DecideSwap(c *Compiled, s Swap, action SwapAction, actorID string, at time.Time) (Swap, []Override, error) {
	next, err := Transition(s, action, actorID, at)
	if err != nil || next.State != SwapAccepted {
		return next, nil, err
	}
	stretches, err := SwapStretches(c, s)
	if err != nil {
		msg := err.Error()
		if m, ok := err.(interface{ ErrorMessage() string }); ok {
			msg = m.ErrorMessage()
		}
		return s, nil, &ConflictError{Message: "the schedule changed since the swap was requested: " + msg}
	}
	ovs := make([]Override, len(stretches))
	for i, st := range stretches {
		ovs[i] = Override{ID: fmt.Sprintf("swap-%s-%d", s.ID, i+1), Tier: s.Tier, EngineerID: s.Taker(),
			Start: st.Start, End: st.End, CreatedAt: at}
	}
	return next, ovs, nil
}
