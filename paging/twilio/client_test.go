package twilio_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/paging/twilio"
	"github.com/rotaoncall/rota/paging/twilio/twiliofake"
)

const (
	sid    = "AC0123456789abcdef0123456789abcdef"
	token  = "f0e1d2c3b4a5968778695a4b3c2d1e0f"
	from   = "+15550000100"
	to     = "+15550000001"
	public = "https://rota.example.com"
)

func newClient(t *testing.T, apiURL string, mod ...func(*twilio.Config)) *twilio.Client {
	t.Helper()
	cfg := twilio.Config{AccountSID: sid, AuthToken: token, From: from, APIURL: apiURL, PublicURL: public, Timeout: 5 * time.Second}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := twilio.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func setup(t *testing.T, mod ...func(*twilio.Config)) (*twiliofake.Server, *twilio.Client) {
	t.Helper()
	fake := twiliofake.New(sid, token)
	t.Cleanup(fake.Close)
	return fake, newClient(t, fake.URL, mod...)
}

func TestNewChecksTheConfig(t *testing.T) {
	good := twilio.Config{AccountSID: sid, AuthToken: token, From: from, PublicURL: public}
	tests := []struct {
		name    string
		mod     func(*twilio.Config)
		setting string
	}{
		{"no account", func(c *twilio.Config) { c.AccountSID = "" }, "ROTA_TWILIO_ACCOUNT_SID"},
		{"API key instead of account", func(c *twilio.Config) { c.AccountSID = "SK0123456789abcdef0123456789abcdef" }, "ROTA_TWILIO_ACCOUNT_SID"},
		{"short account", func(c *twilio.Config) { c.AccountSID = "AC123" }, "ROTA_TWILIO_ACCOUNT_SID"},
		{"no token", func(c *twilio.Config) { c.AuthToken = "" }, "ROTA_TWILIO_AUTH_TOKEN"},
		{"token with symbols", func(c *twilio.Config) { c.AuthToken = "abc:def" }, "ROTA_TWILIO_AUTH_TOKEN"},
		{"no from", func(c *twilio.Config) { c.From = "" }, "ROTA_TWILIO_FROM"},
		{"from without plus", func(c *twilio.Config) { c.From = "15550000100" }, "ROTA_TWILIO_FROM"},
		{"from with spaces", func(c *twilio.Config) { c.From = "+1 555 000 0100" }, "ROTA_TWILIO_FROM"},
		{"relative API URL", func(c *twilio.Config) { c.APIURL = "127.0.0.1:8089" }, "ROTA_TWILIO_API_URL"},
		{"ftp API URL", func(c *twilio.Config) { c.APIURL = "ftp://api.twilio.com" }, "ROTA_TWILIO_API_URL"},
		{"API URL with query", func(c *twilio.Config) { c.APIURL = "http://127.0.0.1:1/?x=1" }, "ROTA_TWILIO_API_URL"},
		{"no public URL", func(c *twilio.Config) { c.PublicURL = "" }, "ROTA_PUBLIC_URL"},
		{"relative public URL", func(c *twilio.Config) { c.PublicURL = "/rota" }, "ROTA_PUBLIC_URL"},
		{"negative timeout", func(c *twilio.Config) { c.Timeout = -time.Second }, "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.mod(&cfg)
			_, err := twilio.New(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.setting) {
				t.Fatalf("New: %v, want an error naming %s", err, tt.setting)
			}
		})
	}
	if _, err := twilio.New(good); err != nil {
		t.Fatalf("New(good): %v", err)
	}
}

// twilio-go falls back to TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN when given
// empty credentials, and rewrites hosts for TWILIO_EDGE/TWILIO_REGION:
// neither may touch Rota's configured client.
func TestConfiguredCredentialsWinOverTheEnvironment(t *testing.T) {
	t.Setenv("TWILIO_ACCOUNT_SID", "ACffffffffffffffffffffffffffffffff")
	t.Setenv("TWILIO_AUTH_TOKEN", "ffffffffffffffffffffffffffffffff")
	t.Setenv("TWILIO_EDGE", "sydney")
	t.Setenv("TWILIO_REGION", "au1")
	fake, c := setup(t)
	if _, err := c.SendSMS(context.Background(), to, "hello", ""); err != nil {
		t.Fatalf("SendSMS: %v", err)
	}
	if _, err := c.Call(context.Background(), to, twilio.SayTwiML("hello"), ""); err != nil {
		t.Fatalf("Call: %v", err)
	}
	reqs := fake.Requests()
	if len(reqs) != 2 {
		t.Fatalf("requests = %+v", reqs)
	}
	for _, r := range reqs {
		if !strings.Contains(r.Path, "/Accounts/"+sid+"/") || r.Status != http.StatusCreated {
			t.Errorf("request %+v, want the configured account and 201", r)
		}
	}
}

func TestSendSMS(t *testing.T) {
	fake, c := setup(t)
	ref, err := c.SendSMS(context.Background(), to, "Rota: checkout - down", c.PublicURL("/api/v1/twilio/status?page=7"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ref, "SM") || len(ref) != 34 {
		t.Errorf("sid %q, want SM and 32 hex digits", ref)
	}
	msgs := fake.Messages()
	if len(msgs) != 1 {
		t.Fatalf("messages = %+v", msgs)
	}
	m := msgs[0]
	if m.SID != ref || m.To != to || m.From != from || m.Body != "Rota: checkout - down" ||
		m.StatusCallback != "https://rota.example.com/api/v1/twilio/status?page=7" || m.Status != "queued" {
		t.Errorf("recorded %+v", m)
	}
	if m.At.IsZero() {
		t.Error("no arrival time")
	}
}

// TestSendSMSThroughAMessagingService: with a Messaging Service, SMS carry
// MessagingServiceSid and no From (Twilio picks the sender); calls still
// come from the number.
func TestSendSMSThroughAMessagingService(t *testing.T) {
	const service = "MG0123456789abcdef0123456789abcdef"
	fake, c := setup(t, func(cfg *twilio.Config) { cfg.MessagingServiceSID = service })
	if _, err := c.SendSMS(context.Background(), to, "Rota: checkout - down", ""); err != nil {
		t.Fatal(err)
	}
	m := fake.Messages()[0]
	if m.MessagingServiceSID != service || m.From != "" || m.Form.Has("From") || m.Status != "accepted" {
		t.Errorf("recorded %+v, want the service's SID and no From", m)
	}
	if _, err := c.Call(context.Background(), to, "<Response/>", ""); err != nil {
		t.Fatal(err)
	}
	if call := fake.Calls()[0]; call.From != from {
		t.Errorf("call from %q, want %q", call.From, from)
	}
	if _, err := twilio.New(twilio.Config{AccountSID: sid, AuthToken: token, From: from, PublicURL: public, MessagingServiceSID: "MG123"}); err == nil ||
		!strings.Contains(err.Error(), "ROTA_TWILIO_MESSAGING_SERVICE_SID") {
		t.Errorf("a malformed service SID: %v", err)
	}
}

func TestCall(t *testing.T) {
	fake, c := setup(t)
	doc, err := twilio.VoiceTwiML("Rota alert for checkout.", c.PublicURL("/api/v1/twilio/voice?page=9"))
	if err != nil {
		t.Fatal(err)
	}
	ref, err := c.Call(context.Background(), to, doc, c.PublicURL("/api/v1/twilio/status?page=9"))
	if err != nil {
		t.Fatal(err)
	}
	calls := fake.Calls()
	if len(calls) != 1 {
		t.Fatalf("calls = %+v", calls)
	}
	got := calls[0]
	if got.SID != ref || !strings.HasPrefix(ref, "CA") || len(ref) != 34 || got.To != to || got.From != from ||
		got.Twiml != doc || got.StatusCallback != "https://rota.example.com/api/v1/twilio/status?page=9" {
		t.Errorf("recorded %+v (sid %q)", got, ref)
	}
}

// failingAPI answers every request with status and body, as a proxy in
// front of Twilio might.
func failingAPI(t *testing.T, status int, body string) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestErrorsAreClassified(t *testing.T) {
	type want struct {
		retryable  bool
		retryAfter time.Duration
		status     int // APIError status, 0 when not an APIError
		code       int
		callCode   int // when calls get another code than messages
		is         error
	}
	tests := []struct {
		name string
		// arrange returns the client and the number to send to.
		arrange func(t *testing.T) (*twilio.Client, context.Context)
		to      string
		want    want
	}{
		{"429 with Retry-After", func(t *testing.T) (*twilio.Client, context.Context) {
			fake, c := setup(t)
			fake.SetRetryAfter(3)
			fake.FailNext(1, 429)
			return c, context.Background()
		}, to, want{retryable: true, retryAfter: 3 * time.Second, status: 429, code: 20429}},
		{"500", func(t *testing.T) (*twilio.Client, context.Context) {
			fake, c := setup(t)
			fake.FailNext(1, 500)
			return c, context.Background()
		}, to, want{retryable: true, status: 500, code: 20500}},
		{"503 until recovered", func(t *testing.T) (*twilio.Client, context.Context) {
			fake, c := setup(t)
			fake.FailAll(503)
			return c, context.Background()
		}, to, want{retryable: true, status: 503, code: 20503}},
		{"injected 400", func(t *testing.T) (*twilio.Client, context.Context) {
			fake, c := setup(t)
			fake.FailNext(1, 400)
			return c, context.Background()
		}, to, want{status: 400, code: 21211}},
		{"invalid number", func(t *testing.T) (*twilio.Client, context.Context) {
			_, c := setup(t)
			return c, context.Background()
		}, "5550001234", want{status: 400, code: 21211}},
		{"no number", func(t *testing.T) (*twilio.Client, context.Context) {
			_, c := setup(t)
			return c, context.Background()
		}, "", want{status: 400, code: 21604, callCode: 21201}},
		{"wrong auth token", func(t *testing.T) (*twilio.Client, context.Context) {
			fake := twiliofake.New(sid, token)
			t.Cleanup(fake.Close)
			return newClient(t, fake.URL, func(c *twilio.Config) { c.AuthToken = "0000000000000000000000000000000" }), context.Background()
		}, to, want{status: 401, code: 20003}},
		{"client timeout", func(t *testing.T) (*twilio.Client, context.Context) {
			fake, c := setup(t, func(c *twilio.Config) { c.Timeout = 100 * time.Millisecond })
			fake.SetLatency(3 * time.Second)
			return c, context.Background()
		}, to, want{retryable: true}},
		{"context deadline", func(t *testing.T) (*twilio.Client, context.Context) {
			fake, c := setup(t)
			fake.SetLatency(3 * time.Second)
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			t.Cleanup(cancel)
			return c, ctx
		}, to, want{retryable: true, is: context.DeadlineExceeded}},
		{"context already cancelled", func(t *testing.T) (*twilio.Client, context.Context) {
			_, c := setup(t)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return c, ctx
		}, to, want{retryable: true, is: context.Canceled}},
		{"connection refused", func(t *testing.T) (*twilio.Client, context.Context) {
			fake := twiliofake.New(sid, token)
			fake.Close()
			return newClient(t, fake.URL), context.Background()
		}, to, want{retryable: true}},
		{"HTML 502 from a proxy", func(t *testing.T) (*twilio.Client, context.Context) {
			return newClient(t, failingAPI(t, 502, "<html>Bad Gateway</html>")), context.Background()
		}, to, want{retryable: true, status: 502}},
		{"HTML 403 from a proxy", func(t *testing.T) (*twilio.Client, context.Context) {
			return newClient(t, failingAPI(t, 403, "<html>Forbidden</html>")), context.Background()
		}, to, want{status: 403}},
		{"201 that cannot be read", func(t *testing.T) (*twilio.Client, context.Context) {
			return newClient(t, failingAPI(t, 201, "<html>ok</html>")), context.Background()
		}, to, want{}},
		{"201 without a SID", func(t *testing.T) (*twilio.Client, context.Context) {
			return newClient(t, failingAPI(t, 201, "{}")), context.Background()
		}, to, want{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, op := range []string{"sms", "call"} {
				c, ctx := tt.arrange(t)
				var err error
				if op == "sms" {
					_, err = c.SendSMS(ctx, tt.to, "hello", "")
				} else {
					_, err = c.Call(ctx, tt.to, twilio.SayTwiML("hello"), "")
				}
				if err == nil {
					t.Fatalf("%s: no error", op)
				}
				var se *paging.SendError
				retryable := errors.As(err, &se) && se.Retryable
				if retryable != tt.want.retryable {
					t.Errorf("%s: %v: retryable %v, want %v", op, err, retryable, tt.want.retryable)
				}
				if se != nil && se.RetryAfter != tt.want.retryAfter {
					t.Errorf("%s: retry after %s, want %s", op, se.RetryAfter, tt.want.retryAfter)
				}
				var ae *twilio.APIError
				if errors.As(err, &ae) != (tt.want.status != 0) {
					t.Errorf("%s: %v: APIError %v, want status %d", op, err, ae, tt.want.status)
				}
				code := tt.want.code
				if op == "call" && tt.want.callCode != 0 {
					code = tt.want.callCode
				}
				if ae != nil && tt.want.status != 0 && (ae.Status != tt.want.status || code != 0 && ae.Code != code) {
					t.Errorf("%s: status %d code %d, want %d %d", op, ae.Status, ae.Code, tt.want.status, code)
				}
				if tt.want.is != nil && !errors.Is(err, tt.want.is) {
					t.Errorf("%s: %v is not %v", op, err, tt.want.is)
				}
				if strings.Contains(err.Error(), "5550001234") {
					t.Errorf("%s: error shows the phone number: %v", op, err)
				}
			}
		})
	}
}

func TestTwilioErrorCodeForAnInvalidCall(t *testing.T) {
	_, c := setup(t)
	_, err := c.Call(context.Background(), to, "<Response>"+strings.Repeat("<Say>x</Say>", 400)+"</Response>", "")
	var ae *twilio.APIError
	if !errors.As(err, &ae) || ae.Code != 32018 {
		t.Fatalf("Call with 4,000+ characters of TwiML: %v, want Twilio error 32018", err)
	}
}

func TestSendsSucceedOnceTheOutageEnds(t *testing.T) {
	fake, c := setup(t)
	fake.FailNext(2, 503)
	var errs []error
	for range 3 {
		_, err := c.SendSMS(context.Background(), to, "hello", "")
		errs = append(errs, err)
	}
	if errs[0] == nil || errs[1] == nil || errs[2] != nil {
		t.Fatalf("errors %v, want two failures then success", errs)
	}
	if n := len(fake.Messages()); n != 1 {
		t.Errorf("%d messages accepted, want 1", n)
	}
	if n := len(fake.Requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

func TestConcurrentSends(t *testing.T) {
	fake, c := setup(t)
	fake.SetLatency(20 * time.Millisecond)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if i%4 == 0 {
				_, err = c.Call(context.Background(), to, twilio.SayTwiML("hi"), "")
			} else {
				_, err = c.SendSMS(context.Background(), to, "hi", "")
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if len(fake.Messages()) != 30 || len(fake.Calls()) != 10 {
		t.Errorf("%d messages, %d calls; want 30 and 10", len(fake.Messages()), len(fake.Calls()))
	}
}

func TestAPIURLWithAPathPrefix(t *testing.T) {
	fake := twiliofake.New(sid, token)
	t.Cleanup(fake.Close)
	// A reverse proxy that serves the API under /twilio.
	proxy := httptest.NewServer(http.StripPrefix("/twilio", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, _ := url.Parse(fake.URL)
		r.URL.Scheme, r.URL.Host, r.Host, r.RequestURI = u.Scheme, u.Host, u.Host, ""
		res, err := http.DefaultTransport.RoundTrip(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer res.Body.Close()
		w.Header().Set("Content-Type", res.Header.Get("Content-Type"))
		w.WriteHeader(res.StatusCode)
		io.Copy(w, res.Body)
	})))
	t.Cleanup(proxy.Close)
	c := newClient(t, proxy.URL+"/twilio/")
	if _, err := c.SendSMS(context.Background(), to, "hello", ""); err != nil {
		t.Fatal(err)
	}
	if len(fake.Messages()) != 1 {
		t.Fatal("message did not arrive through the prefix")
	}
}

func TestPublicURL(t *testing.T) {
	c := newClient(t, "", func(c *twilio.Config) { c.PublicURL = "https://rota.example.com/" })
	for path, want := range map[string]string{
		"/api/v1/twilio/sms":           "https://rota.example.com/api/v1/twilio/sms",
		"api/v1/twilio/voice?page=3":   "https://rota.example.com/api/v1/twilio/voice?page=3",
		"/api/v1/twilio/status?page=1": "https://rota.example.com/api/v1/twilio/status?page=1",
	} {
		if got := c.PublicURL(path); got != want {
			t.Errorf("PublicURL(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestValidate(t *testing.T) {
	c := newClient(t, "")
	u := "https://rota.example.com/api/v1/twilio/sms"
	form := url.Values{"From": {to}, "To": {from}, "Body": {"4a"}, "MessageSid": {"SM0123456789abcdef0123456789abcdef"}}
	sig := twiliofake.Sign(token, u, form)
	if !c.Validate(u, form, sig) {
		t.Fatal("a good signature is rejected")
	}
	tampered := url.Values{"From": {to}, "To": {from}, "Body": {"4r"}, "MessageSid": {"SM0123456789abcdef0123456789abcdef"}}
	for name, tc := range map[string]struct {
		url  string
		form url.Values
		sig  string
	}{
		"tampered body":      {u, tampered, sig},
		"other URL":          {u + "?page=1", form, sig},
		"other host":         {"https://evil.example.com/api/v1/twilio/sms", form, sig},
		"no signature":       {u, form, ""},
		"other token's":      {u, form, twiliofake.Sign("00000000000000000000000000000000", u, form)},
		"signature mangled":  {u, form, "x" + sig[1:]},
		"param added":        {u, url.Values{"From": {to}, "To": {from}, "Body": {"4a"}, "MessageSid": {"SM0123456789abcdef0123456789abcdef"}, "X": {"1"}}, sig},
		"not base64 at all!": {u, form, "not base64"},
	} {
		if c.Validate(tc.url, tc.form, tc.sig) {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestValidateRequestUsesThePublicURL(t *testing.T) {
	c := newClient(t, "")
	var got []bool
	// Rota behind a proxy: Twilio calls https://rota.example.com/…, Rota
	// sees http://127.0.0.1:PORT/….
	rota := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, c.ValidateRequest(r))
	}))
	defer rota.Close()
	form := url.Values{"From": {to}, "To": {from}, "Body": {"4a"}}
	post := func(sig string) {
		req, _ := http.NewRequest(http.MethodPost, rota.URL+"/api/v1/twilio/sms?page=1", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Twilio-Signature", sig)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	post(twiliofake.Sign(token, "https://rota.example.com/api/v1/twilio/sms?page=1", form))
	post(twiliofake.Sign(token, rota.URL+"/api/v1/twilio/sms?page=1", form))
	post("")
	if len(got) != 3 || !got[0] || got[1] || got[2] {
		t.Errorf("want valid for the public URL only: got %v", got)
	}
}
