package paging

import (
	"errors"
	"strings"
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

// Hours answers questions about a service's business hours. It reuses the
// scheduler's coverage semantics (half-open weekly windows in a zone,
// windows across midnight, DST) by compiling a one-layer schedule whose only
// engineer is "in" during business hours.
type Hours struct {
	c *scheduler.Compiled
}

const hoursEngineer = "hours"

// CompileHours validates business hours; zero windows means none set, and
// the result then reports every instant as within hours. A problem is a
// *scheduler.ValidationError naming time_zone or windows[i]….
func CompileHours(b BusinessHours) (*Hours, error) {
	if len(b.Windows) == 0 {
		return &Hours{}, nil
	}
	zone := b.TimeZone
	if zone == "" {
		zone = "UTC"
	}
	s := scheduler.Schedule{
		ID: "hours", Name: "business hours", TimeZone: zone,
		Members: []scheduler.Engineer{{ID: hoursEngineer, Name: "hours", Discipline: scheduler.DisciplineOps}},
		Layers: []scheduler.Layer{{
			ID: "hours", Name: "business hours", Tier: scheduler.TierPrimary, Participants: []string{hoursEngineer},
			Start: scheduler.LocalDateTime{Date: scheduler.Date{Year: 2000, Month: 1, Day: 3}}, Shift: scheduler.ShiftLength{Days: 7},
			Coverage: b.Windows,
		}},
	}
	c, err := scheduler.Compile(s)
	if err != nil {
		// Name the field as the business hours call it, not as the
		// one-layer schedule standing in for them does.
		var ve *scheduler.ValidationError
		if errors.As(err, &ve) {
			f := strings.Replace(ve.Field, "tiers.primary[0].coverage", "windows", 1)
			return nil, &scheduler.ValidationError{Field: f, Message: ve.Message}
		}
		return nil, err
	}
	return &Hours{c: c}, nil
}

// Within reports whether at is inside business hours (always, when none
// are set).
func (h *Hours) Within(at time.Time) bool {
	if h == nil || h.c == nil {
		return true
	}
	_, ok := h.c.OnCallTier(scheduler.TierPrimary, at)
	return ok
}

// NextStart returns the start of the next business-hours window after at
// (at itself when within hours).
func (h *Hours) NextStart(at time.Time) time.Time {
	if h.Within(at) {
		return at
	}
	next, ok := h.c.NextHandoff(scheduler.TierPrimary, at)
	if !ok {
		return at
	}
	return next.UTC()
}
