package paging

import (
	"context"
	"sort"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/oncall"
)

// PreviewTarget is someone a step would page.
type PreviewTarget struct {
	UserID int64
	Name   string
	Shadow bool   // a learning copy of the primary's page
	Via    string // "schedule payments-oncall primary", "named in the policy"
}

// StepPreview is who one step of a policy would page at an instant.
type StepPreview struct {
	After   time.Duration
	Targets []PreviewTarget
	// Notes say what the step would miss: a tier with nobody on call, a
	// schedule that no longer exists.
	Notes []string
}

// PolicyPreview is a policy as it stands at an instant: who each step
// would page and which services page through it.
type PolicyPreview struct {
	Policy   Policy
	At       time.Time
	Steps    []StepPreview
	Services []Service
}

// Preview resolves every step of policy id at at exactly as escalation
// would (a primary tier brings its shadow along; an engineer is paged
// once per step), without paging anyone.
func (e *Engine) Preview(ctx context.Context, id int64, at time.Time) (PolicyPreview, error) {
	cfg, err := e.cfg.Get(ctx)
	if err != nil {
		return PolicyPreview{}, err
	}
	p, ok := cfg.Policies[id]
	if !ok {
		return PolicyPreview{}, rota.Errorf(rota.ENotFound, "no escalation policy %d", id)
	}
	out := PolicyPreview{Policy: *p, At: at, Steps: make([]StepPreview, 0, len(p.Steps)), Services: []Service{}}
	scheds := &passSchedules{got: map[int64]*oncall.Resolved{}}
	for _, s := range p.Steps {
		ts, notes, err := e.targets(ctx, scheds, s, at)
		if err != nil {
			return PolicyPreview{}, err
		}
		sp := StepPreview{After: s.After, Targets: make([]PreviewTarget, len(ts)), Notes: notes}
		for i, t := range ts {
			sp.Targets[i] = PreviewTarget{UserID: t.userID, Name: t.name, Shadow: t.shadow, Via: t.via}
		}
		out.Steps = append(out.Steps, sp)
	}
	for _, sv := range cfg.Services {
		if sv.PolicyID == id {
			out.Services = append(out.Services, sv.Service)
		}
	}
	sort.Slice(out.Services, func(i, j int) bool { return out.Services[i].Name < out.Services[j].Name })
	return out, nil
}
