package apply

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // zone checks must not depend on the host's zone files

	"github.com/rotaoncall/rota/scheduler"
)

// team is the start of a valid file that the cases below add to; it
// takes lines 1 to 6.
const teamHead = `teams:
  - name: payments
    members:
      - {email: olga@example.com, name: Olga, discipline: ops}
      - {email: dan@example.com, name: Dan}
    schedules:
`

// layerSchedule is a valid schedule starting on line 7, its one layer's
// shift on line 14.
const layerSchedule = `      - name: oncall
        time_zone: Europe/Berlin
        tiers:
          primary:
            - name: ops
              participants: [olga@example.com, dan@example.com]
              start: 2026-01-05T09:00
              shift: 1w
`

// pagingBlock adds an escalation policy, a service and a routing rule to
// teamHead and layerSchedule, from line 15 on: the policy's steps are on
// lines 18 and 19, the service's name on 21, its business hours on 23,
// its integration on 26 and the rule on 28.
const pagingBlock = `    escalation_policies:
      - name: default
        steps:
          - {after: 0m, targets: [{schedule: oncall, tier: primary}]}
          - {after: 5m, targets: [{user: dan@example.com}]}
    services:
      - name: checkout
        escalation_policy: default
        business_hours: {time_zone: Europe/Berlin, windows: [{days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00"}]}
        low_urgency_outside_business_hours: hold
        integrations:
          - {name: prometheus, type: alertmanager}
routing_rules:
  - {match: {label: team, equals: payments}, service: checkout}
`

func TestParseProblems(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []string // each a prefix of one problem line, in order
	}{
		{"unknown top-level key", "teamz: []\n",
			[]string{`f.yaml:1:1: teamz: unknown key "teamz" (did you mean "teams"?)`}},
		{"unknown key in a layer", teamHead + layerSchedule + "              shfit: 1d\n",
			[]string{`f.yaml:15:15: teams[0].schedules[0].tiers.primary[0].shfit: unknown key "shfit" (did you mean "shift"?)`}},
		{"bad shift", teamHead + strings.Replace(layerSchedule, "shift: 1w", "shift: 0h", 1),
			[]string{`f.yaml:14:22: teams[0].schedules[0].tiers.primary[0].shift: "0h" is not a shift length`}},
		{"shift too short", teamHead + strings.Replace(layerSchedule, "shift: 1w", "shift: 30m", 1),
			[]string{`f.yaml:14:22: teams[0].schedules[0].tiers.primary[0].shift: a shift must last at least 1 hour`}},
		{"participant not in team", teamHead + strings.Replace(layerSchedule, "dan@example.com]", "eve@example.com]", 1),
			[]string{`f.yaml:12:48: teams[0].schedules[0].tiers.primary[0].participants[1]: eve@example.com is not a member of team payments`}},
		{"unknown schedule zone", teamHead + strings.Replace(layerSchedule, "Europe/Berlin", "Europe/Atlantis", 1),
			[]string{`f.yaml:8:20: teams[0].schedules[0].time_zone: unknown time zone "Europe/Atlantis"`}},
		{"unknown member zone", strings.Replace(teamHead, "discipline: ops}", "discipline: ops, time_zone: Mars/Olympus}", 1),
			[]string{`f.yaml:4:75: teams[0].members[0].time_zone: unknown time zone "Mars/Olympus"`}},
		{"override ends before it starts", teamHead + layerSchedule +
			"        overrides:\n          - {tier: primary, user: dan@example.com, from: 2026-02-02T09:00, to: 2026-02-01T09:00}\n",
			[]string{`f.yaml:16:80: teams[0].schedules[0].overrides[0].to: an override must end after it starts`}},
		{"override in a skipped hour ends where it starts", teamHead + layerSchedule +
			"        overrides:\n          - {tier: primary, user: dan@example.com, from: 2026-03-29T02:00, to: 2026-03-29T02:30}\n",
			[]string{`f.yaml:16:80: teams[0].schedules[0].overrides[0].to: an override must end after it starts`}},
		{"duplicate schedule names", teamHead + layerSchedule + layerSchedule,
			[]string{`f.yaml:15:15: teams[0].schedules[1].name: team payments has two schedules named "oncall" (first at line 7)`}},
		{"duplicate layer names", teamHead + layerSchedule + "          secondary:\n" + layerSchedule[strings.Index(layerSchedule, "            - name"):],
			[]string{`f.yaml:16:21: teams[0].schedules[0].tiers.secondary[0].name: schedule oncall has two layers named "ops" (first at line 11)`}},
		{"window from equals to", teamHead + layerSchedule +
			"              coverage:\n                - {days: [mon, tue], from: \"09:00\", to: \"09:00\"}\n",
			[]string{`f.yaml:16:57: teams[0].schedules[0].tiers.primary[0].coverage[0].to: a coverage window must not start and end at the same time`}},
		{"bad email", strings.Replace(teamHead, "dan@example.com", "dan-at-example.com", 1),
			[]string{`f.yaml:5:17: teams[0].members[1].email: "dan-at-example.com" is not an email address`}},
		{"bad phone, discipline and role", strings.Replace(teamHead, "name: Dan}", "name: Dan, phone: 5550000002, discipline: qa, role: owner}", 1),
			[]string{
				`f.yaml:5:52: teams[0].members[1].phone: phone must be in E.164 form`,
				`f.yaml:5:76: teams[0].members[1].discipline: discipline must be dev or ops, not "qa"`,
				`f.yaml:5:86: teams[0].members[1].role: role must be admin or member, not "owner"`,
			}},
		{"a member with a bad phone is still a member", strings.Replace(teamHead, "name: Dan}", "name: Dan, phone: 555}", 1) + layerSchedule,
			[]string{`f.yaml:5:52: teams[0].members[1].phone: phone must be in E.164 form`}},
		{"member twice", teamHead[:strings.Index(teamHead, "    schedules")] + "      - {email: Olga@Example.com, name: Olga}\n",
			[]string{`f.yaml:6:17: teams[0].members[2].email: olga@example.com is listed twice in team payments (first at line 4)`}},
		{"one person declared two ways", teamHead + "  - name: search\n    members:\n      - {email: olga@example.com, name: Olga, discipline: dev}\n",
			[]string{`f.yaml:9:17: teams[1].members[0].email: olga@example.com has discipline "dev" here but "ops" at line 4`}},
		{"team twice", teamHead + "  - name: payments\n",
			[]string{`f.yaml:7:11: teams[1].name: team "payments" is declared twice (first at line 2)`}},
		{"missing fields", "teams:\n  - members:\n      - {name: Olga}\n",
			[]string{`f.yaml:2:5: teams[0].name: name is required`, `f.yaml:3:9: teams[0].members[0].email: email is required`}},
		{"a layer without participants", teamHead + strings.Replace(layerSchedule, "[olga@example.com, dan@example.com]", "[]", 1),
			[]string{`f.yaml:12:29: teams[0].schedules[0].tiers.primary[0].participants: a layer needs at least one participant`}},
		{"bad coverage", teamHead + layerSchedule + "              coverage: weekdays\n",
			[]string{`f.yaml:15:25: teams[0].schedules[0].tiers.primary[0].coverage: coverage must be "always" or a list of windows`}},
		{"unknown tier", teamHead + strings.Replace(layerSchedule, "primary:", "primry:", 1),
			[]string{`f.yaml:10:11: teams[0].schedules[0].tiers.primry: unknown key "primry" (did you mean "primary"?)`}},
		{"holiday out of range", teamHead + layerSchedule + "        holidays: [1850-12-25]\n",
			[]string{`f.yaml:15:20: teams[0].schedules[0].holidays[0]: 1850-12-25 is not a date between 1900 and 2199`}},
		{"a shadow tier as a target", teamHead + layerSchedule + strings.Replace(pagingBlock, "tier: primary", "tier: shadow", 1),
			[]string{`f.yaml:18:60: teams[0].escalation_policies[0].steps[0].targets[0].tier: the shadow tier is never a target`}},
		{"steps out of order", teamHead + layerSchedule + strings.Replace(pagingBlock, "after: 5m", "after: 0m", 1),
			[]string{`f.yaml:19:21: teams[0].escalation_policies[0].steps[1].after: steps must come later than the step before (0s)`}},
		{"a first step that waits", teamHead + layerSchedule + strings.Replace(pagingBlock, "after: 0m", "after: 1m", 1),
			[]string{`f.yaml:18:21: teams[0].escalation_policies[0].steps[0].after: the first step fires at once (after: 0m)`}},
		{"after not in minutes", teamHead + layerSchedule + strings.Replace(pagingBlock, "after: 5m", "after: 5", 1),
			[]string{`f.yaml:19:21: teams[0].escalation_policies[0].steps[1].after: after must be whole minutes like 0m, 5m, 1h or 1h30m, not "5"`}},
		{"repeat out of range", teamHead + layerSchedule + strings.Replace(pagingBlock, "        steps:\n", "        repeat: 12\n        steps:\n", 1),
			[]string{`f.yaml:17:17: teams[0].escalation_policies[0].repeat: repeat must be 0 to 9`}},
		{"a schedule target without a tier", teamHead + layerSchedule + strings.Replace(pagingBlock, "{schedule: oncall, tier: primary}", "{schedule: oncall}", 1),
			[]string{`f.yaml:18:35: teams[0].escalation_policies[0].steps[0].targets[0].tier: a schedule target needs tier: primary or secondary`}},
		{"a target both user and schedule", teamHead + layerSchedule + strings.Replace(pagingBlock, "tier: primary}", "tier: primary, user: dan@example.com}", 1),
			[]string{`f.yaml:18:35: teams[0].escalation_policies[0].steps[0].targets[0]: a target is a schedule tier or a user, not both`}},
		{"a typo in a policy", teamHead + layerSchedule + strings.Replace(pagingBlock, "        steps:", "        stpes:", 1),
			[]string{`f.yaml:17:9: teams[0].escalation_policies[0].stpes: unknown key "stpes" (did you mean "steps"?)`}},
		{"unknown integration type", teamHead + layerSchedule + strings.Replace(pagingBlock, "type: alertmanager", "type: prometheus", 1),
			[]string{`f.yaml:26:38: teams[0].services[0].integrations[0].type: type must be alertmanager, generic or pagerduty, not "prometheus"`}},
		{"a short fixed key", teamHead + layerSchedule + strings.Replace(pagingBlock, "type: alertmanager}", "type: alertmanager, key: secret}", 1),
			[]string{`f.yaml:26:57: teams[0].services[0].integrations[0].key: an integration key is 16 to 128 characters`}},
		{"the same fixed key twice", teamHead + layerSchedule + strings.Replace(pagingBlock, "          - {name: prometheus, type: alertmanager}\n",
			"          - {name: prometheus, type: alertmanager, key: 0123456789abcdef}\n          - {name: scripts, type: generic, key: 0123456789abcdef}\n", 1),
			[]string{`f.yaml:27:49: teams[0].services[0].integrations[1].key: the same key is given at line 26`}},
		{"a business-hours window that starts where it ends", teamHead + layerSchedule + strings.Replace(pagingBlock, `to: "17:00"`, `to: "09:00"`, 1),
			[]string{`f.yaml:23:115: teams[0].services[0].business_hours.windows[0].to: a business-hours window must not start and end at the same time (09:00)`}},
		{"a bad business-hours day", teamHead + layerSchedule + strings.Replace(pagingBlock, "fri]", "fry]", 1),
			[]string{`f.yaml:23:90: teams[0].services[0].business_hours.windows[0].days[4]: "fry" is not a day of the week`}},
		{"business hours without a zone", teamHead + layerSchedule + strings.Replace(pagingBlock, "{time_zone: Europe/Berlin, ", "{", 1),
			[]string{`f.yaml:23:25: teams[0].services[0].business_hours.time_zone: time_zone is required`}},
		{"holding without business hours", teamHead + layerSchedule + strings.Replace(pagingBlock, "        business_hours:", "        x_business_hours:", 1),
			[]string{
				`f.yaml:23:9: teams[0].services[0].x_business_hours: unknown key "x_business_hours" (did you mean "business_hours"?)`,
				`f.yaml:24:45: teams[0].services[0].low_urgency_outside_business_hours: holding low-urgency alerts until business hours needs business_hours`,
			}},
		{"a bad urgency", teamHead + layerSchedule + strings.Replace(pagingBlock, "        escalation_policy: default\n", "        escalation_policy: default\n        urgency: critical\n", 1),
			[]string{`f.yaml:23:18: teams[0].services[0].urgency: urgency must be high, low or from-severity, not "critical"`}},
		{"a bad incidents mode", teamHead + layerSchedule + strings.Replace(pagingBlock, "        escalation_policy: default\n", "        escalation_policy: default\n        incidents: always\n", 1),
			[]string{`f.yaml:23:20: teams[0].services[0].incidents: incidents must be manual or auto, not "always"`}},
		{"a service in two teams", teamHead + layerSchedule + pagingBlock[:strings.Index(pagingBlock, "routing_rules")] + "  - name: search\n    services:\n      - {name: checkout}\n",
			[]string{`f.yaml:29:16: teams[1].services[0].name: service "checkout" is declared twice (first at line 21)`}},
		{"a bad regex", teamHead + layerSchedule + pagingBlock + "  - {match: [{field: summary, regex: \"(postgres\"}], service: checkout}\n",
			[]string{`f.yaml:29:38: routing_rules[1].match[0].regex: not a regular expression: error parsing regexp: missing closing ): `}},
		{"an unknown field", teamHead + layerSchedule + pagingBlock + "  - {match: {field: host, equals: db1}, service: checkout}\n",
			[]string{`f.yaml:29:21: routing_rules[1].match.field: field must be summary, source, severity or dedup_key, not "host"`}},
		{"a condition on a label and a field", teamHead + layerSchedule + pagingBlock + "  - {match: {label: team, field: summary, equals: x}, service: checkout}\n",
			[]string{`f.yaml:29:34: routing_rules[1].match.field: a condition matches a label or a field, not both`}},
		{"a rule without a service", teamHead + layerSchedule + pagingBlock + "  - {match: {label: team, equals: search}}\n",
			[]string{`f.yaml:29:5: routing_rules[1].service: service is required`}},
		{"alias to nothing", teamHead + layerSchedule + "              coverage: *business\n",
			[]string{`f.yaml:15:25: teams[0].schedules[0].tiers.primary[0].coverage: alias *business names no anchor`}},
		{"syntax error", "teams:\n  - name: [payments\n", []string{`f.yaml:2:11: sequence end token ']' not found`}},
		{"empty file", "# nothing yet\n", []string{`f.yaml:1: the file is empty`}},
		{"two documents", "teams: []\n---\nteams: []\n", []string{`f.yaml:3:1: the file holds 2 YAML documents`}},
		{"a list where a mapping goes", "teams:\n  - [payments]\n", []string{`f.yaml:2:5: teams[0]: want a mapping (key: value), not a list`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("f.yaml", []byte(tc.src))
			var ps *Problems
			if !errors.As(err, &ps) {
				t.Fatalf("Parse = %v, %v; want problems", f, err)
			}
			lines := ps.Lines()
			if len(lines) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(lines), len(tc.want), strings.Join(lines, "\n"))
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(lines[i], w) {
					t.Errorf("problem %d:\n got %s\nwant %s…", i, lines[i], w)
				}
			}
		})
	}
}

// TestParseScheduleCompileProblem checks that a problem only the
// scheduler finds is mapped back to the file's line and field.
func TestParseScheduleCompileProblem(t *testing.T) {
	src := teamHead + layerSchedule + "        overrides:\n          - {tier: primary, user: dan@example.com, from: 2199-12-31T09:00, to: 2200-01-02T09:00}\n"
	_, err := Parse("f.yaml", []byte(src))
	var ps *Problems
	if !errors.As(err, &ps) || len(ps.List) != 1 {
		t.Fatalf("Parse = %v; want one problem", err)
	}
	want := "f.yaml:16:80: teams[0].schedules[0].overrides[0].to: an override must end by 2200"
	if got := ps.List[0].String(); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestParseCapsProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("teams:\n")
	for i := range 30 {
		fmt.Fprintf(&b, "  - {name: team-%d, bogus: 1}\n", i)
	}
	_, err := Parse("f.yaml", []byte(b.String()))
	var ps *Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Parse = %v; want problems", err)
	}
	lines := ps.Lines()
	if ps.Total != 30 || len(ps.List) != MaxProblems || len(lines) != MaxProblems+1 || lines[MaxProblems] != "f.yaml: … and 10 more problems" {
		t.Fatalf("total %d, listed %d, last line %q", ps.Total, len(ps.List), lines[len(lines)-1])
	}
}

// TestParseAliasBomb checks that aliases cannot make a small file
// expand without bound ("billion laughs").
func TestParseAliasBomb(t *testing.T) {
	src := `x-w: &w {days: [mon, tue, wed, thu, fri, sat, sun], from: "09:00", to: "17:00"}
x-c: &c [*w, *w, *w, *w, *w, *w, *w, *w]
x-l: &l {name: l, participants: [a@example.com], start: 2026-01-05T09:00, shift: 1d, coverage: *c}
x-p: &p [*l, *l, *l, *l, *l, *l, *l, *l]
x-s: &s {name: s, time_zone: UTC, tiers: {primary: *p, secondary: *p, shadow: *p}}
x-ss: &ss [*s, *s, *s, *s, *s, *s, *s, *s]
x-m: &m [{email: a@example.com, name: A}]
teams:
`
	for i := range 20 {
		src += fmt.Sprintf("  - {name: t%d, members: *m, schedules: *ss}\n", i)
	}
	_, err := Parse("f.yaml", []byte(src))
	var ps *Problems
	if !errors.As(err, &ps) || !strings.Contains(strings.Join(ps.Lines(), "\n"), "expands to more than") {
		t.Fatalf("Parse = %v", err)
	}
}

func TestParseExample(t *testing.T) {
	src, err := os.ReadFile("testdata/payments.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse("payments.yaml", src)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(f.teams) != 1 || len(f.users) != 5 || len(f.teams[0].schedules) != 1 {
		t.Fatalf("teams %d, users %d", len(f.teams), len(f.users))
	}
	s := f.teams[0].schedules[0]
	if s.zone != "Europe/Berlin" || s.pairing != scheduler.PairingMixed || len(s.holidays) != 2 || len(s.layers) != 4 {
		t.Fatalf("schedule %+v", s)
	}
	var names []string
	for _, l := range s.layers {
		names = append(names, string(l.Tier)+"/"+l.Name)
	}
	if got := strings.Join(names, " "); got != "primary/ops-24x7 primary/dev-business-hours secondary/dev-backup shadow/learners" {
		t.Fatalf("layers %s", got)
	}
	bh := s.layers[1]
	if bh.Shift.String() != "1d" || len(bh.Coverage) != 1 || coverageText(bh.Coverage) != "mon-fri 09:00-17:00" {
		t.Fatalf("business-hours layer %+v", bh)
	}
	o := s.overrides[0]
	if want := time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC); !o.start.Equal(want) || o.end.Sub(o.start) != 24*time.Hour {
		t.Fatalf("override %v–%v", o.start, o.end)
	}
	if u := f.byEmail["olga@example.com"]; u.phone != "+15550000001" || u.discipline != "ops" || u.timeZone != "Europe/Berlin" {
		t.Fatalf("olga %+v", u)
	}
}

// TestParseYAMLForms checks the YAML a person is likely to write:
// unquoted times and numbers, anchors with merge keys, x- keys for them.
func TestParseYAMLForms(t *testing.T) {
	src := `x-business: &business
  - {days: [Monday, tue, wed, thu, fri], from: 09:00, to: 17:00}
x-layer: &layer
  start: 2026-01-05 09:00
  shift: 1D
teams:
  - name: payments
    members:
      - email: Olga@Example.COM
        name: Olga
        phone: +15550000001
      - {email: dan@example.com, name: Dan, phone: ""}
    schedules:
      - name: oncall
        time_zone: UTC
        pairing: none
        tiers:
          primary:
            - <<: *layer
              name: ops
              participants: [olga@example.com]
            - <<: *layer
              name: dev
              shift: 12h
              participants: [DAN@example.com]
              coverage: *business
`
	f, err := Parse("f.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	olga, dan := f.byEmail["olga@example.com"], f.byEmail["dan@example.com"]
	if olga == nil || olga.phone != "+15550000001" || dan == nil || !dan.phoneSet || dan.phone != "" {
		t.Fatalf("users %+v %+v", olga, dan)
	}
	s := f.teams[0].schedules[0]
	ops, dev := s.layers[0], s.layers[1]
	if ops.Shift.String() != "1d" || ops.Start.String() != "2026-01-05T09:00" || dev.Shift.String() != "12h" || dev.Participants[0] != "dan@example.com" {
		t.Fatalf("layers %+v %+v", ops, dev)
	}
	if got := coverageText(dev.Coverage); got != "mon-fri 09:00-17:00" {
		t.Fatalf("coverage %s", got)
	}
}

func TestDaysText(t *testing.T) {
	for _, tc := range []struct {
		days []time.Weekday
		want string
	}{
		{[]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}, "mon-fri"},
		{[]time.Weekday{time.Saturday, time.Sunday}, "sat,sun"},
		{[]time.Weekday{time.Monday, time.Wednesday, time.Thursday, time.Friday, time.Sunday}, "mon,wed-fri,sun"},
		{[]time.Weekday{time.Friday, time.Monday}, "fri,mon"},
	} {
		if got := daysText(tc.days); got != tc.want {
			t.Errorf("daysText(%v) = %s, want %s", tc.days, got, tc.want)
		}
	}
}

func TestDiffTier(t *testing.T) {
	layer := func(name, shift, coverage string) layerView {
		return layerView{tier: scheduler.TierPrimary, name: name, participants: "[a@example.com]", start: "2026-01-05T09:00", shift: shift, coverage: coverage}
	}
	ops, dev := layer("ops", "1w", "always"), layer("dev", "1d", "mon-fri 09:00-17:00")
	for _, tc := range []struct {
		name       string
		have, want []layerView
		lines      []string
	}{
		{"same", []layerView{ops, dev}, []layerView{ops, dev}, nil},
		{"added", []layerView{ops}, []layerView{ops, dev},
			[]string{"add primary layer dev: [a@example.com] from 2026-01-05T09:00, shift 1d, coverage mon-fri 09:00-17:00"}},
		{"removed", []layerView{ops, dev}, []layerView{dev}, []string{"remove primary layer ops"}},
		{"reordered", []layerView{ops, dev}, []layerView{dev, ops}, []string{"primary layer order ops, dev → dev, ops"}},
		{"coverage and shift", []layerView{dev}, []layerView{layer("dev", "12h", "always")},
			[]string{"layer dev shift 1d → 12h", "layer dev coverage mon-fri 09:00-17:00 → always"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := diffTier(scheduler.TierPrimary, tc.have, tc.want)
			if strings.Join(got, "\n") != strings.Join(tc.lines, "\n") {
				t.Fatalf("got %q, want %q", got, tc.lines)
			}
			if other := diffTier(scheduler.TierSecondary, tc.have, tc.want); len(other) != 0 {
				t.Fatalf("another tier differs: %q", other)
			}
		})
	}
}
