package load

import (
	"fmt"
	"slices"
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

// Stage is where an engineer is on the path to full on-call: shadow
// shifts first, business-hours shifts next, the full rotation last.
type Stage string

// The stages.
const (
	StageShadow        Stage = "shadow"
	StageBusinessHours Stage = "business_hours"
	StageFull          Stage = "full"
)

// Learner is one engineer's progress towards the full rotation.
type Learner struct {
	EngineerID string
	Stage      Stage
	// ShadowShifts and BusinessHoursShifts are the shifts completed in the
	// range asked for: shadow turns and overrides (as the scheduler counts
	// them), and business-hours turns (shifts of a primary or secondary
	// layer with coverage windows) that ended in it.
	ShadowShifts        int
	BusinessHoursShifts int
	// ShadowPages and ShadowAcknowledged come from the report, when given:
	// the copies the learner received and the shadowed alerts that the
	// primary (or anyone) acknowledged.
	ShadowPages        int
	ShadowAcknowledged int
	// Next is the following stage; Remaining the shifts still needed for
	// it, 0 when Ready.
	Next      Stage
	Remaining int
	Ready     bool
	// Layers are the IDs of the layers the learner can be promoted into:
	// primary and secondary layers with coverage windows for the
	// business-hours stage, those covering always for the full rotation.
	Layers  []string
	Message string
}

// LearnerProgress reports every member of the schedule who is not yet in
// the full rotation (not a participant of a primary or secondary layer
// that covers always) but shadows or takes business-hours shifts, in
// member order. Shifts are counted within [from, to), usually since the
// learner joined; r, when not nil, adds the shadow pages of its period.
// Thresholds say how many shifts make a learner ready (zero fields take
// the defaults).
func LearnerProgress(c *scheduler.Compiled, from, to time.Time, r *Report, th Thresholds) ([]Learner, error) {
	if err := th.Validate(); err != nil {
		return nil, err
	}
	th = th.WithDefaults()
	s := c.Schedule()
	full, business, shadow := map[string]bool{}, map[string]bool{}, map[string]bool{}
	var bizLayers, fullLayers []string
	windowed := map[string]bool{}
	for _, l := range s.Layers {
		switch {
		case l.Tier == scheduler.TierShadow:
			for _, p := range l.Participants {
				shadow[p] = true
			}
		case len(l.Coverage) == 0:
			fullLayers = append(fullLayers, l.ID)
			for _, p := range l.Participants {
				full[p] = true
			}
		default:
			bizLayers = append(bizLayers, l.ID)
			windowed[l.ID] = true
			for _, p := range l.Participants {
				business[p] = true
			}
		}
	}
	shadowDone := c.ShadowCompleted(from, to)
	bizDone := map[string]int{}
	for _, tier := range []scheduler.Tier{scheduler.TierPrimary, scheduler.TierSecondary} {
		for _, sh := range c.TierShifts(tier, from, to) {
			if sh.Source.Kind == scheduler.SourceLayer && windowed[sh.Source.ID] && sh.End.Before(to) {
				bizDone[sh.EngineerID]++
			}
		}
	}
	var out []Learner
	for _, m := range s.Members {
		if full[m.ID] {
			continue
		}
		l := Learner{EngineerID: m.ID, ShadowShifts: shadowDone[m.ID], BusinessHoursShifts: bizDone[m.ID]}
		switch {
		case business[m.ID]:
			l.Stage, l.Next = StageBusinessHours, StageFull
			l.Remaining = max(th.BusinessHoursShifts-l.BusinessHoursShifts, 0)
			l.Layers = slices.Clone(fullLayers)
		case shadow[m.ID] || l.ShadowShifts > 0:
			l.Stage, l.Next = StageShadow, StageBusinessHours
			l.Remaining = max(th.ShadowShifts-l.ShadowShifts, 0)
			l.Layers = slices.Clone(bizLayers)
		default:
			continue
		}
		l.Ready = l.Remaining == 0
		if r != nil {
			if er, ok := r.Engineer(m.ID); ok {
				l.ShadowPages, l.ShadowAcknowledged = er.Shadow.Pages, er.Shadow.Acknowledged
			}
		}
		l.Message = learnerMessage(m, l, th)
		out = append(out, l)
	}
	return out, nil
}

func learnerMessage(m scheduler.Engineer, l Learner, th Thresholds) string {
	name := m.Name
	if name == "" {
		name = m.ID
	}
	done, need, kind, next := l.ShadowShifts, th.ShadowShifts, "shadow", "business-hours shifts"
	if l.Stage == StageBusinessHours {
		done, need, kind, next = l.BusinessHoursShifts, th.BusinessHoursShifts, "business-hours", "the full rotation"
	}
	if l.Ready {
		return fmt.Sprintf("%s: %d of %d %s shifts done; ready for %s.", name, done, need, kind, next)
	}
	return fmt.Sprintf("%s: %d of %d %s shifts done; %d more before %s.", name, done, need, kind, l.Remaining, next)
}

// Promote adds a learner to a layer, the one action a team admin takes to
// move them on: into a business-hours layer from shadow, into an always
// layer from business hours. It returns the changed copy of the schedule,
// compiled to check it; the error names "engineer" or "layer".
func Promote(s scheduler.Schedule, engineerID, layerID string) (scheduler.Schedule, error) {
	member := false
	for _, m := range s.Members {
		member = member || m.ID == engineerID
	}
	if !member {
		return s, invalid("engineer", fmt.Sprintf("%q is not a member of the team", engineerID))
	}
	out := s
	out.Layers = slices.Clone(s.Layers)
	for i, l := range out.Layers {
		if l.ID != layerID {
			continue
		}
		if l.Tier != scheduler.TierPrimary && l.Tier != scheduler.TierSecondary {
			return s, invalid("layer", fmt.Sprintf("layer %q is a %s layer; learners are promoted into primary or secondary", layerID, l.Tier))
		}
		if slices.Contains(l.Participants, engineerID) {
			return s, invalid("engineer", fmt.Sprintf("%q already takes part in layer %q", engineerID, layerID))
		}
		out.Layers[i].Participants = append(slices.Clone(l.Participants), engineerID)
		if _, err := scheduler.Compile(out); err != nil {
			return s, err
		}
		return out, nil
	}
	return s, invalid("layer", fmt.Sprintf("the schedule has no layer %q", layerID))
}
