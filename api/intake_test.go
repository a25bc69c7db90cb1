package api_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

// TestIntakeBadValuesNeverRetryForever: values PostgreSQL cannot store (a
// NUL byte, an over-long fingerprint) are refused with 400 naming the field
// or stored without the NUL, never answered 503 (which monitors retry
// forever); and one bad alert does not keep the good ones of its
// Alertmanager group from being stored and paging.
func TestIntakeBadValuesNeverRetryForever(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newPagingEnv(t, d)
			anon := e.anon()
			gp := "/api/v1/integrations/" + e.keys["generic"] + "/generic"
			ap := "/api/v1/integrations/" + e.keys["alertmanager"] + "/alertmanager"

			// Free text: the NUL is dropped and the alert stored.
			r := anon.mustDo("POST", gp, map[string]any{"summary": "disk\x00 full", "source": "db\x00-1", "dedup_key": "nul-text",
				"labels": map[string]string{"env": "pr\x00od"}, "details": map[string]string{"note": "a\x00b"}}, 202)
			var sum, src, labels string
			if err := e.db.SQL().QueryRow("SELECT summary, source, labels FROM alerts WHERE dedup_key = 'nul-text'").Scan(&sum, &src, &labels); err != nil {
				t.Fatalf("the alert was not stored: %v (%s)", err, r.Body)
			}
			if sum != "disk full" || src != "db-1" || strings.Contains(labels, `\u0000`) {
				t.Fatalf("stored summary %q source %q labels %s, want the NUL bytes removed", sum, src, labels)
			}

			// Identifiers: refused, naming the field.
			for _, tc := range []struct {
				name  string
				body  any
				field string
			}{
				{"NUL in dedup key", map[string]any{"summary": "x", "dedup_key": "a\x00b"}, "dedup_key"},
				{"dedup key too long", map[string]any{"summary": "x", "dedup_key": noise(8000)}, "dedup_key"},
				{"label value too long", map[string]any{"summary": "x", "labels": map[string]string{"env": strings.Repeat("v", 8000)}}, "labels.env"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					r := anon.mustDo("POST", gp, tc.body, 400)
					if _, f := r.errorOf(t); f != tc.field {
						t.Fatalf("field %q, want %q: %s", f, tc.field, r.Body)
					}
				})
			}

			// An Alertmanager group with a bad alert between two good ones.
			alert := func(fp, summary string) map[string]any {
				return map[string]any{"status": "firing", "labels": map[string]string{"alertname": "DiskFull", "instance": fp[:min(len(fp), 8)]},
					"annotations": map[string]string{"summary": summary}, "fingerprint": fp, "startsAt": "2026-11-22T08:59:00Z"}
			}
			group := map[string]any{"version": "4", "groupKey": "{}:{alertname=\"DiskFull\"}", "status": "firing", "receiver": "rota",
				"alerts": []any{alert("good1", "disk full on a"), alert(noise(8000), "disk full on b"), alert("good2", "disk\x00 full on c")}}
			r = anon.mustDo("POST", ap, group, 200)
			var res struct {
				Status string
				Alerts []struct {
					Outcome string
					Error   struct{ Code, Field string }
				}
			}
			r.json(t, &res)
			if len(res.Alerts) != 3 || res.Alerts[0].Outcome != "created" || res.Alerts[2].Outcome != "created" {
				t.Fatalf("the good alerts of the group were not stored: %s", r.Body)
			}
			if res.Status != "partial" || res.Alerts[1].Outcome != "refused" || res.Alerts[1].Error.Code != "invalid" || res.Alerts[1].Error.Field != "alerts[1].fingerprint" {
				t.Fatalf("the bad alert is not reported as refused at alerts[1].fingerprint: %s", r.Body)
			}
			// Alertmanager retries the same notification: still no 503, no duplicates.
			r = anon.mustDo("POST", ap, group, 200)
			if strings.Count(string(r.Body), `"deduplicated"`) != 2 {
				t.Fatalf("retry of the group: %s", r.Body)
			}
			if _, err := e.engine.RunOnce(context.Background(), e.clock.Now()); err != nil {
				t.Fatal(err)
			}
			if _, err := e.disp.RunOnce(context.Background(), e.clock.Now()); err != nil {
				t.Fatal(err)
			}
			// nul-text, good1 and good2 page Olga (primary).
			if n := e.sink.count(); n != 3 {
				t.Fatalf("%d pages sent, want 3 (the good alerts page)", n)
			}

			// Every alert of the group bad: 400, nothing written.
			before := e.alertCount()
			bad := map[string]any{"version": "4", "status": "firing", "alerts": []any{alert(strings.Repeat("g", 300), "x"), alert("a\x00", "y")}}
			r = anon.mustDo("POST", ap, bad, 400)
			if _, f := r.errorOf(t); f != "alerts[0].fingerprint" {
				t.Fatalf("all-bad group: %s", r.Body)
			}
			if e.alertCount() != before {
				t.Fatal("an all-bad group wrote alerts")
			}
		})
	}
}

// TestPagerDutyBadValues: the PagerDuty endpoint refuses what PostgreSQL
// cannot store with PagerDuty's 400, naming the field, and strips NUL from
// free text.
func TestPagerDutyBadValues(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newPagingEnv(t, d)
			anon := e.anon()
			key := e.keys["pagerduty"]
			ev := func(dedup, summary string) map[string]any {
				return map[string]any{"routing_key": key, "event_action": "trigger", "dedup_key": dedup,
					"payload": map[string]any{"summary": summary, "source": "db\x00-2", "severity": "critical", "custom_details": map[string]string{"k": "v\x00"}}}
			}
			r := anon.mustDo("POST", "/v2/enqueue", ev("pd-nul", "lag\x00 high"), 202)
			var sum string
			if err := e.db.SQL().QueryRow("SELECT summary FROM alerts WHERE dedup_key = 'pd-nul'").Scan(&sum); err != nil || sum != "lag high" {
				t.Fatalf("stored %q, %v (%s)", sum, err, r.Body)
			}
			for _, tc := range []struct{ name, dedup, want string }{
				{"NUL in dedup key", "a\x00b", "dedup_key"},
				{"dedup key too long", noise(8000), "dedup_key"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					r := anon.mustDo("POST", "/v2/enqueue", ev(tc.dedup, "x"), 400)
					if !strings.Contains(string(r.Body), tc.want) {
						t.Fatalf("body %s does not name %s", r.Body, tc.want)
					}
				})
			}
		})
	}
}

// TestTrailingDataRefused: a JSON body followed by anything but white
// space is refused (400 naming the body) by the three intakes and by the
// API's JSON binding, and nothing is stored.
func TestTrailingDataRefused(t *testing.T) {
	e := newPagingEnv(t, store.SQLite)
	anon := e.anon()
	gp := "/api/v1/integrations/" + e.keys["generic"] + "/generic"
	ap := "/api/v1/integrations/" + e.keys["alertmanager"] + "/alertmanager"
	am := `{"version": "4", "status": "firing", "alerts": [{"labels": {"alertname": "A"}, "fingerprint": "t1"}]}`
	pd := `{"routing_key": "` + e.keys["pagerduty"] + `", "event_action": "trigger", "payload": {"summary": "s", "source": "x", "severity": "info"}}`
	for _, tc := range []struct{ name, path, body string }{
		{"generic, a second object", gp, `{"summary": "a"} {"summary": "b"}`},
		{"generic, a closing brace", gp, `{"summary": "a"}}`},
		{"generic, a closing bracket", gp, `{"summary": "a"}]`},
		{"alertmanager, garbage", ap, am + ` x`},
		{"alertmanager, a closing brace", ap, am + `}`},
		{"api login, a closing brace", "/api/v1/auth/login", `{"email": "olga@example.com", "password": "x"}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := anon.mustDo("POST", tc.path, tc.body, 400)
			if _, f := r.errorOf(t); f != "body" {
				t.Fatalf("field %q, want body: %s", f, r.Body)
			}
		})
	}
	r := anon.mustDo("POST", "/v2/enqueue", pd+`}`, 400)
	if !strings.Contains(string(r.Body), "after the JSON value") {
		t.Fatalf("PagerDuty with trailing data: %s", r.Body)
	}
	if n := e.alertCount(); n != 0 {
		t.Fatalf("%d alerts stored from bodies with trailing data", n)
	}
	// White space after the value is fine.
	anon.mustDo("POST", gp, "{\"summary\": \"a\"}\n\t ", 202)
}

// tcpProxy forwards connections to a database server until stop, which
// closes every connection and the listener: to the client, the server has
// gone away (open connections break, new ones are refused).
type tcpProxy struct {
	ln     net.Listener
	mu     sync.Mutex
	conns  []net.Conn
	closed bool
}

func startProxy(t *testing.T, target string) *tcpProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			if p.closed {
				c.Close()
				s.Close()
			}
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
	t.Cleanup(p.stop)
	return p
}

func (p *tcpProxy) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	p.ln.Close()
	for _, c := range p.conns {
		c.Close()
	}
}

// outageEnv is a paging environment whose database can be taken away: on
// SQLite by closing it, on PostgreSQL by cutting the network to it.
func outageEnv(t *testing.T, d store.Dialect) (*pagingEnv, func()) {
	clock := storetest.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	if d == store.SQLite {
		db := storetest.Open(t, d, storetest.Options{Now: clock.Now})
		return newPagingEnvOn(t, newTeamEnvOn(t, newEnvOnDB(t, db, clock, false))), func() { db.Close() }
	}
	u, err := url.Parse(storetest.URL(t, d))
	if err != nil {
		t.Fatal(err)
	}
	proxy := startProxy(t, u.Host)
	u.Host = proxy.ln.Addr().String()
	ctx := context.Background()
	db, err := store.Open(ctx, u.String(), store.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return newPagingEnvOn(t, newTeamEnvOn(t, newEnvOnDB(t, db, clock, false))), proxy.stop
}

// TestIntakeDatabaseOutage: while the database is away every intake answers
// 503 with Retry-After, so that monitors retry, whether or not the
// integration keys were cached before the outage; never 500.
func TestIntakeDatabaseOutage(t *testing.T) {
	for _, d := range storetest.Dialects {
		for _, warm := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/cached=%v", d, warm), func(t *testing.T) {
				e, outage := outageEnv(t, d)
				anon := e.anon()
				gp := "/api/v1/integrations/" + e.keys["generic"] + "/generic"
				ap := "/api/v1/integrations/" + e.keys["alertmanager"] + "/alertmanager"
				pd := map[string]any{"routing_key": e.keys["pagerduty"], "event_action": "trigger", "payload": map[string]any{"summary": "s", "source": "x", "severity": "info"}}
				am := map[string]any{"version": "4", "status": "firing", "alerts": []any{map[string]any{"labels": map[string]string{"alertname": "A"}, "fingerprint": "o1"}}}
				// Change events follow the alert intake's rules.
				cp := "/api/v1/integrations/" + e.keys["generic"] + "/change"
				change := map[string]any{"payload": map[string]any{"summary": "deploy", "timestamp": "2026-11-20T10:00:00Z"}}
				pdChange := map[string]any{"routing_key": e.keys["generic"], "payload": map[string]any{"summary": "deploy 2", "timestamp": "2026-11-20T10:00:00Z"}}
				if warm {
					anon.mustDo("POST", cp, change, 202)
					anon.mustDo("POST", "/v2/change/enqueue", pdChange, 202)
					anon.mustDo("POST", gp, map[string]any{"summary": "before"}, 202)
					anon.mustDo("POST", ap, am, 200)
					anon.mustDo("POST", "/v2/enqueue", pd, 202)
				}
				outage()
				for _, tc := range []struct {
					path string
					body any
				}{{gp, map[string]any{"summary": "during"}}, {ap, am}, {"/v2/enqueue", pd}, {cp, change}, {"/v2/change/enqueue", pdChange}} {
					r := anon.do("POST", tc.path, tc.body)
					if r.Status != 503 || r.Header.Get("Retry-After") == "" {
						t.Errorf("POST %s during the outage = %d (Retry-After %q) %s, want 503 with Retry-After", tc.path, r.Status, r.Header.Get("Retry-After"), r.Body)
					}
				}
			})
		}
	}
}

// noise returns n characters that do not compress: PostgreSQL compresses a
// long index entry before deciding it is too large for its index.
func noise(n int) string {
	var b []byte
	sum := sha256.Sum256([]byte("seed"))
	for len(b) < n {
		b = hex.AppendEncode(b, sum[:])
		sum = sha256.Sum256(sum[:])
	}
	return string(b[:n])
}

// TestJSONContentTypeRequired: the intakes and the JSON API read a body
// only when it is declared JSON (application/json with a UTF-8 charset or
// none, or a +json type); anything else is 415 naming the header, and
// nothing is stored.
func TestJSONContentTypeRequired(t *testing.T) {
	e := newPagingEnv(t, store.SQLite)
	gp := "/api/v1/integrations/" + e.keys["generic"] + "/generic"
	ap := "/api/v1/integrations/" + e.keys["alertmanager"] + "/alertmanager"
	generic := `{"summary": "s"}`
	am := `{"version": "4", "status": "firing", "alerts": [{"labels": {"alertname": "A"}}]}`
	pd := `{"routing_key": "` + e.keys["pagerduty"] + `", "event_action": "trigger", "payload": {"summary": "s", "source": "x", "severity": "info"}}`
	with := func(c *client, ct string) *client {
		cc := *c
		cc.header = http.Header{"Content-Type": {ct}}
		if ct == "" {
			cc.header = http.Header{"Content-Type": nil}
		}
		return &cc
	}
	for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=iso-8859-1", "application/", "json"} {
		t.Run("refused "+ct, func(t *testing.T) {
			for _, call := range []struct {
				c          *client
				path, body string
			}{
				{e.anon(), gp, generic},
				{e.anon(), ap, am},
				{e.admin, "/api/v1/teams", `{"name": "infra"}`},
				{e.olga, "/api/v1/me/tokens", `{"name": "ci"}`},
				{e.anon(), "/api/v1/integrations/" + e.keys["generic"] + "/change", `{"payload": {"summary": "deploy", "source": "ci"}}`},
			} {
				r := with(call.c, ct).mustDo("POST", call.path, call.body, 415)
				if code, f := r.errorOf(t); code != "unsupported_media_type" || f != "Content-Type" {
					t.Fatalf("POST %s: code %q field %q, want unsupported_media_type at Content-Type: %s", call.path, code, f, r.Body)
				}
			}
			r := with(e.anon(), ct).mustDo("POST", "/v2/enqueue", pd, 415)
			if !strings.Contains(string(r.Body), "Content-Type") {
				t.Fatalf("PagerDuty 415: %s", r.Body)
			}
		})
	}
	// Sign-in too (once: it is rate limited).
	with(e.anon(), "text/plain").mustDo("POST", "/api/v1/auth/login", `{"email": "olga@example.com", "password": "x"}`, 415)
	if n := e.alertCount(); n != 0 {
		t.Fatalf("%d alerts stored from bodies not declared JSON", n)
	}
	var teams int
	e.db.SQL().QueryRow("SELECT COUNT(*) FROM teams WHERE name = 'infra'").Scan(&teams)
	if teams != 0 {
		t.Fatal("a team was created from a body not declared JSON")
	}
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "Application/JSON; charset=UTF-8", "application/vnd.rota+json"} {
		t.Run("accepted "+ct, func(t *testing.T) {
			with(e.anon(), ct).mustDo("POST", gp, generic, 202)
			with(e.anon(), ct).mustDo("POST", ap, am, 200)
			with(e.anon(), ct).mustDo("POST", "/v2/enqueue", pd, 202)
		})
	}
}

// TestOpenAPIDocuments415: every operation that reads a JSON body says it
// may answer 415.
func TestOpenAPIDocuments415(t *testing.T) {
	doc := loadSpec(t)
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value.Content.Get("application/json") == nil {
				continue
			}
			if op.Responses.Status(415) == nil {
				t.Errorf("%s %s reads JSON but does not document 415", method, path)
			}
		}
	}
}
