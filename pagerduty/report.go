package pagerduty

import "fmt"

// What happened to something PagerDuty has that Rota could not take as
// it is.
const (
	// Skipped: left out of the import, with everything inside it.
	Skipped = "skipped"
	// Changed: imported, but not exactly as PagerDuty has it.
	Changed = "changed"
)

// Problem is one thing an import left out or changed, and why. Kind is
// what PagerDuty calls it (user, team, schedule, layer, override,
// escalation_policy, rule, target, service, integration); ID and Name are
// PagerDuty's.
type Problem struct {
	Action string
	Kind   string
	ID     string
	Name   string
	Reason string
}

// String reads like `skipped schedule "Legacy Rotation" (PSLEG01): …`.
func (p Problem) String() string {
	name := ""
	if p.Name != "" {
		name = fmt.Sprintf(" %q", p.Name)
	}
	id := ""
	if p.ID != "" {
		id = " (" + p.ID + ")"
	}
	return fmt.Sprintf("%s %s%s%s: %s", p.Action, p.Kind, name, id, p.Reason)
}

// Report lists an import's problems in the order met.
type Report struct {
	Problems []Problem
}

// Skipped returns the problems of things left out.
func (r *Report) Skipped() []Problem { return r.filter(Skipped) }

// Changed returns the problems of things imported with changes.
func (r *Report) Changed() []Problem { return r.filter(Changed) }

func (r *Report) filter(action string) []Problem {
	var out []Problem
	for _, p := range r.Problems {
		if p.Action == action {
			out = append(out, p)
		}
	}
	return out
}

func (r *Report) add(action, kind, id, name, format string, args ...any) {
	r.Problems = append(r.Problems, Problem{Action: action, Kind: kind, ID: id, Name: name, Reason: fmt.Sprintf(format, args...)})
}
