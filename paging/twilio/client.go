package twilio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/twilio/twilio-go/client"
	api "github.com/twilio/twilio-go/rest/api/v2010"

	"github.com/rotaoncall/rota/paging"
)

// DefaultAPIURL is Twilio's REST API.
const DefaultAPIURL = "https://api.twilio.com"

// DefaultTimeout bounds one Twilio API request.
const DefaultTimeout = 10 * time.Second

// maxRetryAfter caps how long a Retry-After answer may hold a page back:
// a provider asking for an hour must not silence an on-call engineer.
const maxRetryAfter = 5 * time.Minute

// Config is what the adapter needs; cmd/rota fills it from ROTA_TWILIO_*
// and ROTA_PUBLIC_URL.
type Config struct {
	AccountSID string
	AuthToken  string
	// From is the Twilio number pages come from, in E.164: every call, and
	// every SMS unless MessagingServiceSID is set.
	From string
	// MessagingServiceSID, when set, sends SMS through this Twilio
	// Messaging Service (MessagingServiceSid instead of From): Twilio picks
	// the sender from the service's pool, whose throughput is the sum of
	// its senders'. Calls still come from From.
	MessagingServiceSID string
	// APIURL is the base URL of the REST API; empty means Twilio's.
	APIURL string
	// PublicURL is Rota's external base URL: status callbacks and keypress
	// actions point there, and webhook signatures are computed over it.
	PublicURL string
	// Timeout bounds one API request; zero means DefaultTimeout.
	Timeout time.Duration
}

var (
	accountSIDPattern = regexp.MustCompile(`^AC[0-9a-fA-F]{32}$`)
	authTokenPattern  = regexp.MustCompile(`^[A-Za-z0-9]+$`)
	e164Pattern       = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	serviceSIDPattern = regexp.MustCompile(`^MG[0-9a-fA-F]{32}$`)
)

// Client sends SMS and places calls through twilio-go and checks webhook
// signatures. It is safe for concurrent use.
type Client struct {
	cfg       Config
	apiBase   *url.URL
	publicURL string
	transport http.RoundTripper
	validator client.RequestValidator
	now       func() time.Time
}

// New checks cfg and returns a client. Credentials are always the
// configured ones: twilio-go's fallback to TWILIO_ACCOUNT_SID and
// TWILIO_AUTH_TOKEN (and its TWILIO_EDGE/TWILIO_REGION host rewriting) never
// applies.
func New(cfg Config) (*Client, error) {
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	switch {
	case cfg.AccountSID == "":
		return nil, errors.New("ROTA_TWILIO_ACCOUNT_SID is required")
	case !accountSIDPattern.MatchString(cfg.AccountSID):
		return nil, errors.New("ROTA_TWILIO_ACCOUNT_SID: want AC followed by 32 hexadecimal digits")
	case cfg.AuthToken == "":
		return nil, errors.New("ROTA_TWILIO_AUTH_TOKEN is required")
	case !authTokenPattern.MatchString(cfg.AuthToken):
		return nil, errors.New("ROTA_TWILIO_AUTH_TOKEN: want letters and digits only")
	case cfg.From == "":
		return nil, errors.New("ROTA_TWILIO_FROM is required")
	case !e164Pattern.MatchString(cfg.From):
		return nil, fmt.Errorf("ROTA_TWILIO_FROM: %q is not an E.164 number like +15550001234", cfg.From)
	case cfg.MessagingServiceSID != "" && !serviceSIDPattern.MatchString(cfg.MessagingServiceSID):
		return nil, errors.New("ROTA_TWILIO_MESSAGING_SERVICE_SID: want MG followed by 32 hexadecimal digits")
	case cfg.Timeout < 0:
		return nil, errors.New("the Twilio timeout must not be negative")
	}
	base, err := absoluteURL(cfg.APIURL)
	if err != nil {
		return nil, fmt.Errorf("ROTA_TWILIO_API_URL: %w", err)
	}
	if base.RawQuery != "" || base.Fragment != "" {
		return nil, errors.New("ROTA_TWILIO_API_URL: want a base URL without query or fragment")
	}
	pub, err := absoluteURL(cfg.PublicURL)
	if err != nil {
		return nil, fmt.Errorf("ROTA_PUBLIC_URL: %w", err)
	}
	if pub.RawQuery != "" || pub.Fragment != "" {
		return nil, errors.New("ROTA_PUBLIC_URL: want a base URL without query or fragment")
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 32 // the dispatcher sends in parallel
	return &Client{
		cfg:       cfg,
		apiBase:   base,
		publicURL: strings.TrimRight(cfg.PublicURL, "/"),
		transport: tr,
		validator: client.NewRequestValidator(cfg.AuthToken),
		now:       time.Now,
	}, nil
}

func absoluteURL(s string) (*url.URL, error) {
	if s == "" {
		return nil, errors.New("required")
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not a URL", s)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an absolute http(s) URL", s)
	}
	return u, nil
}

// From returns the number pages come from.
func (c *Client) From() string { return c.cfg.From }

// PublicURL returns the public address of path on Rota (path starts with a
// slash and may carry a query).
func (c *Client) PublicURL(path string) string {
	if path != "" && !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return c.publicURL + path
}

// Validate reports whether signature is Twilio's X-Twilio-Signature for a
// form POST of form to fullURL (the public URL Twilio called, with its
// query).
func (c *Client) Validate(fullURL string, form url.Values, signature string) bool {
	if signature == "" {
		return false
	}
	params := make(map[string]string, len(form))
	for k, v := range form {
		if len(v) > 0 {
			params[k] = v[0]
		}
	}
	return c.validator.Validate(fullURL, params, signature)
}

// ValidateRequest reports whether r, a form POST from Twilio, carries a
// valid X-Twilio-Signature. The URL checked is the public one, PublicURL
// followed by r's path and query (Twilio signs the URL it called, not the
// one seen behind a proxy). It parses r's form.
func (c *Client) ValidateRequest(r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		return false
	}
	return c.Validate(c.PublicURL(r.URL.RequestURI()), r.PostForm, r.Header.Get("X-Twilio-Signature"))
}

// SendSMS sends body to the number to and returns the message SID.
// statusCallback, when set, receives delivery statuses.
func (c *Client) SendSMS(ctx context.Context, to, body, statusCallback string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", paging.Retryable(fmt.Errorf("twilio: sending SMS: %w", err), 0)
	}
	p := &api.CreateMessageParams{}
	p.SetTo(to).SetBody(body)
	if c.cfg.MessagingServiceSID != "" {
		p.SetMessagingServiceSid(c.cfg.MessagingServiceSID)
	} else {
		p.SetFrom(c.cfg.From)
	}
	if statusCallback != "" {
		p.SetStatusCallback(statusCallback)
	}
	svc, rec := c.api(ctx)
	m, err := svc.CreateMessage(p)
	if err != nil {
		return "", c.classify(ctx, "sending SMS", err, rec)
	}
	if m.Sid == nil || *m.Sid == "" {
		return "", errors.New("twilio: sending SMS: the answer carries no message SID")
	}
	return *m.Sid, nil
}

// Call calls the number to, plays twiml and returns the call SID.
// statusCallback, when set, receives the call's final status.
func (c *Client) Call(ctx context.Context, to, twiml, statusCallback string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", paging.Retryable(fmt.Errorf("twilio: placing call: %w", err), 0)
	}
	p := &api.CreateCallParams{}
	p.SetTo(to).SetFrom(c.cfg.From).SetTwiml(twiml)
	if statusCallback != "" {
		p.SetStatusCallback(statusCallback)
	}
	svc, rec := c.api(ctx)
	call, err := svc.CreateCall(p)
	if err != nil {
		return "", c.classify(ctx, "placing call", err, rec)
	}
	if call.Sid == nil || *call.Sid == "" {
		return "", errors.New("twilio: placing call: the answer carries no call SID")
	}
	return *call.Sid, nil
}

// api returns a twilio-go API service bound to one call. twilio-go's calls
// take no context and its errors drop the response headers, so each call
// gets its own light client (a few allocations, sharing one connection
// pool) whose transport honours ctx and records the HTTP status and
// Retry-After. twilio.NewRestClientWithParams is not used: it would build
// sixty services per call and read TWILIO_EDGE/TWILIO_REGION from the
// environment.
func (c *Client) api(ctx context.Context) (*api.ApiService, *exchange) {
	rec := &exchange{}
	cl := &client.Client{
		Credentials: client.NewCredentials(c.cfg.AccountSID, c.cfg.AuthToken),
		HTTPClient: &http.Client{
			Transport:     &callTransport{ctx: ctx, base: c.apiBase, next: c.transport, rec: rec, now: c.now},
			Timeout:       c.cfg.Timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	cl.SetAccountSid(c.cfg.AccountSID)
	return api.NewApiService(&client.RequestHandler{Client: cl}), rec
}

// exchange is what the transport saw of one API request.
type exchange struct {
	status     int
	retryAfter time.Duration
}

// callTransport sends twilio-go's requests to the configured API URL,
// cancels them when the caller's context ends, and buffers error bodies
// (twilio-go never closes them, which would leak connections).
type callTransport struct {
	ctx  context.Context
	base *url.URL
	next http.RoundTripper
	rec  *exchange
	now  func() time.Time
}

func (t *callTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancelCause(req.Context())
	stop := context.AfterFunc(t.ctx, func() { cancel(context.Cause(t.ctx)) })
	done := func() { stop(); cancel(nil) }
	r := req.Clone(ctx)
	r.URL.Scheme = t.base.Scheme
	r.URL.Host = t.base.Host
	if p := strings.TrimRight(t.base.Path, "/"); p != "" {
		r.URL.Path = p + r.URL.Path
		if r.URL.RawPath != "" {
			r.URL.RawPath = strings.TrimRight(t.base.EscapedPath(), "/") + r.URL.RawPath
		}
	}
	r.Host = ""
	res, err := t.next.RoundTrip(r)
	if err != nil {
		done()
		return nil, err
	}
	t.rec.status = res.StatusCode
	t.rec.retryAfter = parseRetryAfter(res.Header.Get("Retry-After"), t.now())
	if res.StatusCode >= 400 {
		b, err := io.ReadAll(io.LimitReader(res.Body, 64<<10))
		res.Body.Close()
		done()
		if err != nil {
			return nil, err
		}
		res.Body = io.NopCloser(bytes.NewReader(b))
		return res, nil
	}
	res.Body = &closeFunc{ReadCloser: res.Body, done: done}
	return res, nil
}

type closeFunc struct {
	io.ReadCloser
	done func()
}

func (c *closeFunc) Close() error {
	err := c.ReadCloser.Close()
	c.done()
	return err
}

// parseRetryAfter reads seconds or an HTTP date; bad values are ignored.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}

// APIError is an error answer from Twilio's REST API.
type APIError struct {
	Op     string // "sending SMS" or "placing call"
	Status int    // HTTP status
	// Code is Twilio's error code (21211 invalid 'To' number, 20429 too many
	// requests …), 0 when the answer carried none.
	Code     int
	Message  string
	MoreInfo string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "twilio: %s: HTTP %d", e.Op, e.Status)
	if e.Code != 0 {
		fmt.Fprintf(&b, ", error %d", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(redactNumbers(e.Message))
	}
	return b.String()
}

// Temporary reports whether Twilio may accept the same request later.
func (e *APIError) Temporary() bool {
	return e.Status == http.StatusTooManyRequests || e.Status >= 500
}

var numberPattern = regexp.MustCompile(`\+?[0-9]{7,15}`)

// redactNumbers hides all but the last four digits of phone numbers, which
// Twilio quotes in messages that end up in logs and page records.
func redactNumbers(s string) string {
	return numberPattern.ReplaceAllStringFunc(s, func(n string) string {
		return "…" + n[len(n)-4:]
	})
}

// classify turns a twilio-go error into a permanent error or a
// paging.Retryable one: 429, 5xx, timeouts, connection failures and an
// ended context are worth retrying; other HTTP errors (4xx) are not.
func (c *Client) classify(ctx context.Context, op string, err error, rec *exchange) error {
	if ctx.Err() != nil {
		return paging.Retryable(fmt.Errorf("twilio: %s: %w", op, ctx.Err()), 0)
	}
	var re *client.TwilioRestError
	if errors.As(err, &re) {
		ae := &APIError{Op: op, Status: rec.status, Code: re.Code, Message: re.Message, MoreInfo: re.MoreInfo}
		if ae.Status == 0 {
			ae.Status = re.Status // twilio-go's own checks send nothing
		}
		if ae.Temporary() {
			return paging.Retryable(ae, rec.retryAfter)
		}
		return ae
	}
	switch {
	case rec.status >= 400:
		// An error answer that is not Twilio's JSON (a proxy's HTML page).
		ae := &APIError{Op: op, Status: rec.status, Message: http.StatusText(rec.status)}
		if ae.Temporary() {
			return paging.Retryable(ae, rec.retryAfter)
		}
		return ae
	case rec.status != 0:
		// Twilio accepted the request but its answer could not be read:
		// sending again could page twice, so do not retry.
		return fmt.Errorf("twilio: %s: HTTP %d with an unreadable answer: %w", op, rec.status, err)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return paging.Retryable(fmt.Errorf("twilio: %s: timed out: %w", op, err), 0)
	}
	// No answer at all: connection refused or reset, DNS, TLS.
	return paging.Retryable(fmt.Errorf("twilio: %s: %w", op, err), 0)
}
