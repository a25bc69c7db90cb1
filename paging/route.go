package paging

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/rotaoncall/rota"
)

// Incoming is an alert as a monitor described it, before routing.
type Incoming struct {
	DedupKey string
	Summary  string
	Source   string
	Severity Severity
	Details  []byte // JSON object or null
	Labels   map[string]string
	Resolve  bool // the monitor says the problem is over
	// Acknowledge is PagerDuty's acknowledge action.
	Acknowledge bool
}

// Router evaluates routing rules in order.
type Router struct {
	rules []compiledRule
}

type compiledRule struct {
	RoutingRule
	res []*regexp.Regexp // per match; nil for equals
}

// fields a rule may match besides labels.
var matchFields = map[string]bool{"summary": true, "source": true, "severity": true, "dedup_key": true}

// ValidateRules checks rules, naming the field of the first problem as
// rules[i].match[j].…
func ValidateRules(rules []RoutingRule) error {
	_, err := NewRouter(rules)
	return err
}

// NewRouter compiles rules; regular expressions are checked here.
func NewRouter(rules []RoutingRule) (*Router, error) {
	r := &Router{}
	for i, rule := range rules {
		f := fmt.Sprintf("rules[%d]", i)
		if rule.ServiceID == 0 {
			return nil, rota.Invalid(f+".service_id", "every rule names the service it routes to")
		}
		if len(rule.Matches) == 0 {
			return nil, rota.Invalid(f+".match", "a rule needs at least one match")
		}
		cr := compiledRule{RoutingRule: rule, res: make([]*regexp.Regexp, len(rule.Matches))}
		for j, m := range rule.Matches {
			mf := fmt.Sprintf("%s.match[%d]", f, j)
			switch {
			case m.Label != "" && m.Field != "":
				return nil, rota.Invalid(mf, "match a label or a field, not both")
			case m.Label == "" && m.Field == "":
				return nil, rota.Invalid(mf, "a match names a label or a field")
			case m.Field != "" && !matchFields[m.Field]:
				return nil, rota.Invalid(mf+".field", "field must be summary, source, severity or dedup_key, not %q", m.Field)
			}
			switch m.Op {
			case "equals", "":
			case "regex":
				re, err := regexp.Compile("^(?:" + m.Value + ")$")
				if err != nil {
					return nil, rota.Invalid(mf+".regex", "not a regular expression: %v", err)
				}
				cr.res[j] = re
			default:
				return nil, rota.Invalid(mf+".op", "op must be equals or regex, not %q", m.Op)
			}
		}
		r.rules = append(r.rules, cr)
	}
	return r, nil
}

func (in Incoming) value(m Match) string {
	if m.Label != "" {
		return in.Labels[m.Label]
	}
	switch m.Field {
	case "summary":
		return in.Summary
	case "source":
		return in.Source
	case "severity":
		return string(in.Severity)
	case "dedup_key":
		return in.DedupKey
	}
	return ""
}

// Route returns the service of the first matching rule (and its id), or
// def with rule 0 when none matches. Every alert lands on exactly one
// service.
func (r *Router) Route(in Incoming, def int64) (service, rule int64) {
	if r == nil {
		return def, 0
	}
	for _, cr := range r.rules {
		ok := true
		for j, m := range cr.Matches {
			v := in.value(m)
			if re := cr.res[j]; re != nil {
				ok = re.MatchString(v)
			} else {
				ok = v == m.Value
			}
			if !ok {
				break
			}
		}
		if ok {
			return cr.ServiceID, cr.ID
		}
	}
	return def, 0
}

// normalizeLabels trims label names and drops empty ones.
func normalizeLabels(l map[string]string) map[string]string {
	out := make(map[string]string, len(l))
	for k, v := range l {
		if k = strings.TrimSpace(k); k != "" {
			out[k] = v
		}
	}
	return out
}
