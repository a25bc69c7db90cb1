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
