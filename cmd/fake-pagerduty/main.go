// Command fake-pagerduty runs pdfake, the fake PagerDuty, seeded with its
// fixture organisation, for browser tests and trying the sync by hand:
// point ROTA_PAGERDUTY_API_URL and ROTA_PAGERDUTY_EVENTS_URL at the URL it
// prints on its first line and connect with the token on its second. GET
// /fake/events on the same URL lists the Events API v2 events it received.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/rotaoncall/rota/pagerduty/pdfake"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "fake-pagerduty:", err)
		}
		os.Exit(2)
	}
}

// run serves until ctx ends. The fake itself listens on a loopback port of
// its own; run puts a front on listen that answers /fake/events and passes
// everything else to it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fake-pagerduty", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8090", "`host:port` to listen on (port 0 picks a free one)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	fake := pdfake.NewFixture()
	defer fake.Close()
	target, err := url.Parse(fake.URL)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /fake/events", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(fake.Events())
	})
	mux.Handle("/", httputil.NewSingleHostReverseProxy(target))
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	base := "http://" + ln.Addr().String()
	fmt.Fprintln(stdout, base)
	fmt.Fprintln(stdout, "token="+pdfake.FixtureToken)
	log.Info("fake PagerDuty listening", "url", base, "fixture_at", pdfake.FixtureAt)
	<-ctx.Done()
	log.Info("fake PagerDuty stopping")
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shut)
}
