package scheduler

import (
	"math"
	"testing"
	"time"
)

// handoffs returns the instants at which an always-on layer with two
// alternating participants hands off within [from, to).
func handoffs(t *testing.T, zone, start, shift string, from, to time.Time) []time.Time {
	t.Helper()
	c := mustCompile(t, Schedule{
		TimeZone: zone,
		Members:  team(),
		Layers: []Layer{{ID: "l", Tier: TierPrimary, Participants: []string{"a", "b"},
			Start: ldt(t, start), Shift: shiftLen(t, shift)}},
	})
	var out []time.Time
	for i, sh := range c.TierShifts(TierPrimary, from, to) {
		if i > 0 {
			out = append(out, sh.Start)
		}
	}
	return out
}

// TestHandoffsAcrossDST pins handoff instants worked out by hand from the
// zones' published rules.
func TestHandoffsAcrossDST(t *testing.T) {
	cases := []struct {
		name, zone, start, shift string
		from, to                 string
		want                     []string
	}{
		{
			name: "new york daily 09:00 across spring forward (23-hour shift)",
			zone: "America/New_York", start: "2026-03-06T09:00", shift: "1d",
			from: "2026-03-07T00:00:00Z", to: "2026-03-10T00:00:00Z",
			want: []string{"2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z"},
		},
		{
			name: "new york 12h at 09:00 and 21:00 across fall back (13-hour shift)",
			zone: "America/New_York", start: "2026-10-30T09:00", shift: "12h",
			from: "2026-10-31T12:00:00Z", to: "2026-11-02T00:00:00Z",
			want: []string{"2026-10-31T13:00:00Z", "2026-11-01T01:00:00Z", "2026-11-01T14:00:00Z"},
		},
		{
			name: "new york handoff in the skipped hour moves to the transition",
			zone: "America/New_York", start: "2026-03-06T02:30", shift: "1d",
			from: "2026-03-07T00:00:00Z", to: "2026-03-10T00:00:00Z",
			want: []string{"2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"},
		},
		{
			name: "new york handoff in the repeated hour takes the first occurrence",
			zone: "America/New_York", start: "2026-10-30T01:30", shift: "1d",
			from: "2026-10-31T00:00:00Z", to: "2026-11-03T00:00:00Z",
			want: []string{"2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"},
		},
		{
			name: "new york 8h from 01:00 keeps 01:00, 09:00 and 17:00 through fall back",
			zone: "America/New_York", start: "2026-10-31T01:00", shift: "8h",
			from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z",
			want: []string{"2026-11-01T05:00:00Z", "2026-11-01T14:00:00Z", "2026-11-01T22:00:00Z"},
		},
		{
			name: "london weekly monday 09:00 across spring forward",
			zone: "Europe/London", start: "2026-03-16T09:00", shift: "1w",
			from: "2026-03-20T00:00:00Z", to: "2026-04-10T00:00:00Z",
			want: []string{"2026-03-23T09:00:00Z", "2026-03-30T08:00:00Z", "2026-04-06T08:00:00Z"},
		},
		{
			name: "london weekly handoff at 01:30 falls in the skipped hour",
			zone: "Europe/London", start: "2026-03-15T01:30", shift: "1w",
			from: "2026-03-20T00:00:00Z", to: "2026-04-06T00:00:00Z",
			want: []string{"2026-03-22T01:30:00Z", "2026-03-29T01:00:00Z", "2026-04-05T00:30:00Z"},
		},
		{
			name: "london handoff at 01:30 in the repeated hour",
			zone: "Europe/London", start: "2026-10-24T01:30", shift: "1d",
			from: "2026-10-24T12:00:00Z", to: "2026-10-26T12:00:00Z",
			want: []string{"2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"},
		},
		{
			name: "berlin weekly monday 09:00 across both changes",
			zone: "Europe/Berlin", start: "2026-03-23T09:00", shift: "1w",
			from: "2026-03-23T12:00:00Z", to: "2026-04-01T00:00:00Z",
			want: []string{"2026-03-30T07:00:00Z"},
		},
		{
			name: "berlin daily 02:30 on spring-forward day",
			zone: "Europe/Berlin", start: "2026-03-27T02:30", shift: "1d",
			from: "2026-03-28T00:00:00Z", to: "2026-03-31T00:00:00Z",
			want: []string{"2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"},
		},
		{
			name: "berlin 2w across fall back",
			zone: "Europe/Berlin", start: "2026-10-19T09:00", shift: "2w",
			from: "2026-10-20T00:00:00Z", to: "2026-11-20T00:00:00Z",
			want: []string{"2026-11-02T08:00:00Z", "2026-11-16T08:00:00Z"},
		},
		{
			name: "lord howe daily 09:00 across its 30-minute fall back (24.5-hour shift)",
			zone: "Australia/Lord_Howe", start: "2026-04-01T09:00", shift: "1d",
			from: "2026-04-03T12:00:00Z", to: "2026-04-06T00:00:00Z",
			want: []string{"2026-04-03T22:00:00Z", "2026-04-04T22:30:00Z", "2026-04-05T22:30:00Z"},
		},
		{
			name: "lord howe handoff in its 30-minute skipped half hour",
			zone: "Australia/Lord_Howe", start: "2026-10-01T02:15", shift: "1d",
			from: "2026-10-02T00:00:00Z", to: "2026-10-05T00:00:00Z",
			want: []string{"2026-10-02T15:45:00Z", "2026-10-03T15:30:00Z", "2026-10-04T15:15:00Z"},
		},
		{
			name: "lord howe handoff in its repeated half hour",
			zone: "Australia/Lord_Howe", start: "2026-04-02T01:45", shift: "1d",
			from: "2026-04-03T00:00:00Z", to: "2026-04-06T00:00:00Z",
			want: []string{"2026-04-03T14:45:00Z", "2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z"},
		},
		{
			name: "chatham daily 09:00 from +12:45 to +13:45",
			zone: "Pacific/Chatham", start: "2026-09-20T09:00", shift: "1d",
			from: "2026-09-24T12:00:00Z", to: "2026-09-27T12:00:00Z",
			want: []string{"2026-09-24T20:15:00Z", "2026-09-25T20:15:00Z", "2026-09-26T19:15:00Z"},
		},
		{
			name: "chatham 12h across fall back to +12:45",
			zone: "Pacific/Chatham", start: "2026-04-01T09:00", shift: "12h",
			from: "2026-04-04T00:00:00Z", to: "2026-04-05T12:00:00Z",
			want: []string{"2026-04-04T07:15:00Z", "2026-04-04T20:15:00Z", "2026-04-05T08:15:00Z"},
		},
		{
			name: "kolkata daily 09:00 has no DST",
			zone: "Asia/Kolkata", start: "2026-03-01T09:00", shift: "1d",
			from: "2026-03-27T12:00:00Z", to: "2026-03-30T12:00:00Z",
			want: []string{"2026-03-28T03:30:00Z", "2026-03-29T03:30:00Z", "2026-03-30T03:30:00Z"},
		},
		{
			name: "kolkata 90m",
			zone: "Asia/Kolkata", start: "2026-03-01T00:00", shift: "90m",
			from: "2026-03-01T00:00:00Z", to: "2026-03-01T03:00:00Z",
			// Local midnight is 18:30Z; turns follow every 90 minutes.
			want: []string{"2026-03-01T00:30:00Z", "2026-03-01T02:00:00Z"},
		},
		{
			name: "new york 1h turn inside the skipped hour lasts no time",
			zone: "America/New_York", start: "2026-03-08T00:00", shift: "1h",
			from: "2026-03-08T05:00:00Z", to: "2026-03-08T09:00:00Z",
			// Civil 01:00 → 06:00Z; 02:00 and 03:00 → 07:00Z; 04:00 → 08:00Z.
			// Turns 1 (b), 2 (a, empty) and 3 (b) meet: b's two turns join.
			want: []string{"2026-03-08T06:00:00Z", "2026-03-08T08:00:00Z"},
		},
		{
			name: "leap day daily rotation",
			zone: "Europe/Berlin", start: "2028-02-27T09:00", shift: "1d",
			from: "2028-02-28T00:00:00Z", to: "2028-03-02T00:00:00Z",
			want: []string{"2028-02-28T08:00:00Z", "2028-02-29T08:00:00Z", "2028-03-01T08:00:00Z"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := handoffs(t, tc.zone, tc.start, tc.shift, utc(t, tc.from), utc(t, tc.to))
			if len(got) != len(tc.want) {
				t.Fatalf("got %d handoffs %v, want %v", len(got), got, tc.want)
			}
			for i, w := range tc.want {
				if !got[i].Equal(utc(t, w)) {
					t.Errorf("handoff %d = %v, want %s", i, got[i].UTC(), w)
				}
			}
		})
	}
}

// TestLocalInstant pins the civil-to-instant rules, including the cases
// where time.Date makes no promise.
func TestLocalInstant(t *testing.T) {
	cases := []struct {
		zone, local, want string
	}{
		{"America/New_York", "2026-03-08T01:59", "2026-03-08T06:59:00Z"},
		{"America/New_York", "2026-03-08T02:00", "2026-03-08T07:00:00Z"}, // skipped: transition
		{"America/New_York", "2026-03-08T02:59", "2026-03-08T07:00:00Z"}, // skipped: transition
		{"America/New_York", "2026-03-08T03:00", "2026-03-08T07:00:00Z"},
		{"America/New_York", "2026-11-01T00:59", "2026-11-01T04:59:00Z"},
		{"America/New_York", "2026-11-01T01:00", "2026-11-01T05:00:00Z"}, // repeated: first
		{"America/New_York", "2026-11-01T01:59", "2026-11-01T05:59:00Z"}, // repeated: first
		{"America/New_York", "2026-11-01T02:00", "2026-11-01T07:00:00Z"},
		{"Europe/London", "2026-03-29T01:30", "2026-03-29T01:00:00Z"},
		{"Europe/London", "2026-10-25T01:30", "2026-10-25T00:30:00Z"},
		{"Europe/Berlin", "2026-03-29T02:30", "2026-03-29T01:00:00Z"},
		{"Europe/Berlin", "2026-10-25T02:30", "2026-10-25T00:30:00Z"},
		{"Australia/Lord_Howe", "2026-10-04T02:00", "2026-10-03T15:30:00Z"},
		{"Australia/Lord_Howe", "2026-10-04T02:29", "2026-10-03T15:30:00Z"},
		{"Australia/Lord_Howe", "2026-10-04T02:30", "2026-10-03T15:30:00Z"},
		{"Australia/Lord_Howe", "2026-04-05T01:30", "2026-04-04T14:30:00Z"},
		{"Australia/Lord_Howe", "2026-04-05T02:00", "2026-04-04T15:30:00Z"},
		{"Pacific/Chatham", "2026-09-27T03:00", "2026-09-26T14:00:00Z"},
		{"Pacific/Chatham", "2026-04-05T03:00", "2026-04-04T13:15:00Z"},
		{"Pacific/Chatham", "2026-04-05T03:45", "2026-04-04T15:00:00Z"},
		{"Asia/Kolkata", "2026-06-01T00:00", "2026-05-31T18:30:00Z"},
	}
	for _, tc := range cases {
		t.Run(tc.zone+" "+tc.local, func(t *testing.T) {
			got, err := LocalInstant(tc.zone, ldt(t, tc.local))
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(utc(t, tc.want)) {
				t.Fatalf("got %v, want %s", got.UTC(), tc.want)
			}
		})
	}
}

// TestLocalInstantSweep checks the civil-to-instant rules minute by minute
// over whole years around every transition of the test zones, against
// their definition: the earliest instant whose wall clock reads the wanted
// time or later.
func TestLocalInstantSweep(t *testing.T) {
	for _, zone := range testZones {
		t.Run(zone, func(t *testing.T) {
			z, err := loadZone(zone)
			if err != nil {
				t.Fatal(err)
			}
			loc := mustLoc(t, zone)
			wall := func(s int64) int64 {
				l := time.Unix(s, 0).In(loc)
				return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC).Unix()
			}
			for _, year := range []int{1970, 2000, 2026, 2028, 2040, 2100} {
				tt := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
				end := tt.AddDate(1, 0, 0)
				for tt.Before(end) {
					_, next := tt.In(loc).ZoneBounds()
					if !next.After(tt) { // Go may end a leap year a day early
						tt = tt.Add(48 * time.Hour)
						continue
					}
					if next.IsZero() || !next.Before(end) {
						break
					}
					// The wall-clock reading of every minute within 10 hours
					// of the transition.
					base := next.Unix() - 10*3600
					walls := make([]int64, 1200)
					for i := range walls {
						walls[i] = wall(base + int64(i)*60)
					}
					hwm := int64(math.MinInt64)
					for i := 240; i < 960; i++ {
						s := base + int64(i)*60
						hwm = max(hwm, walls[i-1]+59) // readings until minute i
						// Instant → wall: the reading, or the high-water
						// mark when the clock reads less than it did before.
						if walls[i] >= hwm && z.wall(s) != walls[i] {
							t.Fatalf("%v: wall = %d, want the reading %d", time.Unix(s, 0).UTC(), z.wall(s), walls[i])
						}
						if walls[i] < hwm && z.wall(s) != hwm {
							t.Fatalf("%v: wall = %d, want the high-water mark %d", time.Unix(s, 0).UTC(), z.wall(s), hwm)
						}
						// Wall → instant: the earliest instant reading u or later.
						for _, u := range []int64{walls[i], walls[i] + 1800} {
							j := 0
							for walls[j] < u {
								j++
							}
							if got, want := z.instant(u), base+int64(j)*60; got != want {
								t.Fatalf("instant(%v) = %v, want %v", time.Unix(u, 0).UTC(), time.Unix(got, 0).UTC(), time.Unix(want, 0).UTC())
							}
							// The two maps agree (a Galois connection).
							if (z.instant(u) <= s) != (z.wall(s) >= u) {
								t.Fatalf("instant and wall disagree at %v / %v", s, u)
							}
						}
					}
					tt = next
				}
			}
		})
	}
}

// TestSkippedHourJoinsTurn checks that a higher layer's window lying
// wholly in a skipped hour covers nothing, and the turn it would have
// interrupted stays one piece both for Shifts and OnCallTier.
func TestSkippedHourJoinsTurn(t *testing.T) {
	c := mustCompile(t, Schedule{
		TimeZone: "America/New_York",
		Members:  team(),
		Layers: []Layer{
			{ID: "base", Tier: TierPrimary, Participants: []string{"a"}, Start: ldt(t, "2026-03-02T09:00"), Shift: shiftLen(t, "1w")},
			{ID: "blip", Tier: TierPrimary, Participants: []string{"b"}, Start: ldt(t, "2026-03-02T09:00"), Shift: shiftLen(t, "1w"),
				Coverage: []Window{{Days: []time.Weekday{time.Sunday}, From: tod(t, "02:15"), To: tod(t, "02:45")}}},
		},
	})
	from, to := utc(t, "2026-03-08T00:00:00Z"), utc(t, "2026-03-08T12:00:00Z")
	shifts := c.TierShifts(TierPrimary, from, to)
	if len(shifts) != 1 || shifts[0].EngineerID != "a" {
		t.Fatalf("shifts = %v", shifts)
	}
	sh, ok := c.OnCallTier(TierPrimary, utc(t, "2026-03-08T06:00:00Z"))
	if !ok || !sh.Start.Equal(utc(t, "2026-03-02T14:00:00Z")) || !sh.End.Equal(utc(t, "2026-03-09T13:00:00Z")) {
		t.Fatalf("OnCallTier = %v %v–%v", ok, sh.Start.UTC(), sh.End.UTC())
	}
	// A week later the window exists and interrupts the turn.
	sh, _ = c.OnCallTier(TierPrimary, utc(t, "2026-03-15T05:00:00Z"))
	if !sh.End.Equal(utc(t, "2026-03-15T06:15:00Z")) {
		t.Fatalf("OnCallTier end = %v", sh.End.UTC())
	}
}

// TestHandoffsAllYears sweeps every handoff of common rotations over five
// years in every test zone, checking each against the rules directly: the
// wall clock reads the intended local time at the handoff, which is its
// first occurrence; or, when that local time does not exist, the handoff
// is the transition instant that skips it.
func TestHandoffsAllYears(t *testing.T) {
	rotations := []struct{ start, shift string }{
		{"2023-12-25T09:00", "1d"},
		{"2023-12-25T09:00", "12h"},
		{"2023-12-25T09:00", "1w"},
		{"2023-12-25T02:30", "1d"},
		{"2023-12-25T01:30", "8h"},
		{"2023-12-25T03:45", "2w"},
	}
	from := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, zone := range testZones {
		loc := mustLoc(t, zone)
		reading := func(at time.Time) time.Time {
			l := at.In(loc)
			return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
		}
		for _, rot := range rotations {
			t.Run(zone+" "+rot.shift+" from "+rot.start, func(t *testing.T) {
				start := ldt(t, rot.start)
				l := shiftLen(t, rot.shift)
				c := mustCompile(t, Schedule{TimeZone: zone, Members: team(),
					Layers: []Layer{{ID: "l", Tier: TierPrimary, Participants: []string{"a", "b"}, Start: start, Shift: l}}})
				shifts := c.TierShifts(TierPrimary, from, to)
				// k is the turn under way at from.
				k := 0
				for !c.Instant(localFromMinutes(start.minutes() + int64(k+1)*l.minutes())).After(from) {
					k++
				}
				if len(shifts) < 100 {
					t.Fatalf("only %d shifts", len(shifts))
				}
				for i, sh := range shifts[1:] {
					turn := k + 1 + i
					want := civil(start.Year, start.Month, start.Day+turn*l.Days, start.Hour, start.Minute+turn*l.Minutes)
					h := sh.Start
					got := reading(h)
					switch {
					case got.Equal(want):
						for _, back := range []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour} {
							if !reading(h.Add(-back)).Before(want) {
								t.Fatalf("turn %d at %v is not the first occurrence of %v", turn, h, want)
							}
						}
					case got.After(want) && reading(h.Add(-time.Second)).Before(want):
						// A skipped local time: h must be a transition.
						_, o1 := h.Add(-time.Second).In(loc).Zone()
						_, o2 := h.In(loc).Zone()
						if o1 == o2 {
							t.Fatalf("turn %d at %v reads %v, want %v", turn, h, got, want)
						}
					default:
						t.Fatalf("turn %d at %v reads %v, want %v", turn, h, got, want)
					}
				}
			})
		}
	}
}
