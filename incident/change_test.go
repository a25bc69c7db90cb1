package incident

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
)

const key = "pYcv3Jq0cHkuT7bXb9rJr0l1d1cQ2Fz7"

func TestParseChangeEvent(t *testing.T) {
	recv := ts(t, "2026-03-02T14:10:00Z")
	body := `{
	  "routing_key": "` + key + `",
	  "payload": {
	    "summary": "Deploy checkout v2.31.0",
	    "timestamp": "2026-03-02T15:05:00+01:00",
	    "source": "github-actions",
	    "custom_details": {"repository": "acme/checkout", "revision": "9f1c2e", "committed_at": "2026-03-02T12:40:00Z"}
	  },
	  "links": [{"href": "https://github.com/acme/checkout/commit/9f1c2e", "text": "Commit"}, {"href": "https://ci.example.com/run/1"}],
	  "images": [{"src": "https://ci.example.com/badge.svg", "alt": "build"}],
	  "extra": "ignored, as PagerDuty does"
	}`
	k, c, err := ParseChangeEvent([]byte(body), "", recv)
	if err != nil {
		t.Fatal(err)
	}
	if k != key || c.Summary != "Deploy checkout v2.31.0" || c.Source != "github-actions" {
		t.Fatalf("%q %+v", k, c)
	}
	if !c.Timestamp.Equal(ts(t, "2026-03-02T14:05:00Z")) || c.Timestamp.Location() != time.UTC || !c.ReceivedAt.Equal(recv) {
		t.Fatalf("timestamp %v received %v", c.Timestamp, c.ReceivedAt)
	}
	if lt, ok := c.LeadTime(); !ok || lt != 85*time.Minute {
		t.Fatalf("lead time %v %v", lt, ok)
	}
	if !strings.Contains(string(c.CustomDetails), `"revision": "9f1c2e"`) {
		t.Fatalf("custom details %s", c.CustomDetails)
	}
	if !slices.Equal(c.Links, []Link{{"https://github.com/acme/checkout/commit/9f1c2e", "Commit"}, {"https://ci.example.com/run/1", ""}}) {
		t.Fatalf("links %+v", c.Links)
	}
	if !slices.Equal(c.Images, []Image{{Src: "https://ci.example.com/badge.svg", Alt: "build"}}) {
		t.Fatalf("images %+v", c.Images)
	}

	// The minimum: a key and a summary; the timestamp is the arrival.
	k, c, err = ParseChangeEvent([]byte(`{"routing_key":"`+key+`","payload":{"summary":"x"}}`), "", recv)
	if err != nil || k != key || !c.Timestamp.Equal(recv) || c.CommittedAt != nil || c.CustomDetails != nil || c.Links != nil {
		t.Fatalf("%q %+v %v", k, c, err)
	}
	if _, ok := c.LeadTime(); ok {
		t.Fatal("lead time without committed_at")
	}
	// The integrations endpoint takes the key from the URL.
	k, _, err = ParseChangeEvent([]byte(`{"payload":{"summary":"x"}}`), key, recv)
	if err != nil || k != key {
		t.Fatalf("%q %v", k, err)
	}
	k, _, err = ParseChangeEvent([]byte(`{"routing_key":"`+key+`","payload":{"summary":"x"}}`), key, recv)
	if err != nil || k != key {
		t.Fatalf("%q %v", k, err)
	}
	// null members are absent members.
	if _, _, err := ParseChangeEvent([]byte(`{"routing_key":"k","payload":{"summary":"x","timestamp":null,"source":null,"custom_details":null},"links":null,"images":null}`), "", recv); err != nil {
		t.Fatal(err)
	}
}

func TestParseChangeEventErrors(t *testing.T) {
	recv := ts(t, "2026-03-02T14:10:00Z")
	for _, tc := range []struct {
		name    string
		body    string
		pathKey string
		fields  []string
	}{
		{"empty body", ``, "", []string{"body"}},
		{"not JSON", `{"routing_key":`, "", []string{"body"}},
		{"an array", `[]`, "", []string{"body"}},
		{"nothing", `{}`, "", []string{"routing_key", "payload"}},
		{"blank key and summary", `{"routing_key":"  ","payload":{"summary":" "}}`, "", []string{"routing_key", "payload.summary"}},
		{"key of the wrong type", `{"routing_key":5,"payload":{"summary":"x"}}`, "", []string{"routing_key"}},
		{"long key", `{"routing_key":"` + strings.Repeat("k", MaxRoutingKey+1) + `","payload":{"summary":"x"}}`, "", []string{"routing_key"}},
		{"path key not text", `{"payload":{"summary":"x"}}`, "\xff", []string{"key"}},
		{"key with a space", `{"routing_key":"a b","payload":{"summary":"x"}}`, "", []string{"routing_key"}},
		{"key differs from the URL's", `{"routing_key":"other","payload":{"summary":"x"}}`, key, []string{"routing_key"}},
		{"summary of the wrong type", `{"routing_key":"k","payload":{"summary":1}}`, "", []string{"payload.summary"}},
		{"long summary", `{"routing_key":"k","payload":{"summary":"` + strings.Repeat("é", MaxChangeSummary+1) + `"}}`, "", []string{"payload.summary"}},
		{"long source", `{"routing_key":"k","payload":{"summary":"x","source":"` + strings.Repeat("s", MaxChangeSource+1) + `"}}`, "", []string{"payload.source"}},
		{"bad timestamp", `{"routing_key":"k","payload":{"summary":"x","timestamp":"yesterday"}}`, "", []string{"payload.timestamp"}},
		{"timestamp without zone", `{"routing_key":"k","payload":{"summary":"x","timestamp":"2026-03-02T14:05:00"}}`, "", []string{"payload.timestamp"}},
		{"details not an object", `{"routing_key":"k","payload":{"summary":"x","custom_details":"deploy"}}`, "", []string{"payload.custom_details"}},
		{"bad committed_at", `{"routing_key":"k","payload":{"summary":"x","custom_details":{"committed_at":"9f1c2e"}}}`, "", []string{"payload.custom_details.committed_at"}},
		{"committed_at a number", `{"routing_key":"k","payload":{"summary":"x","custom_details":{"committed_at":1700000000}}}`, "", []string{"payload.custom_details.committed_at"}},
		{"committed after the deploy", `{"routing_key":"k","payload":{"summary":"x","timestamp":"2026-03-02T14:05:00Z","custom_details":{"committed_at":"2026-03-02T14:06:00Z"}}}`, "", []string{"payload.custom_details.committed_at"}},
		{"links not an array", `{"routing_key":"k","payload":{"summary":"x"},"links":{"href":"https://x"}}`, "", []string{"links"}},
		{"link not an object", `{"routing_key":"k","payload":{"summary":"x"},"links":["https://x"]}`, "", []string{"links[0]"}},
		{"link without href", `{"routing_key":"k","payload":{"summary":"x"},"links":[{"href":"https://x"},{"text":"t"}]}`, "", []string{"links[1].href"}},
		{"link not http", `{"routing_key":"k","payload":{"summary":"x"},"links":[{"href":"javascript:alert(1)"}]}`, "", []string{"links[0].href"}},
		{"link text a number", `{"routing_key":"k","payload":{"summary":"x"},"links":[{"href":"https://x","text":3}]}`, "", []string{"links[0].text"}},
		{"too many links", `{"routing_key":"k","payload":{"summary":"x"},"links":[` + strings.Repeat(`{"href":"https://x"},`, MaxChangeLinks) + `{"href":"https://x"}]}`, "", []string{"links"}},
		{"image without src", `{"routing_key":"k","payload":{"summary":"x"},"images":[{"href":"https://x"}]}`, "", []string{"images[0].src"}},
		{"image href not http", `{"routing_key":"k","payload":{"summary":"x"},"images":[{"src":"https://x","href":"ftp://x"}]}`, "", []string{"images[0].href"}},
		{"everything wrong at once", `{"payload":{"timestamp":"x"},"links":[{}]}`, "", []string{"routing_key", "payload.summary", "payload.timestamp", "links[0].href"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, c, err := ParseChangeEvent([]byte(tc.body), tc.pathKey, recv)
			if err == nil {
				t.Fatalf("accepted: %+v", c)
			}
			if rota.ErrorCode(err) != rota.EInvalid {
				t.Fatalf("code %s", rota.ErrorCode(err))
			}
			var ce *ChangeEventError
			if !errors.As(err, &ce) {
				t.Fatalf("%T is not a *ChangeEventError", err)
			}
			var got []string
			for _, p := range ce.Problems {
				got = append(got, p.Field)
			}
			if !slices.Equal(got, tc.fields) {
				t.Fatalf("fields %v, want %v (%v)", got, tc.fields, err)
			}
			// The first problem is what the one error map sees.
			var re *rota.Error
			if !errors.As(err, &re) || re.Field != tc.fields[0] || ce.ErrorField() != tc.fields[0] || ce.ErrorMessage() == "" {
				t.Fatalf("first problem %v", re)
			}
			if c.Summary != "" || c.Links != nil {
				t.Fatalf("a refused event returned %+v", c)
			}
		})
	}
	_, _, err := ParseChangeEvent(make([]byte, MaxChangeBody+1), "", recv)
	wantField(t, err, rota.ETooLarge, "body")
	_, _, err = ParseChangeEvent([]byte(`{"routing_key":"k","payload":{"summary":"x"}}`), "", time.Time{})
	if rota.ErrorCode(err) != rota.EInvalid {
		t.Fatalf("no timestamp and no arrival instant: %v", err)
	}
}

func TestSuspectWindow(t *testing.T) {
	start := ts(t, "2026-03-02T14:00:00Z")
	for _, tc := range []struct {
		name     string
		deployed time.Time
		want     bool
	}{
		{"exactly 24 h before", start.Add(-24 * time.Hour), true},
		{"a nanosecond more than 24 h before", start.Add(-24*time.Hour - time.Nanosecond), false},
		{"a day and a second before", start.Add(-24*time.Hour - time.Second), false},
		{"an hour before", start.Add(-time.Hour), true},
		{"at the start", start, true},
		{"a nanosecond after the start", start.Add(time.Nanosecond), false},
		{"after the start", start.Add(time.Minute), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsSuspect(tc.deployed, start); got != tc.want {
				t.Fatalf("IsSuspect = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSuspects(t *testing.T) {
	start := ts(t, "2026-03-02T14:00:00Z")
	inc := Incident{ID: 1, Title: "t", Severity: SEV2, Status: Triggered, Services: []int64{1, 2}, StartedAt: start, DetectedAt: start.Add(5 * time.Minute)}
	changes := []Change{
		{ID: 1, ServiceID: 1, Summary: "too old", Timestamp: start.Add(-24*time.Hour - time.Second)},
		{ID: 2, ServiceID: 1, Summary: "edge", Timestamp: start.Add(-24 * time.Hour)},
		{ID: 3, ServiceID: 2, Summary: "an hour before", Timestamp: start.Add(-time.Hour)},
		{ID: 4, ServiceID: 3, Summary: "other service", Timestamp: start.Add(-time.Hour)},
		{ID: 5, ServiceID: 1, Summary: "after the start", Timestamp: start.Add(time.Second)},
		{ID: 6, ServiceID: 1, Summary: "same instant as 3, recorded later", Timestamp: start.Add(-time.Hour)},
		{ID: 7, ServiceID: 2, Summary: "at the start", Timestamp: start},
	}
	var ids []int64
	for _, c := range Suspects(inc, changes) {
		ids = append(ids, c.ID)
	}
	if want := []int64{7, 6, 3, 2}; !slices.Equal(ids, want) {
		t.Fatalf("suspects %v, want %v (newest first)", ids, want)
	}

	entries := SuspectEntries(inc, nil, changes)
	ids = nil
	for _, e := range entries {
		if e.Kind != KindChangeDeployed || e.ServiceID == 0 {
			t.Fatalf("%+v", e)
		}
		ids = append(ids, e.ChangeID)
	}
	if want := []int64{2, 3, 6, 7}; !slices.Equal(ids, want) {
		t.Fatalf("entries %v, want oldest first %v", ids, want)
	}
	timeline, err := Append(0, entries...)
	if err != nil {
		t.Fatal(err)
	}
	// Moving the start an hour earlier brings nothing new but the change
	// that is now in the window; entries already written stay.
	inc.StartedAt = start.Add(-time.Hour + time.Second)
	more := SuspectEntries(inc, timeline, changes)
	if len(more) != 1 || more[0].ChangeID != 1 {
		t.Fatalf("after the edit %+v", more)
	}
	if SuspectEntries(inc, append(timeline, more...), changes) != nil {
		t.Fatal("suspects written twice")
	}
}
