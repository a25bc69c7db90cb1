package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/api"
	"github.com/rotaoncall/rota/auth"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/paging/twilio"
	"github.com/rotaoncall/rota/paging/twilio/twiliofake"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
	"github.com/rotaoncall/rota/system"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var fastHash = auth.Params{Memory: 1024, Time: 1, Threads: 1}

// env is a running API server on a fresh database, with a spec-checking
// client: every response is validated against the OpenAPI document.
type env struct {
	t       *testing.T
	db      *store.DB
	auth    *auth.Service
	srv     *httptest.Server
	router  routers.Router
	clock   *storetest.Clock
	engine  *paging.Engine
	disp    *paging.Dispatcher
	sink    *sinkSender
	fake    *twiliofake.Server
	senders map[paging.Channel]paging.Sender
}

// sinkSender records the pages the dispatcher sends.
type sinkSender struct {
	mu   sync.Mutex
	sent []paging.Message
}

func (s *sinkSender) Send(_ context.Context, m paging.Message) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, m)
	return "sink", nil
}

func (s *sinkSender) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sent)
}

func newEnv(t *testing.T, d store.Dialect) *env { return newEnvWith(t, d, false) }

// newEnvWith builds the environment; withTwilio pages through Twilio (a
// fake Twilio over HTTP, the real twilio-go client) with contact methods,
// and makes the public URL the server's own so webhook signatures check.
func newEnvWith(t *testing.T, d store.Dialect, withTwilio bool) *env {
	t.Helper()
	return newEnvLogging(t, d, withTwilio, nil)
}

// newEnvLogging is newEnvWith with every component logging to logs, at
// debug level, as JSON (nil discards).
func newEnvLogging(t *testing.T, d store.Dialect, withTwilio bool, logs io.Writer) *env {
	t.Helper()
	clock := storetest.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	db := storetest.Open(t, d, storetest.Options{Now: clock.Now})
	return newEnvBuilt(t, db, clock, withTwilio, logs, nil)
}

// newEnvOnDB builds the environment on a migrated database whose clock is
// clock.
func newEnvOnDB(t *testing.T, db *store.DB, clock *storetest.Clock, withTwilio bool) *env {
	t.Helper()
	return newEnvBuilt(t, db, clock, withTwilio, nil, nil)
}

// newEnvBuilt is the environment on db, logging to logs (nil discards);
// opt, when set, adjusts the build's options.
func newEnvBuilt(t *testing.T, db *store.DB, clock *storetest.Clock, withTwilio bool, logs io.Writer, opt func(*system.Options)) *env {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	if logs != nil {
		log = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	sink := &sinkSender{}
	srv := httptest.NewUnstartedServer(nil)
	publicURL := "http://rota.test"
	senders := map[paging.Channel]paging.Sender{paging.ChannelLog: sink}
	e := &env{t: t, db: db, srv: srv, clock: clock, sink: sink}
	// The same build as rota serve; the test steps the engine and the
	// dispatcher itself (Manual) and runs intake.
	opts := system.Options{Now: clock.Now, Logger: log, AuthParams: fastHash, Senders: senders,
		Status: api.PagingStatus{Sender: "log"}, Manual: true}
	if withTwilio {
		publicURL = "http://" + srv.Listener.Addr().String()
		e.fake = twiliofake.New("AC00000000000000000000000000000001", "fakeauthtoken0123456789abcdef0123")
		t.Cleanup(e.fake.Close)
		tc, err := twilio.New(twilio.Config{AccountSID: "AC00000000000000000000000000000001", AuthToken: "fakeauthtoken0123456789abcdef0123",
			From: "+15559990000", APIURL: e.fake.URL, PublicURL: publicURL})
		if err != nil {
			t.Fatal(err)
		}
		sender := &twilio.Sender{Client: tc, StatusPath: "/api/v1/twilio/status"}
		senders[paging.ChannelSMS], senders[paging.ChannelVoice] = sender, sender
		reach := paging.NewContactNotifier(db, clock.Now)
		opts.Notifier, opts.Twilio, opts.Reach, opts.Status = reach, tc, reach, api.PagingStatus{Sender: "twilio", Sending: true}
	}
	opts.PublicURL = publicURL
	e.senders = senders
	if opt != nil {
		opt(&opts)
	}
	sys := system.Build(db, opts)
	e.auth, e.disp, e.engine = sys.Auth, sys.Dispatcher, sys.Engine
	ictx, stop := context.WithCancel(context.Background())
	idone := make(chan struct{})
	go func() { sys.Intake.Run(ictx); close(idone) }()
	t.Cleanup(func() { stop(); <-idone })
	srv.Config.Handler = sys.API.Handler()
	srv.Start()
	t.Cleanup(srv.Close)

	doc := loadSpec(t)
	doc.Servers = openapi3.Servers{{URL: srv.URL}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	e.router = router
	return e
}

func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	raw, err := api.OpenAPIJSON()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatalf("load OpenAPI: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("OpenAPI document is invalid: %v", err)
	}
	return doc
}

// client is a signed-in (or anonymous) caller.
type client struct {
	e      *env
	http   *http.Client
	bearer string
	header http.Header
}

func (e *env) anon() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, http: &http.Client{Jar: jar}}
}

// user creates a user who has already replaced their one-time password
// and returns a client signed in as them.
func (e *env) user(email string, admin bool) (*client, rota.User) {
	e.t.Helper()
	u, pw := e.chosenUser(rota.User{Email: email, Name: strings.Split(email, "@")[0], IsAdmin: admin})
	c := e.anon()
	c.mustDo("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": pw}, 200)
	return c, u
}

// chosenUser creates u as rota user create does and then sets a password
// of the user's choosing, as the first sign-in makes them; it returns the
// user and that password.
func (e *env) chosenUser(u rota.User) (rota.User, string) {
	e.t.Helper()
	ctx := context.Background()
	u, otp, err := e.auth.CreateUser(ctx, u)
	if err != nil {
		e.t.Fatal(err)
	}
	pw := "chosen-" + otp
	if err := e.auth.SetPassword(ctx, u.ID, pw); err != nil {
		e.t.Fatal(err)
	}
	u.MustChangePassword = false
	return u, pw
}

type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// errorOf returns the error object of an error response.
func (r response) errorOf(t *testing.T) (code, field string) {
	t.Helper()
	var b struct {
		Error struct{ Code, Message, Field string } `json:"error"`
	}
	r.json(t, &b)
	if b.Error.Code == "" || b.Error.Message == "" {
		t.Fatalf("not the error shape: %s", r.Body)
	}
	return b.Error.Code, b.Error.Field
}

// do sends a request; body is JSON-encoded unless it is a string or []byte.
func (c *client) do(method, path string, body any) response {
	c.e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, _ := json.Marshal(b)
		rd = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, c.e.srv.URL+path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	c.e.checkSpec(req, res, raw)
	return response{Status: res.StatusCode, Header: res.Header, Body: raw}
}

func (c *client) mustDo(method, path string, body any, want int) response {
	c.e.t.Helper()
	r := c.do(method, path, body)
	if r.Status != want {
		c.e.t.Fatalf("%s %s = %d %s, want %d", method, path, r.Status, r.Body, want)
	}
	return r
}

// checkSpec fails the test when the response is not what the OpenAPI
// document says this operation returns.
func (e *env) checkSpec(req *http.Request, res *http.Response, body []byte) {
	e.t.Helper()
	if !strings.HasPrefix(req.URL.Path, "/api/") && !strings.HasPrefix(req.URL.Path, "/v2/") {
		return
	}
	route, params, err := e.router.FindRoute(req)
	if err != nil {
		if res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusMethodNotAllowed {
			return // an undocumented path that the server also refused
		}
		e.t.Fatalf("%s %s answered %d but is not in the OpenAPI document: %v", req.Method, req.URL.Path, res.StatusCode, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: res.StatusCode, Header: res.Header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: in.Options,
	})
	if err != nil {
		e.t.Fatalf("%s %s response %d does not match the OpenAPI document: %v\nbody: %s", req.Method, req.URL.Path, res.StatusCode, err, body)
	}
}
