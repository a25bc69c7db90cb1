package apply

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/paging"
)

// nameCache remembers names of things the database refers to by id, for
// showing stored policies, services and rules the way the file writes
// them.
type nameCache struct {
	teams     map[int64]string
	schedules map[int64]string // team/schedule; "" for one that no longer exists
	services  map[int64]paging.Service
	rules     []paging.RoutingRule
	rulesRead bool
	keysShown bool // the plan shows a generated key
}

func newNameCache() nameCache {
	return nameCache{teams: map[int64]string{}, schedules: map[int64]string{}, services: map[int64]paging.Service{}}
}

func (p *planner) teamName(id int64) (string, error) {
	if n, ok := p.names.teams[id]; ok {
		return n, nil
	}
	t, err := p.st.Team(p.ctx, id)
	if err != nil {
		return "", fmt.Errorf("team %d: %w", id, err)
	}
	p.names.teams[id] = t.Name
	return t.Name, nil
}

// scheduleName returns team/schedule for a schedule id, or "" when the
// schedule is gone (a policy may still name it).
func (p *planner) scheduleName(id int64) (string, error) {
	if n, ok := p.names.schedules[id]; ok {
		return n, nil
	}
	s, err := p.st.Schedule(p.ctx, id)
	switch {
	case rota.IsCode(err, rota.ENotFound):
		p.names.schedules[id] = ""
		return "", nil
	case err != nil:
		return "", fmt.Errorf("schedule %d: %w", id, err)
	}
	team, err := p.teamName(rota.ParseID(s.TeamID))
	if err != nil {
		return "", err
	}
	p.names.schedules[id] = team + "/" + s.Name
	return team + "/" + s.Name, nil
}

func (p *planner) service(id int64) (paging.Service, error) {
	if s, ok := p.names.services[id]; ok {
		return s, nil
	}
	s, err := p.st.Service(p.ctx, id)
	if err != nil {
		return s, fmt.Errorf("service %d: %w", id, err)
	}
	p.names.services[id] = s
	return s, nil
}

func (p *planner) storedRules() ([]paging.RoutingRule, error) {
	if !p.names.rulesRead {
		rules, err := p.st.RoutingRules(p.ctx)
		if err != nil {
			return nil, fmt.Errorf("list routing rules: %w", err)
		}
		p.names.rules, p.names.rulesRead = rules, true
	}
	return p.names.rules, nil
}

// didYouMean suggests the candidate closest to a misspelt name.
func didYouMean(name string, candidates []string) string {
	if s := nearest(name, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// minutesText writes a duration as the file does: 0m, 5m, 1h, 1h30m.
func minutesText(d time.Duration) string {
	m := int(d / time.Minute)
	switch {
	case m == 0:
		return "0m"
	case m%60 == 0:
		return strconv.Itoa(m/60) + "h"
	case m > 60:
		return strconv.Itoa(m/60) + "h" + strconv.Itoa(m%60) + "m"
	}
	return strconv.Itoa(m) + "m"
}

// resolveTarget checks that a policy's target exists in the file or the
// database, and records the id of one only the database holds.
func (p *planner) resolveTarget(t *team, tg target) error {
	if tg.schedule == "" {
		// The rule the API applies too (paging.Policy.CheckMembers): a
		// policy pages its own team's people.
		notMember := func() {
			if _, member := t.memberIx[tg.email]; !member {
				p.problem(tg.at, "%s; add them under members", paging.NotMemberMessage(tg.email))
			}
		}
		if _, ok := p.f.byEmail[tg.email]; ok {
			notMember()
			return nil
		}
		if _, ok := p.refs.users[tg.email]; ok {
			notMember()
			return nil
		}
		u, _, err := p.st.UserByEmail(p.ctx, tg.email)
		switch {
		case rota.IsCode(err, rota.ENotFound):
			p.problem(tg.at, "no user %s, in this file or the database; add them as a member of one of the file's teams", tg.email)
		case err != nil:
			return fmt.Errorf("look up user %s: %w", tg.email, err)
		default:
			p.refs.users[tg.email] = u.ID
			p.emails[u.ID] = u.Email
			notMember()
		}
		return nil
	}
	full := tg.scheduleName()
	ft := p.f.team(tg.team)
	var declared []string
	if ft != nil {
		if ft.schedule(tg.schedule) != nil {
			return nil
		}
		for _, s := range ft.schedules {
			declared = append(declared, s.name)
		}
	}
	teamID, ok := p.refs.teams[tg.team]
	if !ok {
		tm, err := p.st.TeamByName(p.ctx, tg.team)
		switch {
		case rota.IsCode(err, rota.ENotFound):
			if ft != nil {
				p.problem(tg.at, "team %s has no schedule %q in this file%s", tg.team, tg.schedule, didYouMean(tg.schedule, declared))
			} else {
				p.problem(tg.at, "no team %s, in this file or the database", tg.team)
			}
			return nil
		case err != nil:
			return fmt.Errorf("look up team %s: %w", tg.team, err)
		}
		teamID = tm.ID
		p.names.teams[tm.ID] = tm.Name
	}
	s, err := p.st.ScheduleByName(p.ctx, teamID, tg.schedule)
	switch {
	case rota.IsCode(err, rota.ENotFound):
		p.problem(tg.at, "team %s has no schedule %q, in this file or the database%s", tg.team, tg.schedule, didYouMean(tg.schedule, declared))
	case err != nil:
		return fmt.Errorf("look up schedule %s: %w", full, err)
	case ft != nil && p.prune:
		p.problem(tg.at, "schedule %s is not in this file, so --prune deletes it; declare it or target another schedule", full)
	default:
		id := rota.ParseID(s.ID)
		p.refs.schedules[full] = id
		p.names.schedules[id] = full
	}
	return nil
}

// policyView is a policy reduced to what the file says, for comparing.
type policyView struct {
	repeat      int
	repeatAfter time.Duration
	steps       []stepView
}

type stepView struct {
	after   time.Duration
	targets string
}

// targetText names a target as the policy's team's file would: a schedule
// of the team by its name, another team's as team/schedule.
func targetText(team, schedule, tier, email string) string {
	if schedule == "" {
		return email
	}
	if name, ok := strings.CutPrefix(schedule, team+"/"); ok {
		schedule = name
	}
	return schedule + " " + tier
}

func (pol *policy) view(team string) policyView {
	v := policyView{repeat: pol.repeat, repeatAfter: pol.repeatAfter}
	for _, s := range pol.steps {
		ts := make([]string, len(s.targets))
		for i, tg := range s.targets {
			sched := ""
			if tg.schedule != "" {
				sched = tg.scheduleName()
			}
			ts[i] = targetText(team, sched, string(tg.tier), tg.email)
		}
		v.steps = append(v.steps, stepView{after: s.after, targets: strings.Join(ts, ", ")})
	}
	return v
}

func (p *planner) viewPolicy(c paging.Policy, team string) (policyView, error) {
	v := policyView{repeat: c.Repeat, repeatAfter: c.RepeatAfter}
	for _, s := range c.Steps {
		ts := make([]string, len(s.Targets))
		for i, tg := range s.Targets {
			switch {
			case tg.ScheduleID != 0:
				name, err := p.scheduleName(tg.ScheduleID)
				if err != nil {
					return v, err
				}
				if name == "" {
					name = fmt.Sprintf("a deleted schedule (#%d)", tg.ScheduleID)
				}
				ts[i] = targetText(team, name, string(tg.Tier), "")
			default:
				email, err := p.email(tg.UserID)
				switch {
				case rota.IsCode(err, rota.ENotFound):
					email = fmt.Sprintf("a deleted user (#%d)", tg.UserID)
				case err != nil:
					return v, err
				}
				ts[i] = email
			}
		}
		v.steps = append(v.steps, stepView{after: s.After, targets: strings.Join(ts, ", ")})
	}
	return v, nil
}

// diffPolicy lists how a stored policy differs from the file's, step by
// step (numbered from 1, in the order they fire).
func diffPolicy(have, want policyView) []string {
	var out []string
	if have.repeat != want.repeat {
		out = append(out, fmt.Sprintf("repeat %d → %d", have.repeat, want.repeat))
	}
	if have.repeatAfter != want.repeatAfter {
		out = append(out, fmt.Sprintf("repeat_after %s → %s", minutesText(have.repeatAfter), minutesText(want.repeatAfter)))
	}
	for i := range max(len(have.steps), len(want.steps)) {
		n := i + 1
		switch {
		case i >= len(have.steps):
			out = append(out, fmt.Sprintf("add step %d (after %s): %s", n, minutesText(want.steps[i].after), want.steps[i].targets))
		case i >= len(want.steps):
			out = append(out, fmt.Sprintf("remove step %d (after %s): %s", n, minutesText(have.steps[i].after), have.steps[i].targets))
		default:
			h, w := have.steps[i], want.steps[i]
			if h.after != w.after {
				out = append(out, fmt.Sprintf("step %d after %s → %s", n, minutesText(h.after), minutesText(w.after)))
			}
			if h.targets != w.targets {
				out = append(out, fmt.Sprintf("step %d targets %s → %s", n, h.targets, w.targets))
			}
		}
	}
	return out
}

// domain builds the stored form of the policy once the ids it refers to
// are known.
func (pol *policy) domain(r *refs, teamID int64) (paging.Policy, error) {
	out := paging.Policy{TeamID: teamID, Name: pol.name, Repeat: pol.repeat, RepeatAfter: pol.repeatAfter}
	for _, s := range pol.steps {
		st := paging.Step{After: s.after}
		for _, tg := range s.targets {
			if tg.schedule != "" {
				id, ok := r.schedules[tg.scheduleName()]
				if !ok {
					return out, fmt.Errorf("no id for schedule %s", tg.scheduleName())
				}
				st.Targets = append(st.Targets, paging.Target{ScheduleID: id, Tier: tg.tier})
				continue
			}
			id, err := r.user(tg.email)
			if err != nil {
				return out, err
			}
			st.Targets = append(st.Targets, paging.Target{UserID: id})
		}
		out.Steps = append(out.Steps, st)
	}
	return out, nil
}

// planPolicies creates and updates the team's escalation policies; with
// prune it deletes those the file leaves out.
func planPolicies(p *planner, tp *teamPlan) error {
	t := tp.team
	tp.policies = map[string]paging.Policy{}
	var cur []paging.Policy
	if tp.exists {
		var err error
		if cur, err = p.st.Policies(p.ctx, tp.id); err != nil {
			return fmt.Errorf("list escalation policies of team %s: %w", t.name, err)
		}
	}
	for _, c := range cur {
		tp.policies[c.Name] = c
	}
	for _, pol := range t.policies {
		for _, s := range pol.steps {
			for _, tg := range s.targets {
				if err := p.resolveTarget(t, tg); err != nil {
					return err
				}
			}
		}
		full, team := t.name+"/"+pol.name, t.name
		c, ok := tp.policies[pol.name]
		if !ok {
			detail := []string{plural(len(pol.steps), "step"), fmt.Sprintf("repeat %d", pol.repeat)}
			p.add(Change{Action: Create, Kind: "policy", Name: full, Detail: detail, phase: phasePolicies,
				run: func(ctx context.Context, st Store, r *refs) error {
					want, err := pol.domain(r, r.teams[team])
					if err != nil {
						return err
					}
					made, err := st.CreatePolicy(ctx, want)
					if err != nil {
						return err
					}
					r.policies[full] = made.ID
					return nil
				}})
			continue
		}
		p.refs.policies[full] = c.ID
		have, err := p.viewPolicy(c, t.name)
		if err != nil {
			return fmt.Errorf("compare escalation policy %s: %w", full, err)
		}
		diff := diffPolicy(have, pol.view(t.name))
		if len(diff) == 0 {
			continue
		}
		id, version := c.ID, c.Version
		p.add(Change{Action: Update, Kind: "policy", Name: full, Detail: diff, phase: phasePolicies,
			run: func(ctx context.Context, st Store, r *refs) error {
				want, err := pol.domain(r, r.teams[team])
				if err != nil {
					return err
				}
				want.ID, want.Version = id, version
				_, err = st.UpdatePolicy(ctx, want)
				return err
			}})
	}
	if !p.prune || !t.lists["escalation_policies"] {
		return nil
	}
	for _, c := range cur {
		if t.policy(c.Name) != nil {
			continue
		}
		id := c.ID
		p.add(Change{Action: Delete, Kind: "policy", Name: t.name + "/" + c.Name, phase: phasePrunePolicies,
			run: func(ctx context.Context, st Store, _ *refs) error { return st.DeletePolicy(ctx, id) }})
	}
	return nil
}

// hoursText writes business hours compactly: "Europe/Berlin mon-fri
// 09:00-17:00", or "none".
func hoursText(h paging.BusinessHours) string {
	if len(h.Windows) == 0 {
		return "none"
	}
	return h.TimeZone + " " + coverageText(h.Windows)
}

func holdText(hold bool) string {
	if hold {
		return "hold"
	}
	return "page"
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// domain builds the stored form of the service once the ids it refers to
// are known.
func (s *service) domain(r *refs) (paging.Service, error) {
	out := paging.Service{TeamID: r.teams[s.team], Name: s.name, Description: s.description, Urgency: s.urgency,
		BusinessHours: paging.BusinessHours{TimeZone: s.hours.TimeZone, Windows: slices.Clone(s.hours.Windows)}, HoldLowOutsideHours: s.hold, Incidents: s.incidents}
	if s.policy != "" {
		id, ok := r.policies[s.team+"/"+s.policy]
		if !ok {
			return out, fmt.Errorf("no id for escalation policy %s/%s", s.team, s.policy)
		}
		out.PolicyID = id
	}
	return out, nil
}

// resolvePolicy checks that a service's policy is one of its team's, in
// the file or the database.
func (p *planner) resolvePolicy(tp *teamPlan, s *service) {
	t := tp.team
	if s.policy == "" || t.policy(s.policy) != nil {
		return
	}
	if c, ok := tp.policies[s.policy]; ok {
		if p.prune && t.lists["escalation_policies"] {
			p.problem(s.policyAt, "escalation policy %s is not in this file, so --prune deletes it; declare it under escalation_policies", s.policy)
			return
		}
		p.refs.policies[t.name+"/"+s.policy] = c.ID
		return
	}
	var names []string
	for _, pol := range t.policies {
		names = append(names, pol.name)
	}
	for name := range tp.policies {
		names = append(names, name)
	}
	slices.Sort(names)
	p.problem(s.policyAt, "team %s has no escalation policy %q, in this file or the database%s", t.name, s.policy, didYouMean(s.policy, names))
}

// planServices creates and updates the team's services and their
// integrations; with prune it deletes the services and revokes the
// integrations the file leaves out.
func planServices(p *planner, tp *teamPlan) error {
	t := tp.team
	var cur []paging.Service
	if tp.exists {
		var err error
		if cur, err = p.st.Services(p.ctx, tp.id); err != nil {
			return fmt.Errorf("list services of team %s: %w", t.name, err)
		}
	}
	byName := map[string]paging.Service{}
	for _, c := range cur {
		byName[c.Name] = c
		p.names.services[c.ID] = c
	}
	for _, s := range t.services {
		p.resolvePolicy(tp, s)
		c, ok := byName[s.name]
		if !ok {
			other, err := p.st.ServiceByName(p.ctx, s.name)
			switch {
			case err == nil:
				owner, err := p.teamName(other.TeamID)
				if err != nil {
					return err
				}
				p.problem(s.at, "service name %q is taken by team %s; service names are unique across teams", s.name, owner)
				continue
			case !rota.IsCode(err, rota.ENotFound):
				return fmt.Errorf("look up service %s: %w", s.name, err)
			}
			if err := p.planNewService(s); err != nil {
				return err
			}
			continue
		}
		delete(byName, s.name)
		p.refs.services[s.name] = c.ID
		if diff := p.diffService(tp, c, s); len(diff) > 0 {
			id, version := c.ID, c.Version
			p.add(Change{Action: Update, Kind: "service", Name: s.name, Detail: diff, phase: phaseServices,
				run: func(ctx context.Context, st Store, r *refs) error {
					want, err := s.domain(r)
					if err != nil {
						return err
					}
					want.ID, want.Version = id, version
					_, err = st.UpdateService(ctx, want)
					return err
				}})
			if s.policy == "" && c.PolicyID != 0 {
				p.notePagesNoOne(s)
			}
		}
		if err := p.planIntegrations(c, s); err != nil {
			return err
		}
	}
	if !p.prune || !t.lists["services"] {
		return nil
	}
	for _, c := range cur {
		if _, gone := byName[c.Name]; !gone {
			continue
		}
		detail, err := p.serviceLosses(c)
		if err != nil {
			return err
		}
		id := c.ID
		p.add(Change{Action: Delete, Kind: "service", Name: c.Name, Detail: detail, phase: phasePruneServices,
			run: func(ctx context.Context, st Store, _ *refs) error { return st.DeleteService(ctx, id) }})
	}
	return nil
}

// serviceLosses says what goes with a deleted service.
func (p *planner) serviceLosses(c paging.Service) ([]string, error) {
	ints, err := p.st.Integrations(p.ctx, c.ID)
	if err != nil {
		return nil, fmt.Errorf("list integrations of service %s: %w", c.Name, err)
	}
	active := 0
	for _, in := range ints {
		if in.RevokedAt == nil {
			active++
		}
	}
	parts := []string{"its alerts"}
	if active > 0 {
		parts = append(parts, plural(active, "integration"))
	}
	if !p.f.hasRules {
		rules, err := p.storedRules()
		if err != nil {
			return nil, err
		}
		n := 0
		for _, r := range rules {
			if r.ServiceID == c.ID {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, plural(n, "routing rule"))
		}
	}
	return []string{"with " + strings.Join(parts, ", ")}, nil
}

func (p *planner) notePagesNoOne(s *service) {
	p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("service %s has no escalation_policy: its alerts are recorded but page no one", s.name))
}

func (p *planner) planNewService(s *service) error {
	detail := []string{s.team, "policy " + orNone(s.policy), "urgency " + string(s.urgency)}
	if len(s.hours.Windows) > 0 {
		detail = append(detail, "business hours "+hoursText(s.hours))
	}
	if s.hold {
		detail = append(detail, "low urgency held outside business hours")
	}
	name := s.name
	p.add(Change{Action: Create, Kind: "service", Name: name, Detail: detail, phase: phaseServices,
		run: func(ctx context.Context, st Store, r *refs) error {
			want, err := s.domain(r)
			if err != nil {
				return err
			}
			made, err := st.CreateService(ctx, want)
			if err != nil {
				return err
			}
			r.services[name] = made.ID
			return nil
		}})
	if s.policy == "" {
		p.notePagesNoOne(s)
	}
	for _, in := range s.integrations {
		if err := p.planNewIntegration(s, in); err != nil {
			return err
		}
	}
	return nil
}

func (p *planner) diffService(tp *teamPlan, c paging.Service, s *service) []string {
	var out []string
	if c.Description != s.description {
		out = append(out, fmt.Sprintf("description %q → %q", c.Description, s.description))
	}
	have := ""
	if c.PolicyID != 0 {
		have = fmt.Sprintf("#%d", c.PolicyID)
		for name, pol := range tp.policies {
			if pol.ID == c.PolicyID {
				have = name
			}
		}
	}
	if have != s.policy {
		out = append(out, fmt.Sprintf("escalation_policy %s → %s", orNone(have), orNone(s.policy)))
	}
	if c.Urgency != s.urgency {
		out = append(out, fmt.Sprintf("urgency %s → %s", c.Urgency, s.urgency))
	}
	if a, b := hoursText(c.BusinessHours), hoursText(s.hours); a != b {
		out = append(out, fmt.Sprintf("business_hours %s → %s", a, b))
	}
	if c.HoldLowOutsideHours != s.hold {
		out = append(out, fmt.Sprintf("low_urgency_outside_business_hours %s → %s", holdText(c.HoldLowOutsideHours), holdText(s.hold)))
	}
	if have := cmp.Or(c.Incidents, incident.Manual); have != s.incidents {
		out = append(out, fmt.Sprintf("incidents %s → %s", have, s.incidents))
	}
	return out
}

// intakeText says where a monitor sends alerts with a key.
func intakeText(typ paging.IntegrationType, key string) string {
	if typ == paging.PagerDuty {
		return "POST /v2/enqueue with it as routing_key"
	}
	return "POST /api/v1/integrations/" + key + "/" + string(typ)
}

// keyTaken reports a fixed key that another integration has, or had.
func (p *planner) keyTaken(in *integration, hit paging.Integration) error {
	svc, err := p.service(hit.ServiceID)
	if err != nil {
		return err
	}
	if hit.RevokedAt != nil {
		p.problem(in.keyAt, "this key was the key of integration %s/%s, which is revoked; a revoked key stays revoked, so choose a new one", svc.Name, hit.Name)
		return nil
	}
	p.problem(in.keyAt, "this key is already the key of integration %s/%s; each integration has its own key", svc.Name, hit.Name)
	return nil
}

// planNewIntegration adds an integration to a service. Without a key in
// the file, Rota generates one, which the plan shows this once.
func (p *planner) planNewIntegration(s *service, in *integration) error {
	full := s.name + "/" + in.name
	c := Change{Action: Create, Kind: "integration", Name: full, Detail: []string{string(in.typ)}, phase: phaseIntegrations}
	key := in.key
	switch {
	case key != "":
		hit, err := p.st.IntegrationByKeyHash(p.ctx, paging.HashKey(key))
		switch {
		case err == nil:
			return p.keyTaken(in, hit)
		case !rota.IsCode(err, rota.ENotFound):
			return fmt.Errorf("look up the key of integration %s: %w", full, err)
		}
		c.Detail = append(c.Detail, "key from the file")
	case p.keys:
		key = paging.NewIntegrationKey()
		c.Key = key
		c.tail = ": key " + key + ", " + intakeText(in.typ, key)
		if !p.names.keysShown {
			p.names.keysShown = true
			p.plan.Notes = append(p.plan.Notes, "each generated integration key above is shown this once: Rota keeps only a hash of it. "+
				"Configure your monitors with it now; to replace a lost key, rename the integration and apply with --prune to revoke the old one")
		}
	default:
		c.tail = ": key generated when applied"
	}
	svc, name, typ := s.name, in.name, in.typ
	c.run = func(ctx context.Context, st Store, r *refs) error {
		id, ok := r.services[svc]
		if !ok {
			return fmt.Errorf("no id for service %s", svc)
		}
		_, err := st.CreateIntegration(ctx, id, name, typ, key)
		return err
	}
	p.add(c)
	return nil
}

// planIntegrations compares a stored service's active integrations with
// the file's, by name. A key given in the file is compared by its hash; an
// integration whose key Rota generated keeps it.
func (p *planner) planIntegrations(c paging.Service, s *service) error {
	ints, err := p.st.Integrations(p.ctx, c.ID)
	if err != nil {
		return fmt.Errorf("list integrations of service %s: %w", c.Name, err)
	}
	active := map[string]paging.Integration{}
	var extra []paging.Integration // active ones sharing a name with an older one
	for _, in := range ints {
		if in.RevokedAt != nil {
			continue
		}
		if _, dup := active[in.Name]; dup {
			extra = append(extra, in)
			continue
		}
		active[in.Name] = in
	}
	svcID := c.ID
	for _, in := range s.integrations {
		ci, ok := active[in.name]
		if !ok {
			if err := p.planNewIntegration(s, in); err != nil {
				return err
			}
			continue
		}
		delete(active, in.name)
		full := s.name + "/" + in.name
		if in.key != "" {
			hit, err := p.st.IntegrationByKeyHash(p.ctx, paging.HashKey(in.key))
			switch {
			case err == nil && hit.ID == ci.ID:
				// The stored key is the file's.
			case err == nil:
				if err := p.keyTaken(in, hit); err != nil {
					return err
				}
				continue
			case !rota.IsCode(err, rota.ENotFound):
				return fmt.Errorf("look up the key of integration %s: %w", full, err)
			default:
				detail := []string{"key changed; the old key stops working"}
				if ci.Type != in.typ {
					detail = append(detail, fmt.Sprintf("type %s → %s", ci.Type, in.typ))
				}
				oldID, name, typ, key := ci.ID, in.name, in.typ, in.key
				p.add(Change{Action: Update, Kind: "integration", Name: full, Detail: detail, phase: phaseIntegrations,
					run: func(ctx context.Context, st Store, _ *refs) error {
						if err := st.RevokeIntegration(ctx, svcID, oldID); err != nil {
							return err
						}
						_, err := st.CreateIntegration(ctx, svcID, name, typ, key)
						return err
					}})
				continue
			}
		}
		if ci.Type != in.typ {
			id, typ := ci.ID, in.typ
			p.add(Change{Action: Update, Kind: "integration", Name: full,
				Detail: []string{fmt.Sprintf("type %s → %s (same key, %s)", ci.Type, in.typ, intakeText(in.typ, ci.Prefix+"…"))}, phase: phaseIntegrations,
				run: func(ctx context.Context, st Store, _ *refs) error { return st.SetIntegrationType(ctx, svcID, id, typ) }})
		}
	}
	if !p.prune || !s.listsIntegrations {
		return nil
	}
	var gone []paging.Integration
	for _, in := range active {
		gone = append(gone, in)
	}
	slices.SortFunc(gone, func(a, b paging.Integration) int { return strings.Compare(a.Name, b.Name) })
	for _, in := range append(gone, extra...) {
		id := in.ID
		p.add(Change{Action: Delete, Kind: "integration", Name: s.name + "/" + in.Name,
			Detail: []string{string(in.Type), "key " + in.Prefix + "…"}, phase: phasePruneIntegrations,
			run: func(ctx context.Context, st Store, _ *refs) error { return st.RevokeIntegration(ctx, svcID, id) }})
	}
	return nil
}

// resolveService checks that a rule's service is in the file or the
// database, and records the id of one only the database holds.
func (p *planner) resolveService(r *rule) error {
	if _, ok := p.f.services[r.service]; ok {
		return nil
	}
	if _, ok := p.refs.services[r.service]; ok {
		return nil
	}
	sv, err := p.st.ServiceByName(p.ctx, r.service)
	switch {
	case rota.IsCode(err, rota.ENotFound):
		names := make([]string, 0, len(p.f.services))
		for name := range p.f.services {
			names = append(names, name)
		}
		slices.Sort(names)
		p.problem(r.serviceAt, "no service %q, in this file or the database%s", r.service, didYouMean(r.service, names))
		return nil
	case err != nil:
		return fmt.Errorf("look up service %s: %w", r.service, err)
	}
	owner, err := p.teamName(sv.TeamID)
	if err != nil {
		return err
	}
	if ft := p.f.team(owner); ft != nil && ft.lists["services"] && p.prune {
		p.problem(r.serviceAt, "service %s of team %s is not in this file, so --prune deletes it; declare it or route to another service", r.service, owner)
		return nil
	}
	p.refs.services[r.service] = sv.ID
	p.names.services[sv.ID] = sv
	return nil
}

// ruleText writes a rule on one line: "db: field summary regex "…" and
// label env equals "prod" → checkout".
func ruleText(name string, ms []paging.Match, service string) string {
	conds := make([]string, len(ms))
	for i, m := range ms {
		what := "label " + m.Label
		if m.Field != "" {
			what = "field " + m.Field
		}
		op := m.Op
		if op == "" {
			op = "equals"
		}
		conds[i] = fmt.Sprintf("%s %s %q", what, op, m.Value)
	}
	s := strings.Join(conds, " and ") + " → " + service
	if name != "" {
		s = name + ": " + s
	}
	return s
}

// planRules replaces the stored routing rules with the file's when the
// file has routing_rules; they are one ordered list for every team, so
// the change is one update.
func planRules(p *planner, f *File) error {
	if !f.hasRules {
		return nil
	}
	for _, r := range f.rules {
		if err := p.resolveService(r); err != nil {
			return err
		}
	}
	cur, err := p.storedRules()
	if err != nil {
		return err
	}
	have := make([]string, len(cur))
	var others []string // stored rules routing to other teams' services that the file drops
	want := make([]string, len(f.rules))
	for i, r := range f.rules {
		want[i] = ruleText(r.name, r.matches, r.service)
	}
	for i, r := range cur {
		svc, err := p.service(r.ServiceID)
		if err != nil {
			return err
		}
		have[i] = ruleText(r.Name, r.Matches, svc.Name)
		owner, err := p.teamName(svc.TeamID)
		if err != nil {
			return err
		}
		if f.team(owner) == nil && !slices.Contains(want, have[i]) {
			others = append(others, fmt.Sprintf("%s (team %s)", svc.Name, owner))
		}
	}
	if slices.Equal(have, want) {
		return nil
	}
	var detail []string
	if len(have) != len(want) {
		detail = append(detail, fmt.Sprintf("%d → %s", len(have), plural(len(want), "rule")))
	}
	for i := range max(len(have), len(want)) {
		switch {
		case i >= len(have):
			detail = append(detail, fmt.Sprintf("add rule %d: %s", i+1, want[i]))
		case i >= len(want):
			detail = append(detail, fmt.Sprintf("remove rule %d: %s", i+1, have[i]))
		case have[i] != want[i]:
			detail = append(detail, fmt.Sprintf("rule %d: %s (was %s)", i+1, want[i], have[i]))
		}
	}
	if len(others) > 0 {
		p.plan.Notes = append(p.plan.Notes, fmt.Sprintf("routing rules are one list for all teams: this file's routing_rules drops %s routing to %s",
			plural(len(others), "rule"), strings.Join(slices.Compact(others), ", ")))
	}
	p.add(Change{Action: Update, Kind: "routing rules", Detail: detail, phase: phaseRoutingRules,
		run: func(ctx context.Context, st Store, r *refs) error {
			rules := make([]paging.RoutingRule, len(f.rules))
			for i, fr := range f.rules {
				id, ok := r.services[fr.service]
				if !ok {
					return fmt.Errorf("no id for service %s", fr.service)
				}
				rules[i] = paging.RoutingRule{Name: fr.name, Matches: slices.Clone(fr.matches), ServiceID: id}
			}
			_, err := st.SetRoutingRules(ctx, rules)
			return err
		}})
	return nil
}
