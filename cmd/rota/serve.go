package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/spf13/cobra"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/auth"
	"github.com/rotaoncall/rota/demo"
	"github.com/rotaoncall/rota/frontend"
	"github.com/rotaoncall/rota/system"
)

// BootstrapEmail is the admin created when serve starts on an empty database.
const BootstrapEmail = "admin@example.com"

func (a *app) serveCmd() *cobra.Command {
	var demoMode bool
	cmd := &cobra.Command{
		Use:   "serve [--demo]",
		Short: "Run the web app, API, escalation and senders (migrates first)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.serve(cmd.Context(), demoMode)
		},
	}
	cmd.Flags().BoolVar(&demoMode, "demo", false, "serve a fresh demo organisation (a temporary SQLite file unless --database-url names an empty database)")
	return cmd
}

func (a *app) serve(ctx context.Context, demoMode bool) error {
	log := a.logger()
	if demoMode && !a.cfg.given["database-url"] {
		dir, err := os.MkdirTemp("", "rota-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		a.cfg.DatabaseURL = "sqlite://" + filepath.Join(dir, "demo.db")
	}
	db, err := a.openDB(ctx, log, true)
	if err != nil {
		return err
	}
	defer db.Close()
	now := a.clock()

	if demoMode {
		login, err := demo.Seed(ctx, db, auth.DefaultParams, now())
		if err != nil {
			return usageError{err}
		}
		if err := demo.SeedPaging(ctx, a.cfg.DatabaseURL, now()); err != nil {
			return fmt.Errorf("demo alert history: %w", err)
		}
		fmt.Fprintf(a.stdout, "Demo login: %s / %s (every demo user, e.g. dan@example.com, has this password; admin@example.com is the organisation admin)\n", login.Email, login.Password)
	} else if err := a.bootstrapAdmin(ctx, db, a.authService(db)); err != nil {
		return err
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	dist, err := fs.Sub(frontend.Dist, "dist")
	if err != nil {
		return err
	}

	// Listen before anything uses the public URL: without one set, it is
	// the address listened on (with the port the kernel gave for :0).
	ln, err := net.Listen("tcp", a.cfg.Listen)
	if err != nil {
		return usagef("cannot listen on %s: %v", a.cfg.Listen, err)
	}
	defer ln.Close()
	if !a.cfg.PublicURLGiven {
		a.cfg.PublicURL = publicURLOf(ln.Addr().String())
	}

	dl, err := a.delivery(log, db)
	if err != nil {
		return err
	}
	// One build of the system, the same the API tests use: intake commits
	// alerts, the engine escalates them, the dispatcher sends the pages the
	// engine writes to the outbox.
	sys := system.Build(db, system.Options{
		Now: now, Logger: log, Metrics: reg, Frontend: dist, PublicURL: a.cfg.PublicURL, Version: Version,
		AuthParams: auth.DefaultParams,
		Senders:    dl.senders, Notifier: dl.notifier, Limits: dl.limits, Status: dl.status, Twilio: dl.twilio, Reach: dl.reach,
		AlertLink:      func(id int64) string { return fmt.Sprintf("%s/alerts/%d", a.cfg.PublicURL, id) },
		TrustedProxies: a.cfg.TrustedProxies,
		PagerDuty:      a.pdConfig(),
	})

	httpSrv := &http.Server{
		Handler:           sys.API.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	if a.cfg.DebugListen != "" {
		dbg, err := net.Listen("tcp", a.cfg.DebugListen)
		if err != nil {
			return usagef("cannot listen on %s for profiles: %v", a.cfg.DebugListen, err)
		}
		mux := http.NewServeMux()
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
		dsrv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go dsrv.Serve(dbg)
		defer dsrv.Close()
	}
	workers := sys.Run()
	stopHousekeeping := a.startHousekeeping(db, log)
	stopHandoff := a.startHandoff(sys)
	stopMirror := a.startMirror(sys.PagerDuty, log)

	errc := make(chan error, 1)
	go func() { errc <- httpSrv.Serve(ln) }()
	fmt.Fprintf(a.stdout, "Rota is listening on http://%s (%s)\n", ln.Addr(), publicURLNote(ln.Addr().String(), a.cfg.PublicURL, a.cfg.PublicURLGiven))
	if demoMode {
		fmt.Fprintf(a.stdout, "Send the demo an alert: curl -X POST http://%s/api/v1/integrations/%s/generic -H 'Content-Type: application/json' -d '{\"summary\": \"checkout is down\", \"severity\": \"critical\"}'\n",
			ln.Addr(), demo.Keys["checkout"])
	}
	log.Info("serving", "addr", ln.Addr().String(), "dialect", db.Dialect(), "version", Version, "pages", dl.status.Sender)
	if !dl.status.Sending {
		fmt.Fprintln(a.stdout, "Pages are recorded and shown in the web app but not sent: set ROTA_TWILIO_ACCOUNT_SID, ROTA_TWILIO_AUTH_TOKEN and ROTA_TWILIO_FROM to page by SMS and phone.")
	}

	var serveErr error
	select {
	case err := <-errc:
		serveErr = fmt.Errorf("HTTP server stopped: %w", err)
	case <-ctx.Done():
	}
	// Ordered shutdown: stop taking requests and let in-flight ones finish;
	// commit what intake has queued; let escalation finish its transaction;
	// drain the outbox of what is due, through the same rate limits and SMS
	// bundling as ever (what the limits hold back stays due for the next
	// process); then the database closes (defer).
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := httpSrv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("HTTP shutdown", "err", err)
	}
	stopHousekeeping()
	stopHandoff()
	stopMirror()
	workers.Stop(shutCtx)
	if serveErr != nil {
		return serveErr
	}
	log.Info("stopped")
	return nil
}

// bootstrapAdmin creates the first admin on an empty database and prints
// the login, so that `make run` leads straight to a working sign-in.
func (a *app) bootstrapAdmin(ctx context.Context, db interface {
	CountUsers(context.Context) (int64, error)
}, svc interface {
	CreateUser(context.Context, rota.User) (rota.User, string, error)
}) error {
	n, err := db.CountUsers(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	u, pw, err := svc.CreateUser(ctx, rota.User{Email: BootstrapEmail, Name: "Admin", Discipline: rota.Ops, TimeZone: "UTC", IsAdmin: true})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Created the first admin. Sign in as %s with one-time password: %s (it works once, to choose your own password)\n", u.Email, pw)
	return nil
}
