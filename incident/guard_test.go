package incident

import (
	"testing"

	"github.com/rotaoncall/rota/internal/guard"
)

// TestDependencies keeps the package on the standard library, the root
// domain package, the scheduler it brings along and load, whose page-load
// definitions (bands, coalescing) the review uses; tests included.
// Paging, storage and HTTP code call this package, never the reverse.
func TestDependencies(t *testing.T) {
	guard.StdlibAnd(t, "github.com/rotaoncall/rota", "github.com/rotaoncall/rota/scheduler", "github.com/rotaoncall/rota/load")
}

// TestNoWallClock keeps the clock out of the package, tests included:
// every instant is an argument.
func TestNoWallClock(t *testing.T) { guard.NoWallClock(t) }
