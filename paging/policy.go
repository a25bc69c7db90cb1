package paging

import (
	"fmt"
	"strings"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/scheduler"
)

// Limits on policies.
const (
	MaxSteps   = 20
	MaxRepeat  = 9
	MaxAfter   = 24 * time.Hour
	MinRepeat  = time.Minute
	defRepeatA = 30 * time.Minute
)

// Validate checks a policy's shape (targets' existence is the store's
// business), naming the first field at fault.
func (p *Policy) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		return rota.Invalid("name", "name is required")
	}
	if p.Repeat < 0 || p.Repeat > MaxRepeat {
		return rota.Invalid("repeat", "repeat must be 0 to %d", MaxRepeat)
	}
	if p.RepeatAfter == 0 {
		p.RepeatAfter = defRepeatA
	}
	if p.RepeatAfter < MinRepeat || p.RepeatAfter > MaxAfter {
		return rota.Invalid("repeat_after", "repeat_after must be between 1m and 24h")
	}
	if len(p.Steps) == 0 {
		return rota.Invalid("steps", "a policy needs at least one step")
	}
	if len(p.Steps) > MaxSteps {
		return rota.Invalid("steps", "a policy has at most %d steps", MaxSteps)
	}
	var prev time.Duration
	for i, s := range p.Steps {
		f := fmt.Sprintf("steps[%d]", i)
		if s.After < 0 || s.After > MaxAfter {
			return rota.Invalid(f+".after", "after must be between 0m and 24h")
		}
		if i == 0 && s.After != 0 {
			return rota.Invalid(f+".after", "the first step fires at once (after: 0m)")
		}
		if i > 0 && s.After <= prev {
			return rota.Invalid(f+".after", "steps must come later than the step before (%s)", prev)
		}
		prev = s.After
		if len(s.Targets) == 0 {
			return rota.Invalid(f+".targets", "a step needs at least one target")
		}
		nonShadow := false
		for j, t := range s.Targets {
			tf := fmt.Sprintf("%s.targets[%d]", f, j)
			switch {
			case t.UserID != 0 && t.ScheduleID != 0:
				return rota.Invalid(tf, "a target is a schedule tier or a user, not both")
			case t.UserID == 0 && t.ScheduleID == 0:
				return rota.Invalid(tf, "a target names a schedule and tier, or a user")
			case t.ScheduleID != 0:
				switch t.Tier {
				case scheduler.TierPrimary, scheduler.TierSecondary:
					nonShadow = true
				case scheduler.TierShadow:
					return rota.Invalid(tf+".tier", "the shadow tier is never a target: shadows get copies of primary pages")
				default:
					return rota.Invalid(tf+".tier", "tier must be primary or secondary, not %q", t.Tier)
				}
			default:
				nonShadow = true
			}
		}
		if !nonShadow {
			return rota.Invalid(f+".targets", "a step needs a target that is not a shadow")
		}
	}
	return nil
}

// NextAfter returns the step and pass that follow (step, loop) of p, and how
// long after the firing of (step, loop) they are due. ok is false when
// escalation is over. Low-urgency alerts fire only the first step.
func (p *Policy) NextAfter(step, loop int, urgency Urgency) (nextStep, nextLoop int, wait time.Duration, ok bool) {
	if urgency == Low {
		return 0, 0, 0, false
	}
	if step+1 < len(p.Steps) {
		return step + 1, loop, p.Steps[step+1].After - p.Steps[step].After, true
	}
	if loop < p.Repeat {
		return 0, loop + 1, p.RepeatAfter, true
	}
	return 0, 0, 0, false
}

// CheckMembers applies the rule every door shares (the API, rota apply):
// a team's configuration pages the team's own people. A user target must
// be a member of the policy's team, as a schedule's participants must be;
// to reach another team, target that team's schedule, which it staffs.
// isMember reports membership in the policy's team.
func (p Policy) CheckMembers(isMember func(userID int64) bool) error {
	for i, s := range p.Steps {
		for j, t := range s.Targets {
			if t.UserID != 0 && !isMember(t.UserID) {
				return rota.Invalid(fmt.Sprintf("steps[%d].targets[%d].user_id", i, j), "%s", NotMemberMessage(fmt.Sprintf("user %d", t.UserID)))
			}
		}
	}
	return nil
}

// NotMemberMessage is the one wording of that rule, for who (an email or
// a user id).
func NotMemberMessage(who string) string {
	return who + " is not a member of the policy's team: a policy pages its own team's people (to reach another team, target its schedule)"
}
