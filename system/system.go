package system

import (
	"context"
	"io/fs"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"

	"github.com/rotaoncall/rota/api"
	"github.com/rotaoncall/rota/auth"
	"github.com/rotaoncall/rota/handoff"
	"github.com/rotaoncall/rota/incident/incidents"
	"github.com/rotaoncall/rota/load/loadsvc"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/pagerduty/pdsync"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/paging/twilio"
	"github.com/rotaoncall/rota/store"
)

// Options are what Build needs beyond the database.
type Options struct {
	Now        func() time.Time
	Logger     *slog.Logger
	Metrics    *prometheus.Registry // nil: a fresh registry
	Frontend   fs.FS                // the built web app; may be nil
	PublicURL  string
	Version    string
	AuthParams auth.Params

	// Senders deliver pages per channel; Notifier picks channels per
	// person; Limits cap the send rate per channel.
	Senders  map[paging.Channel]paging.Sender
	Notifier paging.Notifier
	Limits   map[paging.Channel]*rate.Limiter
	Status   api.PagingStatus
	// Twilio and Reach are set when paging goes through Twilio.
	Twilio *twilio.Client
	Reach  *paging.ContactNotifier
	// TrustedProxies are the reverse proxies whose forwarding headers name
	// the client (none by default).
	TrustedProxies []string
	// AlertLink makes the link to an alert in pages; may be nil.
	AlertLink func(alertID int64) string
	// PagerDuty says how to reach PagerDuty (the environment's token, the
	// URLs) for the sync under Settings → PagerDuty.
	PagerDuty pdsync.Config
	// Manual: the caller steps the engine and dispatcher itself (RunOnce
	// at chosen instants, as tests do), so the engine does not hand pages
	// to a running dispatcher and intake does not wake the engine.
	Manual bool
}

// System is Rota, assembled.
type System struct {
	DB           *store.DB
	Auth         *auth.Service
	OnCall       *oncall.Service
	PagingConfig *paging.ConfigCache
	Intake       *paging.Intake
	Engine       *paging.Engine
	Dispatcher   *paging.Dispatcher
	Alerts       *paging.Alerts
	Incidents    *incidents.Service
	Load         *loadsvc.Service
	PagerDuty    *pdsync.Service
	API          *api.Server
	// Handoff tells engineers at the start of their shifts; the caller
	// runs it (rota serve every minute, tests with RunOnce).
	Handoff *handoff.Worker

	log *slog.Logger
}

// Build wires Rota on db.
func Build(db *store.DB, o Options) *System {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Notifier == nil {
		o.Notifier = paging.FixedNotifier(paging.ChannelLog)
	}
	s := &System{DB: db, log: o.Logger}
	s.Auth = auth.NewService(db, o.Now, o.AuthParams)
	s.OnCall = oncall.New(db)
	s.PagingConfig = paging.NewConfigCache(db, o.Now)
	s.Dispatcher = paging.NewDispatcher(db, o.Senders, o.Now, o.Logger, o.AlertLink)
	s.Dispatcher.Limits = o.Limits
	s.Engine = paging.NewEngine(s.PagingConfig, db, s.OnCall, o.Notifier, o.Now, o.Logger)
	committers := 1
	if db.Dialect() == store.Postgres {
		committers = 2
	}
	var wake paging.Waker
	if !o.Manual {
		s.Engine.Dispatch, s.Engine.Handoff = s.Dispatcher, s.Dispatcher.Handoff
		wake = s.Engine
	}
	s.Intake = paging.NewIntake(s.PagingConfig, db, o.Now, o.Logger, wake, paging.IntakeOptions{Committers: committers})
	s.Alerts = paging.NewAlerts(db, s.Engine.Wake)
	s.Load = loadsvc.New(db, s.OnCall, o.Now)
	// Incidents follow alerts: new ones of auto services open or join an
	// incident, acknowledgements acknowledge it.
	s.Incidents = incidents.New(db, s.PagingConfig, s.Load, o.Now, o.Logger)
	s.Intake.Observe(s.Incidents)
	s.Alerts.Observe(s.Incidents)
	if o.Metrics == nil {
		o.Metrics = prometheus.NewRegistry()
	}
	o.Metrics.MustRegister(s.Load.Collector(o.Logger))
	// With a PagerDuty sender, PagerDuty follows the alerts it was sent:
	// acknowledgements and resolutions are forwarded through the outbox.
	if o.Senders[paging.ChannelPagerDuty] != nil {
		var wake func()
		if !o.Manual {
			wake = s.Dispatcher.Wake
		}
		fw := paging.NewForwarder(db, o.Now, wake, o.Logger)
		s.Intake.Observe(fw)
		s.Alerts.Observe(fw)
	}

	s.PagerDuty = NewPagerDutySync(db, s.OnCall, o.PagerDuty, o.Now, o.Logger)

	cfg := api.Config{
		Auth: s.Auth, Store: db, Logger: o.Logger, Metrics: o.Metrics, Frontend: o.Frontend,
		PublicURL: o.PublicURL, Version: o.Version,
		Schedules: db, OnCall: s.OnCall, Feeds: db, Now: o.Now,
		Paging: db, PagingConfig: s.PagingConfig, Intake: s.Intake, Alerts: s.Alerts, Engine: s.Engine, PagingStatus: o.Status,
		Contacts: db, TrustedProxies: o.TrustedProxies, Incidents: s.Incidents, Load: s.Load, Preview: s.Engine,
		PagerDuty: s.PagerDuty,
	}
	if o.Twilio != nil {
		cfg.Twilio = o.Twilio
	}
	if o.Reach != nil {
		cfg.Reach = o.Reach
	}
	s.API = api.New(cfg)
	s.Handoff = newHandoff(s, o)
	return s
}

// NewPagerDutySync is the PagerDuty sync on db, the one the server and
// the rota pagerduty commands use.
func NewPagerDutySync(db *store.DB, r pdsync.Resolver, cfg pdsync.Config, now func() time.Time, log *slog.Logger) *pdsync.Service {
	return pdsync.New(pdStore{db}, r, cfg, now, log)
}

// pdStore runs the sync's work in one store transaction.
type pdStore struct{ *store.DB }

func (s pdStore) InTx(ctx context.Context, fn func(pdsync.Store) error) error {
	return s.DB.InTx(ctx, func(tx *store.DB) error { return fn(tx) })
}

// Workers are the running background loops; Stop ends them in order.
type Workers struct {
	sys   *System
	stops []func()
}

// Run starts intake, the escalation engine and the dispatcher on the
// process clock (Manual callers start only what they do not step).
func (s *System) Run() *Workers {
	w := &Workers{sys: s}
	for _, run := range []func(context.Context){s.Intake.Run, s.Engine.Run, s.Dispatcher.Run} {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { run(ctx); close(done) }()
		w.stops = append(w.stops, func() { cancel(); <-done })
	}
	return w
}

// Stop is the ordered shutdown after the HTTP server has stopped taking
// requests: commit what intake has queued; let escalation finish its
// transaction; stop the dispatcher and send what is due (Drain).
func (w *Workers) Stop(ctx context.Context) {
	for _, stop := range w.stops {
		stop()
	}
	w.sys.Dispatcher.Drain(ctx)
}
