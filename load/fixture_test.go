package load

import (
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

// The March fixture: a team in three zones over the four weeks from
// Monday 2 March 2026 (Berlin) that hold both March DST changes: the US
// springs forward on Sunday 8 March (02:00 EST → 03:00 EDT, 07:00Z),
// Europe on Sunday 29 March (02:00 CET → 03:00 CEST, 01:00Z).
//
//   - Dan, America/New_York, working hours mon-fri 09:00-17:00: secondary
//     over the US change, a business-hours primary shift on Monday 9 March,
//     and pages at 59 s and 61 s apart.
//   - Olga, Europe/Berlin: primary over the European change, with pages 60 s
//     apart across it, a chain of three pages 50 s apart, a repeat and an
//     email page.
//   - Priya, Asia/Kolkata (UTC+05:30): secondary, two sleep-hour pages in
//     one local hour that spans two UTC hours, a holiday on call.
//   - Nia, Europe/Berlin: a learner on shadow who receives copies.
func marchFixture(t testing.TB) (Input, []Page) {
	z := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	in := Input{
		Team:     "payments",
		From:     at(t, "Europe/Berlin", "2026-03-02T00:00"), // 1 March 23:00Z
		To:       at(t, "Europe/Berlin", "2026-03-30T00:00"), // 29 March 22:00Z
		TimeZone: "Europe/Berlin",
		Engineers: []Engineer{
			{ID: "dan", Name: "Dan", Email: "dan@example.com", TimeZone: "America/New_York", WorkingHours: "mon-fri 09:00-17:00", Discipline: scheduler.DisciplineDev},
			{ID: "olga", Name: "Olga", Email: "olga@example.com", TimeZone: "Europe/Berlin", Discipline: scheduler.DisciplineOps},
			{ID: "priya", Name: "Priya", Email: "priya@example.com", TimeZone: "Asia/Kolkata", Discipline: scheduler.DisciplineOps},
			{ID: "nia", Name: "Nia", Email: "nia@example.com", TimeZone: "Europe/Berlin", Discipline: scheduler.DisciplineDev},
		},
		Shifts: []scheduler.Shift{
			shift(scheduler.TierSecondary, "priya", z("2026-03-01T23:00:00Z"), z("2026-03-07T05:00:00Z")),
			shift(scheduler.TierSecondary, "dan", z("2026-03-07T05:00:00Z"), z("2026-03-09T04:00:00Z")),
			shift(scheduler.TierPrimary, "dan", z("2026-03-09T13:00:00Z"), z("2026-03-09T21:00:00Z")),
			shift(scheduler.TierPrimary, "olga", z("2026-03-23T08:00:00Z"), z("2026-03-30T07:00:00Z")),
			shift(scheduler.TierShadow, "nia", z("2026-03-16T08:00:00Z"), z("2026-03-23T08:00:00Z")),
			shift(scheduler.TierShadow, "nia", z("2026-03-23T08:00:00Z"), z("2026-03-29T07:00:00Z")),
		},
		Holidays: []scheduler.Date{{Year: 2026, Month: 3, Day: 6}},
	}
	ack := func(p Page, s string) Page { p.AckedAt = z(s); return p }
	shadow := func(p Page) Page { p.EngineerID, p.Shadow = "nia", true; return p }
	email := page("olga", "o-mail", z("2026-03-25T12:00:00Z"))
	email.Channel = ChannelEmail
	pages := []Page{
		page("dan", "d1", z("2026-03-02T12:55:00Z")),                              // 07:55 EST: sleep, off rota
		page("priya", "p1", z("2026-03-04T16:45:00Z")),                            // 22:15 IST: sleep
		page("priya", "p2", z("2026-03-04T17:20:00Z")),                            // 22:50 IST: sleep, same local hour
		ack(page("dan", "d2", z("2026-03-08T06:59:30Z")), "2026-03-08T07:04:30Z"), // 01:59:30 EST: sleep
		page("dan", "d3", z("2026-03-08T07:00:29Z")),                              // 03:00:29 EDT, 59 s later: coalesced
		page("dan", "d4", z("2026-03-09T12:55:00Z")),                              // 08:55 EDT: off-hours for Dan
		ack(page("dan", "d5", z("2026-03-09T13:30:00Z")), "2026-03-09T13:32:00Z"), // 09:30 EDT: business
		ack(page("dan", "d6", z("2026-03-10T03:00:00Z")), "2026-03-10T03:10:00Z"), // 23:00 EDT: sleep
		ack(page("dan", "d7", z("2026-03-10T03:01:01Z")), "2026-03-10T03:02:01Z"), // 61 s later: a new interruption
		page("olga", "o1", z("2026-03-25T10:00:00Z")),                             // 11:00 CET: business
		shadow(page("olga", "o1", z("2026-03-25T10:00:00Z"))),
		page("olga", "o2", z("2026-03-25T10:00:50Z")), // 50 s: coalesced
		shadow(page("olga", "o2", z("2026-03-25T10:00:50Z"))),
		page("olga", "o3", z("2026-03-25T10:01:40Z")), // 100 s after the first: a new interruption
		shadow(page("olga", "o3", z("2026-03-25T10:01:40Z"))),
		page("olga", "o1", z("2026-03-25T10:30:00Z")), // a repeat of o1: no new interruption
		email, // never an interruption
		shadow(page("olga", "o6", z("2026-03-27T22:30:00Z"))), // 23:30 CET: a shadow-only sleep page
		page("olga", "o4", z("2026-03-29T00:59:00Z")),         // 01:59 CET: sleep
		shadow(page("olga", "o4", z("2026-03-29T00:59:00Z"))),
		page("olga", "o5", z("2026-03-29T01:00:00Z")), // 03:00 CEST, 60 s later: coalesced
		shadow(page("olga", "o5", z("2026-03-29T01:00:00Z"))),
	}
	return in, pages
}

func TestMarchFixture(t *testing.T) {
	in, pages := marchFixture(t)
	r := addAll(t, mustAcc(t, in), pages)
	h := time.Hour
	type figures struct {
		Pages, Email      int
		Interruptions     Interruptions
		Weighted          int
		Nights, Hours     int
		OnCall            OnCallTime
		Longest           time.Duration
		Weekend, Holidays int
		Incidents         ShiftIncidents
		Ack               Acknowledgement
		Shadow            ShadowLoad
		InRotation        bool
		Flags             []string
	}
	mar := func(d, hh, mm int, zone string) time.Time {
		return time.Date(2026, 3, d, hh, mm, 0, 0, mustLoc(t, zone))
	}
	want := map[string]figures{
		"dan": {
			Pages: 7, Interruptions: Interruptions{Total: 6, Business: 1, OffHours: 1, Sleep: 4}, Weighted: 1 + 2 + 12,
			// Nights of 1, 7 and 9 March; hours 07, 01 EST, 08, 09, 23.
			Nights: 3, Hours: 5,
			// Saturday 00:00 EST to Monday 00:00 EDT is 47 hours.
			OnCall: OnCallTime{Primary: 8 * h, Secondary: 47 * h}, Longest: 47 * h, Weekend: 2,
			// d2+d3 on secondary, d5 on primary; d1, d4, d6+d7 off the rota.
			Incidents: ShiftIncidents{Shifts: 4 + 1, OnCall: 3, OffRota: 4, Max: 2, MaxOnCall: true,
				MaxShift: Stretch{mar(8, 0, 0, "America/New_York"), mar(8, 13, 0, "America/New_York")}},
			// 5m, 2m, 10m, 1m: nearest rank gives the 2nd and the 4th.
			Ack:        Acknowledgement{Count: 4, Median: 2 * time.Minute, P90: 10 * time.Minute},
			InRotation: true, Flags: []string{FlagSleepInterruptions},
		},
		"olga": {
			Pages: 7, Email: 1, Interruptions: Interruptions{Total: 3, Business: 2, Sleep: 1}, Weighted: 2 + 3,
			Nights: 1, Hours: 2,
			// Monday 09:00 CET to the end of the period, Monday 00:00 CEST:
			// 159 hours of wall clock, 158 real ones.
			OnCall: OnCallTime{Primary: 158 * h}, Longest: 158 * h, Weekend: 2,
			Incidents: ShiftIncidents{Shifts: 14, OnCall: 5, Max: 3, MaxOnCall: true,
				MaxShift: Stretch{mar(25, 9, 0, "Europe/Berlin"), mar(25, 21, 0, "Europe/Berlin")}},
			InRotation: true, Flags: []string{FlagIncidentsPerShift},
		},
		"priya": {
			Pages: 2, Interruptions: Interruptions{Total: 2, Sleep: 2}, Weighted: 6,
			// 22:15 and 22:50 IST are one local hour (16:30Z–17:30Z).
			Nights: 1, Hours: 1,
			OnCall: OnCallTime{Secondary: 126 * h}, Longest: 126 * h, Weekend: 1, Holidays: 1,
			Incidents: ShiftIncidents{Shifts: 11, OnCall: 2, Max: 2, MaxOnCall: true,
				MaxShift: Stretch{mar(4, 16, 30, "Asia/Kolkata"), mar(5, 4, 30, "Asia/Kolkata")}},
			InRotation: true, Flags: []string{FlagSleepInterruptions},
		},
		"nia": {
			OnCall: OnCallTime{Shadow: 311 * h},
			// Shadow pages: the chain (2), the DST pair (1), a night (1).
			Shadow: ShadowLoad{Pages: 6, Interruptions: 4, Completed: 2},
		},
	}
	for id, w := range want {
		e := eng(t, r, id)
		got := figures{
			Pages: e.Pages, Email: e.EmailPages, Interruptions: e.Interruptions, Weighted: e.Weighted,
			Nights: e.SleepNights, Hours: e.InterruptedHours, OnCall: e.OnCall, Longest: e.Longest.Duration(),
			Weekend: e.WeekendDays, Holidays: e.HolidayDays, Incidents: e.Incidents, Ack: e.Acknowledgement,
			Shadow: e.Shadow, InRotation: e.InRotation, Flags: flagCodes(e.Flags),
		}
		if !got.Incidents.MaxShift.Start.Equal(w.Incidents.MaxShift.Start) || !got.Incidents.MaxShift.End.Equal(w.Incidents.MaxShift.End) {
			t.Errorf("%s: worst shift %v, want %v", id, got.Incidents.MaxShift, w.Incidents.MaxShift)
		}
		got.Incidents.MaxShift, w.Incidents.MaxShift = Stretch{}, Stretch{}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%s:\n got %+v\nwant %+v", id, got, w)
		}
	}

	msgs := map[string]string{}
	for _, f := range r.AllFlags() {
		msgs[f.EngineerID+"/"+f.Code] = f.Message
	}
	wantMsgs := map[string]string{
		"dan/" + FlagSleepInterruptions:   "Dan: 3 sleep-hour interruptions between 8 and 9 March (limit 2)",
		"priya/" + FlagSleepInterruptions: "Priya: 2 sleep-hour interruptions on 4 March (limit 2)",
		"olga/" + FlagIncidentsPerShift:   "Olga: 3 incidents in the 12-hour on-call shift from 25 March 09:00 (limit 2)",
		"/" + FlagSmallRotation:           "payments: rotation of 3 engineers (minimum 6)",
	}
	if !reflect.DeepEqual(msgs, wantMsgs) {
		t.Errorf("flags:\n got %v\nwant %v", msgs, wantMsgs)
	}

	tot := r.Totals
	if tot.Pages != 16 || tot.EmailPages != 1 || tot.Interruptions != (Interruptions{11, 3, 1, 7}) || tot.Weighted != 26 ||
		tot.WeekendDays != 5 || tot.HolidayDays != 1 || tot.Incidents != 14 || tot.Shadow != (ShadowLoad{Pages: 6, Interruptions: 4, Completed: 2}) {
		t.Errorf("totals = %+v", tot)
	}
	// Gini of 15, 5 and 6: pairwise differences 10+9+1, over n²·mean.
	if want := 20.0 / (3 * 26); math.Abs(r.Fairness-want) > 1e-12 {
		t.Errorf("fairness = %v, want %v", r.Fairness, want)
	}
	if d := eng(t, r, "dan"); math.Abs(d.Share-6.0/11) > 1e-12 || math.Abs(d.WeightedShare-15.0/26) > 1e-12 {
		t.Errorf("dan's shares = %v, %v", d.Share, d.WeightedShare)
	}
	rot := r.Rotation
	if rot.Size != 3 || len(rot.Sites) != 3 || rot.SREMinimum != 18 || rot.MeetsSREMinimum {
		t.Errorf("rotation = %+v", rot)
	}
	// The share window is the whole period: 28 days less the hour Europe
	// skipped.
	if d := r.ShareWindow.Duration(); d != 671*h {
		t.Errorf("share window = %v", d)
	}
	if o := eng(t, r, "olga"); math.Abs(o.OnCallShare-158.0/671) > 1e-12 {
		t.Errorf("olga's on-call share = %v", o.OnCallShare)
	}
	// The weekly trend in Berlin: weeks from Monday 2 March.
	var weeks []Interruptions
	for i, w := range r.Weeks {
		if !w.Start.Equal(mar(2+7*i, 0, 0, "Europe/Berlin")) {
			t.Errorf("week %d starts %v", i, w.Start)
		}
		weeks = append(weeks, w.Interruptions)
	}
	wantWeeks := []Interruptions{{4, 0, 0, 4}, {4, 1, 1, 2}, {}, {3, 2, 0, 1}}
	if !reflect.DeepEqual(weeks, wantWeeks) {
		t.Errorf("weeks = %v, want %v", weeks, wantWeeks)
	}
	// Heat map in Berlin: Dan's 07:55 EST Monday is 13:55 CET; Olga's
	// 01:59 CET Sunday; Priya's 22:15 IST Wednesday is 17:45 CET.
	for _, c := range []struct{ day, hour, n int }{{0, 13, 2}, {6, 1, 1}, {2, 17, 1}, {2, 18, 1}, {2, 11, 2}} {
		if got := r.HeatMap[c.day][c.hour]; got != c.n {
			t.Errorf("heat[%d][%d] = %d, want %d", c.day, c.hour, got, c.n)
		}
	}
	// Dan's 13:55 CET Monday on 9 March was off the rota, the one of
	// 2 March too; Olga's were on primary, Priya's on secondary.
	if r.OnCallHeatMap[0][0][13] != 0 || r.OnCallHeatMap[0][2][11] != 2 || r.OnCallHeatMap[1][2][17] != 1 {
		t.Errorf("on-call heat map wrong: %v", r.OnCallHeatMap)
	}
}
