package scheduler

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// LayerRow is one layer of a schedule on its own, as the timeline view
// draws it: the turns it would give over a range if it were the only layer
// of its tier and there were no overrides (coverage and holidays applied).
// Index is the layer's position in Schedule.Layers; Position its place in
// its tier (the declarative file's tiers.<tier>[Position]).
type LayerRow struct {
	Index    int
	Position int
	Tier     Tier
	ID       string
	Name     string
	Shifts   []Shift
}

// LayerRows returns every layer's row over [from, to), in the order of
// Schedule.Layers. A later layer of a tier wins where it covers, so the
// final schedule (Shifts) is the rows of a tier laid over each other, then
// the overrides on top.
func (c *Compiled) LayerRows(from, to time.Time) []LayerRow {
	s := c.Schedule()
	out := make([]LayerRow, 0, len(s.Layers))
	pos := map[Tier]int{}
	for i, l := range s.Layers {
		row := LayerRow{Index: i, Position: pos[l.Tier], Tier: l.Tier, ID: l.ID, Name: l.Name}
		pos[l.Tier]++
		one := s
		one.Layers = []Layer{l}
		one.Overrides = nil
		// The schedule compiled, so each of its layers alone does too.
		if lc, err := Compile(one); err == nil {
			row.Shifts = lc.TierShifts(l.Tier, from, to)
		}
		out = append(out, row)
	}
	return out
}

// Warning is something about a schedule that is allowed but probably not
// meant, shown while it is edited. Field names the input at fault in the
// declarative file's terms (tiers.<tier>[i] or tiers.<tier>); Start and
// End, when set, bound the stretch it is about.
type Warning struct {
	Code    string
	Field   string
	Message string
	Start   time.Time
	End     time.Time
}

// Warning codes.
const (
	// WarnTwoTiers: one engineer is on call for two tiers at once (a shadow
	// shadowing themselves, or primary and secondary the same person).
	WarnTwoTiers = "same_engineer_two_tiers"
	// WarnEmptyTier: a policy pages a tier that has no layers.
	WarnEmptyTier = "empty_tier_used"
	// WarnPastStartGap: a layer started in the last four weeks and its
	// tier had nobody on call just before it.
	WarnPastStartGap = "past_start_gap"
	// WarnGap: a primary or secondary tier has nobody on call for a while
	// in the range looked at.
	WarnGap = "gap"
)

// pastStartLookback is how recent a past layer start must be to be warned
// about, and how far before it Warnings looks for the gap.
const pastStartLookback = 28 * 24 * time.Hour

// Warnings returns what is worth telling someone editing the schedule,
// looking at [at, at+horizon): an engineer on call for two tiers at once,
// a tier a policy pages (used names the policies per tier) that has no
// layers, a layer that started in the four weeks before at with a gap in
// its tier just before it, and primary or secondary gaps. Each kind is reported once per
// engineer, tier or layer, at its first occurrence.
func (c *Compiled) Warnings(at time.Time, horizon time.Duration, used map[Tier][]string) []Warning {
	s := c.Schedule()
	loc := c.zone.loc
	end := at.Add(horizon)
	day := func(t time.Time) string { return t.In(loc).Format("Mon 2 Jan 15:04") }
	name := func(id string) string {
		if e, ok := c.Member(id); ok && e.Name != "" {
			return e.Name
		}
		return id
	}
	// layerField finds a layer by its id, or, in a definition not saved
	// yet (no ids), by its name.
	layerField := func(tier Tier, src Source) string {
		pos := 0
		for _, l := range s.Layers {
			if l.Tier != tier {
				continue
			}
			if (src.ID != "" && l.ID == src.ID) || (src.ID == "" && l.Name == src.Name) {
				return "tiers." + string(tier) + "[" + strconv.Itoa(pos) + "]"
			}
			pos++
		}
		return "tiers." + string(tier)
	}
	var out []Warning

	// The same engineer on two tiers at once.
	shifts := c.Shifts(at, end)
	byTier := map[Tier][]Shift{}
	for _, sh := range shifts {
		byTier[sh.Tier] = append(byTier[sh.Tier], sh)
	}
	type pair struct {
		eng  string
		a, b Tier
	}
	seen := map[pair]bool{}
	for i, ta := range AllTiers {
		for _, tb := range AllTiers[i+1:] {
			for _, x := range byTier[ta] {
				for _, y := range byTier[tb] {
					if x.EngineerID != y.EngineerID || !x.Start.Before(y.End) || !y.Start.Before(x.End) {
						continue
					}
					k := pair{x.EngineerID, ta, tb}
					if seen[k] {
						continue
					}
					seen[k] = true
					st, en := later(x.Start, y.Start), earlier(x.End, y.End)
					field := "tiers." + string(tb)
					if y.Source.Kind == SourceLayer {
						field = layerField(tb, y.Source)
					}
					out = append(out, Warning{Code: WarnTwoTiers, Field: field, Start: st, End: en,
						Message: fmt.Sprintf("%s is on call for %s and %s at the same time, from %s to %s", name(x.EngineerID), ta, tb, day(st), day(en))})
				}
			}
		}
	}

	// A tier a policy pages, with no layers.
	for _, tier := range AllTiers {
		names := used[tier]
		if len(names) == 0 || slices.ContainsFunc(s.Layers, func(l Layer) bool { return l.Tier == tier }) {
			continue
		}
		out = append(out, Warning{Code: WarnEmptyTier, Field: "tiers." + string(tier),
			Message: fmt.Sprintf("the %s tier has no layers, but %s %s it: nobody will be paged at that step", tier, quoteList(names), pagesVerb(len(names)))})
	}

	// A layer that started recently, with a gap before it: the past days
	// now read (in the calendar, the load figures, an export) as nobody on
	// call. A layer that started longer ago than the lookback is history
	// and not warned about.
	pos := map[Tier]int{}
	for _, l := range s.Layers {
		field := "tiers." + string(l.Tier) + "[" + strconv.Itoa(pos[l.Tier]) + "]"
		pos[l.Tier]++
		start := c.Instant(l.Start)
		if !start.Before(at) || !start.After(at.Add(-pastStartLookback)) || l.Tier == TierShadow {
			continue
		}
		lo := start.Add(-pastStartLookback)
		for _, g := range c.Gaps(lo, start) {
			if g.Tier == l.Tier && g.End.Equal(start) {
				out = append(out, Warning{Code: WarnPastStartGap, Field: field, Start: g.Start, End: g.End,
					Message: fmt.Sprintf("layer %q starts in the past (%s), and %s had nobody on call from %s until then", l.Name, day(start), l.Tier, day(g.Start))})
				break
			}
		}
	}

	// Gaps ahead.
	gapSeen := map[Tier]bool{}
	for _, g := range c.Gaps(at, end) {
		if gapSeen[g.Tier] {
			continue
		}
		gapSeen[g.Tier] = true
		out = append(out, Warning{Code: WarnGap, Field: "tiers." + string(g.Tier), Start: g.Start, End: g.End,
			Message: fmt.Sprintf("%s has nobody on call from %s to %s", g.Tier, day(g.Start), day(g.End))})
	}
	return out
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func quoteList(names []string) string {
	out := ""
	for i, n := range names {
		switch {
		case i == 0:
		case i == len(names)-1:
			out += " and "
		default:
			out += ", "
		}
		out += strconv.Quote(n)
	}
	if len(names) == 1 {
		return "policy " + out
	}
	return "policies " + out
}

func pagesVerb(n int) string {
	if n == 1 {
		return "pages"
	}
	return "page"
}
