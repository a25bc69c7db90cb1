package paging_test

import (
	"errors"
	"testing"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
)

func TestRouterFirstMatchWins(t *testing.T) {
	rules := []paging.RoutingRule{
		{ID: 1, ServiceID: 10, Matches: []paging.Match{{Label: "team", Value: "payments"}, {Field: "severity", Value: "critical"}}},
		{ID: 2, ServiceID: 20, Matches: []paging.Match{{Label: "team", Value: "payments"}}},
		{ID: 3, ServiceID: 30, Matches: []paging.Match{{Field: "summary", Op: "regex", Value: "disk|cpu"}}},
		{ID: 4, ServiceID: 40, Matches: []paging.Match{{Field: "source", Op: "regex", Value: `db-\d+`}}},
		{ID: 5, ServiceID: 50, Matches: []paging.Match{{Field: "dedup_key", Op: "equals", Value: "k"}}},
		{ID: 6, ServiceID: 60, Matches: []paging.Match{{Label: "env", Value: ""}}},
	}
	r, err := paging.NewRouter(rules)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name          string
		in            paging.Incoming
		service, rule int64
	}{
		{"all matches of a rule must hold", paging.Incoming{Labels: map[string]string{"team": "payments", "env": "p"}, Severity: paging.Critical}, 10, 1},
		{"the first rule that matches wins", paging.Incoming{Labels: map[string]string{"team": "payments", "env": "p"}, Severity: paging.Info, Summary: "disk"}, 20, 2},
		{"labels are case-sensitive", paging.Incoming{Labels: map[string]string{"team": "Payments", "env": "p"}, Summary: "disk"}, 30, 3},
		{"a regex matches the whole value", paging.Incoming{Labels: map[string]string{"env": "p"}, Summary: "disk full"}, 99, 0},
		{"a regex alternative matches whole", paging.Incoming{Labels: map[string]string{"env": "p"}, Summary: "cpu"}, 30, 3},
		{"a regex on the source", paging.Incoming{Labels: map[string]string{"env": "p"}, Source: "db-12"}, 40, 4},
		{"a regex is anchored at both ends", paging.Incoming{Labels: map[string]string{"env": "p"}, Source: "xdb-1"}, 99, 0},
		{"equals on the dedup key", paging.Incoming{Labels: map[string]string{"env": "p"}, DedupKey: "k"}, 50, 5},
		{"equals \"\" matches a missing label", paging.Incoming{Summary: "x"}, 60, 6},
		{"nothing matches: the key's service", paging.Incoming{Labels: map[string]string{"env": "p"}}, 99, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc, rule := r.Route(tc.in, 99)
			if svc != tc.service || rule != tc.rule {
				t.Fatalf("Route = service %d rule %d, want %d, %d", svc, rule, tc.service, tc.rule)
			}
		})
	}
	var none *paging.Router
	if svc, rule := none.Route(paging.Incoming{}, 7); svc != 7 || rule != 0 {
		t.Fatalf("nil router: %d %d", svc, rule)
	}
	empty, _ := paging.NewRouter(nil)
	if svc, rule := empty.Route(paging.Incoming{}, 7); svc != 7 || rule != 0 {
		t.Fatalf("no rules: %d %d", svc, rule)
	}
}

func TestValidateRules(t *testing.T) {
	ok := paging.Match{Label: "team", Value: "x"}
	for _, tc := range []struct {
		name  string
		rules []paging.RoutingRule
		field string
	}{
		{"no service", []paging.RoutingRule{{Matches: []paging.Match{ok}}}, "rules[0].service_id"},
		{"no match", []paging.RoutingRule{{ServiceID: 1}}, "rules[0].match"},
		{"label and field", []paging.RoutingRule{{ServiceID: 1, Matches: []paging.Match{ok, {Label: "a", Field: "summary"}}}}, "rules[0].match[1]"},
		{"neither", []paging.RoutingRule{{ServiceID: 1, Matches: []paging.Match{{Value: "x"}}}}, "rules[0].match[0]"},
		{"unknown field", []paging.RoutingRule{{ServiceID: 1, Matches: []paging.Match{ok}}, {ServiceID: 1, Matches: []paging.Match{{Field: "service"}}}}, "rules[1].match[0].field"},
		{"bad regex", []paging.RoutingRule{{ServiceID: 1, Matches: []paging.Match{{Label: "a", Op: "regex", Value: "("}}}}, "rules[0].match[0].regex"},
		{"bad op", []paging.RoutingRule{{ServiceID: 1, Matches: []paging.Match{{Label: "a", Op: "contains"}}}}, "rules[0].match[0].op"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := paging.ValidateRules(tc.rules)
			var re *rota.Error
			if !rota.IsCode(err, rota.EInvalid) || !errors.As(err, &re) || re.Field != tc.field {
				t.Fatalf("ValidateRules = %v, want invalid at %s", err, tc.field)
			}
		})
	}
	if err := paging.ValidateRules([]paging.RoutingRule{{ServiceID: 1, Matches: []paging.Match{ok, {Field: "severity", Op: "regex", Value: "critical|error"}}}}); err != nil {
		t.Fatal(err)
	}
}
