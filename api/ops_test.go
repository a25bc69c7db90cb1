package api_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
	"github.com/rotaoncall/rota/system"
)

// TestWrongMethodIs405: a known path with the wrong method answers 405 in
// the one error shape, naming the allowed methods.
func TestWrongMethodIs405(t *testing.T) {
	e := newEnv(t, store.SQLite)
	admin, _ := e.user("admin@example.com", true)
	r := admin.do("DELETE", "/api/v1/me", nil)
	if r.Status != 405 {
		t.Fatalf("DELETE /api/v1/me = %d %s, want 405", r.Status, r.Body)
	}
	if code, _ := r.errorOf(t); code != "method_not_allowed" {
		t.Fatalf("error code %q, want method_not_allowed: %s", code, r.Body)
	}
	if allow := r.Header.Get("Allow"); allow != "GET, PATCH" && allow != "PATCH, GET" {
		t.Fatalf("Allow = %q, want GET and PATCH", allow)
	}
}

// TestReplayedStatusCallbackIsIdempotent: Twilio retries status callbacks
// and may deliver them out of order; a replayed (MessageSid, status) or a
// late earlier status writes no second timeline entry.
func TestReplayedStatusCallbackIsIdempotent(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newTwilioEnv(t, d)
			aid := e.trigger("k1")
			e.tick()
			msgs := messagesTo(e.fake, olgaPhone)
			if len(msgs) != 1 {
				t.Fatalf("%d SMS to Olga, want 1", len(msgs))
			}
			ctx := context.Background()
			post := func(sid, status string) {
				t.Helper()
				res, err := e.fake.SendStatus(ctx, sid, status)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != 204 {
					t.Fatalf("status callback %s answered %d", status, res.StatusCode)
				}
			}
			for _, st := range []string{"sent", "delivered", "delivered", "sent", "delivered"} {
				post(msgs[0].SID, st)
			}
			var delivered int
			e.db.SQL().QueryRow("SELECT COUNT(*) FROM alert_events WHERE alert_id = " + aid + " AND message LIKE '%delivered%'").Scan(&delivered)
			if delivered != 1 {
				t.Fatalf("%d 'delivered' timeline entries after replays, want 1", delivered)
			}
			var status string
			e.db.SQL().QueryRow("SELECT delivery FROM pages WHERE alert_id = " + aid + " AND channel = 'sms'").Scan(&status)
			if status != "delivered" {
				t.Fatalf("delivery status %q after a late 'sent', want delivered", status)
			}

			// A call's status replayed: one entry too.
			e.clock.Add(2 * time.Minute)
			e.tick()
			calls := e.fake.Calls()
			if len(calls) != 1 {
				t.Fatalf("%d calls, want 1", len(calls))
			}
			for range 3 {
				post(calls[0].SID, "completed")
			}
			var answered int
			e.db.SQL().QueryRow("SELECT COUNT(*) FROM alert_events WHERE alert_id = " + aid + " AND message LIKE '%answered%'").Scan(&answered)
			if answered != 1 {
				t.Fatalf("%d 'answered' timeline entries after replays, want 1", answered)
			}
		})
	}
}

// TestPasswordChangeAndResetRevokeTokens: a new password ends the user's
// API tokens as well as their other sessions, whether they changed it
// themselves or an admin reset it.
func TestPasswordChangeAndResetRevokeTokens(t *testing.T) {
	e := newEnv(t, store.SQLite)
	admin, _ := e.user("admin@example.com", true)
	u, pw := e.chosenUser(rota.User{Email: "dan@example.com", Name: "Dan"})
	here, other := e.anon(), e.anon()
	for _, c := range []*client{here, other} {
		c.mustDo("POST", "/api/v1/auth/login", map[string]string{"email": u.Email, "password": pw}, 200)
	}
	newToken := func() *client {
		t.Helper()
		var created struct{ Secret string }
		here.mustDo("POST", "/api/v1/me/tokens", map[string]string{"name": "ci"}, 201).json(t, &created)
		bot := e.anon()
		bot.bearer = created.Secret
		bot.mustDo("GET", "/api/v1/me", nil, 200)
		return bot
	}
	bot := newToken()
	here.mustDo("PUT", "/api/v1/me/password", map[string]string{"current_password": pw, "password": "a new password"}, 204)
	here.mustDo("GET", "/api/v1/me", nil, 200) // the session that changed it stays
	other.mustDo("GET", "/api/v1/me", nil, 401)
	bot.mustDo("GET", "/api/v1/me", nil, 401)
	var list struct {
		Tokens []struct {
			RevokedAt *time.Time `json:"revoked_at"`
		}
	}
	here.mustDo("GET", "/api/v1/me/tokens", nil, 200).json(t, &list)
	if len(list.Tokens) != 1 || list.Tokens[0].RevokedAt == nil {
		t.Fatalf("tokens after a password change: %+v", list.Tokens)
	}

	bot = newToken()
	admin.mustDo("POST", "/api/v1/users/"+id(u.ID)+"/reset-password", nil, 200)
	here.mustDo("GET", "/api/v1/me", nil, 401)
	bot.mustDo("GET", "/api/v1/me", nil, 401)
}

// loginServer is the server as rota serve builds it with trusted as its
// trusted proxies; its peers are on 127.0.0.1.
func loginServer(t *testing.T, trusted []string) string {
	t.Helper()
	clock := storetest.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	db := storetest.Open(t, store.SQLite, storetest.Options{Now: clock.Now})
	return newEnvBuilt(t, db, clock, false, nil, func(o *system.Options) { o.TrustedProxies = trusted }).srv.URL
}

// signInStatus tries a wrong password with the forwarding headers given.
func signInStatus(t *testing.T, base string, header http.Header) int {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/api/v1/auth/login", strings.NewReader(`{"email": "a@example.com", "password": "nopenopenope"}`))
	req.Header = header.Clone()
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestForwardedForTrustedOnlyFromProxies: a client cannot escape the
// sign-in limit by claiming another address in X-Forwarded-For or
// X-Real-IP; behind a configured proxy, the address it forwards is the
// client's.
func TestForwardedForTrustedOnlyFromProxies(t *testing.T) {
	spoofed := func(i int) http.Header {
		return http.Header{"X-Forwarded-For": {fmt.Sprintf("203.0.113.%d", i)}, "X-Real-Ip": {fmt.Sprintf("198.51.100.%d", i)}}
	}
	t.Run("untrusted peer", func(t *testing.T) {
		base := loginServer(t, nil)
		limited := false
		for i := 0; i < 15 && !limited; i++ {
			limited = signInStatus(t, base, spoofed(i)) == 429
		}
		if !limited {
			t.Fatal("15 sign-in attempts with a different X-Forwarded-For each were never throttled")
		}
	})
	t.Run("trusted proxy", func(t *testing.T) {
		base := loginServer(t, []string{"127.0.0.1", "10.0.0.0/8"})
		for i := 0; i < 15; i++ {
			if st := signInStatus(t, base, spoofed(i)); st != 401 {
				t.Fatalf("attempt %d from its own client behind the proxy: %d, want 401", i, st)
			}
		}
		limited := false
		for i := 0; i < 15 && !limited; i++ {
			limited = signInStatus(t, base, spoofed(99)) == 429
		}
		if !limited {
			t.Fatal("one client behind the trusted proxy was never throttled")
		}
	})
}

// lockedBuffer collects log output written from many goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var e164 = regexp.MustCompile(`\+[1-9][0-9]{7,14}`)

// TestLogsCarryNoSecrets runs a whole flow with every component logging
// at debug level — sign-in, a password change, an API token, integrations
// and alerts through each intake (one at a mistyped URL), an SMS page and
// a call to a phone, Twilio's callbacks and a reply, calendar feeds — and
// fails if the log holds an integration key, a token, a password, a
// session cookie or a full phone number.
func TestLogsCarryNoSecrets(t *testing.T) {
	logs := &lockedBuffer{}
	e := newPagingEnvOn(t, newTeamEnvOn(t, newEnvLogging(t, store.SQLite, true, logs)))
	e.admin.mustDo("PATCH", "/api/v1/users/"+id(e.olgaU.ID), map[string]string{"phone": olgaPhone}, 200)
	e.admin.mustDo("PATCH", "/api/v1/users/"+id(e.danU.ID), map[string]string{"phone": danPhone}, 200)
	ctx := context.Background()
	secrets := map[string]string{}
	for typ, k := range e.keys {
		secrets["integration key "+typ] = k
	}

	// Sign-in, a failed one, a password change, an API token.
	u, pw, err := e.auth.CreateUser(ctx, rota.User{Email: "sam@example.com", Name: "Sam"})
	if err != nil {
		t.Fatal(err)
	}
	secrets["one-time password"] = pw
	sam := e.anon()
	sam.mustDo("POST", "/api/v1/auth/login", map[string]string{"email": u.Email, "password": "not-" + pw}, 401)
	r := sam.mustDo("POST", "/api/v1/auth/login", map[string]string{"email": u.Email, "password": pw}, 200)
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		secrets["session cookie"] = c.Value
	}
	const newPassword = "correct horse battery staple"
	secrets["new password"] = newPassword
	sam.mustDo("PUT", "/api/v1/me/password", map[string]string{"current_password": pw, "password": newPassword}, 204)
	var tok struct{ Secret string }
	sam.mustDo("POST", "/api/v1/me/tokens", map[string]string{"name": "ci"}, 201).json(t, &tok)
	secrets["API token"] = tok.Secret
	bot := e.anon()
	bot.bearer = tok.Secret
	bot.mustDo("GET", "/api/v1/me", nil, 200)
	bad := e.anon()
	bad.bearer = tok.Secret + "x"
	bad.mustDo("GET", "/api/v1/me", nil, 401)

	// A new integration, alerts through every intake, and a mistyped URL.
	var in struct{ Key string }
	e.olga.mustDo("POST", "/api/v1/services/"+e.serviceID+"/integrations", map[string]string{"name": "scripts", "type": "generic"}, 201).json(t, &in)
	secrets["new integration key"] = in.Key
	e.anon().mustDo("POST", "/api/v1/integrations/"+in.Key+"/generic", map[string]any{"summary": "disk full", "dedup_key": "d1", "severity": "critical"}, 202)
	aid := e.trigger("k1")
	e.anon().mustDo("POST", "/api/v1/integrations/"+e.keys["alertmanager"]+"/alertmanager", map[string]any{
		"version": "4", "status": "firing", "receiver": "rota", "groupKey": "g", "alerts": []map[string]any{
			{"status": "firing", "labels": map[string]string{"alertname": "Latency", "severity": "warning"}, "annotations": map[string]string{"summary": "slow"}}}}, 200)
	e.anon().mustDo("POST", "/v2/enqueue", map[string]any{"routing_key": e.keys["pagerduty"], "event_action": "trigger",
		"payload": map[string]string{"summary": "queue backed up", "source": "worker", "severity": "error"}}, 202)
	e.anon().do("POST", "/api/v1/integrations/"+e.keys["generic"]+"/genric", map[string]string{"summary": "typo"})
	e.anon().do("GET", "/api/v1/integrations/"+e.keys["generic"]+"/generic", nil)

	// Pages by SMS and by phone (one call failing first: Twilio's error
	// quotes the number), Twilio's callbacks, a reply. Olga's SMS pages
	// leave bundled in one message.
	e.tick()
	e.clock.Add(time.Minute)
	e.tick()
	msgs := messagesTo(e.fake, olgaPhone)
	if len(msgs) == 0 {
		t.Fatal("no SMS reached Olga")
	}
	for _, st := range []string{"sent", "delivered", "delivered"} {
		res, err := e.fake.SendStatus(ctx, msgs[0].SID, st)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	e.clock.Add(2 * time.Minute)
	e.fake.FailNext(1, 400)
	e.tick()
	if calls := e.fake.Calls(); len(calls) > 0 {
		res, err := e.fake.SendStatus(ctx, calls[0].SID, "no-answer")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	twimlOf(t)(e.fake.InboundSMS(ctx, e.srv.URL+"/api/v1/twilio/sms", "+15557770000", rotaNumber, "1a"))
	twimlOf(t)(e.fake.InboundSMS(ctx, e.srv.URL+"/api/v1/twilio/sms", olgaPhone, rotaNumber, "help"))
	e.olga.mustDo("GET", "/api/v1/alerts/"+aid, nil, 200)

	// Calendar feeds, and one after it was revoked.
	var feed struct {
		Feed struct {
			MyShiftsURL         string `json:"my_shifts_url"`
			ScheduleURLTemplate string `json:"schedule_url_template"`
		}
	}
	e.olga.mustDo("POST", "/api/v1/me/calendar-feed", nil, 201).json(t, &feed)
	token := strings.TrimPrefix(feed.Feed.MyShiftsURL, "http://"+strings.TrimPrefix(e.srv.URL, "http://")+"/ical/")
	token, _, _ = strings.Cut(token, "/")
	if len(token) < 20 {
		t.Fatalf("feed token %q from %q", token, feed.Feed.MyShiftsURL)
	}
	secrets["calendar feed token"] = token
	local := func(u string) string { return e.srv.URL + u[strings.Index(u, "/ical/"):] }
	for _, u := range []string{feed.Feed.MyShiftsURL, strings.Replace(feed.Feed.ScheduleURLTemplate, "{schedule_id}", e.scheduleID, 1)} {
		res, err := http.Get(local(u))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("GET %s = %d", u, res.StatusCode)
		}
	}
	e.olga.mustDo("DELETE", "/api/v1/me/calendar-feed", nil, 204)
	if res, err := http.Get(local(feed.Feed.MyShiftsURL)); err == nil {
		res.Body.Close()
	}

	out := logs.String()
	// The flow was logged: the routes, and a key's prefix the web app shows.
	for _, want := range []string{`"route":"/api/v1/integrations/:key/generic"`, `"path":"/api/v1/integrations/` + in.Key[:6] + `…/generic"`, `"route":"/ical/:token/me.ics"`, `"route":"/api/v1/twilio/status"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %s", want)
		}
	}
	for what, s := range secrets {
		if s != "" && strings.Contains(out, s) {
			t.Errorf("the log holds the %s", what)
		}
	}
	if m := e164.FindAllString(out, 5); len(m) > 0 {
		t.Errorf("the log holds phone numbers: %v", m)
	}
	if t.Failed() {
		t.Logf("log:\n%s", out)
	}
}
