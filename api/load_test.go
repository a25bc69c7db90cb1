package api_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/store"
)

// loadEnv is the demo quarter's payments team (load/testdata): three ops
// engineers on weekly primary and secondary, two devs on business hours,
// Nia shadowing, with the generated quarter of pages imported. The clock
// stands on the Monday after the quarter.
type loadEnv struct {
	*teamEnv
	users      map[string]rota.User
	scheduleID string
}

// The quarter in local weeks: Monday 5 January to Monday 6 April, Berlin.
var quarterFrom, quarterTo = "2026-01-04T23:00:00Z", "2026-04-05T22:00:00Z"

func newLoadEnv(t *testing.T, d store.Dialect) *loadEnv {
	t.Helper()
	e := &loadEnv{teamEnv: newTeamEnv(t, d), users: map[string]rota.User{}}
	e.clock.Set(time.Date(2026, 4, 6, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	people := []struct {
		name, zone string
		d          rota.Discipline
	}{{"olga", "Europe/Berlin", rota.Ops}, {"omar", "Europe/Berlin", rota.Ops}, {"otto", "America/New_York", rota.Ops},
		{"dan", "America/New_York", rota.Dev}, {"dina", "Europe/Berlin", rota.Dev}, {"nia", "Europe/Berlin", rota.Dev}}
	for _, p := range people {
		var u rota.User
		switch p.name {
		case "olga":
			u = e.olgaU
		case "dan":
			u = e.danU
		default:
			_, u = e.user(p.name+"@example.com", false)
			e.admin.mustDo("PUT", "/api/v1/teams/"+e.teamID+"/members/"+id(u.ID), map[string]string{"role": "member"}, 204)
		}
		u.TimeZone, u.Discipline = p.zone, p.d
		u, err := e.db.UpdateUser(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		e.users[p.name] = u
	}
	ids := func(names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, id(e.users[n].ID))
		}
		return out
	}
	weekly := func(name string, who []string) map[string]any {
		return map[string]any{"name": name, "participants": who, "start": "2026-01-05T09:00", "shift": "1w", "coverage": []any{}}
	}
	bh := map[string]any{"name": "dev-business-hours", "participants": ids("dan", "dina"), "start": "2026-01-05T09:00", "shift": "1d",
		"coverage": []map[string]any{{"days": []string{"mon", "tue", "wed", "thu", "fri"}, "from": "09:00", "to": "17:00"}}}
	var s schedResp
	e.olga.mustDo("POST", "/api/v1/teams/"+e.teamID+"/schedules", map[string]any{
		"name": "payments-oncall", "time_zone": "Europe/Berlin", "holidays": []string{"2026-04-03"}, "pairing": "",
		"tiers": map[string]any{
			"primary":   []map[string]any{weekly("ops-24x7", ids("olga", "omar", "otto")), bh},
			"secondary": []map[string]any{weekly("ops-secondary", ids("omar", "otto", "olga"))},
			"shadow":    []map[string]any{weekly("learners", ids("nia"))},
		}}, 201).json(t, &s)
	e.scheduleID = s.Schedule.ID
	return e
}

func (e *loadEnv) importQuarter(t *testing.T) {
	t.Helper()
	raw, err := os.ReadFile("../load/testdata/demo-quarter.csv")
	if err != nil {
		t.Fatal(err)
	}
	var imp struct {
		Import struct {
			ID   string
			Rows int
		}
	}
	e.olga.mustDo("POST", "/api/v1/load/imports?team=payments", raw, 201).json(t, &imp)
	if imp.Import.Rows != 458 {
		t.Fatalf("imported %d rows, want 458", imp.Import.Rows)
	}
}

type loadResp struct {
	Teams []struct {
		ID, Name string
		Fairness float64
		Flags    []struct{ Code, Message, Email string }
		HeatMap  [7][24]int `json:"heat_map"`
		Weeks    []struct {
			Interruptions struct{ Total int }
		}
		Totals struct {
			Pages            int
			InterruptedHours int `json:"interrupted_hours"`
			Incidents        int
			WeekendDays      int `json:"weekend_days"`
			Shadow           struct{ Pages int }
			Interruptions    struct{ Total int }
		}
		Engineers []struct {
			ID, Email, Name   string
			Pages             int
			ImportedPages     int     `json:"imported_pages"`
			InterruptedHours  int     `json:"interrupted_hours"`
			WeekendDays       int     `json:"weekend_days"`
			OnCallShifts      int     `json:"oncall_shifts"`
			IncidentsPerShift float64 `json:"incidents_per_shift"`
			MaxPerShift       int     `json:"max_incidents_per_shift"`
			Shadow            struct{ Pages int }
			Interruptions     struct {
				Total, Business, Sleep int
				OffHours               int `json:"off_hours"`
			}
			HoursOnCall struct{ Primary, Secondary, Shadow float64 } `json:"hours_on_call"`
			Flags       []struct{ Code, Message string }
		}
		Thresholds struct {
			SleepInterruptions int `json:"sleep_interruptions"`
		}
		Learners []struct {
			UserID     string `json:"user_id"`
			ScheduleID string `json:"schedule_id"`
			Stage      string
			Ready      bool
			Layers     []struct{ ID, Name string }
		}
		Proposals []struct {
			ScheduleID     string  `json:"schedule_id"`
			Revision       int64   `json:"revision"`
			Digest         string  `json:"digest"`
			From           string  `json:"from"`
			To             string  `json:"to"`
			FairnessBefore float64 `json:"fairness_before"`
			FairnessAfter  float64 `json:"fairness_after"`
			Overrides      []map[string]any
		}
	}
}

func (e *loadEnv) report(t *testing.T, c *client) loadResp {
	t.Helper()
	q := url.Values{"team": {e.teamID}, "from": {quarterFrom}, "to": {quarterTo}}
	var r loadResp
	c.mustDo("GET", "/api/v1/load?"+q.Encode(), nil, 200).json(t, &r)
	if len(r.Teams) != 1 {
		t.Fatalf("%d teams", len(r.Teams))
	}
	return r
}

func countRows(t *testing.T, e *env, table string) int {
	t.Helper()
	var n int
	if err := e.db.SQL().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestLoadReport: the imported quarter gives per-engineer figures, flags
// with their messages, the heat map and the trend; thresholds change the
// flags; bad input is 400 naming the field.
func TestLoadReport(t *testing.T) {
	e := newLoadEnv(t, store.SQLite)

	// A file with a bad row stores nothing and says where.
	bad := "at,email,alert,channel\n2026-01-05T08:00:00Z,olga@example.com,a,sms\n2026-01-05T25:00:00Z,nobody@example.com,b,fax\n"
	r := e.olga.mustDo("POST", "/api/v1/load/imports?team=payments", bad, 400)
	if _, field := r.errorOf(t); !strings.Contains(string(r.Body), "line 3") || field == "" {
		t.Fatalf("bad file: %s", r.Body)
	}
	if n := countRows(t, e.env, "imported_pages"); n != 0 {
		t.Fatalf("%d rows stored from a bad file", n)
	}
	e.dan.mustDo("POST", "/api/v1/load/imports?team=payments", bad, 403)
	e.importQuarter(t)

	rep := e.report(t, e.dan)
	tm := rep.Teams[0]
	if tm.Name != "payments" || tm.Fairness <= 0 || tm.Fairness >= 1 {
		t.Fatalf("team: %s fairness %v", tm.Name, tm.Fairness)
	}
	byEmail := map[string]int{}
	total, heat, trend := 0, 0, 0
	pages, hoursHit, weekends, shadow := 0, 0, 0, 0
	for i, en := range tm.Engineers {
		byEmail[en.Email] = i
		total += en.Interruptions.Total
		pages, hoursHit, weekends, shadow = pages+en.Pages, hoursHit+en.InterruptedHours, weekends+en.WeekendDays, shadow+en.Shadow.Pages
		if en.OnCallShifts > 0 && (en.IncidentsPerShift < 0 || en.IncidentsPerShift > float64(en.MaxPerShift)) {
			t.Errorf("%s: %v incidents per shift over %d shifts, at most %d in one", en.Email, en.IncidentsPerShift, en.OnCallShifts, en.MaxPerShift)
		}
		if en.Interruptions.Total != en.Interruptions.Business+en.Interruptions.OffHours+en.Interruptions.Sleep {
			t.Errorf("%s: bands do not add up: %+v", en.Email, en.Interruptions)
		}
	}
	for _, d := range tm.HeatMap {
		for _, n := range d {
			heat += n
		}
	}
	for _, w := range tm.Weeks {
		trend += w.Interruptions.Total
	}
	if total == 0 || heat != total || trend != total || len(tm.Weeks) != 13 {
		t.Fatalf("interruptions %d, heat map %d, trend %d over %d weeks", total, heat, trend, len(tm.Weeks))
	}
	// The team's figures are the engineers' summed.
	if tt := tm.Totals; tt.Pages != pages || tt.Interruptions.Total != total || tt.InterruptedHours != hoursHit || tt.WeekendDays != weekends ||
		tt.Shadow.Pages != shadow || hoursHit == 0 || weekends == 0 || tt.Incidents == 0 {
		t.Fatalf("totals %+v; engineers sum to %d pages, %d interruptions, %d hours, %d weekend days, %d shadow pages", tt, pages, total, hoursHit, weekends, shadow)
	}
	olga := tm.Engineers[byEmail["olga@example.com"]]
	if olga.Pages != 80 || olga.ImportedPages != 80 || olga.HoursOnCall.Primary == 0 || olga.HoursOnCall.Secondary == 0 {
		t.Fatalf("olga: %+v", olga)
	}
	if nia := tm.Engineers[byEmail["nia@example.com"]]; nia.HoursOnCall.Shadow == 0 || nia.Pages != 0 {
		t.Fatalf("nia: %+v", nia)
	}
	sleepFlags := 0
	for _, f := range tm.Flags {
		if f.Code == "sleep_interruptions" {
			sleepFlags++
			if !strings.Contains(f.Message, "sleep-hour interruptions") || !strings.Contains(f.Message, "(limit 2)") || f.Email == "" {
				t.Errorf("flag message %q (%s)", f.Message, f.Email)
			}
		}
	}
	if sleepFlags == 0 || tm.Thresholds.SleepInterruptions != 2 {
		t.Fatalf("no sleep flag with the default limit: %+v", tm.Flags)
	}

	// Prometheus gauges per team: interruptions by band over 7 days, active flags.
	metrics := string(e.anon().mustDo("GET", "/metrics", nil, 200).Body)
	for _, want := range []string{`rota_load_interruptions{band="business",team="payments"}`, `rota_load_interruptions{band="sleep",team="payments"}`,
		`rota_load_interruptions{band="off_hours",team="payments"}`, `rota_load_flags{code="small_rotation",team="payments"} 1`, `rota_load_flags{code="sleep_interruptions",team="payments"}`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}

	// Thresholds: team admins set them, a bad one names its field.
	tp := "/api/v1/teams/" + e.teamID + "/load-thresholds"
	e.dan.mustDo("PUT", tp, map[string]any{"sleep_interruptions": 50}, 403)
	if _, field := e.olga.mustDo("PUT", tp, map[string]any{"oncall_share": 101}, 400).errorOf(t); field != "oncall_share" {
		t.Fatalf("field %q", field)
	}
	if _, field := e.olga.mustDo("PUT", tp, map[string]any{"unfair_share": 0.5}, 400).errorOf(t); field != "unfair_share" {
		t.Fatalf("field %q", field)
	}
	e.olga.mustDo("PUT", tp, map[string]any{"sleep_interruptions": 50}, 200)
	var th struct {
		Thresholds, Effective struct {
			SleepInterruptions int `json:"sleep_interruptions"`
			MinRotation        int `json:"min_rotation"`
		}
	}
	e.dan.mustDo("GET", tp, nil, 200).json(t, &th)
	if th.Thresholds.SleepInterruptions != 50 || th.Thresholds.MinRotation != 0 || th.Effective.MinRotation != 6 {
		t.Fatalf("thresholds %+v", th)
	}
	for _, f := range e.report(t, e.dan).Teams[0].Flags {
		if f.Code == "sleep_interruptions" {
			t.Fatalf("flag above the team's limit: %s", f.Message)
		}
	}

	// Bad input names the field.
	for _, tc := range []struct{ query, field string }{
		{"team=nope", "team"},
		{"from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z", "to"},
		{"from=last-week", "from"},
		{"to=soon", "to"},
	} {
		r := e.dan.mustDo("GET", "/api/v1/load?"+tc.query, nil, http.StatusBadRequest)
		if code, field := r.errorOf(t); code != "invalid" || field != tc.field {
			t.Errorf("%s: %s %s, want field %s", tc.query, code, field, tc.field)
		}
	}
	e.dan.mustDo("GET", "/api/v1/teams/999/load-thresholds", nil, 404)
}

// TestLoadProposalAndPromotion: a team admin accepts the proposal GET
// /load shows (its overrides appear on the schedule, the audit log says
// so, the same proposal twice is a conflict) and promotes the learner.
func TestLoadProposalAndPromotion(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			e := newLoadEnv(t, d)
			e.importQuarter(t)
			tm := e.report(t, e.dan).Teams[0]
			if len(tm.Proposals) != 1 {
				t.Fatalf("%d proposals", len(tm.Proposals))
			}
			p := tm.Proposals[0]
			if len(p.Overrides) == 0 || p.FairnessAfter > p.FairnessBefore || p.From != "2026-04-12T22:00:00Z" {
				t.Fatalf("proposal: %+v", p)
			}
			body := map[string]any{"revision": p.Revision, "digest": p.Digest, "from": p.From, "to": p.To, "overrides": p.Overrides}
			accept := "/api/v1/schedules/" + e.scheduleID + "/load-proposals/accept"
			e.dan.mustDo("POST", accept, body, 403)
			tampered := map[string]any{"revision": p.Revision, "digest": p.Digest, "from": p.From, "to": p.To, "overrides": p.Overrides[:len(p.Overrides)-1]}
			if len(p.Overrides) > 1 {
				if _, field := e.olga.mustDo("POST", accept, tampered, 400).errorOf(t); field != "digest" {
					t.Fatalf("tampered: field %s", field)
				}
			}
			var got struct{ Overrides []struct{ ID string } }
			e.olga.mustDo("POST", accept, body, 200).json(t, &got)
			if len(got.Overrides) != len(p.Overrides) {
				t.Fatalf("%d overrides written, want %d", len(got.Overrides), len(p.Overrides))
			}
			if code, _ := e.olga.mustDo("POST", accept, body, 409).errorOf(t); code != "conflict" {
				t.Fatalf("twice: %s", code)
			}
			var ovs struct{ Overrides []struct{ ID string } }
			e.dan.mustDo("GET", "/api/v1/schedules/"+e.scheduleID+"/overrides?from="+p.From+"&to="+p.To, nil, 200).json(t, &ovs)
			if len(ovs.Overrides) != len(p.Overrides) {
				t.Fatalf("the schedule shows %d overrides", len(ovs.Overrides))
			}
			var audit struct {
				Entries []struct{ Entity, Action string }
			}
			e.dan.mustDo("GET", "/api/v1/schedules/"+e.scheduleID+"/audit", nil, 200).json(t, &audit)
			if len(audit.Entries) == 0 || audit.Entries[0].Entity != "load_proposal" || audit.Entries[0].Action != "accepted" {
				t.Fatalf("audit: %+v", audit.Entries)
			}

			// Nia completed 13 shadow weeks: ready for business hours.
			var nia *struct {
				UserID     string `json:"user_id"`
				ScheduleID string `json:"schedule_id"`
				Stage      string
				Ready      bool
				Layers     []struct{ ID, Name string }
			}
			for i, l := range tm.Learners {
				if l.UserID == id(e.users["nia"].ID) {
					nia = &tm.Learners[i]
				}
			}
			if nia == nil || nia.Stage != "shadow" || !nia.Ready || len(nia.Layers) != 1 || nia.Layers[0].Name != "dev-business-hours" {
				t.Fatalf("learners: %+v", tm.Learners)
			}
			promote := "/api/v1/teams/" + e.teamID + "/learners/" + nia.UserID + "/promote"
			e.dan.mustDo("POST", promote, map[string]string{"schedule_id": nia.ScheduleID, "layer_id": nia.Layers[0].ID}, 403)
			if _, field := e.olga.mustDo("POST", promote, map[string]string{"schedule_id": nia.ScheduleID, "layer_id": "nope"}, 400).errorOf(t); field != "layer_id" {
				t.Fatalf("field %s", field)
			}
			e.olga.mustDo("POST", promote, map[string]string{"schedule_id": nia.ScheduleID, "layer_id": nia.Layers[0].ID}, 200)
			for _, l := range e.report(t, e.dan).Teams[0].Learners {
				if l.UserID == nia.UserID && l.Stage != "business_hours" {
					t.Fatalf("after promotion: %+v", l)
				}
			}
		})
	}
}
