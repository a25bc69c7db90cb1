package api_test

import (
	"testing"
	"time"

	"github.com/rotaoncall/rota/store"
)

// TestRemovingAMemberKeepsTheirEndedOverrides: an engineer whose override
// has ended may leave the team; the schedule keeps resolving and its
// history keeps the override.
func TestRemovingAMemberKeepsTheirEndedOverrides(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			e := newTeamEnv(t, d)
			nia, niaU := e.user("nia@example.com", false)
			e.admin.mustDo("PUT", "/api/v1/teams/"+e.teamID+"/members/"+id(niaU.ID), map[string]string{"role": "member"}, 204)
			var s schedResp
			e.olga.mustDo("POST", "/api/v1/teams/"+e.teamID+"/schedules", e.scheduleBody("1w", 0), 201).json(t, &s)
			sp := "/api/v1/schedules/" + s.Schedule.ID
			now := e.clock.Now()
			nia.mustDo("POST", sp+"/overrides", map[string]string{"tier": "primary",
				"start": now.Add(time.Hour).Format(time.RFC3339), "end": now.Add(2 * time.Hour).Format(time.RFC3339)}, 201)
			e.clock.Add(3 * time.Hour)
			e.olga.mustDo("DELETE", "/api/v1/teams/"+e.teamID+"/members/"+id(niaU.ID), nil, 204)
			e.dan.mustDo("GET", sp+"/oncall", nil, 200)
			// The history still shows her override, by name.
			var sh struct {
				Shifts []struct {
					UserName string `json:"user_name"`
					Source   struct{ Kind string }
				}
			}
			e.dan.mustDo("GET", sp+"/shifts?from="+now.Format(time.RFC3339)+"&to="+now.Add(4*time.Hour).Format(time.RFC3339), nil, 200).json(t, &sh)
			found := false
			for _, x := range sh.Shifts {
				found = found || (x.Source.Kind == "override" && x.UserName == "nia")
			}
			if !found {
				t.Fatalf("her ended override is gone from the history: %+v", sh.Shifts)
			}
			// But she can be named nowhere new: not in an override, not in a
			// layer, not in a swap.
			if _, field := e.olga.mustDo("POST", sp+"/overrides", map[string]string{"tier": "primary", "user_id": id(niaU.ID),
				"start": now.Add(5 * time.Hour).Format(time.RFC3339), "end": now.Add(6 * time.Hour).Format(time.RFC3339)}, 400).errorOf(t); field != "user_id" {
				t.Fatalf("override for a former member: field %q", field)
			}
			body := e.scheduleBody("1w", s.Schedule.Version)
			body["tiers"].(map[string]any)["secondary"] = []map[string]any{{"name": "b", "participants": []string{id(niaU.ID)}, "start": "2026-11-02T09:00", "shift": "1w", "coverage": []any{}}}
			if _, field := e.olga.mustDo("PUT", sp, body, 400).errorOf(t); field != "tiers.secondary[0].participants[0]" {
				t.Fatalf("former member as participant: field %q", field)
			}
			// An edit that keeps the schedule's own members saves.
			e.olga.mustDo("PUT", sp, e.scheduleBody("1d", s.Schedule.Version), 200)
			// New overrides still validate.
			e.dan.mustDo("POST", sp+"/overrides", map[string]string{"tier": "primary",
				"start": now.Add(5 * time.Hour).Format(time.RFC3339), "end": now.Add(6 * time.Hour).Format(time.RFC3339)}, 201)
		})
	}
}
