package apply

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
)

// Limits the store does not check but a file should keep to.
const (
	maxPagingName = 100 // policy, service, integration and rule names
	minKey        = 16  // what the store accepts for an integration key
	maxKey        = 128
)

// defaultRepeatAfter is what paging.Policy.Validate assumes when
// repeat_after is left out; the file's policy says it explicitly so that
// it compares equal with the stored one.
const defaultRepeatAfter = 30 * time.Minute

// policy is an escalation policy as the file declares it.
type policy struct {
	name        string
	at          value
	path        string
	repeat      int
	repeatAfter time.Duration
	steps       []step
}

type step struct {
	after   time.Duration
	targets []target
}

// target is a schedule tier or a user. A schedule is named by team and
// name; the team is the policy's own unless the file wrote team/schedule.
type target struct {
	team     string
	schedule string
	tier     scheduler.Tier
	email    string
	at       value // the schedule or user, where planning reports it unknown
}

func (t target) scheduleName() string { return t.team + "/" + t.schedule }

// service is a service as the file declares it.
type service struct {
	name         string
	at           value
	path         string
	team         string
	description  string
	policy       string // "" for none
	policyAt     value
	urgency      paging.UrgencyRule
	hours        paging.BusinessHours
	hold         bool
	incidents    incident.Mode
	integrations []*integration
	// listsIntegrations is true when the file has the integrations key,
	// so that --prune revokes the ones it leaves out.
	listsIntegrations bool
}

// integration is one of a service's integration keys, identified by the
// service and its name. key is "" when Rota generates the key.
type integration struct {
	name  string
	at    value
	typ   paging.IntegrationType
	key   string
	keyAt value
}

// rule is a routing rule as the file declares it.
type rule struct {
	name      string
	path      string
	matches   []paging.Match
	service   string
	serviceAt value
}

func (f *File) team(name string) *team {
	for _, t := range f.teams {
		if t.name == name {
			return t
		}
	}
	return nil
}

func (t *team) schedule(name string) *schedule {
	for _, s := range t.schedules {
		if s.name == name {
			return s
		}
	}
	return nil
}

func (t *team) policy(name string) *policy {
	for _, p := range t.policies {
		if p.name == name {
			return p
		}
	}
	return nil
}

// name reads a required name of at most maxPagingName characters.
func (d *decoder) name(m *mapping) (string, value) {
	v := d.required(m, "name")
	if !v.set {
		return "", v
	}
	name := strings.TrimSpace(v.s)
	if len(name) > maxPagingName {
		d.errorf(v.pos, v.path, "a name is at most %d characters", maxPagingName)
		return "", v
	}
	return name, v
}

// minutes reads a duration in whole minutes: 0m, 5m, 1h, 1h30m.
func (d *decoder) minutes(v value) (time.Duration, bool) {
	dur, err := time.ParseDuration(strings.TrimSpace(v.s))
	if err != nil || dur < 0 || dur%time.Minute != 0 {
		key := v.path[strings.LastIndexByte(v.path, '.')+1:]
		d.errorf(v.pos, v.path, "%s must be whole minutes like 0m, 5m, 1h or 1h30m, not %q", key, v.s)
		return 0, false
	}
	return dur, true
}

// invalidAt reports a domain validation error whose field is relative to
// path, at the nearest place the decoder saw.
func (d *decoder) invalidAt(err error, path string, fallback Pos) {
	field := ""
	var fe interface{ ErrorField() string }
	if errors.As(err, &fe) {
		field = fe.ErrorField()
	}
	full := path
	if field != "" {
		full = join(path, field)
	}
	d.errorf(d.nearestPos(full, fallback), full, "%s", rota.ErrorMessage(err))
}

func decodePolicies(d *decoder, e entry, _ *File, t *team) {
	items, _ := d.listNode(e.val, e.path, e.kpos)
	seen := map[string]value{}
	for _, it := range items {
		p := d.decodePolicy(it, t)
		if p == nil || p.name == "" {
			continue
		}
		if first, dup := seen[p.name]; dup {
			d.errorf(p.at.pos, p.at.path, "team %s has two escalation policies named %q (first at line %d)", t.at.s, p.name, first.pos.Line)
			continue
		}
		seen[p.name] = p.at
		t.policies = append(t.policies, p)
	}
}

func (d *decoder) decodePolicy(it item, t *team) *policy {
	m, ok := d.mapping(it.node, it.path, it.pos)
	if !ok {
		return nil
	}
	before := len(d.probs)
	m.check(d, []string{"name", "repeat", "repeat_after", "steps"}, nil)
	p := &policy{path: it.path, repeatAfter: defaultRepeatAfter}
	p.name, p.at = d.name(m)
	if v := d.scalar(m, "repeat"); v.set {
		n, err := strconv.Atoi(strings.TrimSpace(v.s))
		if err != nil {
			d.errorf(v.pos, v.path, "repeat must be a whole number of passes from 0 to %d, not %q", paging.MaxRepeat, v.s)
		}
		p.repeat = n
	}
	if v := d.scalar(m, "repeat_after"); v.set {
		p.repeatAfter, _ = d.minutes(v)
	}
	steps, _ := d.list(m, "steps")
	for _, it := range steps {
		p.steps = append(p.steps, d.decodeStep(it, t))
	}
	if len(d.probs) > before {
		return p
	}
	// The policy's own rules, with stand-in ids for the targets, whose
	// existence is checked when planning.
	probe := paging.Policy{Name: p.name, Repeat: p.repeat, RepeatAfter: p.repeatAfter}
	for _, s := range p.steps {
		ps := paging.Step{After: s.after}
		for _, tg := range s.targets {
			pt := paging.Target{Tier: tg.tier}
			if tg.schedule != "" {
				pt.ScheduleID = 1
			}
			if tg.email != "" {
				pt.UserID = 1
			}
			ps.Targets = append(ps.Targets, pt)
		}
		probe.Steps = append(probe.Steps, ps)
	}
	if err := probe.Validate(); err != nil {
		d.invalidAt(err, p.path, m.pos)
	}
	return p
}

func (d *decoder) decodeStep(it item, t *team) step {
	var s step
	m, ok := d.mapping(it.node, it.path, it.pos)
	if !ok {
		return s
	}
	m.check(d, []string{"after", "targets"}, nil)
	if v := d.required(m, "after"); v.set {
		s.after, _ = d.minutes(v)
	}
	targets, _ := d.list(m, "targets")
	for _, it := range targets {
		tm, ok := d.mapping(it.node, it.path, it.pos)
		if !ok {
			continue
		}
		tm.check(d, []string{"schedule", "tier", "user"}, nil)
		tg := target{at: value{pos: tm.pos, path: it.path}}
		sched, tier, user := d.scalar(tm, "schedule"), d.scalar(tm, "tier"), d.scalar(tm, "user")
		if sched.set {
			tg.at = sched
			name := strings.TrimSpace(sched.s)
			tg.team, tg.schedule = t.name, name
			if team, rest, cut := strings.Cut(name, "/"); cut && t.schedule(name) == nil {
				tg.team, tg.schedule = strings.TrimSpace(team), strings.TrimSpace(rest)
			}
			if tg.team == "" || tg.schedule == "" {
				d.errorf(sched.pos, sched.path, "schedule names a schedule of this team, or another team's as team/schedule, not %q", sched.s)
			}
			if !tier.set {
				d.errorf(tm.pos, join(it.path, "tier"), "a schedule target needs tier: primary or secondary")
			}
		}
		if tier.set {
			tg.tier = scheduler.Tier(strings.TrimSpace(tier.s))
			if !sched.set {
				d.errorf(tier.pos, tier.path, "tier goes with schedule; a user target has no tier")
			}
		}
		if user.set {
			if !sched.set {
				tg.at = user
			}
			if d.checkUser(user, func(p *rota.User) { p.Email = user.s }) {
				tg.email = rota.NormalizeEmail(user.s)
			} else {
				tg.email = "?" // reported; keeps "a target is one or the other" right
			}
		}
		s.targets = append(s.targets, tg)
	}
	return s
}

func decodeServices(d *decoder, e entry, f *File, t *team) {
	items, _ := d.listNode(e.val, e.path, e.kpos)
	for _, it := range items {
		s := d.decodeService(it, f, t)
		if s == nil || s.name == "" {
			continue
		}
		if first, dup := f.services[s.name]; dup {
			d.errorf(s.at.pos, s.at.path, "service %q is declared twice (first at line %d); service names are unique across teams", s.name, first.at.pos.Line)
			continue
		}
		f.services[s.name] = s
		t.services = append(t.services, s)
	}
}

func (d *decoder) decodeService(it item, f *File, t *team) *service {
	m, ok := d.mapping(it.node, it.path, it.pos)
	if !ok {
		return nil
	}
	m.check(d, []string{"name", "description", "escalation_policy", "urgency", "business_hours",
		"low_urgency_outside_business_hours", "incidents", "integrations"}, nil)
	s := &service{path: it.path, team: t.name, urgency: paging.UrgencyFromSeverity, incidents: incident.Manual}
	s.name, s.at = d.name(m)
	if v := d.scalar(m, "description"); v.set {
		s.description = strings.TrimSpace(v.s)
	}
	if e, ok := m.get("escalation_policy"); ok {
		v := d.scalarNode(e.val, e.path, e.kpos)
		s.policyAt = v
		s.policy = strings.TrimSpace(v.s)
		if s.policy == "" {
			d.errorf(v.pos, v.path, "escalation_policy names one of the team's escalation policies; leave it out for a service that pages no one")
		}
	}
	if v := d.scalar(m, "urgency"); v.set {
		s.urgency = paging.UrgencyRule(strings.TrimSpace(v.s))
		switch s.urgency {
		case paging.UrgencyHigh, paging.UrgencyLow, paging.UrgencyFromSeverity:
		default:
			d.errorf(v.pos, v.path, "urgency must be high, low or from-severity, not %q", v.s)
		}
	}
	if e, ok := m.get("business_hours"); ok {
		s.hours = d.decodeHours(e)
	}
	if v := d.scalar(m, "incidents"); v.set {
		mode, err := incident.ParseMode(v.s)
		if err != nil || strings.TrimSpace(v.s) == "" {
			d.errorf(v.pos, v.path, "incidents must be manual or auto, not %q", v.s)
		}
		s.incidents = mode
	}
	if v := d.scalar(m, "low_urgency_outside_business_hours"); v.set {
		switch strings.TrimSpace(v.s) {
		case "page":
		case "hold":
			s.hold = true
			if _, ok := m.get("business_hours"); !ok {
				d.errorf(v.pos, v.path, "holding low-urgency alerts until business hours needs business_hours")
			}
		default:
			d.errorf(v.pos, v.path, "low_urgency_outside_business_hours must be hold or page, not %q", v.s)
		}
	}
	_, s.listsIntegrations = m.get("integrations")
	items, _ := d.list(m, "integrations")
	seen := map[string]value{}
	for _, it := range items {
		in := d.decodeIntegration(it, f)
		if in == nil || in.name == "" {
			continue
		}
		if first, dup := seen[in.name]; dup {
			d.errorf(in.at.pos, in.at.path, "service %s has two integrations named %q (first at line %d)", s.name, in.name, first.pos.Line)
			continue
		}
		seen[in.name] = in.at
		s.integrations = append(s.integrations, in)
	}
	return s
}

// decodeHours reads business_hours: {time_zone, windows}.
func (d *decoder) decodeHours(e entry) paging.BusinessHours {
	var h paging.BusinessHours
	m, ok := d.mapping(e.val, e.path, e.kpos)
	if !ok {
		return h
	}
	before := len(d.probs)
	m.check(d, []string{"time_zone", "windows"}, nil)
	if v := d.required(m, "time_zone"); v.set {
		h.TimeZone = strings.TrimSpace(v.s)
		if _, err := scheduler.LocalInstant(h.TimeZone, scheduler.LocalDateTime{Date: scheduler.Date{Year: 2000, Month: 1, Day: 1}}); err != nil {
			d.errorf(v.pos, v.path, "unknown time zone %q (want an IANA name such as Europe/Berlin)", v.s)
		}
	}
	we, _ := m.get("windows")
	n := len(d.probs)
	items, _ := d.list(m, "windows")
	if len(items) == 0 && len(d.probs) == n {
		d.errorf(d.nearestPos(we.path, m.pos), we.path,
			`business hours need windows, like [{days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00"}]; leave business_hours out for none`)
	}
	h.Windows = d.decodeWindows(items, "business-hours window")
	if len(d.probs) > before {
		return h
	}
	if _, err := paging.CompileHours(h); err != nil {
		var ve *scheduler.ValidationError
		if errors.As(err, &ve) {
			path := join(e.path, ve.Field)
			d.errorf(d.nearestPos(path, m.pos), path, "%s", ve.Message)
		} else {
			d.errorf(m.pos, e.path, "%s", rota.ErrorMessage(err))
		}
	}
	return h
}

// validKey reports whether a fixed integration key can stand in an
// intake URL as it is.
func validKey(k string) bool {
	if len(k) < minKey || len(k) > maxKey {
		return false
	}
	for _, c := range k {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == '~':
		default:
			return false
		}
	}
	return true
}

func (d *decoder) decodeIntegration(it item, f *File) *integration {
	m, ok := d.mapping(it.node, it.path, it.pos)
	if !ok {
		return nil
	}
	m.check(d, []string{"name", "type", "key"}, nil)
	in := &integration{}
	in.name, in.at = d.name(m)
	if v := d.required(m, "type"); v.set {
		in.typ = paging.IntegrationType(strings.TrimSpace(v.s))
		switch in.typ {
		case paging.Alertmanager, paging.Generic, paging.PagerDuty:
		default:
			d.errorf(v.pos, v.path, "type must be alertmanager, generic or pagerduty, not %q", v.s)
		}
	}
	if v := d.scalar(m, "key"); v.set {
		in.keyAt = v
		switch {
		case !validKey(v.s):
			d.errorf(v.pos, v.path, "an integration key is %d to %d characters from A-Z, a-z, 0-9, '-', '_', '.' and '~'; leave key out to have one generated",
				minKey, maxKey)
		default:
			if first, dup := f.keys[v.s]; dup {
				d.errorf(v.pos, v.path, "the same key is given at line %d; each integration has its own key", first.pos.Line)
			} else {
				f.keys[v.s] = v
				in.key = v.s
			}
		}
	}
	return in
}

func decodeRules(d *decoder, e entry, f *File) {
	f.hasRules = true
	items, _ := d.listNode(e.val, e.path, e.kpos)
	for _, it := range items {
		if r := d.decodeRule(it); r != nil {
			f.rules = append(f.rules, r)
		}
	}
}

func (d *decoder) decodeRule(it item) *rule {
	m, ok := d.mapping(it.node, it.path, it.pos)
	if !ok {
		return nil
	}
	before := len(d.probs)
	m.check(d, []string{"name", "match", "service"}, nil)
	r := &rule{path: it.path}
	if v := d.scalar(m, "name"); v.set {
		r.name = strings.TrimSpace(v.s)
		if len(r.name) > maxPagingName {
			d.errorf(v.pos, v.path, "a name is at most %d characters", maxPagingName)
		}
	}
	if v := d.required(m, "service"); v.set {
		r.service, r.serviceAt = strings.TrimSpace(v.s), v
	}
	// match is one condition or a list of them, all of which must hold.
	var conds []item
	if e, ok := m.get("match"); !ok {
		d.errorf(m.pos, e.path, "match is required, like {label: team, equals: payments}")
	} else if _, list := d.resolve(e.val, e.path).(*ast.SequenceNode); list {
		conds, _ = d.listNode(e.val, e.path, e.kpos)
		if len(conds) == 0 {
			d.errorf(d.nearestPos(e.path, m.pos), e.path, "match lists no conditions")
		}
	} else {
		conds = []item{{node: e.val, path: e.path, pos: e.kpos}}
	}
	var paths []string
	for _, c := range conds {
		cm, ok := d.mapping(c.node, c.path, c.pos)
		if !ok {
			continue
		}
		cm.check(d, []string{"label", "field", "equals", "regex"}, nil)
		label, field, equals, regex := d.scalar(cm, "label"), d.scalar(cm, "field"), d.scalar(cm, "equals"), d.scalar(cm, "regex")
		var mt paging.Match
		switch {
		case label.set && field.set:
			d.errorf(field.pos, field.path, "a condition matches a label or a field, not both")
		case !label.set && !field.set:
			d.errorf(cm.pos, c.path, "a condition names a label (label: team) or a field (field: summary)")
		case label.set:
			mt.Label = strings.TrimSpace(label.s)
			if mt.Label == "" {
				d.errorf(label.pos, label.path, "label must not be empty")
			}
		default:
			mt.Field = strings.TrimSpace(field.s)
		}
		switch {
		case equals.set && regex.set:
			d.errorf(regex.pos, regex.path, "a condition is equals or regex, not both")
		case equals.set:
			mt.Op, mt.Value = "equals", equals.s
		case regex.set:
			mt.Op, mt.Value = "regex", regex.s
		default:
			d.errorf(cm.pos, c.path, "a condition needs equals: VALUE or regex: PATTERN")
		}
		r.matches = append(r.matches, mt)
		paths = append(paths, c.path)
	}
	if len(d.probs) > before {
		return r
	}
	// The router's own checks (fields, regular expressions), with a
	// stand-in for the service, which planning looks up.
	if err := paging.ValidateRules([]paging.RoutingRule{{Matches: r.matches, ServiceID: 1}}); err != nil {
		var fe interface{ ErrorField() string }
		field := ""
		if errors.As(err, &fe) {
			field = fe.ErrorField()
		}
		path := r.path
		if rest, ok := strings.CutPrefix(field, "rules[0].match["); ok {
			if i, after, ok := strings.Cut(rest, "]"); ok {
				if j, err := strconv.Atoi(i); err == nil && j < len(paths) {
					path = paths[j] + after
				}
			}
		}
		d.errorf(d.nearestPos(path, m.pos), path, "%s", rota.ErrorMessage(err))
	}
	return r
}
