package load

import (
	"testing"

	"github.com/rotaoncall/rota/internal/guard"
)

// TestStdlibOnly keeps the package on the standard library and the
// scheduler (itself standard library only) for tiers, dates and shifts.
func TestStdlibOnly(t *testing.T) { guard.StdlibAnd(t, "github.com/rotaoncall/rota/scheduler") }

// TestNoWallClock keeps the clock out of the package, tests included.
func TestNoWallClock(t *testing.T) { guard.NoWallClock(t) }
