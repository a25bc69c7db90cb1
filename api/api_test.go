package api_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/api"
	"github.com/rotaoncall/rota/store"
)

// TestOpenAPICoversEveryRoute keeps the document true: every registered
// route is described, and every described operation is registered.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	doc := loadSpec(t)
	s := api.New(api.Config{})
	param := regexp.MustCompile(`:([a-z_]+)`)
	registered := map[string]bool{}
	for _, r := range s.Routes() {
		key := r.Method + " " + param.ReplaceAllString(r.Path, "{$1}")
		registered[key] = true
		item := doc.Paths.Find(param.ReplaceAllString(r.Path, "{$1}"))
		if item == nil || item.GetOperation(r.Method) == nil {
			t.Errorf("route %s is not described in openapi.yaml", key)
		}
	}
	var described []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			described = append(described, method+" "+path)
		}
	}
	sort.Strings(described)
	for _, k := range described {
		if !registered[k] {
			t.Errorf("openapi.yaml describes %s, which is not registered", k)
		}
	}
	if len(registered) < 20 {
		t.Fatalf("only %d routes registered; the route listing is broken", len(registered))
	}
}

func TestSignIn(t *testing.T) {
	e := newEnv(t, store.SQLite)
	admin, _ := e.user("admin@example.com", true)
	r := admin.mustDo("GET", "/api/v1/me", nil, 200)
	var me struct{ User struct{ Email string } }
	r.json(t, &me)
	if me.User.Email != "admin@example.com" {
		t.Fatalf("me = %s", r.Body)
	}

	anon := e.anon()
	for _, tc := range []struct {
		name   string
		body   any
		status int
		code   string
		field  string
	}{
		{"wrong password", map[string]string{"email": "admin@example.com", "password": "wrongwrong"}, 401, "unauthenticated", ""},
		{"unknown email", map[string]string{"email": "ghost@example.com", "password": "wrongwrong"}, 401, "unauthenticated", ""},
		{"missing email", map[string]string{"password": "x"}, 400, "invalid", "email"},
		{"wrong type", `{"email": 5, "password": "x"}`, 400, "invalid", "email"},
		{"unknown field", `{"email": "a@b.c", "password": "x", "otp": 1}`, 400, "invalid", "otp"},
		{"malformed", `{"email": `, 400, "invalid", "body"},
		{"empty", ``, 400, "invalid", "body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := anon.mustDo("POST", "/api/v1/auth/login", tc.body, tc.status)
			code, field := r.errorOf(t)
			if code != tc.code || field != tc.field {
				t.Fatalf("error = %s/%s, want %s/%s", code, field, tc.code, tc.field)
			}
		})
	}
	// The two 401s are indistinguishable to the caller.
	a := anon.do("POST", "/api/v1/auth/login", map[string]string{"email": "admin@example.com", "password": "wrongwrong"})
	b := anon.do("POST", "/api/v1/auth/login", map[string]string{"email": "ghost@example.com", "password": "wrongwrong"})
	if string(a.Body) != string(b.Body) {
		t.Fatalf("wrong password and unknown email differ: %s vs %s", a.Body, b.Body)
	}
	anon.mustDo("GET", "/api/v1/me", nil, 401)

	admin.mustDo("POST", "/api/v1/auth/logout", nil, 204)
	admin.mustDo("GET", "/api/v1/me", nil, 401)
}

func TestSignInRateLimit(t *testing.T) {
	e := newEnv(t, store.SQLite)
	c := e.anon()
	var limited bool
	for i := 0; i < 15; i++ {
		r := c.do("POST", "/api/v1/auth/login", map[string]string{"email": "a@example.com", "password": "nopenopenope"})
		if r.Status == 429 {
			limited = true
			if r.Header.Get("Retry-After") == "" {
				t.Fatal("429 without Retry-After")
			}
			break
		}
	}
	if !limited {
		t.Fatal("15 rapid sign-in attempts were never throttled")
	}
}

func TestTokens(t *testing.T) {
	e := newEnv(t, store.SQLite)
	admin, _ := e.user("admin@example.com", true)
	r := admin.mustDo("POST", "/api/v1/me/tokens", map[string]string{"name": "ci"}, 201)
	var created struct {
		Token  struct{ ID string }
		Secret string
	}
	r.json(t, &created)
	bot := e.anon()
	bot.bearer = created.Secret
	bot.mustDo("GET", "/api/v1/users", nil, 200)
	// A token client is not a browser: no CSRF check stands in its way.
	bot.mustDo("POST", "/api/v1/teams", map[string]string{"name": "payments"}, 201)

	list := admin.mustDo("GET", "/api/v1/me/tokens", nil, 200)
	if strings.Contains(string(list.Body), created.Secret) {
		t.Fatal("token list reveals the secret")
	}
	admin.mustDo("DELETE", "/api/v1/me/tokens/"+created.Token.ID, nil, 204)
	r = bot.mustDo("GET", "/api/v1/users", nil, 401)
	if code, _ := r.errorOf(t); code != "unauthenticated" {
		t.Fatalf("revoked token: %s", r.Body)
	}
	bot.bearer = "not-a-token"
	bot.mustDo("GET", "/api/v1/users", nil, 401)
}

func TestAuthorization(t *testing.T) {
	e := newEnv(t, store.SQLite)
	admin, _ := e.user("admin@example.com", true)
	dan, danU := e.user("dan@example.com", false)
	olga, olgaU := e.user("olga@example.com", false)

	r := dan.mustDo("POST", "/api/v1/users", map[string]string{"email": "x@example.com", "name": "X"}, 403)
	if code, _ := r.errorOf(t); code != "forbidden" {
		t.Fatal(string(r.Body))
	}
	dan.mustDo("POST", "/api/v1/teams", map[string]string{"name": "payments"}, 403)

	r = admin.mustDo("POST", "/api/v1/teams", map[string]string{"name": "payments"}, 201)
	var team struct{ Team struct{ ID string } }
	r.json(t, &team)
	tid := team.Team.ID
	admin.mustDo("PUT", "/api/v1/teams/"+tid+"/members/"+id(danU.ID), map[string]string{"role": "admin"}, 204)
	admin.mustDo("PUT", "/api/v1/teams/"+tid+"/members/"+id(olgaU.ID), map[string]string{"role": "member"}, 204)
	// A team admin manages members; a member does not.
	dan.mustDo("PUT", "/api/v1/teams/"+tid+"/members/"+id(olgaU.ID), map[string]string{"role": "admin"}, 204)
	olga.mustDo("DELETE", "/api/v1/teams/"+tid+"/members/"+id(danU.ID), nil, 204) // olga is admin now
	dan.mustDo("PUT", "/api/v1/teams/"+tid+"/members/"+id(danU.ID), map[string]string{"role": "admin"}, 403)

	r = admin.mustDo("PUT", "/api/v1/teams/"+tid+"/members/"+id(danU.ID), map[string]string{"role": "boss"}, 400)
	if _, field := r.errorOf(t); field != "role" {
		t.Fatalf("bad role: %s", r.Body)
	}
	admin.mustDo("GET", "/api/v1/teams/999/members", nil, 404)
	admin.mustDo("GET", "/api/v1/teams/abc", nil, 404)

	// Users edit themselves, not others; they cannot make themselves admin.
	dan.mustDo("PATCH", "/api/v1/users/"+id(olgaU.ID), map[string]string{"name": "Hacked"}, 403)
	dan.mustDo("PATCH", "/api/v1/me", map[string]any{"is_admin": true}, 403)
	r = dan.mustDo("PATCH", "/api/v1/me", map[string]string{"time_zone": "Mars/Base"}, 400)
	if _, field := r.errorOf(t); field != "time_zone" {
		t.Fatalf("bad zone: %s", r.Body)
	}
	u, _ := e.db.User(context.Background(), danU.ID)
	if u.TimeZone != danU.TimeZone {
		t.Fatalf("rejected PATCH changed the zone to %q", u.TimeZone)
	}
	dan.mustDo("PATCH", "/api/v1/me", map[string]string{"time_zone": "America/New_York", "working_hours": "mon-fri 09:00-17:00"}, 200)
}

func TestCrossOriginRefused(t *testing.T) {
	e := newEnv(t, store.SQLite)
	admin, _ := e.user("admin@example.com", true)
	admin.header = http.Header{"Origin": {"https://evil.example"}, "Sec-Fetch-Site": {"cross-site"}}
	r := admin.do("POST", "/api/v1/teams", map[string]string{"name": "evil"})
	if r.Status != 403 {
		t.Fatalf("cross-site POST = %d %s, want 403", r.Status, r.Body)
	}
	if teams, _ := e.db.Teams(context.Background()); len(teams) != 0 {
		t.Fatal("cross-site POST created a team")
	}
	admin.header = http.Header{"Sec-Fetch-Site": {"same-origin"}}
	admin.mustDo("POST", "/api/v1/teams", map[string]string{"name": "fine"}, 201)
}

func TestBodyLimitAndUnknownRoutes(t *testing.T) {
	e := newEnv(t, store.SQLite)
	admin, _ := e.user("admin@example.com", true)
	big := `{"name": "` + strings.Repeat("a", api.MaxBodyBytes+10) + `"}`
	r := admin.do("POST", "/api/v1/teams", big)
	if r.Status != 413 {
		t.Fatalf("oversize body = %d, want 413", r.Status)
	}
	if code, _ := r.errorOf(t); code != "too_large" {
		t.Fatal(string(r.Body))
	}
	r = admin.do("GET", "/api/v1/nope", nil)
	if code, _ := r.errorOf(t); r.Status != 404 || code != "not_found" {
		t.Fatalf("unknown API path = %d %s", r.Status, r.Body)
	}
}

func TestHealthMetricsAndSPA(t *testing.T) {
	e := newEnv(t, store.SQLite)
	get := func(path string) (int, string) {
		res, err := http.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if st, _ := get("/healthz"); st != 200 {
		t.Fatalf("healthz %d", st)
	}
	if st, _ := get("/readyz"); st != 200 {
		t.Fatalf("readyz %d", st)
	}
	admin, u := e.user("admin@example.com", true)
	admin.mustDo("GET", "/api/v1/users/"+id(u.ID), nil, 200)
	_, metrics := get("/metrics")
	if !strings.Contains(metrics, `rota_http_requests_total{method="GET",route="/api/v1/users/:user_id",status="200"} 1`) {
		t.Fatalf("metrics lack the templated route:\n%s", metrics)
	}
	if strings.Contains(metrics, "/api/v1/users/"+id(u.ID)+`"`) {
		t.Fatal("metrics label a raw path")
	}

	// The SPA: files when they exist, index.html for client-side routes.
	spa := api.New(api.Config{Frontend: fstest.MapFS{
		"index.html":    {Data: []byte("<html>app</html>")},
		"assets/app.js": {Data: []byte("console.log(1)")},
	}, Logger: slog.New(slog.DiscardHandler)})
	srv := httptestServer(t, spa.Handler())
	for path, want := range map[string]string{"/": "app", "/calendar/12": "app", "/assets/app.js": "console.log"} {
		res, err := http.Get(srv + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("GET %s = %d %q, want %q", path, res.StatusCode, b, want)
		}
	}
}

func TestChangePassword(t *testing.T) {
	e := newEnv(t, store.SQLite)
	u, pw, err := e.auth.CreateUser(context.Background(), rota.User{Email: "dan@example.com", Name: "Dan"})
	if err != nil {
		t.Fatal(err)
	}
	here, other := e.anon(), e.anon()
	for _, c := range []*client{here, other} {
		c.mustDo("POST", "/api/v1/auth/login", map[string]string{"email": u.Email, "password": pw}, 200)
	}
	r := here.mustDo("PUT", "/api/v1/me/password", map[string]string{"current_password": "wrong-one-xx", "password": "a new password"}, 400)
	if _, f := r.errorOf(t); f != "current_password" {
		t.Fatalf("wrong current password: %s", r.Body)
	}
	r = here.mustDo("PUT", "/api/v1/me/password", map[string]string{"current_password": pw, "password": "short"}, 400)
	if _, f := r.errorOf(t); f != "password" {
		t.Fatalf("short password: %s", r.Body)
	}
	here.mustDo("PUT", "/api/v1/me/password", map[string]string{"current_password": pw, "password": "a new password"}, 204)
	here.mustDo("GET", "/api/v1/me", nil, 200)
	other.mustDo("GET", "/api/v1/me", nil, 401)
	e.anon().mustDo("POST", "/api/v1/auth/login", map[string]string{"email": u.Email, "password": pw}, 401)
	e.anon().mustDo("POST", "/api/v1/auth/login", map[string]string{"email": u.Email, "password": "a new password"}, 200)
}

func TestResetPassword(t *testing.T) {
	e := newEnv(t, store.SQLite)
	admin, _ := e.user("admin@example.com", true)
	dan, du := e.user("dan@example.com", false)
	dan.mustDo("POST", "/api/v1/users/"+id(du.ID)+"/reset-password", nil, 403)
	r := admin.mustDo("POST", "/api/v1/users/"+id(du.ID)+"/reset-password", nil, 200)
	var out struct {
		OneTimePassword string `json:"one_time_password"`
	}
	r.json(t, &out)
	if len(out.OneTimePassword) < 16 {
		t.Fatalf("reset: %s", r.Body)
	}
	dan.mustDo("GET", "/api/v1/me", nil, 401) // signed out everywhere
	e.anon().mustDo("POST", "/api/v1/auth/login", map[string]string{"email": "dan@example.com", "password": out.OneTimePassword}, 200)
	admin.mustDo("POST", "/api/v1/users/999/reset-password", nil, 404)
}

// TestSessionCookieCountsFromArrival: the session cookie says how long it
// lasts (Max-Age, which clients prefer to Expires), so a client whose clock
// is weeks away from the server's keeps its session. The server's clock
// here is years behind the machine's: with Expires alone, the client drops
// the cookie at once.
func TestSessionCookieCountsFromArrival(t *testing.T) {
	e := newEnv(t, store.SQLite)
	e.clock.Set(time.Date(2020, 1, 6, 9, 0, 0, 0, time.UTC))
	u, pw := e.chosenUser(rota.User{Email: "ann@example.com", Name: "Ann"})
	c := e.anon()
	r := c.mustDo("POST", "/api/v1/auth/login", map[string]string{"email": u.Email, "password": pw}, 200)
	var cookie *http.Cookie
	for _, ck := range (&http.Response{Header: r.Header}).Cookies() {
		if ck.Name == "rota_session" {
			cookie = ck
		}
	}
	if cookie == nil || cookie.MaxAge != 14*24*3600 || !cookie.Expires.Equal(time.Date(2020, 1, 20, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("session cookie = %+v, want Max-Age 14 days and Expires 20 Jan 2020", cookie)
	}
	c.mustDo("GET", "/api/v1/me", nil, 200)
}
