package housekeeping

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rotaoncall/rota/internal/guard"
)

var at = time.Date(2027, 6, 15, 12, 0, 0, 0, time.UTC)

// fakeStore holds resolved alerts by resolution instant.
type fakeStore struct {
	mu        sync.Mutex
	resolved  []time.Time
	sessionAt time.Time
	codesAt   time.Time
	calls     int
	fail      error
}

func (f *fakeStore) DeleteExpiredSessions(_ context.Context, at time.Time) (int64, error) {
	f.sessionAt = at
	return 2, nil
}

func (f *fakeStore) ExpireVerifyCodes(_ context.Context, before time.Time) (int64, error) {
	f.codesAt = before
	return 1, nil
}

func (f *fakeStore) PruneResolvedAlerts(_ context.Context, before time.Time, limit int) (int64, int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.fail != nil {
		return 0, 0, f.fail
	}
	var n int64
	kept := f.resolved[:0]
	for _, r := range f.resolved {
		if r.Before(before) && n < int64(limit) {
			n++
			continue
		}
		kept = append(kept, r)
	}
	f.resolved = kept
	return n, 3 * n, nil
}

func TestRunOnce(t *testing.T) {
	f := &fakeStore{}
	for i := range 23 {
		f.resolved = append(f.resolved, at.Add(-DefaultRetention-time.Duration(i+1)*time.Hour))
	}
	recent := at.Add(-DefaultRetention + time.Minute)
	f.resolved = append(f.resolved, recent)
	w := New(f, nil, nil, DefaultRetention, 15*time.Minute)
	w.Batch = 5
	r, err := w.RunOnce(context.Background(), at)
	if err != nil {
		t.Fatal(err)
	}
	if r != (Result{Sessions: 2, VerifyCodes: 1, Alerts: 23, Pages: 69}) {
		t.Fatalf("RunOnce = %+v", r)
	}
	if f.calls != 5 {
		t.Fatalf("%d prune batches for 23 alerts in fives, want 5", f.calls)
	}
	if len(f.resolved) != 1 || !f.resolved[0].Equal(recent) {
		t.Fatalf("left %v, want only the alert resolved within the retention", f.resolved)
	}
	if !f.sessionAt.Equal(at) || !f.codesAt.Equal(at.Add(-15*time.Minute)) {
		t.Fatalf("sessions expired at %v, codes before %v", f.sessionAt, f.codesAt)
	}
}

func TestRunOnceStopsOnError(t *testing.T) {
	f := &fakeStore{fail: errors.New("database gone")}
	w := New(f, nil, nil, DefaultRetention, time.Minute)
	if _, err := w.RunOnce(context.Background(), at); err == nil || !strings.Contains(err.Error(), "database gone") || f.calls != 1 {
		t.Fatalf("RunOnce on a failing store: %v after %d calls", err, f.calls)
	}
}

func TestRunOnceEndsWithContext(t *testing.T) {
	f := &fakeStore{}
	for i := range 50 {
		f.resolved = append(f.resolved, at.Add(-DefaultRetention-time.Duration(i+1)*time.Hour))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w := New(f, nil, nil, DefaultRetention, time.Minute)
	w.Batch = 1
	if _, err := w.RunOnce(ctx, at); !errors.Is(err, context.Canceled) || f.calls > 1 {
		t.Fatalf("RunOnce after cancel: %v after %d batches", err, f.calls)
	}
}

// TestStdlibOnly keeps the package on the standard library, tests
// included: storage comes in through Store.
func TestStdlibOnly(t *testing.T) { guard.StdlibAnd(t) }

// TestNoWallClock keeps the clock out of the package: RunOnce takes the
// instant, Run asks the clock it was given.
func TestNoWallClock(t *testing.T) { guard.NoWallClock(t) }
