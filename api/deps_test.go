package api_test

import (
	"testing"

	"github.com/rotaoncall/rota/internal/guard"
)

// TestNoStorage keeps the HTTP layer off the storage layer: api reaches
// data through the interfaces it declares and the domain packages, never
// store, gorm or a database driver (its tests may, to run a real server).
func TestNoStorage(t *testing.T) {
	guard.Never(t, "gorm.io/", "github.com/rotaoncall/rota/store", "github.com/jackc/", "github.com/glebarez/", "modernc.org/sqlite")
}
