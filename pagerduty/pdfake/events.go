package pdfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"unicode/utf8"
)

// maxEventBody is the Events API's body limit.
const maxEventBody = 512 << 10

var severities = []string{"critical", "error", "warning", "info"}

// enqueue is POST /v2/enqueue: no token, the routing key in the body.
func (s *Server) enqueue(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxEventBody))
	if err != nil {
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]any{"status": "invalid event", "message": "Request body too large"})
		return
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		invalidEvent(w, "Event object is invalid", "Request body is not a JSON object")
		return
	}
	str := func(m map[string]any, k string) (string, bool) {
		v, ok := m[k]
		if !ok || v == nil {
			return "", false
		}
		sv, isStr := v.(string)
		return sv, isStr
	}
	var errs []string
	key, ok := str(body, "routing_key")
	switch {
	case !ok || key == "":
		errs = append(errs, "'routing_key' is missing or blank")
	case len(key) != 32:
		errs = append(errs, "'routing_key' must be 32 characters")
	}
	action, _ := str(body, "event_action")
	if !slices.Contains([]string{"trigger", "acknowledge", "resolve"}, action) {
		errs = append(errs, "'event_action' is invalid (must be one of the following: 'trigger', 'acknowledge' or 'resolve')")
	}
	dedup, hasDedup := str(body, "dedup_key")
	if len(dedup) > 255 {
		errs = append(errs, "'dedup_key' is longer than 255 characters")
	}
	if (action == "acknowledge" || action == "resolve") && dedup == "" {
		errs = append(errs, "'dedup_key' is missing or blank")
	}
	if _, present := body["dedup_key"]; present && !hasDedup {
		errs = append(errs, "'dedup_key' must be a string")
	}
	var summary, source, severity string
	if action == "trigger" {
		p, _ := body["payload"].(map[string]any)
		if p == nil {
			errs = append(errs, "'payload' is missing or not an object")
		} else {
			summary, _ = str(p, "summary")
			source, _ = str(p, "source")
			severity, _ = str(p, "severity")
			if summary == "" {
				errs = append(errs, "'payload.summary' is missing or blank")
			} else if utf8.RuneCountInString(summary) > 1024 {
				errs = append(errs, "'payload.summary' is longer than 1024 characters")
			}
			if source == "" {
				errs = append(errs, "'payload.source' is missing or blank")
			}
			if !slices.Contains(severities, severity) {
				errs = append(errs, "'payload.severity' is invalid (must be one of the following: 'critical', 'warning', 'error' or 'info')")
			}
		}
	}
	if len(errs) > 0 {
		invalidEvent(w, "Event object is invalid", errs...)
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if dedup == "" {
		s.seq++
		dedup = fmt.Sprintf("%032x", s.seq)
	}
	s.events = append(s.events, Event{RoutingKey: key, Action: action, DedupKey: dedup, Summary: summary, Source: source, Severity: severity, Body: body})
	k := key + "\x00" + dedup
	a := s.alerts[k]
	switch action {
	case "trigger":
		if a == nil || a.Status == "resolved" {
			if a == nil {
				s.alertKeys = append(s.alertKeys, k)
			}
			s.alerts[k] = &Alert{RoutingKey: key, DedupKey: dedup, Status: "triggered", Summary: summary, Count: 1}
		} else {
			a.Count++
		}
	case "acknowledge":
		// With no open alert the event is accepted and dropped.
		if a != nil && a.Status == "triggered" {
			a.Status = "acknowledged"
		}
	case "resolve":
		if a != nil && a.Status != "resolved" {
			a.Status = "resolved"
		}
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"status": "success", "message": "Event processed", "dedup_key": dedup})
}

func invalidEvent(w http.ResponseWriter, msg string, errs ...string) {
	writeJSON(w, http.StatusBadRequest, map[string]any{"status": "invalid event", "message": msg, "errors": errs})
}
