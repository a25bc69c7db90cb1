package paging_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
)

// The fuzz targets below hold every intake format to the same contract:
// never a panic; a refusal names its field; an accepted event meets the
// caps and what storage needs (checkAccepted); and formatting an accepted
// event back into its format and parsing it again gives the same event.

// checkAccepted fails when an accepted event breaks a cap or holds text
// the database cannot store.
func checkAccepted(t *testing.T, in paging.Incoming) {
	t.Helper()
	text := func(what, s string, max int) {
		t.Helper()
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 || utf8.RuneCountInString(s) > max {
			t.Fatalf("accepted %s %q (%d characters; cap %d): not UTF-8, a NUL, or over the cap", what, s, utf8.RuneCountInString(s), max)
		}
	}
	if in.DedupKey == "" {
		t.Fatal("accepted an event without a dedup key")
	}
	text("dedup key", in.DedupKey, paging.MaxDedupKey)
	text("summary", in.Summary, paging.MaxSummary)
	text("source", in.Source, paging.MaxSource)
	if len(in.Labels) > paging.MaxLabels {
		t.Fatalf("accepted %d labels", len(in.Labels))
	}
	for k, v := range in.Labels {
		if strings.TrimSpace(k) != k || k == "" {
			t.Fatalf("accepted label name %q", k)
		}
		text("label name", k, paging.MaxLabelLength)
		text("label value", v, paging.MaxLabelLength)
	}
	if len(in.Details) > 0 {
		if len(in.Details) > paging.MaxDetails || !utf8.Valid(in.Details) || !json.Valid(in.Details) || bytes.TrimSpace(in.Details)[0] != '{' {
			t.Fatalf("accepted details %.200q: not a UTF-8 JSON object within %d bytes", in.Details, paging.MaxDetails)
		}
	}
	if in.Resolve && in.Acknowledge {
		t.Fatal("an event both resolves and acknowledges")
	}
	if !in.Resolve && !in.Acknowledge {
		if !paging.ValidSeverity(in.Severity) || strings.TrimSpace(in.Summary) == "" {
			t.Fatalf("accepted a trigger with severity %q and summary %q", in.Severity, in.Summary)
		}
	}
}

// checkRefusal fails unless err is invalid input naming a field.
func checkRefusal(t *testing.T, err error, prefix string) {
	t.Helper()
	var re *rota.Error
	if !errors.As(err, &re) || re.Code != rota.EInvalid || re.Field == "" || !strings.HasPrefix(re.Field, prefix) || re.Message == "" {
		t.Fatalf("refusal %#v does not name a field (starting %q)", err, prefix)
	}
}

func compact(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return "invalid: " + string(b)
	}
	return buf.String()
}

func FuzzParseGeneric(f *testing.F) {
	for _, s := range []string{
		`{"summary": "disk full", "dedup_key": "d1", "severity": "critical", "source": "db-1", "labels": {"env": "prod"}, "details": {"used": 99}}`,
		`{"dedup_key": "d1", "status": "resolved"}`,
		`{"summary": "a\u0000b", "labels": {" env ": "p\u0000", "": "x"}}`,
		`{"summary": "s", "dedup_key": "a\u0000"}`,
		`{"summary": "s"} {}`,
		`{"summary": "s", "details": [1]}`,
		`{"summary": "s", "details": {"k": "\ud800"}}`,
		`{"summary": 5}`,
		``, `null`, `[]`, `{"summary": "s", "extra": 1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := paging.ParseGeneric(body)
		if err != nil {
			checkRefusal(t, err, "")
			return
		}
		checkAccepted(t, in)
		status := "firing"
		if in.Resolve {
			status = "resolved"
		}
		again, err := json.Marshal(paging.GenericEvent{Summary: in.Summary, DedupKey: in.DedupKey, Severity: string(in.Severity), Source: in.Source,
			Status: status, Details: json.RawMessage(in.Details), Labels: in.Labels})
		if err != nil {
			t.Fatalf("format %+v: %v", in, err)
		}
		out, err := paging.ParseGeneric(again)
		if err != nil {
			t.Fatalf("%q parsed as %+v, formatted as %s, which is refused: %v", body, in, again, err)
		}
		if out.DedupKey != in.DedupKey || out.Summary != in.Summary || out.Source != in.Source || out.Severity != in.Severity ||
			out.Resolve != in.Resolve || !maps.Equal(out.Labels, in.Labels) || compact(out.Details) != compact(in.Details) {
			t.Fatalf("round trip changed the event:\n %+v\n %+v", in, out)
		}
	})
}

func FuzzParseAlertmanager(f *testing.F) {
	for _, s := range []string{
		`{"version": "4", "status": "firing", "receiver": "rota", "groupKey": "g", "commonLabels": {"alertname": "Disk", "severity": "critical"},
		  "commonAnnotations": {"runbook": "r"}, "alerts": [{"labels": {"instance": "db-1"}, "annotations": {"summary": "disk full"}, "fingerprint": "f1",
		  "startsAt": "2026-11-23T09:00:00Z", "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://prom:9090/graph"}]}`,
		`{"version": "4", "status": "resolved", "alerts": [{"fingerprint": "f1"}, {"status": "firing", "labels": {"a": "b"}}]}`,
		`{"version": "4", "status": "firing", "alerts": [{"fingerprint": "a\u0000"}, {"status": "pending"}, {"labels": {"x\u0000": "y"}}, {}]}`,
		`{"version": "4", "status": "firing", "alerts": [{"annotations": {"summary": "é"}, "generatorURL": "::"}]}`,
		`{"version": "4", "alerts": []}`, `{"version": "3"}`, `{"version": "4", "alerts": [null]} x`, `{"version": "4", "alerts": [{"startsAt": "yesterday"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		evs, refused, err := paging.ParseAlertmanager(body)
		if err != nil {
			checkRefusal(t, err, "")
			return
		}
		if len(evs) == 0 || len(evs) != len(refused) {
			t.Fatalf("%d events and %d refusals", len(evs), len(refused))
		}
		var alerts []map[string]any
		for i, ev := range evs {
			if refused[i] != nil {
				checkRefusal(t, refused[i], fmt.Sprintf("alerts[%d].", i))
				continue
			}
			checkAccepted(t, ev)
			status := "firing"
			if ev.Resolve {
				status = "resolved"
			}
			alerts = append(alerts, map[string]any{"status": status, "labels": ev.Labels, "annotations": map[string]string{"summary": ev.Summary}, "fingerprint": ev.DedupKey})
		}
		if len(alerts) == 0 {
			return
		}
		good := evs[:0:0]
		for i, ev := range evs {
			if refused[i] == nil {
				good = append(good, ev)
			}
		}
		again, _ := json.Marshal(map[string]any{"version": "4", "status": "firing", "alerts": alerts})
		out, refusedAgain, err := paging.ParseAlertmanager(again)
		if err != nil {
			t.Fatalf("accepted alerts formatted as %s are refused: %v", again, err)
		}
		for i, o := range out {
			in := good[i]
			if refusedAgain[i] != nil || o.DedupKey != in.DedupKey || o.Summary != in.Summary || o.Resolve != in.Resolve || o.Severity != in.Severity || !maps.Equal(o.Labels, in.Labels) {
				t.Fatalf("round trip changed alert %d (%v):\n %+v\n %+v", i, refusedAgain[i], in, o)
			}
		}
	})
}

func FuzzParsePagerDuty(f *testing.F) {
	for _, s := range []string{
		`{"routing_key": "R1", "event_action": "trigger", "dedup_key": "d1", "client": "mon", "client_url": "http://mon", "links": [{"href": "h"}],
		  "images": [{"src": "s"}], "payload": {"summary": "lag", "source": "db-2", "severity": "warning", "component": "pg", "group": "db", "class": "c",
		  "timestamp": "2026-11-23T09:00:00Z", "custom_details": {"lag_s": 42}}}`,
		`{"routing_key": "R1", "event_action": "acknowledge", "dedup_key": "d1"}`,
		`{"routing_key": "R1", "event_action": "resolve", "dedup_key": "d1"}`,
		`{"routing_key": "R1", "event_action": "trigger", "dedup_key": "a\u0000", "payload": {"summary": "s\u0000", "source": "x", "severity": "info"}}`,
		`{"routing_key": "R1", "event_action": "trigger", "payload": {"summary": "s", "source": "x", "severity": "info", "custom_details": "\ud800"}}`,
		`{}`, `{"event_action": "snooze"}`, `[]`, `{"payload": 1}`, `{"routing_key": "R1", "event_action": "resolve", "dedup_key": "d1"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		key, in, errs := paging.ParsePagerDuty(body)
		if len(errs) > 0 {
			for _, e := range errs {
				if e == "" {
					t.Fatal("an empty error message")
				}
			}
			return
		}
		if key == "" {
			t.Fatal("accepted an event without a routing key")
		}
		checkAccepted(t, in)
		action := "trigger"
		switch {
		case in.Resolve:
			action = "resolve"
		case in.Acknowledge:
			action = "acknowledge"
		}
		ev := map[string]any{"routing_key": key, "event_action": action, "dedup_key": in.DedupKey}
		if action == "trigger" {
			ev["payload"] = map[string]any{"summary": in.Summary, "source": in.Source, "severity": in.Severity,
				"component": in.Labels["component"], "group": in.Labels["group"], "class": in.Labels["class"]}
		}
		again, _ := json.Marshal(ev)
		key2, out, errs := paging.ParsePagerDuty(again)
		if len(errs) > 0 {
			t.Fatalf("accepted %+v, formatted as %s, is refused: %q", in, again, errs)
		}
		if key2 != key || out.DedupKey != in.DedupKey || out.Summary != in.Summary || out.Source != in.Source || out.Severity != in.Severity ||
			out.Resolve != in.Resolve || out.Acknowledge != in.Acknowledge || !maps.Equal(out.Labels, in.Labels) {
			t.Fatalf("round trip changed the event:\n %+v\n %+v", in, out)
		}
	})
}
