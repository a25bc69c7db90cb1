package paging_test

import (
	"errors"
	"testing"
	"time"
	_ "time/tzdata" // zone rules must not depend on the host

	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
)

func window(from, to string, days ...time.Weekday) scheduler.Window {
	f, _ := scheduler.ParseTimeOfDay(from)
	t, _ := scheduler.ParseTimeOfDay(to)
	return scheduler.Window{Days: days, From: f, To: t}
}

var weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestHours(t *testing.T) {
	office := paging.BusinessHours{TimeZone: "Europe/Berlin", Windows: []scheduler.Window{window("09:00", "17:00", weekdays...)}}
	night := paging.BusinessHours{TimeZone: "America/New_York", Windows: []scheduler.Window{window("22:00", "06:00", time.Friday)}}
	// Sunday windows over Berlin's DST changes: 02:00 does not exist on
	// 2026-03-29 (the clock jumps from 02:00 CET to 03:00 CEST at 01:00Z);
	// 02:00–03:00 happens twice on 2026-10-25 (CEST, then CET from 01:00Z).
	spring := paging.BusinessHours{TimeZone: "Europe/Berlin", Windows: []scheduler.Window{window("02:00", "04:00", time.Sunday)}}
	fall := paging.BusinessHours{TimeZone: "Europe/Berlin", Windows: []scheduler.Window{window("02:30", "04:00", time.Sunday)}}
	utcHours := paging.BusinessHours{Windows: []scheduler.Window{window("09:00", "17:00", weekdays...)}}
	for _, tc := range []struct {
		name   string
		hours  paging.BusinessHours
		at     string
		within bool
		next   string // NextStart; empty means at itself
	}{
		{"Monday 09:00 is within (half-open start)", office, "2026-11-23T08:00:00Z", true, ""},
		{"a second before opening", office, "2026-11-23T07:59:59Z", false, "2026-11-23T08:00:00Z"},
		{"16:59 is within", office, "2026-11-23T15:59:00Z", true, ""},
		{"17:00 is not (half-open end)", office, "2026-11-23T16:00:00Z", false, "2026-11-24T08:00:00Z"},
		{"Friday evening waits for Monday", office, "2026-11-27T16:00:00Z", false, "2026-11-30T08:00:00Z"},
		{"Saturday waits for Monday", office, "2026-11-28T12:00:00Z", false, "2026-11-30T08:00:00Z"},
		{"summer time: 09:00 CEST is 07:00Z", office, "2026-06-01T07:00:00Z", true, ""},
		{"summer time: 08:00Z is 10:00", office, "2026-06-01T06:59:00Z", false, "2026-06-01T07:00:00Z"},
		{"over the spring change, Monday opens at 09:00 CEST", office, "2026-03-28T12:00:00Z", false, "2026-03-30T07:00:00Z"},
		{"over the autumn change, Monday opens at 09:00 CET", office, "2026-10-24T12:00:00Z", false, "2026-10-26T08:00:00Z"},
		{"New Year's Day is a weekday like any (no holidays)", office, "2027-01-01T10:00:00Z", true, ""},

		{"overnight window: Friday 22:00 EST", night, "2026-11-28T03:00:00Z", true, ""},
		{"overnight window: Saturday 05:59 EST", night, "2026-11-28T10:59:00Z", true, ""},
		{"overnight window ends Saturday 06:00", night, "2026-11-28T11:00:00Z", false, "2026-12-05T03:00:00Z"},
		{"overnight window: Friday 21:59 EST", night, "2026-11-28T02:59:00Z", false, "2026-11-28T03:00:00Z"},

		{"spring: 01:59 CET, before the window", spring, "2026-03-29T00:59:00Z", false, "2026-03-29T01:00:00Z"},
		{"spring: the skipped 02:00 opens at the jump", spring, "2026-03-29T01:00:00Z", true, ""},
		{"spring: 03:59 CEST", spring, "2026-03-29T01:59:00Z", true, ""},
		{"spring: 04:00 CEST closes", spring, "2026-03-29T02:00:00Z", false, "2026-04-05T00:00:00Z"},

		{"fall: 02:29 CEST, before the window", fall, "2026-10-25T00:29:00Z", false, "2026-10-25T00:30:00Z"},
		{"fall: opens at the first 02:30 (CEST)", fall, "2026-10-25T00:30:00Z", true, ""},
		{"fall: the second 02:15 (CET) is within", fall, "2026-10-25T01:15:00Z", true, ""},
		{"fall: 03:59 CET", fall, "2026-10-25T02:59:00Z", true, ""},
		{"fall: 04:00 CET closes", fall, "2026-10-25T03:00:00Z", false, "2026-11-01T01:30:00Z"},

		{"no zone means UTC", utcHours, "2026-11-23T09:00:00Z", true, ""},
		{"no zone means UTC, before", utcHours, "2026-11-23T08:59:00Z", false, "2026-11-23T09:00:00Z"},
		{"no windows: always within", paging.BusinessHours{}, "2026-11-28T03:00:00Z", true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := paging.CompileHours(tc.hours)
			if err != nil {
				t.Fatal(err)
			}
			at := utc(tc.at)
			if got := h.Within(at); got != tc.within {
				t.Fatalf("Within(%s) = %v, want %v", tc.at, got, tc.within)
			}
			want := at
			if tc.next != "" {
				want = utc(tc.next)
			}
			if got := h.NextStart(at); !got.Equal(want) {
				t.Fatalf("NextStart(%s) = %s, want %s", tc.at, got.UTC().Format(time.RFC3339), want.Format(time.RFC3339))
			}
		})
	}
	var none *paging.Hours
	if !none.Within(utc("2026-11-28T03:00:00Z")) {
		t.Fatal("nil hours must be always within")
	}
}

// TestHoursNextStartSweep: for every quarter hour of a year in Berlin,
// NextStart is within hours, not before the instant, and nothing between
// them is within hours.
func TestHoursNextStartSweep(t *testing.T) {
	h, err := paging.CompileHours(paging.BusinessHours{TimeZone: "Europe/Berlin", Windows: []scheduler.Window{
		window("09:00", "17:00", weekdays...), window("23:30", "01:30", time.Saturday), window("02:30", "03:15", time.Sunday)}})
	if err != nil {
		t.Fatal(err)
	}
	start := utc("2026-01-01T00:00:00Z")
	for at := start; at.Before(start.AddDate(1, 0, 0)); at = at.Add(15 * time.Minute) {
		next := h.NextStart(at)
		switch {
		case next.Before(at):
			t.Fatalf("NextStart(%s) = %s is before it", at, next)
		case !h.Within(next):
			t.Fatalf("NextStart(%s) = %s is not within hours", at, next)
		case next.Sub(at) > 7*24*time.Hour:
			t.Fatalf("NextStart(%s) = %s is more than a week away", at, next)
		}
		for m := at.Add(time.Minute); m.Before(next); m = m.Add(time.Minute) {
			if h.Within(m) {
				t.Fatalf("NextStart(%s) = %s, but %s is already within", at, next, m)
			}
		}
	}
}

func TestCompileHoursErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		hours paging.BusinessHours
		field string
	}{
		{"unknown zone", paging.BusinessHours{TimeZone: "Mars/Olympus", Windows: []scheduler.Window{window("09:00", "17:00", time.Monday)}}, "time_zone"},
		{"no days", paging.BusinessHours{Windows: []scheduler.Window{window("09:00", "17:00")}}, "windows[0].days"},
		{"empty window", paging.BusinessHours{Windows: []scheduler.Window{window("09:00", "17:00", time.Monday), window("09:00", "09:00", time.Monday)}}, "windows[1].to"},
		{"bad day", paging.BusinessHours{Windows: []scheduler.Window{{Days: []time.Weekday{9}, To: scheduler.TimeOfDay{Hour: 1}}}}, "windows[0].days[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := paging.CompileHours(tc.hours)
			var ve *scheduler.ValidationError
			if !errors.As(err, &ve) || ve.Field != tc.field {
				t.Fatalf("CompileHours = %v, want a problem at %s", err, tc.field)
			}
		})
	}
}
