package paging

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/rotaoncall/rota"
)

// Limits on what monitors send.
const (
	MaxBodyBytes   = 512 << 10
	MaxSummary     = 1024
	MaxDedupKey    = 255
	MaxSource      = 255
	MaxLabels      = 64
	maxLabelLength = 1024
)

// NewDedupKey returns a random dedup key for events that bring none.
func NewDedupKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// GenericEvent is the body of the generic webhook.
type GenericEvent struct {
	Summary  string            `json:"summary"`
	DedupKey string            `json:"dedup_key"`
	Severity string            `json:"severity"`
	Source   string            `json:"source"`
	Status   string            `json:"status"`
	Details  json.RawMessage   `json:"details"`
	Labels   map[string]string `json:"labels"`
}

// ParseGeneric reads a generic webhook body: unknown fields, a missing
// summary or a bad status are errors naming the field.
func ParseGeneric(body []byte) (Incoming, error) {
	var e GenericEvent
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return Incoming{}, jsonFieldError(err)
	}
	in := Incoming{DedupKey: strings.TrimSpace(e.DedupKey), Summary: strings.TrimSpace(e.Summary), Source: strings.TrimSpace(e.Source),
		Severity: Severity(strings.ToLower(strings.TrimSpace(e.Severity))), Labels: normalizeLabels(e.Labels)}
	switch strings.ToLower(strings.TrimSpace(e.Status)) {
	case "", "firing", "trigger", "triggered":
	case "resolved", "resolve":
		in.Resolve = true
	default:
		return Incoming{}, rota.Invalid("status", "status must be firing or resolved, not %q", e.Status)
	}
	if in.Severity == "" {
		in.Severity = Error
	}
	if !ValidSeverity(in.Severity) {
		return Incoming{}, rota.Invalid("severity", "severity must be critical, error, warning or info, not %q", e.Severity)
	}
	if !in.Resolve && in.Summary == "" {
		return Incoming{}, rota.Invalid("summary", "summary is required")
	}
	if len(in.Summary) > MaxSummary {
		return Incoming{}, rota.Invalid("summary", "summary is longer than %d characters", MaxSummary)
	}
	if len(in.DedupKey) > MaxDedupKey {
		return Incoming{}, rota.Invalid("dedup_key", "dedup_key is longer than %d characters", MaxDedupKey)
	}
	if in.Resolve && in.DedupKey == "" {
		return Incoming{}, rota.Invalid("dedup_key", "a resolve needs the dedup_key of the alert it resolves")
	}
	if len(in.Source) > MaxSource {
		return Incoming{}, rota.Invalid("source", "source is longer than %d characters", MaxSource)
	}
	if err := checkLabels(in.Labels, "labels"); err != nil {
		return Incoming{}, err
	}
	if len(e.Details) > 0 && !bytes.Equal(bytes.TrimSpace(e.Details), []byte("null")) {
		if t := bytes.TrimSpace(e.Details); len(t) == 0 || t[0] != '{' {
			return Incoming{}, rota.Invalid("details", "details must be a JSON object")
		}
		in.Details = e.Details
	}
	if in.DedupKey == "" {
		in.DedupKey = NewDedupKey()
	}
	return in, nil
}

func checkLabels(l map[string]string, field string) error {
	if len(l) > MaxLabels {
		return rota.Invalid(field, "at most %d labels", MaxLabels)
	}
	for k, v := range l {
		if len(k) > maxLabelLength || len(v) > maxLabelLength {
			return rota.Invalid(field+"."+k, "label names and values are at most %d characters", maxLabelLength)
		}
	}
	return nil
}

// jsonFieldError names the field of a JSON decoding error.
func jsonFieldError(err error) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &syn):
		return rota.Invalid("body", "malformed JSON at byte %d: %v", syn.Offset, syn)
	case errors.As(err, &typ):
		f := typ.Field
		if f == "" {
			f = "body"
		}
		return rota.Invalid(f, "%s has the wrong type (%s)", f, typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return rota.Invalid(name, "unknown field %q", name)
	case err.Error() == "EOF":
		return rota.Invalid("body", "request body is empty; send a JSON object")
	}
	return rota.Invalid("body", "cannot read the JSON body: %v", err)
}

// AlertmanagerWebhook is Prometheus Alertmanager's webhook payload, v4.
type AlertmanagerWebhook struct {
	Version           string             `json:"version"`
	GroupKey          string             `json:"groupKey"`
	TruncatedAlerts   int                `json:"truncatedAlerts"`
	Status            string             `json:"status"`
	Receiver          string             `json:"receiver"`
	GroupLabels       map[string]string  `json:"groupLabels"`
	CommonLabels      map[string]string  `json:"commonLabels"`
	CommonAnnotations map[string]string  `json:"commonAnnotations"`
	ExternalURL       string             `json:"externalURL"`
	Alerts            []AlertmanagerItem `json:"alerts"`
}

// AlertmanagerItem is one alert in a webhook.
type AlertmanagerItem struct {
	Status       string            `json:"status"`
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     time.Time         `json:"startsAt"`
	EndsAt       time.Time         `json:"endsAt"`
	GeneratorURL string            `json:"generatorURL"`
	Fingerprint  string            `json:"fingerprint"`
}

// ParseAlertmanager turns a v4 webhook into one Incoming per alert, keyed
// by fingerprint; resolved alerts resolve.
func ParseAlertmanager(body []byte) ([]Incoming, error) {
	var w AlertmanagerWebhook
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, jsonFieldError(err)
	}
	if w.Version != "4" {
		return nil, rota.Invalid("version", "only Alertmanager webhook version 4 is supported, not %q", w.Version)
	}
	if len(w.Alerts) == 0 {
		return nil, rota.Invalid("alerts", "the webhook carries no alerts")
	}
	out := make([]Incoming, 0, len(w.Alerts))
	for i, a := range w.Alerts {
		f := fmt.Sprintf("alerts[%d]", i)
		labels := map[string]string{}
		for k, v := range w.CommonLabels {
			labels[k] = v
		}
		for k, v := range a.Labels {
			labels[k] = v
		}
		labels = normalizeLabels(labels)
		if len(labels) > MaxLabels {
			return nil, rota.Invalid(f+".labels", "at most %d labels", MaxLabels)
		}
		status := a.Status
		if status == "" {
			status = w.Status
		}
		in := Incoming{Labels: labels, DedupKey: a.Fingerprint}
		switch status {
		case "firing":
		case "resolved":
			in.Resolve = true
		default:
			return nil, rota.Invalid(f+".status", "status must be firing or resolved, not %q", status)
		}
		if in.DedupKey == "" {
			in.DedupKey = fingerprint(labels)
		}
		ann := map[string]string{}
		for k, v := range w.CommonAnnotations {
			ann[k] = v
		}
		for k, v := range a.Annotations {
			ann[k] = v
		}
		in.Summary = firstNonEmpty(ann["summary"], ann["description"], labels["alertname"], "Alertmanager alert")
		if len(in.Summary) > MaxSummary {
			in.Summary = in.Summary[:MaxSummary]
		}
		in.Severity = amSeverity(labels["severity"])
		in.Source = firstNonEmpty(labels["instance"], labels["job"], hostOf(a.GeneratorURL), w.Receiver)
		if len(in.Source) > MaxSource {
			in.Source = in.Source[:MaxSource]
		}
		details := map[string]any{"annotations": ann, "starts_at": a.StartsAt, "generator_url": a.GeneratorURL, "receiver": w.Receiver, "group_key": w.GroupKey}
		if !a.EndsAt.IsZero() && a.EndsAt.Year() > 1 {
			details["ends_at"] = a.EndsAt
		}
		in.Details, _ = json.Marshal(details)
		out = append(out, in)
	}
	return out, nil
}

// fingerprint derives a dedup key from labels, as Alertmanager would.
func fingerprint(labels map[string]string) string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		h.Write([]byte(k + "\xff" + labels[k] + "\xff"))
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

func amSeverity(s string) Severity {
	switch strings.ToLower(s) {
	case "critical", "page", "p1", "fatal", "emergency":
		return Critical
	case "error", "high", "major", "p2":
		return Error
	case "info", "informational", "none", "low", "p4", "p5":
		return Info
	case "":
		return Error
	}
	return Warning
}

func hostOf(u string) string {
	if p, err := url.Parse(u); err == nil {
		return p.Host
	}
	return ""
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// PDEvent is a PagerDuty Events API v2 event.
type PDEvent struct {
	RoutingKey  string          `json:"routing_key"`
	EventAction string          `json:"event_action"`
	DedupKey    string          `json:"dedup_key"`
	Payload     *PDPayload      `json:"payload"`
	Client      string          `json:"client"`
	ClientURL   string          `json:"client_url"`
	Links       json.RawMessage `json:"links"`
	Images      json.RawMessage `json:"images"`
}

// PDPayload is an event's payload.
type PDPayload struct {
	Summary       string          `json:"summary"`
	Source        string          `json:"source"`
	Severity      string          `json:"severity"`
	Timestamp     string          `json:"timestamp"`
	Component     string          `json:"component"`
	Group         string          `json:"group"`
	Class         string          `json:"class"`
	CustomDetails json.RawMessage `json:"custom_details"`
}

// ParsePagerDuty validates an Events API v2 body the way PagerDuty does and
// returns its routing key and the event; errs are PagerDuty-style messages
// for a 400.
func ParsePagerDuty(body []byte) (key string, in Incoming, errs []string) {
	var e PDEvent
	if err := json.Unmarshal(body, &e); err != nil {
		return "", Incoming{}, []string{"Event object is not valid JSON: " + err.Error()}
	}
	key = strings.TrimSpace(e.RoutingKey)
	if key == "" {
		errs = append(errs, "'routing_key' is missing or blank")
	}
	in.DedupKey = e.DedupKey
	if len(e.DedupKey) > MaxDedupKey {
		errs = append(errs, "'dedup_key' must be at most 255 characters")
	}
	switch e.EventAction {
	case "trigger":
		if e.Payload == nil {
			errs = append(errs, "'payload' is missing")
			break
		}
		p := e.Payload
		in.Summary, in.Source = strings.TrimSpace(p.Summary), strings.TrimSpace(p.Source)
		in.Severity = Severity(p.Severity)
		if in.Summary == "" {
			errs = append(errs, "'payload.summary' is missing or blank")
		} else if len(p.Summary) > MaxSummary {
			errs = append(errs, "'payload.summary' must be at most 1024 characters")
		}
		if in.Source == "" {
			errs = append(errs, "'payload.source' is missing or blank")
		} else if len(in.Source) > MaxSource {
			errs = append(errs, "'payload.source' must be at most 255 characters")
		}
		if !ValidSeverity(in.Severity) {
			errs = append(errs, "'payload.severity' is invalid (must be one of the following: 'critical', 'warning', 'error' or 'info')")
		}
		labels := map[string]string{}
		if p.Component != "" {
			labels["component"] = p.Component
		}
		if p.Group != "" {
			labels["group"] = p.Group
		}
		if p.Class != "" {
			labels["class"] = p.Class
		}
		in.Labels = labels
		details := map[string]any{}
		if len(p.CustomDetails) > 0 {
			details["custom_details"] = p.CustomDetails
		}
		if p.Timestamp != "" {
			details["timestamp"] = p.Timestamp
		}
		if e.Client != "" {
			details["client"] = e.Client
		}
		if e.ClientURL != "" {
			details["client_url"] = e.ClientURL
		}
		if len(e.Links) > 0 {
			details["links"] = e.Links
		}
		if len(e.Images) > 0 {
			details["images"] = e.Images
		}
		if len(details) > 0 {
			in.Details, _ = json.Marshal(details)
		}
		if in.DedupKey == "" {
			in.DedupKey = NewDedupKey()
		}
	case "acknowledge", "resolve":
		if e.DedupKey == "" {
			errs = append(errs, "'dedup_key' is missing or blank (required for "+e.EventAction+")")
		}
		in.Acknowledge = e.EventAction == "acknowledge"
		in.Resolve = e.EventAction == "resolve"
	case "":
		errs = append(errs, "'event_action' is missing or blank")
	default:
		errs = append(errs, "'event_action' is invalid (must be one of the following: 'trigger', 'acknowledge' or 'resolve')")
	}
	return key, in, errs
}
