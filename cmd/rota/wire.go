package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/rotaoncall/rota/auth"
	"github.com/rotaoncall/rota/store"
)

// now is the production clock; everything else receives it.
func now() time.Time { return time.Now() }

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
	db, err := store.Open(ctx, a.cfg.DatabaseURL, store.Options{Now: now, Logger: log})
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
	return auth.NewService(db, now, auth.DefaultParams)
}
