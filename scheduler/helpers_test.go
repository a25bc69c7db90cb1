package scheduler

import (
	"testing"
	"time"
	_ "time/tzdata" // tests must not depend on the machine's zone files
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func mustCompile(t testing.TB, s Schedule) *Compiled {
	t.Helper()
	c, err := Compile(s)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return c
}

func ldt(t testing.TB, s string) LocalDateTime {
	t.Helper()
	l, err := ParseLocalDateTime(s)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func utc(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func shiftLen(t testing.TB, s string) ShiftLength {
	t.Helper()
	l, err := ParseShiftLength(s)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func tod(t testing.TB, s string) TimeOfDay {
	t.Helper()
	v, err := ParseTimeOfDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

var weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}

// team returns members a, b, c, d (dev, ops, dev, ops).
func team() []Engineer {
	return []Engineer{
		{ID: "a", Name: "Ann", Discipline: DisciplineDev, TimeZone: "Europe/Berlin"},
		{ID: "b", Name: "Bob", Discipline: DisciplineOps, TimeZone: "Europe/Berlin"},
		{ID: "c", Name: "Cem", Discipline: DisciplineDev, TimeZone: "America/New_York"},
		{ID: "d", Name: "Dee", Discipline: DisciplineOps, TimeZone: "Asia/Kolkata"},
	}
}

// checkWellFormed fails unless each tier's shifts are sorted, disjoint,
// non-empty and within [from, to), and tiers come in AllTiers order.
func checkWellFormed(t testing.TB, shifts []Shift, from, to time.Time) {
	t.Helper()
	lastTier := -1
	var prev *Shift
	for i := range shifts {
		sh := &shifts[i]
		ti, ok := tierIndex(sh.Tier)
		if !ok || ti < lastTier {
			t.Fatalf("shift %d: tier %q out of order", i, sh.Tier)
		}
		if ti != lastTier {
			prev = nil
			lastTier = ti
		}
		if !sh.Start.Before(sh.End) {
			t.Fatalf("shift %d empty or reversed: %v", i, *sh)
		}
		if sh.Start.Before(from) || sh.End.After(to) {
			t.Fatalf("shift %d outside [%v, %v): %v", i, from, to, *sh)
		}
		if prev != nil {
			if sh.Start.Before(prev.End) {
				t.Fatalf("shift %d overlaps previous: %v then %v", i, *prev, *sh)
			}
			if sh.Start.Equal(prev.End) && sh.EngineerID == prev.EngineerID && sh.Source == prev.Source {
				t.Fatalf("shift %d not merged with previous: %v then %v", i, *prev, *sh)
			}
		}
		prev = sh
	}
}
