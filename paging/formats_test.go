package paging

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rotaoncall/rota"
)

// fieldOf returns the field an error names ("" when it is not a rota error).
func fieldOf(err error) string {
	var re *rota.Error
	if errors.As(err, &re) {
		return re.Field
	}
	return ""
}

var hexKey = regexp.MustCompile(`^[0-9a-f]{32}$`)

func TestParseGeneric(t *testing.T) {
	for _, tc := range []struct {
		name  string
		body  string
		want  Incoming // DedupKey "*" means generated
		field string   // the error's field, when an error is wanted
	}{
		{name: "minimal", body: `{"summary": "disk full"}`, want: Incoming{DedupKey: "*", Summary: "disk full", Severity: Error, Labels: map[string]string{}}},
		{name: "everything", body: `{"summary": " disk full ", "dedup_key": " d1 ", "severity": " CRITICAL ", "source": " db-1 ", "status": "Firing",
			"details": {"used": 99}, "labels": {" env ": "prod", "": "dropped", "  ": "dropped too"}}`,
			want: Incoming{DedupKey: "d1", Summary: "disk full", Source: "db-1", Severity: Critical, Details: []byte(`{"used": 99}`), Labels: map[string]string{"env": "prod"}}},
		{name: "trigger and triggered are firing", body: `{"summary": "s", "status": "triggered"}`, want: Incoming{DedupKey: "*", Summary: "s", Severity: Error, Labels: map[string]string{}}},
		{name: "resolve", body: `{"dedup_key": "d1", "status": "RESOLVED"}`, want: Incoming{DedupKey: "d1", Severity: Error, Resolve: true, Labels: map[string]string{}}},
		{name: "resolve alias", body: `{"dedup_key": "d1", "status": "resolve"}`, want: Incoming{DedupKey: "d1", Severity: Error, Resolve: true, Labels: map[string]string{}}},
		{name: "details null", body: `{"summary": "s", "details": null}`, want: Incoming{DedupKey: "*", Summary: "s", Severity: Error, Labels: map[string]string{}}},
		{name: "NUL stripped from free text", body: `{"summary": "a\u0000b", "source": "\u0000x", "dedup_key": "k", "labels": {"env": "p\u0000rod"}}`,
			want: Incoming{DedupKey: "k", Summary: "ab", Source: "x", Severity: Error, Labels: map[string]string{"env": "prod"}}},
		{name: "summary at the cap in characters", body: `{"summary": "` + strings.Repeat("é", MaxSummary) + `", "dedup_key": "k"}`,
			want: Incoming{DedupKey: "k", Summary: strings.Repeat("é", MaxSummary), Severity: Error, Labels: map[string]string{}}},

		{name: "empty body", body: ``, field: "body"},
		{name: "not an object", body: `[1]`, field: "body"},
		{name: "malformed", body: `{"summary": `, field: "body"},
		{name: "trailing data", body: `{"summary": "s"} {}`, field: "body"},
		{name: "unknown field", body: `{"summary": "s", "sevrity": "info"}`, field: "sevrity"},
		{name: "wrong type", body: `{"summary": 5}`, field: "summary"},
		{name: "missing summary", body: `{"dedup_key": "d"}`, field: "summary"},
		{name: "blank summary", body: `{"summary": " \u0000 "}`, field: "summary"},
		{name: "bad status", body: `{"summary": "s", "status": "burning"}`, field: "status"},
		{name: "bad severity", body: `{"summary": "s", "severity": "loud"}`, field: "severity"},
		{name: "resolve without key", body: `{"status": "resolved"}`, field: "dedup_key"},
		{name: "details a list", body: `{"summary": "s", "details": [1]}`, field: "details"},
		{name: "details a string", body: `{"summary": "s", "details": "x"}`, field: "details"},
		{name: "details over the cap", body: `{"summary": "s", "details": {"x": "` + strings.Repeat("x", MaxDetails) + `"}}`, field: "details"},
		{name: "summary over the cap", body: `{"summary": "` + strings.Repeat("é", MaxSummary+1) + `"}`, field: "summary"},
		{name: "source over the cap", body: `{"summary": "s", "source": "` + strings.Repeat("s", MaxSource+1) + `"}`, field: "source"},
		{name: "dedup key over the cap", body: `{"summary": "s", "dedup_key": "` + strings.Repeat("k", MaxDedupKey+1) + `"}`, field: "dedup_key"},
		{name: "NUL in dedup key", body: `{"summary": "s", "dedup_key": "a\u0000"}`, field: "dedup_key"},
		{name: "NUL in label name", body: `{"summary": "s", "labels": {"e\u0000nv": "x"}}`, field: "labels.env"},
		{name: "label value over the cap", body: `{"summary": "s", "labels": {"env": "` + strings.Repeat("v", MaxLabelLength+1) + `"}}`, field: "labels.env"},
		{name: "too many labels", body: `{"summary": "s", "labels": {` + manyLabels(MaxLabels+1) + `}}`, field: "labels"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseGeneric([]byte(tc.body))
			if tc.field != "" {
				if err == nil || fieldOf(err) != tc.field || !rota.IsCode(err, rota.EInvalid) {
					t.Fatalf("ParseGeneric = %+v, %v; want invalid at %q", got, err, tc.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.want.DedupKey == "*" {
				if !hexKey.MatchString(got.DedupKey) {
					t.Fatalf("generated dedup key %q", got.DedupKey)
				}
				tc.want.DedupKey = got.DedupKey
			}
			sameIncoming(t, got, tc.want)
		})
	}
	a, _ := ParseGeneric([]byte(`{"summary": "s"}`))
	b, _ := ParseGeneric([]byte(`{"summary": "s"}`))
	if a.DedupKey == b.DedupKey {
		t.Fatal("two events without dedup keys got the same one")
	}
}

func manyLabels(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = `"l` + strings.Repeat("x", i) + `": "v"`
	}
	return strings.Join(parts, ", ")
}

func sameIncoming(t *testing.T, got, want Incoming) {
	t.Helper()
	g, _ := json.Marshal(struct {
		Incoming
		D string
	}{got, string(got.Details)})
	w, _ := json.Marshal(struct {
		Incoming
		D string
	}{want, string(want.Details)})
	if string(g) != string(w) {
		t.Fatalf("got  %s\nwant %s", g, w)
	}
}

func TestParseAlertmanager(t *testing.T) {
	body := `{"version": "4", "groupKey": "{}:{alertname=\"Disk\"}", "status": "firing", "receiver": "rota",
		"commonLabels": {"alertname": "Disk", "severity": "critical", "team": "payments"},
		"commonAnnotations": {"runbook": "https://runbooks/disk"},
		"alerts": [
			{"labels": {"instance": "db-1"}, "annotations": {"summary": "disk full on db-1"}, "fingerprint": "f1", "startsAt": "2026-11-23T09:00:00Z", "endsAt": "0001-01-01T00:00:00Z"},
			{"status": "resolved", "labels": {"instance": "db-2", "severity": "info"}, "annotations": {"description": "was full"}, "fingerprint": "f2",
			 "startsAt": "2026-11-23T08:00:00Z", "endsAt": "2026-11-23T09:00:00Z"},
			{"labels": {"job": "node"}, "generatorURL": "http://prom.example:9090/graph?g0.expr=x"},
			{"labels": {}, "generatorURL": "::bad"},
			{"status": "pending"},
			{"fingerprint": "` + strings.Repeat("f", MaxDedupKey+1) + `"}
		]}`
	evs, refused, err := ParseAlertmanager([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 6 || len(refused) != 6 {
		t.Fatalf("%d events, %d refusals; want one of each per alert", len(evs), len(refused))
	}
	for i, want := range []struct {
		dedup, summary, source string
		sev                    Severity
		resolve                bool
		field                  string
	}{
		{dedup: "f1", summary: "disk full on db-1", source: "db-1", sev: Critical},
		{dedup: "f2", summary: "was full", source: "db-2", sev: Info, resolve: true},
		{dedup: "(labels)", summary: "Disk", source: "node", sev: Critical},
		{dedup: "(labels)", summary: "Disk", source: "rota", sev: Critical},
		{field: "alerts[4].status"},
		{field: "alerts[5].fingerprint"},
	} {
		ev := evs[i]
		if want.field != "" {
			if fieldOf(refused[i]) != want.field {
				t.Errorf("alert %d: refused %v, want a problem at %s", i, refused[i], want.field)
			}
			continue
		}
		if refused[i] != nil {
			t.Errorf("alert %d refused: %v", i, refused[i])
			continue
		}
		if want.dedup == "(labels)" {
			want.dedup = fingerprint(ev.Labels)
		}
		if ev.DedupKey != want.dedup || ev.Summary != want.summary || ev.Source != want.source || ev.Severity != want.sev || ev.Resolve != want.resolve {
			t.Errorf("alert %d: %+v; want %+v", i, ev, want)
		}
		if ev.Labels["team"] != "payments" || ev.Labels["alertname"] != "Disk" {
			t.Errorf("alert %d: common labels not merged: %v", i, ev.Labels)
		}
		var d map[string]any
		if err := json.Unmarshal(ev.Details, &d); err != nil {
			t.Fatalf("alert %d details: %v", i, err)
		}
		if ann, _ := d["annotations"].(map[string]any); ann["runbook"] != "https://runbooks/disk" || d["receiver"] != "rota" {
			t.Errorf("alert %d details %s: common annotations and receiver missing", i, ev.Details)
		}
		if _, has := d["ends_at"]; has != (i == 1) {
			t.Errorf("alert %d details %s: ends_at only when Alertmanager sets it", i, ev.Details)
		}
	}
	if evs[2].DedupKey == evs[3].DedupKey {
		t.Error("alerts with different labels got the same derived fingerprint")
	}

	for _, tc := range []struct{ name, body, field string }{
		{"not JSON", `{`, "body"},
		{"trailing data", `{"version": "4", "alerts": [{}]}]`, "body"},
		{"old version", `{"version": "3", "alerts": [{}]}`, "version"},
		{"no alerts", `{"version": "4", "alerts": []}`, "alerts"},
		{"alerts not a list", `{"version": "4", "alerts": {}}`, "alerts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := ParseAlertmanager([]byte(tc.body)); fieldOf(err) != tc.field {
				t.Fatalf("err %v, want a problem at %s", err, tc.field)
			}
		})
	}
}

// TestAlertmanagerDerivedTextIsCut: summary and source come from
// annotations and labels and are cut to their caps at a character
// boundary rather than refused (or split inside a character, which
// PostgreSQL refuses as invalid UTF-8).
func TestAlertmanagerDerivedTextIsCut(t *testing.T) {
	long := strings.Repeat("a", MaxSummary-1) + "€€€"
	src := strings.Repeat("b", MaxSource-1) + "€€"
	body, _ := json.Marshal(map[string]any{"version": "4", "status": "firing",
		"alerts": []any{map[string]any{"labels": map[string]string{"instance": src}, "annotations": map[string]string{"summary": long}}}})
	evs, refused, err := ParseAlertmanager(body)
	if err != nil || refused[0] != nil {
		t.Fatal(err, refused[0])
	}
	ev := evs[0]
	if ev.Summary != strings.Repeat("a", MaxSummary-1)+"€" || ev.Source != strings.Repeat("b", MaxSource-1)+"€" {
		t.Fatalf("summary %d chars, source %d chars", utf8.RuneCountInString(ev.Summary), utf8.RuneCountInString(ev.Source))
	}
}

func TestAMSeverity(t *testing.T) {
	for in, want := range map[string]Severity{
		"critical": Critical, "PAGE": Critical, "p1": Critical, "fatal": Critical, "emergency": Critical,
		"error": Error, "High": Error, "major": Error, "p2": Error, "": Error,
		"warning": Warning, "p3": Warning, "whatever": Warning,
		"info": Info, "informational": Info, "none": Info, "low": Info, "p4": Info, "P5": Info,
	} {
		if got := amSeverity(in); got != want {
			t.Errorf("amSeverity(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestFingerprintIsStableAndUnambiguous(t *testing.T) {
	a := fingerprint(map[string]string{"a": "1", "b": "2"})
	if b := fingerprint(map[string]string{"b": "2", "a": "1"}); a != b {
		t.Fatal("fingerprint depends on map order")
	}
	if fingerprint(map[string]string{"a": "1b"}) == fingerprint(map[string]string{"a1": "b"}) {
		t.Fatal("names and values run together")
	}
	if len(a) != 16 {
		t.Fatalf("fingerprint %q", a)
	}
}

func TestParsePagerDuty(t *testing.T) {
	for _, tc := range []struct {
		name string
		body string
		key  string
		want Incoming // DedupKey "*" means generated
		errs []string // substrings, in order
	}{
		{name: "trigger", body: `{"routing_key": " R1 ", "event_action": "trigger", "dedup_key": "d1", "client": "mon", "client_url": "http://mon",
			"links": [{"href": "http://l"}], "payload": {"summary": " lag ", "source": " db-2 ", "severity": "warning", "component": "pg", "group": "db", "class": "repl",
			"timestamp": "2026-11-23T09:00:00Z", "custom_details": {"lag_s": 42}}}`, key: "R1",
			want: Incoming{DedupKey: "d1", Summary: "lag", Source: "db-2", Severity: Warning, Labels: map[string]string{"component": "pg", "group": "db", "class": "repl"},
				Details: []byte(`{"client":"mon","client_url":"http://mon","custom_details":{"lag_s":42},"links":[{"href":"http://l"}],"timestamp":"2026-11-23T09:00:00Z"}`)}},
		{name: "trigger without a key", body: `{"routing_key": "R1", "event_action": "trigger", "payload": {"summary": "s", "source": "x", "severity": "info"}}`, key: "R1",
			want: Incoming{DedupKey: "*", Summary: "s", Source: "x", Severity: Info, Labels: map[string]string{}}},
		{name: "acknowledge", body: `{"routing_key": "R1", "event_action": "acknowledge", "dedup_key": "d1"}`, key: "R1", want: Incoming{DedupKey: "d1", Acknowledge: true}},
		{name: "resolve", body: `{"routing_key": "R1", "event_action": "resolve", "dedup_key": "d1"}`, key: "R1", want: Incoming{DedupKey: "d1", Resolve: true}},
		{name: "unknown fields ignored", body: `{"routing_key": "R1", "event_action": "resolve", "dedup_key": "d1", "payload": null, "extra": 1}`, key: "R1", want: Incoming{DedupKey: "d1", Resolve: true}},

		{name: "not JSON", body: `{`, errs: []string{"not valid JSON"}},
		{name: "trailing data", body: `{"routing_key": "R1", "event_action": "resolve", "dedup_key": "d1"} x`, errs: []string{"after the JSON value"}},
		{name: "nothing", body: `{}`, errs: []string{"'routing_key'", "'event_action' is missing"}},
		{name: "bad action", body: `{"routing_key": "R1", "event_action": "snooze"}`, key: "R1", errs: []string{"'event_action' is invalid"}},
		{name: "no payload", body: `{"routing_key": "R1", "event_action": "trigger"}`, key: "R1", errs: []string{"'payload' is missing"}},
		{name: "empty payload", body: `{"routing_key": "R1", "event_action": "trigger", "payload": {}}`, key: "R1",
			errs: []string{"'payload.summary'", "'payload.source'", "'payload.severity'"}},
		{name: "severity is case-sensitive", body: `{"routing_key": "R1", "event_action": "trigger", "payload": {"summary": "s", "source": "x", "severity": "Info"}}`, key: "R1",
			errs: []string{"'payload.severity'"}},
		{name: "resolve without key", body: `{"routing_key": "R1", "event_action": "resolve"}`, key: "R1", errs: []string{"'dedup_key' is missing"}},
		{name: "dedup key over the cap", body: `{"routing_key": "R1", "event_action": "resolve", "dedup_key": "` + strings.Repeat("k", MaxDedupKey+1) + `"}`, key: "R1",
			errs: []string{"'dedup_key'"}},
		{name: "summary over the cap", body: `{"routing_key": "R1", "event_action": "trigger", "payload": {"summary": "` + strings.Repeat("s", MaxSummary+1) + `", "source": "x", "severity": "info"}}`,
			key: "R1", errs: []string{"'payload.summary'"}},
		{name: "component over the cap", body: `{"routing_key": "R1", "event_action": "trigger", "payload": {"summary": "s", "source": "x", "severity": "info", "component": "` +
			strings.Repeat("c", MaxLabelLength+1) + `"}}`, key: "R1", errs: []string{"'payload.component'"}},
		{name: "payload of the wrong type", body: `{"routing_key": "R1", "event_action": "trigger", "payload": "x"}`, errs: []string{"not valid JSON", "'payload'"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key, got, errs := ParsePagerDuty([]byte(tc.body))
			if key != tc.key {
				t.Errorf("routing key %q, want %q", key, tc.key)
			}
			if len(tc.errs) > 0 {
				all := strings.Join(errs, " | ")
				for _, w := range tc.errs {
					if !strings.Contains(all, w) {
						t.Fatalf("errors %q lack %q", errs, w)
					}
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("errors %q", errs)
			}
			if tc.want.DedupKey == "*" {
				if !hexKey.MatchString(got.DedupKey) {
					t.Fatalf("generated dedup key %q", got.DedupKey)
				}
				tc.want.DedupKey = got.DedupKey
			}
			sameIncoming(t, got, tc.want)
		})
	}
}

func TestCut(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"", 3, ""}, {"abc", 3, "abc"}, {"abcd", 3, "abc"}, {"€€€€", 3, "€€€"}, {"a€b", 2, "a€"}, {"€", 0, ""},
	} {
		if got := cut(tc.in, tc.n); got != tc.want {
			t.Errorf("cut(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

func TestUrgencyOf(t *testing.T) {
	for _, tc := range []struct {
		rule UrgencyRule
		sev  Severity
		want Urgency
	}{
		{UrgencyHigh, Info, High}, {UrgencyLow, Critical, Low},
		{UrgencyFromSeverity, Critical, High}, {UrgencyFromSeverity, Error, High}, {UrgencyFromSeverity, "", High},
		{UrgencyFromSeverity, Warning, Low}, {UrgencyFromSeverity, Info, Low},
		{"", Critical, High}, {"", Info, Low},
	} {
		if got := UrgencyOf(tc.rule, tc.sev); got != tc.want {
			t.Errorf("UrgencyOf(%q, %q) = %s, want %s", tc.rule, tc.sev, got, tc.want)
		}
	}
}

// TestAlertmanagerAmplificationBounded: common labels and annotations are
// copied into every alert, so a small body could describe gigabytes
// (found by FuzzParseAlertmanager). Alerts past the webhook's budget are
// refused one by one, naming them, and a webhook of more than MaxAlerts is
// refused whole.
func TestAlertmanagerAmplificationBounded(t *testing.T) {
	alerts := make([]string, 2000)
	for i := range alerts {
		alerts[i] = `{"fingerprint": "f` + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + `"}`
	}
	body := `{"version": "4", "status": "firing", "commonAnnotations": {"description": "` + strings.Repeat("d", 60_000) + `"}, "alerts": [` + strings.Join(alerts, ",") + `]}`
	if len(body) > MaxBodyBytes {
		t.Fatalf("the body (%d bytes) must fit the intake's limit", len(body))
	}
	evs, refused, err := ParseAlertmanager([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	stored, n := 0, 0
	for i := range evs {
		if refused[i] == nil {
			ev := evs[i]
			stored += len(ev.DedupKey) + len(ev.Summary) + len(ev.Source) + len(ev.Details)
			for k, v := range ev.Labels {
				stored += len(k) + len(v)
			}
			n++
		} else if fieldOf(refused[i]) != fmt.Sprintf("alerts[%d]", i) {
			t.Fatalf("refusal %v does not name alerts[%d]", refused[i], i)
		}
	}
	if n == 0 || n == len(evs) || stored > maxWebhookBytes {
		t.Fatalf("%d of %d alerts accepted carrying %d bytes; want some, not all, within %d", n, len(evs), stored, maxWebhookBytes)
	}
	many := `{"version": "4", "status": "firing", "alerts": [` + strings.Repeat(`{},`, MaxAlerts) + `{}]}`
	if _, _, err := ParseAlertmanager([]byte(many)); fieldOf(err) != "alerts" {
		t.Fatalf("%d alerts: %v", MaxAlerts+1, err)
	}
}
