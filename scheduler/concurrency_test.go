package scheduler

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

// TestConcurrentUse shares one compiled schedule, the zone cache and the
// scratch pool between goroutines; run it with -race.
func TestConcurrentUse(t *testing.T) {
	c := mustCompile(t, benchSchedule(t, rand.New(rand.NewPCG(3, 3)), "Europe/Berlin", 50))
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 2, 0)
	want := c.Shifts(from, to)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			zone := testZones[g%len(testZones)]
			s := benchSchedule(t, rand.New(rand.NewPCG(uint64(g), 9)), zone, 5)
			other, err := Compile(s)
			if err != nil {
				t.Error(err)
				return
			}
			for i := range 20 {
				if got := c.Shifts(from, to); !sameShifts(got, want) {
					t.Error("concurrent Shifts differ")
					return
				}
				at := from.Add(time.Duration(i) * 37 * time.Hour)
				c.OnCall(at)
				c.NextHandoff(TierPrimary, at)
				other.Gaps(from, to)
				other.ShadowCompleted(from, to)
				other.PairingViolations(from, to)
			}
		})
	}
	wg.Wait()
}

func ExampleCompile() {
	start, _ := ParseLocalDateTime("2026-01-05T09:00")
	weekly, _ := ParseShiftLength("1w")
	daily, _ := ParseShiftLength("1d")
	c, err := Compile(Schedule{
		TimeZone: "Europe/Berlin",
		Members: []Engineer{
			{ID: "olga", Discipline: DisciplineOps},
			{ID: "dan", Discipline: DisciplineDev},
		},
		Layers: []Layer{
			{ID: "ops", Tier: TierPrimary, Participants: []string{"olga"}, Start: start, Shift: weekly},
			{ID: "dev", Tier: TierPrimary, Participants: []string{"dan"}, Start: start, Shift: daily,
				Coverage: []Window{{Days: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
					From: TimeOfDay{9, 0}, To: TimeOfDay{17, 0}}}},
		},
	})
	if err != nil {
		panic(err)
	}
	loc := c.Location()
	for _, sh := range c.Shifts(time.Date(2026, 1, 9, 0, 0, 0, 0, loc), time.Date(2026, 1, 10, 0, 0, 0, 0, loc)) {
		fmt.Println(sh.Start.Format("Mon 15:04"), "–", sh.End.Format("Mon 15:04"), sh.EngineerID, sh.Discipline, sh.Source.ID)
	}
	// Output:
	// Fri 00:00 – Fri 09:00 olga ops ops
	// Fri 09:00 – Fri 17:00 dan dev dev
	// Fri 17:00 – Sat 00:00 olga ops ops
}
