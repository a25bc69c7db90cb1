package load

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

var benchZones = []string{"Europe/Berlin", "America/New_York", "Asia/Kolkata", "America/Los_Angeles", "Australia/Sydney"}

// benchInput is DESIGN.md's target: 500 engineers, 90 days, with weekly
// primary and secondary shifts, and n pages in time order.
func benchInput(tb testing.TB, r *rand.Rand, engineers, n int) (Input, []Page) {
	from := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 0, 90)
	in := Input{Team: "bench", From: from, To: to, TimeZone: "Europe/Berlin"}
	for i := range engineers {
		in.Engineers = append(in.Engineers, Engineer{ID: fmt.Sprintf("e%d", i), Name: fmt.Sprintf("E%d", i), TimeZone: benchZones[i%len(benchZones)]})
	}
	for w := 0; w < 13; w++ {
		s := from.AddDate(0, 0, 7*w)
		for k := 0; k < engineers/8; k++ {
			in.Shifts = append(in.Shifts,
				scheduler.Shift{Tier: scheduler.TierPrimary, EngineerID: in.Engineers[(w*engineers/8+k)%engineers].ID, Start: s, End: s.AddDate(0, 0, 7)},
				scheduler.Shift{Tier: scheduler.TierSecondary, EngineerID: in.Engineers[(w*engineers/8+k+engineers/2)%engineers].ID, Start: s, End: s.AddDate(0, 0, 7)})
		}
	}
	// Alerts at random instants, each paging an engineer by SMS, a third
	// of them by voice two minutes later, some a second engineer five
	// minutes later and some again after half an hour; a tenth by email.
	span := to.Sub(from)
	var pages []Page
	for i := 0; len(pages) < n; i++ {
		t := from.Add(time.Duration(r.Int64N(int64(span))))
		alert := fmt.Sprintf("alert-%d", i)
		first := in.Engineers[r.IntN(engineers)].ID
		ch := ChannelSMS
		if r.IntN(10) == 0 {
			ch = ChannelEmail
		}
		p := Page{EngineerID: first, AlertID: alert, At: t, Channel: ch}
		if r.IntN(4) == 0 {
			p.AckedAt = t.Add(time.Duration(r.IntN(600)) * time.Second)
		}
		pages = append(pages, p)
		if r.IntN(3) == 0 {
			pages = append(pages, Page{EngineerID: first, AlertID: alert, At: t.Add(2 * time.Minute), Channel: ChannelVoice})
		}
		if r.IntN(4) == 0 {
			pages = append(pages, Page{EngineerID: in.Engineers[r.IntN(engineers)].ID, AlertID: alert, At: t.Add(5 * time.Minute), Channel: ChannelSMS})
		}
		if r.IntN(8) == 0 {
			pages = append(pages, Page{EngineerID: first, AlertID: alert, At: t.Add(30 * time.Minute), Channel: ChannelSMS})
		}
	}
	pages = slices.DeleteFunc(pages[:n], func(p Page) bool { return !p.At.Before(to) })
	slices.SortStableFunc(pages, func(a, b Page) int { return a.At.Compare(b.At) })
	return in, pages
}

// BenchmarkReport computes a load report for 500 engineers over 90 days
// from 1,000,000 pages, streamed through an Accumulator.
func BenchmarkReport(b *testing.B) {
	in, pages := benchInput(b, rand.New(rand.NewPCG(1, 2)), 500, 1_000_000)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	for b.Loop() {
		a, err := NewAccumulator(in)
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range pages {
			if err := a.Add(p); err != nil {
				b.Fatal(err)
			}
		}
		if r := a.Report(); r.Totals.Pages != len(pages) {
			b.Fatalf("%d pages counted", r.Totals.Pages)
		}
	}
	if end := processCPU(); cpu >= 0 && end >= 0 {
		b.ReportMetric(float64(end-cpu)/float64(b.N), "cpu-ns/op")
	}
}
