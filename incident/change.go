package incident

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rotaoncall/rota"
)

// Limits on change events. The body limit is the alert intake's.
const (
	MaxChangeBody    = 512 << 10
	MaxChangeSummary = 1024
	MaxChangeSource  = 255
	MaxRoutingKey    = 255
	MaxChangeLinks   = 50
	MaxLinkText      = 1024
	MaxURL           = 2048
)

// Link is a link carried by a change event.
type Link struct {
	Href string
	Text string
}

// Image is an image carried by a change event.
type Image struct {
	Src  string
	Href string
	Alt  string
}

// Change is one change event (a deploy) of one service.
type Change struct {
	ID        int64
	ServiceID int64
	Summary   string
	Source    string
	// Timestamp is when the change happened: the event's own timestamp,
	// or the instant Rota received it when the event has none. UTC.
	Timestamp time.Time
	// CommittedAt is custom_details.committed_at when given: the commit's
	// instant, from which lead time runs. UTC.
	CommittedAt *time.Time
	// CustomDetails is the event's custom_details object as sent, or nil.
	CustomDetails json.RawMessage
	Links         []Link
	Images        []Image
	ReceivedAt    time.Time
}

// LeadTime returns the time from commit to deploy, and false when the
// change does not say when it was committed.
func (c Change) LeadTime() (time.Duration, bool) {
	if c.CommittedAt == nil {
		return 0, false
	}
	return c.Timestamp.Sub(*c.CommittedAt), true
}

// ChangeEventError lists every problem of a change event, so that the
// PagerDuty-compatible endpoint can answer with all of them as PagerDuty
// does. Its code is rota.EInvalid and its field the first problem's;
// errors.As finds the first problem as a *rota.Error.
type ChangeEventError struct {
	Problems []*rota.Error
}

func (e *ChangeEventError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "; ")
}

// ErrorCode returns rota.EInvalid.
func (e *ChangeEventError) ErrorCode() string { return rota.EInvalid }

// ErrorField names the first field at fault.
func (e *ChangeEventError) ErrorField() string { return e.Problems[0].Field }

// ErrorMessage returns the first problem's message, safe to show a user.
func (e *ChangeEventError) ErrorMessage() string { return e.Problems[0].Message }

// Unwrap returns the problems.
func (e *ChangeEventError) Unwrap() []error {
	out := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p
	}
	return out
}

// changeEvent is the wire format of PagerDuty's Change Events API.
// Unknown fields are ignored, as PagerDuty does, so that any tool that
// sends to PagerDuty can send to Rota.
type changeEvent struct {
	RoutingKey *string         `json:"routing_key"`
	Payload    *changePayload  `json:"payload"`
	Links      json.RawMessage `json:"links"`
	Images     json.RawMessage `json:"images"`
}

type changePayload struct {
	Summary       *string         `json:"summary"`
	Timestamp     *string         `json:"timestamp"`
	Source        *string         `json:"source"`
	CustomDetails json.RawMessage `json:"custom_details"`
}

// ParseChangeEvent reads a PagerDuty Change Events v2 body
// (POST /v2/change/enqueue), or the same payload sent to
// /api/v1/integrations/{key}/change. pathKey is the key from the path, or
// "" for the PagerDuty endpoint, where routing_key is required; with a
// path key, routing_key may be left out but must match when given.
// receivedAt is the instant the event arrived; it stands in for a missing
// payload.timestamp. It returns the integration key and the change
// (ServiceID unset: the key names the service). Every problem is reported,
// each naming its field: key (the path's), routing_key, payload, payload.summary,
// payload.timestamp, payload.source, payload.custom_details,
// payload.custom_details.committed_at, links, links[i].href,
// links[i].text, images, images[i].src, images[i].href, images[i].alt.
// A body over MaxChangeBody is rota.ETooLarge.
func ParseChangeEvent(body []byte, pathKey string, receivedAt time.Time) (key string, c Change, err error) {
	if len(body) > MaxChangeBody {
		return "", Change{}, &rota.Error{Code: rota.ETooLarge, Field: "body", Message: fmt.Sprintf("a change event is at most %d bytes", MaxChangeBody)}
	}
	var probs []*rota.Error
	bad := func(field, format string, args ...any) { probs = append(probs, rota.Invalid(field, format, args...)) }
	var ev changeEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		return "", Change{}, &ChangeEventError{Problems: []*rota.Error{jsonProblem(err)}}
	}
	c.ReceivedAt = receivedAt.UTC()

	pathKey = strings.TrimSpace(pathKey)
	if ev.RoutingKey != nil {
		key = strings.TrimSpace(*ev.RoutingKey)
	}
	switch {
	case pathKey != "" && !validKey(pathKey):
		bad("key", "the integration key in the URL is not a valid key")
	case pathKey != "" && key != "" && key != pathKey:
		bad("routing_key", "routing_key does not match the integration key in the URL")
	case pathKey != "":
		key = pathKey
	case key == "":
		bad("routing_key", "routing_key is missing or blank")
	case len(key) > MaxRoutingKey:
		bad("routing_key", "routing_key is longer than %d characters", MaxRoutingKey)
	case !validKey(key):
		bad("routing_key", "routing_key may not contain spaces or control characters")
	}

	if ev.Payload == nil {
		bad("payload", "payload is missing")
	} else {
		p := ev.Payload
		if p.Summary != nil {
			c.Summary = strings.TrimSpace(*p.Summary)
		}
		switch {
		case c.Summary == "":
			bad("payload.summary", "payload.summary is missing or blank")
		case utf8.RuneCountInString(c.Summary) > MaxChangeSummary:
			bad("payload.summary", "payload.summary is longer than %d characters", MaxChangeSummary)
		}
		if p.Source != nil {
			c.Source = strings.TrimSpace(*p.Source)
			if utf8.RuneCountInString(c.Source) > MaxChangeSource {
				bad("payload.source", "payload.source is longer than %d characters", MaxChangeSource)
			}
		}
		c.Timestamp = c.ReceivedAt
		if p.Timestamp != nil && strings.TrimSpace(*p.Timestamp) != "" {
			if t, ok := parseInstant(*p.Timestamp); ok {
				c.Timestamp = t
			} else {
				bad("payload.timestamp", "payload.timestamp must be an RFC 3339 instant, like 2026-03-02T14:05:00Z")
			}
		}
		if d := bytes.TrimSpace(p.CustomDetails); len(d) > 0 && !bytes.Equal(d, []byte("null")) {
			var details map[string]json.RawMessage
			if d[0] != '{' || json.Unmarshal(d, &details) != nil {
				bad("payload.custom_details", "payload.custom_details must be a JSON object")
			} else {
				c.CustomDetails = json.RawMessage(slices.Clone(d))
				if raw, ok := details["committed_at"]; ok && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
					var s string
					t, ok := time.Time{}, false
					if json.Unmarshal(raw, &s) == nil {
						t, ok = parseInstant(s)
					}
					switch {
					case !ok:
						bad("payload.custom_details.committed_at", "committed_at must be an RFC 3339 instant, like 2026-03-02T13:40:00Z")
					case !c.Timestamp.IsZero() && t.After(c.Timestamp):
						bad("payload.custom_details.committed_at", "committed_at is after the change's timestamp")
					default:
						c.CommittedAt = &t
					}
				}
			}
		}
	}

	if ev.Payload != nil && c.Timestamp.IsZero() {
		bad("payload.timestamp", "payload.timestamp is required when the receiving instant is unknown")
	}
	c.Links = parseLinks(ev.Links, bad)
	c.Images = parseImages(ev.Images, bad)
	if len(probs) > 0 {
		return key, Change{}, &ChangeEventError{Problems: probs}
	}
	return key, c, nil
}

// validKey reports whether an integration key is printable text without
// spaces, as every key Rota or PagerDuty issues is.
func validKey(k string) bool {
	if k == "" || len(k) > MaxRoutingKey || !utf8.ValidString(k) {
		return false
	}
	for _, r := range k {
		if r <= ' ' || r == 0x7f || r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

func parseInstant(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil || t.Year() < 1970 || t.Year() > 9999 {
		return time.Time{}, false
	}
	return t.UTC(), true
}

func parseLinks(raw json.RawMessage, bad func(string, string, ...any)) []Link {
	var items []map[string]json.RawMessage
	if !decodeArray(raw, "links", &items, bad) {
		return nil
	}
	out := make([]Link, 0, len(items))
	for i, it := range items {
		f := fmt.Sprintf("links[%d]", i)
		href, ok1 := stringField(it, "href", f, bad)
		text, ok2 := stringField(it, "text", f, bad)
		if !ok1 || !ok2 {
			continue
		}
		if href == "" {
			bad(f+".href", "%s.href is required", f)
			continue
		}
		if !webURL(href) {
			bad(f+".href", "%s.href must be an http or https URL", f)
			continue
		}
		if utf8.RuneCountInString(text) > MaxLinkText {
			bad(f+".text", "%s.text is longer than %d characters", f, MaxLinkText)
			continue
		}
		out = append(out, Link{Href: href, Text: text})
	}
	return out
}

func parseImages(raw json.RawMessage, bad func(string, string, ...any)) []Image {
	var items []map[string]json.RawMessage
	if !decodeArray(raw, "images", &items, bad) {
		return nil
	}
	out := make([]Image, 0, len(items))
	for i, it := range items {
		f := fmt.Sprintf("images[%d]", i)
		src, ok1 := stringField(it, "src", f, bad)
		href, ok2 := stringField(it, "href", f, bad)
		alt, ok3 := stringField(it, "alt", f, bad)
		if !ok1 || !ok2 || !ok3 {
			continue
		}
		switch {
		case src == "":
			bad(f+".src", "%s.src is required", f)
		case !webURL(src):
			bad(f+".src", "%s.src must be an http or https URL", f)
		case href != "" && !webURL(href):
			bad(f+".href", "%s.href must be an http or https URL", f)
		case utf8.RuneCountInString(alt) > MaxLinkText:
			bad(f+".alt", "%s.alt is longer than %d characters", f, MaxLinkText)
		default:
			out = append(out, Image{Src: src, Href: href, Alt: alt})
		}
	}
	return out
}

// decodeArray decodes an optional array of objects; false when absent or
// bad (and then bad was told).
func decodeArray(raw json.RawMessage, field string, into *[]map[string]json.RawMessage, bad func(string, string, ...any)) bool {
	r := bytes.TrimSpace(raw)
	if len(r) == 0 || bytes.Equal(r, []byte("null")) {
		return false
	}
	if r[0] != '[' {
		bad(field, "%s must be an array of objects", field)
		return false
	}
	var items []json.RawMessage
	if json.Unmarshal(r, &items) != nil {
		bad(field, "%s must be an array of objects", field)
		return false
	}
	if len(items) > MaxChangeLinks {
		bad(field, "at most %d %s", MaxChangeLinks, field)
		return false
	}
	out := make([]map[string]json.RawMessage, len(items))
	ok := true
	for i, it := range items {
		t := bytes.TrimSpace(it)
		if len(t) == 0 || t[0] != '{' || json.Unmarshal(t, &out[i]) != nil {
			bad(fmt.Sprintf("%s[%d]", field, i), "%s[%d] must be an object", field, i)
			ok = false
		}
	}
	*into = out
	return ok
}

// stringField reads an optional string member of an object.
func stringField(obj map[string]json.RawMessage, name, prefix string, bad func(string, string, ...any)) (string, bool) {
	raw, ok := obj[name]
	if !ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return "", true
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		bad(prefix+"."+name, "%s.%s must be a string", prefix, name)
		return "", false
	}
	return strings.TrimSpace(s), true
}

func webURL(s string) bool {
	if len(s) > MaxURL {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// jsonProblem names the field of a JSON decoding error.
func jsonProblem(err error) *rota.Error {
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
	}
	return rota.Invalid("body", "the body must be a JSON object")
}

// SuspectWindow is how long before an incident's start a change is a
// suspect.
const SuspectWindow = 24 * time.Hour

// IsSuspect reports whether a change at the instant deployed is a suspect
// for an incident started at the instant started: in the closed window
// [started − SuspectWindow, started]. A change in the same instant as the
// start is the likeliest suspect of all; one after the start is not.
func IsSuspect(deployed, started time.Time) bool {
	return !deployed.After(started) && !deployed.Before(started.Add(-SuspectWindow))
}

// Suspects returns the changes of the incident's services that are
// suspects (IsSuspect of its StartedAt), newest first; changes at the same
// instant keep the highest ID (the one recorded last) first.
func Suspects(inc Incident, changes []Change) []Change {
	var out []Change
	for _, c := range changes {
		if slices.Contains(inc.Services, c.ServiceID) && IsSuspect(c.Timestamp, inc.StartedAt) {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b Change) int {
		if c := b.Timestamp.Compare(a.Timestamp); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	return out
}

// SuspectEntries returns the change_deployed entries to append for the
// incident's suspects that its timeline does not record yet, oldest first.
// Call it when an incident opens, when a service is linked and when
// started_at is edited; an entry already written stays even when an edit
// moves its change out of the window, since the timeline is append-only.
func SuspectEntries(inc Incident, timeline []Entry, changes []Change) []Entry {
	have := map[int64]bool{}
	for _, e := range timeline {
		if e.Kind == KindChangeDeployed {
			have[e.ChangeID] = true
		}
	}
	s := Suspects(inc, changes)
	var out []Entry
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c.ID <= 0 || have[c.ID] {
			continue
		}
		have[c.ID] = true
		out = append(out, Entry{At: c.Timestamp.UTC(), Kind: KindChangeDeployed, ChangeID: c.ID, ServiceID: c.ServiceID, Text: c.Summary})
	}
	return out
}
