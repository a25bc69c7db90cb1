package handoff

import (
	"testing"

	"github.com/rotaoncall/rota/internal/guard"
)

// TestStdlibOnly keeps the package on the standard library and the
// scheduler: storage and sending come in through Store and Sender.
func TestStdlibOnly(t *testing.T) { guard.StdlibAnd(t, "github.com/rotaoncall/rota/scheduler") }

// TestNoWallClock keeps the clock out of the package: RunOnce takes the
// instant, Run asks the clock it was given.
func TestNoWallClock(t *testing.T) { guard.NoWallClock(t) }
