package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rotaoncall/rota/auth"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

// applyCounts counts the rows apply may write.
func applyCounts(t *testing.T, db *store.DB) string {
	t.Helper()
	var out []string
	for _, table := range []string{"users", "teams", "team_members", "schedules", "layers", "overrides", "audit_log",
		"escalation_policies", "services", "integrations", "routing_rules"} {
		var n int
		if err := db.SQL().QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s=%d", table, n))
	}
	return strings.Join(out, " ")
}

func TestApplyCommand(t *testing.T) {
	example, err := os.ReadFile("../../apply/testdata/payments.yaml")
	if err != nil {
		t.Fatal(err)
	}
	changed, err := os.ReadFile("../../apply/testdata/payments-changed.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			dir := t.TempDir()
			write := func(name, content string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
				return p
			}
			good, next := write("payments.yaml", string(example)), write("changed.yaml", string(changed))
			url := storetest.URL(t, d)
			env := map[string]string{"ROTA_DATABASE_URL": url}
			if code, _, errs := runCLI(t, env, "migrate", "up"); code != 0 {
				t.Fatalf("migrate: %s", errs)
			}
			db, err := store.Open(context.Background(), url, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			empty := applyCounts(t, db)

			code, out, errs := runCLI(t, env, "apply", "-f", good, "--dry-run")
			if code != 0 || !strings.Contains(out, "+ team payments\n") || !strings.Contains(out, "13 to create, 0 to update, 0 to delete\n") ||
				!strings.HasSuffix(out, "Dry run: nothing was changed.\n") {
				t.Fatalf("dry run: exit %d\n%s\n%s", code, out, errs)
			}
			if applyCounts(t, db) != empty {
				t.Fatal("a dry run wrote")
			}

			code, out, errs = runCLI(t, env, "apply", "-f", good)
			if code != 0 || !strings.Contains(out, "+ schedule payments/payments-oncall (Europe/Berlin, 4 layers, 1 override)\n") ||
				!strings.Contains(out, "note: 5 new user(s) get no password") || !strings.HasSuffix(out, "Applied "+good+": 13 created, 0 updated, 0 deleted.\n") {
				t.Fatalf("apply: exit %d\n%s\n%s", code, out, errs)
			}
			if strings.Contains(out, "+15550000001") {
				t.Fatal("the plan shows a phone number in full")
			}
			applied := applyCounts(t, db)

			code, out, _ = runCLI(t, env, "apply", "-f", good)
			if code != 0 || out != "No changes: the database already matches "+good+".\n0 to create, 0 to update, 0 to delete\n" {
				t.Fatalf("second apply: exit %d\n%s", code, out)
			}
			code, out, _ = runCLI(t, env, "apply", "-f", next, "--dry-run")
			if code != 0 || !strings.Contains(out, "~ schedule payments/payments-oncall: layer dev-business-hours shift 1d → 12h\n") ||
				!strings.Contains(out, "3 to create, 4 to update, 0 to delete\n") {
				t.Fatalf("dry run of a change: exit %d\n%s", code, out)
			}
			if applyCounts(t, db) != applied {
				t.Fatal("a dry run wrote")
			}

			ex := string(example)
			for _, tc := range []struct {
				name     string
				old, new string
				want     string // one line of stderr, after the file name
			}{
				{"unknown key", "              shift: 1d\n", "              shfit: 1d\n",
					`:26:15: teams[0].schedules[0].tiers.primary[1].shfit: unknown key "shfit" (did you mean "shift"?)`},
				{"bad shift", "              shift: 1d\n", "              shift: 0h\n",
					`:26:22: teams[0].schedules[0].tiers.primary[1].shift: "0h" is not a shift length (want e.g. 8h, 12h, 1d, 1w, 2w or 90m)`},
				{"participant not in team", "[dan@example.com, dina@example.com]", "[dan@example.com, eve@example.com]",
					`:24:47: teams[0].schedules[0].tiers.primary[1].participants[1]: eve@example.com is not a member of team payments; add them under members`},
				{"unknown zone", "        time_zone: Europe/Berlin\n", "        time_zone: Europe/Berln\n",
					`:13:20: teams[0].schedules[0].time_zone: unknown time zone "Europe/Berln"`},
				{"override ends before it starts", "to: 2026-02-02T09:00}", "to: 2026-01-31T09:00}",
					`:38:81: teams[0].schedules[0].overrides[0].to: an override must end after it starts`},
				{"duplicate schedule names", "          - {tier: primary, user: dina@example.com, from: 2026-02-01T09:00, to: 2026-02-02T09:00}\n",
					"          - {tier: primary, user: dina@example.com, from: 2026-02-01T09:00, to: 2026-02-02T09:00}\n      - {name: payments-oncall, time_zone: UTC}\n",
					`:39:16: teams[0].schedules[1].name: team payments has two schedules named "payments-oncall" (first at line 12)`},
				{"window from equals to", `to: "17:00"}`, `to: "09:00"}`,
					`:28:72: teams[0].schedules[0].tiers.primary[1].coverage[0].to: a coverage window must not start and end at the same time`},
				{"bad email", "{email: nia@example.com, ", "{email: nia-at-example.com, ",
					`:10:17: teams[0].members[4].email: "nia-at-example.com" is not an email address`},
				{"a shadow tier as a target", "    schedules:\n",
					"    escalation_policies:\n      - {name: p, steps: [{after: 0m, targets: [{schedule: payments-oncall, tier: shadow}]}]}\n    schedules:\n",
					`:12:83: teams[0].escalation_policies[0].steps[0].targets[0].tier: the shadow tier is never a target: shadows get copies of primary pages`},
			} {
				t.Run(tc.name, func(t *testing.T) {
					if !strings.Contains(ex, tc.old) {
						t.Fatalf("the example has no %q", tc.old)
					}
					bad := write("bad.yaml", strings.Replace(ex, tc.old, tc.new, 1))
					code, out, errs := runCLI(t, env, "apply", "-f", bad)
					if code != 2 || out != "" {
						t.Fatalf("exit %d, stdout %q; want 2 and nothing", code, out)
					}
					lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
					found := false
					for _, l := range lines[:len(lines)-1] {
						if !strings.HasPrefix(l, bad+":") {
							t.Errorf("problem line %q does not start with the file name", l)
						}
						found = found || strings.HasPrefix(l, bad+tc.want)
					}
					if !found {
						t.Errorf("stderr does not have %q:\n%s", tc.want, errs)
					}
					if last := lines[len(lines)-1]; !strings.HasPrefix(last, "rota: "+bad+" is invalid (") || !strings.HasSuffix(last, "); nothing was applied") {
						t.Errorf("last line %q", last)
					}
					if got := applyCounts(t, db); got != applied {
						t.Fatalf("a bad file changed the database: %s, was %s", got, applied)
					}
				})
			}
		})
	}
}

func TestApplyUsage(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"ROTA_DATABASE_URL": "sqlite://" + filepath.Join(dir, "rota.db")}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no file", []string{"apply"}, "needs -f FILE"},
		{"missing file", []string{"apply", "-f", filepath.Join(dir, "nope.yaml")}, "cannot read"},
		{"an argument", []string{"apply", "-f", "x.yaml", "extra"}, "takes no arguments"},
		{"dry run on an unmigrated database", []string{"apply", "-f", "../../apply/testdata/payments.yaml", "--dry-run"}, "run rota migrate up"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runCLI(t, env, tc.args...)
			if code != 2 || !strings.Contains(errs, tc.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, errs, tc.want)
			}
		})
	}
}

func TestApplyCommandPaging(t *testing.T) {
	example, err := os.ReadFile("../../apply/testdata/payments-paging.yaml")
	if err != nil {
		t.Fatal(err)
	}
	generated := regexp.MustCompile(`(?m)^\+ integration (checkout/[a-z-]+) \((pagerduty|generic)\): key ([A-Za-z0-9_-]{32}), POST (\S+)`)
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			good := filepath.Join(dir, "payments.yaml")
			if err := os.WriteFile(good, example, 0o644); err != nil {
				t.Fatal(err)
			}
			url := storetest.URL(t, d)
			env := map[string]string{"ROTA_DATABASE_URL": url}
			if code, _, errs := runCLI(t, env, "migrate", "up"); code != 0 {
				t.Fatalf("migrate: %s", errs)
			}
			db, err := store.Open(ctx, url, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()

			code, out, errs := runCLI(t, env, "apply", "-f", good, "--dry-run")
			if code != 0 || !strings.Contains(out, "+ integration checkout/scripts (generic): key generated when applied\n") || generated.MatchString(out) {
				t.Fatalf("dry run: exit %d\n%s\n%s", code, out, errs)
			}

			code, out, errs = runCLI(t, env, "apply", "-f", good)
			for _, want := range []string{
				"+ policy payments/payments-default (3 steps, repeat 2)\n",
				"+ integration checkout/prometheus (alertmanager, key from the file)\n",
				"~ routing rules: add rule 1: label team equals \"payments\" → checkout\n",
				"18 to create, 1 to update, 0 to delete\n",
				"note: each generated integration key above is shown this once",
				"Applied " + good + ": 18 created, 1 updated, 0 deleted.\n",
			} {
				if code != 0 || !strings.Contains(out, want) {
					t.Fatalf("apply: exit %d, no %q in\n%s\n%s", code, want, out, errs)
				}
			}
			if strings.Contains(out, "optional-fixed-key") {
				t.Fatal("the plan shows a key from the file")
			}
			// The keys printed are the ones intake accepts.
			checkout, err := db.ServiceByName(ctx, "checkout")
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := db.PagingConfig(ctx)
			if err != nil {
				t.Fatal(err)
			}
			found := generated.FindAllStringSubmatch(out, -1)
			if len(found) != 2 {
				t.Fatalf("%d generated keys in\n%s", len(found), out)
			}
			for _, m := range found {
				name, typ, key, path := m[1], paging.IntegrationType(m[2]), m[3], m[4]
				ref, ok := cfg.Integrations[paging.HashKey(key)]
				if !ok || ref.ServiceID != checkout.ID || ref.Type != typ || "checkout/"+ref.Name != name {
					t.Errorf("%s: key %s gives %+v, %v", name, key, ref, ok)
				}
				if wantPath := map[paging.IntegrationType]string{paging.PagerDuty: "/v2/enqueue", paging.Generic: "/api/v1/integrations/" + key + "/generic"}[typ]; path != wantPath {
					t.Errorf("%s: intake %s, want %s", name, path, wantPath)
				}
			}
			applied := applyCounts(t, db)

			code, out, _ = runCLI(t, env, "apply", "-f", good, "--prune")
			if code != 0 || out != "No changes: the database already matches "+good+".\n0 to create, 0 to update, 0 to delete\n" {
				t.Fatalf("second apply: exit %d\n%s", code, out)
			}

			// A name neither the file nor the database has is found while
			// planning, and reported like the parse's problems.
			bad := filepath.Join(dir, "bad.yaml")
			src := strings.Replace(string(example), "escalation_policy: payments-default", "escalation_policy: payments-defualt", 1)
			if err := os.WriteFile(bad, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errs = runCLI(t, env, "apply", "-f", bad)
			want := bad + `:48:28: teams[0].services[0].escalation_policy: team payments has no escalation policy "payments-defualt", in this file or the database (did you mean "payments-default"?)` +
				"\nrota: " + bad + " is invalid (1 problem(s)); nothing was applied\n"
			if code != 2 || out != "" || errs != want {
				t.Fatalf("bad file: exit %d, stdout %q, stderr\n%s\nwant\n%s", code, out, errs, want)
			}
			if got := applyCounts(t, db); got != applied {
				t.Fatalf("a bad file changed the database: %s, was %s", got, applied)
			}
		})
	}
}

// TestApplyInvite: with --invite each new user gets a one-time password,
// printed once, that signs them in only to choose their own; users the
// database already has get none.
func TestApplyInvite(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "team.yaml")
	yaml := "teams:\n  - name: search\n    members:\n" +
		"      - {email: sara@example.com, name: Sara, discipline: ops, role: admin}\n" +
		"      - {email: sam@example.com, name: Sam, discipline: dev}\n"
	if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	url := storetest.URL(t, store.SQLite)
	env := map[string]string{"ROTA_DATABASE_URL": url}
	if code, _, errs := runCLI(t, env, "user", "create", "--email", "sam@example.com", "--name", "Sam"); code != 0 {
		t.Fatalf("user create: %s", errs)
	}
	code, out, errs := runCLI(t, env, "apply", "-f", file, "--dry-run", "--invite")
	if code != 0 || !strings.Contains(out, "note: 1 new user(s) get a one-time password each (sara@example.com)") || strings.Contains(out, "Invite ") {
		t.Fatalf("dry run: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runCLI(t, env, "apply", "-f", file, "--invite")
	m := regexp.MustCompile(`(?m)^Invite sara@example\.com: one-time password (\S+)$`).FindStringSubmatch(out)
	if code != 0 || m == nil || strings.Contains(out, "Invite sam@") {
		t.Fatalf("apply --invite: exit %d\n%s\n%s", code, out, errs)
	}
	db, err := store.Open(context.Background(), url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, hash, err := db.UserByEmail(context.Background(), "sara@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := auth.CheckPassword(hash, m[1]); !ok || !u.MustChangePassword {
		t.Fatalf("Sara's one-time password: matches %v, must change %v", ok, u.MustChangePassword)
	}

	// Without --invite the plan says how to invite them.
	more := yaml + "      - {email: nia@example.com, name: Nia}\n"
	if err := os.WriteFile(file, []byte(more), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCLI(t, env, "apply", "-f", file)
	if code != 0 || !strings.Contains(out, "note: 1 new user(s) get no password (nia@example.com); to invite them") ||
		!strings.Contains(out, "Users page") || !strings.Contains(out, "--invite") || strings.Contains(out, "Invite nia@") {
		t.Fatalf("apply: exit %d\n%s", code, out)
	}
}
