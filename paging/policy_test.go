package paging_test

import (
	"errors"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
)

func validPolicy() paging.Policy {
	return paging.Policy{Name: " default ", Repeat: 1, RepeatAfter: 10 * time.Minute, Steps: []paging.Step{
		{After: 0, Targets: []paging.Target{{ScheduleID: 1, Tier: scheduler.TierPrimary}}},
		{After: 5 * time.Minute, Targets: []paging.Target{{ScheduleID: 1, Tier: scheduler.TierSecondary}}},
		{After: 15 * time.Minute, Targets: []paging.Target{{UserID: 7}}},
	}}
}

func TestPolicyValidate(t *testing.T) {
	p := validPolicy()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if p.Name != "default" {
		t.Fatalf("name %q not trimmed", p.Name)
	}
	d := validPolicy()
	d.RepeatAfter = 0
	if err := d.Validate(); err != nil || d.RepeatAfter != 30*time.Minute {
		t.Fatalf("default repeat_after: %v %s", err, d.RepeatAfter)
	}
	steps := func(ss ...paging.Step) func(*paging.Policy) { return func(p *paging.Policy) { p.Steps = ss } }
	user := []paging.Target{{UserID: 1}}
	for _, tc := range []struct {
		name  string
		edit  func(*paging.Policy)
		field string
	}{
		{"blank name", func(p *paging.Policy) { p.Name = "  " }, "name"},
		{"negative repeat", func(p *paging.Policy) { p.Repeat = -1 }, "repeat"},
		{"repeat too high", func(p *paging.Policy) { p.Repeat = paging.MaxRepeat + 1 }, "repeat"},
		{"repeat_after too short", func(p *paging.Policy) { p.RepeatAfter = 30 * time.Second }, "repeat_after"},
		{"repeat_after negative", func(p *paging.Policy) { p.RepeatAfter = -time.Minute }, "repeat_after"},
		{"repeat_after too long", func(p *paging.Policy) { p.RepeatAfter = 25 * time.Hour }, "repeat_after"},
		{"no steps", steps(), "steps"},
		{"too many steps", func(p *paging.Policy) {
			p.Steps = nil
			for i := range paging.MaxSteps + 1 {
				p.Steps = append(p.Steps, paging.Step{After: time.Duration(i) * time.Minute, Targets: user})
			}
		}, "steps"},
		{"first step waits", steps(paging.Step{After: time.Minute, Targets: user}), "steps[0].after"},
		{"steps out of order", steps(paging.Step{Targets: user}, paging.Step{After: 5 * time.Minute, Targets: user}, paging.Step{After: 5 * time.Minute, Targets: user}), "steps[2].after"},
		{"after too long", steps(paging.Step{Targets: user}, paging.Step{After: 25 * time.Hour, Targets: user}), "steps[1].after"},
		{"no targets", steps(paging.Step{}), "steps[0].targets"},
		{"schedule and user", steps(paging.Step{Targets: []paging.Target{{UserID: 1, ScheduleID: 2, Tier: scheduler.TierPrimary}}}), "steps[0].targets[0]"},
		{"empty target", steps(paging.Step{Targets: []paging.Target{{}}}), "steps[0].targets[0]"},
		{"shadow tier", steps(paging.Step{Targets: []paging.Target{{ScheduleID: 2, Tier: scheduler.TierShadow}}}), "steps[0].targets[0].tier"},
		{"unknown tier", steps(paging.Step{Targets: []paging.Target{{ScheduleID: 2, Tier: "tertiary"}}}), "steps[0].targets[0].tier"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := validPolicy()
			tc.edit(&p)
			err := p.Validate()
			var re *rota.Error
			if !errors.As(err, &re) || re.Code != rota.EInvalid || re.Field != tc.field {
				t.Fatalf("Validate = %v, want invalid at %s", err, tc.field)
			}
		})
	}
}

func TestPolicyNextAfter(t *testing.T) {
	p := validPolicy() // steps at 0, 5m, 15m; repeated once, 10m after the last step
	type pos struct {
		step, loop int
		wait       time.Duration
		ok         bool
	}
	for _, tc := range []struct {
		name       string
		step, loop int
		urgency    paging.Urgency
		want       pos
	}{
		{"first to second step", 0, 0, paging.High, pos{1, 0, 5 * time.Minute, true}},
		{"waits are differences of cumulative afters", 1, 0, paging.High, pos{2, 0, 10 * time.Minute, true}},
		{"last step starts the next pass", 2, 0, paging.High, pos{0, 1, 10 * time.Minute, true}},
		{"second pass", 0, 1, paging.High, pos{1, 1, 5 * time.Minute, true}},
		{"last step of the last pass ends it", 2, 1, paging.High, pos{}},
		{"low urgency fires only the first step", 0, 0, paging.Low, pos{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, l, w, ok := p.NextAfter(tc.step, tc.loop, tc.urgency)
			if (pos{s, l, w, ok}) != tc.want {
				t.Fatalf("NextAfter(%d, %d, %s) = %v, want %v", tc.step, tc.loop, tc.urgency, pos{s, l, w, ok}, tc.want)
			}
		})
	}
	// Walking a whole escalation: every step of every pass, once, in order.
	one := paging.Policy{Steps: []paging.Step{{}}, Repeat: 2, RepeatAfter: time.Minute}
	var fired []int
	step, loop, ok := 0, 0, true
	for ok && len(fired) < 10 {
		fired = append(fired, loop*10+step)
		step, loop, _, ok = one.NextAfter(step, loop, paging.High)
	}
	if len(fired) != 3 || fired[0] != 0 || fired[1] != 10 || fired[2] != 20 {
		t.Fatalf("a one-step policy repeated twice fired %v, want passes 0, 1, 2", fired)
	}
}

func TestTiersUsedNamesEachPolicyOncePerTier(t *testing.T) {
	cfg := &paging.Config{Policies: map[int64]*paging.Policy{
		1: {Name: "ledger", Steps: []paging.Step{{Targets: []paging.Target{{ScheduleID: 7, Tier: scheduler.TierPrimary}}},
			{Targets: []paging.Target{{ScheduleID: 7, Tier: scheduler.TierSecondary}, {ScheduleID: 7, Tier: scheduler.TierSecondary}}}}},
		2: {Name: "checkout", Steps: []paging.Step{{Targets: []paging.Target{{ScheduleID: 7, Tier: scheduler.TierSecondary}, {UserID: 3}}}}},
		3: {Name: "other", Steps: []paging.Step{{Targets: []paging.Target{{ScheduleID: 8, Tier: scheduler.TierPrimary}}}}},
	}}
	got := cfg.TiersUsed(7)
	if len(got) != 2 || len(got[scheduler.TierPrimary]) != 1 || got[scheduler.TierPrimary][0] != "ledger" ||
		len(got[scheduler.TierSecondary]) != 2 || got[scheduler.TierSecondary][0] != "checkout" || got[scheduler.TierSecondary][1] != "ledger" {
		t.Fatalf("TiersUsed(7) = %v", got)
	}
	if got := cfg.TiersUsed(9); len(got) != 0 {
		t.Fatalf("TiersUsed(9) = %v", got)
	}
}
