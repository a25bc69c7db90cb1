package main

import (
	"context"

	"github.com/rotaoncall/rota/system"
)

// startHandoff runs the handoff notices on the process clock, every
// minute, until the returned stop is called. Every Rota process runs it:
// each notice is claimed by one of them.
func (a *app) startHandoff(sys *system.System) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { sys.Handoff.Run(ctx); close(done) }()
	return func() { cancel(); <-done }
}
