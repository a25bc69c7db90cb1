package api_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/store"
)

// team sets up payments with Olga (ops, team admin), Dan (dev, member) and
// an outsider, and returns signed-in clients.
type teamEnv struct {
	*env
	admin, olga, dan, out *client
	olgaU, danU, outU     rota.User
	teamID                string
}

func newTeamEnv(t *testing.T, d store.Dialect) *teamEnv { return newTeamEnvOn(t, newEnv(t, d)) }

func newTeamEnvOn(t *testing.T, base *env) *teamEnv {
	e := &teamEnv{env: base}
	e.admin, _ = e.user("admin@example.com", true)
	e.olga, e.olgaU = e.user("olga@example.com", false)
	e.dan, e.danU = e.user("dan@example.com", false)
	e.out, e.outU = e.user("out@example.com", false)
	ctx := context.Background()
	e.olgaU.Discipline = rota.Ops
	e.db.UpdateUser(ctx, e.olgaU)
	r := e.admin.mustDo("POST", "/api/v1/teams", map[string]string{"name": "payments"}, 201)
	var team struct{ Team struct{ ID string } }
	r.json(t, &team)
	e.teamID = team.Team.ID
	e.admin.mustDo("PUT", "/api/v1/teams/"+e.teamID+"/members/"+id(e.olgaU.ID), map[string]string{"role": "admin"}, 204)
	e.admin.mustDo("PUT", "/api/v1/teams/"+e.teamID+"/members/"+id(e.danU.ID), map[string]string{"role": "member"}, 204)
	return e
}

func (e *teamEnv) scheduleBody(shift string, version int64) map[string]any {
	return map[string]any{
		"name": "payments-oncall", "time_zone": "Europe/Berlin", "holidays": []string{"2026-12-25"}, "pairing": "", "version": version,
		"tiers": map[string]any{
			"primary": []map[string]any{
				{"name": "ops", "participants": []string{id(e.olgaU.ID)}, "start": "2026-11-02T09:00", "shift": shift, "coverage": []any{}},
				{"name": "dev-bh", "participants": []string{id(e.danU.ID)}, "start": "2026-11-02T09:00", "shift": "1d",
					"coverage": []map[string]any{{"days": []string{"mon", "tue", "wed", "thu", "fri"}, "from": "09:00", "to": "17:00"}}},
			},
		},
	}
}

type schedResp struct {
	Schedule struct {
		ID      string
		Version int64
		Tiers   map[string][]struct{ Name, Shift string }
	}
}

func TestScheduleLifecycle(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			e := newTeamEnv(t, d)
			path := "/api/v1/teams/" + e.teamID + "/schedules"
			e.dan.mustDo("POST", path, e.scheduleBody("1w", 0), 403)
			r := e.olga.mustDo("POST", path, e.scheduleBody("1w", 0), 201)
			var s schedResp
			r.json(t, &s)
			sp := "/api/v1/schedules/" + s.Schedule.ID

			for _, tc := range []struct {
				name  string
				body  map[string]any
				field string
			}{
				{"zero shift", e.scheduleBody("0h", 1), "tiers.primary[0].shift"},
				{"negative shift", e.scheduleBody("-1d", 1), "tiers.primary[0].shift"},
				{"unknown zone", func() map[string]any { b := e.scheduleBody("1w", 1); b["time_zone"] = "Atlantis/Main"; return b }(), "time_zone"},
				{"empty participants", func() map[string]any {
					b := e.scheduleBody("1w", 1)
					b["tiers"].(map[string]any)["primary"].([]map[string]any)[0]["participants"] = []string{}
					return b
				}(), "tiers.primary[0].participants"},
				{"participant not in team", func() map[string]any {
					b := e.scheduleBody("1w", 1)
					b["tiers"].(map[string]any)["primary"].([]map[string]any)[1]["participants"] = []string{id(e.outU.ID)}
					return b
				}(), "tiers.primary[1].participants"},
				{"window from = to", func() map[string]any {
					b := e.scheduleBody("1w", 1)
					b["tiers"].(map[string]any)["primary"].([]map[string]any)[1]["coverage"] = []map[string]any{{"days": []string{"mon"}, "from": "09:00", "to": "09:00"}}
					return b
				}(), "tiers.primary[1].coverage[0]"},
				{"bad day", func() map[string]any {
					b := e.scheduleBody("1w", 1)
					b["tiers"].(map[string]any)["primary"].([]map[string]any)[1]["coverage"] = []map[string]any{{"days": []string{"funday"}, "from": "09:00", "to": "17:00"}}
					return b
				}(), "tiers.primary[1].coverage[0].days[0]"},
				{"unknown tier", func() map[string]any {
					b := e.scheduleBody("1w", 1)
					b["tiers"].(map[string]any)["tertiary"] = []any{}
					return b
				}(), "tiers.tertiary"},
				{"bad holiday", func() map[string]any { b := e.scheduleBody("1w", 1); b["holidays"] = []string{"2026-02-30"}; return b }(), "holidays[0]"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					r := e.olga.mustDo("PUT", sp, tc.body, 400)
					if _, field := r.errorOf(t); !strings.HasPrefix(field, tc.field) {
						t.Fatalf("field %q, want %q: %s", field, tc.field, r.Body)
					}
				})
			}
			// Nothing changed.
			r = e.dan.mustDo("GET", sp, nil, 200)
			var cur schedResp
			r.json(t, &cur)
			if cur.Schedule.Version != 1 || cur.Schedule.Tiers["primary"][0].Shift != "1w" {
				t.Fatalf("rejected edits changed the schedule: %s", r.Body)
			}
			// A member cannot edit; two admins editing version 1: the second gets 409.
			e.dan.mustDo("PUT", sp, e.scheduleBody("1d", 1), 403)
			e.olga.mustDo("PUT", sp, e.scheduleBody("1d", 1), 200)
			r = e.admin.mustDo("PUT", sp, e.scheduleBody("2w", 1), 409)
			if code, field := r.errorOf(t); code != "conflict" || field != "version" {
				t.Fatalf("stale edit: %s", r.Body)
			}
			e.olga.mustDo("PUT", sp, e.scheduleBody("1d", 0), 400)

			// Monday 2026-11-23 10:00 Berlin: Dan (business hours); 20:00: Olga.
			r = e.out.mustDo("GET", sp+"/oncall?at=2026-11-23T09:00:00Z", nil, 200)
			if !strings.Contains(string(r.Body), `"name":"dan"`) {
				t.Fatalf("oncall at 10:00 Berlin: %s", r.Body)
			}
			r = e.out.mustDo("GET", sp+"/oncall?at=2026-11-23T19:00:00Z", nil, 200)
			if !strings.Contains(string(r.Body), `"name":"olga"`) {
				t.Fatalf("oncall at 20:00 Berlin: %s", r.Body)
			}
			e.out.mustDo("GET", sp+"/oncall?at=yesterday", nil, 400)

			r = e.out.mustDo("GET", sp+"/shifts?from=2026-11-23T00:00:00Z&to=2026-11-30T00:00:00Z", nil, 200)
			var sh struct {
				Shifts []struct {
					Tier, UserID, Discipline string
					Start, End               time.Time
					Source                   struct{ Kind, Name string }
				}
				Gaps []any
			}
			r.json(t, &sh)
			devShifts := 0
			for i, x := range sh.Shifts {
				if i > 0 && x.Start.Before(sh.Shifts[i-1].End) {
					t.Fatalf("shifts overlap: %+v", sh.Shifts)
				}
				if x.Source.Name == "dev-bh" {
					devShifts++
				}
			}
			if devShifts != 5 {
				t.Fatalf("%d dev business-hours shifts in a week, want 5", devShifts)
			}
			e.out.mustDo("GET", sp+"/shifts?from=2026-11-23T00:00:00Z", nil, 400)
			e.out.mustDo("GET", sp+"/shifts?from=2026-11-23T00:00:00Z&to=2026-11-22T00:00:00Z", nil, 400)
			e.out.mustDo("GET", sp+"/shifts?from=2026-01-01T00:00:00Z&to=2028-01-01T00:00:00Z", nil, 400)

			r = e.out.mustDo("GET", "/api/v1/oncall?at=2026-11-23T09:00:00Z", nil, 200)
			if !strings.Contains(string(r.Body), `"payments-oncall"`) {
				t.Fatalf("oncall across teams: %s", r.Body)
			}
			r = e.olga.mustDo("GET", sp+"/audit", nil, 200)
			if !strings.Contains(string(r.Body), `"action":"updated"`) {
				t.Fatalf("audit: %s", r.Body)
			}
			e.dan.mustDo("DELETE", sp, nil, 403)
			e.olga.mustDo("DELETE", sp, nil, 204)
			e.olga.mustDo("GET", sp, nil, 404)
		})
	}
}

// TestSwapOfAWholeTurn: the shifts say which whole shift each stretch
// belongs to, and one swap over Olga's whole weekly turn (cut by Dan's
// business hours into four nights and a weekend) hands her five stretches
// over as five overrides.
func TestSwapOfAWholeTurn(t *testing.T) {
	e := newTeamEnv(t, store.SQLite)
	r := e.olga.mustDo("POST", "/api/v1/teams/"+e.teamID+"/schedules", e.scheduleBody("1w", 0), 201)
	var s schedResp
	r.json(t, &s)
	sp := "/api/v1/schedules/" + s.Schedule.ID
	type shiftJSON struct {
		Tier       string
		UserID     string `json:"user_id"`
		Start, End time.Time
		Source     struct{ Kind, Name string }
		WholeShift struct{ Start, End time.Time } `json:"whole_shift"`
	}
	shifts := func(from, to time.Time) []shiftJSON {
		var out struct{ Shifts []shiftJSON }
		e.out.mustDo("GET", sp+"/shifts?from="+from.Format(time.RFC3339)+"&to="+to.Format(time.RFC3339), nil, 200).json(t, &out)
		return out.Shifts
	}
	// Olga's turn runs Monday 23 November 09:00 to Monday 30 November 09:00
	// Berlin; her whole shift from 17:00 that Monday, when Dan's hours end.
	turnStart := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	turnEnd := turnStart.Add(7 * 24 * time.Hour)
	wholeStart := turnStart.Add(8 * time.Hour)
	olgas := 0
	for _, sh := range shifts(time.Date(2026, 11, 23, 23, 0, 0, 0, time.UTC), time.Date(2026, 11, 30, 7, 0, 0, 0, time.UTC)) {
		w := sh.WholeShift
		switch sh.Source.Name {
		case "ops":
			olgas++
			if !w.Start.Equal(wholeStart) || !w.End.Equal(turnEnd) {
				t.Fatalf("Olga's stretch %v–%v: whole shift %v–%v, want %v–%v", sh.Start, sh.End, w.Start, w.End, wholeStart, turnEnd)
			}
		case "dev-bh":
			if w.End.Sub(w.Start) != 8*time.Hour || !w.Start.Equal(sh.Start) || !w.End.Equal(sh.End) {
				t.Fatalf("Dan's day %v–%v: whole shift %+v", sh.Start, sh.End, w)
			}
		default:
			t.Fatalf("unexpected shift %+v", sh)
		}
	}
	if olgas < 4 {
		t.Fatalf("%d stretches of Olga's in a week, want the business hours to cut her turn", olgas)
	}

	// Bad input names the field; a range that is all Dan's is not Olga's to give.
	at := func(v time.Time) string { return v.Format(time.RFC3339) }
	for _, tc := range []struct {
		name, field string
		body        map[string]string
	}{
		{"end before start", "end", map[string]string{"tier": "primary", "target_id": id(e.danU.ID), "start": at(turnEnd), "end": at(turnStart)}},
		{"only business hours", "start", map[string]string{"tier": "primary", "target_id": id(e.danU.ID), "start": at(turnStart), "end": at(turnStart.Add(8 * time.Hour))}},
		{"no target", "target_id", map[string]string{"tier": "primary", "start": at(turnStart), "end": at(turnEnd)}},
		{"bad tier", "tier", map[string]string{"tier": "boss", "target_id": id(e.danU.ID), "start": at(turnStart), "end": at(turnEnd)}},
		{"bad kind", "kind", map[string]string{"kind": "borrow", "tier": "primary", "target_id": id(e.danU.ID), "start": at(turnStart), "end": at(turnEnd)}},
		{"asking Dan for a week that is Olga's", "target_id", map[string]string{"kind": "take", "tier": "primary", "target_id": id(e.danU.ID), "start": at(wholeStart), "end": at(wholeStart.Add(16 * time.Hour))}},
	} {
		r := e.olga.mustDo("POST", sp+"/swaps", tc.body, 400)
		if _, f := r.errorOf(t); f != tc.field {
			t.Errorf("%s: %s, want field %s", tc.name, r.Body, tc.field)
		}
	}

	// Dan asks Olga for her first night; she declines.
	r = e.dan.mustDo("POST", sp+"/swaps", map[string]string{"kind": "take", "tier": "primary", "target_id": id(e.olgaU.ID), "start": at(wholeStart), "end": at(wholeStart.Add(16 * time.Hour))}, 201)
	var take struct{ Swap struct{ ID, Kind string } }
	r.json(t, &take)
	if take.Swap.Kind != "take" {
		t.Fatalf("take swap: %s", r.Body)
	}
	e.dan.mustDo("POST", "/api/v1/swaps/"+take.Swap.ID+"/accept", nil, 403)
	e.olga.mustDo("POST", "/api/v1/swaps/"+take.Swap.ID+"/decline", nil, 200)

	r = e.olga.mustDo("POST", sp+"/swaps", map[string]string{"tier": "primary", "target_id": id(e.danU.ID), "start": at(wholeStart), "end": at(turnEnd), "message": "holiday"}, 201)
	var sw struct {
		Swap struct {
			ID, State   string
			OverrideIDs []string `json:"override_ids"`
		}
	}
	r.json(t, &sw)
	if sw.Swap.State != "requested" || sw.Swap.OverrideIDs == nil || len(sw.Swap.OverrideIDs) != 0 {
		t.Fatalf("requested swap: %s", r.Body)
	}
	r = e.dan.mustDo("POST", "/api/v1/swaps/"+sw.Swap.ID+"/accept", nil, 200)
	r.json(t, &sw)
	if sw.Swap.State != "accepted" || len(sw.Swap.OverrideIDs) != 5 {
		t.Fatalf("accepted swap: %s", r.Body)
	}
	for _, sh := range shifts(turnStart, turnEnd) {
		if sh.UserID == id(e.olgaU.ID) {
			t.Fatalf("Olga still on call %v–%v after giving her turn away", sh.Start, sh.End)
		}
	}
	var ovs struct {
		Overrides []struct {
			ID     string
			SwapID string `json:"swap_id"`
		}
	}
	e.olga.mustDo("GET", sp+"/overrides?from="+at(turnStart)+"&to="+at(turnEnd), nil, 200).json(t, &ovs)
	if len(ovs.Overrides) != 5 {
		t.Fatalf("%d overrides, want 5", len(ovs.Overrides))
	}
	for _, o := range ovs.Overrides {
		if o.SwapID != sw.Swap.ID {
			t.Fatalf("override %s from swap %q, want %s", o.ID, o.SwapID, sw.Swap.ID)
		}
	}
	// A second request over the same turn finds nothing of Olga's left.
	e.olga.mustDo("POST", sp+"/swaps", map[string]string{"tier": "primary", "target_id": id(e.danU.ID), "start": at(turnStart), "end": at(turnEnd)}, 400)
}

func TestOverridesSwapsAndFeeds(t *testing.T) {
	e := newTeamEnv(t, store.SQLite)
	r := e.olga.mustDo("POST", "/api/v1/teams/"+e.teamID+"/schedules", e.scheduleBody("1w", 0), 201)
	var s schedResp
	r.json(t, &s)
	sp := "/api/v1/schedules/" + s.Schedule.ID
	mon := func(h int) string { return time.Date(2026, 11, 23, h, 0, 0, 0, time.UTC).Format(time.RFC3339) }

	// Members override only themselves; outsiders not at all; admins anyone.
	e.dan.mustDo("POST", sp+"/overrides", map[string]string{"tier": "primary", "user_id": id(e.olgaU.ID), "start": mon(8), "end": mon(9)}, 403)
	e.out.mustDo("POST", sp+"/overrides", map[string]string{"tier": "primary", "start": mon(8), "end": mon(9)}, 403)
	r = e.dan.mustDo("POST", sp+"/overrides", map[string]string{"tier": "primary", "start": mon(9), "end": mon(8)}, 400)
	if _, f := r.errorOf(t); f != "end" {
		t.Fatalf("end before start: %s", r.Body)
	}
	r = e.dan.mustDo("POST", sp+"/overrides", map[string]string{"tier": "primary", "start": "tomorrow", "end": mon(8)}, 400)
	if _, f := r.errorOf(t); f != "start" {
		t.Fatalf("bad start: %s", r.Body)
	}
	r = e.olga.mustDo("POST", sp+"/overrides", map[string]string{"tier": "primary", "user_id": id(e.outU.ID), "start": mon(8), "end": mon(9)}, 400)
	if _, f := r.errorOf(t); f != "user_id" {
		t.Fatalf("outsider override: %s", r.Body)
	}
	// Sunday 2026-11-22 20:00–22:00 UTC is Olga's (ops, always); Dan takes it.
	sun := func(h int) string { return time.Date(2026, 11, 22, h, 0, 0, 0, time.UTC).Format(time.RFC3339) }
	r = e.dan.mustDo("POST", sp+"/overrides", map[string]string{"tier": "primary", "start": sun(20), "end": sun(22), "note": "covering"}, 201)
	var ov struct{ Override struct{ ID string } }
	r.json(t, &ov)
	r = e.out.mustDo("GET", sp+"/oncall?at="+sun(21), nil, 200)
	if !strings.Contains(string(r.Body), `"name":"dan"`) || !strings.Contains(string(r.Body), `"kind":"override"`) {
		t.Fatalf("override not in effect: %s", r.Body)
	}
	e.out.mustDo("DELETE", sp+"/overrides/"+ov.Override.ID, nil, 403)
	e.dan.mustDo("DELETE", sp+"/overrides/"+ov.Override.ID, nil, 204)

	// Swaps: Dan asks Olga to take Monday 13:00–17:00 Berlin (12:00–16:00 UTC).
	e.dan.mustDo("POST", sp+"/swaps", map[string]string{"tier": "primary", "target_id": id(e.olgaU.ID), "start": mon(20), "end": mon(21)}, 400)
	e.out.mustDo("POST", sp+"/swaps", map[string]string{"tier": "primary", "target_id": id(e.olgaU.ID), "start": mon(12), "end": mon(16)}, 403)
	r = e.dan.mustDo("POST", sp+"/swaps", map[string]string{"tier": "primary", "target_id": id(e.olgaU.ID), "start": mon(12), "end": mon(16), "message": "dentist"}, 201)
	var sw struct{ Swap struct{ ID, State string } }
	r.json(t, &sw)
	e.dan.mustDo("POST", "/api/v1/swaps/"+sw.Swap.ID+"/accept", nil, 403)
	r = e.olga.mustDo("GET", "/api/v1/swaps?mine=true&state=requested", nil, 200)
	if !strings.Contains(string(r.Body), `"id":"`+sw.Swap.ID+`"`) {
		t.Fatalf("Olga's pending swaps: %s", r.Body)
	}
	e.olga.mustDo("POST", "/api/v1/swaps/"+sw.Swap.ID+"/accept", nil, 200)
	e.olga.mustDo("POST", "/api/v1/swaps/"+sw.Swap.ID+"/decline", nil, 409)
	r = e.out.mustDo("GET", sp+"/oncall?at="+mon(13), nil, 200)
	if !strings.Contains(string(r.Body), `"name":"olga"`) {
		t.Fatalf("accepted swap not in effect: %s", r.Body)
	}
	e.out.mustDo("GET", "/api/v1/swaps?state=maybe", nil, 400)

	// Calendar feeds: a token URL, revocable.
	r = e.dan.mustDo("GET", "/api/v1/me/calendar-feed", nil, 200)
	if strings.Contains(string(r.Body), "ics") {
		t.Fatalf("a feed exists before one was made: %s", r.Body)
	}
	r = e.dan.mustDo("POST", "/api/v1/me/calendar-feed", nil, 201)
	var feed struct {
		Feed struct {
			MyShiftsURL         string `json:"my_shifts_url"`
			ScheduleURLTemplate string `json:"schedule_url_template"`
		}
	}
	r.json(t, &feed)
	if !strings.HasPrefix(feed.Feed.MyShiftsURL, "http://rota.test/ical/") {
		t.Fatalf("feed URL %q", feed.Feed.MyShiftsURL)
	}
	local := func(u string) string { return e.srv.URL + strings.TrimPrefix(u, "http://rota.test") }
	getICS := func(u string) (int, string) {
		res, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	st, body := getICS(local(feed.Feed.MyShiftsURL))
	if st != 200 || !strings.HasPrefix(body, "BEGIN:VCALENDAR\r\n") || !strings.Contains(body, "SUMMARY:On call (primary): dan") {
		t.Fatalf("my shifts feed %d:\n%s", st, body)
	}
	if strings.Contains(body, "olga —") {
		t.Fatal("my shifts feed has someone else's shifts")
	}
	schedURL := local(strings.Replace(feed.Feed.ScheduleURLTemplate, "{schedule_id}", s.Schedule.ID, 1))
	st, body = getICS(schedURL)
	if st != 200 || !strings.Contains(body, "olga") || !strings.Contains(body, "dan") {
		t.Fatalf("schedule feed %d:\n%s", st, body)
	}
	e.dan.mustDo("DELETE", "/api/v1/me/calendar-feed", nil, 204)
	if st, _ := getICS(local(feed.Feed.MyShiftsURL)); st != 404 {
		t.Fatalf("revoked feed answered %d", st)
	}
}
