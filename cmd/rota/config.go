package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/rotaoncall/rota/pagerduty/pdsync"
)

// config is Rota's configuration: each setting is a flag, and when the flag
// is not given, the ROTA_* environment variable (or, for secrets, the file
// named by ROTA_*_FILE).
type config struct {
	DatabaseURL string
	Listen      string
	PublicURL   string
	// PublicURLGiven: the public URL was set; otherwise serve uses the
	// address it listens on (publicURLOf).
	PublicURLGiven bool
	LogLevel       string
	LogFormat      string
	TwilioSID      string
	TwilioToken    string
	TwilioFrom     string
	TwilioService  string
	TwilioAPIURL   string
	PagerDutyToken string
	PagerDutyAPI   string
	PagerDutyEvent string
	// PagerDutyMirror are the PagerDuty schedules rota serve keeps
	// following Rota's on-call, every PagerDutyMirrorEvery.
	PagerDutyMirror      []pdsync.MirrorTarget
	pagerDutyMirrorText  string
	PagerDutyMirrorEvery time.Duration
	pagerDutyEveryText   string
	Server               string
	APIToken             string
	PageWebhook          string
	DebugListen          string
	TwilioRate           float64
	twilioRateText       string
	// TwilioCallRate is calls per second (TwilioRate when not given).
	TwilioCallRate     float64
	twilioCallRateText string
	// ClockStart, when set, is the instant Rota's clock starts at (it then
	// runs forward at the real rate): browser tests and demos give the day
	// they work on instead of reading the machine's.
	ClockStart     time.Time
	clockStartText string
	// Retention is how long resolved alerts, their pages and timelines are
	// kept; their page counts are kept as daily figures.
	Retention     time.Duration
	retentionText string
	// TrustedProxies are the reverse proxies (IPs or CIDRs) whose
	// X-Forwarded-For and X-Real-IP are believed.
	TrustedProxies     []string
	trustedProxiesText string

	settings []setting
	// given records which settings came from a flag or the environment
	// rather than their defaults.
	given map[string]bool
}

type setting struct {
	flag, env, def, help string
	secret               bool
	dst                  *string
}

func (c *config) register(fs *pflag.FlagSet) {
	c.settings = []setting{
		{"database-url", "ROTA_DATABASE_URL", "sqlite://rota.db", "database: sqlite://PATH or postgres://…", true, &c.DatabaseURL},
		{"listen", "ROTA_LISTEN", "127.0.0.1:8080", "HTTP listen address", false, &c.Listen},
		{"public-url", "ROTA_PUBLIC_URL", "", "external base URL (webhook signatures, links in SMS and calendar feeds); unset: the address Rota listens on", false, &c.PublicURL},
		{"log-level", "ROTA_LOG_LEVEL", "info", "log level: debug, info, warn, error", false, &c.LogLevel},
		{"log-format", "ROTA_LOG_FORMAT", "json", "log format: json or text", false, &c.LogFormat},
		{"twilio-account-sid", "ROTA_TWILIO_ACCOUNT_SID", "", "Twilio account SID (unset: pages are logged, not sent)", true, &c.TwilioSID},
		{"twilio-auth-token", "ROTA_TWILIO_AUTH_TOKEN", "", "Twilio auth token", true, &c.TwilioToken},
		{"twilio-from", "ROTA_TWILIO_FROM", "", "Twilio sending number (E.164)", false, &c.TwilioFrom},
		{"twilio-messaging-service-sid", "ROTA_TWILIO_MESSAGING_SERVICE_SID", "", "send SMS through this Twilio Messaging Service (MG…) instead of from the number; calls still come from --twilio-from", false, &c.TwilioService},
		{"twilio-rate", "ROTA_TWILIO_RATE", "1", "messages (and calls) per second Twilio may be sent: the number's rate, or the sum of a Messaging Service's senders'; pages beyond it wait in priority order and SMS are bundled", false, &c.twilioRateText},
		{"twilio-call-rate", "ROTA_TWILIO_CALL_RATE", "", "calls per second Twilio may be asked to place (the account's calls-per-second limit); unset: the same as --twilio-rate", false, &c.twilioCallRateText},
		{"twilio-api-url", "ROTA_TWILIO_API_URL", "https://api.twilio.com", "Twilio REST API base URL", false, &c.TwilioAPIURL},
		{"pagerduty-token", "ROTA_PAGERDUTY_TOKEN", "", "PagerDuty REST API token", true, &c.PagerDutyToken},
		{"pagerduty-api-url", "ROTA_PAGERDUTY_API_URL", "https://api.pagerduty.com", "PagerDuty REST API base URL", false, &c.PagerDutyAPI},
		{"pagerduty-events-url", "ROTA_PAGERDUTY_EVENTS_URL", "https://events.pagerduty.com", "PagerDuty Events API base URL", false, &c.PagerDutyEvent},
		{"pagerduty-mirror", "ROTA_PAGERDUTY_MIRROR", "", "PagerDuty schedules rota serve keeps following Rota's on-call: comma-separated TEAM/SCHEDULE[@secondary]=PAGERDUTY_SCHEDULE_ID", false, &c.pagerDutyMirrorText},
		{"pagerduty-mirror-every", "ROTA_PAGERDUTY_MIRROR_EVERY", "5m", "how often rota serve mirrors (at least 1m)", false, &c.pagerDutyEveryText},
		{"page-webhook-url", "ROTA_PAGE_WEBHOOK_URL", "", "POST every page as JSON to this URL (instead of only logging it when Twilio is not set)", true, &c.PageWebhook},
		{"debug-listen", "ROTA_DEBUG_LISTEN", "", "serve Go's pprof profiles on this address (e.g. 127.0.0.1:6060); off when empty", false, &c.DebugListen},
		{"server", "ROTA_SERVER", "", "URL of a running Rota: CLI commands become its clients (needs ROTA_API_TOKEN)", false, &c.Server},
		{"api-token", "ROTA_API_TOKEN", "", "API token for --server (create one under Settings)", true, &c.APIToken},
		{"retention", "ROTA_RETENTION", "400d", "how long resolved alerts, their pages and timelines are kept (e.g. 400d, 90d; at least 1d); daily page counts outlive them", false, &c.retentionText},
		{"trusted-proxies", "ROTA_TRUSTED_PROXIES", "", "comma-separated IPs or CIDRs of reverse proxies whose X-Forwarded-For / X-Real-IP give the client's address (sign-in limits, logs); unset: trust none", false, &c.trustedProxiesText},
		{"clock-start", "ROTA_CLOCK_START", "", "start Rota's clock at this RFC 3339 instant and let it run from there (tests and demos; unset: the system clock)", false, &c.clockStartText},
	}
	for _, s := range c.settings {
		help := fmt.Sprintf("%s (env %s", s.help, s.env)
		if s.secret {
			help += " or " + s.env + "_FILE"
		}
		fs.StringVar(s.dst, s.flag, s.def, help+")")
	}
}

// resolve fills settings not given as flags from the environment and checks
// them.
func (c *config) resolve(fs *pflag.FlagSet, getenv env) error {
	c.given = map[string]bool{}
	for _, s := range c.settings {
		if f := fs.Lookup(s.flag); f != nil && f.Changed {
			c.given[s.flag] = true
			continue
		}
		if v := getenv(s.env); v != "" {
			*s.dst = v
			c.given[s.flag] = true
			continue
		}
		if s.secret {
			if path := getenv(s.env + "_FILE"); path != "" {
				v, err := readSecretFile(path)
				if err != nil {
					return usagef("%s_FILE: %v", s.env, err)
				}
				*s.dst = v
				c.given[s.flag] = true
			}
		}
	}
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		return usagef("listen address %q is not host:port", c.Listen)
	}
	c.PublicURLGiven = c.given["public-url"]
	if !c.PublicURLGiven {
		c.PublicURL = publicURLOf(c.Listen)
	}
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usagef("public URL %q must be an absolute http(s) URL", c.PublicURL)
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	if _, err := c.level(); err != nil {
		return err
	}
	r, err := strconv.ParseFloat(c.twilioRateText, 64)
	if err != nil || r <= 0 || r > 10000 {
		return usagef("Twilio rate %q must be a number of messages per second (e.g. 1 or 30)", c.twilioRateText)
	}
	c.TwilioRate, c.TwilioCallRate = r, r
	if c.twilioCallRateText != "" {
		cr, err := strconv.ParseFloat(c.twilioCallRateText, 64)
		if err != nil || cr <= 0 || cr > 10000 {
			return usagef("Twilio call rate %q must be a number of calls per second (e.g. 1)", c.twilioCallRateText)
		}
		c.TwilioCallRate = cr
	}
	c.ClockStart = time.Time{}
	if c.clockStartText != "" {
		t, err := time.Parse(time.RFC3339, c.clockStartText)
		if err != nil {
			return usagef("clock start %q must be an RFC 3339 instant like 2027-01-13T10:00:00Z", c.clockStartText)
		}
		c.ClockStart = t.UTC()
	}
	ret, err := parseRetention(c.retentionText)
	if err != nil {
		return err
	}
	c.Retention = ret
	c.TrustedProxies = nil
	for _, p := range strings.Split(c.trustedProxiesText, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				return usagef("trusted proxy %q is not an IP address or CIDR (e.g. 10.0.0.5 or 10.0.0.0/8)", p)
			}
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		return usagef("log format %q must be json or text", c.LogFormat)
	}
	if c.PagerDutyMirror, err = pdsync.ParseMirrors(c.pagerDutyMirrorText); err != nil {
		return usagef("ROTA_PAGERDUTY_MIRROR: %v", err)
	}
	if c.PagerDutyMirrorEvery, err = time.ParseDuration(c.pagerDutyEveryText); err != nil || c.PagerDutyMirrorEvery < time.Minute {
		return usagef("ROTA_PAGERDUTY_MIRROR_EVERY %q must be a duration of at least 1m, like 5m", c.pagerDutyEveryText)
	}
	return nil
}

func (c *config) level() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return 0, usagef("log level %q must be debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}

// parseRetention reads a retention as days ("400d") or a Go duration
// ("9600h").
func parseRetention(v string) (time.Duration, error) {
	var d time.Duration
	if n, ok := strings.CutSuffix(v, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil {
			return 0, usagef("retention %q must be a number of days like 400d, or a duration like 9600h", v)
		}
		d = time.Duration(days) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(v); err != nil {
			return 0, usagef("retention %q must be a number of days like 400d, or a duration like 9600h", v)
		}
	}
	if d < 24*time.Hour {
		return 0, usagef("retention %q is shorter than a day; resolved alerts must stay for at least 1d", v)
	}
	return d, nil
}

// publicURLOf is the base URL of a listen address, for when no public URL
// is set: links then lead where Rota listens. An unspecified host (":8080",
// "0.0.0.0:8080") becomes localhost.
func publicURLOf(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "http://" + listen
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// publicURLNote says, for the start-up line, how the public URL relates to
// the address Rota listens on: derived from it, the same, or different —
// then links, calendar feeds and Twilio's signatures use an address this
// process does not answer on, which only works behind a proxy.
func publicURLNote(listenAddr, publicURL string, given bool) string {
	if !given {
		return fmt.Sprintf("public URL %s, from the listen address: set ROTA_PUBLIC_URL when people reach Rota by another address", publicURL)
	}
	if sameAddress(listenAddr, publicURL) {
		return "public URL " + publicURL
	}
	return fmt.Sprintf("public URL %s differs from the listen address: links in pages and calendar feeds and Twilio's webhook signatures use %s, so a proxy must forward it here", publicURL, publicURL)
}

// sameAddress reports whether publicURL reaches the listen address
// directly: plain http, the same port, and the same host (any host when
// listening on every interface; loopback names are alike).
func sameAddress(listenAddr, publicURL string) bool {
	u, err := url.Parse(publicURL)
	if err != nil || u.Scheme != "http" {
		return false
	}
	lhost, lport, err := net.SplitHostPort(listenAddr)
	if err != nil {
		return false
	}
	port := u.Port()
	if port == "" {
		port = "80"
	}
	if port != lport {
		return false
	}
	loopback := func(h string) bool {
		ip := net.ParseIP(h)
		return h == "localhost" || ip != nil && ip.IsLoopback()
	}
	lip := net.ParseIP(lhost)
	switch {
	case lhost == "" || lip != nil && lip.IsUnspecified():
		return true
	case strings.EqualFold(lhost, u.Hostname()):
		return true
	case loopback(lhost) && loopback(u.Hostname()):
		return true
	}
	return false
}
