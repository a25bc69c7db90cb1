package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota/api"
	"github.com/rotaoncall/rota/store"
)

// The actors of the authorization matrix.
const (
	anonymous     = "anonymous"
	apiToken      = "API token (member)"
	orgAdmin      = "org admin"
	teamAdmin     = "team admin"
	otherAdmin    = "admin of another team"
	member        = "member"
	otherMember   = "member of another team"
	pagedOutsider = "paged engineer from another team"
)

var matrixActors = []string{anonymous, apiToken, orgAdmin, teamAdmin, otherAdmin, member, otherMember, pagedOutsider}

// Who may, by kind of route. Everyone else gets 403 (401 when anonymous).
var mayBy = map[string][]string{
	"public":    {anonymous, apiToken, orgAdmin, teamAdmin, otherAdmin, member, otherMember, pagedOutsider},
	"signed-in": {apiToken, orgAdmin, teamAdmin, otherAdmin, member, otherMember, pagedOutsider},
	"org-admin": {orgAdmin},
	// Admins of the owning team (and of the organisation).
	"team-admin": {orgAdmin, teamAdmin},
	// Members put themselves on call; admins anyone.
	"override": {apiToken, orgAdmin, teamAdmin, member},
	// Swaps are between members: an org admin is not one.
	"swap": {apiToken, teamAdmin, member},
	// The engineer the swap asks (the team admin) answers; its requester (the
	// member) withdraws it.
	"swap-answer": {teamAdmin},
	"swap-cancel": {apiToken, member},
	// The owning team, anyone paged, org admins.
	"alert": {apiToken, orgAdmin, teamAdmin, member, pagedOutsider},
	// The owning team and org admins (and the incident's responders, who
	// are none of the others here).
	"incident": {apiToken, orgAdmin, teamAdmin, member},
	// The member's own profile and override.
	"self":            {apiToken, orgAdmin, member},
	"override-delete": {apiToken, orgAdmin, teamAdmin, member},
	// Secrets in the path (integration key, feed token, Twilio signature):
	// nobody's cookie or token helps; a wrong secret is 404 to everyone.
	"secret": {},
	// PagerDuty's Events API answers an unknown routing key 400.
	"routing-key": {},
}

// TestAuthorizationMatrix sends every registered route as each kind of
// actor and checks who gets through: a route added without an entry here
// fails. Refusals (403, or 401 when anonymous) come before anything is
// changed; "gets through" means neither 401 nor 403 (a 400 for the empty
// body the matrix sends, or a 404 once an earlier actor deleted the
// object, both count as through).
func TestAuthorizationMatrix(t *testing.T) {
	e := newPagingEnv(t, store.SQLite)
	ctx := t.Context()
	at := e.clock.Now() // Sunday 2026-11-22 09:00 UTC

	// Another team, search, with its admin Sara and members Out and Pat.
	// Pat is first a payments engineer on call by an override, is paged
	// for a payments alert, and then moves to search.
	sara, saraU := e.user("sara@example.com", false)
	pat, patU := e.user("pat@example.com", false)
	var searchTeam struct{ Team struct{ ID string } }
	e.admin.mustDo("POST", "/api/v1/teams", map[string]string{"name": "search"}, 201).json(t, &searchTeam)
	search := searchTeam.Team.ID
	e.admin.mustDo("PUT", "/api/v1/teams/"+search+"/members/"+id(saraU.ID), map[string]string{"role": "admin"}, 204)
	e.admin.mustDo("PUT", "/api/v1/teams/"+search+"/members/"+id(e.outU.ID), map[string]string{"role": "member"}, 204)
	e.admin.mustDo("PUT", "/api/v1/teams/"+e.teamID+"/members/"+id(patU.ID), map[string]string{"role": "member"}, 204)
	sp := "/api/v1/schedules/" + e.scheduleID
	e.olga.mustDo("POST", sp+"/overrides", map[string]string{"tier": "primary", "user_id": id(patU.ID),
		"start": at.Add(-time.Hour).Format(time.RFC3339), "end": at.Add(30 * time.Minute).Format(time.RFC3339)}, 201)
	alertID := e.trigger("matrix")
	e.tick()
	var pages struct {
		Pages []struct {
			UserID string `json:"user_id"`
		}
	}
	e.admin.mustDo("GET", "/api/v1/pages?alert_id="+alertID, nil, 200).json(t, &pages)
	if len(pages.Pages) != 1 || pages.Pages[0].UserID != id(patU.ID) {
		t.Fatalf("Pat should have been paged: %+v", pages)
	}
	// Objects the routes act on; the deleted ones are throwaways.
	created := func(c *client, path string, body any, key string) string {
		t.Helper()
		var out map[string]json.RawMessage
		c.mustDo("POST", path, body, 201).json(t, &out)
		var obj struct{ ID string }
		if err := json.Unmarshal(out[key], &obj); err != nil || obj.ID == "" {
			t.Fatalf("%s: no %s id in the answer", path, key)
		}
		return obj.ID
	}
	doomedSchedule := created(e.olga, "/api/v1/teams/"+e.teamID+"/schedules", map[string]any{"name": "doomed", "time_zone": "UTC",
		"tiers": map[string]any{"primary": []map[string]any{{"name": "l", "participants": []string{id(e.olgaU.ID)}, "start": "2026-11-02T09:00", "shift": "1w", "coverage": []any{}}}}}, "schedule")
	doomedPolicy := created(e.olga, "/api/v1/teams/"+e.teamID+"/escalation-policies", map[string]any{"name": "doomed", "steps": []map[string]any{
		{"after": "0m", "targets": []map[string]string{{"user_id": id(e.olgaU.ID)}}}}}, "policy")
	doomedService := created(e.olga, "/api/v1/teams/"+e.teamID+"/services", map[string]any{"name": "doomed", "escalation_policy_id": e.policyID}, "service")
	integration := created(e.olga, "/api/v1/services/"+e.serviceID+"/integrations", map[string]string{"name": "spare", "type": "generic"}, "integration")
	maintenance := created(e.olga, "/api/v1/services/"+e.serviceID+"/maintenance", map[string]string{
		"start": at.Add(48 * time.Hour).Format(time.RFC3339), "end": at.Add(50 * time.Hour).Format(time.RFC3339), "reason": "upgrade"}, "maintenance")
	later := func(h int) string { return at.Add(time.Duration(h) * time.Hour).Format(time.RFC3339) }
	override := created(e.dan, sp+"/overrides", map[string]string{"tier": "primary", "start": later(30), "end": later(31)}, "override")
	// Monday 2026-11-23: Dan's business-hours shift, 09:00–17:00 Berlin.
	swapBody := func(h int) map[string]string {
		return map[string]string{"tier": "primary", "target_id": id(e.olgaU.ID), "start": later(h), "end": later(h + 1)}
	}
	swapA, swapD, swapC := created(e.dan, sp+"/swaps", swapBody(25), "swap"), created(e.dan, sp+"/swaps", swapBody(26), "swap"), created(e.dan, sp+"/swaps", swapBody(27), "swap")
	_, tmpU := e.user("tmp@example.com", false)
	_, goneU := e.user("gone@example.com", false)
	e.admin.mustDo("PUT", "/api/v1/teams/"+e.teamID+"/members/"+id(goneU.ID), map[string]string{"role": "member"}, 204)
	var opened struct{ Incident struct{ ID string } }
	e.dan.mustDo("POST", "/api/v1/incidents", map[string]any{"title": "matrix", "severity": "SEV3", "alert_ids": []string{alertID}}, 201).json(t, &opened)
	inc := "/api/v1/incidents/" + opened.Incident.ID
	var tok struct {
		Token  struct{ ID string }
		Secret string
	}
	e.dan.mustDo("POST", "/api/v1/me/tokens", map[string]string{"name": "matrix"}, 201).json(t, &tok)
	var spare struct{ Token struct{ ID string } }
	e.dan.mustDo("POST", "/api/v1/me/tokens", map[string]string{"name": "spare"}, 201).json(t, &spare)
	bearer := e.anon()
	bearer.bearer = tok.Secret

	e.clock.Add(time.Hour) // the override is over
	e.admin.mustDo("DELETE", "/api/v1/teams/"+e.teamID+"/members/"+id(patU.ID), nil, 204)
	e.admin.mustDo("PUT", "/api/v1/teams/"+search+"/members/"+id(patU.ID), map[string]string{"role": "member"}, 204)

	clients := map[string]*client{anonymous: e.anon(), apiToken: bearer, orgAdmin: e.admin, teamAdmin: e.olga, otherAdmin: sara,
		member: e.dan, otherMember: e.out, pagedOutsider: pat}

	// Every route: the concrete path to send and the kind of route.
	type row struct{ path, kind, body string }
	team, svc, al := "/api/v1/teams/"+e.teamID, "/api/v1/services/"+e.serviceID, "/api/v1/alerts/"+alertID
	routes := map[string]row{
		"GET /healthz":                                                     {"/healthz", "public", ""},
		"GET /readyz":                                                      {"/readyz", "public", ""},
		"GET /metrics":                                                     {"/metrics", "public", ""},
		"GET /api/v1/openapi.json":                                         {"/api/v1/openapi.json", "public", ""},
		"POST /api/v1/auth/login":                                          {"/api/v1/auth/login", "public", ""},
		"POST /api/v1/auth/logout":                                         {"/api/v1/auth/logout", "logout", ""},
		"GET /api/v1/me":                                                   {"/api/v1/me", "signed-in", ""},
		"PATCH /api/v1/me":                                                 {"/api/v1/me", "signed-in", ""},
		"PUT /api/v1/me/password":                                          {"/api/v1/me/password", "signed-in", ""},
		"GET /api/v1/me/permissions":                                       {"/api/v1/me/permissions", "signed-in", ""},
		"GET /api/v1/me/tokens":                                            {"/api/v1/me/tokens", "signed-in", ""},
		"POST /api/v1/me/tokens":                                           {"/api/v1/me/tokens", "signed-in", ""},
		"DELETE /api/v1/me/tokens/:token_id":                               {"/api/v1/me/tokens/" + spare.Token.ID, "signed-in", ""},
		"GET /api/v1/users":                                                {"/api/v1/users", "signed-in", ""},
		"POST /api/v1/users":                                               {"/api/v1/users", "org-admin", ""},
		"GET /api/v1/users/:user_id":                                       {"/api/v1/users/" + id(e.danU.ID), "signed-in", ""},
		"PATCH /api/v1/users/:user_id":                                     {"/api/v1/users/" + id(e.danU.ID), "self", ""},
		"POST /api/v1/users/:user_id/reset-password":                       {"/api/v1/users/" + id(tmpU.ID) + "/reset-password", "org-admin", ""},
		"GET /api/v1/teams":                                                {"/api/v1/teams", "signed-in", ""},
		"POST /api/v1/teams":                                               {"/api/v1/teams", "org-admin", ""},
		"GET /api/v1/teams/:team_id":                                       {team, "signed-in", ""},
		"GET /api/v1/teams/:team_id/members":                               {team + "/members", "signed-in", ""},
		"PUT /api/v1/teams/:team_id/members/:user_id":                      {team + "/members/" + id(tmpU.ID), "team-admin", ""},
		"DELETE /api/v1/teams/:team_id/members/:user_id":                   {team + "/members/" + id(goneU.ID), "team-admin", ""},
		"POST /api/v1/teams/:team_id/invites":                              {team + "/invites", "team-admin", ""},
		"GET /api/v1/me/oncall":                                            {"/api/v1/me/oncall", "signed-in", ""},
		"GET /api/v1/escalation-policies/:policy_id/preview":               {"/api/v1/escalation-policies/" + e.policyID + "/preview", "signed-in", ""},
		"POST /api/v1/alerts/:alert_id/notes":                              {al + "/notes", "alert", ""},
		"GET /api/v1/me/calendar-feed":                                     {"/api/v1/me/calendar-feed", "signed-in", ""},
		"POST /api/v1/me/calendar-feed":                                    {"/api/v1/me/calendar-feed", "signed-in", ""},
		"DELETE /api/v1/me/calendar-feed":                                  {"/api/v1/me/calendar-feed", "signed-in", ""},
		"GET /api/v1/oncall":                                               {"/api/v1/oncall", "signed-in", ""},
		"GET /api/v1/schedules":                                            {"/api/v1/schedules", "signed-in", ""},
		"POST /api/v1/teams/:team_id/schedules":                            {team + "/schedules", "team-admin", ""},
		"GET /api/v1/schedules/:schedule_id":                               {sp, "signed-in", ""},
		"PUT /api/v1/schedules/:schedule_id":                               {sp, "team-admin", ""},
		"DELETE /api/v1/schedules/:schedule_id":                            {"/api/v1/schedules/" + doomedSchedule, "team-admin", ""},
		"GET /api/v1/schedules/:schedule_id/oncall":                        {sp + "/oncall", "signed-in", ""},
		"GET /api/v1/schedules/:schedule_id/shifts":                        {sp + "/shifts?from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z", "signed-in", ""},
		"GET /api/v1/schedules/:schedule_id/gaps":                          {sp + "/gaps?from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z", "signed-in", ""},
		"GET /api/v1/schedules/:schedule_id/timeline":                      {sp + "/timeline?from=2026-11-23T00:00:00Z", "signed-in", ""},
		"POST /api/v1/schedules/:schedule_id/preview":                      {sp + "/preview", "team-admin", ""},
		"POST /api/v1/teams/:team_id/schedules/preview":                    {team + "/schedules/preview", "team-admin", ""},
		"GET /api/v1/schedules/:schedule_id/audit":                         {sp + "/audit", "signed-in", ""},
		"GET /api/v1/schedules/:schedule_id/overrides":                     {sp + "/overrides", "signed-in", ""},
		"POST /api/v1/schedules/:schedule_id/overrides":                    {sp + "/overrides", "override", ""},
		"DELETE /api/v1/schedules/:schedule_id/overrides/:override_id":     {sp + "/overrides/" + override, "override-delete", ""},
		"POST /api/v1/schedules/:schedule_id/swaps":                        {sp + "/swaps", "swap", ""},
		"GET /api/v1/swaps":                                                {"/api/v1/swaps", "signed-in", ""},
		"POST /api/v1/swaps/:swap_id/accept":                               {"/api/v1/swaps/" + swapA + "/accept", "swap-answer", ""},
		"POST /api/v1/swaps/:swap_id/decline":                              {"/api/v1/swaps/" + swapD + "/decline", "swap-answer", ""},
		"POST /api/v1/swaps/:swap_id/cancel":                               {"/api/v1/swaps/" + swapC + "/cancel", "swap-cancel", ""},
		"GET /api/v1/paging/status":                                        {"/api/v1/paging/status", "signed-in", ""},
		"GET /api/v1/escalation-policies":                                  {"/api/v1/escalation-policies", "signed-in", ""},
		"POST /api/v1/teams/:team_id/escalation-policies":                  {team + "/escalation-policies", "team-admin", ""},
		"GET /api/v1/escalation-policies/:policy_id":                       {"/api/v1/escalation-policies/" + e.policyID, "signed-in", ""},
		"PUT /api/v1/escalation-policies/:policy_id":                       {"/api/v1/escalation-policies/" + e.policyID, "team-admin", ""},
		"DELETE /api/v1/escalation-policies/:policy_id":                    {"/api/v1/escalation-policies/" + doomedPolicy, "team-admin", ""},
		"GET /api/v1/services":                                             {"/api/v1/services", "signed-in", ""},
		"POST /api/v1/teams/:team_id/services":                             {team + "/services", "team-admin", ""},
		"GET /api/v1/services/:service_id":                                 {svc, "signed-in", ""},
		"PUT /api/v1/services/:service_id":                                 {svc, "team-admin", ""},
		"DELETE /api/v1/services/:service_id":                              {"/api/v1/services/" + doomedService, "team-admin", ""},
		"GET /api/v1/services/:service_id/integrations":                    {svc + "/integrations", "signed-in", ""},
		"POST /api/v1/services/:service_id/integrations":                   {svc + "/integrations", "team-admin", ""},
		"DELETE /api/v1/services/:service_id/integrations/:integration_id": {svc + "/integrations/" + integration, "team-admin", ""},
		"POST /api/v1/services/:service_id/maintenance":                    {svc + "/maintenance", "team-admin", ""},
		"DELETE /api/v1/services/:service_id/maintenance/:maintenance_id":  {svc + "/maintenance/" + maintenance, "team-admin", ""},
		"GET /api/v1/routing-rules":                                        {"/api/v1/routing-rules", "signed-in", ""},
		"PUT /api/v1/routing-rules":                                        {"/api/v1/routing-rules", "org-admin", ""},
		"GET /api/v1/alerts":                                               {"/api/v1/alerts", "signed-in", ""},
		"POST /api/v1/alerts/ack":                                          {"/api/v1/alerts/ack", "bulk", ""},
		"GET /api/v1/alerts/:alert_id":                                     {al, "signed-in", ""},
		"POST /api/v1/alerts/:alert_id/ack":                                {al + "/ack", "alert", ""},
		"POST /api/v1/alerts/:alert_id/resolve":                            {al + "/resolve", "alert", ""},
		"POST /api/v1/alerts/:alert_id/escalate":                           {al + "/escalate", "alert", ""},
		"GET /api/v1/pages":                                                {"/api/v1/pages", "signed-in", ""},
		"GET /api/v1/me/contact-methods":                                   {"/api/v1/me/contact-methods", "signed-in", ""},
		"POST /api/v1/me/contact-methods":                                  {"/api/v1/me/contact-methods", "signed-in", ""},
		"POST /api/v1/me/contact-methods/:contact_id/verify":               {"/api/v1/me/contact-methods/999/verify", "signed-in", ""},
		"POST /api/v1/me/contact-methods/:contact_id/resend":               {"/api/v1/me/contact-methods/999/resend", "signed-in", ""},
		"DELETE /api/v1/me/contact-methods/:contact_id":                    {"/api/v1/me/contact-methods/999", "signed-in", ""},
		"PUT /api/v1/me/notification-rules":                                {"/api/v1/me/notification-rules", "signed-in", ""},
		"GET /api/v1/load":                                                 {"/api/v1/load", "signed-in", ""},
		"POST /api/v1/load/imports":                                        {"/api/v1/load/imports", "org-admin", ""},
		"GET /api/v1/teams/:team_id/load-thresholds":                       {team + "/load-thresholds", "signed-in", ""},
		"PUT /api/v1/teams/:team_id/load-thresholds":                       {team + "/load-thresholds", "team-admin", ""},
		"POST /api/v1/teams/:team_id/learners/:user_id/promote":            {team + "/learners/" + id(e.danU.ID) + "/promote", "team-admin", ""},
		"POST /api/v1/schedules/:schedule_id/load-proposals/accept":        {sp + "/load-proposals/accept", "team-admin", ""},
		"POST /api/v1/twilio/sms":                                          {"/api/v1/twilio/sms", "secret", ""},
		"POST /api/v1/twilio/voice":                                        {"/api/v1/twilio/voice", "secret", ""},
		"POST /api/v1/twilio/status":                                       {"/api/v1/twilio/status", "secret", ""},
		"POST /api/v1/integrations/:key/generic":                           {"/api/v1/integrations/0123456789abcdef0123456789abcdef/generic", "secret", ""},
		"POST /api/v1/integrations/:key/alertmanager":                      {"/api/v1/integrations/0123456789abcdef0123456789abcdef/alertmanager", "secret", ""},
		"POST /v2/enqueue": {"/v2/enqueue", "routing-key", `{"routing_key": "0123456789abcdef0123456789abcdef", "event_action": "trigger",
			"payload": {"summary": "x", "source": "y", "severity": "critical"}}`},
		"POST /api/v1/integrations/:key/change":              {"/api/v1/integrations/0123456789abcdef0123456789abcdef/change", "secret", `{"payload": {"summary": "deploy"}}`},
		"POST /v2/change/enqueue":                            {"/v2/change/enqueue", "routing-key", `{"routing_key": "0123456789abcdef0123456789abcdef", "payload": {"summary": "deploy"}}`},
		"GET /api/v1/incidents":                              {"/api/v1/incidents", "signed-in", ""},
		"POST /api/v1/incidents":                             {"/api/v1/incidents", "incident", `{"title": "by the matrix", "severity": "SEV4", "team_id": "` + e.teamID + `"}`},
		"GET /api/v1/incidents/:incident_id":                 {inc, "signed-in", ""},
		"PATCH /api/v1/incidents/:incident_id":               {inc, "incident", `{"title": "matrix, edited"}`},
		"POST /api/v1/incidents/:incident_id/links":          {inc + "/links", "incident", ""},
		"POST /api/v1/incidents/:incident_id/notes":          {inc + "/notes", "incident", `{"text": "a note"}`},
		"POST /api/v1/incidents/:incident_id/acknowledge":    {inc + "/acknowledge", "incident", ""},
		"POST /api/v1/incidents/:incident_id/mitigate":       {inc + "/mitigate", "incident", ""},
		"POST /api/v1/incidents/:incident_id/resolve":        {inc + "/resolve", "incident", ""},
		"GET /api/v1/incidents/:incident_id/review":          {inc + "/review", "signed-in", ""},
		"PUT /api/v1/incidents/:incident_id/review":          {inc + "/review", "incident", `{"summary": "s"}`},
		"POST /api/v1/incidents/:incident_id/review/submit":  {inc + "/review/submit", "incident", ""},
		"POST /api/v1/incidents/:incident_id/review/publish": {inc + "/review/publish", "incident", ""},
		"GET /api/v1/incidents/:incident_id/review.md":       {inc + "/review.md", "signed-in", ""},
		"GET /api/v1/action-items":                           {"/api/v1/action-items", "signed-in", ""},
		"GET /api/v1/services/:service_id/changes":           {svc + "/changes", "signed-in", ""},
		"GET /api/v1/metrics/delivery":                       {"/api/v1/metrics/delivery?team=" + e.teamID, "signed-in", ""},
		"GET /api/v1/pagerduty/connection":                   {"/api/v1/pagerduty/connection", "org-admin", ""},
		"PUT /api/v1/pagerduty/connection":                   {"/api/v1/pagerduty/connection", "org-admin", `{"token": ""}`},
		"DELETE /api/v1/pagerduty/connection":                {"/api/v1/pagerduty/connection", "org-admin", ""},
		"GET /api/v1/pagerduty/sync":                         {"/api/v1/pagerduty/sync", "org-admin", ""},
		"POST /api/v1/pagerduty/import":                      {"/api/v1/pagerduty/import", "org-admin", `{"dry_run": true}`},
		"GET /ical/:token/me.ics":                            {"/ical/0123456789abcdef0123456789abcdef/me.ics", "secret", ""},
		"GET /ical/:token/schedules/:file":                   {"/ical/0123456789abcdef0123456789abcdef/schedules/" + e.scheduleID + ".ics", "secret", ""},
	}

	send := func(c *client, method, path, raw string) (int, []byte) {
		t.Helper()
		var body io.Reader
		if method != "GET" && method != "DELETE" {
			if raw == "" {
				raw = "{}"
			}
			body = strings.NewReader(raw)
		}
		req, _ := http.NewRequestWithContext(ctx, method, e.srv.URL+path, body)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if c.bearer != "" {
			req.Header.Set("Authorization", "Bearer "+c.bearer)
		}
		res, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return res.StatusCode, out
	}
	allowed := func(kind, actor string) bool {
		for _, a := range mayBy[kind] {
			if a == actor {
				return true
			}
		}
		return false
	}

	// The routes the server registers, as the keys above.
	srv := api.New(api.Config{})
	var keys []string
	for _, r := range srv.Routes() {
		k := r.Method + " " + r.Path
		if _, ok := routes[k]; !ok {
			t.Errorf("route %s has no row in the authorization matrix", k)
		}
		keys = append(keys, k)
	}
	if len(keys) != len(routes) {
		t.Errorf("the matrix has %d rows for %d routes", len(routes), len(keys))
	}

	// Bulk acknowledgement is answered 200 with a result per alert: the
	// policy is the single alert's.
	for _, actor := range matrixActors[1:] {
		var res struct{ Results []struct{ Error string } }
		r := clients[actor].do("POST", "/api/v1/alerts/ack", map[string][]string{"alert_ids": {alertID}})
		if r.Status != 200 {
			t.Fatalf("bulk ack as %s: %d %s", actor, r.Status, r.Body)
		}
		r.json(t, &res)
		if got, want := res.Results[0].Error == "", allowed("alert", actor); got != want {
			t.Errorf("bulk ack as %s: allowed %v, want %v (%s)", actor, got, want, r.Body)
		}
	}

	// Refusals first, while every object exists; then the actors who may.
	for _, phase := range []string{"refused", "allowed"} {
		for _, k := range keys {
			rw := routes[k]
			method, _, _ := strings.Cut(k, " ")
			for _, actor := range matrixActors {
				kind := rw.kind
				switch kind {
				case "logout":
					if actor != anonymous {
						continue // signing out ends the session the matrix needs
					}
					kind = "public"
				case "bulk":
					kind = "signed-in"
				}
				may := allowed(kind, actor)
				if (phase == "allowed") != may {
					continue
				}
				status, raw := send(clients[actor], method, rw.path, rw.body)
				switch {
				case kind == "routing-key":
					if status != http.StatusBadRequest || !strings.Contains(string(raw), "Invalid routing key") {
						t.Errorf("%s as %s: %d, want 400 Invalid routing key — %s", k, actor, status, raw)
					}
				case kind == "secret":
					if status != http.StatusNotFound {
						t.Errorf("%s as %s: %d, want 404 (a wrong secret) — %s", k, actor, status, raw)
					}
				case may:
					if status == http.StatusUnauthorized || status == http.StatusForbidden {
						t.Errorf("%s as %s: %d, want through — %s", k, actor, status, raw)
					}
				case actor == anonymous:
					if status != http.StatusUnauthorized {
						t.Errorf("%s as %s: %d, want 401 — %s", k, actor, status, raw)
					}
				default:
					var b struct {
						Error struct{ Code, Message string }
					}
					json.Unmarshal(raw, &b)
					if status != http.StatusForbidden || b.Error.Code != "forbidden" || b.Error.Message == "" {
						t.Errorf("%s as %s: %d %s, want 403 forbidden with a reason", k, actor, status, raw)
					}
				}
			}
		}
	}
}

// TestPhoneNumbersAndPermissions: a phone number is visible to its owner,
// org admins and the admins of the owner's teams; others see that there is
// one. GET /me/permissions says what the web app may offer.
func TestPhoneNumbersAndPermissions(t *testing.T) {
	e := newTeamEnv(t, store.SQLite)
	const phone = "+15550000042"
	e.admin.mustDo("PATCH", "/api/v1/users/"+id(e.danU.ID), map[string]string{"phone": phone}, 200)
	type user struct {
		ID       string
		Phone    string
		HasPhone bool `json:"has_phone"`
	}
	danAs := func(c *client) user {
		t.Helper()
		var one struct{ User user }
		c.mustDo("GET", "/api/v1/users/"+id(e.danU.ID), nil, 200).json(t, &one)
		var all struct{ Users []user }
		c.mustDo("GET", "/api/v1/users", nil, 200).json(t, &all)
		var ms struct{ Members []struct{ User user } }
		c.mustDo("GET", "/api/v1/teams/"+e.teamID+"/members", nil, 200).json(t, &ms)
		for _, u := range all.Users {
			if u.ID == one.User.ID && u != one.User {
				t.Fatalf("the list shows %+v, the user %+v", u, one.User)
			}
		}
		for _, m := range ms.Members {
			if m.User.ID == one.User.ID && m.User != one.User {
				t.Fatalf("the members show %+v, the user %+v", m.User, one.User)
			}
		}
		return one.User
	}
	for name, c := range map[string]*client{"Dan himself": e.dan, "the org admin": e.admin, "his team's admin": e.olga} {
		if u := danAs(c); u.Phone != phone || !u.HasPhone {
			t.Errorf("%s sees %+v", name, u)
		}
	}
	if u := danAs(e.out); u.Phone != "" || !u.HasPhone {
		t.Errorf("an outsider sees %+v", u)
	}
	if r := e.out.mustDo("GET", "/api/v1/teams/"+e.teamID+"/members", nil, 200); strings.Contains(string(r.Body), phone) {
		t.Fatalf("the number leaks: %s", r.Body)
	}

	type perms struct {
		Permissions struct {
			OrgAdmin bool `json:"org_admin"`
			Org      []string
			Teams    []struct {
				TeamID string `json:"team_id"`
				Role   string
				May    []string
			}
		}
	}
	mayIn := func(c *client) (role string, may string, org []string) {
		t.Helper()
		var p perms
		c.mustDo("GET", "/api/v1/me/permissions", nil, 200).json(t, &p)
		for _, tp := range p.Permissions.Teams {
			if tp.TeamID == e.teamID {
				return tp.Role, strings.Join(tp.May, ","), p.Permissions.Org
			}
		}
		t.Fatalf("no entry for the team: %+v", p)
		return "", "", nil
	}
	if role, may, org := mayIn(e.dan); role != "member" || may != "override.create,swap.request,alert.act,incident.manage" || len(org) != 0 {
		t.Errorf("Dan: %s %s %v", role, may, org)
	}
	if role, may, _ := mayIn(e.olga); role != "admin" || may != "team.manage,team.invite,override.create,swap.request,alert.act,incident.manage,load.manage" {
		t.Errorf("Olga: %s %s", role, may)
	}
	if role, may, org := mayIn(e.admin); role != "" || may != "team.manage,team.invite,override.create,alert.act,incident.manage,load.manage" || len(org) != 1 || org[0] != "org.manage" {
		t.Errorf("the org admin: %s %s %v", role, may, org)
	}
	if role, may, _ := mayIn(e.out); role != "" || may != "" {
		t.Errorf("an outsider: %s %s", role, may)
	}
}
