package paging_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/store"
)

// TestThreeEnginesFireEachStepOnce runs three engines, each with its own
// caches as three Rota processes would have, against one PostgreSQL, and
// proves that every step fired exactly once and every page was enqueued
// exactly once.
func TestThreeEnginesFireEachStepOnce(t *testing.T) {
	w := newWorld(t, store.Postgres)
	const alerts = 300
	ids := make([]int64, 0, alerts)
	for i := 0; i < alerts; i++ {
		r := w.send(paging.Incoming{Summary: fmt.Sprintf("alert %d", i), DedupKey: fmt.Sprintf("k%d", i), Severity: paging.Critical})
		ids = append(ids, r.AlertID)
	}
	engines := make([]*paging.Engine, 3)
	for i := range engines {
		e := paging.NewEngine(paging.NewConfigCache(w.db, w.clock.Now), w.db, oncall.New(w.db), paging.FixedNotifier(paging.ChannelLog), w.clock.Now, w.log)
		e.Batch = 7 // small batches so the engines interleave
		engines[i] = e
	}
	// Walk the clock through both passes of the policy (0, 5m, 15m, then
	// 10m later the second pass: 25m, 30m, 40m), with every engine firing
	// concurrently at every minute, twice.
	errs := make(chan error, 1000)
	for minute := 0; minute <= 45; minute++ {
		at := monday.Add(time.Duration(minute) * time.Minute)
		w.clock.Set(at)
		var wg sync.WaitGroup
		for round := 0; round < 2; round++ {
			for _, e := range engines {
				wg.Add(1)
				go func(e *paging.Engine) {
					defer wg.Done()
					if _, err := e.RunOnce(w.ctx, at); err != nil {
						errs <- err
					}
				}(e)
			}
		}
		wg.Wait()
	}
	close(errs)
	for err := range errs {
		t.Fatalf("engine error: %v", err)
	}
	// Per alert: 6 steps fired (3 steps × 2 passes), 8 pages: Olga and Nia
	// (shadow) per pass for step 1, Dan, Sam.
	var fired []struct {
		AlertID int64
		N       int
	}
	w.db.SQL().QueryContext(w.ctx, "SELECT 1") // keep the pool warm
	rows, err := w.db.SQL().QueryContext(w.ctx, `SELECT alert_id, COUNT(*) FROM alert_events WHERE kind = 'step_fired' GROUP BY alert_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var r struct {
			AlertID int64
			N       int
		}
		rows.Scan(&r.AlertID, &r.N)
		fired = append(fired, r)
	}
	rows.Close()
	if len(fired) != alerts {
		t.Fatalf("%d alerts have fired steps, want %d", len(fired), alerts)
	}
	for _, f := range fired {
		if f.N != 6 {
			t.Fatalf("alert %d fired %d steps, want exactly 6", f.AlertID, f.N)
		}
	}
	want := map[string]int{"olga/0/0": 1, "nia/0/0/shadow": 1, "dan/1/0": 1, "sam/2/0": 1, "olga/0/1": 1, "nia/0/1/shadow": 1, "dan/1/1": 1, "sam/2/1": 1}
	for _, id := range ids {
		got := w.pages(id)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("alert %d pages %v, want each of %v exactly once", id, got, want)
		}
	}
	var total int
	w.db.SQL().QueryRowContext(w.ctx, "SELECT COUNT(*) FROM pages").Scan(&total)
	if total != alerts*len(want) {
		t.Fatalf("%d pages in the outbox, want %d", total, alerts*len(want))
	}
}
