package housekeeping

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// Store is the storage housekeeping needs. Every method must be safe to
// call from several processes at once: deletes are idempotent, and
// PruneResolvedAlerts counts each page exactly once.
type Store interface {
	// DeleteExpiredSessions removes sessions that have expired at at.
	DeleteExpiredSessions(ctx context.Context, at time.Time) (int64, error)
	// ExpireVerifyCodes forgets phone verification codes sent before
	// before, which no longer work.
	ExpireVerifyCodes(ctx context.Context, before time.Time) (int64, error)
	// PruneResolvedAlerts deletes up to limit alerts resolved before
	// before, with their pages and timeline entries, adding those pages
	// to the daily page-load counts in the same transaction. It returns
	// how many alerts and pages it deleted.
	PruneResolvedAlerts(ctx context.Context, before time.Time, limit int) (alerts, pages int64, err error)
}

// DefaultRetention is how long resolved alerts are kept: a year of load
// history plus a quarter to compare it with.
const DefaultRetention = 400 * 24 * time.Hour

// Worker runs housekeeping.
type Worker struct {
	store Store
	now   func() time.Time
	log   *slog.Logger
	// Retention is how long a resolved alert, its pages and its timeline
	// are kept after it was resolved.
	Retention time.Duration
	// VerifyCodeTTL is how long a phone verification code works.
	VerifyCodeTTL time.Duration
	// Batch is how many alerts one transaction prunes, so that no
	// transaction holds locks for long.
	Batch int
	// Every is how often Run works.
	Every time.Duration
}

// New returns a worker keeping resolved alerts for retention.
func New(store Store, now func() time.Time, log *slog.Logger, retention time.Duration, verifyCodeTTL time.Duration) *Worker {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Worker{store: store, now: now, log: log, Retention: retention, VerifyCodeTTL: verifyCodeTTL, Batch: 500, Every: time.Hour}
}

// Result says what one RunOnce removed.
type Result struct {
	Sessions, VerifyCodes, Alerts, Pages int64
}

// RunOnce does all housekeeping due at at. Pruning goes in batches until
// nothing older than the retention is left or ctx ends.
func (w *Worker) RunOnce(ctx context.Context, at time.Time) (Result, error) {
	var r Result
	var err error
	if r.Sessions, err = w.store.DeleteExpiredSessions(ctx, at); err != nil {
		return r, fmt.Errorf("expire sessions: %w", err)
	}
	if r.VerifyCodes, err = w.store.ExpireVerifyCodes(ctx, at.Add(-w.VerifyCodeTTL)); err != nil {
		return r, fmt.Errorf("expire verification codes: %w", err)
	}
	if w.Retention <= 0 {
		return r, nil
	}
	before := at.Add(-w.Retention)
	for ctx.Err() == nil {
		alerts, pages, err := w.store.PruneResolvedAlerts(ctx, before, w.Batch)
		r.Alerts += alerts
		r.Pages += pages
		if err != nil {
			return r, fmt.Errorf("prune resolved alerts: %w", err)
		}
		if alerts < int64(w.Batch) {
			break
		}
	}
	return r, ctx.Err()
}

// Run works at once and then every Every until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	ticker := time.NewTicker(w.Every)
	defer ticker.Stop()
	for {
		r, err := w.RunOnce(ctx, w.now())
		switch {
		case err != nil && ctx.Err() == nil:
			w.log.Error("housekeeping", "err", err)
		case r != Result{}:
			w.log.Info("housekeeping", "sessions", r.Sessions, "verify_codes", r.VerifyCodes, "alerts", r.Alerts, "pages", r.Pages)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}
