package scheduler

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// shiftAt returns the shift containing at, if any.
func shiftAt(shifts []Shift, tier Tier, at time.Time) (Shift, bool) {
	for _, s := range shifts {
		if s.Tier == tier && !at.Before(s.Start) && at.Before(s.End) {
			return s, true
		}
	}
	return Shift{}, false
}

func sameShifts(a, b []Shift) bool {
	return slices.EqualFunc(a, b, func(x, y Shift) bool {
		return x.Tier == y.Tier && x.EngineerID == y.EngineerID && x.Discipline == y.Discipline &&
			x.Source == y.Source && x.Start.Equal(y.Start) && x.End.Equal(y.End)
	})
}

// joinAt appends b to a, joining shifts that meet at the split instant.
func joinAt(a, b []Shift) []Shift {
	out := slices.Clone(a)
	for _, s := range b {
		merged := false
		for i := range out {
			p := &out[i]
			if p.Tier == s.Tier && p.End.Equal(s.Start) && p.EngineerID == s.EngineerID && p.Source == s.Source {
				p.End = s.End
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, s)
		}
	}
	slices.SortStableFunc(out, func(x, y Shift) int {
		xi, _ := tierIndex(x.Tier)
		yi, _ := tierIndex(y.Tier)
		if xi != yi {
			return xi - yi
		}
		return x.Start.Compare(y.Start)
	})
	return out
}

func TestProperties(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 40
	}
	r := rand.New(rand.NewPCG(7, 11))
	for i := range n {
		rg := dstRanges[i%len(dstRanges)]
		from, to := utc(t, rg[0]), utc(t, rg[1])
		s := randomSchedule(r, from)
		t.Run(fmt.Sprintf("%d-%s", i, s.TimeZone), func(t *testing.T) {
			c := mustCompile(t, s)
			all := c.Shifts(from, to)
			checkWellFormed(t, all, from, to)

			// Every sampled instant, including every boundary, resolves to
			// the shift that contains it, and the point lookup's piece is
			// exactly the unmerged piece of the range expansion.
			var samples []time.Time
			for _, sh := range all {
				samples = append(samples, sh.Start, sh.End, sh.End.Add(-time.Nanosecond))
			}
			for range 200 {
				samples = append(samples, from.Add(time.Duration(r.Int64N(int64(to.Sub(from))))))
			}
			var sc scratch
			for ti, tier := range AllTiers {
				pieces := slices.Clone(c.resolveTier(ti, from.UnixNano(), to.UnixNano(), &sc))
				for _, at := range samples {
					if !at.Before(to) || at.Before(from) {
						continue
					}
					want, wantOK := shiftAt(all, tier, at)
					got, ok := c.OnCallTier(tier, at)
					if ok != wantOK || got.EngineerID != want.EngineerID || got.Source != want.Source || got.Discipline != want.Discipline {
						t.Fatalf("%s at %v: OnCallTier %v %+v, Shifts %v %+v", tier, at, ok, got, wantOK, want)
					}
					if !ok {
						continue
					}
					if got.Start.Before(want.Start) && !want.Start.Equal(from) || got.End.After(want.End) && !want.End.Equal(to) {
						t.Fatalf("%s at %v: OnCallTier piece %v–%v outside shift %v–%v", tier, at, got.Start, got.End, want.Start, want.End)
					}
					p, _ := c.onCallPiece(ti, at.UnixNano())
					for _, q := range pieces {
						if q.s <= at.UnixNano() && at.UnixNano() < q.e {
							inside := q.s > from.UnixNano() && q.e < to.UnixNano()
							if inside && (p.s != q.s || p.e != q.e || !p.sameTag(q)) {
								t.Fatalf("%s at %v: point piece %+v, range piece %+v", tier, at, p, q)
							}
						}
					}
				}
			}

			// Expanding [a, c) equals expanding [a, b) and [b, c), joined at b.
			for range 3 {
				b := from.Add(time.Duration(r.Int64N(int64(to.Sub(from)))))
				if r.IntN(2) == 0 && len(all) > 0 {
					b = all[r.IntN(len(all))].Start
				}
				if joined := joinAt(c.Shifts(from, b), c.Shifts(b, to)); !sameShifts(joined, all) {
					t.Fatalf("split at %v:\njoined %v\nwhole  %v", b, joined, all)
				}
			}

			// Gaps are exactly the uncovered parts of staffed tiers.
			gaps := c.Gaps(from, to)
			for ti, tier := range AllTiers[:2] {
				if len(c.tiers[ti].layers) == 0 {
					continue
				}
				var total time.Duration
				for _, sh := range all {
					if sh.Tier == tier {
						total += sh.End.Sub(sh.Start)
					}
				}
				for _, g := range gaps {
					if g.Tier == tier {
						total += g.End.Sub(g.Start)
						if _, ok := c.OnCallTier(tier, g.Start); ok {
							t.Fatalf("gap %v has someone on call at its start", g)
						}
					}
				}
				if total != to.Sub(from) {
					t.Fatalf("%s: shifts and gaps add up to %v, want %v", tier, total, to.Sub(from))
				}
			}

			// An override created last wins inside its range and changes
			// nothing outside it.
			o := Override{
				ID:         "new",
				Tier:       AllTiers[r.IntN(3)],
				EngineerID: s.Members[r.IntN(len(s.Members))].ID,
				Start:      from.Add(time.Duration(r.Int64N(int64(to.Sub(from))))).Truncate(time.Minute),
				CreatedAt:  time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
			}
			o.End = o.Start.Add(time.Duration(1+r.IntN(3000)) * time.Minute)
			s2 := s
			s2.Overrides = append(slices.Clone(s.Overrides), o)
			c2 := mustCompile(t, s2)
			before, after := c.Shifts(from, o.Start), c2.Shifts(from, o.Start)
			if !sameShifts(before, after) {
				t.Fatalf("override changed shifts before it")
			}
			if o.End.Before(to) && !sameShifts(c.Shifts(o.End, to), c2.Shifts(o.End, to)) {
				t.Fatalf("override changed shifts after it")
			}
			inside := c2.TierShifts(o.Tier, o.Start, o.End)
			if len(inside) != 1 || inside[0].EngineerID != o.EngineerID || inside[0].Source.ID != "new" ||
				!inside[0].Start.Equal(o.Start) || !inside[0].End.Equal(o.End) {
				t.Fatalf("override does not win inside its range: %v", inside)
			}
		})
	}
}
