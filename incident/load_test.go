package incident

import (
	"reflect"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
)

func TestBands(t *testing.T) {
	ny, err := NewBander("America/New_York", "")
	if err != nil {
		t.Fatal(err)
	}
	early, err := NewBander("Europe/Berlin", "mon-fri 07:00-15:00")
	if err != nil {
		t.Fatal(err)
	}
	night, err := NewBander("UTC", "sat-mon 22:00-06:00")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		b    *Bander
		at   string
		want Band
	}{
		{"business starts at 08:00", ny, "2026-03-04T08:00:00-05:00", Business},
		{"07:59 is sleep", ny, "2026-03-04T07:59:00-05:00", Sleep},
		{"17:59 is business", ny, "2026-03-04T17:59:00-05:00", Business},
		{"18:00 is off-hours", ny, "2026-03-04T18:00:00-05:00", OffHours},
		{"21:59 is off-hours", ny, "2026-03-04T21:59:00-05:00", OffHours},
		{"22:00 is sleep", ny, "2026-03-04T22:00:00-05:00", Sleep},
		{"saturday noon is off-hours", ny, "2026-03-07T12:00:00-05:00", OffHours},
		{"saturday 03:00 is sleep", ny, "2026-03-07T03:00:00-05:00", Sleep},
		// 13:30 UTC on the first day of US summer time is 09:30 local.
		{"in the engineer's zone across DST", ny, "2026-03-09T13:30:00Z", Business},
		{"working hours win over sleep", early, "2026-03-04T07:30:00+01:00", Business},
		{"after early working hours", early, "2026-03-04T16:00:00+01:00", OffHours},
		{"night worker on saturday night", night, "2026-03-07T23:00:00Z", Business},
		{"night worker, sunday 05:00 belongs to saturday's window", night, "2026-03-08T05:00:00Z", Business},
		{"night worker, tuesday 05:00 belongs to monday's window", night, "2026-03-10T05:00:00Z", Business},
		{"night worker, wednesday 05:00 is sleep", night, "2026-03-11T05:00:00Z", Sleep},
		{"night worker, saturday noon is off-hours", night, "2026-03-07T12:00:00Z", OffHours},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.b.Band(ts(t, tc.at)); got != tc.want {
				t.Fatalf("%s: %s, want %s", tc.at, got, tc.want)
			}
		})
	}
	for _, tc := range []struct{ zone, hours, field string }{
		{"Mars/Olympus", "", "time_zone"},
		{"", "", "time_zone"},
		{"UTC", "weekdays 9-5", "working_hours"},
		{"UTC", "mon-fri 09:00-24:30", "working_hours"},
		{"UTC", "mon-fri 09:00-17:00 and more", "working_hours"},
	} {
		_, err := NewBander(tc.zone, tc.hours)
		wantField(t, err, rota.EInvalid, tc.field)
	}
}

func TestResponderLoad(t *testing.T) {
	berlin, _ := NewBander("Europe/Berlin", "")
	ny, _ := NewBander("America/New_York", "")
	bands := func(id int64) *Bander {
		switch id {
		case 1:
			return berlin
		case 2:
			return ny
		}
		return nil
	}
	at := func(s string) time.Time { return ts(t, s) }
	inc := Incident{ID: 1, Title: "t", Severity: SEV2, Status: Resolved, Alerts: []int64{10, 11, 12},
		StartedAt: at("2026-03-04T02:00:00Z"), DetectedAt: at("2026-03-04T02:00:00Z"), ResolvedAt: ptr(at("2026-03-04T04:30:00Z"))}
	pages := []PageRecord{
		// Olga (1, Berlin): 03:00 local is sleep; SMS then voice for alert 10.
		{AlertID: 10, UserID: 1, At: at("2026-03-04T02:00:00Z"), Channel: "sms"},
		{AlertID: 10, UserID: 1, At: at("2026-03-04T02:02:00Z"), Channel: "voice"},
		// Alert 11, 59 s after her last page: coalesces.
		{AlertID: 11, UserID: 1, At: at("2026-03-04T02:02:59Z"), Channel: "sms"},
		// Alert 12, 61 s after that one: a new interruption.
		{AlertID: 12, UserID: 1, At: at("2026-03-04T02:04:00Z"), Channel: "sms"},
		// Email never interrupts, but it is a page.
		{AlertID: 12, UserID: 1, At: at("2026-03-04T03:30:00Z"), Channel: "email"},
		// Dan (2, New York): 21:10 local is off-hours; exactly 60 s later coalesces.
		{AlertID: 11, UserID: 2, At: at("2026-03-04T02:10:00Z"), Channel: "log"},
		{AlertID: 12, UserID: 2, At: at("2026-03-04T02:11:00Z"), Channel: "sms"},
		// Nia (3, no zone known: UTC) shadows: learning, not load.
		{AlertID: 10, UserID: 3, At: at("2026-03-04T02:00:00Z"), Channel: "sms", Shadow: true},
		// A page after the instant asked about does not count yet.
		{AlertID: 12, UserID: 2, At: at("2026-03-04T06:00:00Z"), Channel: "sms"},
	}
	acks := []Ack{
		{UserID: 1, At: at("2026-03-04T02:05:00Z")},
		{UserID: 1, At: at("2026-03-04T02:03:00Z")}, // the earliest counts
		{UserID: 4, At: at("2026-03-04T03:00:00Z")}, // the commander, never paged
		{UserID: 5, At: at("2026-03-04T05:00:00Z")}, // after the resolution
	}
	got := ResponderLoad(inc, pages, acks, bands, at("2026-03-04T05:30:00Z"))
	// Olga is engaged from her first acknowledgement (02:03) to the
	// resolution (04:30); Nia only shadowed, so she sorts with the
	// never-paged, by ID.
	want := []Responder{
		{UserID: 1, Pages: 5, Interruptions: Interruptions{Total: 2, Sleep: 2}, FirstPagedAt: at("2026-03-04T02:00:00Z"), Engaged: 147 * time.Minute},
		{UserID: 2, Pages: 2, Interruptions: Interruptions{Total: 1, OffHours: 1}, FirstPagedAt: at("2026-03-04T02:10:00Z")},
		{UserID: 3, ShadowPages: 1},
		{UserID: 4, Engaged: 90 * time.Minute},
		{UserID: 5},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%+v\nwant\n%+v", got, want)
	}

	// While unresolved, engagement runs to the instant asked about.
	open := inc.clone()
	open.Status, open.ResolvedAt = Acknowledged, nil
	open.AcknowledgedAt = ptr(at("2026-03-04T02:03:00Z"))
	got = ResponderLoad(open, pages, acks[:2], bands, at("2026-03-04T03:03:00Z"))
	if got[0].Engaged != time.Hour {
		t.Fatalf("engaged %v while open, want 1h", got[0].Engaged)
	}
	if ResponderLoad(inc, nil, nil, nil, at("2026-03-05T00:00:00Z")) == nil {
		t.Fatal("no pages: an empty list, not nil")
	}
}
