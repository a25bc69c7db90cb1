package scheduler

import "time"

// Turn is one turn of a layer: whose it is and when it runs, before
// coverage masks it and before later layers or overrides take parts of it.
type Turn struct {
	LayerID    string
	Tier       Tier
	EngineerID string
	Start      time.Time
	End        time.Time
}

// LayerTurn returns the turn of the layer layerID that holds the instant
// at. It is false for an unknown layer, an instant before the layer's
// start, or one outside the years the scheduler resolves. A shift that a
// layer's stretch belongs to is this turn: a weekly turn stays one turn
// though a business-hours layer above it shows it as nights and a weekend.
func (c *Compiled) LayerTurn(layerID string, at time.Time) (Turn, bool) {
	ns := at.UnixNano()
	if ns < domainLo || ns >= domainHi {
		return Turn{}, false
	}
	for ti := range c.tiers {
		for j := range c.tiers[ti].layers {
			l := &c.tiers[ti].layers[j]
			if l.id != layerID {
				continue
			}
			cm := c.zone.wallMinute(ns)
			if cm < l.c0 {
				return Turn{}, false
			}
			k := floorDiv(cm-l.c0, l.length)
			loc := c.zone.loc
			return Turn{
				LayerID:    l.id,
				Tier:       AllTiers[ti],
				EngineerID: c.members[l.parts[k%int64(len(l.parts))]].ID,
				Start:      time.Unix(0, c.zone.instantNs(l.c0+k*l.length)).In(loc),
				End:        time.Unix(0, c.zone.instantNs(l.c0+(k+1)*l.length)).In(loc),
			}, true
		}
	}
	return Turn{}, false
}

// WholeShift returns the whole shift that the resolved shift sh is a
// stretch of. For a stretch of a layer, that is the layer turn holding it
// (from the turn holding its start to the one holding its end, when
// consecutive turns of the engineer were joined), narrowed to run from the
// first to the last instant in which the engineer is on call for the tier
// in it: a weekly turn that a business-hours layer above cuts into nights
// and a weekend is one whole shift, from its first evening to its last
// morning, and a business-hours day is its hours. For an override, or a
// layer the schedule does not know, it is the stretch itself. Giving a
// whole shift away is a swap over this range (see SwapStretches).
func (c *Compiled) WholeShift(sh Shift) Stretch {
	self := Stretch{Start: sh.Start, End: sh.End}
	if sh.Source.Kind != SourceLayer || !sh.End.After(sh.Start) {
		return self
	}
	first, ok1 := c.LayerTurn(sh.Source.ID, sh.Start)
	last, ok2 := c.LayerTurn(sh.Source.ID, sh.End.Add(-time.Nanosecond))
	if !ok1 || !ok2 {
		return self
	}
	ti, ok := tierIndex(sh.Tier)
	eng, known := c.memberIx[sh.EngineerID]
	if !ok || !known {
		return self
	}
	ps := c.onCallStretches(ti, eng, first.Start, last.End)
	if len(ps) == 0 {
		return self
	}
	return Stretch{Start: ps[0].Start, End: ps[len(ps)-1].End}
}
