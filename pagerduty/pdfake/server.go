package pdfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Accept is the media type go-pagerduty asks for; the fake answers 406 to
// any other.
const Accept = "application/vnd.pagerduty+json;version=2"

// DefaultLimit and MaxLimit are PagerDuty's page sizes: 25 when limit is
// not given, at most 100.
const (
	DefaultLimit = 25
	MaxLimit     = 100
)

// Server is the fake. Its URL serves both the REST API and the Events API
// v2 (/v2/enqueue); point go-pagerduty's WithAPIEndpoint and
// WithV2EventsAPIEndpoint at it. All methods are safe for concurrent use.
type Server struct {
	*httptest.Server

	mu        sync.Mutex
	token     string
	maxLimit  int
	users     []*User
	teams     []*Team
	schedules []*Schedule
	policies  []*EscalationPolicy
	services  []*Service
	incidents []*Incident
	throttles []*throttle
	requests  []Request
	events    []Event
	alerts    map[string]*Alert // routing key + "\x00" + dedup key
	alertKeys []string          // in order of creation
	seq       int
}

type throttle struct {
	method, path string // path "" matches every path
	left         int
	retryAfter   int // seconds; < 0 leaves the header out
}

// New starts a fake that accepts token.
func New(token string) *Server {
	s := &Server{token: token, maxLimit: MaxLimit, alerts: map[string]*Alert{}}
	s.Server = httptest.NewServer(s.routes())
	return s
}

// SetMaxLimit lowers the largest page the fake returns, so that tests see
// many pages from a small organisation.
func (s *Server) SetMaxLimit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxLimit = n
}

// Throttle makes the next n requests for method and path (path "" for
// any) answer 429 Too Many Requests with Retry-After: retryAfter seconds
// (no header when retryAfter < 0).
func (s *Server) Throttle(method, path string, n, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.throttles = append(s.throttles, &throttle{method: method, path: path, left: n, retryAfter: retryAfter})
}

// Requests returns every request received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// Events returns the events accepted so far, in order.
func (s *Server) Events() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.events)
}

// Alerts returns the alerts the Events API holds, in order of creation.
func (s *Server) Alerts() []Alert {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Alert, 0, len(s.alertKeys))
	for _, k := range s.alertKeys {
		out = append(out, *s.alerts[k])
	}
	return out
}

// AddUser adds a user.
func (s *Server) AddUser(u User) { s.mu.Lock(); defer s.mu.Unlock(); s.users = append(s.users, &u) }

// AddTeam adds a team with its members.
func (s *Server) AddTeam(t Team) { s.mu.Lock(); defer s.mu.Unlock(); s.teams = append(s.teams, &t) }

// AddSchedule adds a schedule with its layers and overrides.
func (s *Server) AddSchedule(sc Schedule) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.schedules = append(s.schedules, &sc)
}

// AddEscalationPolicy adds an escalation policy.
func (s *Server) AddEscalationPolicy(p EscalationPolicy) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.policies = append(s.policies, &p)
}

// AddService adds a service with its integrations.
func (s *Server) AddService(sv Service) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.services = append(s.services, &sv)
}

// RemoveService deletes a service, as deleting it in PagerDuty does.
func (s *Server) RemoveService(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.services = slices.DeleteFunc(s.services, func(sv *Service) bool { return sv.ID == id })
}

// AddIncident adds an incident with its log entries.
func (s *Server) AddIncident(in Incident) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.incidents = append(s.incidents, &in)
}

// Schedule returns a copy of a schedule as it stands (overrides written
// through the API included).
func (s *Server) Schedule(id string) (Schedule, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sc := s.schedule(id)
	if sc == nil {
		return Schedule{}, false
	}
	c := *sc
	c.Layers = slices.Clone(sc.Layers)
	c.Overrides = slices.Clone(sc.Overrides)
	return c, true
}

// Overrides returns a schedule's overrides, in creation order.
func (s *Server) Overrides(scheduleID string) []Override {
	sc, _ := s.Schedule(scheduleID)
	return sc.Overrides
}

// FinalSchedule renders a schedule's final schedule over [since, until),
// as GET /schedules/{id} does.
func (s *Server) FinalSchedule(scheduleID string, since, until time.Time) ([]Entry, error) {
	sc, ok := s.Schedule(scheduleID)
	if !ok {
		return nil, fmt.Errorf("no schedule %s", scheduleID)
	}
	return Render(&sc, since, until)
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	rest := func(pattern string, h func(w http.ResponseWriter, r *http.Request)) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			if !s.authorized(w, r) {
				return
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			h(w, r)
		})
	}
	rest("GET /users", s.listUsers)
	rest("GET /users/{id}", s.getUser)
	rest("GET /teams", s.listTeams)
	rest("GET /teams/{id}/members", s.listMembers)
	rest("GET /schedules", s.listSchedules)
	rest("GET /schedules/{id}", s.getSchedule)
	rest("GET /schedules/{id}/overrides", s.listOverrides)
	rest("POST /schedules/{id}/overrides", s.createOverride)
	rest("DELETE /schedules/{id}/overrides/{oid}", s.deleteOverride)
	rest("GET /escalation_policies", s.listPolicies)
	rest("GET /services", s.listServices)
	rest("GET /incidents", s.listIncidents)
	rest("GET /incidents/{id}/log_entries", s.listLogEntries)
	mux.HandleFunc("POST /v2/enqueue", s.enqueue)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if !s.authorized(w, r) {
			return
		}
		writeError(w, http.StatusNotFound, 2100, "Not Found", nil)
	})
	return s.record(mux)
}

// record logs every request with its answer and applies throttles.
func (s *Server) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		s.mu.Lock()
		var th *throttle
		for _, t := range s.throttles {
			if t.left > 0 && t.method == r.Method && (t.path == "" || t.path == r.URL.Path) {
				t.left--
				th = t
				break
			}
		}
		s.mu.Unlock()
		if th != nil {
			if th.retryAfter >= 0 {
				w.Header().Set("Retry-After", strconv.Itoa(th.retryAfter))
			}
			if r.URL.Path == "/v2/enqueue" {
				writeJSON(rec, http.StatusTooManyRequests, map[string]any{"status": "throttle event", "message": "Requests for this service are arriving too quickly.  Please retry later."})
			} else {
				writeError(rec, http.StatusTooManyRequests, 2020, "Rate Limit Exceeded", nil)
			}
		} else {
			next.ServeHTTP(rec, r)
		}
		s.mu.Lock()
		s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Status: rec.status})
		s.mu.Unlock()
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// authorized checks the REST API's token and Accept header, answering as
// PagerDuty does when they are wrong.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("Authorization") != "Token token="+s.token || s.token == "" {
		writeError(w, http.StatusUnauthorized, 2006, "Authentication failed", nil)
		return false
	}
	if r.Header.Get("Accept") != Accept {
		writeError(w, http.StatusNotAcceptable, 2001, "Invalid Input Provided", []string{"Accept must be " + Accept})
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// writeError writes PagerDuty's REST error body.
func writeError(w http.ResponseWriter, status, code int, message string, errs []string) {
	e := map[string]any{"code": code, "message": message}
	if len(errs) > 0 {
		e["errors"] = errs
	}
	writeJSON(w, status, map[string]any{"error": e})
}

// page cuts items to the request's offset and limit and writes the list
// body under key.
func (s *Server) page(w http.ResponseWriter, r *http.Request, key string, items []any) {
	q := r.URL.Query()
	limit, offset := DefaultLimit, 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, 2001, "Invalid Input Provided", []string{"limit must be a positive integer"})
			return
		}
		limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeError(w, http.StatusBadRequest, 2001, "Invalid Input Provided", []string{"offset must be a non-negative integer"})
			return
		}
		offset = n
	}
	limit = min(limit, s.maxLimit, MaxLimit)
	end := min(offset+limit, len(items))
	var slice []any
	if offset < len(items) {
		slice = items[offset:end]
	}
	if slice == nil {
		slice = []any{}
	}
	body := map[string]any{key: slice, "limit": limit, "offset": offset, "more": end < len(items), "total": nil}
	if q.Get("total") == "true" {
		body["total"] = len(items)
	}
	writeJSON(w, http.StatusOK, body)
}

func includes(r *http.Request, what string) bool {
	return slices.Contains(r.URL.Query()["include[]"], what)
}

func (s *Server) ref(kind, id, summary string) map[string]any {
	return map[string]any{"id": id, "type": kind + "_reference", "summary": summary,
		"self": s.URL + "/" + kind + "s/" + id, "html_url": "https://fake.pagerduty.com/" + kind + "s/" + id}
}

func (s *Server) user(id string) *User {
	for _, u := range s.users {
		if u.ID == id {
			return u
		}
	}
	return nil
}

func (s *Server) userRef(id string) map[string]any {
	name := "Deleted User"
	if u := s.user(id); u != nil && !u.Deleted {
		name = u.Name
	}
	return s.ref("user", id, name)
}

func (s *Server) team(id string) *Team {
	for _, t := range s.teams {
		if t.ID == id {
			return t
		}
	}
	return nil
}

func (s *Server) teamRefs(ids []string) []any {
	out := []any{}
	for _, id := range ids {
		name := ""
		if t := s.team(id); t != nil {
			name = t.Name
		}
		out = append(out, s.ref("team", id, name))
	}
	return out
}

func (s *Server) schedule(id string) *Schedule {
	for _, sc := range s.schedules {
		if sc.ID == id {
			return sc
		}
	}
	return nil
}

func (s *Server) userJSON(u *User, full bool) map[string]any {
	var cms []any
	for _, c := range u.Contacts {
		if full {
			summary := c.Label
			cms = append(cms, map[string]any{"id": c.ID, "type": c.Type, "summary": summary, "label": c.Label,
				"address": c.Address, "country_code": c.CountryCode})
		} else {
			cms = append(cms, map[string]any{"id": c.ID, "type": c.Type + "_reference", "summary": c.Label})
		}
	}
	var teams []any
	for _, t := range s.teams {
		for _, m := range t.Members {
			if m.UserID == u.ID {
				teams = append(teams, s.ref("team", t.ID, t.Name))
			}
		}
	}
	body := map[string]any{"id": u.ID, "type": "user", "summary": u.Name, "name": u.Name, "time_zone": u.TimeZone,
		"role": u.Role, "contact_methods": orEmpty(cms), "teams": orEmpty(teams),
		"self": s.URL + "/users/" + u.ID, "html_url": "https://fake.pagerduty.com/users/" + u.ID}
	// PagerDuty leaves out what a user has not got; go-pagerduty reads a
	// missing email as "".
	if u.Email != "" {
		body["email"] = u.Email
	}
	return body
}

func orEmpty(xs []any) []any {
	if xs == nil {
		return []any{}
	}
	return xs
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	full := includes(r, "contact_methods")
	var items []any
	for _, u := range s.users {
		if !u.Deleted {
			items = append(items, s.userJSON(u, full))
		}
	}
	s.page(w, r, "users", items)
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request) {
	u := s.user(r.PathValue("id"))
	if u == nil || u.Deleted {
		writeError(w, http.StatusNotFound, 2100, "Not Found", nil)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"user": s.userJSON(u, includes(r, "contact_methods"))})
}

func (s *Server) listTeams(w http.ResponseWriter, r *http.Request) {
	var items []any
	for _, t := range s.teams {
		body := map[string]any{"id": t.ID, "type": "team", "summary": t.Name, "name": t.Name, "description": t.Description,
			"self": s.URL + "/teams/" + t.ID, "html_url": "https://fake.pagerduty.com/teams/" + t.ID}
		if t.ParentID != "" {
			body["parent"] = s.ref("team", t.ParentID, "")
		}
		items = append(items, body)
	}
	s.page(w, r, "teams", items)
}

func (s *Server) listMembers(w http.ResponseWriter, r *http.Request) {
	t := s.team(r.PathValue("id"))
	if t == nil {
		writeError(w, http.StatusNotFound, 2100, "Not Found", nil)
		return
	}
	var items []any
	for _, m := range t.Members {
		items = append(items, map[string]any{"user": s.userRef(m.UserID), "role": m.Role})
	}
	s.page(w, r, "members", items)
}

func (s *Server) scheduleSummary(sc *Schedule) map[string]any {
	var users []any
	seen := map[string]bool{}
	for _, l := range sc.Layers {
		for _, id := range l.UserIDs {
			if !seen[id] {
				seen[id] = true
				users = append(users, s.userRef(id))
			}
		}
	}
	var eps []any
	for _, p := range s.policies {
		for _, rule := range p.Rules {
			if slices.ContainsFunc(rule.Targets, func(t Target) bool { return t.Type == "schedule_reference" && t.ID == sc.ID }) {
				eps = append(eps, s.ref("escalation_policy", p.ID, p.Name))
				break
			}
		}
	}
	return map[string]any{"id": sc.ID, "type": "schedule", "summary": sc.Name, "name": sc.Name, "time_zone": sc.TimeZone,
		"description": sc.Description, "users": orEmpty(users), "escalation_policies": orEmpty(eps), "teams": s.teamRefs(sc.TeamIDs),
		"self": s.URL + "/schedules/" + sc.ID, "html_url": "https://fake.pagerduty.com/schedules/" + sc.ID}
}

func (s *Server) listSchedules(w http.ResponseWriter, r *http.Request) {
	var items []any
	for _, sc := range s.schedules {
		items = append(items, s.scheduleSummary(sc))
	}
	s.page(w, r, "schedules", items)
}

// sinceUntil reads a required since/until pair (RFC 3339).
func sinceUntil(w http.ResponseWriter, r *http.Request, required bool) (since, until time.Time, ok bool) {
	q := r.URL.Query()
	if q.Get("since") == "" && q.Get("until") == "" && !required {
		return time.Time{}, time.Time{}, true
	}
	var err1, err2 error
	since, err1 = time.Parse(time.RFC3339, q.Get("since"))
	until, err2 = time.Parse(time.RFC3339, q.Get("until"))
	if err1 != nil || err2 != nil || until.Before(since) {
		writeError(w, http.StatusBadRequest, 2004, "Invalid 'since' or 'until' Parameter Values", nil)
		return since, until, false
	}
	return since, until, true
}

func (s *Server) entriesJSON(es []Entry, loc *time.Location) []any {
	out := []any{}
	for _, e := range es {
		out = append(out, map[string]any{"start": e.Start.In(loc).Format(time.RFC3339), "end": e.End.In(loc).Format(time.RFC3339),
			"user": s.userRef(e.UserID)})
	}
	return out
}

func (s *Server) getSchedule(w http.ResponseWriter, r *http.Request) {
	sc := s.schedule(r.PathValue("id"))
	if sc == nil {
		writeError(w, http.StatusNotFound, 2100, "Not Found", nil)
		return
	}
	since, until, ok := sinceUntil(w, r, false)
	if !ok {
		return
	}
	zone := sc.TimeZone
	if z := r.URL.Query().Get("time_zone"); z != "" {
		zone = z
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		writeError(w, http.StatusBadRequest, 2001, "Invalid Input Provided", []string{"unknown time_zone " + zone})
		return
	}
	body := s.scheduleSummary(sc)
	body["time_zone"] = zone
	var layers []any
	// PagerDuty lists layers most recent first: the reverse of the order
	// in which they were added, which is the order of precedence.
	for i := len(sc.Layers) - 1; i >= 0; i-- {
		l := sc.Layers[i]
		var users []any
		for _, id := range l.UserIDs {
			users = append(users, map[string]any{"user": s.userRef(id)})
		}
		var restr []any
		for _, x := range l.Restrictions {
			m := map[string]any{"type": x.Type, "start_time_of_day": x.StartTimeOfDay, "duration_seconds": x.DurationSeconds}
			if x.Type == "weekly_restriction" {
				m["start_day_of_week"] = x.StartDayOfWeek
			}
			restr = append(restr, m)
		}
		var end any
		if !l.End.IsZero() {
			end = l.End.In(loc).Format(time.RFC3339)
		}
		layers = append(layers, map[string]any{"id": l.ID, "name": l.Name, "start": l.Start.In(loc).Format(time.RFC3339), "end": end,
			"rotation_virtual_start":       l.RotationVirtualStart.In(loc).Format(time.RFC3339),
			"rotation_turn_length_seconds": l.TurnLengthSeconds, "users": orEmpty(users), "restrictions": orEmpty(restr),
			"rendered_schedule_entries": []any{}, "rendered_coverage_percentage": nil})
	}
	body["schedule_layers"] = orEmpty(layers)
	final, overrides := []any{}, []any{}
	if !since.IsZero() {
		es, err := Render(sc, since, until)
		if err != nil {
			writeError(w, http.StatusBadRequest, 2005, "Invalid Query Date Range", []string{err.Error()})
			return
		}
		final = s.entriesJSON(es, loc)
		var os []Entry
		for _, o := range sc.Overrides {
			if o.Start.Before(until) && o.End.After(since) {
				os = append(os, Entry{Start: maxTime(o.Start, since), End: minTime(o.End, until), UserID: o.UserID})
			}
		}
		overrides = s.entriesJSON(os, loc)
	}
	body["overrides_subschedule"] = map[string]any{"name": "Overrides", "rendered_schedule_entries": overrides}
	body["final_schedule"] = map[string]any{"name": "Final Schedule", "rendered_schedule_entries": final}
	writeJSON(w, http.StatusOK, map[string]any{"schedule": body})
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func (s *Server) overrideJSON(o Override, loc *time.Location) map[string]any {
	return map[string]any{"id": o.ID, "type": "override", "start": o.Start.In(loc).Format(time.RFC3339),
		"end": o.End.In(loc).Format(time.RFC3339), "user": s.userRef(o.UserID)}
}

func (s *Server) listOverrides(w http.ResponseWriter, r *http.Request) {
	sc := s.schedule(r.PathValue("id"))
	if sc == nil {
		writeError(w, http.StatusNotFound, 2100, "Not Found", nil)
		return
	}
	since, until, ok := sinceUntil(w, r, true)
	if !ok {
		return
	}
	loc, _ := time.LoadLocation(sc.TimeZone)
	out := []any{}
	for _, o := range sc.Overrides {
		if o.Start.Before(until) && o.End.After(since) {
			out = append(out, s.overrideJSON(o, loc))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"overrides": out, "limit": len(out), "offset": 0, "more": false, "total": nil})
}

func (s *Server) createOverride(w http.ResponseWriter, r *http.Request) {
	sc := s.schedule(r.PathValue("id"))
	if sc == nil {
		writeError(w, http.StatusNotFound, 2100, "Not Found", nil)
		return
	}
	var body struct {
		Override *struct {
			Start string `json:"start"`
			End   string `json:"end"`
			User  struct {
				ID   string `json:"id"`
				Type string `json:"type"`
			} `json:"user"`
		} `json:"override"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&body); err != nil || body.Override == nil {
		writeError(w, http.StatusBadRequest, 2001, "Invalid Input Provided", []string{"Override must be an object"})
		return
	}
	o := body.Override
	var errs []string
	start, err1 := time.Parse(time.RFC3339, o.Start)
	end, err2 := time.Parse(time.RFC3339, o.End)
	if err1 != nil {
		errs = append(errs, "Start must be a valid date")
	}
	if err2 != nil {
		errs = append(errs, "End must be a valid date")
	}
	if err1 == nil && err2 == nil && !end.After(start) {
		errs = append(errs, "End must be after start")
	}
	if u := s.user(o.User.ID); u == nil || u.Deleted || (o.User.Type != "user_reference" && o.User.Type != "user") {
		errs = append(errs, "User must be a valid user reference")
	}
	if len(errs) > 0 {
		writeError(w, http.StatusBadRequest, 2001, "Invalid Input Provided", errs)
		return
	}
	s.seq++
	ov := Override{ID: fmt.Sprintf("PO%05d", s.seq), Start: start, End: end, UserID: o.User.ID}
	sc.Overrides = append(sc.Overrides, ov)
	loc, _ := time.LoadLocation(sc.TimeZone)
	writeJSON(w, http.StatusCreated, map[string]any{"override": s.overrideJSON(ov, loc)})
}

func (s *Server) deleteOverride(w http.ResponseWriter, r *http.Request) {
	sc := s.schedule(r.PathValue("id"))
	if sc == nil {
		writeError(w, http.StatusNotFound, 2100, "Not Found", nil)
		return
	}
	i := slices.IndexFunc(sc.Overrides, func(o Override) bool { return o.ID == r.PathValue("oid") })
	if i < 0 {
		writeError(w, http.StatusNotFound, 2100, "Not Found", nil)
		return
	}
	sc.Overrides = slices.Delete(sc.Overrides, i, i+1)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listPolicies(w http.ResponseWriter, r *http.Request) {
	var items []any
	for _, p := range s.policies {
		var rules []any
		for _, rule := range p.Rules {
			var targets []any
			for _, t := range rule.Targets {
				kind := strings.TrimSuffix(t.Type, "_reference")
				name := ""
				switch kind {
				case "user":
					name = s.userRef(t.ID)["summary"].(string)
				case "schedule":
					if sc := s.schedule(t.ID); sc != nil {
						name = sc.Name
					}
				}
				targets = append(targets, s.ref(kind, t.ID, name))
			}
			rules = append(rules, map[string]any{"id": rule.ID, "escalation_delay_in_minutes": rule.DelayMinutes, "targets": orEmpty(targets)})
		}
		var svcs []any
		for _, sv := range s.services {
			if sv.EscalationPolicyID == p.ID {
				svcs = append(svcs, s.ref("service", sv.ID, sv.Name))
			}
		}
		items = append(items, map[string]any{"id": p.ID, "type": "escalation_policy", "summary": p.Name, "name": p.Name,
			"description": p.Description, "num_loops": p.NumLoops, "escalation_rules": orEmpty(rules),
			"services": orEmpty(svcs), "teams": s.teamRefs(p.TeamIDs), "on_call_handoff_notifications": "if_has_services",
			"self": s.URL + "/escalation_policies/" + p.ID, "html_url": "https://fake.pagerduty.com/escalation_policies/" + p.ID})
	}
	s.page(w, r, "escalation_policies", items)
}

func urgencyType(u string) map[string]any {
	return map[string]any{"type": "constant", "urgency": u}
}

func (s *Server) listServices(w http.ResponseWriter, r *http.Request) {
	full := includes(r, "integrations")
	var items []any
	for _, sv := range s.services {
		var ints []any
		for _, in := range sv.Integrations {
			if !full {
				ints = append(ints, map[string]any{"id": in.ID, "type": in.Type + "_reference", "summary": in.Name})
				continue
			}
			m := map[string]any{"id": in.ID, "type": in.Type, "summary": in.Name, "name": in.Name,
				"service": s.ref("service", sv.ID, sv.Name)}
			if in.Key != "" {
				m["integration_key"] = in.Key
			}
			if in.Email != "" {
				m["integration_email"] = in.Email
			}
			if in.Vendor != "" {
				m["vendor"] = map[string]any{"id": "PV" + in.ID, "type": "vendor_reference", "summary": in.Vendor}
			}
			ints = append(ints, m)
		}
		rule := map[string]any{"type": sv.UrgencyRule.Type}
		switch sv.UrgencyRule.Type {
		case "constant":
			rule["urgency"] = sv.UrgencyRule.Urgency
		case "use_support_hours":
			rule["during_support_hours"] = urgencyType(sv.UrgencyRule.During)
			rule["outside_support_hours"] = urgencyType(sv.UrgencyRule.Outside)
		}
		epName := ""
		for _, p := range s.policies {
			if p.ID == sv.EscalationPolicyID {
				epName = p.Name
			}
		}
		body := map[string]any{"id": sv.ID, "type": "service", "summary": sv.Name, "name": sv.Name, "description": sv.Description,
			"status": "active", "escalation_policy": s.ref("escalation_policy", sv.EscalationPolicyID, epName),
			"teams": s.teamRefs(sv.TeamIDs), "integrations": orEmpty(ints), "incident_urgency_rule": rule,
			"acknowledgement_timeout": sv.AckTimeout, "auto_resolve_timeout": sv.AutoResolveTimeout,
			"alert_creation": "create_alerts_and_incidents", "scheduled_actions": []any{}, "support_hours": nil,
			"self": s.URL + "/services/" + sv.ID, "html_url": "https://fake.pagerduty.com/services/" + sv.ID}
		if h := sv.SupportHours; h != nil {
			body["support_hours"] = map[string]any{"type": "fixed_time_per_day", "time_zone": h.TimeZone,
				"days_of_week": h.DaysOfWeek, "start_time": h.StartTime, "end_time": h.EndTime}
		}
		if sv.ScheduledActions {
			body["scheduled_actions"] = []any{map[string]any{"type": "urgency_change",
				"at": map[string]any{"type": "named_time", "name": "support_hours_start"}, "to_urgency": "high"}}
		}
		items = append(items, body)
	}
	s.page(w, r, "services", items)
}

func (s *Server) listIncidents(w http.ResponseWriter, r *http.Request) {
	since, until, ok := sinceUntil(w, r, false)
	if !ok {
		return
	}
	var items []any
	for _, in := range s.incidents {
		if !since.IsZero() && (in.CreatedAt.Before(since) || !in.CreatedAt.Before(until)) {
			continue
		}
		svcName := ""
		for _, sv := range s.services {
			if sv.ID == in.ServiceID {
				svcName = sv.Name
			}
		}
		items = append(items, map[string]any{"id": in.ID, "type": "incident", "summary": fmt.Sprintf("[#%d] %s", in.Number, in.Title),
			"incident_number": in.Number, "title": in.Title, "status": in.Status, "urgency": in.Urgency,
			"incident_key": in.IncidentKey, "created_at": in.CreatedAt.UTC().Format(time.RFC3339),
			"service": s.ref("service", in.ServiceID, svcName),
			"self":    s.URL + "/incidents/" + in.ID, "html_url": "https://fake.pagerduty.com/incidents/" + in.ID})
	}
	s.page(w, r, "incidents", items)
}

func (s *Server) listLogEntries(w http.ResponseWriter, r *http.Request) {
	var in *Incident
	for _, x := range s.incidents {
		if x.ID == r.PathValue("id") {
			in = x
		}
	}
	if in == nil {
		writeError(w, http.StatusNotFound, 2100, "Not Found", nil)
		return
	}
	var items []any
	for _, e := range in.LogEntries {
		m := map[string]any{"id": e.ID, "type": e.Type, "summary": e.Summary, "created_at": e.CreatedAt.UTC().Format(time.RFC3339),
			"incident": s.ref("incident", in.ID, in.Title), "service": s.ref("service", in.ServiceID, ""),
			"agent": map[string]any{"type": "service_reference", "id": in.ServiceID}, "channel": map[string]any{"type": "auto"},
			"self": s.URL + "/log_entries/" + e.ID}
		if e.UserID != "" {
			m["user"] = s.userRef(e.UserID)
		}
		if e.Type == "notify_log_entry" {
			m["channel"] = map[string]any{"type": "auto", "notification": map[string]any{"type": e.Notification, "address": e.Address, "status": e.Status}}
		}
		items = append(items, m)
	}
	s.page(w, r, "log_entries", items)
}
