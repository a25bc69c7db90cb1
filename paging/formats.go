package paging

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rotaoncall/rota"
)

// Limits on what monitors send. Each field has one cap, defined here and
// enforced for every intake format (generic, Alertmanager, PagerDuty Events
// v2) by Incoming.clean. Lengths of text are counted in characters (as
// PagerDuty counts them), details in bytes.
const (
	MaxBodyBytes   = 512 << 10
	MaxSummary     = 1024
	MaxDedupKey    = 255
	MaxSource      = 255
	MaxLabels      = 64
	MaxLabelLength = 1024     // a label's name, and its value
	MaxDetails     = 64 << 10 // the details object, as JSON
	// MaxAlerts bounds the alerts of one Alertmanager webhook; real ones
	// carry a few hundred bytes each, so a body within MaxBodyBytes holds
	// fewer.
	MaxAlerts = 5000
	// maxWebhookBytes bounds the text an Alertmanager webhook's alerts
	// carry once each has been given the group's common labels and
	// annotations: without it, a small body with large common annotations
	// and thousands of empty alerts would be gigabytes.
	maxWebhookBytes = 8 * MaxBodyBytes
)

// fieldNames say how one format names an event's fields in errors: the
// path (alerts[2].fingerprint) and what a reader calls it.
type fieldNames struct {
	dedupKey, dedupNoun string
	summary, source     string
	labels              string // label "env" is labels + ".env"
	details             string
}

// clean enforces the caps and what storage needs on an event, the same way
// for every format, and returns the first problem naming its field.
//
// Free text (summary, source, label values) loses its NUL bytes, which
// PostgreSQL cannot store in text and which no reader misses. Identifiers
// (the dedup key, label names) with a NUL byte are refused instead:
// silently changing them would merge or split alerts and change routing.
// Anything over its cap is refused; a format that derives a field rather
// than receiving it (Alertmanager's summary from annotations) cuts it to
// the cap with cut before calling clean. Details, which are JSON, keep
// their escapes (a NUL there is the six characters \u0000, which both
// databases store) and have invalid UTF-8 replaced, as encoding/json does
// for strings.
func (in *Incoming) clean(f fieldNames) error {
	if strings.IndexByte(in.DedupKey, 0) >= 0 {
		return rota.Invalid(f.dedupKey, "the %s contains a NUL byte", f.dedupNoun)
	}
	if n := utf8.RuneCountInString(in.DedupKey); n > MaxDedupKey {
		return rota.Invalid(f.dedupKey, "the %s is %d characters long; at most %d are allowed", f.dedupNoun, n, MaxDedupKey)
	}
	in.Summary = stripNUL(in.Summary)
	if n := utf8.RuneCountInString(in.Summary); n > MaxSummary {
		return rota.Invalid(f.summary, "the summary is %d characters long; at most %d are allowed", n, MaxSummary)
	}
	in.Source = stripNUL(in.Source)
	if n := utf8.RuneCountInString(in.Source); n > MaxSource {
		return rota.Invalid(f.source, "the source is %d characters long; at most %d are allowed", n, MaxSource)
	}
	if len(in.Labels) > MaxLabels {
		return rota.Invalid(f.labels, "%d labels; at most %d are allowed", len(in.Labels), MaxLabels)
	}
	for k, v := range in.Labels {
		lf := f.labels + "." + cut(stripNUL(k), 64)
		switch {
		case strings.IndexByte(k, 0) >= 0:
			return rota.Invalid(lf, "a label name contains a NUL byte")
		case utf8.RuneCountInString(k) > MaxLabelLength:
			return rota.Invalid(lf, "a label name is longer than %d characters", MaxLabelLength)
		}
		v = stripNUL(v)
		if utf8.RuneCountInString(v) > MaxLabelLength {
			return rota.Invalid(lf, "the label's value is longer than %d characters", MaxLabelLength)
		}
		in.Labels[k] = v
	}
	if len(in.Details) > MaxDetails {
		return rota.Invalid(f.details, "the details are %d bytes of JSON; at most %d are allowed", len(in.Details), MaxDetails)
	}
	if !utf8.Valid(in.Details) {
		in.Details = bytes.ToValidUTF8(in.Details, []byte("\uFFFD"))
	}
	return nil
}

// stripNUL removes NUL bytes from free text.
func stripNUL(s string) string {
	if strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\x00", "")
}

// cut shortens s to at most n characters, never splitting one.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

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
	if err := decodeJSON(body, &e, true); err != nil {
		return Incoming{}, err
	}
	in := Incoming{DedupKey: strings.TrimSpace(e.DedupKey), Summary: strings.TrimSpace(stripNUL(e.Summary)), Source: strings.TrimSpace(stripNUL(e.Source)),
		Severity: Severity(strings.ToLower(strings.TrimSpace(e.Severity))), Labels: normalizeLabels(e.Labels)}
	switch strings.ToLower(strings.TrimSpace(e.Status)) {
	case "", "firing", "trigger", "triggered":
	case "resolved", "resolve":
		in.Resolve = true
	default:
		return Incoming{}, rota.Invalid("status", "status must be firing or resolved, not %q", cut(e.Status, 64))
	}
	if in.Severity == "" {
		in.Severity = Error
	}
	if !ValidSeverity(in.Severity) {
		return Incoming{}, rota.Invalid("severity", "severity must be critical, error, warning or info, not %q", cut(e.Severity, 64))
	}
	if len(e.Details) > 0 && !bytes.Equal(bytes.TrimSpace(e.Details), []byte("null")) {
		if t := bytes.TrimSpace(e.Details); len(t) == 0 || t[0] != '{' {
			return Incoming{}, rota.Invalid("details", "details must be a JSON object")
		}
		in.Details = e.Details
	}
	if err := in.clean(genericFields); err != nil {
		return Incoming{}, err
	}
	if !in.Resolve && strings.TrimSpace(in.Summary) == "" {
		return Incoming{}, rota.Invalid("summary", "summary is required")
	}
	if in.Resolve && in.DedupKey == "" {
		return Incoming{}, rota.Invalid("dedup_key", "a resolve needs the dedup_key of the alert it resolves")
	}
	if in.DedupKey == "" {
		in.DedupKey = NewDedupKey()
	}
	return in, nil
}

var genericFields = fieldNames{dedupKey: "dedup_key", dedupNoun: "dedup key", summary: "summary", source: "source", labels: "labels", details: "details"}

// decodeJSON decodes one JSON value from body into dst, as the API's
// bindJSON does: malformed JSON, wrong types, unknown fields (when strict)
// and data after the value are errors naming the field.
func decodeJSON(body []byte, dst any, strict bool) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(dst); err != nil {
		return jsonFieldError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return rota.Invalid("body", "the body has data after the JSON value")
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
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		name = cut(name, 64)
		if name == "" {
			return rota.Invalid("body", "unknown field %q", name)
		}
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
// by fingerprint; resolved alerts resolve. err is a problem with the
// webhook as a whole. An alert with a problem of its own is refused alone,
// so that it cannot keep the rest of its group from paging: refused[i] is
// then the error naming its field (alerts[i]…) and evs[i] is empty.
func ParseAlertmanager(body []byte) (evs []Incoming, refused []error, err error) {
	var w AlertmanagerWebhook
	if err := decodeJSON(body, &w, false); err != nil {
		return nil, nil, err
	}
	if w.Version != "4" {
		return nil, nil, rota.Invalid("version", "only Alertmanager webhook version 4 is supported, not %q", cut(w.Version, 16))
	}
	if len(w.Alerts) == 0 {
		return nil, nil, rota.Invalid("alerts", "the webhook carries no alerts")
	}
	if len(w.Alerts) > MaxAlerts {
		return nil, nil, rota.Invalid("alerts", "the webhook carries %d alerts; at most %d are allowed (set max_alerts in Alertmanager's webhook configuration)", len(w.Alerts), MaxAlerts)
	}
	common := mapBytes(w.CommonLabels) + mapBytes(w.CommonAnnotations) + len(w.GroupKey) + len(w.Receiver) + 256
	budget := maxWebhookBytes
	evs, refused = make([]Incoming, len(w.Alerts)), make([]error, len(w.Alerts))
	for i, a := range w.Alerts {
		f := fmt.Sprintf("alerts[%d]", i)
		size := common + mapBytes(a.Labels) + mapBytes(a.Annotations) + len(a.GeneratorURL) + len(a.Fingerprint)
		if size > budget {
			refused[i] = rota.Invalid(f, "the webhook's alerts, each with the group's common labels and annotations, carry more than %d bytes; this one does not fit", maxWebhookBytes)
			continue
		}
		evs[i], refused[i] = amAlert(&w, a, f)
		if refused[i] != nil {
			continue
		}
		// What is stored, JSON escapes included.
		ev := &evs[i]
		stored := len(ev.DedupKey) + len(ev.Summary) + len(ev.Source) + mapBytes(ev.Labels) + len(ev.Details)
		if stored > budget {
			evs[i], refused[i] = Incoming{}, rota.Invalid(f, "the webhook's alerts, each with the group's common labels and annotations, carry more than %d bytes; this one does not fit", maxWebhookBytes)
			continue
		}
		budget -= stored
	}
	return evs, refused, nil
}

// mapBytes is the text a map of labels or annotations holds.
func mapBytes(m map[string]string) int {
	n := 0
	for k, v := range m {
		n += len(k) + len(v)
	}
	return n
}

// amAlert reads one alert of a webhook; f is its path.
func amAlert(w *AlertmanagerWebhook, a AlertmanagerItem, f string) (Incoming, error) {
	labels := map[string]string{}
	for k, v := range w.CommonLabels {
		labels[k] = stripNUL(v)
	}
	for k, v := range a.Labels {
		labels[k] = stripNUL(v)
	}
	labels = normalizeLabels(labels)
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
		return Incoming{}, rota.Invalid(f+".status", "status must be firing or resolved, not %q", cut(status, 64))
	}
	if in.DedupKey == "" {
		in.DedupKey = fingerprint(labels)
	}
	ann := map[string]string{}
	for k, v := range w.CommonAnnotations {
		ann[k] = stripNUL(v)
	}
	for k, v := range a.Annotations {
		ann[k] = stripNUL(v)
	}
	// Summary and source are derived, not sent: cut to their caps.
	in.Summary = cut(firstNonEmpty(ann["summary"], ann["description"], labels["alertname"], "Alertmanager alert"), MaxSummary)
	in.Severity = amSeverity(labels["severity"])
	in.Source = cut(firstNonEmpty(labels["instance"], labels["job"], hostOf(a.GeneratorURL), stripNUL(w.Receiver)), MaxSource)
	details := map[string]any{"annotations": ann, "starts_at": a.StartsAt, "generator_url": a.GeneratorURL, "receiver": w.Receiver, "group_key": w.GroupKey}
	if !a.EndsAt.IsZero() && a.EndsAt.Year() > 1 {
		details["ends_at"] = a.EndsAt
	}
	in.Details, _ = json.Marshal(details)
	if err := in.clean(fieldNames{dedupKey: f + ".fingerprint", dedupNoun: "fingerprint", summary: f + ".annotations.summary",
		source: f + ".labels.instance", labels: f + ".labels", details: f + ".annotations"}); err != nil {
		return Incoming{}, err
	}
	return in, nil
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
	if err := decodeJSON(body, &e, false); err != nil {
		return "", Incoming{}, []string{"Event object is not valid JSON: " + pdMessage(err)}
	}
	key = strings.TrimSpace(e.RoutingKey)
	if key == "" {
		errs = append(errs, "'routing_key' is missing or blank")
	}
	in.DedupKey = e.DedupKey
	switch e.EventAction {
	case "trigger":
		if e.Payload == nil {
			errs = append(errs, "'payload' is missing")
			break
		}
		p := e.Payload
		in.Summary, in.Source = strings.TrimSpace(stripNUL(p.Summary)), strings.TrimSpace(stripNUL(p.Source))
		in.Severity = Severity(p.Severity)
		if in.Summary == "" {
			errs = append(errs, "'payload.summary' is missing or blank")
		}
		if in.Source == "" {
			errs = append(errs, "'payload.source' is missing or blank")
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
	if err := in.clean(pdFields); err != nil {
		errs = append(errs, pdMessage(err))
	}
	if len(errs) > 0 {
		return key, Incoming{}, errs
	}
	if in.DedupKey == "" {
		in.DedupKey = NewDedupKey()
	}
	return key, in, nil
}

var pdFields = fieldNames{dedupKey: "dedup_key", dedupNoun: "dedup key", summary: "payload.summary", source: "payload.source",
	labels: "payload", details: "payload.custom_details"}

// pdMessage words an error naming a field the way PagerDuty does:
// 'payload.summary' …
func pdMessage(err error) string {
	var re *rota.Error
	if errors.As(err, &re) && re.Field != "" && re.Field != "body" {
		return "'" + re.Field + "': " + re.Message
	}
	return rota.ErrorMessage(err)
}
