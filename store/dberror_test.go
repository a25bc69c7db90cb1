package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

// TestDatabaseErrorsCarryCodes: a value the database refuses is invalid
// (a 400: retrying cannot help) and a database that is away is unavailable
// (a 503: retry), on both dialects; neither is an internal error.
func TestDatabaseErrorsCarryCodes(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, svc := checkoutService(t, db)
		trig := func(k, summary string) paging.Ingest {
			return paging.Ingest{Action: paging.ActTrigger, ServiceID: svc.ID, TeamID: team.ID, Urgency: paging.High,
				Incoming: paging.Incoming{DedupKey: k, Summary: summary, Severity: paging.Critical}}
		}
		// Intake refuses these before writing; the store's own answer is
		// the net under that check. SQLite stores them; PostgreSQL refuses.
		for name, it := range map[string]paging.Ingest{
			"NUL in text":         trig("nul", "a\x00b"),
			"key over index size": trig(noise(8000), "long"),
		} {
			_, err := db.Ingest(ctx, []paging.Ingest{it}, clock.Now())
			if db.Dialect() == store.Postgres && !rota.IsCode(err, rota.EInvalid) {
				t.Errorf("%s: %v (code %s), want invalid", name, err, rota.ErrorCode(err))
			}
			if db.Dialect() == store.SQLite && err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
		db.Close()
		if _, err := db.Ingest(ctx, []paging.Ingest{trig("after", "closed")}, clock.Now()); !rota.IsCode(err, rota.EUnavailable) {
			t.Errorf("ingest on a closed database: %v (code %s), want unavailable", err, rota.ErrorCode(err))
		}
		if _, err := db.PagingRevision(ctx); !rota.IsCode(err, rota.EUnavailable) {
			t.Errorf("configuration on a closed database: %v (code %s), want unavailable", err, rota.ErrorCode(err))
		}
	})
}

// noise returns n characters that do not compress (PostgreSQL compresses a
// long index entry before deciding it is too large).
func noise(n int) string {
	var b []byte
	sum := sha256.Sum256([]byte("seed"))
	for len(b) < n {
		b = hex.AppendEncode(b, sum[:])
		sum = sha256.Sum256(sum[:])
	}
	return string(b[:n])
}

// TestIngestStoresEventsAtTheCaps: an event at every intake cap, in
// four-byte characters that do not compress, is stored on both dialects:
// the caps fit the database (the dedup key its unique index).
func TestIngestStoresEventsAtTheCaps(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	wide := func(n int, seed string) string {
		var b strings.Builder
		sum := sha256.Sum256([]byte(seed))
		for i := 0; i < n; i++ {
			if i%32 == 0 {
				sum = sha256.Sum256(sum[:])
			}
			b.WriteRune(rune(0x1F300 + int(sum[i%32])*3)) // emoji: four bytes each
		}
		return b.String()
	}
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, svc := checkoutService(t, db)
		labels := map[string]string{}
		for i := range paging.MaxLabels {
			labels[wide(paging.MaxLabelLength-4, fmt.Sprint("k", i))+fmt.Sprint(i)] = wide(paging.MaxLabelLength, fmt.Sprint("v", i))
		}
		details := `{"x": "` + strings.Repeat("d", paging.MaxDetails-20) + `"}`
		it := paging.Ingest{Action: paging.ActTrigger, ServiceID: svc.ID, TeamID: team.ID, Urgency: paging.High,
			Incoming: paging.Incoming{DedupKey: wide(paging.MaxDedupKey, "dedup"), Summary: wide(paging.MaxSummary, "summary"), Source: wide(paging.MaxSource, "source"),
				Severity: paging.Critical, Labels: labels, Details: []byte(details)}}
		res, err := db.Ingest(ctx, []paging.Ingest{it}, clock.Now())
		if err != nil {
			t.Fatalf("an event at the caps is refused: %v", err)
		}
		a, err := db.Alert(ctx, res[0].AlertID)
		if err != nil || a.DedupKey != it.DedupKey || a.Summary != it.Summary || len(a.Labels) != paging.MaxLabels {
			t.Fatalf("stored %+v, %v", a.ID, err)
		}
	})
}
