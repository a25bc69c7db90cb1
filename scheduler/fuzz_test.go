package scheduler

import (
	"testing"
	"time"
)

// FuzzCompileAndResolve feeds arbitrary layer definitions to Compile and,
// when it accepts them, resolves three days around the layer's start.
// Nothing may panic, the work is bounded by the validated shift length,
// and point lookups must agree with range expansion.
func FuzzCompileAndResolve(f *testing.F) {
	f.Add("Europe/Berlin", 0, 1, 2026, 3, 27, 2, 30, uint8(0x7f), 22*60, 6*60, int64(0))
	f.Add("America/New_York", 60, 0, 2026, 11, 1, 1, 30, uint8(0), 0, 0, int64(-3600))
	f.Add("Australia/Lord_Howe", 90, 0, 2026, 10, 4, 2, 15, uint8(0x3e), 9*60, 17*60, int64(86400))
	f.Add("Pacific/Chatham", 0, 14, 2026, 9, 27, 2, 45, uint8(0x41), 0, 1440, int64(7*86400))
	f.Add("Asia/Kolkata", 0, 56, 1900, 1, 1, 0, 0, uint8(1), 60, 59, int64(-86400))
	f.Add("Mars/Olympus", -5, 100, 0, 13, 40, 25, 61, uint8(0xff), -1, 5000, int64(1<<40))
	f.Fuzz(func(t *testing.T, zone string, minutes, days, y, mo, d, hh, mm int, dayMask uint8, from, to int, offset int64) {
		var wdays []time.Weekday
		for i := range 8 { // bit 7 yields the invalid weekday 7
			if dayMask&(1<<i) != 0 {
				wdays = append(wdays, time.Weekday(i))
			}
		}
		var coverage []Window
		if dayMask != 0 {
			coverage = []Window{{Days: wdays, From: TimeOfDay{from / 60, from % 60}, To: TimeOfDay{to / 60, to % 60}}}
		}
		s := Schedule{
			TimeZone: zone,
			Members:  team(),
			Layers: []Layer{
				{ID: "base", Tier: TierPrimary, Participants: []string{"b", "d"}, Start: LocalDateTime{Date{y, time.Month(mo), d}, 0, 0}, Shift: ShiftLength{Days: 7}},
				{ID: "fuzz", Tier: TierPrimary, Participants: []string{"a", "c"}, Start: LocalDateTime{Date{y, time.Month(mo), d}, hh, mm},
					Shift: ShiftLength{Days: days, Minutes: minutes}, Coverage: coverage},
			},
		}
		c, err := Compile(s)
		if err != nil {
			if _, ok := err.(*ValidationError); !ok {
				t.Fatalf("Compile error is not a *ValidationError: %v", err)
			}
			return
		}
		start := c.Instant(s.Layers[1].Start)
		offset %= 400 * 86400
		at := start.Add(time.Duration(offset) * time.Second)
		lo, hi := at.Add(-36*time.Hour), at.Add(36*time.Hour)
		shifts := c.Shifts(lo, hi)
		checkWellFormed(t, shifts, lo, hi)
		for _, sh := range shifts {
			for _, p := range []time.Time{sh.Start, sh.End.Add(-time.Nanosecond)} {
				got, ok := c.OnCallTier(sh.Tier, p)
				if !ok || got.EngineerID != sh.EngineerID || got.Source != sh.Source {
					t.Fatalf("OnCallTier(%v) = %v %v, Shifts says %v", p, ok, got, sh)
				}
			}
		}
		c.OnCall(at)
		c.Gaps(lo, hi)
		c.ShadowCompleted(lo, hi)
		c.PairingViolations(lo, hi)
		c.NextHandoff(TierPrimary, at)
	})
}
