package store

import (
	"context"

	"gorm.io/gorm"
)

// InTx runs fn in one database transaction and hands it a DB bound to
// that transaction: every method called on tx takes part, and the methods
// that open their own transaction nest as savepoints. The transaction
// commits when fn returns nil and rolls back otherwise, so work that spans
// many methods (rota apply) is all or nothing. Only the caller's goroutine
// may use tx, and only until fn returns; tx's pool-level methods (Ping,
// SQL, Migrate, Close) still act on the whole pool.
func (db *DB) InTx(ctx context.Context, fn func(tx *DB) error) error {
	defer db.lockWrites()()
	return db.gorm.WithContext(ctx).Transaction(func(g *gorm.DB) error {
		bound := *db
		bound.gorm, bound.inTx = g, true
		return fn(&bound)
	})
}
