package load

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

var propZones = []string{"America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"}

// randomTeam builds a small team with random shifts (whole minutes) and
// random pages around a DST change (US or Europe, March or
// October/November 2026), within 6 days so that AlertMemory never
// forgets.
func randomTeam(r *rand.Rand) (Input, []Page) {
	// The weeks of the US and the European changes, spring and autumn.
	weeks := []time.Time{time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 26, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 10, 22, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 29, 0, 0, 0, 0, time.UTC)}
	from := weeks[r.IntN(len(weeks))].Add(time.Duration(r.IntN(600)) * time.Minute)
	to := from.Add(6 * 24 * time.Hour)
	in := Input{From: from, To: to, TimeZone: propZones[r.IntN(len(propZones))]}
	n := 1 + r.IntN(4)
	for i := range n {
		wh := ""
		if r.IntN(3) == 0 {
			wh = []string{"mon-fri 09:00-17:00", "sun-thu 22:00-06:00", "sat-sat 00:00-24:00"}[r.IntN(3)]
		}
		in.Engineers = append(in.Engineers, Engineer{ID: fmt.Sprint("e", i), TimeZone: propZones[r.IntN(len(propZones))], WorkingHours: wh})
	}
	tiers := []scheduler.Tier{scheduler.TierPrimary, scheduler.TierSecondary, scheduler.TierShadow}
	for range r.IntN(12) {
		s := from.Add(time.Duration(r.IntN(8*1440)-1440) * time.Minute)
		e := s.Add(time.Duration(1+r.IntN(3*1440)) * time.Minute)
		in.Shifts = append(in.Shifts, scheduler.Shift{Tier: tiers[r.IntN(3)], EngineerID: in.Engineers[r.IntN(n)].ID, Start: s, End: e})
	}
	var pages []Page
	channels := []Channel{ChannelSMS, ChannelVoice, ChannelEmail, ChannelPush, ChannelLog}
	t := from.Add(-time.Hour)
	for range r.IntN(80) {
		// Mostly close together, to exercise coalescing.
		switch r.IntN(4) {
		case 0:
			t = t.Add(time.Duration(r.IntN(12*3600)) * time.Second)
		default:
			t = t.Add(time.Duration(r.IntN(90_000)) * time.Millisecond)
		}
		p := Page{EngineerID: in.Engineers[r.IntN(n)].ID, AlertID: fmt.Sprint("a", r.IntN(20)), At: t,
			Channel: channels[r.IntN(len(channels))], Shadow: r.IntN(6) == 0}
		if r.IntN(3) == 0 {
			p.IncidentID = fmt.Sprint("i", r.IntN(5))
		}
		pages = append(pages, p)
	}
	return in, pages
}

type refFigures struct {
	Intr          Interruptions
	Shadow        int
	Nights, Hours int
	SleepMax      int
	Primary       time.Duration
	Secondary     time.Duration
	ShadowTime    time.Duration
	Longest       time.Duration
	Weekend       int
	IncidentsMax  int
	Incidents     int
}

// reference computes an engineer's figures the slow way: bands through
// time.In, on-call time by sampling every minute, windows by scanning.
func reference(t *testing.T, in Input, pages []Page, id string) refFigures {
	var e Engineer
	for _, x := range in.Engineers {
		if x.ID == id {
			e = x
		}
	}
	loc := mustLoc(t, map[bool]string{true: "UTC", false: e.TimeZone}[e.TimeZone == ""])
	wh, _ := ParseWorkingHours(e.WorkingHours)
	var f refFigures

	// On call, minute by minute.
	on := map[scheduler.Tier]map[int64]bool{}
	for _, sh := range in.Shifts {
		if sh.EngineerID != id {
			continue
		}
		if on[sh.Tier] == nil {
			on[sh.Tier] = map[int64]bool{}
		}
		for m := sh.Start; m.Before(sh.End); m = m.Add(time.Minute) {
			if !m.Before(in.From) && m.Before(in.To) {
				on[sh.Tier][m.Unix()/60] = true
			}
		}
	}
	f.Primary = time.Duration(len(on[scheduler.TierPrimary])) * time.Minute
	f.Secondary = time.Duration(len(on[scheduler.TierSecondary])) * time.Minute
	f.ShadowTime = time.Duration(len(on[scheduler.TierShadow])) * time.Minute
	onCall := func(ts time.Time) bool {
		m := ts.Unix() / 60
		if ts.Unix()%60 < 0 {
			m--
		}
		return on[scheduler.TierPrimary][m] || on[scheduler.TierSecondary][m]
	}
	// Runs of on-call minutes.
	type run struct{ s, e time.Time }
	var runs []run
	weekend := map[string]bool{}
	for m := in.From; m.Before(in.To); m = m.Add(time.Minute) {
		if !onCall(m) {
			continue
		}
		if n := len(runs); n > 0 && runs[n-1].e.Equal(m) {
			runs[n-1].e = m.Add(time.Minute)
		} else {
			runs = append(runs, run{m, m.Add(time.Minute)})
		}
		if wd := m.In(loc).Weekday(); wd == time.Saturday || wd == time.Sunday {
			weekend[m.In(loc).Format("2006-01-02")] = true
		}
	}
	f.Weekend = len(weekend)
	for _, r := range runs {
		f.Longest = max(f.Longest, r.e.Sub(r.s))
	}

	var mine []Page
	for _, p := range pages {
		if p.EngineerID == id && !p.At.Before(in.From) && p.At.Before(in.To) {
			mine = append(mine, p)
		}
	}
	// Interruptions: clusters of interrupting pages, 60 s from their
	// first page; each counts once if it brings a new alert.
	interruptions := func(shadow bool) []time.Time {
		var out []time.Time
		seen := map[string]bool{}
		var start time.Time
		open, counted := false, false
		for _, p := range mine {
			if p.Shadow != shadow || p.Channel == ChannelEmail {
				continue
			}
			if !open || p.At.Sub(start) > 60*time.Second {
				open, start, counted = true, p.At, false
			}
			if !seen[p.AlertID] {
				seen[p.AlertID] = true
				if !counted {
					counted = true
					out = append(out, p.At)
				}
			}
		}
		return out
	}
	f.Shadow = len(interruptions(true))
	nights := map[string]bool{}
	var sleeps []time.Time
	for _, ts := range interruptions(false) {
		lt := ts.In(loc)
		b := wh.bandOfLocal(int(lt.Weekday()), lt.Hour()*60+lt.Minute())
		f.Intr.addBand(b.index())
		if b == Sleep {
			sleeps = append(sleeps, ts)
			d := lt
			if lt.Hour() < 8 {
				d = lt.AddDate(0, 0, -1)
			}
			nights[d.Format("2006-01-02")] = true
		}
	}
	// Each interruption marks the real hour that starts at its local :00.
	hours := map[int64]bool{}
	for _, ts := range interruptions(false) {
		lt := ts.In(loc)
		hours[ts.Unix()-int64(lt.Minute()*60+lt.Second())] = true
	}
	f.Nights, f.Hours = len(nights), len(hours)
	for i, a := range sleeps {
		n := 0
		for _, b := range sleeps[i:] {
			if b.Before(a.In(loc).AddDate(0, 0, 7)) {
				n++
			}
		}
		f.SleepMax = max(f.SleepMax, n)
	}
	// Incidents: the first interrupting page of each alert (or incident),
	// in 12-hour blocks of on-call runs, or greedy blocks off the rota.
	seen := map[string]bool{}
	blocks := map[string]int{}
	var offStart time.Time
	offOpen := false
	for _, p := range mine {
		if p.Shadow || p.Channel == ChannelEmail {
			continue
		}
		key := "a" + p.AlertID
		newAlert := !seen[key]
		seen[key] = true
		if !newAlert {
			continue
		}
		if p.IncidentID != "" {
			if seen["i"+p.IncidentID] {
				continue
			}
			seen["i"+p.IncidentID] = true
		}
		f.Incidents++
		inRun := false
		for _, r := range runs {
			if !p.At.Before(r.s) && p.At.Before(r.e) {
				k := p.At.Sub(r.s) / (12 * time.Hour)
				blocks[fmt.Sprint("on", r.s.Add(k*12*time.Hour).UnixNano())]++
				inRun = true
			}
		}
		if !inRun {
			if !offOpen || p.At.Sub(offStart) >= 12*time.Hour {
				offOpen, offStart = true, p.At
			}
			blocks[fmt.Sprint("off", offStart.UnixNano())]++
		}
	}
	for _, n := range blocks {
		f.IncidentsMax = max(f.IncidentsMax, n)
	}
	return f
}

// TestAgainstReference compares the accumulator with the slow reference
// on random teams, and checks that feeding engineers' pages interleaved
// differently, or asking for the report twice, changes nothing.
func TestAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 3))
	iterations := 300
	if testing.Short() {
		iterations = 50
	}
	for it := range iterations {
		in, pages := randomTeam(r)
		a := mustAcc(t, in)
		rep := addAll(t, a, pages)
		for i, e := range in.Engineers {
			want := reference(t, in, pages, e.ID)
			got := eng(t, rep, e.ID)
			g := refFigures{
				Intr: got.Interruptions, Shadow: got.Shadow.Interruptions, Nights: got.SleepNights, Hours: got.InterruptedHours,
				SleepMax: a.engs[i].sleepMax, Primary: got.OnCall.Primary, Secondary: got.OnCall.Secondary, ShadowTime: got.OnCall.Shadow,
				Longest: got.Longest.Duration(), Weekend: got.WeekendDays, IncidentsMax: got.Incidents.Max,
				Incidents: got.Incidents.OnCall + got.Incidents.OffRota,
			}
			if g != want {
				t.Fatalf("iteration %d, %s (%s, %q):\n got %+v\nwant %+v", it, e.ID, e.TimeZone, e.WorkingHours, g, want)
			}
		}
		if again := a.Report(); !reflect.DeepEqual(again, rep) {
			t.Fatalf("iteration %d: a second Report differs", it)
		}
		// Reverse the order between engineers, keeping each one's own.
		byEng := map[string][]Page{}
		for _, p := range pages {
			byEng[p.EngineerID] = append(byEng[p.EngineerID], p)
		}
		b := mustAcc(t, in)
		for _, e := range slices.Backward(in.Engineers) {
			for _, p := range byEng[e.ID] {
				if err := b.Add(p); err != nil {
					t.Fatal(err)
				}
			}
		}
		if other := b.Report(); !reflect.DeepEqual(other, rep) {
			t.Fatalf("iteration %d: the order between engineers changed the report", it)
		}
	}
}

// TestAlertMemory: an alert that pages an engineer again after a week of
// silence is a new interruption; one that keeps paging is not.
func TestAlertMemory(t *testing.T) {
	from := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		gaps  []time.Duration
		count int
	}{
		{"six days later: the same", []time.Duration{6 * 24 * time.Hour}, 1},
		{"a week less a second later: the same", []time.Duration{AlertMemory - time.Second}, 1},
		{"every three days for a month: the same", []time.Duration{72 * time.Hour, 72 * time.Hour, 72 * time.Hour, 72 * time.Hour, 72 * time.Hour, 72 * time.Hour, 72 * time.Hour, 72 * time.Hour, 72 * time.Hour, 72 * time.Hour}, 1},
		{"two weeks later: counted again", []time.Duration{14 * 24 * time.Hour}, 2},
	}
	for _, tc := range cases {
		a := mustAcc(t, Input{From: from, To: from.AddDate(0, 2, 0), Engineers: team(1, "UTC")})
		at := from.Add(time.Hour)
		pages := []Page{page("e0", "a", at)}
		for _, g := range tc.gaps {
			at = at.Add(g)
			pages = append(pages, page("e0", "a", at))
		}
		if got := eng(t, addAll(t, a, pages), "e0").Interruptions.Total; got != tc.count {
			t.Errorf("%s: %d interruptions, want %d", tc.name, got, tc.count)
		}
	}
}
