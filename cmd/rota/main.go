// Command rota is Rota's single binary: the server, migrations, user
// management and, later, apply/oncall/shifts. It is the only place that reads
// flags and the environment, picks the clock and wires the packages.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	_ "time/tzdata" // rotation math must not depend on the host's zone files
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
