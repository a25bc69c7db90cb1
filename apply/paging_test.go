package apply

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

// fixedKey is the key the example file fixes for checkout/prometheus.
const fixedKey = "optional-fixed-key"

// pagingSnapshot dumps the paging configuration apply may touch.
func pagingSnapshot(t *testing.T, db *store.DB) string {
	t.Helper()
	return snapshot(t, db) + dump(t, db,
		"SELECT id, team_id, name, repeat, repeat_after_seconds, steps, version, updated_at FROM escalation_policies ORDER BY id",
		"SELECT id, team_id, name, description, policy_id, urgency, hours_time_zone, hours_windows, hold_low_outside_hours, version, updated_at FROM services ORDER BY id",
		"SELECT id, service_id, name, type, key_hash, prefix, revoked_at FROM integrations ORDER BY id",
		"SELECT id, position, name, matches, service_id FROM routing_rules ORDER BY id",
		"SELECT name, revision FROM config_revisions ORDER BY name",
	)
}

// applyPlan applies a file of testdata and returns its plan.
func applyPlan(t *testing.T, db *store.DB, name string, opts Options) *Plan {
	t.Helper()
	p, err := Run(context.Background(), txStore{db}, load(t, name), opts)
	if err != nil {
		t.Fatalf("apply %s: %v", name, err)
	}
	return p
}

// masked renders a plan with each generated key replaced by KEY, and
// returns the keys by integration.
func masked(p *Plan) ([]string, map[string]string) {
	keys := map[string]string{}
	var out []string
	for _, c := range p.Changes {
		for _, l := range c.Lines() {
			if c.Key != "" {
				keys[c.Name] = c.Key
				l = strings.ReplaceAll(l, c.Key, "KEY")
			}
			out = append(out, l)
		}
	}
	return append(out, p.Summary()), keys
}

var pagingCreated = []string{
	"+ policy payments/payments-default (3 steps, repeat 2)",
	"+ service checkout (payments, policy payments-default, urgency high, business hours Europe/Berlin mon-fri 09:00-17:00, low urgency held outside business hours)",
	"+ integration checkout/prometheus (alertmanager, key from the file)",
	"+ integration checkout/legacy-pd (pagerduty): key KEY, POST /v2/enqueue with it as routing_key",
	"+ integration checkout/scripts (generic): key KEY, POST /api/v1/integrations/KEY/generic",
	"~ routing rules: 0 → 1 rule",
	`~ routing rules: add rule 1: label team equals "payments" → checkout`,
	"18 to create, 1 to update, 0 to delete",
}

// tail drops the lines of a plan that payments.yaml alone makes.
func tail(lines []string) []string { return lines[len(createdPlan)-1:] }

func TestApplyPagingCreatesThenChangesNothing(t *testing.T) {
	clock := storetest.NewClock(start)
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()

		dry := applyPlan(t, db, "payments-paging.yaml", Options{DryRun: true})
		got, keys := masked(dry)
		if len(keys) != 0 || !strings.Contains(strings.Join(got, "\n"), "+ integration checkout/scripts (generic): key generated when applied\n") {
			t.Fatalf("a dry run shows keys it will not store:\n%s", strings.Join(got, "\n"))
		}
		if n := count(t, db, "services"); n != 0 {
			t.Fatal("a dry run wrote")
		}

		p := applyPlan(t, db, "payments-paging.yaml", Options{})
		got, keys = masked(p)
		sameLines(t, "first apply", got[:len(createdPlan)-1], createdPlan[:len(createdPlan)-1])
		sameLines(t, "first apply", tail(got), pagingCreated)
		if len(keys) != 2 || len(p.Notes) != 2 || !strings.Contains(p.Notes[1], "shown this once") {
			t.Fatalf("keys %v, notes %q", keys, p.Notes)
		}

		team, _ := db.TeamByName(ctx, "payments")
		sched, _ := db.ScheduleByName(ctx, team.ID, "payments-oncall")
		olga, _, _ := db.UserByEmail(ctx, "olga@example.com")
		pols, err := db.Policies(ctx, team.ID)
		if err != nil || len(pols) != 1 {
			t.Fatalf("policies %+v, %v", pols, err)
		}
		pol := pols[0]
		schedID := rota.ParseID(sched.ID)
		want := []paging.Step{
			{After: 0, Targets: []paging.Target{{ScheduleID: schedID, Tier: scheduler.TierPrimary}}},
			{After: 5 * time.Minute, Targets: []paging.Target{{ScheduleID: schedID, Tier: scheduler.TierSecondary}}},
			{After: 15 * time.Minute, Targets: []paging.Target{{UserID: olga.ID}}},
		}
		if pol.Name != "payments-default" || pol.Repeat != 2 || pol.RepeatAfter != 30*time.Minute || len(pol.Steps) != 3 {
			t.Fatalf("policy %+v", pol)
		}
		for i, s := range pol.Steps {
			if s.After != want[i].After || len(s.Targets) != 1 || s.Targets[0] != want[i].Targets[0] {
				t.Fatalf("step %d = %+v, want %+v", i, s, want[i])
			}
		}
		svc, err := db.ServiceByName(ctx, "checkout")
		if err != nil || svc.TeamID != team.ID || svc.PolicyID != pol.ID || svc.Urgency != paging.UrgencyHigh || !svc.HoldLowOutsideHours ||
			hoursText(svc.BusinessHours) != "Europe/Berlin mon-fri 09:00-17:00" {
			t.Fatalf("service %+v, %v", svc, err)
		}
		rules, _ := db.RoutingRules(ctx)
		if len(rules) != 1 || rules[0].ServiceID != svc.ID || ruleText(rules[0].Name, rules[0].Matches, "checkout") != `label team equals "payments" → checkout` {
			t.Fatalf("rules %+v", rules)
		}

		// The keys work for intake: the generated ones printed in the plan,
		// and the one fixed in the file.
		cfg, err := db.PagingConfig(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string]struct {
			key string
			typ paging.IntegrationType
		}{
			"checkout/prometheus": {fixedKey, paging.Alertmanager},
			"checkout/legacy-pd":  {keys["checkout/legacy-pd"], paging.PagerDuty},
			"checkout/scripts":    {keys["checkout/scripts"], paging.Generic},
		} {
			ref, ok := cfg.Integrations[paging.HashKey(want.key)]
			if !ok || ref.ServiceID != svc.ID || ref.Type != want.typ || "checkout/"+ref.Name != name {
				t.Errorf("%s: key %q gives %+v, %v", name, want.key, ref, ok)
			}
		}
		if len(cfg.Integrations) != 3 {
			t.Fatalf("%d integrations", len(cfg.Integrations))
		}

		before := pagingSnapshot(t, db)
		clock.Add(time.Hour)
		sameLines(t, "second apply", apply(t, db, "payments-paging.yaml", Options{}), noChanges)
		sameLines(t, "second apply with prune", apply(t, db, "payments-paging.yaml", Options{Prune: true}), noChanges)
		// The file without its paging sections leaves them alone, even with
		// prune.
		sameLines(t, "the file without paging, with prune", apply(t, db, "payments.yaml", Options{Prune: true}), noChanges)
		if after := pagingSnapshot(t, db); after != before {
			t.Fatalf("a second apply wrote:\nbefore\n%s\nafter\n%s", before, after)
		}
	})
}

var pagingChanged = []string{
	"~ policy payments/payments-default: repeat 2 → 1",
	"~ policy payments/payments-default: repeat_after 30m → 1h",
	"~ policy payments/payments-default: step 2 after 5m → 10m",
	"~ policy payments/payments-default: step 3 targets olga@example.com → dan@example.com, payments-oncall primary",
	"+ policy payments/payments-low (1 step, repeat 0)",
	`~ service checkout: description "" → "The checkout API and its workers"`,
	"~ service checkout: urgency high → from-severity",
	"~ service checkout: business_hours Europe/Berlin mon-fri 09:00-17:00 → Europe/Berlin mon-sat 08:00-18:00",
	"~ service checkout: low_urgency_outside_business_hours hold → page",
	"~ service checkout: incidents manual → auto",
	"~ integration checkout/prometheus: key changed; the old key stops working",
	"~ integration checkout/scripts: type generic → alertmanager (same key, POST /api/v1/integrations/PREFIX…/alertmanager)",
	"+ integration checkout/grafana (generic): key KEY, POST /api/v1/integrations/KEY/generic",
	"+ service payouts (payments, policy payments-low, urgency low)",
	"+ integration payouts/worker (generic, key from the file)",
	"~ routing rules: 1 → 3 rules",
	`~ routing rules: add rule 2: db: field summary regex ".*postgres.*" and label env equals "prod" → checkout`,
	`~ routing rules: add rule 3: field source equals "payouts-worker" → payouts`,
	"4 to create, 5 to update, 0 to delete",
}

func TestApplyPagingChanges(t *testing.T) {
	clock := storetest.NewClock(start)
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, first := masked(applyPlan(t, db, "payments-paging.yaml", Options{}))
		team, _ := db.TeamByName(ctx, "payments")
		checkout, _ := db.ServiceByName(ctx, "checkout")
		scripts := first["checkout/scripts"]
		want := make([]string, len(pagingChanged))
		for i, l := range pagingChanged {
			want[i] = strings.Replace(l, "PREFIX", scripts[:6], 1)
		}

		before := pagingSnapshot(t, db)
		clock.Add(time.Hour)
		got, keys := masked(applyPlan(t, db, "payments-paging-changed.yaml", Options{DryRun: true}))
		if len(keys) != 0 {
			t.Fatalf("a dry run shows keys %v", keys)
		}
		want[12] = "+ integration checkout/grafana (generic): key generated when applied"
		sameLines(t, "dry run", got, want)
		if after := pagingSnapshot(t, db); after != before {
			t.Fatalf("a dry run wrote:\nbefore\n%s\nafter\n%s", before, after)
		}

		got, keys = masked(applyPlan(t, db, "payments-paging-changed.yaml", Options{}))
		want[12] = pagingChanged[12]
		sameLines(t, "apply", got, want)

		pols, _ := db.Policies(ctx, team.ID)
		dan, _, _ := db.UserByEmail(ctx, "dan@example.com")
		if len(pols) != 2 || pols[0].Name != "payments-default" || pols[0].Repeat != 1 || pols[0].RepeatAfter != time.Hour ||
			pols[0].Steps[1].After != 10*time.Minute || len(pols[0].Steps[2].Targets) != 2 || pols[0].Steps[2].Targets[0].UserID != dan.ID {
			t.Fatalf("policies %+v", pols)
		}
		payouts, err := db.ServiceByName(ctx, "payouts")
		if err != nil || payouts.PolicyID != pols[1].ID || payouts.Urgency != paging.UrgencyLow {
			t.Fatalf("payouts %+v, %v", payouts, err)
		}
		cfg, err := db.PagingConfig(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := cfg.Integrations[paging.HashKey(fixedKey)]; ok {
			t.Error("the old fixed key still works")
		}
		for key, want := range map[string]paging.IntegrationRef{
			"another-fixed-key-0001":    {ServiceID: checkout.ID, Type: paging.Alertmanager, Name: "prometheus"},
			scripts:                     {ServiceID: checkout.ID, Type: paging.Alertmanager, Name: "scripts"},
			first["checkout/legacy-pd"]: {ServiceID: checkout.ID, Type: paging.PagerDuty, Name: "legacy-pd"},
			keys["checkout/grafana"]:    {ServiceID: checkout.ID, Type: paging.Generic, Name: "grafana"},
			"payouts-worker-key-0001":   {ServiceID: payouts.ID, Type: paging.Generic, Name: "worker"},
		} {
			got, ok := cfg.Integrations[paging.HashKey(key)]
			got.ID = 0
			if !ok || got != want {
				t.Errorf("key for %s: %+v, %v", want.Name, got, ok)
			}
		}
		if len(cfg.Integrations) != 5 || len(cfg.Rules) != 3 || cfg.Rules[2].ServiceID != payouts.ID {
			t.Fatalf("%d integrations, rules %+v", len(cfg.Integrations), cfg.Rules)
		}

		before = pagingSnapshot(t, db)
		clock.Add(time.Hour)
		sameLines(t, "again", apply(t, db, "payments-paging-changed.yaml", Options{}), noChanges)
		if after := pagingSnapshot(t, db); after != before {
			t.Fatalf("applying the same file again wrote:\nbefore\n%s\nafter\n%s", before, after)
		}
	})
}

func TestApplyPagingPrune(t *testing.T) {
	storetest.Each(t, storetest.Options{Now: storetest.NewClock(start).Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		apply(t, db, "payments-paging.yaml", Options{})
		team, _ := db.TeamByName(ctx, "payments")
		checkout, _ := db.ServiceByName(ctx, "checkout")
		omar, _, _ := db.UserByEmail(ctx, "omar@example.com")

		// What the web app adds beside the file: a policy, a service with an
		// integration, another integration on checkout, and another team's
		// service with a routing rule.
		step := []paging.Step{{Targets: []paging.Target{{UserID: omar.ID}}}}
		legacy, err := db.CreatePolicy(ctx, paging.Policy{TeamID: team.ID, Name: "legacy", Steps: step})
		if err != nil {
			t.Fatal(err)
		}
		old, err := db.CreateService(ctx, paging.Service{TeamID: team.ID, Name: "old-svc", PolicyID: legacy.ID})
		if err != nil {
			t.Fatal(err)
		}
		mustIntegration(t, db, old.ID, "old", "old-service-key-0001")
		mustIntegration(t, db, checkout.ID, "manual", "manual-checkout-key-01")
		search, _ := db.CreateTeam(ctx, rota.Team{Name: "search"})
		if err := db.SetMember(ctx, search.ID, omar.ID, rota.TeamMember); err != nil {
			t.Fatal(err)
		}
		sp, err := db.CreatePolicy(ctx, paging.Policy{TeamID: search.ID, Name: "search-default", Steps: step})
		if err != nil {
			t.Fatal(err)
		}
		api, err := db.CreateService(ctx, paging.Service{TeamID: search.ID, Name: "search-api", PolicyID: sp.ID})
		if err != nil {
			t.Fatal(err)
		}
		mustIntegration(t, db, api.ID, "alerts", "search-api-key-00001")
		rules, _ := db.RoutingRules(ctx)
		rules = append(rules, paging.RoutingRule{Matches: []paging.Match{{Label: "team", Op: "equals", Value: "search"}}, ServiceID: api.ID})
		if _, err := db.SetRoutingRules(ctx, rules); err != nil {
			t.Fatal(err)
		}

		rulesBack := []string{
			"~ routing rules: 2 → 1 rule",
			`~ routing rules: remove rule 2: label team equals "search" → search-api`,
		}
		p := applyPlan(t, db, "payments-paging.yaml", Options{})
		sameLines(t, "without prune", lines(p), append(rulesBack, "0 to create, 1 to update, 0 to delete"))
		if len(p.Notes) != 1 || p.Notes[0] != "routing rules are one list for all teams: this file's routing_rules drops 1 rule routing to search-api (team search)" {
			t.Fatalf("notes %q", p.Notes)
		}

		want := []string{
			"- policy payments/legacy",
			"- integration checkout/manual (generic, key manual…)",
			"- service old-svc (with its alerts, 1 integration)",
			"0 to create, 0 to update, 3 to delete",
		}
		before := pagingSnapshot(t, db)
		sameLines(t, "prune dry run", apply(t, db, "payments-paging.yaml", Options{Prune: true, DryRun: true}), want)
		if pagingSnapshot(t, db) != before {
			t.Fatal("a dry run with prune wrote")
		}
		sameLines(t, "prune", apply(t, db, "payments-paging.yaml", Options{Prune: true}), want)

		if _, err := db.Policy(ctx, legacy.ID); !rota.IsCode(err, rota.ENotFound) {
			t.Fatalf("legacy policy: %v", err)
		}
		if _, err := db.Service(ctx, old.ID); !rota.IsCode(err, rota.ENotFound) {
			t.Fatalf("old service: %v", err)
		}
		ints, _ := db.Integrations(ctx, checkout.ID)
		for _, in := range ints {
			if (in.Name == "manual") != (in.RevokedAt != nil) {
				t.Errorf("integration %s revoked at %v", in.Name, in.RevokedAt)
			}
		}
		cfg, _ := db.PagingConfig(ctx)
		if _, ok := cfg.Integrations[paging.HashKey("search-api-key-00001")]; !ok || cfg.Services[api.ID] == nil || cfg.Policies[sp.ID] == nil {
			t.Fatal("prune touched a team the file does not name")
		}
		if len(cfg.Integrations) != 4 {
			t.Fatalf("%d active integrations, want checkout's 3 and search-api's", len(cfg.Integrations))
		}
		sameLines(t, "prune again", apply(t, db, "payments-paging.yaml", Options{Prune: true}), noChanges)
	})
}

func mustIntegration(t *testing.T, db *store.DB, serviceID int64, name, key string) {
	t.Helper()
	if _, err := db.CreateIntegration(context.Background(), serviceID, name, paging.Generic, key); err != nil {
		t.Fatal(err)
	}
}

// TestApplyPagingReferencesTheDatabase checks a file naming what only the
// database has: another team's schedule and a service of another team in
// a routing rule. (A user of another team is refused: a policy pages its
// own team's people; see TestApplyPagingProblems.)
func TestApplyPagingReferencesTheDatabase(t *testing.T) {
	storetest.Each(t, storetest.Options{Now: storetest.NewClock(start).Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		apply(t, db, "payments-paging.yaml", Options{})
		src := `teams:
  - name: search
    members:
      - {email: sam@example.com, name: Sam, role: admin}
    escalation_policies:
      - name: search-default
        steps:
          - {after: 0m, targets: [{user: sam@example.com}]}
          - {after: 10m, targets: [{schedule: payments/payments-oncall, tier: primary}, {user: Sam@example.com}]}
    services:
      - {name: search-api, escalation_policy: search-default}
routing_rules:
  - {match: {label: team, equals: payments}, service: checkout}
  - {match: {label: team, equals: search}, service: search-api}
`
		f, err := Parse("search.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		p, err := Run(ctx, txStore{db}, f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		sameLines(t, "apply", lines(p), []string{
			"+ user sam@example.com (Sam, dev, UTC)",
			"+ team search",
			"+ member search/sam@example.com (admin)",
			"+ policy search/search-default (2 steps, repeat 0)",
			"+ service search-api (search, policy search-default, urgency from-severity)",
			"~ routing rules: 1 → 2 rules",
			`~ routing rules: add rule 2: label team equals "search" → search-api`,
			"5 to create, 1 to update, 0 to delete",
		})
		payments, _ := db.TeamByName(ctx, "payments")
		sched, _ := db.ScheduleByName(ctx, payments.ID, "payments-oncall")
		sam, _, _ := db.UserByEmail(ctx, "sam@example.com")
		search, _ := db.TeamByName(ctx, "search")
		pols, _ := db.Policies(ctx, search.ID)
		if len(pols) != 1 || pols[0].Steps[1].Targets[0].ScheduleID != rota.ParseID(sched.ID) || pols[0].Steps[1].Targets[1].UserID != sam.ID {
			t.Fatalf("policies %+v", pols)
		}
		// Paging another team's person is refused, as the API refuses it.
		bad, err := Parse("search.yaml", []byte(strings.Replace(src, "{user: Sam@example.com}", "{user: Olga@example.com}", 1)))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Run(ctx, txStore{db}, bad, Options{})
		if err == nil || !strings.Contains(err.Error(), "olga@example.com is not a member of the policy's team") {
			t.Fatalf("a user of another team: %v", err)
		}
		if p, err = Run(ctx, txStore{db}, f, Options{Prune: true}); err != nil || len(p.Changes) != 0 {
			t.Fatalf("again: %v, %v", p, err)
		}
	})
}

// TestApplyPagingProblems checks that a file whose paging is wrong says
// where, whether its parse finds it or its plan (names the database does
// not hold), and changes nothing.
func TestApplyPagingProblems(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "payments-paging.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	example := string(src)
	const rules = "routing_rules:\n  - {match: {label: team, equals: payments}, service: checkout}\n"
	for _, tc := range []struct {
		name     string
		old, new string
		prune    bool
		want     string // the one problem, up to its message's end or "…"
	}{
		{"a shadow tier as a target", "tier: secondary}", "tier: shadow}", false,
			"f.yaml:44:70: teams[0].escalation_policies[0].steps[1].targets[0].tier: the shadow tier is never a target: shadows get copies of primary pages"},
		{"steps out of order", "{after: 15m,", "{after: 5m, ", false,
			"f.yaml:45:21: teams[0].escalation_policies[0].steps[2].after: steps must come later than the step before (5m0s)"},
		{"an unknown schedule", "{schedule: payments-oncall, tier: secondary}", "{schedule: payments-on-call, tier: secondary}", false,
			`f.yaml:44:47: teams[0].escalation_policies[0].steps[1].targets[0].schedule: team payments has no schedule "payments-on-call", in this file or the database (did you mean "payments-oncall"?)`},
		{"another team's unknown schedule", "{schedule: payments-oncall, tier: secondary}", "{schedule: search/oncall, tier: secondary}", false,
			`f.yaml:44:47: teams[0].escalation_policies[0].steps[1].targets[0].schedule: team search has no schedule "oncall", in this file or the database`},
		{"another team that does not exist", "{schedule: payments-oncall, tier: secondary}", "{schedule: billing/oncall, tier: secondary}", false,
			`f.yaml:44:47: teams[0].escalation_policies[0].steps[1].targets[0].schedule: no team billing, in this file or the database`},
		{"an unknown user", "{user: olga@example.com}", "{user: olga@example.org}", false,
			`f.yaml:45:43: teams[0].escalation_policies[0].steps[2].targets[0].user: no user olga@example.org, in this file or the database; add them as a member of one of the file's teams`},
		{"an unknown policy", "escalation_policy: payments-default", "escalation_policy: payments-defualt", false,
			`f.yaml:48:28: teams[0].services[0].escalation_policy: team payments has no escalation policy "payments-defualt", in this file or the database (did you mean "payments-default"?)`},
		{"a bad regex", rules, rules + "  - {match: [{field: summary, regex: \"postgres(\"}], service: checkout}\n", false,
			"f.yaml:58:38: routing_rules[1].match[0].regex: not a regular expression: error parsing regexp: missing closing ): `^(?:postgres()$`"},
		{"an unknown service in a rule", rules, rules + "  - {match: {label: env, equals: prod}, service: checkuot}\n", false,
			`f.yaml:58:50: routing_rules[1].service: no service "checkuot", in this file or the database (did you mean "checkout"?)`},
		{"an unknown integration type", "type: generic}", "type: webhook}", false,
			`f.yaml:55:35: teams[0].services[0].integrations[2].type: type must be alertmanager, generic or pagerduty, not "webhook"`},
		{"a bad business-hours window", `from: "09:00", to: "17:00"}]}`, `from: "17:00", to: "25:00"}]}`, false,
			`f.yaml:50:115: teams[0].services[0].business_hours.windows[0].to: …`},
		{"a key another integration has", "{name: scripts, type: generic}", "{name: scripts, type: generic, key: search-api-key-00001}", false,
			`f.yaml:55:49: teams[0].services[0].integrations[2].key: this key is already the key of integration search-api/alerts; each integration has its own key`},
		{"a service name another team has", "      - name: checkout\n", "      - name: search-api\n", false,
			`f.yaml:47:15: teams[0].services[0].name: service name "search-api" is taken by team search; service names are unique across teams`},
		{"a schedule --prune deletes", "{schedule: payments-oncall, tier: secondary}", "{schedule: legacy, tier: secondary}", true,
			`f.yaml:44:47: teams[0].escalation_policies[0].steps[1].targets[0].schedule: schedule payments/legacy is not in this file, so --prune deletes it; declare it or target another schedule`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(example, tc.old) {
				t.Fatalf("the example has no %q", tc.old)
			}
			bad := strings.Replace(example, tc.old, tc.new, 1)
			storetest.Each(t, storetest.Options{Now: storetest.NewClock(start).Now}, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				apply(t, db, "payments-paging.yaml", Options{})
				team, _ := db.TeamByName(ctx, "payments")
				omar, _, _ := db.UserByEmail(ctx, "omar@example.com")
				if _, err := db.CreateSchedule(ctx, 0, rota.Schedule{Schedule: scheduler.Schedule{Name: "legacy", TeamID: rota.ID(team.ID), TimeZone: "UTC",
					Layers: []scheduler.Layer{{Name: "all", Tier: scheduler.TierSecondary, Participants: []string{rota.ID(omar.ID)},
						Start: scheduler.LocalDateTime{Date: scheduler.Date{Year: 2026, Month: 1, Day: 5}, Hour: 9}, Shift: scheduler.ShiftLength{Days: 7}}}}}); err != nil {
					t.Fatal(err)
				}
				search, _ := db.CreateTeam(ctx, rota.Team{Name: "search"})
				api, err := db.CreateService(ctx, paging.Service{TeamID: search.ID, Name: "search-api"})
				if err != nil {
					t.Fatal(err)
				}
				mustIntegration(t, db, api.ID, "alerts", "search-api-key-00001")
				before := pagingSnapshot(t, db)

				f, err := Parse("f.yaml", []byte(bad))
				if err == nil {
					_, err = Run(ctx, txStore{db}, f, Options{Prune: tc.prune})
				}
				var ps *Problems
				if !errors.As(err, &ps) || rota.ErrorCode(err) != rota.EInvalid {
					t.Fatalf("got %v; want problems", err)
				}
				if ls := ps.Lines(); len(ls) != 1 || !matches(ls[0], tc.want) {
					t.Fatalf("problems:\n%s\nwant\n%s", strings.Join(ls, "\n"), tc.want)
				}
				if after := pagingSnapshot(t, db); after != before {
					t.Fatalf("a bad file changed the database:\nbefore\n%s\nafter\n%s", before, after)
				}
			})
		})
	}
}

// matches compares a problem with what a test expects: all of it, or up
// to a trailing "…".
func matches(got, want string) bool {
	if prefix, ok := strings.CutSuffix(want, "…"); ok {
		return strings.HasPrefix(got, prefix)
	}
	return got == want
}
