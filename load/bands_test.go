package load

import (
	"testing"
	"time"
)

func TestParseWorkingHours(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"", "mon-fri 08:00-18:00", true},
		{"mon-fri 09:00-17:00", "mon-fri 09:00-17:00", true},
		{"  MON-FRI 09:00-17:00 ", "mon-fri 09:00-17:00", true},
		{"fri-mon 22:00-06:00", "fri-mon 22:00-06:00", true},
		{"sat-sat 10:00-24:00", "sat-sat 10:00-24:00", true},
		{"mon-fri 09:00-09:00", "", false},
		{"mon-fri 9:00-17:00", "", false},
		{"mon-fri 24:00-17:00", "", false},
		{"mon-fry 09:00-17:00", "", false},
		{"mon-fri", "", false},
		{"mon-fri 09:00", "", false},
		{"mon 09:00-17:00", "", false},
		{"mon-fri 09:60-17:00", "", false},
		{"mon-fri +9:00-17:00", "", false},
	}
	for _, tc := range cases {
		w, err := ParseWorkingHours(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ParseWorkingHours(%q) error = %v, want ok %v", tc.in, err, tc.ok)
			continue
		}
		if err != nil {
			if ve, isVE := err.(*ValidationError); !isVE || ve.Field != "working_hours" {
				t.Errorf("ParseWorkingHours(%q) error %v does not name working_hours", tc.in, err)
			}
			continue
		}
		if w.String() != tc.want {
			t.Errorf("ParseWorkingHours(%q) = %q, want %q", tc.in, w, tc.want)
		}
	}
}

func TestBandAt(t *testing.T) {
	custom, err := ParseWorkingHours("mon-fri 09:00-17:00")
	if err != nil {
		t.Fatal(err)
	}
	nights, err := ParseWorkingHours("fri-sun 22:00-06:00")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		zone string
		at   string // local
		w    WorkingHours
		want Band
	}{
		{"monday 08:00 is business", "Europe/Berlin", "2026-03-02T08:00", DefaultWorkingHours, Business},
		{"monday 07:59 is sleep", "Europe/Berlin", "2026-03-02T07:59", DefaultWorkingHours, Sleep},
		{"monday 17:59 is business", "Europe/Berlin", "2026-03-02T17:59", DefaultWorkingHours, Business},
		{"monday 18:00 is off-hours", "Europe/Berlin", "2026-03-02T18:00", DefaultWorkingHours, OffHours},
		{"monday 21:59 is off-hours", "Europe/Berlin", "2026-03-02T21:59", DefaultWorkingHours, OffHours},
		{"monday 22:00 is sleep", "Europe/Berlin", "2026-03-02T22:00", DefaultWorkingHours, Sleep},
		{"saturday noon is off-hours", "Europe/Berlin", "2026-03-07T12:00", DefaultWorkingHours, OffHours},
		{"saturday 03:00 is sleep", "Europe/Berlin", "2026-03-07T03:00", DefaultWorkingHours, Sleep},
		{"custom 08:30 is off-hours", "America/New_York", "2026-03-02T08:30", custom, OffHours},
		{"custom 09:00 is business", "America/New_York", "2026-03-02T09:00", custom, Business},
		{"custom 17:00 is off-hours", "America/New_York", "2026-03-02T17:00", custom, OffHours},
		{"night worker friday 23:00 is business", "Asia/Kolkata", "2026-03-06T23:00", nights, Business},
		{"night worker monday 05:00 (sunday's window) is business", "Asia/Kolkata", "2026-03-09T05:00", nights, Business},
		{"night worker monday 06:00 is sleep", "Asia/Kolkata", "2026-03-09T06:00", nights, Sleep},
		{"night worker friday 05:00 (thursday) is sleep", "Asia/Kolkata", "2026-03-06T05:00", nights, Sleep},
	}
	for _, tc := range cases {
		loc := mustLoc(t, tc.zone)
		if got := BandAt(at(t, tc.zone, tc.at), loc, tc.w); got != tc.want {
			t.Errorf("%s: BandAt = %s, want %s", tc.name, got, tc.want)
		}
	}
}

// TestBandsFollowDST sweeps the March weeks in which the US (8 March 2026)
// and Europe (29 March 2026) move their clocks, minute by minute in UTC:
// the band must be the one of the engineer's wall clock, which the
// standard library's conversion gives, and the accumulator's cached
// offsets must agree with it.
func TestBandsFollowDST(t *testing.T) {
	for _, zone := range []string{"America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"} {
		loc := mustLoc(t, zone)
		z := newZoneCache(loc)
		for _, week := range []time.Time{time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 26, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 29, 0, 0, 0, 0, time.UTC)} {
			for m := 0; m < 7*1440; m++ {
				u := week.Add(time.Duration(m) * time.Minute)
				lt := u.In(loc)
				want := Sleep
				switch h := lt.Hour(); {
				case lt.Weekday() >= time.Monday && lt.Weekday() <= time.Friday && h >= 8 && h < 18:
					want = Business
				case h >= 8 && h < 22:
					want = OffHours
				}
				_, wd, minute := civil(z.local(u.UnixNano()))
				if got := DefaultWorkingHours.bandOfLocal(wd, minute); got != want {
					t.Fatalf("%s %v (local %v): band %s, want %s", zone, u, lt, got, want)
				}
				if wd != int(lt.Weekday()) || minute != lt.Hour()*60+lt.Minute() {
					t.Fatalf("%s %v: civil %d %d, want %v", zone, u, wd, minute, lt)
				}
			}
		}
	}
}

// FuzzParseWorkingHours: anything parses or fails with a working_hours
// error; what parses prints as something that parses to the same hours,
// and every minute of the week has exactly one band.
func FuzzParseWorkingHours(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWorkingHours(s)
		if err != nil {
			if ve, ok := err.(*ValidationError); !ok || ve.Field != "working_hours" {
				t.Fatalf("error %v", err)
			}
			return
		}
		again, err := ParseWorkingHours(w.String())
		if err != nil || again != w {
			t.Fatalf("%q → %q → %v %v", s, w, again, err)
		}
		business := 0
		for wd := range 7 {
			for m := 0; m < 1440; m++ {
				if w.bandOfLocal(wd, m) == Business {
					business++
				}
			}
		}
		perDay := w.to - w.from
		if perDay <= 0 {
			perDay += 1440
		}
		days := 0
		for _, d := range w.days {
			if d {
				days++
			}
		}
		if business != days*perDay {
			t.Fatalf("%q: %d business minutes a week, want %d", w, business, days*perDay)
		}
	})
}
