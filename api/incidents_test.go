package api_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PagerDuty/go-pagerduty"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/rotaoncall/rota/store"
)

// The review's Markdown export is checked against the document as text.
func init() { openapi3filter.RegisterBodyDecoder("text/markdown", openapi3filter.PlainBodyDecoder) }

type incidentResp struct {
	Incident struct {
		ID, Title, Severity, Status string
		TeamID                      string     `json:"team_id"`
		AlertCount                  int        `json:"alert_count"`
		AcknowledgedAt              *time.Time `json:"acknowledged_at"`
		ResolvedAt                  *time.Time `json:"resolved_at"`
		Responders                  []struct{ ID, Name string }
		Services                    []struct{ ID, Name string }
		Review                      struct {
			Status  string
			Overdue bool
		}
	}
	Timeline []struct {
		Seq         int64
		Kind        string
		Description string
		Channel     string
		ChangeID    string `json:"change_id"`
	}
	Alerts  []struct{ ID string }
	Changes []struct {
		ID, Summary     string
		LeadTimeSeconds *float64 `json:"lead_time_seconds"`
	}
}

func (r incidentResp) kinds() map[string]int {
	out := map[string]int{}
	for _, e := range r.Timeline {
		out[e.Kind]++
	}
	return out
}

func (e *pagingEnv) setIncidentsMode(t *testing.T, mode string) {
	t.Helper()
	var sv struct{ Service struct{ Version int64 } }
	e.olga.mustDo("GET", "/api/v1/services/"+e.serviceID, nil, 200).json(t, &sv)
	r := e.olga.mustDo("PUT", "/api/v1/services/"+e.serviceID, map[string]any{"name": "checkout", "escalation_policy_id": e.policyID,
		"urgency": "from-severity", "incidents": mode, "version": sv.Service.Version}, 200)
	if !strings.Contains(string(r.Body), `"incidents":"`+mode+`"`) {
		t.Fatalf("service: %s", r.Body)
	}
}

func (e *pagingEnv) changeCount() int {
	var n int
	e.db.SQL().QueryRow("SELECT COUNT(*) FROM change_events").Scan(&n)
	return n
}

// TestIncidentEndToEnd: change event → alert → incident → timeline →
// review → Markdown → delivery metrics, on both databases.
func TestIncidentEndToEnd(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) { incidentEndToEnd(t, d) })
	}
}

func incidentEndToEnd(t *testing.T, d store.Dialect) {
	e := newPagingEnv(t, d)
	ctx := context.Background()
	e.setIncidentsMode(t, "auto")
	// The service's API keeps the setting when an update leaves it out.
	var sv struct{ Service struct{ Version int64 } }
	e.olga.mustDo("GET", "/api/v1/services/"+e.serviceID, nil, 200).json(t, &sv)
	r := e.olga.mustDo("PUT", "/api/v1/services/"+e.serviceID, map[string]any{"name": "checkout", "escalation_policy_id": e.policyID, "version": sv.Service.Version}, 200)
	if !strings.Contains(string(r.Body), `"incidents":"auto"`) {
		t.Fatalf("an update without incidents changed it: %s", r.Body)
	}
	r = e.olga.mustDo("PUT", "/api/v1/services/"+e.serviceID, map[string]any{"name": "checkout", "incidents": "sometimes", "version": sv.Service.Version + 1}, 400)
	if _, f := r.errorOf(t); f != "incidents" {
		t.Fatalf("bad mode: %s", r.Body)
	}

	// A deploy 30 minutes before, through the real go-pagerduty client.
	pd := pagerduty.NewClient("unused", pagerduty.WithV2EventsAPIEndpoint(e.srv.URL))
	deployAt := e.clock.Now().Add(-30 * time.Minute)
	resp, err := pd.CreateChangeEventWithContext(ctx, pagerduty.ChangeEvent{RoutingKey: e.keys["pagerduty"], Payload: pagerduty.ChangeEventPayload{
		Summary: "deploy checkout v41", Source: "github-actions", Timestamp: deployAt.Format(time.RFC3339),
		CustomDetails: map[string]any{"committed_at": deployAt.Add(-2 * time.Hour).Format(time.RFC3339), "revision": "abc123"}},
		Links: []pagerduty.ChangeEventLink{{Href: "https://github.com/acme/checkout/actions/runs/1", Text: "run"}}})
	if err != nil || resp.Status != "success" || resp.Message != "Change event processed" {
		t.Fatalf("change event: %+v %v", resp, err)
	}
	// The same event again (a retry) is one change.
	if _, err := pd.CreateChangeEventWithContext(ctx, pagerduty.ChangeEvent{RoutingKey: e.keys["pagerduty"], Payload: pagerduty.ChangeEventPayload{
		Summary: "deploy checkout v41", Source: "github-actions", Timestamp: deployAt.Format(time.RFC3339),
		CustomDetails: map[string]any{"committed_at": deployAt.Add(-2 * time.Hour).Format(time.RFC3339), "revision": "abc123"}},
		Links: []pagerduty.ChangeEventLink{{Href: "https://github.com/acme/checkout/actions/runs/1", Text: "run"}}}); err != nil {
		t.Fatal(err)
	}
	if n := e.changeCount(); n != 1 {
		t.Fatalf("%d changes stored, want 1", n)
	}
	var changes struct {
		Changes []struct {
			Summary         string
			LeadTimeSeconds *float64 `json:"lead_time_seconds"`
			CustomDetails   map[string]any
			Links           []struct{ Href string }
		}
	}
	e.dan.mustDo("GET", "/api/v1/services/"+e.serviceID+"/changes", nil, 200).json(t, &changes)
	if len(changes.Changes) != 1 || changes.Changes[0].LeadTimeSeconds == nil || *changes.Changes[0].LeadTimeSeconds != 7200 || len(changes.Changes[0].Links) != 1 {
		t.Fatalf("changes %+v", changes)
	}

	// A critical alert opens an incident, and Olga (primary) is paged.
	alertID := e.trigger("db-down")
	slowID := e.trigger("db-slow") // the storm joins it
	var list struct {
		Incidents []struct{ ID, Severity, Status string }
	}
	e.dan.mustDo("GET", "/api/v1/incidents?status=open&team="+e.teamID, nil, 200).json(t, &list)
	if len(list.Incidents) != 1 || list.Incidents[0].Severity != "SEV2" || list.Incidents[0].Status != "triggered" {
		t.Fatalf("open incidents %+v", list)
	}
	// The list's other filters: severity, and the period its start falls in.
	count := func(q string) int {
		t.Helper()
		var l struct{ Incidents []struct{ ID string } }
		e.dan.mustDo("GET", "/api/v1/incidents?"+q, nil, 200).json(t, &l)
		return len(l.Incidents)
	}
	now := e.clock.Now().UTC()
	hour := func(d time.Duration) string { return url.QueryEscape(now.Add(d).Format(time.RFC3339)) }
	for q, want := range map[string]int{
		"severity=SEV2": 1, "severity=SEV1": 0, "severity=SEV1,SEV2": 1, "severity=SEV1&severity=SEV2": 1,
		"from=" + hour(-time.Hour) + "&to=" + hour(time.Hour): 1, "from=" + hour(time.Hour): 0, "to=" + hour(-time.Hour): 0,
		"service=" + e.serviceID + "&severity=SEV2&from=" + hour(-time.Hour): 1,
	} {
		if n := count(q); n != want {
			t.Errorf("GET /api/v1/incidents?%s: %d incidents, want %d", q, n, want)
		}
	}
	if _, f := e.dan.mustDo("GET", "/api/v1/incidents?severity=SEV9", nil, 400).errorOf(t); f != "severity" {
		t.Errorf("a bad severity names %q", f)
	}
	if _, f := e.dan.mustDo("GET", "/api/v1/incidents?from=yesterday", nil, 400).errorOf(t); f != "from" {
		t.Errorf("a bad from names %q", f)
	}
	inc := "/api/v1/incidents/" + list.Incidents[0].ID
	e.tick()
	var got incidentResp
	e.dan.mustDo("GET", inc, nil, 200).json(t, &got)
	k := got.kinds()
	if got.Incident.AlertCount != 2 || k["alert_triggered"] != 2 || k["paged"] < 1 || k["change_deployed"] != 1 || k["opened"] != 1 || len(got.Changes) != 1 {
		t.Fatalf("incident after the page: %+v kinds %v", got.Incident, k)
	}
	// Escalating a linked alert by hand goes on the incident's timeline.
	e.olga.mustDo("POST", "/api/v1/alerts/"+slowID+"/escalate", nil, 200)
	e.tick()
	e.dan.mustDo("GET", inc, nil, 200).json(t, &got)
	if k = got.kinds(); k["escalated"] != 1 {
		t.Fatalf("after escalating db-slow: kinds %v", k)
	}

	// Olga acknowledges the alert: the incident is acknowledged.
	e.clock.Add(3 * time.Minute)
	e.olga.mustDo("POST", "/api/v1/alerts/"+alertID+"/ack", nil, 200)
	e.dan.mustDo("GET", inc, nil, 200).json(t, &got)
	if got.Incident.Status != "acknowledged" || got.Incident.AcknowledgedAt == nil || !got.Incident.AcknowledgedAt.Equal(e.clock.Now()) {
		t.Fatalf("after the alert's ack: %+v", got.Incident)
	}
	// A note, a correction, then mitigated and resolved; back is refused.
	e.clock.Add(time.Minute)
	r = e.dan.mustDo("POST", inc+"/notes", map[string]any{"text": "rolling back v41"}, 201)
	r.json(t, &got)
	noteSeq := got.Timeline[len(got.Timeline)-1].Seq
	e.dan.mustDo("POST", inc+"/notes", map[string]any{"text": "rolled back v40, not v41", "corrects": noteSeq}, 201)
	r = e.dan.mustDo("POST", inc+"/notes", map[string]any{"text": "  "}, 400)
	if _, f := r.errorOf(t); f != "text" {
		t.Fatalf("empty note: %s", r.Body)
	}
	e.out.mustDo("POST", inc+"/notes", map[string]any{"text": "not my team"}, 403)
	e.clock.Add(10 * time.Minute)
	e.dan.mustDo("POST", inc+"/mitigate", nil, 200)
	e.clock.Add(20 * time.Minute)
	e.dan.mustDo("POST", inc+"/resolve", nil, 200).json(t, &got)
	if got.Incident.Status != "resolved" || got.Incident.Review.Status != "none" {
		t.Fatalf("resolved: %+v", got.Incident)
	}
	before := len(got.Timeline)
	r = e.dan.mustDo("POST", inc+"/acknowledge", nil, 409)
	if code, f := r.errorOf(t); code != "conflict" || f != "status" {
		t.Fatalf("backwards: %s", r.Body)
	}
	e.dan.mustDo("GET", inc, nil, 200).json(t, &got)
	if len(got.Timeline) != before {
		t.Fatal("a refused transition wrote to the timeline")
	}

	// The review: bad owners and dates are refused, naming the field.
	review := map[string]any{"summary": "The checkout database ran out of connections.", "impact": "12% of checkouts failed for 34 minutes.",
		"contributing_factors": []string{"v41 doubled the pool per worker", "no alert on pool saturation"},
		"went_well":            []string{"the rollback took 2 minutes"}, "was_hard": []string{"the dashboards lagged"},
		"action_items": []map[string]any{{"title": "Alert on pool saturation", "owner": "dan@example.com", "due": "2026-11-30", "link": "https://tracker.example.com/OPS-1"}}}
	for _, tc := range []struct {
		name, field string
		item        map[string]any
	}{
		{"unknown owner", "action_items[0].owner", map[string]any{"title": "x", "owner": "nobody@example.com", "due": "2026-11-30"}},
		{"due before today", "action_items[0].due", map[string]any{"title": "x", "owner": "dan@example.com", "due": "2026-11-21"}},
		{"no due date", "action_items[0].due", map[string]any{"title": "x", "owner": "dan@example.com"}},
		{"bad status", "action_items[0].status", map[string]any{"title": "x", "owner": "dan@example.com", "due": "2026-11-30", "status": "later"}},
	} {
		bad := map[string]any{"summary": "s", "action_items": []map[string]any{tc.item}}
		r := e.dan.mustDo("PUT", inc+"/review", bad, 400)
		if _, f := r.errorOf(t); f != tc.field {
			t.Fatalf("%s: field %q, want %q: %s", tc.name, f, tc.field, r.Body)
		}
	}
	var rv struct {
		Review struct {
			Status      string
			ActionItems []struct{ ID, Status string } `json:"action_items"`
			Responders  []struct {
				User  struct{ Name string }
				Pages int
			} `json:"responder_load"`
		}
	}
	e.dan.mustDo("GET", inc+"/review", nil, 200).json(t, &rv)
	if rv.Review.Status != "draft" || len(rv.Review.ActionItems) != 0 {
		t.Fatalf("the empty review: %+v", rv)
	}
	e.dan.mustDo("PUT", inc+"/review", review, 200).json(t, &rv)
	if len(rv.Review.ActionItems) != 1 || len(rv.Review.Responders) == 0 || rv.Review.Responders[0].User.Name != "olga" || rv.Review.Responders[0].Pages < 1 {
		t.Fatalf("review %+v", rv)
	}
	e.dan.mustDo("POST", inc+"/review/publish", nil, 409)
	e.dan.mustDo("POST", inc+"/review/submit", nil, 200)
	e.olga.mustDo("POST", inc+"/review/publish", nil, 200).json(t, &rv)
	if rv.Review.Status != "published" {
		t.Fatalf("published: %+v", rv)
	}
	review["summary"] = "rewritten after the fact"
	r = e.dan.mustDo("PUT", inc+"/review", review, 409)
	if _, f := r.errorOf(t); f != "summary" {
		t.Fatalf("editing a published review: %s", r.Body)
	}
	review["summary"] = "The checkout database ran out of connections."
	review["action_items"] = []map[string]any{{"id": rv.Review.ActionItems[0].ID, "title": "Alert on pool saturation", "owner": "dan@example.com",
		"due": "2026-11-30", "status": "done", "link": "https://tracker.example.com/OPS-1"}}
	e.dan.mustDo("PUT", inc+"/review", review, 200).json(t, &rv)
	if rv.Review.ActionItems[0].Status != "done" || rv.Review.Status != "published" {
		t.Fatalf("status of a published item: %+v", rv)
	}

	// The Markdown export.
	r = e.dan.mustDo("GET", inc+"/review.md", nil, 200)
	md := string(r.Body)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/markdown") {
		t.Fatalf("content type %q", r.Header.Get("Content-Type"))
	}
	for _, want := range []string{"# card authorisations failing db-down", "## Summary", "The checkout database ran out of connections.",
		"## Customer impact", "## Timeline", "Change deployed to checkout: deploy checkout v41", "Correction by dan", "## Responder load",
		"| olga |", "## Contributing factors", "no alert on pool saturation", "## Action items", "Alert on pool saturation", "CET"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, md)
		}
	}

	// The delivery metrics: one deploy, followed by the incident.
	var m struct {
		TimeZone string `json:"time_zone"`
		Totals   struct {
			Deployments    int
			ChangeFailRate float64 `json:"change_fail_rate"`
			LeadTime       float64 `json:"lead_time_seconds"`
			MTTA           float64 `json:"mtta_seconds"`
			MTTR           float64 `json:"mttr_seconds"`
			Incidents      int
		}
		Services []struct {
			Name           string
			Deployments    int
			ChangeFailRate float64 `json:"change_fail_rate"`
		}
		Weeks    []struct{ Deployments int }
		PageLoad *struct{ Pages int } `json:"page_load"`
	}
	e.dan.mustDo("GET", "/api/v1/metrics/delivery?team="+e.teamID+"&from=2026-11-01&to=2026-11-23", nil, 200).json(t, &m)
	if m.TimeZone != "Europe/Berlin" || m.Totals.Deployments != 1 || m.Totals.ChangeFailRate != 1 || m.Totals.LeadTime != 7200 || m.Totals.Incidents != 1 ||
		m.Totals.MTTA != 180 || m.Totals.MTTR != 34*60 || len(m.Services) != 1 || m.Services[0].Name != "checkout" || m.PageLoad == nil || m.PageLoad.Pages < 1 {
		t.Fatalf("delivery %+v", m)
	}
	// A second deploy with no incident after it halves the fail rate.
	e.clock.Add(2 * time.Hour)
	e.anon().mustDo("POST", "/api/v1/integrations/"+e.keys["generic"]+"/change", map[string]any{"payload": map[string]any{"summary": "deploy v42"}}, 202)
	e.dan.mustDo("GET", "/api/v1/metrics/delivery?service="+e.serviceID+"&from=2026-11-01&to=2026-11-23", nil, 200).json(t, &m)
	if m.Totals.Deployments != 2 || m.Totals.ChangeFailRate != 0.5 {
		t.Fatalf("after a second deploy: %+v", m.Totals)
	}
	r = e.anon().mustDo("GET", "/metrics", nil, 200)
	for _, want := range []string{`rota_delivery_deployments{service="checkout",team="payments"} 2`, `rota_delivery_change_fail_rate{service="checkout",team="payments"} 0.5`,
		`rota_delivery_mttr_seconds{service="checkout",team="payments"} 2040`} {
		if !strings.Contains(string(r.Body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	var items struct {
		ActionItems []struct{ Title, Status string } `json:"action_items"`
	}
	e.dan.mustDo("GET", "/api/v1/action-items?team="+e.teamID, nil, 200).json(t, &items)
	if len(items.ActionItems) != 1 || items.ActionItems[0].Status != "done" {
		t.Fatalf("action items %+v", items)
	}
}

// TestChangeEventBadInput: an unknown key, no summary, a bad timestamp and
// an oversize body are refused naming the field, and nothing is written.
func TestChangeEventBadInput(t *testing.T) {
	e := newPagingEnv(t, store.SQLite)
	anon := e.anon()
	path := "/api/v1/integrations/" + e.keys["generic"] + "/change"
	for _, tc := range []struct {
		name   string
		path   string
		body   any
		status int
		field  string
	}{
		{"unknown key", "/api/v1/integrations/nope-nope-nope-nope/change", map[string]any{"payload": map[string]any{"summary": "x"}}, 404, "key"},
		{"no summary", path, map[string]any{"payload": map[string]any{"source": "ci"}}, 400, "payload.summary"},
		{"no payload", path, map[string]any{}, 400, "payload"},
		{"bad timestamp", path, map[string]any{"payload": map[string]any{"summary": "x", "timestamp": "yesterday"}}, 400, "payload.timestamp"},
		{"committed after deployed", path, map[string]any{"payload": map[string]any{"summary": "x", "timestamp": "2026-11-22T08:00:00Z",
			"custom_details": map[string]any{"committed_at": "2026-11-22T08:30:00Z"}}}, 400, "payload.custom_details.committed_at"},
		{"another key in the body", path, map[string]any{"routing_key": e.keys["pagerduty"], "payload": map[string]any{"summary": "x"}}, 400, "routing_key"},
		{"malformed", path, `{"payload": `, 400, "body"},
		{"too large", path, `{"payload": {"summary": "` + strings.Repeat("x", 600<<10) + `"}}`, 413, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := anon.mustDo("POST", tc.path, tc.body, tc.status)
			if _, f := r.errorOf(t); f != tc.field {
				t.Fatalf("field %q, want %q: %s", f, tc.field, r.Body)
			}
		})
	}
	pd := pagerduty.NewClient("unused", pagerduty.WithV2EventsAPIEndpoint(e.srv.URL))
	for _, tc := range []struct {
		name string
		ev   pagerduty.ChangeEvent
		want string
	}{
		{"unknown routing key", pagerduty.ChangeEvent{RoutingKey: "R0UT1NGK3Y0000000000000000000000", Payload: pagerduty.ChangeEventPayload{Summary: "x"}}, "Invalid routing key"},
		{"no summary", pagerduty.ChangeEvent{RoutingKey: e.keys["pagerduty"], Payload: pagerduty.ChangeEventPayload{Source: "ci"}}, "payload.summary"},
		{"no routing key", pagerduty.ChangeEvent{Payload: pagerduty.ChangeEventPayload{Summary: "x"}}, "routing_key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pd.CreateChangeEventWithContext(context.Background(), tc.ev)
			var perr pagerduty.APIError
			if !errors.As(err, &perr) || perr.StatusCode != http.StatusBadRequest {
				t.Fatalf("err = %v, want the client's 400", err)
			}
			r := e.anon().mustDo("POST", "/v2/change/enqueue", tc.ev, 400)
			if !strings.Contains(string(r.Body), tc.want) || !strings.Contains(string(r.Body), `"status":"invalid event"`) {
				t.Fatalf("body %s, want PagerDuty's shape naming %q", r.Body, tc.want)
			}
		})
	}
	r := anon.mustDo("POST", "/v2/change/enqueue", `{"routing_key": "`+e.keys["pagerduty"]+`", "payload": {"summary": "`+strings.Repeat("x", 600<<10)+`"}}`, 413)
	if !strings.Contains(string(r.Body), "invalid event") {
		t.Fatalf("oversize: %s", r.Body)
	}
	if n := e.changeCount(); n != 0 {
		t.Fatalf("bad input wrote %d changes", n)
	}
}

// TestIncidentBadInput: opening and editing by hand refuse bad fields,
// naming them, and write nothing.
func TestIncidentBadInput(t *testing.T) {
	e := newPagingEnv(t, store.SQLite)
	p := "/api/v1/incidents"
	for _, tc := range []struct {
		name, field string
		body        map[string]any
		status      int
	}{
		{"no title", "title", map[string]any{"severity": "SEV2", "team_id": e.teamID}, 400},
		{"no severity", "severity", map[string]any{"title": "x", "team_id": e.teamID}, 400},
		{"bad severity", "severity", map[string]any{"title": "x", "severity": "SEV0", "team_id": e.teamID}, 400},
		{"no team", "team_id", map[string]any{"title": "x", "severity": "SEV2"}, 400},
		{"unknown team", "team_id", map[string]any{"title": "x", "severity": "SEV2", "team_id": "999"}, 400},
		{"unknown service", "services[0]", map[string]any{"title": "x", "severity": "SEV2", "service_ids": []string{"999"}}, 400},
		{"unknown alert", "alerts[0]", map[string]any{"title": "x", "severity": "SEV2", "alert_ids": []string{"999"}}, 400},
		{"unknown commander", "commander_id", map[string]any{"title": "x", "severity": "SEV2", "team_id": e.teamID, "commander_id": "999"}, 400},
		{"detected in the future", "detected_at", map[string]any{"title": "x", "severity": "SEV2", "team_id": e.teamID, "detected_at": "2027-01-01T00:00:00Z"}, 400},
		{"started after detected", "detected_at", map[string]any{"title": "x", "severity": "SEV2", "team_id": e.teamID,
			"started_at": "2026-11-22T08:00:00Z", "detected_at": "2026-11-22T07:00:00Z"}, 400},
		{"unknown field", "sevirity", map[string]any{"title": "x", "sevirity": "SEV2"}, 400},
		{"another team's", "", map[string]any{"title": "x", "severity": "SEV2", "team_id": e.teamID}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.status == 0 {
				e.out.mustDo("POST", p, tc.body, 403)
				return
			}
			r := e.dan.mustDo("POST", p, tc.body, tc.status)
			if _, f := r.errorOf(t); f != tc.field {
				t.Fatalf("field %q, want %q: %s", f, tc.field, r.Body)
			}
		})
	}
	var n int
	e.db.SQL().QueryRow("SELECT COUNT(*) FROM incidents").Scan(&n)
	if n != 0 {
		t.Fatalf("bad input wrote %d incidents", n)
	}
	// From an alert's page: the alert's service is linked and its team owns it.
	aid := e.trigger("by-hand")
	var got incidentResp
	e.dan.mustDo("POST", p, map[string]any{"title": "card authorisations failing", "severity": "SEV1", "alert_ids": []string{aid}}, 201).json(t, &got)
	if got.Incident.TeamID != e.teamID || len(got.Incident.Services) != 1 || got.Incident.Services[0].Name != "checkout" || got.Incident.AlertCount != 1 ||
		got.kinds()["alert_triggered"] != 1 {
		t.Fatalf("opened from an alert: %+v", got)
	}
	inc := p + "/" + got.Incident.ID
	r := e.dan.mustDo("PATCH", inc, map[string]any{"started_at": "2026-11-22T09:30:00Z"}, 400)
	if _, f := r.errorOf(t); f != "detected_at" {
		t.Fatalf("a start after detection: %s", r.Body)
	}
	e.dan.mustDo("PATCH", inc, map[string]any{"started_at": "2026-11-22T08:45:00Z", "commander_id": id(e.olgaU.ID)}, 200).json(t, &got)
	if got.kinds()["edited"] != 2 {
		t.Fatalf("edits on the timeline: %v", got.kinds())
	}
	r = e.dan.mustDo("PATCH", inc, map[string]any{"commander_id": "999"}, 400)
	if _, f := r.errorOf(t); f != "commander_id" {
		t.Fatalf("unknown commander: %s", r.Body)
	}
	e.dan.mustDo("GET", p+"/999", nil, 404)
	e.dan.mustDo("GET", p+"?status=burning", nil, 400)
	e.dan.mustDo("GET", p+"?review=late", nil, 400)
	var overdue struct{ Incidents []struct{ ID string } }
	e.dan.mustDo("GET", p+"?review=overdue", nil, 200).json(t, &overdue)
	if len(overdue.Incidents) != 0 {
		t.Fatalf("an open incident's review is not overdue: %+v", overdue)
	}
	e.dan.mustDo("GET", "/api/v1/metrics/delivery?from=2026-11-22&to=2026-11-01", nil, 400)
	e.dan.mustDo("GET", "/api/v1/metrics/delivery?team=999", nil, 400)
}
