package paging

import (
	"strings"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/incident"
)

// MaxServiceName caps a service's name.
const MaxServiceName = 100

// Validate checks a service's own fields and fills defaults (urgency
// from-severity), naming the first field at fault. Whether its policy
// exists and is its team's is CheckPolicy's.
func (s *Service) Validate() error {
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" {
		return rota.Invalid("name", "name is required")
	}
	if len(s.Name) > MaxServiceName {
		return rota.Invalid("name", "name is longer than %d characters", MaxServiceName)
	}
	switch s.Urgency {
	case UrgencyHigh, UrgencyLow, UrgencyFromSeverity:
	case "":
		s.Urgency = UrgencyFromSeverity
	default:
		return rota.Invalid("urgency", "urgency must be high, low or from-severity, not %q", s.Urgency)
	}
	mode, err := incident.ParseMode(string(s.Incidents))
	if err != nil {
		return err
	}
	s.Incidents = mode
	if _, err := CompileHours(s.BusinessHours); err != nil {
		if f, ok := err.(interface{ ErrorField() string }); ok {
			return rota.Invalid("business_hours."+f.ErrorField(), "%s", rota.ErrorMessage(err))
		}
		return err
	}
	if s.HoldLowOutsideHours && len(s.BusinessHours.Windows) == 0 {
		return rota.Invalid("hold_low_outside_hours", "holding low-urgency alerts needs business hours")
	}
	return nil
}

// CheckPolicy applies the rule that a service escalates by its own team's
// policy; policyTeam is the team of s.PolicyID, found says whether that
// policy exists.
func (s *Service) CheckPolicy(policyTeam int64, found bool) error {
	if s.PolicyID == 0 {
		return nil
	}
	if !found {
		return rota.Invalid("escalation_policy_id", "no escalation policy with id %d", s.PolicyID)
	}
	if policyTeam != s.TeamID {
		return rota.Invalid("escalation_policy_id", "the escalation policy belongs to another team")
	}
	return nil
}
