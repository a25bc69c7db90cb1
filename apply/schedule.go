package apply

import (
	"errors"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/scheduler"
)

// maxOverrideLength matches what the store accepts for one override.
const maxOverrideLength = 366 * 24 * time.Hour

// maxScheduleName matches what the store accepts for a schedule's name.
const maxScheduleName = 100

type schedule struct {
	name      string
	at        value
	path      string
	zone      string
	holidays  []scheduler.Date
	pairing   string
	layers    []scheduler.Layer // in tier order, then file order; participants are emails
	overrides []override
}

// override is an override as the file declares it: local times in the
// schedule's zone, and the instants they stand for.
type override struct {
	tier       scheduler.Tier
	email      string
	from, to   scheduler.LocalDateTime
	start, end time.Time
}

func decodeSchedules(d *decoder, e entry, _ *File, t *team) {
	items, _ := d.listNode(e.val, e.path, e.kpos)
	seen := map[string]value{}
	for _, it := range items {
		s := d.decodeSchedule(it, t)
		if s == nil || s.name == "" {
			continue
		}
		if first, dup := seen[s.name]; dup {
			d.errorf(s.at.pos, s.at.path, "team %s has two schedules named %q (first at line %d)", t.at.s, s.name, first.pos.Line)
			continue
		}
		seen[s.name] = s.at
		t.schedules = append(t.schedules, s)
	}
}

func (d *decoder) decodeSchedule(it item, t *team) *schedule {
	m, ok := d.mapping(it.node, it.path, it.pos)
	if !ok {
		return nil
	}
	before := len(d.probs)
	m.check(d, []string{"name", "time_zone", "holidays", "pairing", "tiers", "overrides"}, nil)
	s := &schedule{path: it.path}
	s.at = d.required(m, "name")
	if s.at.set {
		s.name = strings.TrimSpace(s.at.s)
		if len(s.name) > maxScheduleName {
			d.errorf(s.at.pos, s.at.path, "a schedule name is at most %d characters", maxScheduleName)
		}
	}
	zoneOK := false
	if v := d.required(m, "time_zone"); v.set {
		s.zone = strings.TrimSpace(v.s)
		if _, err := scheduler.LocalInstant(s.zone, scheduler.LocalDateTime{Date: scheduler.Date{Year: 2000, Month: 1, Day: 1}}); err != nil {
			d.errorf(v.pos, v.path, "unknown time zone %q (want an IANA name such as Europe/Berlin)", v.s)
		} else {
			zoneOK = true
		}
	}
	if items, ok := d.list(m, "holidays"); ok {
		for _, it := range items {
			n := len(d.probs)
			v := d.scalarNode(it.node, it.path, it.pos)
			if !v.set {
				if len(d.probs) == n {
					d.errorf(v.pos, v.path, "want a date such as 2026-12-25")
				}
				continue
			}
			day, err := scheduler.ParseDate(v.s)
			if err != nil {
				d.errorf(v.pos, v.path, "%s", rota.ErrorMessage(err))
				continue
			}
			if day.Year < scheduler.MinYear || day.Year > scheduler.MaxYear {
				d.errorf(v.pos, v.path, "%s is not a date between %d and %d", day, scheduler.MinYear, scheduler.MaxYear)
				continue
			}
			s.holidays = append(s.holidays, day)
		}
	}
	if v := d.scalar(m, "pairing"); v.set {
		switch strings.TrimSpace(v.s) {
		case "none", "":
		case scheduler.PairingMixed:
			s.pairing = scheduler.PairingMixed
		default:
			d.errorf(v.pos, v.path, "pairing must be mixed or none, not %q", v.s)
		}
	}
	if e, ok := m.get("tiers"); ok {
		d.decodeTiers(e, s, t)
	}
	if items, ok := d.list(m, "overrides"); ok {
		seen := map[override]value{}
		for _, it := range items {
			o, at, ok := d.decodeOverride(it, s, t, zoneOK)
			if !ok {
				continue
			}
			key := o
			key.start, key.end = time.Time{}, time.Time{}
			if first, dup := seen[key]; dup {
				d.errorf(at.pos, it.path, "the same override is listed twice (first at line %d)", first.pos.Line)
				continue
			}
			seen[key] = at
			s.overrides = append(s.overrides, o)
		}
	}
	if len(d.probs) == before && zoneOK {
		d.compile(s, t)
	}
	return s
}

func (d *decoder) decodeTiers(e entry, s *schedule, t *team) {
	m, ok := d.mapping(e.val, e.path, e.kpos)
	if !ok {
		return
	}
	d.at[e.path] = m.pos
	names := make([]string, len(scheduler.AllTiers))
	for i, tier := range scheduler.AllTiers {
		names[i] = string(tier)
	}
	m.check(d, names, nil)
	seen := map[string]value{}
	for _, tier := range scheduler.AllTiers {
		items, _ := d.list(m, string(tier))
		for _, it := range items {
			l, name, ok := d.decodeLayer(it, tier, t)
			if l.Name != "" {
				if first, dup := seen[l.Name]; dup {
					d.errorf(name.pos, name.path, "schedule %s has two layers named %q (first at line %d); a name identifies a layer in the plan",
						s.name, l.Name, first.pos.Line)
					continue
				}
				seen[l.Name] = name
			}
			if ok {
				s.layers = append(s.layers, l)
			}
		}
	}
}

func (d *decoder) decodeLayer(it item, tier scheduler.Tier, t *team) (scheduler.Layer, value, bool) {
	l := scheduler.Layer{Tier: tier}
	m, ok := d.mapping(it.node, it.path, it.pos)
	if !ok {
		return l, value{}, false
	}
	before := len(d.probs)
	m.check(d, []string{"name", "participants", "start", "shift", "coverage"}, nil)
	name := d.required(m, "name")
	if name.set {
		l.Name = strings.TrimSpace(name.s)
	}
	n := len(d.probs)
	items, _ := d.list(m, "participants")
	if len(items) == 0 && len(d.probs) == n {
		e, _ := m.get("participants")
		d.errorf(d.nearestPos(e.path, m.pos), e.path, "a layer needs at least one participant")
	}
	for _, it := range items {
		n := len(d.probs)
		v := d.scalarNode(it.node, it.path, it.pos)
		if !v.set {
			if len(d.probs) == n {
				d.errorf(v.pos, v.path, "want a member's email")
			}
			continue
		}
		email := rota.NormalizeEmail(v.s)
		if _, member := t.memberIx[email]; !member {
			d.errorf(v.pos, v.path, "%s is not a member of team %s; add them under members", email, t.at.s)
			continue
		}
		l.Participants = append(l.Participants, email)
	}
	if v := d.required(m, "start"); v.set {
		start, err := scheduler.ParseLocalDateTime(v.s)
		switch {
		case err != nil:
			d.errorf(v.pos, v.path, "%s", rota.ErrorMessage(err))
		case !start.Valid() || start.Year < scheduler.MinYear || start.Year > scheduler.MaxYear:
			d.errorf(v.pos, v.path, "%s is not a valid local date and time between %d and %d", v.s, scheduler.MinYear, scheduler.MaxYear)
		default:
			l.Start = start
		}
	}
	if v := d.required(m, "shift"); v.set {
		shift, err := scheduler.ParseShiftLength(v.s)
		if err != nil {
			d.errorf(v.pos, v.path, "%s", rota.ErrorMessage(err))
		}
		l.Shift = shift
	}
	if e, ok := m.get("coverage"); ok {
		l.Coverage = d.decodeCoverage(e)
	}
	return l, name, len(d.probs) == before
}

func (d *decoder) decodeCoverage(e entry) []scheduler.Window {
	const want = `coverage must be "always" or a list of windows like {days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00"}`
	r := d.resolve(e.val, e.path)
	if r == nil {
		return nil // null: always
	}
	if _, list := r.(*ast.SequenceNode); !list {
		v := d.scalarNode(e.val, e.path, e.kpos)
		if strings.TrimSpace(v.s) != "always" {
			d.errorf(v.pos, v.path, "%s, not %q", want, v.s)
		}
		return nil
	}
	items, ok := d.listNode(e.val, e.path, e.kpos)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.errorf(d.at[e.path], e.path, "coverage lists no windows; write always for round-the-clock cover")
		return nil
	}
	return d.decodeWindows(items, "coverage window")
}

// decodeWindows reads weekly windows ({days, from, to}); what names one in
// problems ("coverage window", "business-hours window"). Only the windows
// without problems are returned.
func (d *decoder) decodeWindows(items []item, what string) []scheduler.Window {
	var out []scheduler.Window
	for _, it := range items {
		m, ok := d.mapping(it.node, it.path, it.pos)
		if !ok {
			continue
		}
		m.check(d, []string{"days", "from", "to"}, nil)
		var w scheduler.Window
		good := true
		n := len(d.probs)
		days, _ := d.list(m, "days")
		if len(days) == 0 {
			if len(d.probs) == n {
				de, _ := m.get("days")
				d.errorf(d.nearestPos(de.path, m.pos), de.path, "a %s needs days, like [mon, tue, wed, thu, fri]", what)
			}
			good = false
		}
		for _, it := range days {
			n := len(d.probs)
			v := d.scalarNode(it.node, it.path, it.pos)
			if len(d.probs) > n {
				good = false
				continue
			}
			day, err := scheduler.ParseWeekday(v.s)
			if err != nil {
				d.errorf(v.pos, v.path, "%s", rota.ErrorMessage(err))
				good = false
				continue
			}
			w.Days = append(w.Days, day)
		}
		from, to := d.required(m, "from"), d.required(m, "to")
		okFrom, okTo := from.set, to.set
		if from.set {
			tod, err := scheduler.ParseTimeOfDay(from.s)
			switch {
			case err != nil:
				d.errorf(from.pos, from.path, "%s", rota.ErrorMessage(err))
				okFrom = false
			case tod.Hour == 24:
				d.errorf(from.pos, from.path, "24:00 can only end a window; start it at 00:00")
				okFrom = false
			}
			w.From = tod
		}
		if to.set {
			tod, err := scheduler.ParseTimeOfDay(to.s)
			if err != nil {
				d.errorf(to.pos, to.path, "%s", rota.ErrorMessage(err))
				okTo = false
			}
			w.To = tod
		}
		if okFrom && okTo && w.From == w.To {
			d.errorf(to.pos, to.path, "a %s must not start and end at the same time (%s)", what, w.From)
			okTo = false
		}
		good = good && okFrom && okTo
		if good {
			out = append(out, w)
		}
	}
	return out
}

func (d *decoder) decodeOverride(it item, s *schedule, t *team, zoneOK bool) (override, value, bool) {
	var o override
	m, ok := d.mapping(it.node, it.path, it.pos)
	if !ok {
		return o, value{}, false
	}
	before := len(d.probs)
	m.check(d, []string{"tier", "user", "from", "to"}, nil)
	if v := d.required(m, "tier"); v.set {
		o.tier = scheduler.Tier(strings.TrimSpace(v.s))
		switch o.tier {
		case scheduler.TierPrimary, scheduler.TierSecondary, scheduler.TierShadow:
		default:
			d.errorf(v.pos, v.path, "tier must be primary, secondary or shadow, not %q", v.s)
		}
	}
	at := d.required(m, "user")
	if at.set {
		o.email = rota.NormalizeEmail(at.s)
		if _, member := t.memberIx[o.email]; !member {
			d.errorf(at.pos, at.path, "%s is not a member of team %s; add them under members", o.email, t.at.s)
		}
	}
	local := func(key string) (scheduler.LocalDateTime, value, bool) {
		v := d.required(m, key)
		if !v.set {
			return scheduler.LocalDateTime{}, v, false
		}
		l, err := scheduler.ParseLocalDateTime(v.s)
		if err == nil && !l.Valid() {
			err = errors.New(v.s + " is not a valid local date and time")
		}
		if err != nil {
			d.errorf(v.pos, v.path, "%s", rota.ErrorMessage(err))
			return l, v, false
		}
		return l, v, true
	}
	from, _, okFrom := local("from")
	to, toV, okTo := local("to")
	o.from, o.to = from, to
	if okFrom && okTo && zoneOK {
		o.start, _ = scheduler.LocalInstant(s.zone, from)
		o.end, _ = scheduler.LocalInstant(s.zone, to)
		switch {
		case !o.end.After(o.start):
			d.errorf(toV.pos, toV.path, "an override must end after it starts (from %s, to %s in %s)", from, to, s.zone)
		case o.end.Sub(o.start) > maxOverrideLength:
			d.errorf(toV.pos, toV.path, "an override lasts at most a year")
		}
	}
	return o, value{pos: m.pos, path: it.path}, len(d.probs) == before
}

// compile runs the scheduler's own validation over the schedule as the
// team will have it, and maps a problem it finds back to the file.
func (d *decoder) compile(s *schedule, t *team) {
	sch := scheduler.Schedule{Name: s.name, TimeZone: s.zone, Holidays: s.holidays, Pairing: s.pairing,
		Members: t.engineers(), Layers: s.layers}
	for _, o := range s.overrides {
		sch.Overrides = append(sch.Overrides, scheduler.Override{Tier: o.tier, EngineerID: o.email, Start: o.start, End: o.end})
	}
	_, err := scheduler.Compile(sch)
	if err == nil {
		return
	}
	var ve *scheduler.ValidationError
	if !errors.As(err, &ve) {
		d.errorf(s.at.pos, s.path, "%s", err)
		return
	}
	path := d.filePath(ve.Field, s, t)
	d.errorf(d.nearestPos(path, s.at.pos), path, "%s", ve.Message)
}

// filePath turns a field path of the scheduler (relative to a schedule:
// "tiers.primary[1].shift", "overrides[0].end", "members[2].id") into
// the path of the same thing in the file.
func (d *decoder) filePath(field string, s *schedule, t *team) string {
	if rest, ok := strings.CutPrefix(field, "members"); ok {
		rest = strings.Replace(rest, ".id", ".email", 1)
		return t.path + ".members" + rest
	}
	if strings.HasPrefix(field, "overrides[") {
		if i := strings.LastIndexByte(field, '.'); i >= 0 {
			switch field[i+1:] {
			case "start":
				field = field[:i] + ".from"
			case "end":
				field = field[:i] + ".to"
			case "engineer":
				field = field[:i] + ".user"
			}
		}
	}
	if field == "" {
		return s.path
	}
	return s.path + "." + field
}

// nearestPos returns the position of path, or of the nearest enclosing
// thing the decoder saw.
func (d *decoder) nearestPos(path string, fallback Pos) Pos {
	for path != "" {
		if at, ok := d.at[path]; ok {
			return at
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return fallback
}
