package pagerduty

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	pd "github.com/PagerDuty/go-pagerduty"

	"github.com/rotaoncall/rota/paging"
)

// Sender forwards pages to PagerDuty through the Events API v2, so that a
// team still notified by PagerDuty gets Rota's pages there: a page for a
// triggered alert triggers an event whose dedup key is Rota's alert id
// (repeats and further pages fold into one PagerDuty alert), and the
// alert's acknowledgement and resolution follow with Acknowledge and
// Resolve. Build its Client with MaxRetries -1: the outbox retries, and a
// throttled send comes back as a paging.Retryable error carrying
// PagerDuty's Retry-After.
type Sender struct {
	client     *Client
	routingKey string
}

var _ paging.Sender = (*Sender)(nil)

// NewSender returns a Sender posting to routingKey (a PagerDuty service's
// Events API v2 integration key) unless a page's Address names another.
func NewSender(c *Client, routingKey string) *Sender {
	return &Sender{client: c, routingKey: routingKey}
}

// DedupKey is the dedup key of a Rota alert's events.
func DedupKey(alertID int64) string { return "rota-alert-" + strconv.FormatInt(alertID, 10) }

// maxSummary is the Events API's limit on payload.summary, in characters.
const maxSummary = 1024

// Send implements paging.Sender. The event follows the alert's status:
// trigger while triggered, acknowledge or resolve once it is. Bundled
// pages are sent as their own events. The ref returned is the dedup key.
func (s *Sender) Send(ctx context.Context, m paging.Message) (string, error) {
	ref, err := s.send(ctx, m)
	if err != nil {
		return "", err
	}
	for _, b := range m.Bundle {
		if _, err := s.send(ctx, b); err != nil {
			return "", err
		}
	}
	return ref, nil
}

func (s *Sender) send(ctx context.Context, m paging.Message) (string, error) {
	id := m.Alert.ID
	if id == 0 {
		id = m.AlertID
	}
	key := s.routingKey
	if m.Address != "" {
		key = m.Address
	}
	switch m.Alert.Status {
	case paging.Acknowledged:
		return s.event(ctx, &pd.V2Event{RoutingKey: key, Action: "acknowledge", DedupKey: DedupKey(id)})
	case paging.Resolved:
		return s.event(ctx, &pd.V2Event{RoutingKey: key, Action: "resolve", DedupKey: DedupKey(id)})
	}
	return s.event(ctx, triggerEvent(key, id, m))
}

func triggerEvent(key string, id int64, m paging.Message) *pd.V2Event {
	a := m.Alert
	summary := strings.TrimSpace(a.Summary)
	if summary == "" {
		summary = "Rota alert " + strconv.FormatInt(id, 10)
	}
	if utf8.RuneCountInString(summary) > maxSummary {
		summary = string([]rune(summary)[:maxSummary-1]) + "…"
	}
	source := a.Source
	if source == "" {
		source = "rota"
	}
	sev := string(a.Severity)
	if !paging.ValidSeverity(a.Severity) {
		sev = string(paging.Critical)
		if a.Urgency == paging.Low {
			sev = string(paging.Warning)
		}
	}
	details := map[string]any{"rota_alert_id": id, "service": m.ServiceName, "step": m.Step + 1, "pass": m.Loop + 1}
	if m.UserName != "" {
		details["paged"] = m.UserName
	}
	if m.Shadow {
		details["shadow"] = true
	}
	if len(a.Labels) > 0 {
		details["labels"] = a.Labels
	}
	if a.Count > 1 {
		details["count"] = a.Count
	}
	ev := &pd.V2Event{RoutingKey: key, Action: "trigger", DedupKey: DedupKey(id), Client: "Rota",
		Payload: &pd.V2Payload{Summary: summary, Source: source, Severity: sev, Component: m.ServiceName, Details: details}}
	if !a.CreatedAt.IsZero() {
		ev.Payload.Timestamp = a.CreatedAt.UTC().Format(time.RFC3339)
	}
	if m.Link != "" {
		ev.ClientURL = m.Link
		ev.Links = []any{map[string]string{"href": m.Link, "text": "Open in Rota"}}
	}
	return ev
}

// Acknowledge forwards an alert's acknowledgement (routingKey "" for the
// sender's).
func (s *Sender) Acknowledge(ctx context.Context, routingKey string, alertID int64) error {
	return s.follow(ctx, "acknowledge", routingKey, alertID)
}

// Resolve forwards an alert's resolution (routingKey "" for the sender's).
func (s *Sender) Resolve(ctx context.Context, routingKey string, alertID int64) error {
	return s.follow(ctx, "resolve", routingKey, alertID)
}

func (s *Sender) follow(ctx context.Context, action, key string, alertID int64) error {
	if key == "" {
		key = s.routingKey
	}
	_, err := s.event(ctx, &pd.V2Event{RoutingKey: key, Action: action, DedupKey: DedupKey(alertID)})
	return err
}

// event posts one event. Throttling (429), timeouts (408), PagerDuty's
// 5xx and transport failures are retryable; any other answer is final.
func (s *Sender) event(ctx context.Context, ev *pd.V2Event) (string, error) {
	ctx, note := withWaitNote(ctx)
	resp, err := s.client.pd.ManageEventWithContext(ctx, ev)
	if err == nil {
		return resp.DedupKey, nil
	}
	var ae pd.APIError
	if !errors.As(err, &ae) {
		return "", paging.Retryable(fmt.Errorf("pagerduty: sending a %s event: %w", ev.Action, err), 0)
	}
	msg := eventErrors(note.body)
	if msg == "" {
		msg = http.StatusText(ae.StatusCode)
	}
	err = fmt.Errorf("pagerduty: %s event answered %d: %s", ev.Action, ae.StatusCode, msg)
	if ae.StatusCode == http.StatusTooManyRequests || ae.StatusCode == http.StatusRequestTimeout || ae.StatusCode >= 500 {
		return "", paging.Retryable(err, note.d)
	}
	return "", err
}

// eventErrors reads the Events API's error body: {status, message, errors}.
func eventErrors(body []byte) string {
	var e struct {
		Message string   `json:"message"`
		Errors  []string `json:"errors"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	if len(e.Errors) > 0 {
		return e.Message + ": " + strings.Join(e.Errors, "; ")
	}
	return e.Message
}
