package apply

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/scheduler"
)

// actor is who the audit log names for changes made by apply: nobody
// signed in, which the store records as NULL.
const actor = 0

// planSchedules creates and updates the team's schedules and their
// overrides; with prune it deletes the schedules and overrides the file
// leaves out.
func planSchedules(p *planner, tp *teamPlan) error {
	t := tp.team
	var cur []rota.Schedule
	if tp.exists {
		var err error
		if cur, err = p.st.Schedules(p.ctx, tp.id); err != nil {
			return fmt.Errorf("list schedules of team %s: %w", t.name, err)
		}
	}
	byName := map[string]rota.Schedule{}
	for _, s := range cur {
		if _, dup := byName[s.Name]; !dup {
			byName[s.Name] = s
		}
	}
	for _, s := range t.schedules {
		full := t.name + "/" + s.name
		c, ok := byName[s.name]
		if !ok {
			p.planNewSchedule(t, s, full)
			continue
		}
		delete(byName, s.name)
		id := rota.ParseID(c.ID)
		p.refs.schedules[full] = id
		changes, err := p.diffSchedule(c, s)
		if err != nil {
			return fmt.Errorf("compare schedule %s: %w", full, err)
		}
		if len(changes) > 0 {
			version, team, sched := c.Version, t.name, s
			p.add(Change{Action: Update, Kind: "schedule", Name: full, Detail: changes, phase: phaseSchedules,
				run: func(ctx context.Context, st Store, r *refs) error {
					want, err := sched.domain(r, r.teams[team])
					if err != nil {
						return err
					}
					want.ID = rota.ID(id)
					// The version read while planning: if someone edits the
					// schedule meanwhile, the store refuses the update.
					want.Version = version
					_, err = st.UpdateSchedule(ctx, actor, want)
					return err
				}})
		}
		if err := p.planOverrides(c, s, full); err != nil {
			return err
		}
	}
	if !p.prune {
		return nil
	}
	for _, c := range cur {
		if _, gone := byName[c.Name]; !gone {
			continue
		}
		var detail []string
		if n := len(c.Overrides); n > 0 {
			detail = append(detail, fmt.Sprintf("with its %d override(s)", n))
		}
		id := rota.ParseID(c.ID)
		p.add(Change{Action: Delete, Kind: "schedule", Name: t.name + "/" + c.Name, Detail: detail, phase: phasePruneSchedules,
			run: func(ctx context.Context, st Store, _ *refs) error { return st.DeleteSchedule(ctx, actor, id) }})
	}
	return nil
}

func (p *planner) planNewSchedule(t *team, s *schedule, full string) {
	team := t.name
	detail := []string{s.zone, plural(len(s.layers), "layer")}
	if n := len(s.overrides); n > 0 {
		detail = append(detail, plural(n, "override"))
	}
	p.add(Change{Action: Create, Kind: "schedule", Name: full, Detail: detail, phase: phaseSchedules,
		run: func(ctx context.Context, st Store, r *refs) error {
			want, err := s.domain(r, r.teams[team])
			if err != nil {
				return err
			}
			made, err := st.CreateSchedule(ctx, actor, want)
			if err != nil {
				return err
			}
			r.schedules[full] = rota.ParseID(made.ID)
			return nil
		}})
	for _, o := range s.overrides {
		p.addOverride(s, o, full)
	}
}

func (p *planner) addOverride(s *schedule, o override, full string) {
	p.add(Change{Action: Create, Kind: "override", Name: full, Detail: []string{overrideText(o.tier, o.email, o.from.String(), o.to.String())},
		phase: phaseOverrides,
		run: func(ctx context.Context, st Store, r *refs) error {
			uid, err := r.user(o.email)
			if err != nil {
				return err
			}
			_, err = st.CreateOverride(ctx, actor, rota.Override{ScheduleID: r.schedules[full],
				Override: scheduler.Override{Tier: o.tier, EngineerID: rota.ID(uid), Start: o.start, End: o.end}})
			return err
		}})
}

func overrideText(tier scheduler.Tier, email, from, to string) string {
	return fmt.Sprintf("%s %s %s → %s", tier, email, from, to)
}

// overrideKey identifies an override for matching: the same tier, person
// and instants are the same override.
type overrideKey struct {
	tier       scheduler.Tier
	email      string
	start, end int64
}

// planOverrides creates the file's overrides the schedule lacks. Without
// prune the schedule's other overrides (made in the web app, or by
// accepted swaps) stay, but for those pruneOverride accepts; with prune
// they are deleted.
func (p *planner) planOverrides(c rota.Schedule, s *schedule, full string) error {
	have := map[overrideKey][]scheduler.Override{}
	for _, o := range c.Overrides {
		email, err := p.email(rota.ParseID(o.EngineerID))
		if err != nil {
			return fmt.Errorf("override %s of schedule %s: %w", o.ID, full, err)
		}
		k := overrideKey{o.Tier, email, o.Start.UnixNano(), o.End.UnixNano()}
		have[k] = append(have[k], o)
	}
	for _, o := range s.overrides {
		k := overrideKey{o.tier, o.email, o.start.UnixNano(), o.end.UnixNano()}
		if len(have[k]) > 0 {
			have[k] = have[k][1:]
			continue
		}
		p.addOverride(s, o, full)
	}
	if !p.prune && p.pruneOverride == nil {
		return nil
	}
	loc, err := time.LoadLocation(s.zone)
	if err != nil {
		loc = time.UTC
	}
	schedID := rota.ParseID(c.ID)
	for _, o := range c.Overrides {
		email := p.emails[rota.ParseID(o.EngineerID)]
		k := overrideKey{o.Tier, email, o.Start.UnixNano(), o.End.UnixNano()}
		if len(have[k]) == 0 || have[k][0].ID != o.ID {
			continue
		}
		have[k] = have[k][1:]
		if !p.prune && !p.pruneOverride(schedID, o) {
			continue
		}
		ovID := rota.ParseID(o.ID)
		p.add(Change{Action: Delete, Kind: "override", Name: full,
			Detail: []string{overrideText(o.Tier, email, localText(o.Start, loc), localText(o.End, loc))}, phase: phasePruneOverrides,
			run: func(ctx context.Context, st Store, _ *refs) error {
				return st.DeleteOverride(ctx, actor, schedID, ovID)
			}})
	}
	return nil
}

// localText shows an instant as the file would write it.
func localText(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	if t.Second() != 0 || t.Nanosecond() != 0 {
		return t.Format("2006-01-02T15:04:05")
	}
	return t.Format("2006-01-02T15:04")
}

// domain builds the stored form of the schedule once the ids it refers to
// are known.
func (s *schedule) domain(r *refs, teamID int64) (rota.Schedule, error) {
	out := rota.Schedule{Schedule: scheduler.Schedule{Name: s.name, TeamID: rota.ID(teamID), TimeZone: s.zone,
		Holidays: slices.Clone(s.holidays), Pairing: s.pairing}}
	for _, l := range s.layers {
		parts := make([]string, len(l.Participants))
		for i, email := range l.Participants {
			id, err := r.user(email)
			if err != nil {
				return rota.Schedule{}, err
			}
			parts[i] = rota.ID(id)
		}
		l.Participants = parts
		out.Layers = append(out.Layers, l)
	}
	return out, nil
}

// layerView is a layer reduced to what the file says, for comparing.
type layerView struct {
	tier         scheduler.Tier
	name         string
	participants string
	start        string
	shift        string
	coverage     string
}

func viewLayer(l scheduler.Layer, emails []string) layerView {
	return layerView{tier: l.Tier, name: l.Name, participants: "[" + strings.Join(emails, ", ") + "]", start: l.Start.String(),
		shift: l.Shift.String(), coverage: coverageText(l.Coverage)}
}

// diffSchedule lists how the stored schedule differs from the file's, in
// words; none means it already matches.
func (p *planner) diffSchedule(c rota.Schedule, s *schedule) ([]string, error) {
	var out []string
	if c.TimeZone != s.zone {
		out = append(out, fmt.Sprintf("time_zone %s → %s", c.TimeZone, s.zone))
	}
	if a, b := holidaysText(c.Holidays), holidaysText(s.holidays); a != b {
		out = append(out, fmt.Sprintf("holidays %s → %s", a, b))
	}
	if c.Pairing != s.pairing {
		out = append(out, fmt.Sprintf("pairing %s → %s", pairingText(c.Pairing), pairingText(s.pairing)))
	}
	var have, want []layerView
	for _, l := range c.Layers {
		emails := make([]string, len(l.Participants))
		for i, id := range l.Participants {
			e, err := p.email(rota.ParseID(id))
			if err != nil {
				return nil, err
			}
			emails[i] = e
		}
		have = append(have, viewLayer(l, emails))
	}
	for _, l := range s.layers {
		want = append(want, viewLayer(l, l.Participants))
	}
	if slices.Equal(have, want) {
		return out, nil
	}
	n := len(out)
	for _, tier := range scheduler.AllTiers {
		out = append(out, diffTier(tier, have, want)...)
	}
	if len(out) == n {
		out = append(out, "layers redefined")
	}
	return out, nil
}

// diffTier compares one tier's layers, matched by name.
func diffTier(tier scheduler.Tier, have, want []layerView) []string {
	pick := func(ls []layerView) []layerView {
		var out []layerView
		for _, l := range ls {
			if l.tier == tier {
				out = append(out, l)
			}
		}
		return out
	}
	h, w := pick(have), pick(want)
	find := func(ls []layerView, name string) (layerView, bool) {
		for _, l := range ls {
			if l.name == name {
				return l, true
			}
		}
		return layerView{}, false
	}
	var out []string
	var hOrder, wOrder []string
	for _, old := range h {
		if _, ok := find(w, old.name); !ok {
			out = append(out, fmt.Sprintf("remove %s layer %s", tier, old.name))
		} else {
			hOrder = append(hOrder, old.name)
		}
	}
	for _, l := range w {
		old, ok := find(h, l.name)
		if !ok {
			out = append(out, fmt.Sprintf("add %s layer %s: %s from %s, shift %s, coverage %s", tier, l.name, l.participants, l.start, l.shift, l.coverage))
			continue
		}
		wOrder = append(wOrder, l.name)
		if old.participants != l.participants {
			out = append(out, fmt.Sprintf("layer %s participants %s → %s", l.name, old.participants, l.participants))
		}
		if old.start != l.start {
			out = append(out, fmt.Sprintf("layer %s start %s → %s", l.name, old.start, l.start))
		}
		if old.shift != l.shift {
			out = append(out, fmt.Sprintf("layer %s shift %s → %s", l.name, old.shift, l.shift))
		}
		if old.coverage != l.coverage {
			out = append(out, fmt.Sprintf("layer %s coverage %s → %s", l.name, old.coverage, l.coverage))
		}
	}
	if !slices.Equal(hOrder, wOrder) {
		out = append(out, fmt.Sprintf("%s layer order %s → %s", tier, strings.Join(hOrder, ", "), strings.Join(wOrder, ", ")))
	}
	return out
}

func pairingText(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// holidaysText lists holidays sorted and once each, as they take effect.
func holidaysText(ds []scheduler.Date) string {
	ss := make([]string, len(ds))
	for i, d := range ds {
		ss[i] = d.String()
	}
	slices.Sort(ss)
	ss = slices.Compact(ss)
	return "[" + strings.Join(ss, ", ") + "]"
}

// coverageText writes windows compactly: "mon-fri 09:00-17:00; sat 10:00-14:00".
func coverageText(ws []scheduler.Window) string {
	if len(ws) == 0 {
		return "always"
	}
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = daysText(w.Days) + " " + w.From.String() + "-" + w.To.String()
	}
	return strings.Join(parts, "; ")
}

// daysText names days as written, folding a run of three or more
// consecutive days (Monday first) into a range.
func daysText(days []time.Weekday) string {
	name := func(d time.Weekday) string { return strings.ToLower(d.String()[:3]) }
	mon := func(d time.Weekday) int { return (int(d) + 6) % 7 }
	var out []string
	for i := 0; i < len(days); {
		j := i
		for j+1 < len(days) && mon(days[j+1]) == mon(days[j])+1 {
			j++
		}
		if j-i >= 2 {
			out = append(out, name(days[i])+"-"+name(days[j]))
		} else {
			for k := i; k <= j; k++ {
				out = append(out, name(days[k]))
			}
		}
		i = j + 1
	}
	return strings.Join(out, ",")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
