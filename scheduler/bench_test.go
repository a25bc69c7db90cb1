package scheduler

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// reportCPU adds a cpu-ns/op metric: the process's CPU time (all threads,
// garbage collection included) per operation since start.
func reportCPU(b *testing.B, start int64) {
	if end := processCPU(); start >= 0 && end >= 0 && b.N > 0 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

// benchSchedule is a realistic mixed schedule: 3 tiers, 5 layers (ops
// always and devs in business hours on primary and secondary, a weekly
// shadow), holidays, and n overrides spread over 2026.
func benchSchedule(tb testing.TB, r *rand.Rand, zone string, n int) Schedule {
	members := []Engineer{}
	for i := range 8 {
		d := DisciplineDev
		if i%2 == 1 {
			d = DisciplineOps
		}
		members = append(members, Engineer{ID: fmt.Sprintf("e%d", i), Name: fmt.Sprintf("Engineer %d", i), Discipline: d, TimeZone: zone})
	}
	bh := []Window{{Days: weekdays, From: TimeOfDay{9, 0}, To: TimeOfDay{17, 0}}}
	start := LocalDateTime{Date{2025, 12, 1 + r.IntN(7)}, 9, 0}
	s := Schedule{
		ID: "bench", Name: "bench", TimeZone: zone, Pairing: PairingMixed,
		Holidays: []Date{{2026, 1, 1}, {2026, 5, 1}, {2026, 12, 25}, {2026, 12, 26}},
		Members:  members,
		Layers: []Layer{
			{ID: "p-ops", Name: "ops-24x7", Tier: TierPrimary, Participants: []string{"e1", "e3", "e5"}, Start: start, Shift: ShiftLength{Days: 7}},
			{ID: "p-dev", Name: "dev-bh", Tier: TierPrimary, Participants: []string{"e0", "e2", "e4", "e6"}, Start: start, Shift: ShiftLength{Days: 1}, Coverage: bh},
			{ID: "s-ops", Name: "ops-2nd", Tier: TierSecondary, Participants: []string{"e7", "e5", "e3"}, Start: start, Shift: ShiftLength{Minutes: 720}},
			{ID: "s-dev", Name: "dev-2nd-bh", Tier: TierSecondary, Participants: []string{"e6", "e4"}, Start: start, Shift: ShiftLength{Days: 7}, Coverage: bh},
			{ID: "shadow", Name: "learners", Tier: TierShadow, Participants: []string{"e0", "e2"}, Start: start, Shift: ShiftLength{Days: 7}},
		},
	}
	yearStart := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		st := yearStart.Add(time.Duration(r.IntN(365*24*4)) * 15 * time.Minute)
		s.Overrides = append(s.Overrides, Override{
			ID: fmt.Sprintf("o%d", i), Tier: AllTiers[r.IntN(3)], EngineerID: members[r.IntN(len(members))].ID,
			Start: st, End: st.Add(time.Duration(1+r.IntN(48)) * time.Hour),
			CreatedAt: yearStart.Add(time.Duration(r.IntN(1000)) * time.Hour),
		})
	}
	return s
}

// BenchmarkShiftsYear expands one year of a schedule with 3 tiers, 5
// layers and 500 overrides. Target: 0.5 ms/op.
func BenchmarkShiftsYear(b *testing.B) {
	c := mustCompile(b, benchSchedule(b, rand.New(rand.NewPCG(1, 1)), "Europe/Berlin", 500))
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(1, 0, 0)
	n := 0
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		n = len(c.Shifts(from, to))
	}
	reportCPU(b, cpu)
	b.ReportMetric(float64(n), "shifts/op")
}

// BenchmarkOnCall10k asks who is on call at one instant across 10,000
// compiled schedules. Target: 50 ms/op.
func BenchmarkOnCall10k(b *testing.B) {
	r := rand.New(rand.NewPCG(2, 2))
	zones := testZones
	cs := make([]*Compiled, 10_000)
	for i := range cs {
		cs[i] = mustCompile(b, benchSchedule(b, r, zones[i%len(zones)], 5))
	}
	at := time.Date(2026, 6, 17, 15, 4, 5, 0, time.UTC)
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		for _, c := range cs {
			if len(c.OnCall(at)) == 0 {
				b.Fatal("nobody on call")
			}
		}
	}
	reportCPU(b, cpu)
}

// BenchmarkCompile compiles the ShiftsYear schedule, to show what caching
// a compiled schedule saves.
func BenchmarkCompile(b *testing.B) {
	s := benchSchedule(b, rand.New(rand.NewPCG(1, 1)), "Europe/Berlin", 500)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOnCallTier is one point lookup of one tier.
func BenchmarkOnCallTier(b *testing.B) {
	c := mustCompile(b, benchSchedule(b, rand.New(rand.NewPCG(1, 1)), "Europe/Berlin", 500))
	at := time.Date(2026, 6, 17, 20, 4, 5, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		c.OnCallTier(TierPrimary, at)
	}
}
