package api

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/authz"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/paging/twilio"
	"github.com/rotaoncall/rota/scheduler"
)

// Authenticator signs people in and recognises sessions and tokens.
type Authenticator interface {
	SignIn(ctx context.Context, email, pw string) (rota.User, string, time.Time, error)
	SignOut(ctx context.Context, token string) error
	Session(ctx context.Context, token string) (rota.User, error)
	Token(ctx context.Context, token string) (rota.User, error)
	CreateToken(ctx context.Context, userID int64, name string) (rota.APIToken, string, error)
	CreateUser(ctx context.Context, u rota.User) (rota.User, string, error)
	SetPassword(ctx context.Context, userID int64, pw string) error
	ChangePassword(ctx context.Context, u rota.User, current, pw, keepToken string) error
	ResetPassword(ctx context.Context, email string) (rota.User, string, error)
	Invite(ctx context.Context, u rota.User, teamID int64, role rota.TeamRole) (rota.User, string, error)
	// Forget drops cached credentials of a user after a change to them.
	Forget(userID int64)
}

// Store is the storage the handlers read and write.
type Store interface {
	Ping(ctx context.Context) error
	CheckSchema(ctx context.Context) error
	Users(ctx context.Context) ([]rota.User, error)
	User(ctx context.Context, id int64) (rota.User, error)
	UpdateUser(ctx context.Context, u rota.User) (rota.User, error)
	APITokens(ctx context.Context, userID int64) ([]rota.APIToken, error)
	RevokeAPIToken(ctx context.Context, userID, tokenID int64) error
	Teams(ctx context.Context) ([]rota.Team, error)
	Team(ctx context.Context, id int64) (rota.Team, error)
	CreateTeam(ctx context.Context, t rota.Team) (rota.Team, error)
	Members(ctx context.Context, teamID int64) ([]rota.Member, error)
	SetMember(ctx context.Context, teamID, userID int64, role rota.TeamRole) error
	RemoveMember(ctx context.Context, teamID, userID int64) error
	TeamRoles(ctx context.Context, userID int64) (map[int64]rota.TeamRole, error)
}

// Config is what New needs.
type Config struct {
	Auth      Authenticator
	Store     Store
	Logger    *slog.Logger
	Metrics   *prometheus.Registry // also served at /metrics
	Frontend  fs.FS                // the built web app (index.html, assets/); may lack index.html
	PublicURL string               // e.g. https://rota.example.com; decides the cookie's Secure flag
	Version   string
	Schedules ScheduleStore
	OnCall    Resolver
	Feeds     FeedStore
	Now       func() time.Time

	Paging       PagingStore
	PagingConfig *paging.ConfigCache
	Intake       Intake
	Alerts       *paging.Alerts // the alert lifecycle (ack, resolve, escalate)
	Engine       interface{ Wake() }
	PagingStatus PagingStatus
	Contacts     ContactStore
	Twilio       Twilio                     // nil when not configured
	Reach        interface{ Forget(int64) } // the notifier's cache
	Preview      PolicyPreviewer            // who a policy would page (paging.Engine)

	// Load computes page load and burnout flags.
	Load LoadService

	// TrustedProxies are the addresses (IPs or CIDRs) whose X-Forwarded-For
	// and X-Real-IP are believed; from anyone else they are ignored.
	TrustedProxies []string
	Incidents      Incidents
	// PagerDuty is the PagerDuty sync (Settings → PagerDuty); may be nil.
	PagerDuty PagerDutySync
}

// Server holds the HTTP handlers.
type Server struct {
	auth      Authenticator
	store     Store
	log       *slog.Logger
	metrics   *prometheus.Registry
	frontend  fs.FS
	secure    bool
	version   string
	engine    *gin.Engine
	apiLimit  int64
	loginRate *keyedLimiter
	schedules ScheduleStore
	oncall    Resolver
	feeds     FeedStore
	now       func() time.Time
	publicURL string
	nowCache  nowCache

	paging      PagingStore
	pagingCfg   *paging.ConfigCache
	intake      Intake
	alerts      *paging.Alerts
	escalator   interface{ Wake() }
	pagingState PagingStatus
	contacts    ContactStore
	twilio      Twilio
	reach       interface{ Forget(int64) }
	preview     PolicyPreviewer
	// conversation answers SMS replies and keypresses.
	conversation *twilio.Conversation
	// verifier proves numbers engineers add.
	verifier *twilio.Verifier

	incidents Incidents
	load      LoadService
	pagerduty PagerDutySync
}

// MaxBodyBytes caps API request bodies.
const MaxBodyBytes = 1 << 20

// New builds the server and its routes.
func New(cfg Config) *Server {
	gin.SetMode(gin.ReleaseMode)
	s := &Server{
		auth:      cfg.Auth,
		store:     cfg.Store,
		log:       cfg.Logger,
		metrics:   cfg.Metrics,
		frontend:  cfg.Frontend,
		secure:    strings.HasPrefix(cfg.PublicURL, "https://"),
		version:   cfg.Version,
		apiLimit:  MaxBodyBytes,
		loginRate: newKeyedLimiter(10, time.Minute),
		schedules: cfg.Schedules,
		oncall:    cfg.OnCall,
		feeds:     cfg.Feeds,
		now:       cfg.Now,
		publicURL: strings.TrimRight(cfg.PublicURL, "/"),

		paging:      cfg.Paging,
		pagingCfg:   cfg.PagingConfig,
		intake:      cfg.Intake,
		alerts:      cfg.Alerts,
		escalator:   cfg.Engine,
		pagingState: cfg.PagingStatus,
		contacts:    cfg.Contacts,
		twilio:      cfg.Twilio,
		reach:       cfg.Reach,
		incidents:   cfg.Incidents,
		load:        cfg.Load,
		preview:     cfg.Preview,
		pagerduty:   cfg.PagerDuty,
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.verifier = &twilio.Verifier{Store: cfg.Contacts, Log: s.log, Changed: s.forgetReach}
	if cfg.Twilio != nil {
		s.verifier.Twilio = cfg.Twilio
	}
	s.conversation = &twilio.Conversation{Store: conversationStore{cfg.Contacts, cfg.Paging, cfg.Store}, Alerts: cfg.Alerts, ServiceNames: s.serviceNames}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.metrics == nil {
		s.metrics = prometheus.NewRegistry()
	}
	if s.incidents != nil {
		// A registry shared by two servers has the gauges already.
		_ = s.metrics.Register(newDeliveryCollector(s))
	}
	e := gin.New()
	e.ContextWithFallback = true
	e.HandleMethodNotAllowed = true
	// c.ClientIP (rate-limit keys, the access log) reads forwarding headers
	// only from these; nil trusts none. cmd/rota validated the list.
	if err := e.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		s.log.Error("trusted proxies ignored", "err", err)
		e.SetTrustedProxies(nil)
	}
	e.Use(gin.CustomRecoveryWithWriter(nil, func(c *gin.Context, rec any) {
		s.log.Error("panic in handler", "route", c.FullPath(), "panic", rec)
		s.fail(c, rota.Errorf(rota.EInternal, "panic"))
	}))
	e.Use(requestID(), accessLog(s.log), newHTTPMetrics(s.metrics).middleware())
	s.engine = e
	s.routes()
	return s
}

// Handler returns the HTTP handler with cross-origin (CSRF) protection for
// cookie sessions: unsafe requests that a browser marks as cross-site are
// refused, while non-browser clients (tokens, webhooks) pass.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"error":{"code":"forbidden","message":"cross-origin request refused"}}`))
	}))
	return cop.Handler(s.engine)
}

// Routes lists the registered routes (method and gin path), for the OpenAPI
// test.
func (s *Server) Routes() gin.RoutesInfo { return s.engine.Routes() }

func (s *Server) routes() {
	e := s.engine
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", gin.WrapH(promhttp.HandlerFor(s.metrics, promhttp.HandlerOpts{Registry: s.metrics})))

	v1 := e.Group("/api/v1", limitBody(s.apiLimit))
	v1.GET("/openapi.json", s.openAPI)
	v1.POST("/auth/login", s.login)
	v1.POST("/auth/logout", s.logout)

	a := v1.Group("", s.authenticate())
	a.GET("/me", s.me)
	a.PATCH("/me", s.updateMe)
	a.PUT("/me/password", s.changePassword)
	a.GET("/me/permissions", s.myPermissions)
	a.GET("/me/tokens", s.listTokens)
	a.POST("/me/tokens", s.createToken)
	a.DELETE("/me/tokens/:token_id", s.revokeToken)

	a.GET("/users", s.listUsers)
	a.POST("/users", s.require(authz.OrgManage), s.createUser)
	a.GET("/users/:user_id", s.getUser)
	a.PATCH("/users/:user_id", s.updateUser)
	a.POST("/users/:user_id/reset-password", s.require(authz.OrgManage), s.resetPassword)

	a.GET("/teams", s.listTeams)
	a.POST("/teams", s.require(authz.OrgManage), s.createTeam)
	a.GET("/teams/:team_id", s.getTeam)
	a.GET("/teams/:team_id/members", s.listMembers)
	a.PUT("/teams/:team_id/members/:user_id", s.setMember)
	a.DELETE("/teams/:team_id/members/:user_id", s.removeMember)
	a.POST("/teams/:team_id/invites", s.inviteMember)

	a.GET("/me/calendar-feed", s.getFeed)
	a.POST("/me/calendar-feed", s.resetFeed)
	a.DELETE("/me/calendar-feed", s.revokeFeed)

	a.GET("/oncall", s.oncallNow)
	a.GET("/me/oncall", s.myOnCall)
	a.GET("/schedules", s.listSchedules)
	a.POST("/teams/:team_id/schedules", s.createSchedule)
	a.POST("/teams/:team_id/schedules/preview", s.previewSchedule)
	a.GET("/schedules/:schedule_id", s.getSchedule)
	a.PUT("/schedules/:schedule_id", s.updateSchedule)
	a.DELETE("/schedules/:schedule_id", s.deleteSchedule)
	a.GET("/schedules/:schedule_id/oncall", s.scheduleOnCall)
	a.GET("/schedules/:schedule_id/shifts", s.scheduleShifts)
	a.GET("/schedules/:schedule_id/gaps", s.scheduleGaps)
	a.GET("/schedules/:schedule_id/timeline", s.scheduleTimeline)
	a.POST("/schedules/:schedule_id/preview", s.previewSchedule)
	a.GET("/schedules/:schedule_id/audit", s.scheduleAudit)
	a.GET("/schedules/:schedule_id/overrides", s.listOverrides)
	a.POST("/schedules/:schedule_id/overrides", s.createOverride)
	a.DELETE("/schedules/:schedule_id/overrides/:override_id", s.deleteOverride)
	a.POST("/schedules/:schedule_id/swaps", s.createSwap)
	a.GET("/swaps", s.listSwaps)
	a.POST("/swaps/:swap_id/accept", s.decideSwap(scheduler.SwapAccept))
	a.POST("/swaps/:swap_id/decline", s.decideSwap(scheduler.SwapDecline))
	a.POST("/swaps/:swap_id/cancel", s.decideSwap(scheduler.SwapCancel))

	a.GET("/paging/status", s.pagingStatus)
	a.GET("/escalation-policies", s.listPolicies)
	a.POST("/teams/:team_id/escalation-policies", s.createPolicy)
	a.GET("/escalation-policies/:policy_id", s.getPolicy)
	a.PUT("/escalation-policies/:policy_id", s.updatePolicy)
	a.DELETE("/escalation-policies/:policy_id", s.deletePolicy)
	a.GET("/escalation-policies/:policy_id/preview", s.previewPolicy)
	a.GET("/services", s.listServices)
	a.POST("/teams/:team_id/services", s.createService)
	a.GET("/services/:service_id", s.getService)
	a.PUT("/services/:service_id", s.updateService)
	a.DELETE("/services/:service_id", s.deleteService)
	a.GET("/services/:service_id/integrations", s.listIntegrations)
	a.POST("/services/:service_id/integrations", s.createIntegration)
	a.DELETE("/services/:service_id/integrations/:integration_id", s.revokeIntegration)
	a.POST("/services/:service_id/maintenance", s.addMaintenance)
	a.DELETE("/services/:service_id/maintenance/:maintenance_id", s.deleteMaintenance)
	a.GET("/routing-rules", s.listRules)
	a.PUT("/routing-rules", s.require(authz.OrgManage), s.setRules)
	a.GET("/alerts", s.listAlerts)
	a.POST("/alerts/ack", s.bulkAck)
	a.GET("/alerts/:alert_id", s.getAlert)
	a.POST("/alerts/:alert_id/ack", s.alertAction(paging.AlertAck))
	a.POST("/alerts/:alert_id/resolve", s.alertAction(paging.AlertResolve))
	a.POST("/alerts/:alert_id/escalate", s.alertAction(paging.AlertEscalate))
	a.POST("/alerts/:alert_id/notes", s.addAlertNote)
	a.GET("/pages", s.listPages)

	a.GET("/me/contact-methods", s.listContacts)
	a.POST("/me/contact-methods", s.addContact)
	a.POST("/me/contact-methods/:contact_id/verify", s.verifyContact)
	a.POST("/me/contact-methods/:contact_id/resend", s.resendContactCode)
	a.DELETE("/me/contact-methods/:contact_id", s.deleteContact)
	a.PUT("/me/notification-rules", s.setNotificationRules)

	s.incidentRoutes(a)
	a.GET("/load", s.getLoad)
	a.POST("/load/imports", s.importLoad)
	a.GET("/teams/:team_id/load-thresholds", s.getLoadThresholds)
	a.PUT("/teams/:team_id/load-thresholds", s.setLoadThresholds)
	a.POST("/teams/:team_id/learners/:user_id/promote", s.promoteLearner)
	a.POST("/schedules/:schedule_id/load-proposals/accept", s.acceptProposal)
	s.pagerDutyRoutes(a)

	// Twilio webhooks: authenticated by X-Twilio-Signature.
	e.POST("/api/v1/twilio/sms", limitBody(64<<10), s.twilioSMS)
	e.POST("/api/v1/twilio/voice", limitBody(64<<10), s.twilioVoice)
	e.POST("/api/v1/twilio/status", limitBody(64<<10), s.twilioStatus)

	// Intake: authenticated by the integration key, not a session.
	e.POST("/api/v1/integrations/:key/generic", s.intakeGeneric)
	e.POST("/api/v1/integrations/:key/alertmanager", s.intakeAlertmanager)
	e.POST("/v2/enqueue", s.pagerDutyEnqueue)
	e.POST("/api/v1/integrations/:key/change", s.intakeChange)
	e.POST("/v2/change/enqueue", s.pagerDutyChange)

	e.GET("/ical/:token/me.ics", s.myShiftsFeed)
	e.GET("/ical/:token/schedules/:file", s.scheduleFeed)

	e.NoRoute(s.noRoute)
	// gin has already set the Allow header.
	e.NoMethod(func(c *gin.Context) {
		s.fail(c, rota.Errorf(rota.EMethodNotAllowed, "method %s is not allowed on %s", c.Request.Method, c.Request.URL.Path))
	})
}

func (s *Server) healthz(c *gin.Context) { c.String(http.StatusOK, "ok") }

func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.log.Warn("readiness: database does not answer", "err", err)
		s.fail(c, rota.Errorf(rota.EUnavailable, "database does not answer"))
		return
	}
	c.String(http.StatusOK, "ready")
}
