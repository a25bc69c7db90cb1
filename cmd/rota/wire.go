package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/rotaoncall/rota/auth"
	"github.com/rotaoncall/rota/store"
)

// clock is the one clock of a rota process; everything else receives it.
// It is the system clock, or with --clock-start a clock that starts at the
// given instant and runs forward at the real rate (monotonic readings), so
// that escalation delays and timeouts still pass in real time.
func (a *app) clock() func() time.Time {
	if a.now != nil {
		return a.now
	}
	if start := a.cfg.ClockStart; !start.IsZero() {
		origin := time.Now()
		a.now = func() time.Time { return start.Add(time.Since(origin)) }
	} else {
		a.now = time.Now
	}
	return a.now
}

func (a *app) logger() *slog.Logger {
	lvl, _ := a.cfg.level()
	opts := &slog.HandlerOptions{Level: lvl}
	var h slog.Handler
	if a.cfg.LogFormat == "text" {
		h = slog.NewTextHandler(a.stderr, opts)
	} else {
		h = slog.NewJSONHandler(a.stderr, opts)
	}
	return slog.New(h)
}

// openDB opens the configured database; migrate applies pending migrations
// first. Failures are start-up errors (exit status 2).
func (a *app) openDB(ctx context.Context, log *slog.Logger, migrate bool) (*store.DB, error) {
	db, err := store.Open(ctx, a.cfg.DatabaseURL, store.Options{Now: a.clock(), Logger: log})
	if err != nil {
		return nil, usageError{err}
	}
	if migrate {
		applied, err := db.Migrate(ctx)
		if err != nil {
			db.Close()
			return nil, usageError{err}
		}
		if len(applied) > 0 {
			log.Info("migrated database", "versions", applied, "dialect", db.Dialect())
		}
	}
	return db, nil
}

func (a *app) authService(db *store.DB) *auth.Service {
	return auth.NewService(db, a.clock(), auth.DefaultParams)
}
