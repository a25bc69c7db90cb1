package twiliofake

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// Message is an SMS the fake accepted (answered 201).
type Message struct {
	SID                 string
	To                  string
	From                string
	MessagingServiceSID string
	Body                string
	StatusCallback      string
	Segments            int
	// Status is "queued" (or "accepted" through a messaging service), then
	// the last status posted to StatusCallback.
	Status string
	At     time.Time // arrival
	Form   url.Values
}

// Call is a call the fake accepted (answered 201).
type Call struct {
	SID            string
	To             string
	From           string
	Twiml          string
	URL            string
	StatusCallback string
	Status         string
	At             time.Time
	Form           url.Values
}

// Request is one request to the REST API, whatever its answer.
type Request struct {
	Method string
	Path   string
	Status int
	Code   int // Twilio error code of a failure
	At     time.Time
}

// Webhook is one signed post the fake made to Rota.
type Webhook struct {
	Kind       string // status, inbound-sms, keypress
	URL        string
	Form       url.Values
	HTTPStatus int
	Err        string
	At         time.Time
}

// Server is the fake. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL to give twilio-go (http://127.0.0.1:PORT).
	URL        string
	AccountSID string
	AuthToken  string

	srv    *httptest.Server
	mux    *http.ServeMux
	hc     *http.Client
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu        sync.Mutex
	messages  []Message
	calls     []Call
	requests  []Request
	webhooks  []Webhook
	changed   chan struct{} // closed and replaced on every record
	apiCount  int
	failNext  int
	failNextS int
	failAll   int
	failEvery int
	failEvS   int
	latency   time.Duration
	retryAft  int
	msgStat   []string
	callStat  []string
	statDelay time.Duration
}

// New starts a fake on a loopback port for the account accountSID, which
// accepts basic auth with accountSID and authToken.
func New(accountSID, authToken string) *Server {
	s := newServer(accountSID, authToken)
	s.srv = httptest.NewServer(s.mux)
	s.URL = s.srv.URL
	return s
}

// Listen starts a fake on addr (host:port; port 0 picks one).
func Listen(addr, accountSID, authToken string) (*Server, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := newServer(accountSID, authToken)
	s.srv = httptest.NewUnstartedServer(s.mux)
	s.srv.Listener.Close()
	s.srv.Listener = l
	s.srv.Start()
	s.URL = s.srv.URL
	return s, nil
}

func newServer(accountSID, authToken string) *Server {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		AccountSID: accountSID,
		AuthToken:  authToken,
		mux:        http.NewServeMux(),
		hc:         &http.Client{Timeout: 15 * time.Second},
		ctx:        ctx,
		cancel:     cancel,
		changed:    make(chan struct{}),
		retryAft:   1,
	}
	s.mux.HandleFunc("/2010-04-01/Accounts/{sid}/Messages.json", func(w http.ResponseWriter, r *http.Request) { s.api(w, r, s.createMessage) })
	s.mux.HandleFunc("/2010-04-01/Accounts/{sid}/Calls.json", func(w http.ResponseWriter, r *http.Request) { s.api(w, r, s.createCall) })
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, 20404, fmt.Sprintf("The requested resource %s was not found", r.URL.Path))
	})
	return s
}

// Handle adds a route beside the REST API (cmd/fake-twilio's /fake/…).
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// Close stops the server, abandons delayed answers and waits for pending
// status callbacks to give up.
func (s *Server) Close() {
	s.cancel()
	s.srv.Close()
	s.wg.Wait()
	s.hc.CloseIdleConnections()
}

// FailNext makes the next n REST requests fail with status (429 carries
// Retry-After).
func (s *Server) FailNext(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext, s.failNextS = n, status
}

// FailAll makes every REST request fail with status until Recover.
func (s *Server) FailAll(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failAll = status
}

// FailEvery makes every nth REST request fail with status (0 stops).
func (s *Server) FailEvery(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failEvery, s.failEvS = n, status
}

// Recover ends every injected failure.
func (s *Server) Recover() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext, s.failAll, s.failEvery = 0, 0, 0
}

// SetLatency delays every REST answer by d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// SetRetryAfter sets the Retry-After seconds of injected 429s (default 1).
func (s *Server) SetRetryAfter(seconds int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.retryAft = seconds
}

// AutoStatus makes the fake post statuses (for example "sent",
// "delivered") in order to each accepted message's StatusCallback, in the
// background. No statuses turns it off.
func (s *Server) AutoStatus(statuses ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgStat = slices.Clone(statuses)
}

// AutoCallStatus does the same for calls (for example "completed").
func (s *Server) AutoCallStatus(statuses ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.callStat = slices.Clone(statuses)
}

// SetStatusDelay waits d before each automatic status callback.
func (s *Server) SetStatusDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.statDelay = d
}

// Messages returns the accepted messages in arrival order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.messages)
}

// MessagesFrom returns the accepted messages after the first n, in arrival
// order (a load tool polls thousands without copying them all each time).
func (s *Server) MessagesFrom(n int) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n >= len(s.messages) {
		return nil
	}
	return slices.Clone(s.messages[max(n, 0):])
}

// Calls returns the accepted calls in arrival order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// Requests returns every REST request, failed ones included.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// Webhooks returns the posts the fake made, with Rota's answers.
func (s *Server) Webhooks() []Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.webhooks)
}

// Reset forgets what was recorded; injected behaviour stays.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages, s.calls, s.requests, s.webhooks = nil, nil, nil, nil
	s.notifyLocked()
}

// WaitMessages waits until at least n messages were accepted and returns
// them.
func (s *Server) WaitMessages(n int, timeout time.Duration) ([]Message, error) {
	return wait(s, timeout, func() ([]Message, bool) { return slices.Clone(s.messages), len(s.messages) >= n },
		func(got []Message) error {
			return fmt.Errorf("twiliofake: %d of %d messages after %s", len(got), n, timeout)
		})
}

// WaitCalls waits until at least n calls were accepted and returns them.
func (s *Server) WaitCalls(n int, timeout time.Duration) ([]Call, error) {
	return wait(s, timeout, func() ([]Call, bool) { return slices.Clone(s.calls), len(s.calls) >= n },
		func(got []Call) error { return fmt.Errorf("twiliofake: %d of %d calls after %s", len(got), n, timeout) })
}

// WaitWebhooks waits until the fake made at least n posts.
func (s *Server) WaitWebhooks(n int, timeout time.Duration) ([]Webhook, error) {
	return wait(s, timeout, func() ([]Webhook, bool) { return slices.Clone(s.webhooks), len(s.webhooks) >= n },
		func(got []Webhook) error {
			return fmt.Errorf("twiliofake: %d of %d webhooks after %s", len(got), n, timeout)
		})
}

func wait[T any](s *Server, timeout time.Duration, check func() ([]T, bool), fail func([]T) error) ([]T, error) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		s.mu.Lock()
		got, ok := check()
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return got, nil
		}
		select {
		case <-ch:
		case <-t.C:
			return got, fail(got)
		}
	}
}

func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// apiError is a Twilio error answer.
type apiError struct {
	status int
	code   int
	msg    string
}

func writeError(w http.ResponseWriter, status, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"code": code, "message": msg, "more_info": fmt.Sprintf("https://www.twilio.com/docs/errors/%d", code), "status": status,
	})
}

// injected is the answer of an injected failure with status.
func injected(status int) apiError {
	switch status {
	case http.StatusBadRequest:
		return apiError{status, 21211, "The 'To' number is not a valid phone number."}
	case http.StatusUnauthorized:
		return apiError{status, 20003, "Authenticate"}
	case http.StatusNotFound:
		return apiError{status, 20404, "The requested resource was not found"}
	case http.StatusTooManyRequests:
		return apiError{status, 20429, "Too Many Requests"}
	case http.StatusServiceUnavailable:
		return apiError{status, 20503, "Service Unavailable"}
	}
	text := http.StatusText(status)
	if text == "" {
		text = "Error"
	}
	return apiError{status, 20000 + status, text}
}

func (s *Server) api(w http.ResponseWriter, r *http.Request, create func(url.Values, time.Time) (any, *apiError)) {
	at := time.Now().UTC()
	s.mu.Lock()
	latency := s.latency
	s.apiCount++
	fail := 0
	switch {
	case s.failNext > 0:
		s.failNext--
		fail = s.failNextS
	case s.failAll != 0:
		fail = s.failAll
	case s.failEvery > 0 && s.apiCount%s.failEvery == 0:
		fail = s.failEvS
	}
	retryAfter := s.retryAft
	s.mu.Unlock()
	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
		case <-s.ctx.Done():
		}
		t.Stop()
		if s.ctx.Err() != nil || r.Context().Err() != nil {
			panic(http.ErrAbortHandler) // closing or the client left: drop the connection
		}
	}
	// Requests are recorded before the answer is written, so that a client
	// that has its answer sees its request recorded.
	record := func(status, code int) {
		s.mu.Lock()
		s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Status: status, Code: code, At: at})
		s.notifyLocked()
		s.mu.Unlock()
	}
	reject := func(e apiError) {
		record(e.status, e.code)
		if e.status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		}
		writeError(w, e.status, e.code, e.msg)
	}
	if fail != 0 {
		reject(injected(fail))
		return
	}
	user, pass, ok := r.BasicAuth()
	if !ok || subtle.ConstantTimeCompare([]byte(user), []byte(s.AccountSID)) != 1 ||
		subtle.ConstantTimeCompare([]byte(pass), []byte(s.AuthToken)) != 1 {
		reject(apiError{http.StatusUnauthorized, 20003, "Authenticate"})
		return
	}
	if r.PathValue("sid") != s.AccountSID {
		reject(apiError{http.StatusNotFound, 20404, fmt.Sprintf("The requested resource %s was not found", r.URL.Path)})
		return
	}
	if r.Method != http.MethodPost {
		reject(apiError{http.StatusMethodNotAllowed, 20004, "Method not allowed"})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		reject(apiError{http.StatusBadRequest, 20001, "Could not parse the request body"})
		return
	}
	out, e := create(r.PostForm, at)
	if e != nil {
		reject(*e)
		return
	}
	record(http.StatusCreated, 0)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(out)
}

var (
	e164      = regexp.MustCompile(`^\+[1-9][0-9]{1,14}$`)
	shortCode = regexp.MustCompile(`^[0-9]{5,6}$`)
	alphaID   = regexp.MustCompile(`^[A-Za-z0-9 ]{1,11}$`)
	mgSID     = regexp.MustCompile(`^MG[0-9a-fA-F]{32}$`)
)

func validSender(from string) bool {
	return e164.MatchString(from) || shortCode.MatchString(from) ||
		alphaID.MatchString(from) && strings.ContainsAny(strings.ToLower(from), "abcdefghijklmnopqrstuvwxyz")
}

func validCallback(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}

func (s *Server) createMessage(f url.Values, at time.Time) (any, *apiError) {
	to, from, mss, body, cb := f.Get("To"), f.Get("From"), f.Get("MessagingServiceSid"), f.Get("Body"), f.Get("StatusCallback")
	bad := func(code int, msg string) (any, *apiError) {
		return nil, &apiError{http.StatusBadRequest, code, msg}
	}
	switch {
	case to == "":
		return bad(21604, "A 'To' phone number is required.")
	case from == "" && mss == "":
		return bad(21603, "A 'From' phone number is required.")
	case body == "" && f.Get("MediaUrl") == "" && f.Get("ContentSid") == "":
		return bad(21602, "Message body is required.")
	case utf8.RuneCountInString(body) > 1600:
		return bad(21617, "The concatenated message body exceeds the 1600 character limit.")
	case !e164.MatchString(to):
		return bad(21211, fmt.Sprintf("The 'To' number %s is not a valid phone number.", to))
	case from != "" && !validSender(from):
		return bad(21212, fmt.Sprintf("The 'From' number %s is not a valid phone number, shortcode, or alphanumeric sender ID.", from))
	case mss != "" && !mgSID.MatchString(mss):
		return bad(21701, fmt.Sprintf("The Messaging Service Sid %s is invalid.", mss))
	case to == from:
		return bad(21266, fmt.Sprintf("'To' and 'From' number cannot be the same: %s", to))
	case cb != "" && !validCallback(cb):
		return bad(21609, fmt.Sprintf("The StatusCallback URL %s is not a valid URL.", cb))
	}
	m := Message{SID: newSID("SM"), To: to, From: from, MessagingServiceSID: mss, Body: body, StatusCallback: cb,
		Segments: Segments(body), Status: "queued", At: at, Form: f}
	if mss != "" {
		m.Status = "accepted"
	}
	s.mu.Lock()
	s.messages = append(s.messages, m)
	statuses, delay := slices.Clone(s.msgStat), s.statDelay
	s.notifyLocked()
	s.mu.Unlock()
	if cb != "" && len(statuses) > 0 {
		s.autoStatus(m.SID, statuses, delay)
	}
	return s.messageJSON(m), nil
}

func (s *Server) createCall(f url.Values, at time.Time) (any, *apiError) {
	to, from, tw, u, cb := f.Get("To"), f.Get("From"), f.Get("Twiml"), f.Get("Url"), f.Get("StatusCallback")
	bad := func(code int, msg string) (any, *apiError) {
		return nil, &apiError{http.StatusBadRequest, code, msg}
	}
	switch {
	case to == "":
		return bad(21201, "No 'To' number is specified")
	case from == "":
		return bad(21213, "No 'From' number is specified")
	case tw == "" && u == "" && f.Get("ApplicationSid") == "":
		return bad(21205, "Url parameter is required.")
	case !e164.MatchString(to):
		return bad(21211, fmt.Sprintf("Invalid 'To' Phone Number: %s", to))
	case !e164.MatchString(from):
		return bad(21212, fmt.Sprintf("Invalid 'From' Phone Number: %s", from))
	case utf8.RuneCountInString(tw) > 4000:
		return bad(32018, "Twiml size exceeded maximum allowed value of 4000 characters")
	case u != "" && !validCallback(u):
		return bad(21205, fmt.Sprintf("Url is not a valid URL: %s", u))
	case cb != "" && !validCallback(cb):
		return bad(21609, fmt.Sprintf("The StatusCallback URL %s is not a valid URL.", cb))
	}
	c := Call{SID: newSID("CA"), To: to, From: from, Twiml: tw, URL: u, StatusCallback: cb, Status: "queued", At: at, Form: f}
	s.mu.Lock()
	s.calls = append(s.calls, c)
	statuses, delay := slices.Clone(s.callStat), s.statDelay
	s.notifyLocked()
	s.mu.Unlock()
	if cb != "" && len(statuses) > 0 {
		s.autoStatus(c.SID, statuses, delay)
	}
	return s.callJSON(c), nil
}

func rfc2822(t time.Time) string { return t.UTC().Format(time.RFC1123Z) }

func (s *Server) messageJSON(m Message) map[string]any {
	uri := fmt.Sprintf("/2010-04-01/Accounts/%s/Messages/%s", s.AccountSID, m.SID)
	out := map[string]any{
		"account_sid": s.AccountSID, "api_version": "2010-04-01", "body": m.Body,
		"date_created": rfc2822(m.At), "date_updated": rfc2822(m.At), "date_sent": nil,
		"direction": "outbound-api", "error_code": nil, "error_message": nil,
		"from": nilIfEmpty(m.From), "messaging_service_sid": nilIfEmpty(m.MessagingServiceSID),
		"num_media": "0", "num_segments": strconv.Itoa(m.Segments), "price": nil, "price_unit": "USD",
		"sid": m.SID, "status": m.Status, "to": m.To, "uri": uri + ".json",
		"subresource_uris": map[string]string{"media": uri + "/Media.json", "feedback": uri + "/Feedback.json"},
	}
	return out
}

func (s *Server) callJSON(c Call) map[string]any {
	uri := fmt.Sprintf("/2010-04-01/Accounts/%s/Calls/%s", s.AccountSID, c.SID)
	return map[string]any{
		"account_sid": s.AccountSID, "annotation": nil, "answered_by": nil, "api_version": "2010-04-01",
		"caller_name": nil, "date_created": rfc2822(c.At), "date_updated": rfc2822(c.At),
		"direction": "outbound-api", "duration": nil, "end_time": nil, "forwarded_from": nil,
		"from": c.From, "from_formatted": c.From, "group_sid": nil, "parent_call_sid": nil,
		"phone_number_sid": "PN" + c.SID[2:], "price": nil, "price_unit": "USD", "queue_time": "0",
		"sid": c.SID, "start_time": nil, "status": c.Status, "to": c.To, "to_formatted": c.To,
		"trunk_sid": nil, "uri": uri + ".json",
		"subresource_uris": map[string]string{
			"notifications": uri + "/Notifications.json", "recordings": uri + "/Recordings.json",
			"events": uri + "/Events.json", "payments": uri + "/Payments.json",
		},
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// newSID returns prefix and 32 random hexadecimal digits, like Twilio's.
func newSID(prefix string) string {
	b := make([]byte, 16)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// autoStatus posts statuses to sid's callback in the background.
func (s *Server) autoStatus(sid string, statuses []string, delay time.Duration) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for _, st := range statuses {
			if delay > 0 {
				t := time.NewTimer(delay)
				select {
				case <-t.C:
				case <-s.ctx.Done():
					t.Stop()
					return
				}
			}
			res, err := s.SendStatus(s.ctx, sid, st)
			if err != nil {
				if s.ctx.Err() != nil {
					return
				}
				continue
			}
			io.Copy(io.Discard, io.LimitReader(res.Body, 1<<20))
			res.Body.Close()
		}
	}()
}

// SendStatus posts status ("sent", "delivered", "failed"; for calls
// "completed", "busy", "no-answer" …) to the StatusCallback of the message
// or call sid, signed, and records it as the status. The caller closes the
// response body.
func (s *Server) SendStatus(ctx context.Context, sid, status string) (*http.Response, error) {
	f := url.Values{"AccountSid": {s.AccountSID}, "ApiVersion": {"2010-04-01"}}
	var cb string
	s.mu.Lock()
	if i := slices.IndexFunc(s.messages, func(m Message) bool { return m.SID == sid }); i >= 0 {
		m := &s.messages[i]
		m.Status = status
		cb = m.StatusCallback
		f.Set("MessageSid", sid)
		f.Set("SmsSid", sid)
		f.Set("MessageStatus", status)
		f.Set("SmsStatus", status)
		f.Set("To", m.To)
		if m.From != "" {
			f.Set("From", m.From)
		}
		if m.MessagingServiceSID != "" {
			f.Set("MessagingServiceSid", m.MessagingServiceSID)
		}
		if status == "failed" || status == "undelivered" {
			f.Set("ErrorCode", "30008")
		}
	} else if i := slices.IndexFunc(s.calls, func(c Call) bool { return c.SID == sid }); i >= 0 {
		c := &s.calls[i]
		c.Status = status
		cb = c.StatusCallback
		f.Set("CallSid", sid)
		f.Set("CallStatus", status)
		f.Set("To", c.To)
		f.Set("Called", c.To)
		f.Set("From", c.From)
		f.Set("Caller", c.From)
		f.Set("Direction", "outbound-api")
		f.Set("CallbackSource", "call-progress-events")
		f.Set("Timestamp", rfc2822(time.Now()))
		f.Set("SequenceNumber", "0")
		if status == "completed" {
			f.Set("CallDuration", "12")
			f.Set("Duration", "1")
		}
	} else {
		s.mu.Unlock()
		return nil, fmt.Errorf("%w %s", ErrUnknown, sid)
	}
	s.notifyLocked()
	s.mu.Unlock()
	if cb == "" {
		return nil, fmt.Errorf("twiliofake: %s has no StatusCallback", sid)
	}
	return s.post(ctx, "status", cb, f)
}

// InboundSMS posts an incoming SMS to webhookURL as Twilio does when from
// texts the Twilio number to. Rota's TwiML answer is in the response.
func (s *Server) InboundSMS(ctx context.Context, webhookURL, from, to, body string) (*http.Response, error) {
	sid := newSID("SM")
	f := url.Values{
		"AccountSid": {s.AccountSID}, "ApiVersion": {"2010-04-01"},
		"MessageSid": {sid}, "SmsSid": {sid}, "SmsMessageSid": {sid}, "SmsStatus": {"received"},
		"From": {from}, "To": {to}, "Body": {body},
		"NumMedia": {"0"}, "NumSegments": {strconv.Itoa(Segments(body))},
	}
	return s.post(ctx, "inbound-sms", webhookURL, f)
}

// Keypress posts the digits an engineer pressed during call callSid to the
// <Gather> action URL, as Twilio does. from and to are the call's (for a
// page: Rota's number and the engineer's). Rota's TwiML answer is in the
// response.
func (s *Server) Keypress(ctx context.Context, actionURL, callSid, from, to, digits string) (*http.Response, error) {
	f := url.Values{
		"AccountSid": {s.AccountSID}, "ApiVersion": {"2010-04-01"},
		"CallSid": {callSid}, "CallStatus": {"in-progress"}, "Direction": {"outbound-api"},
		"From": {from}, "Caller": {from}, "To": {to}, "Called": {to},
		"Digits": {digits}, "FinishedOnKey": {""}, "msg": {"Gather End"},
	}
	return s.post(ctx, "keypress", actionURL, f)
}

// post sends a signed form webhook and records it.
func (s *Server) post(ctx context.Context, kind, target string, f url.Values) (*http.Response, error) {
	w := Webhook{Kind: kind, URL: target, Form: f, At: time.Now().UTC()}
	res, err := func() (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(f.Encode()))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("User-Agent", "TwilioProxy/1.1")
		req.Header.Set("X-Twilio-Signature", Sign(s.AuthToken, target, f))
		req.Header.Set("I-Twilio-Idempotency-Token", newSID("")[:32])
		return s.hc.Do(req)
	}()
	if err != nil {
		w.Err = err.Error()
	} else {
		w.HTTPStatus = res.StatusCode
	}
	s.mu.Lock()
	s.webhooks = append(s.webhooks, w)
	s.notifyLocked()
	s.mu.Unlock()
	return res, err
}

// Sign computes X-Twilio-Signature for a form POST of params to fullURL:
// base64 of HMAC-SHA1, keyed by the auth token, of the URL followed by each
// parameter's name and value, sorted by name (then value).
func Sign(authToken, fullURL string, params url.Values) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString(fullURL)
	for _, k := range keys {
		vs := slices.Clone(params[k])
		slices.Sort(vs)
		for _, v := range vs {
			b.WriteString(k)
			b.WriteString(v)
		}
	}
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Segments counts the SMS segments Twilio would bill body as: GSM-7 when
// every character has a GSM-7 form (160, or 153 per part; ^{}\[~]|€ take
// two), else UCS-2 (70, or 67 UTF-16 units per part).
func Segments(body string) int {
	if body == "" {
		return 1
	}
	gsm, units := true, 0
	for _, r := range body {
		switch {
		case strings.ContainsRune(gsm7, r):
			units++
		case strings.ContainsRune(gsm7ext, r):
			units += 2
		default:
			gsm = false
		}
	}
	single, part := 160, 153
	if !gsm {
		units = 0
		for _, r := range body {
			units += utf16.RuneLen(r)
		}
		single, part = 70, 67
	}
	if units <= single {
		return 1
	}
	return (units + part - 1) / part
}

const (
	gsm7 = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsm7ext = "\f^{}\\[~]|€"
)

// ErrUnknown is returned for SIDs the fake never issued.
var ErrUnknown = errors.New("twiliofake: unknown SID")
