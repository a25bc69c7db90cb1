package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota/store"
)

type timelineResp struct {
	Timeline struct {
		ScheduleID string `json:"schedule_id"`
		From, To   time.Time
		Layers     []struct {
			Index, Position int
			Tier, Name      string
			Shifts          []struct {
				UserID   string `json:"user_id"`
				UserName string `json:"user_name"`
				Start    time.Time
				End      time.Time
			}
		}
		Final []struct {
			Tier   string
			UserID string `json:"user_id"`
			Start  time.Time
			End    time.Time
			Source struct{ Kind string }
		}
		Overrides []struct {
			UserName string `json:"user_name"`
			Start    time.Time
		}
		Gaps     []struct{ Tier string }
		Warnings []struct{ Code, Field, Message string }
	}
}

func TestScheduleTimelineAndPreview(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			e := newTeamEnv(t, d)
			newPath := "/api/v1/teams/" + e.teamID + "/schedules"
			r := e.olga.mustDo("POST", newPath, e.scheduleBody("1w", 0), 201)
			var s schedResp
			r.json(t, &s)
			sp := "/api/v1/schedules/" + s.Schedule.ID
			// Dan takes Tuesday evening.
			e.dan.mustDo("POST", sp+"/overrides", map[string]string{"tier": "primary", "start": "2026-12-08T19:00:00Z", "end": "2026-12-08T21:00:00Z"}, 201)

			var tl timelineResp
			e.dan.mustDo("GET", sp+"/timeline?from=2026-12-07T00:00:00Z&days=7", nil, 200).json(t, &tl)
			v := tl.Timeline
			if v.ScheduleID != s.Schedule.ID || !v.To.Equal(time.Date(2026, 12, 14, 0, 0, 0, 0, time.UTC)) || len(v.Layers) != 2 {
				t.Fatalf("timeline = %+v", v)
			}
			ops, dev := v.Layers[0], v.Layers[1]
			if ops.Name != "ops" || ops.Position != 0 || dev.Name != "dev-bh" || dev.Position != 1 {
				t.Fatalf("rows %q[%d] %q[%d]", ops.Name, ops.Position, dev.Name, dev.Position)
			}
			// Olga's weekly row covers the whole week with no gap; Dan's row
			// is Monday to Friday, 09:00–17:00 Berlin.
			for _, sh := range ops.Shifts {
				if sh.UserID != id(e.olgaU.ID) {
					t.Fatalf("ops row has %+v", sh)
				}
			}
			if len(dev.Shifts) != 5 || dev.Shifts[0].UserID != id(e.danU.ID) || !dev.Shifts[0].Start.Equal(time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)) ||
				!dev.Shifts[4].End.Equal(time.Date(2026, 12, 11, 16, 0, 0, 0, time.UTC)) {
				t.Fatalf("dev-bh row = %+v", dev.Shifts)
			}
			// The final row has the override; the layer rows do not.
			var fromOverride int
			for _, sh := range v.Final {
				if sh.Source.Kind == "override" {
					fromOverride++
					if sh.UserID != id(e.danU.ID) || !sh.Start.Equal(time.Date(2026, 12, 8, 19, 0, 0, 0, time.UTC)) {
						t.Fatalf("override shift %+v", sh)
					}
				}
			}
			if fromOverride != 1 || len(v.Overrides) != 1 || v.Overrides[0].UserName == "" {
				t.Fatalf("overrides: %d final shifts, list %+v", fromOverride, v.Overrides)
			}
			if len(v.Gaps) != 0 || len(v.Warnings) != 0 {
				t.Fatalf("gaps %+v warnings %+v", v.Gaps, v.Warnings)
			}
			// Three weeks after the layers started (2 Nov), the gap before
			// them is worth a warning.
			e.dan.mustDo("GET", sp+"/timeline?from=2026-11-23T00:00:00Z", nil, 200).json(t, &tl)
			if len(tl.Timeline.Warnings) != 2 || tl.Timeline.Warnings[0].Code != "past_start_gap" || tl.Timeline.Warnings[0].Field != "tiers.primary[0]" {
				t.Fatalf("warnings on 23 Nov = %+v", tl.Timeline.Warnings)
			}
			if !tl.Timeline.To.Equal(time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)) {
				t.Fatalf("default length: to = %s, want 14 days", tl.Timeline.To)
			}
			for _, q := range []string{"days=0", "days=63", "days=two", "from=monday"} {
				if _, field := e.dan.mustDo("GET", sp+"/timeline?"+q, nil, 400).errorOf(t); field != strings.Split(q, "=")[0] {
					t.Fatalf("%s: field %q", q, field)
				}
			}

			// A secondary tier with Olga in it: she would be primary and
			// secondary at once. Previewed for a new schedule, nothing saved.
			body := e.scheduleBody("1w", 0)
			body["name"] = "draft"
			body["tiers"].(map[string]any)["secondary"] = []map[string]any{
				{"name": "backup", "participants": []string{id(e.olgaU.ID)}, "start": "2026-12-01T09:00", "shift": "1w", "coverage": []any{}}}
			e.dan.mustDo("POST", newPath+"/preview?from=2026-12-07T00:00:00Z", body, 403)
			tl = timelineResp{}
			e.olga.mustDo("POST", newPath+"/preview?from=2026-12-07T00:00:00Z", body, 200).json(t, &tl)
			if tl.Timeline.ScheduleID != "" || len(tl.Timeline.Layers) != 3 {
				t.Fatalf("preview = %+v", tl.Timeline)
			}
			codes := map[string]string{}
			for _, w := range tl.Timeline.Warnings {
				codes[w.Code] = w.Field
			}
			if codes["same_engineer_two_tiers"] != "tiers.secondary[0]" {
				t.Fatalf("preview warnings = %+v", tl.Timeline.Warnings)
			}
			// A bad definition is the same 400 as saving it would be.
			body["tiers"].(map[string]any)["secondary"].([]map[string]any)[0]["participants"] = []string{id(e.outU.ID)}
			if _, field := e.olga.mustDo("POST", newPath+"/preview", body, 400).errorOf(t); field != "tiers.secondary[0].participants[0]" {
				t.Fatalf("field %q", field)
			}
			var list struct{ Schedules []struct{ Name string } }
			e.olga.mustDo("GET", "/api/v1/schedules", nil, 200).json(t, &list)
			if len(list.Schedules) != 1 {
				t.Fatalf("a preview saved something: %+v", list.Schedules)
			}

			// Previewing an edit keeps the schedule's overrides; daily ops
			// turns change nothing for a one-person layer but the preview
			// says so without saving.
			edit := e.scheduleBody("1d", s.Schedule.Version)
			tl = timelineResp{}
			e.olga.mustDo("POST", sp+"/preview?from=2026-12-07T00:00:00Z&days=7", edit, 200).json(t, &tl)
			if tl.Timeline.ScheduleID != s.Schedule.ID || len(tl.Timeline.Overrides) != 1 {
				t.Fatalf("edit preview = %+v", tl.Timeline)
			}
			e.dan.mustDo("POST", sp+"/preview", edit, 403)
			var after schedResp
			e.olga.mustDo("GET", sp, nil, 200).json(t, &after)
			if after.Schedule.Version != s.Schedule.Version || after.Schedule.Tiers["primary"][0].Shift != "1w" {
				t.Fatalf("the preview changed the schedule: %+v", after.Schedule)
			}
		})
	}
}
