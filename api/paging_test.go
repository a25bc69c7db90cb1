package api_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PagerDuty/go-pagerduty"

	"github.com/rotaoncall/rota/store"
)

// pagingEnv adds a schedule, a policy, a service and three integration
// keys (generic, alertmanager, pagerduty) to the team environment.
type pagingEnv struct {
	*teamEnv
	scheduleID, policyID, serviceID string
	keys                            map[string]string
}

func newPagingEnv(t *testing.T, d store.Dialect) *pagingEnv {
	return newPagingEnvOn(t, newTeamEnv(t, d))
}

func newPagingEnvOn(t *testing.T, te *teamEnv) *pagingEnv {
	e := &pagingEnv{teamEnv: te, keys: map[string]string{}}
	r := e.olga.mustDo("POST", "/api/v1/teams/"+e.teamID+"/schedules", e.scheduleBody("1w", 0), 201)
	var s schedResp
	r.json(t, &s)
	e.scheduleID = s.Schedule.ID
	r = e.olga.mustDo("POST", "/api/v1/teams/"+e.teamID+"/escalation-policies", map[string]any{
		"name": "default", "repeat": 1, "repeat_after": "10m", "steps": []map[string]any{
			{"after": "0m", "targets": []map[string]string{{"schedule_id": e.scheduleID, "tier": "primary"}}},
			{"after": "5m", "targets": []map[string]string{{"user_id": id(e.olgaU.ID)}}},
		}}, 201)
	var p struct{ Policy struct{ ID string } }
	r.json(t, &p)
	e.policyID = p.Policy.ID
	r = e.olga.mustDo("POST", "/api/v1/teams/"+e.teamID+"/services", map[string]any{"name": "checkout", "escalation_policy_id": e.policyID, "urgency": "from-severity"}, 201)
	var sv struct{ Service struct{ ID string } }
	r.json(t, &sv)
	e.serviceID = sv.Service.ID
	for _, typ := range []string{"generic", "alertmanager", "pagerduty"} {
		r = e.olga.mustDo("POST", "/api/v1/services/"+e.serviceID+"/integrations", map[string]string{"name": typ, "type": typ}, 201)
		var in struct{ Key, URL string }
		r.json(t, &in)
		if len(in.Key) != 32 || !strings.Contains(in.URL, "/api/v1/integrations/"+in.Key) && !strings.HasSuffix(in.URL, "/v2/enqueue") {
			t.Fatalf("integration key %q url %q", in.Key, in.URL)
		}
		e.keys[typ] = in.Key
	}
	list := e.olga.mustDo("GET", "/api/v1/services/"+e.serviceID+"/integrations", nil, 200)
	if strings.Contains(string(list.Body), e.keys["generic"]) {
		t.Fatal("the integration list shows a key")
	}
	return e
}

func (e *pagingEnv) alertCount() int {
	var n int
	e.db.SQL().QueryRow("SELECT COUNT(*) FROM alerts").Scan(&n)
	return n
}

func TestPolicyAndServiceValidation(t *testing.T) {
	e := newPagingEnv(t, store.SQLite)
	pp := "/api/v1/teams/" + e.teamID + "/escalation-policies"
	for _, tc := range []struct {
		name, field string
		body        map[string]any
	}{
		{"shadow target", "steps[0].targets[0].tier", map[string]any{"name": "x", "steps": []map[string]any{{"after": "0m", "targets": []map[string]string{{"schedule_id": e.scheduleID, "tier": "shadow"}}}}}},
		{"no steps", "steps", map[string]any{"name": "x", "steps": []any{}}},
		{"steps out of order", "steps[1].after", map[string]any{"name": "x", "steps": []map[string]any{
			{"after": "0m", "targets": []map[string]string{{"user_id": id(e.olgaU.ID)}}}, {"after": "0m", "targets": []map[string]string{{"user_id": id(e.danU.ID)}}}}}},
		{"bad after", "steps[0].after", map[string]any{"name": "x", "steps": []map[string]any{{"after": "soon", "targets": []map[string]string{{"user_id": id(e.olgaU.ID)}}}}}},
		{"another team's person", "steps[0].targets[0].user_id", map[string]any{"name": "x", "steps": []map[string]any{{"after": "0m", "targets": []map[string]string{{"user_id": id(e.outU.ID)}}}}}},
		{"unknown schedule", "steps[0].targets[0].schedule_id", map[string]any{"name": "x", "steps": []map[string]any{{"after": "0m", "targets": []map[string]string{{"schedule_id": "999"}}}}}},
		{"unknown user", "steps[0].targets[0].user_id", map[string]any{"name": "x", "steps": []map[string]any{{"after": "0m", "targets": []map[string]string{{"user_id": "999"}}}}}},
		{"repeat too high", "repeat", map[string]any{"name": "x", "repeat": 50, "steps": []map[string]any{{"after": "0m", "targets": []map[string]string{{"user_id": "1"}}}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.olga.mustDo("POST", pp, tc.body, 400)
			if _, f := r.errorOf(t); f != tc.field {
				t.Fatalf("field %q, want %q: %s", f, tc.field, r.Body)
			}
		})
	}
	e.dan.mustDo("POST", pp, map[string]any{"name": "mine", "steps": []map[string]any{{"after": "0m", "targets": []map[string]string{{"user_id": id(e.danU.ID)}}}}}, 403)

	sp := "/api/v1/teams/" + e.teamID + "/services"
	for _, tc := range []struct {
		name, field string
		body        map[string]any
	}{
		{"bad urgency", "urgency", map[string]any{"name": "x", "urgency": "medium"}},
		{"hours window from = to", "business_hours.windows[0]", map[string]any{"name": "x", "business_hours": map[string]any{"time_zone": "Europe/Berlin",
			"windows": []map[string]any{{"days": []string{"mon"}, "from": "09:00", "to": "09:00"}}}}},
		{"hold without hours", "hold_low_outside_hours", map[string]any{"name": "x", "hold_low_outside_hours": true}},
		{"unknown policy", "escalation_policy_id", map[string]any{"name": "x", "escalation_policy_id": "999"}},
		{"duplicate name", "name", map[string]any{"name": "checkout"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.olga.do("POST", sp, tc.body)
			if r.Status != 400 && r.Status != 409 {
				t.Fatalf("status %d: %s", r.Status, r.Body)
			}
			if _, f := r.errorOf(t); !strings.HasPrefix(f, tc.field) {
				t.Fatalf("field %q, want %q: %s", f, tc.field, r.Body)
			}
		})
	}
}

func TestGenericIntakeAndAlertLifecycle(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			e := newPagingEnv(t, d)
			anon := e.anon()
			gp := "/api/v1/integrations/" + e.keys["generic"] + "/generic"
			for _, tc := range []struct {
				name   string
				body   any
				status int
				field  string
			}{
				{"missing summary", map[string]any{"dedup_key": "a"}, 400, "summary"},
				{"malformed", `{"summary": "x"`, 400, "body"},
				{"unknown field", map[string]any{"summary": "x", "sevrity": "critical"}, 400, "sevrity"},
				{"bad status", map[string]any{"summary": "x", "status": "burning"}, 400, "status"},
				{"bad severity", map[string]any{"summary": "x", "severity": "meh"}, 400, "severity"},
				{"details not an object", map[string]any{"summary": "x", "details": []int{1}}, 400, "details"},
				{"too large", `{"summary": "` + strings.Repeat("x", 600<<10) + `"}`, 413, ""},
			} {
				t.Run(tc.name, func(t *testing.T) {
					r := anon.mustDo("POST", gp, tc.body, tc.status)
					if _, f := r.errorOf(t); f != tc.field {
						t.Fatalf("field %q, want %q: %s", f, tc.field, r.Body)
					}
				})
			}
			anon.mustDo("POST", "/api/v1/integrations/nope-nope-nope-nope/generic", map[string]any{"summary": "x"}, 404)
			anon.mustDo("POST", "/api/v1/integrations/"+e.keys["alertmanager"]+"/generic", map[string]any{"summary": "x"}, 404)
			if n := e.alertCount(); n != 0 {
				t.Fatalf("bad input wrote %d alerts", n)
			}

			r := anon.mustDo("POST", gp, map[string]any{"summary": "checkout 5xx", "dedup_key": "5xx", "severity": "critical", "labels": map[string]string{"env": "prod"}}, 202)
			var res struct {
				Result struct {
					AlertID string `json:"alert_id"`
					Outcome string
				}
			}
			r.json(t, &res)
			if res.Result.Outcome != "created" {
				t.Fatalf("intake: %s", r.Body)
			}
			aid := res.Result.AlertID
			r = anon.mustDo("POST", gp, map[string]any{"summary": "checkout 5xx", "dedup_key": "5xx", "severity": "critical"}, 202)
			r.json(t, &res)
			if res.Result.Outcome != "deduplicated" || res.Result.AlertID != aid {
				t.Fatalf("dedup: %s", r.Body)
			}
			if _, err := e.engine.RunOnce(context.Background(), e.clock.Now()); err != nil {
				t.Fatal(err)
			}
			if _, err := e.disp.RunOnce(context.Background(), e.clock.Now()); err != nil {
				t.Fatal(err)
			}
			if e.sink.count() != 1 {
				t.Fatalf("%d pages sent, want 1 (Olga, primary)", e.sink.count())
			}
			r = e.dan.mustDo("GET", "/api/v1/alerts?status=open&team_id="+e.teamID, nil, 200)
			if !strings.Contains(string(r.Body), `"count":2`) || !strings.Contains(string(r.Body), `"service_name":"checkout"`) {
				t.Fatalf("alert list: %s", r.Body)
			}
			e.dan.mustDo("GET", "/api/v1/alerts?status=burning", nil, 400)
			r = e.dan.mustDo("GET", "/api/v1/alerts/"+aid, nil, 200)
			for _, k := range []string{`"kind":"created"`, `"kind":"deduped"`, `"kind":"step_fired"`, `"kind":"page_sent"`, `"status":"sent"`} {
				if !strings.Contains(string(r.Body), k) {
					t.Fatalf("alert detail lacks %s: %s", k, r.Body)
				}
			}
			e.out.mustDo("POST", "/api/v1/alerts/"+aid+"/ack", nil, 403)
			r = e.dan.mustDo("POST", "/api/v1/alerts/"+aid+"/ack", nil, 200)
			if !strings.Contains(string(r.Body), `"status":"acknowledged"`) {
				t.Fatalf("ack: %s", r.Body)
			}
			// Acknowledged: the five-minute step never fires.
			e.clock.Add(10 * time.Minute)
			e.engine.RunOnce(context.Background(), e.clock.Now())
			e.disp.RunOnce(context.Background(), e.clock.Now())
			if e.sink.count() != 1 {
				t.Fatalf("pages after ack: %d", e.sink.count())
			}
			e.dan.mustDo("POST", "/api/v1/alerts/"+aid+"/escalate", nil, 200)
			e.engine.RunOnce(context.Background(), e.clock.Now())
			e.disp.RunOnce(context.Background(), e.clock.Now())
			if e.sink.count() != 2 {
				t.Fatalf("escalate-now did not page: %d", e.sink.count())
			}
			e.dan.mustDo("POST", "/api/v1/alerts/"+aid+"/resolve", nil, 200)
			e.dan.mustDo("POST", "/api/v1/alerts/"+aid+"/escalate", nil, 409)
			// Resolve via intake for an unknown key is accepted and dropped.
			r = anon.mustDo("POST", gp, map[string]any{"dedup_key": "never-seen", "status": "resolved"}, 202)
			if !strings.Contains(string(r.Body), `"dropped"`) {
				t.Fatalf("resolve of nothing: %s", r.Body)
			}
			// Bulk ack.
			var ids []string
			for _, k := range []string{"b1", "b2"} {
				r := anon.mustDo("POST", gp, map[string]any{"summary": k, "dedup_key": k}, 202)
				r.json(t, &res)
				ids = append(ids, res.Result.AlertID)
			}
			r = e.olga.mustDo("POST", "/api/v1/alerts/ack", map[string]any{"alert_ids": ids}, 200)
			if strings.Count(string(r.Body), `"status":"acknowledged"`) != 2 {
				t.Fatalf("bulk ack: %s", r.Body)
			}
			r = e.olga.mustDo("GET", "/api/v1/pages?user_id="+id(e.olgaU.ID), nil, 200)
			if strings.Count(string(r.Body), `"alert_id"`) != 2 {
				t.Fatalf("Olga's pages: %s", r.Body)
			}
			r = e.olga.mustDo("GET", "/api/v1/paging/status", nil, 200)
			if !strings.Contains(string(r.Body), `"sending":false`) {
				t.Fatalf("status: %s", r.Body)
			}
		})
	}
}

func TestAlertmanagerIntake(t *testing.T) {
	e := newPagingEnv(t, store.SQLite)
	anon := e.anon()
	ap := "/api/v1/integrations/" + e.keys["alertmanager"] + "/alertmanager"
	group := func(status string) map[string]any {
		return map[string]any{"version": "4", "groupKey": "{}:{alertname=\"HighLatency\"}", "status": status, "receiver": "rota",
			"commonLabels": map[string]string{"alertname": "HighLatency", "severity": "warning"},
			"alerts": []map[string]any{
				{"status": status, "labels": map[string]string{"instance": "web-1"}, "annotations": map[string]string{"summary": "p99 > 1s on web-1"}, "fingerprint": "f1", "startsAt": "2026-11-23T09:00:00Z"},
				{"status": status, "labels": map[string]string{"instance": "web-2"}, "annotations": map[string]string{"summary": "p99 > 1s on web-2"}, "fingerprint": "f2", "startsAt": "2026-11-23T09:00:00Z"},
			}}
	}
	r := anon.mustDo("POST", ap, group("firing"), 200)
	if strings.Count(string(r.Body), `"created"`) != 2 {
		t.Fatalf("firing group: %s", r.Body)
	}
	r = e.olga.mustDo("GET", "/api/v1/alerts?status=open", nil, 200)
	if !strings.Contains(string(r.Body), `"summary":"p99 \u003e 1s on web-1"`) && !strings.Contains(string(r.Body), `p99 > 1s on web-1`) {
		t.Fatalf("summary from annotations: %s", r.Body)
	}
	if !strings.Contains(string(r.Body), `"urgency":"low"`) || !strings.Contains(string(r.Body), `"instance":"web-2"`) {
		t.Fatalf("severity/labels: %s", r.Body)
	}
	r = anon.mustDo("POST", ap, group("resolved"), 200)
	if strings.Count(string(r.Body), `"resolved"`) < 2 {
		t.Fatalf("resolved group: %s", r.Body)
	}
	r = anon.mustDo("POST", ap, map[string]any{"version": "3", "alerts": []any{}}, 400)
	if _, f := r.errorOf(t); f != "version" {
		t.Fatalf("old version: %s", r.Body)
	}
}

// TestPagerDutyClient drives the real go-pagerduty client at /v2/enqueue.
func TestPagerDutyClient(t *testing.T) {
	e := newPagingEnv(t, store.SQLite)
	client := pagerduty.NewClient("unused-rest-token", pagerduty.WithV2EventsAPIEndpoint(e.srv.URL))
	ctx := context.Background()
	trigger := &pagerduty.V2Event{RoutingKey: e.keys["pagerduty"], Action: "trigger",
		Payload: &pagerduty.V2Payload{Summary: "DB replica lag", Source: "db-2", Severity: "critical", Details: map[string]any{"lag_s": 42}}}
	resp, err := client.ManageEventWithContext(ctx, trigger)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != "success" || resp.Message != "Event processed" || resp.DedupKey == "" {
		t.Fatalf("trigger response %+v", resp)
	}
	key := resp.DedupKey
	trigger.DedupKey = key
	if _, err := client.ManageEventWithContext(ctx, trigger); err != nil {
		t.Fatal(err)
	}
	r := e.olga.mustDo("GET", "/api/v1/alerts?status=open", nil, 200)
	if !strings.Contains(string(r.Body), `"count":2`) || !strings.Contains(string(r.Body), `"lag_s":42`) {
		t.Fatalf("PD alert: %s", r.Body)
	}
	if _, err := client.ManageEventWithContext(ctx, &pagerduty.V2Event{RoutingKey: e.keys["pagerduty"], Action: "acknowledge", DedupKey: key}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.ManageEventWithContext(ctx, &pagerduty.V2Event{RoutingKey: e.keys["pagerduty"], Action: "resolve", DedupKey: key}); err != nil {
		t.Fatal(err)
	}
	r = e.olga.mustDo("GET", "/api/v1/alerts?status=resolved", nil, 200)
	if !strings.Contains(string(r.Body), key) {
		t.Fatalf("resolved: %s", r.Body)
	}
	// A resolve for an alert that does not exist is accepted (and dropped).
	if _, err := client.ManageEventWithContext(ctx, &pagerduty.V2Event{RoutingKey: e.keys["pagerduty"], Action: "resolve", DedupKey: "never"}); err != nil {
		t.Fatalf("resolve of nothing: %v", err)
	}
	before := e.alertCount()
	for _, tc := range []struct {
		name string
		ev   *pagerduty.V2Event
		want string
	}{
		{"unknown key", &pagerduty.V2Event{RoutingKey: "R0UT1NGK3Y0000000000000000000000", Action: "trigger", Payload: &pagerduty.V2Payload{Summary: "x", Source: "y", Severity: "info"}}, "Invalid routing key"},
		{"missing summary", &pagerduty.V2Event{RoutingKey: e.keys["pagerduty"], Action: "trigger", Payload: &pagerduty.V2Payload{Source: "y", Severity: "info"}}, "payload.summary"},
		{"bad action", &pagerduty.V2Event{RoutingKey: e.keys["pagerduty"], Action: "snooze", DedupKey: "x"}, "event_action"},
		{"bad severity", &pagerduty.V2Event{RoutingKey: e.keys["pagerduty"], Action: "trigger", Payload: &pagerduty.V2Payload{Summary: "x", Source: "y", Severity: "loud"}}, "payload.severity"},
		{"resolve without key", &pagerduty.V2Event{RoutingKey: e.keys["pagerduty"], Action: "resolve"}, "dedup_key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := client.ManageEventWithContext(ctx, tc.ev)
			var perr pagerduty.APIError
			if !errors.As(err, &perr) || perr.StatusCode != http.StatusBadRequest {
				t.Fatalf("err = %v, want the client's 400 APIError", err)
			}
			// The body has PagerDuty's Events API shape (which the client does
			// not decode): status, message and the errors.
			r := e.anon().mustDo("POST", "/v2/enqueue", tc.ev, 400)
			var body struct {
				Status, Message string
				Errors          []string
			}
			r.json(t, &body)
			if body.Status != "invalid event" || body.Message != "Event object is invalid" || !strings.Contains(strings.Join(body.Errors, " "), tc.want) {
				t.Fatalf("body %s, want PagerDuty's shape mentioning %q", r.Body, tc.want)
			}
		})
	}
	if e.alertCount() != before {
		t.Fatal("invalid events wrote alerts")
	}
}

func TestRoutingRules(t *testing.T) {
	e := newPagingEnv(t, store.SQLite)
	r := e.olga.mustDo("POST", "/api/v1/teams/"+e.teamID+"/services", map[string]any{"name": "payments-api", "escalation_policy_id": e.policyID}, 201)
	var sv struct{ Service struct{ ID string } }
	r.json(t, &sv)
	rules := map[string]any{"rules": []map[string]any{{"name": "payments", "match": []map[string]string{{"label": "team", "equals": "payments"}}, "service_id": sv.Service.ID}}}
	e.olga.mustDo("PUT", "/api/v1/routing-rules", rules, 403)
	e.admin.mustDo("PUT", "/api/v1/routing-rules", map[string]any{"rules": []map[string]any{{"match": []map[string]string{{"label": "x", "regex": "("}}, "service_id": sv.Service.ID}}}, 400)
	e.admin.mustDo("PUT", "/api/v1/routing-rules", rules, 200)
	gp := "/api/v1/integrations/" + e.keys["generic"] + "/generic"
	anon := e.anon()
	anon.mustDo("POST", gp, map[string]any{"summary": "card declines", "dedup_key": "d1", "labels": map[string]string{"team": "payments"}}, 202)
	anon.mustDo("POST", gp, map[string]any{"summary": "cart slow", "dedup_key": "d2"}, 202)
	r = e.olga.mustDo("GET", "/api/v1/alerts?service_id="+sv.Service.ID, nil, 200)
	if !strings.Contains(string(r.Body), "card declines") || strings.Contains(string(r.Body), "cart slow") {
		t.Fatalf("routed alerts: %s", r.Body)
	}
	r = e.olga.mustDo("GET", "/api/v1/alerts?service_id="+e.serviceID, nil, 200)
	if !strings.Contains(string(r.Body), "cart slow") {
		t.Fatalf("default service alerts: %s", r.Body)
	}
}
