// Command rota-load drives a running Rota and reports the achieved rate and
// latency percentiles. It talks to Rota only over HTTP, so anyone can point
// it at any Rota:
//
//	rota-load setup  -url http://127.0.0.1:8080 -token rota_…      (prints an integration key)
//	rota-load intake -url … -key KEY -rate 200 -sink 127.0.0.1:9999 (with ROTA_PAGE_WEBHOOK_URL=http://127.0.0.1:9999/pages)
//	rota-load intake -url … -key KEY -c 64                          (as fast as possible)
//	rota-load oncall -url http://127.0.0.1:8080 -token rota_… -c 200 -d 20s
//	rota-load oncall -url … -email olga@example.com -password … -rate 2000
//
// With -rate 0 (the default) every client sends its next request as soon as
// the previous answer arrives (closed loop); with -rate N requests start on
// a fixed schedule of N per second whatever the latency (open loop), with at
// most -c in flight, so slow answers cannot hide behind a slower send rate.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: rota-load setup|intake|oncall [flags]   (rota-load MODE -h for flags)")
		return 2
	}
	switch args[0] {
	case "oncall":
		return runOnCall(ctx, args[1:], stdout, stderr)
	case "intake":
		return runIntake(ctx, args[1:], stdout, stderr)
	case "setup":
		return runSetup(ctx, args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "rota-load: unknown mode %q (want oncall, intake or setup)\n", args[0])
		return 2
	}
}

// commonFlags are shared by every mode.
type commonFlags struct {
	url, token, email, password string
	conc                        int
	rate                        float64
	dur, warmup                 string
	json                        bool
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.url, "url", "http://127.0.0.1:8080", "base URL of the Rota under test")
	fs.StringVar(&c.token, "token", os.Getenv("ROTA_API_TOKEN"), "API token (default $ROTA_API_TOKEN)")
	fs.StringVar(&c.email, "email", "", "sign in with this email instead of a token")
	fs.StringVar(&c.password, "password", "", "password for -email")
	fs.IntVar(&c.conc, "c", 200, "concurrent clients (closed loop) or the in-flight cap (open loop)")
	fs.Float64Var(&c.rate, "rate", 0, "requests per second; 0 = as fast as the clients go")
	fs.StringVar(&c.dur, "d", "15s", "how long to measure")
	fs.StringVar(&c.warmup, "warmup", "2s", "unmeasured warm-up before measuring")
	fs.BoolVar(&c.json, "json", false, "print the result as JSON")
}
