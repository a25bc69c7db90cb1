package api

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/auth"
)

const (
	ctxRequestID = "rota.request_id"
	ctxUser      = "rota.user"
)

// requestID tags every request with an id, taken from X-Request-ID when a
// proxy set a sane one.
func requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader("X-Request-ID")
		if id == "" || len(id) > 64 {
			b := make([]byte, 8)
			rand.Read(b)
			id = hex.EncodeToString(b)
		}
		c.Set(ctxRequestID, id)
		c.Header("X-Request-ID", id)
		c.Next()
	}
}

// accessLog logs one structured line per request.
func accessLog(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		level := slog.LevelInfo
		if route == "/healthz" || route == "/readyz" || route == "/metrics" {
			level = slog.LevelDebug
		}
		log.LogAttrs(c.Request.Context(), level, "http",
			slog.String("method", c.Request.Method),
			slog.String("route", route),
			slog.String("path", logPath(c)),
			slog.Int("status", c.Writer.Status()),
			slog.Float64("ms", float64(time.Since(start).Microseconds())/1000),
			slog.Int("bytes", c.Writer.Size()),
			slog.String("ip", c.ClientIP()),
			slog.String("request_id", c.GetString(ctxRequestID)),
		)
	}
}

// logPath is the request path fit for the log. On a matched route it is
// rebuilt from the route template, with credentials in the path replaced:
// an integration key by the prefix the web app shows beside it, a calendar
// feed token entirely. An unmatched path (a typo in a monitor's URL, say)
// may still carry one, so there every segment that looks like a random
// credential is replaced.
func logPath(c *gin.Context) string {
	route := c.FullPath()
	if route == "" {
		segs := strings.Split(c.Request.URL.Path, "/")
		for i, seg := range segs {
			if credentialLike(seg) {
				segs[i] = redacted
			}
		}
		return strings.Join(segs, "/")
	}
	segs := strings.Split(route, "/")
	for i, seg := range segs {
		if len(seg) < 2 || seg[0] != ':' && seg[0] != '*' {
			continue
		}
		name := seg[1:]
		v := strings.TrimPrefix(c.Param(name), "/")
		switch name {
		case "key":
			if len(v) > keyPrefixLen {
				v = v[:keyPrefixLen] + redacted
			} else {
				v = redacted
			}
		case "token":
			v = redacted
		}
		segs[i] = v
	}
	return strings.Join(segs, "/")
}

// redacted stands in a logged path for what was left out.
const redacted = "…"

// keyPrefixLen is how much of an integration key the web app shows.
const keyPrefixLen = 6

// credentialLike reports whether a path segment looks like a generated
// key or token: long, URL-safe base64 or hex, no file extension.
func credentialLike(seg string) bool {
	if len(seg) < 20 {
		return false
	}
	for _, r := range seg {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rota_http_requests_total", Help: "HTTP requests by route template, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "rota_http_request_duration_seconds", Help: "HTTP request latency by route template and method.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route", "method"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// middleware records metrics labelled by the route template, never the raw
// path, so label cardinality stays bounded.
func (m *httpMetrics) middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		m.requests.WithLabelValues(route, c.Request.Method, strconv.Itoa(c.Writer.Status())).Inc()
		m.duration.WithLabelValues(route, c.Request.Method).Observe(time.Since(start).Seconds())
	}
}

// limitBody caps request bodies at n bytes; reading past it fails with
// http.MaxBytesError, which fail maps to 413.
func limitBody(n int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.ContentLength > n {
			c.AbortWithStatusJSON(http.StatusRequestEntityTooLarge, errorBody{Error: errorDTO{Code: rota.ETooLarge, Message: "request body is larger than " + strconv.FormatInt(n, 10) + " bytes"}})
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, n)
		c.Next()
	}
}

// authenticate resolves the caller from a bearer token or the session
// cookie and refuses the request when there is neither.
func (s *Server) authenticate() gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx := c.Request.Context()
		var (
			u   rota.User
			err error
		)
		if h := c.GetHeader("Authorization"); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				s.fail(c, rota.Errorf(rota.EUnauthenticated, "Authorization must be \"Bearer TOKEN\""))
				return
			}
			u, err = s.auth.Token(ctx, strings.TrimSpace(token))
		} else {
			cookie, _ := c.Cookie(sessionCookie)
			u, err = s.auth.Session(ctx, cookie)
		}
		if err != nil {
			s.fail(c, err)
			return
		}
		// A one-time password opens one door: choosing a new password.
		if !(c.Request.Method == http.MethodPut && c.FullPath() == passwordRoute) {
			if err := auth.CheckOneTime(u); err != nil {
				s.fail(c, err)
				return
			}
		}
		c.Set(ctxUser, u)
		c.Next()
	}
}

// currentUser returns the authenticated caller.
func currentUser(c *gin.Context) rota.User {
	u, _ := c.Get(ctxUser)
	return u.(rota.User)
}
