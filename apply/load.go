package apply

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	pageload "github.com/rotaoncall/rota/load"
)

// loadKeys are the keys of a team's load: section, in the order a plan
// lists them; zero or absent means the default of DESIGN.md.
var loadKeys = []string{"sleep_interruptions", "incidents_per_shift", "oncall_share", "unfair_share", "min_rotation", "shadow_shifts", "business_hours_shifts"}

// loadSettings is a team's load: section.
type loadSettings struct {
	th pageload.Thresholds
}

func thresholdValues(th pageload.Thresholds) map[string]string {
	return map[string]string{
		"sleep_interruptions": strconv.Itoa(th.SleepInterruptions), "incidents_per_shift": strconv.Itoa(th.IncidentsPerShift),
		"oncall_share": strconv.Itoa(th.OnCallSharePercent), "unfair_share": strconv.FormatFloat(th.UnfairShareFactor, 'g', -1, 64),
		"min_rotation": strconv.Itoa(th.MinRotation), "shadow_shifts": strconv.Itoa(th.ShadowShifts),
		"business_hours_shifts": strconv.Itoa(th.BusinessHoursShifts),
	}
}

// decodeLoad reads a team's load thresholds:
//
//	load: {sleep_interruptions: 3, oncall_share: 30, unfair_share: 1.5}
func decodeLoad(d *decoder, e entry, _ *File, t *team) {
	m, ok := d.mapping(e.val, e.path, e.kpos)
	if !ok {
		return
	}
	m.check(d, loadKeys, nil)
	var th pageload.Thresholds
	ints := map[string]*int{"sleep_interruptions": &th.SleepInterruptions, "incidents_per_shift": &th.IncidentsPerShift,
		"oncall_share": &th.OnCallSharePercent, "min_rotation": &th.MinRotation, "shadow_shifts": &th.ShadowShifts,
		"business_hours_shifts": &th.BusinessHoursShifts}
	vals := map[string]value{}
	bad := false
	for _, k := range loadKeys {
		v := d.scalar(m, k)
		vals[k] = v
		if !v.set {
			continue
		}
		s := strings.TrimSuffix(strings.TrimSpace(v.s), "%")
		if k == "unfair_share" {
			f, err := strconv.ParseFloat(strings.TrimSuffix(s, "x"), 64)
			if err != nil {
				d.errorf(v.pos, v.path, "unfair_share must be a multiple of the fair share such as 2 or 1.5, not %q", v.s)
				bad = true
				continue
			}
			th.UnfairShareFactor = f
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			d.errorf(v.pos, v.path, "%s must be a whole number, not %q", k, v.s)
			bad = true
			continue
		}
		*ints[k] = n
	}
	if bad {
		return
	}
	if err := th.Validate(); err != nil {
		field, msg := "", err.Error()
		if ve, ok := err.(*pageload.ValidationError); ok {
			field, msg = ve.Field, ve.Message
		}
		v := vals[field]
		d.errorf(v.pos, v.path, "%s", msg)
		return
	}
	t.load = &loadSettings{th: th}
}

// planLoad sets the team's thresholds when the file's load: section says
// otherwise; a file without one leaves them alone.
func planLoad(p *planner, tp *teamPlan) error {
	t := tp.team
	if t.load == nil {
		return nil
	}
	var cur pageload.Thresholds
	if tp.exists {
		var err error
		if cur, err = p.st.LoadThresholds(p.ctx, tp.id); err != nil {
			return fmt.Errorf("load thresholds of team %s: %w", t.name, err)
		}
	}
	want := t.load.th
	if cur == want {
		return nil
	}
	have, next := thresholdValues(cur), thresholdValues(want)
	def := thresholdValues(pageload.DefaultThresholds())
	show := func(vals map[string]string, k string) string {
		if vals[k] == "0" {
			return def[k] + " (default)"
		}
		return vals[k]
	}
	var detail []string
	for _, k := range loadKeys {
		if have[k] != next[k] {
			detail = append(detail, fmt.Sprintf("%s %s → %s", k, show(have, k), show(next, k)))
		}
	}
	name := t.name
	p.add(Change{Action: Update, Kind: "load thresholds", Name: name, Detail: detail, phase: phaseMembers,
		run: func(ctx context.Context, st Store, r *refs) error {
			return st.SetLoadThresholds(ctx, 0, r.teams[name], want)
		}})
	return nil
}
