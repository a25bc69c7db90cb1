package incident

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rotaoncall/rota"
)

// FuzzParseChangeEvent feeds arbitrary bodies to the change-event parser.
// Nothing may panic; a refusal is a coded error naming a field; an
// accepted event keeps every rule the parser promises, and writing it
// back as a PagerDuty change event parses to the same change. The seed
// corpus is in testdata/fuzz/FuzzParseChangeEvent.
func FuzzParseChangeEvent(f *testing.F) {
	f.Add([]byte(`{"routing_key":"k","payload":{"summary":"Deploy v1","timestamp":"2026-03-02T14:05:00+01:00","source":"ci","custom_details":{"committed_at":"2026-03-02T12:00:00Z"}},"links":[{"href":"https://x/y","text":"t"}]}`), "")
	f.Add([]byte(`{"payload":{"summary":"x"}}`), "path-key")
	f.Fuzz(func(t *testing.T, body []byte, pathKey string) {
		recv := time.Date(2026, 3, 2, 14, 10, 0, 0, time.UTC)
		k, c, err := ParseChangeEvent(body, pathKey, recv)
		if err != nil {
			code := rota.ErrorCode(err)
			var re *rota.Error
			if (code != rota.EInvalid && code != rota.ETooLarge) || !errors.As(err, &re) || re.Field == "" || re.Message == "" {
				t.Fatalf("refusal %v: code %s, first problem %v", err, code, re)
			}
			return
		}
		switch {
		case k == "":
			t.Fatal("accepted without a key")
		case c.Summary == "" || utf8.RuneCountInString(c.Summary) > MaxChangeSummary:
			t.Fatalf("summary %q", c.Summary)
		case utf8.RuneCountInString(c.Source) > MaxChangeSource:
			t.Fatalf("source of %d characters", len(c.Source))
		case c.Timestamp.IsZero() || c.Timestamp.Location() != time.UTC:
			t.Fatalf("timestamp %v", c.Timestamp)
		case c.CommittedAt != nil && c.CommittedAt.After(c.Timestamp):
			t.Fatalf("committed %v after %v", c.CommittedAt, c.Timestamp)
		case len(c.Links) > MaxChangeLinks || len(c.Images) > MaxChangeLinks:
			t.Fatalf("%d links, %d images", len(c.Links), len(c.Images))
		}
		for _, l := range c.Links {
			if !webURL(l.Href) {
				t.Fatalf("link %q", l.Href)
			}
		}
		if c.CustomDetails != nil && !json.Valid(c.CustomDetails) {
			t.Fatalf("custom details %q", c.CustomDetails)
		}
		// Round trip through the wire format.
		again := map[string]any{"routing_key": k, "payload": map[string]any{
			"summary": c.Summary, "source": c.Source, "timestamp": c.Timestamp.Format(time.RFC3339Nano),
			"custom_details": c.CustomDetails,
		}}
		var links []map[string]string
		for _, l := range c.Links {
			links = append(links, map[string]string{"href": l.Href, "text": l.Text})
		}
		var images []map[string]string
		for _, im := range c.Images {
			images = append(images, map[string]string{"src": im.Src, "href": im.Href, "alt": im.Alt})
		}
		again["links"], again["images"] = links, images
		b, err := json.Marshal(again)
		if err != nil {
			t.Fatal(err)
		}
		k2, c2, err := ParseChangeEvent(b, "", recv)
		if err != nil {
			if rota.ErrorCode(err) == rota.ETooLarge {
				return // escaping can grow a body past the limit
			}
			t.Fatalf("written back, %s is refused: %v", b, err)
		}
		if k2 != k || c2.Summary != c.Summary || c2.Source != c.Source || !c2.Timestamp.Equal(c.Timestamp) ||
			(c2.CommittedAt == nil) != (c.CommittedAt == nil) || (c.CommittedAt != nil && !c2.CommittedAt.Equal(*c.CommittedAt)) ||
			!slices.Equal(c2.Links, c.Links) || !slices.Equal(c2.Images, c.Images) {
			t.Fatalf("round trip changed %+v into %+v", c, c2)
		}
	})
}
