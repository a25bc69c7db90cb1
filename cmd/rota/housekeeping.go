package main

import (
	"context"
	"log/slog"

	"github.com/rotaoncall/rota/housekeeping"
	"github.com/rotaoncall/rota/store"
)

// startHousekeeping runs housekeeping on the process clock, at once and
// then hourly, until the returned stop is called; stop waits for a run in
// progress to finish its transaction. Every Rota process runs it: runs at
// the same time take disjoint work.
func (a *app) startHousekeeping(db *store.DB, log *slog.Logger) (stop func()) {
	w := housekeeping.New(db, a.clock(), log, a.cfg.Retention, store.VerifyCodeTTL)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	return func() { cancel(); <-done }
}
