package main

import (
	"context"
	"fmt"
	"maps"
	"syscall"
	"testing"
	"time"

	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

// TestDatabaseCrashDelaysNothingAccepted floods a real rota process on a
// durable PostgreSQL (fsync and synchronous commit on) of its own, crashes
// the database mid-flood and keeps it down for two seconds. Intake must
// not answer 2xx for an alert it could not store; every alert it did
// accept must be stored and paged exactly once; and once the database is
// back, the same process must accept and page again without a restart.
func TestDatabaseCrashDelaysNothingAccepted(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL server of its own")
	}
	srv, err := storetest.StartDurableServer()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	ctx := context.Background()
	db, err := store.Open(ctx, srv.URL, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key := seedOneStep(t, db, "db-crash-test-key-0123456789")

	cmd, base := rotaProcess(t, srv.URL)
	f := startFlood(base, key)
	time.Sleep(time.Second)
	if err := srv.Crash(); err != nil {
		f.stop()
		t.Fatal(err)
	}
	crashed := time.Now()
	time.Sleep(2 * time.Second)
	restarting := time.Now()
	if err := srv.Restart(); err != nil {
		f.stop()
		t.Fatal(err)
	}
	back := time.Now()
	// Flood on until the same process has accepted alerts for a second
	// with the database back.
	var firstAfter time.Time
	for deadline := back.Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		for _, at := range f.acceptedKeys() {
			if at.After(back) && (firstAfter.IsZero() || at.Before(firstAfter)) {
				firstAfter = at
			}
		}
		if !firstAfter.IsZero() && time.Since(firstAfter) > time.Second {
			break
		}
	}
	f.stop()
	if err := cmd.Process.Signal(syscall.Signal(0)); err != nil {
		t.Fatalf("rota exited during the database outage: %v", err)
	}
	if firstAfter.IsZero() {
		t.Fatal("no alert was accepted in the minute after the database came back")
	}
	accepted := f.acceptedKeys()
	f.mu.Lock()
	sent := maps.Clone(f.sent)
	f.mu.Unlock()
	// Intake may hold a request through the outage and answer it once its
	// commit succeeds after the restart (the database takes connections a
	// little before Restart returns); what must not happen is a 2xx for an
	// alert sent after the crash and answered before the restart began: it
	// cannot have been stored.
	before, during := 0, 0
	for dk, at := range accepted {
		switch {
		case !at.After(crashed):
			before++
		case sent[dk].After(crashed) && at.Before(restarting):
			during++
		}
	}
	if during > 0 {
		t.Errorf("%d alerts sent while the database was down were answered 2xx before the restart began", during)
	}
	if before < 50 {
		t.Fatalf("only %d alerts accepted before the crash; the flood did not run", before)
	}
	// The pool may have lost its connections: ask on a fresh one.
	db.SQL().SetMaxIdleConns(0)
	if lost := notStored(t, db, accepted); len(lost) > 0 {
		t.Fatalf("%d of %d accepted alerts are not stored after the database crash: %v", len(lost), len(accepted), lost[:min(5, len(lost))])
	}
	checkPagedOnce(t, db, "the database crash")
	f.mu.Lock()
	refused, failed := fmt.Sprint(f.refused), f.failed
	f.mu.Unlock()
	t.Logf("%d alerts accepted (%d before the crash, %d after the restart), all stored and paged once; refused (status:count) %s and %d unanswered around the %s outage; first alert accepted %s after it was back",
		len(accepted), before, len(accepted)-before, refused, failed, back.Sub(crashed).Round(100*time.Millisecond), firstAfter.Sub(back).Round(time.Millisecond))
}
