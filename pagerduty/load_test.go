package pagerduty_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/rotaoncall/rota/pagerduty"
)

func TestImportLoad(t *testing.T) {
	fake, c, _ := fixture(t)
	fake.SetMaxLimit(2) // incidents and log entries over several pages
	since := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	until := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	snap, err := c.FetchLoad(context.Background(), since, until, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Incidents) != 3 {
		t.Fatalf("%d incidents, want the 3 of February", len(snap.Incidents))
	}
	recs, rep := pagerduty.PageRecords(snap)
	var buf bytes.Buffer
	if err := pagerduty.WritePageCSV(&buf, recs); err != nil {
		t.Fatal(err)
	}
	want := `at,email,alert,channel
2026-02-10T02:14:05Z,olga@example.com,pagerduty:PINC001,sms
2026-02-10T02:16:05Z,olga@example.com,pagerduty:PINC001,voice
2026-02-10T02:19:00Z,omar@example.com,pagerduty:PINC001,push
2026-02-11T15:00:10Z,alice@example.com,pagerduty:PINC002,push
2026-02-11T15:00:10Z,alice@example.com,pagerduty:PINC002,email
2026-02-20T23:30:03Z,nina@example.com,pagerduty:PINC003,sms
`
	if buf.String() != want {
		t.Fatalf("records:\n%s\nwant:\n%s", buf.String(), want)
	}
	if len(rep.Problems) != 3 {
		t.Fatalf("problems %v, want the failed SMS, the user without an email and the deleted user", rep.Problems)
	}
	for _, p := range rep.Problems {
		t.Log(p)
	}
}
