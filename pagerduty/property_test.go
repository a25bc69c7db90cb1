package pagerduty_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/rotaoncall/rota/pagerduty"
	"github.com/rotaoncall/rota/pagerduty/pdfake"
)

// safeHour reports whether a local clock hour is clear of every DST change
// of the zones below (all happen between 01:00 and 04:00 local): at such
// times time.Date, which the oracle uses, and Rota's rule for skipped and
// repeated hours cannot disagree, since the hour exists exactly once.
func safeHour(h int) bool { h = ((h % 24) + 24) % 24; return h < 1 || h >= 4 }

// TestFaithfulRandom imports random PagerDuty schedules (one to four
// layers of daily, multi-day, weekly, fortnightly and 4- to 12-hour
// turns; daily and weekly restrictions up to several days; starts in the
// past mid-turn and on future handoffs; virtual starts before and after
// the start; ended layers; overrides) in zones with and without DST, over
// four weeks that hold DST changes, and requires Rota's on-call to equal
// the oracle's final schedule for every one.
func TestFaithfulRandom(t *testing.T) {
	zones := []string{"Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC", "Europe/London", "America/Sao_Paulo"}
	ats := []time.Time{
		time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),   // US and EU spring forward
		time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC), // EU and US fall back
		time.Date(2026, 3, 25, 0, 0, 0, 0, time.UTC),  // EU spring forward, Sydney falls back
	}
	turns := []struct {
		seconds int
		hours   []int // anchor hours whose every handoff is at a safe hour
	}{
		{86400, nil}, {7 * 86400, nil}, {2 * 86400, nil}, {3 * 86400, nil}, {14 * 86400, nil},
		{12 * 3600, []int{4, 5, 6, 7, 8, 9, 10, 11, 12}}, {6 * 3600, []int{4, 5, 6}}, {8 * 3600, []int{0, 4, 5, 6, 7}}, {4 * 3600, []int{0, 4}},
	}
	users := []string{"PU1", "PU2", "PU3", "PU4", "PU5", "PU6"}
	const perAt = 20
	for ai, at := range ats {
		t.Run(at.Format("2006-01-02"), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(ai)+1, 2026))
			fake := pdfake.New("tok")
			defer fake.Close()
			for i, id := range users {
				fake.AddUser(pdfake.User{ID: id, Name: "User " + id, Email: fmt.Sprintf("u%d@example.com", i+1), TimeZone: "UTC"})
			}
			pick := func() string { return users[rng.IntN(len(users))] }
			safeClock := func() (int, int) {
				for {
					if h := rng.IntN(24); safeHour(h) {
						return h, []int{0, 15, 30, 45}[rng.IntN(4)]
					}
				}
			}
			for si := range perAt {
				zone := zones[rng.IntN(len(zones))]
				loc := mustLoc(t, zone)
				sc := pdfake.Schedule{ID: fmt.Sprintf("PS%03d", si), Name: fmt.Sprintf("Random %d", si), TimeZone: zone}
				for li := range 1 + rng.IntN(4) {
					tu := turns[rng.IntN(len(turns))]
					h, m := safeClock()
					if tu.hours != nil {
						h, m = tu.hours[rng.IntN(len(tu.hours))], []int{0, 30}[rng.IntN(2)]
					}
					d := at.In(loc).AddDate(0, 0, rng.IntN(80)-70)
					rvs := time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, loc)
					handoff := func(k int) time.Time {
						if tu.seconds%86400 == 0 {
							return time.Date(rvs.Year(), rvs.Month(), rvs.Day()+k*tu.seconds/86400, h, m, 0, 0, loc)
						}
						return time.Date(rvs.Year(), rvs.Month(), rvs.Day(), h, m, k*tu.seconds, 0, loc)
					}
					l := pdfake.Layer{ID: fmt.Sprintf("PL%03d%d", si, li), Name: fmt.Sprintf("Layer %d", li+1),
						RotationVirtualStart: rvs, TurnLengthSeconds: tu.seconds}
					if rng.IntN(2) == 0 {
						l.Start = handoff(rng.IntN(7) - 3) // on a handoff, maybe in the future
					} else {
						l.Start = at.Add(-time.Duration(rng.IntN(40*24*60)) * time.Minute) // mid-turn, in the past
					}
					if rng.IntN(6) == 0 && l.Start.Before(at) {
						l.End = l.Start.Add(time.Duration(1+rng.IntN(int(at.Sub(l.Start)/time.Minute))) * time.Minute)
					}
					for range 1 + rng.IntN(4) {
						l.UserIDs = append(l.UserIDs, pick())
					}
					if rng.IntN(2) == 0 {
						for range 1 + rng.IntN(3) {
							for {
								h, m := safeClock()
								r := pdfake.Restriction{StartTimeOfDay: fmt.Sprintf("%02d:%02d:00", h, m)}
								if rng.IntN(5) < 2 {
									r.Type, r.DurationSeconds = "daily_restriction", (1+rng.IntN(24))*3600-[]int{0, 1800}[rng.IntN(2)]
								} else {
									r.Type, r.StartDayOfWeek = "weekly_restriction", 1+rng.IntN(7)
									r.DurationSeconds = (1+rng.IntN(100))*3600 - []int{0, 1800}[rng.IntN(2)]
								}
								end := h*60 + m + r.DurationSeconds/60
								if safeHour(end/60) || (end/60)%24 == 0 {
									l.Restrictions = append(l.Restrictions, r)
									break
								}
							}
						}
					}
					sc.Layers = append(sc.Layers, l)
				}
				for oi := range rng.IntN(3) {
					h, m := safeClock()
					d := at.In(loc).AddDate(0, 0, rng.IntN(27))
					start := time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, loc)
					h2, m2 := safeClock()
					end := time.Date(d.Year(), d.Month(), d.Day()+rng.IntN(3), h2, m2, 0, 0, loc)
					if !end.After(start) {
						end = time.Date(d.Year(), d.Month(), d.Day()+1, h2, m2, 0, 0, loc)
					}
					sc.Overrides = append(sc.Overrides, pdfake.Override{ID: fmt.Sprintf("PO%03d%d", si, oi), Start: start, End: end, UserID: pick()})
				}
				fake.AddSchedule(sc)
			}

			c := pagerduty.NewClient(pagerduty.Config{Token: "tok", APIURL: fake.URL, EventsURL: fake.URL, Sleep: (&sleeper{}).sleep})
			snap, err := c.Fetch(context.Background(), at, pdfake.FixtureHorizon, nil)
			if err != nil {
				t.Fatal(err)
			}
			org, rep := pagerduty.Convert(snap, pagerduty.Options{})
			for _, p := range rep.Skipped() {
				t.Errorf("%s", p)
			}
			checks, err := pagerduty.Check(org, snap)
			if err != nil {
				t.Fatal(err)
			}
			if len(checks) != perAt {
				t.Fatalf("%d schedules checked, want %d", len(checks), perAt)
			}
			for _, ch := range checks {
				if len(ch.Differences) == 0 {
					continue
				}
				sc, _ := fake.Schedule(ch.PagerDutyID)
				t.Errorf("%s (%s): %d differences, first %s\nlayers %+v\noverrides %+v", ch.Name, sc.TimeZone, len(ch.Differences), ch.Differences[0], sc.Layers, sc.Overrides)
			}
		})
	}
}
