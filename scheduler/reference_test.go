package scheduler

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// refResolver answers "who is on call at t" straight from the definitions,
// by brute force and with nothing shared with the fast resolver: local
// times become instants by stepping minutes until the wall clock (as
// time.Time.In reports it) reads the wanted time or later; turns are found
// by walking handoffs computed with time.Date on calendar fields.
type refResolver struct {
	s     Schedule
	loc   *time.Location
	cache map[time.Time]time.Time
}

func newRef(t testing.TB, s Schedule) *refResolver {
	return &refResolver{s: s, loc: mustLoc(t, s.TimeZone), cache: map[time.Time]time.Time{}}
}

// civil is a wall-clock reading, stored as a UTC time.Time so that it can
// be compared and normalised with the standard library.
func civil(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, time.UTC)
}

func (r *refResolver) wallOf(t time.Time) time.Time {
	l := t.In(r.loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
}

// instant is the earliest instant whose wall-clock reading is w or later.
func (r *refResolver) instant(w time.Time) time.Time {
	if v, ok := r.cache[w]; ok {
		return v
	}
	t := time.Unix(w.Unix(), 0).Add(-27 * time.Hour)
	for r.wallOf(t).Before(w) {
		t = t.Add(time.Minute)
	}
	r.cache[w] = t
	return t
}

func (r *refResolver) handoff(l Layer, k int) time.Time {
	s := l.Start
	if l.Shift.Days > 0 {
		return r.instant(civil(s.Year, s.Month, s.Day+k*l.Shift.Days, s.Hour, s.Minute))
	}
	return r.instant(civil(s.Year, s.Month, s.Day, s.Hour, s.Minute+k*l.Shift.Minutes))
}

// turn returns the turn of layer l at t, or -1 before its start.
func (r *refResolver) turn(l Layer, t time.Time) int {
	if t.Before(r.handoff(l, 0)) {
		return -1
	}
	approx := time.Duration(l.Shift.Days)*24*time.Hour + time.Duration(l.Shift.Minutes)*time.Minute
	k := max(0, int(t.Sub(r.handoff(l, 0))/approx)-3)
	for !r.handoff(l, k+1).After(t) {
		k++
	}
	if r.handoff(l, k).After(t) {
		panic("reference turn estimate too high")
	}
	return k
}

func (r *refResolver) covers(l Layer, t time.Time) bool {
	if len(l.Coverage) == 0 {
		return true
	}
	for _, h := range r.s.Holidays {
		if !t.Before(r.instant(civil(h.Year, h.Month, h.Day, 0, 0))) && t.Before(r.instant(civil(h.Year, h.Month, h.Day+1, 0, 0))) {
			return false
		}
	}
	w := r.wallOf(t)
	for dd := -2; dd <= 1; dd++ {
		day := civil(w.Year(), w.Month(), w.Day()+dd, 0, 0)
		for _, win := range l.Coverage {
			if !slices.Contains(win.Days, day.Weekday()) {
				continue
			}
			start := r.instant(civil(day.Year(), day.Month(), day.Day(), win.From.Hour, win.From.Minute))
			endDay := day.Day()
			if win.To.minutes() < win.From.minutes() {
				endDay++
			}
			end := r.instant(civil(day.Year(), day.Month(), endDay, win.To.Hour, win.To.Minute))
			if !t.Before(start) && t.Before(end) {
				return true
			}
		}
	}
	return false
}

// at returns the engineer and source on call for the tier at t.
func (r *refResolver) at(tier Tier, t time.Time) (string, Source, bool) {
	best := -1
	for i, o := range r.s.Overrides {
		if o.Tier != tier || t.Before(o.Start) || !t.Before(o.End) {
			continue
		}
		if best < 0 || !o.CreatedAt.Before(r.s.Overrides[best].CreatedAt) {
			best = i
		}
	}
	if best >= 0 {
		o := r.s.Overrides[best]
		return o.EngineerID, Source{Kind: SourceOverride, ID: o.ID}, true
	}
	for i := len(r.s.Layers) - 1; i >= 0; i-- {
		l := r.s.Layers[i]
		if l.Tier != tier {
			continue
		}
		k := r.turn(l, t)
		if k < 0 || !r.covers(l, t) {
			continue
		}
		return l.Participants[k%len(l.Participants)], Source{Kind: SourceLayer, ID: l.ID, Name: l.Name}, true
	}
	return "", Source{}, false
}

var testZones = []string{
	"America/New_York", "Europe/London", "Europe/Berlin", "Australia/Lord_Howe",
	"Asia/Kolkata", "Pacific/Chatham", "UTC", "America/Sao_Paulo", "Asia/Kathmandu",
}

// dstRanges are stretches of 2026 around the DST changes of the test zones.
var dstRanges = [][2]string{
	{"2026-03-01T00:00:00Z", "2026-03-16T00:00:00Z"}, // US spring forward
	{"2026-03-24T00:00:00Z", "2026-04-10T00:00:00Z"}, // EU spring, Lord Howe and Chatham fall back
	{"2026-09-22T00:00:00Z", "2026-10-08T00:00:00Z"}, // Chatham and Lord Howe spring forward
	{"2026-10-22T00:00:00Z", "2026-11-05T00:00:00Z"}, // EU and US fall back
	{"2028-02-24T00:00:00Z", "2028-03-06T00:00:00Z"}, // a leap day
	{"2026-12-24T00:00:00Z", "2027-01-06T00:00:00Z"}, // a year end
	{"2150-03-05T00:00:00Z", "2150-03-20T00:00:00Z"}, // far future, rule-based zones
	{"2150-10-25T00:00:00Z", "2150-11-08T00:00:00Z"},
}

var shiftChoices = []ShiftLength{
	{Minutes: 60}, {Minutes: 90}, {Minutes: 135}, {Minutes: 480}, {Minutes: 720}, {Minutes: 1440},
	{Days: 1}, {Days: 2}, {Days: 7}, {Days: 14},
}

// randomSchedule builds a schedule whose every boundary lies on a
// 15-minute grid, like every offset of the test zones, so that sampling
// every 5 minutes sees every disagreement.
func randomSchedule(r *rand.Rand, from time.Time) Schedule {
	s := Schedule{ID: "s", Name: "random", TimeZone: testZones[r.IntN(len(testZones))]}
	if r.IntN(3) == 0 {
		s.Pairing = PairingMixed
	}
	n := 2 + r.IntN(4)
	for i := range n {
		d := DisciplineDev
		if r.IntN(2) == 0 {
			d = DisciplineOps
		}
		s.Members = append(s.Members, Engineer{ID: fmt.Sprintf("e%d", i), Discipline: d})
	}
	for range r.IntN(3) {
		day := from.AddDate(0, 0, r.IntN(20)-3)
		s.Holidays = append(s.Holidays, Date{day.Year(), day.Month(), day.Day()})
	}
	nl := 0
	for _, tier := range AllTiers {
		for range r.IntN(3) + boolInt(tier == TierPrimary) {
			l := Layer{ID: fmt.Sprintf("L%d", nl), Name: fmt.Sprintf("layer %d", nl), Tier: tier}
			nl++
			for range 1 + r.IntN(3) {
				l.Participants = append(l.Participants, s.Members[r.IntN(n)].ID)
			}
			st := from.AddDate(0, 0, r.IntN(12)-9)
			hours := []int{0, 1, 2, 3, 9, 17, 21, 23}
			l.Start = LocalDateTime{Date{st.Year(), st.Month(), st.Day()}, hours[r.IntN(len(hours))], 15 * r.IntN(4)}
			l.Shift = shiftChoices[r.IntN(len(shiftChoices))]
			if r.IntN(2) == 0 {
				for range 1 + r.IntN(3) {
					var w Window
					for d := time.Sunday; d <= time.Saturday; d++ {
						if r.IntN(2) == 0 {
							w.Days = append(w.Days, d)
						}
					}
					if len(w.Days) == 0 {
						w.Days = []time.Weekday{time.Weekday(r.IntN(7))}
					}
					from := r.IntN(96) * 15
					to := r.IntN(97) * 15
					if to == from {
						to = (from + 60) % 1440
					}
					w.From = TimeOfDay{from / 60, from % 60}
					w.To = TimeOfDay{to / 60, to % 60}
					l.Coverage = append(l.Coverage, w)
				}
			}
			s.Layers = append(s.Layers, l)
		}
	}
	for i := range r.IntN(7) {
		st := from.Add(time.Duration(r.IntN(14*96)-96) * 15 * time.Minute)
		s.Overrides = append(s.Overrides, Override{
			ID:         fmt.Sprintf("O%d", i),
			Tier:       AllTiers[r.IntN(3)],
			EngineerID: s.Members[r.IntN(n)].ID,
			Start:      st,
			End:        st.Add(time.Duration(1+r.IntN(4*48)) * 15 * time.Minute),
			CreatedAt:  time.Date(2025, 1, 1, 0, r.IntN(5), 0, 0, time.UTC),
		})
	}
	return s
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestAgainstReference compares Shifts and OnCallTier with the brute-force
// resolver every 5 minutes over a couple of weeks, for random schedules
// around DST changes, a leap day and a year end.
func TestAgainstReference(t *testing.T) {
	n := 150
	if testing.Short() {
		n = 10
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		rg := dstRanges[i%len(dstRanges)]
		from, to := utc(t, rg[0]), utc(t, rg[1])
		s := randomSchedule(r, from)
		t.Run(fmt.Sprintf("%d-%s", i, s.TimeZone), func(t *testing.T) {
			c := mustCompile(t, s)
			ref := newRef(t, s)
			for _, tier := range AllTiers {
				shifts := c.TierShifts(tier, from, to)
				checkWellFormed(t, shifts, from, to)
				si := 0
				for at := from; at.Before(to); at = at.Add(5 * time.Minute) {
					for si < len(shifts) && !shifts[si].End.After(at) {
						si++
					}
					var got Shift
					ok := si < len(shifts) && !shifts[si].Start.After(at)
					if ok {
						got = shifts[si]
					}
					eng, src, want := ref.at(tier, at)
					if ok != want || got.EngineerID != eng || got.Source != src {
						t.Fatalf("%s at %v (%v): Shifts says %v %q %v, reference says %v %q %v",
							tier, at, at.In(ref.loc), ok, got.EngineerID, got.Source, want, eng, src)
					}
					oc, ok2 := c.OnCallTier(tier, at)
					if ok2 != want || oc.EngineerID != eng || oc.Source != src {
						t.Fatalf("%s at %v (%v): OnCallTier says %v %q %v, reference says %v %q %v",
							tier, at, at.In(ref.loc), ok2, oc.EngineerID, oc.Source, want, eng, src)
					}
				}
			}
		})
	}
}
