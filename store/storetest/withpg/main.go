// Command withpg starts a throwaway PostgreSQL server, runs a command with
// ROTA_TEST_DATABASE_URL pointing at it, and stops the server afterwards, so
// that a whole test run shares one server. If ROTA_TEST_DATABASE_URL is
// already set it just runs the command.
//
//	go run ./store/storetest/withpg -- go test ./...
//	go run ./store/storetest/withpg -durable -- sh -c '…'   (fsync on, for load runs)
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"github.com/rotaoncall/rota/store/storetest"
)

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	durable := false
	if len(args) > 0 && args[0] == "-durable" {
		durable, args = true, args[1:]
	}
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: withpg -- COMMAND [ARGS…]")
		return 2
	}
	env := os.Environ()
	if os.Getenv(storetest.EnvURL) == "" {
		start := storetest.StartServer
		if durable {
			start = storetest.StartDurableServer
		}
		srv, err := start()
		if err != nil {
			fmt.Fprintln(os.Stderr, "withpg:", err)
			return 2
		}
		defer srv.Stop()
		env = append(env, storetest.EnvURL+"="+srv.URL)
		fmt.Fprintln(os.Stderr, "withpg: PostgreSQL for tests at", srv.URL)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr, cmd.Env = os.Stdin, os.Stdout, os.Stderr, env
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "withpg:", err)
		return 2
	}
	go func() {
		for s := range sig {
			cmd.Process.Signal(s)
		}
	}()
	err := cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return 1
	}
	return 0
}
