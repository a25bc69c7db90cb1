package twiliofake_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/paging/twilio"
	"github.com/rotaoncall/rota/paging/twilio/twiliofake"
)

const (
	sid   = "AC0123456789abcdef0123456789abcdef"
	token = "f0e1d2c3b4a5968778695a4b3c2d1e0f"
	rota  = "+15550000100"
	dan   = "+15550000002"
)

func start(t *testing.T) (*twiliofake.Server, *twilio.Client) {
	t.Helper()
	fake := twiliofake.New(sid, token)
	t.Cleanup(fake.Close)
	c, err := twilio.New(twilio.Config{AccountSID: sid, AuthToken: token, From: rota, APIURL: fake.URL,
		PublicURL: "https://rota.example.com", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return fake, c
}

// The example from Twilio's documentation, as twilio-go tests it.
func TestSignKnownVector(t *testing.T) {
	params := url.Values{
		"Digits": {"1234"}, "CallSid": {"CA1234567890ABCDE"}, "To": {"+18005551212"}, "Caller": {"+14158675309"},
		"From": {"+14158675309"}, "ReasonConferenceEnded": {"test"}, "Reason": {"Participant"},
	}
	if got := twiliofake.Sign("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params); got != "vOEb5UThFn24KEfnOFLQY2AE5FY=" {
		t.Errorf("Sign = %s", got)
	}
}

// Sign agrees with twilio-go's RequestValidator (through twilio.Client).
func TestSignMatchesTwilioGo(t *testing.T) {
	_, c := start(t)
	r := rand.New(rand.NewPCG(3, 4))
	chars := []rune("abcXYZ019 +&=?/%é日🔥")
	word := func(n int) string {
		var b strings.Builder
		for range r.IntN(n) {
			b.WriteRune(chars[r.IntN(len(chars))])
		}
		return b.String()
	}
	for i := range 500 {
		form := url.Values{}
		for range r.IntN(8) {
			form.Set("K"+word(6), word(20))
		}
		u := fmt.Sprintf("https://rota.example.com/api/v1/twilio/sms?page=%d&x=%s", i, url.QueryEscape(word(5)))
		sig := twiliofake.Sign(token, u, form)
		if !c.Validate(u, form, sig) {
			t.Fatalf("validator rejects Sign(%q, %v)", u, form)
		}
		form.Set("Extra", "1")
		if c.Validate(u, form, sig) {
			t.Fatalf("validator accepts a changed form %v", form)
		}
	}
}

func post(t *testing.T, target, user, pass string, form url.Values) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	var body map[string]any
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, body
}

func checkError(t *testing.T, status int, body map[string]any, wantStatus, wantCode int) {
	t.Helper()
	if status != wantStatus || body["status"] != float64(wantStatus) || body["code"] != float64(wantCode) ||
		body["message"] == "" || body["more_info"] != fmt.Sprintf("https://www.twilio.com/docs/errors/%d", wantCode) {
		t.Errorf("HTTP %d %v, want %d with code %d", status, body, wantStatus, wantCode)
	}
}

func TestAuthentication(t *testing.T) {
	fake, _ := start(t)
	messages := fake.URL + "/2010-04-01/Accounts/" + sid + "/Messages.json"
	form := url.Values{"To": {dan}, "From": {rota}, "Body": {"hi"}}
	status, body := post(t, messages, "", "", form)
	checkError(t, status, body, 401, 20003)
	status, body = post(t, messages, sid, "wrong", form)
	checkError(t, status, body, 401, 20003)
	other := "ACffffffffffffffffffffffffffffffff"
	status, body = post(t, messages, other, token, form)
	checkError(t, status, body, 401, 20003)
	status, body = post(t, fake.URL+"/2010-04-01/Accounts/"+other+"/Messages.json", sid, token, form)
	checkError(t, status, body, 404, 20404)
	status, body = post(t, fake.URL+"/2010-04-01/Accounts/"+sid+"/Faxes.json", sid, token, form)
	checkError(t, status, body, 404, 20404)
	if n := len(fake.Messages()); n != 0 {
		t.Errorf("%d messages accepted", n)
	}
	if n := len(fake.Requests()); n != 4 {
		t.Errorf("%d requests recorded, want the 4 to the API", n)
	}
}

func TestValidation(t *testing.T) {
	fake, _ := start(t)
	messages := fake.URL + "/2010-04-01/Accounts/" + sid + "/Messages.json"
	calls := fake.URL + "/2010-04-01/Accounts/" + sid + "/Calls.json"
	tests := []struct {
		name   string
		target string
		form   url.Values
		code   int
	}{
		{"message without To", messages, url.Values{"From": {rota}, "Body": {"hi"}}, 21604},
		{"message without From", messages, url.Values{"To": {dan}, "Body": {"hi"}}, 21603},
		{"message without Body", messages, url.Values{"To": {dan}, "From": {rota}}, 21602},
		{"message too long", messages, url.Values{"To": {dan}, "From": {rota}, "Body": {strings.Repeat("x", 1601)}}, 21617},
		{"message to a bad number", messages, url.Values{"To": {"555-0002"}, "From": {rota}, "Body": {"hi"}}, 21211},
		{"message from a bad number", messages, url.Values{"To": {dan}, "From": {"+"}, "Body": {"hi"}}, 21212},
		{"message to itself", messages, url.Values{"To": {dan}, "From": {dan}, "Body": {"hi"}}, 21266},
		{"message with a bad callback", messages, url.Values{"To": {dan}, "From": {rota}, "Body": {"hi"}, "StatusCallback": {"/status"}}, 21609},
		{"message with a bad service", messages, url.Values{"To": {dan}, "MessagingServiceSid": {"MG1"}, "Body": {"hi"}}, 21701},
		{"call without To", calls, url.Values{"From": {rota}, "Twiml": {"<Response/>"}}, 21201},
		{"call without From", calls, url.Values{"To": {dan}, "Twiml": {"<Response/>"}}, 21213},
		{"call without TwiML or Url", calls, url.Values{"To": {dan}, "From": {rota}}, 21205},
		{"call with too much TwiML", calls, url.Values{"To": {dan}, "From": {rota}, "Twiml": {strings.Repeat("x", 4001)}}, 32018},
		{"call to a bad number", calls, url.Values{"To": {"dan"}, "From": {rota}, "Twiml": {"<Response/>"}}, 21211},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := post(t, tt.target, sid, token, tt.form)
			checkError(t, status, body, 400, tt.code)
		})
	}
	if n := len(fake.Messages()) + len(fake.Calls()); n != 0 {
		t.Errorf("%d accepted", n)
	}
}

func TestAnswersLikeTwilio(t *testing.T) {
	fake, _ := start(t)
	status, m := post(t, fake.URL+"/2010-04-01/Accounts/"+sid+"/Messages.json", sid, token,
		url.Values{"To": {dan}, "From": {rota}, "Body": {"Rota: checkout - down"}, "StatusCallback": {"https://rota.example.com/s"}})
	if status != 201 {
		t.Fatalf("HTTP %d %v", status, m)
	}
	id, _ := m["sid"].(string)
	if !strings.HasPrefix(id, "SM") || len(id) != 34 || m["status"] != "queued" || m["to"] != dan || m["from"] != rota ||
		m["body"] != "Rota: checkout - down" || m["account_sid"] != sid || m["num_segments"] != "1" || m["direction"] != "outbound-api" ||
		m["uri"] != "/2010-04-01/Accounts/"+sid+"/Messages/"+id+".json" || m["error_code"] != nil {
		t.Errorf("message %v", m)
	}
	if _, err := time.Parse(time.RFC1123Z, m["date_created"].(string)); err != nil {
		t.Errorf("date_created: %v", err)
	}
	status, m = post(t, fake.URL+"/2010-04-01/Accounts/"+sid+"/Messages.json", sid, token,
		url.Values{"To": {dan}, "MessagingServiceSid": {"MG0123456789abcdef0123456789abcdef"}, "Body": {"hi"}})
	if status != 201 || m["status"] != "accepted" || m["from"] != nil || m["messaging_service_sid"] != "MG0123456789abcdef0123456789abcdef" {
		t.Errorf("through a messaging service: HTTP %d %v", status, m)
	}
	status, c := post(t, fake.URL+"/2010-04-01/Accounts/"+sid+"/Calls.json", sid, token,
		url.Values{"To": {dan}, "From": {rota}, "Url": {"https://rota.example.com/twiml"}})
	id, _ = c["sid"].(string)
	if status != 201 || !strings.HasPrefix(id, "CA") || len(id) != 34 || c["status"] != "queued" || c["to"] != dan || c["from"] != rota {
		t.Errorf("call: HTTP %d %v", status, c)
	}
	if got := fake.Calls(); len(got) != 1 || got[0].URL != "https://rota.example.com/twiml" {
		t.Errorf("calls %+v", got)
	}
	req, _ := http.NewRequest(http.MethodGet, fake.URL+"/2010-04-01/Accounts/"+sid+"/Messages.json", nil)
	req.SetBasicAuth(sid, token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 405 {
		t.Errorf("GET: HTTP %d", res.StatusCode)
	}
}

// rotaStub stands in for Rota's webhooks: it checks the signature against
// the URL it was called at and answers with TwiML.
type rotaStub struct {
	*httptest.Server
	mu    sync.Mutex
	forms []url.Values
}

func newRotaStub(t *testing.T, c *twilio.Client) *rotaStub {
	s := &rotaStub{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		full := "http://" + r.Host + r.URL.RequestURI()
		if !c.Validate(full, r.PostForm, r.Header.Get("X-Twilio-Signature")) {
			http.Error(w, "bad signature", http.StatusForbidden)
			return
		}
		s.mu.Lock()
		s.forms = append(s.forms, r.PostForm)
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/xml")
		switch {
		case r.URL.Path == twilio.SMSPath:
			reply := twilio.ParseReply(r.PostForm.Get("Body"))
			io.WriteString(w, twilio.MessagingTwiML(fmt.Sprintf("%s %s", reply.Action, reply.Code)))
		case r.URL.Path == twilio.VoicePath:
			action, _ := twilio.ParseDigits(r.PostForm.Get("Digits"))
			io.WriteString(w, twilio.SayTwiML("You pressed "+action+"."))
		default:
			io.WriteString(w, twilio.MessagingTwiML(""))
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *rotaStub) received() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.forms)
}

func TestAutoStatus(t *testing.T) {
	fake, c := start(t)
	stub := newRotaStub(t, c)
	fake.AutoStatus("sent", "delivered")
	fake.AutoCallStatus("completed")
	// Point the callbacks at the stub rather than the public URL.
	smsSID, err := c.SendSMS(context.Background(), dan, "hello", stub.URL+twilio.StatusPath+"?page=5")
	if err != nil {
		t.Fatal(err)
	}
	callSID, err := c.Call(context.Background(), dan, twilio.SayTwiML("hi"), stub.URL+twilio.StatusPath+"?page=6")
	if err != nil {
		t.Fatal(err)
	}
	hooks, err := fake.WaitWebhooks(3, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hooks {
		if h.Kind != "status" || h.HTTPStatus != 200 || h.Err != "" {
			t.Errorf("webhook %+v: Rota's stub refused it", h)
		}
	}
	var msgStatuses []string
	var callStatus string
	for _, f := range stub.received() {
		switch {
		case f.Get("MessageSid") == smsSID:
			msgStatuses = append(msgStatuses, f.Get("MessageStatus"))
			if f.Get("To") != dan || f.Get("From") != rota || f.Get("AccountSid") != sid || f.Get("SmsStatus") != f.Get("MessageStatus") {
				t.Errorf("message status form %v", f)
			}
		case f.Get("CallSid") == callSID:
			callStatus = f.Get("CallStatus")
		default:
			t.Errorf("unexpected form %v", f)
		}
	}
	if !slices.Equal(msgStatuses, []string{"sent", "delivered"}) || callStatus != "completed" {
		t.Errorf("statuses %v and %q", msgStatuses, callStatus)
	}
	if m := fake.Messages(); m[0].Status != "delivered" {
		t.Errorf("message status %q", m[0].Status)
	}
	if calls := fake.Calls(); calls[0].Status != "completed" {
		t.Errorf("call status %q", calls[0].Status)
	}
}

func TestSendStatus(t *testing.T) {
	fake, c := start(t)
	stub := newRotaStub(t, c)
	id, err := c.SendSMS(context.Background(), dan, "hello", stub.URL+twilio.StatusPath+"?page=8")
	if err != nil {
		t.Fatal(err)
	}
	res, err := fake.SendStatus(context.Background(), id, "undelivered")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("HTTP %d", res.StatusCode)
	}
	got := stub.received()
	if len(got) != 1 || got[0].Get("MessageStatus") != "undelivered" || got[0].Get("ErrorCode") == "" {
		t.Errorf("forms %v", got)
	}
	if _, err := fake.SendStatus(context.Background(), "SMnope", "sent"); !errors.Is(err, twiliofake.ErrUnknown) {
		t.Errorf("unknown SID: %v", err)
	}
	noCallback, _ := c.SendSMS(context.Background(), dan, "hello", "")
	if _, err := fake.SendStatus(context.Background(), noCallback, "sent"); err == nil {
		t.Error("a message without StatusCallback got a status post")
	}
}

func TestInboundSMSAndKeypress(t *testing.T) {
	fake, c := start(t)
	stub := newRotaStub(t, c)
	res, err := fake.InboundSMS(context.Background(), stub.URL+twilio.SMSPath, dan, rota, "4a")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "<Message>ack 4</Message>") {
		t.Errorf("inbound SMS: HTTP %d %s", res.StatusCode, body)
	}
	f := stub.received()[0]
	if f.Get("From") != dan || f.Get("To") != rota || f.Get("Body") != "4a" || !strings.HasPrefix(f.Get("MessageSid"), "SM") ||
		f.Get("AccountSid") != sid || f.Get("NumMedia") != "0" {
		t.Errorf("inbound form %v", f)
	}

	callSID, err := c.Call(context.Background(), dan, twilio.SayTwiML("hi"), "")
	if err != nil {
		t.Fatal(err)
	}
	res, err = fake.Keypress(context.Background(), stub.URL+twilio.VoicePath+"?page=12", callSID, rota, dan, "2")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "<Say>You pressed resolve.</Say>") {
		t.Errorf("keypress: HTTP %d %s", res.StatusCode, body)
	}
	f = stub.received()[1]
	if f.Get("CallSid") != callSID || f.Get("Digits") != "2" || f.Get("From") != rota || f.Get("To") != dan {
		t.Errorf("keypress form %v", f)
	}
	if hooks := fake.Webhooks(); len(hooks) != 2 || hooks[0].Kind != "inbound-sms" || hooks[1].Kind != "keypress" {
		t.Errorf("webhooks %+v", hooks)
	}
}

func TestTamperedSignatureRejected(t *testing.T) {
	_, c := start(t)
	stub := newRotaStub(t, c)
	target := stub.URL + twilio.SMSPath
	signed := url.Values{"From": {dan}, "To": {rota}, "Body": {"4a"}}
	sig := twiliofake.Sign(token, target, signed)
	send := func(form url.Values, sig string) int {
		req, _ := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Twilio-Signature", sig)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := send(signed, sig); got != 200 {
		t.Fatalf("genuine: HTTP %d", got)
	}
	if got := send(url.Values{"From": {dan}, "To": {rota}, "Body": {"4r"}}, sig); got != 403 {
		t.Errorf("tampered body: HTTP %d", got)
	}
	if got := send(signed, twiliofake.Sign("00000000000000000000000000000000", target, signed)); got != 403 {
		t.Errorf("signed with another token: HTTP %d", got)
	}
	// A fake with another auth token signs webhooks Rota must refuse.
	other := twiliofake.New(sid, "00000000000000000000000000000000")
	defer other.Close()
	res, err := other.InboundSMS(context.Background(), target, dan, rota, "4a")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Errorf("other account's token: HTTP %d", res.StatusCode)
	}
}

func TestFailureInjection(t *testing.T) {
	fake, c := start(t)
	send := func() error {
		_, err := c.SendSMS(context.Background(), dan, "hi", "")
		return err
	}
	var se *paging.SendError
	fake.FailEvery(3, 500)
	var pattern []bool
	for range 6 {
		pattern = append(pattern, send() == nil)
	}
	if !slices.Equal(pattern, []bool{true, true, false, true, true, false}) {
		t.Errorf("FailEvery(3): successes %v", pattern)
	}
	fake.Recover()
	fake.FailAll(429)
	for range 3 {
		if err := send(); !errors.As(err, &se) || !se.Retryable || se.RetryAfter != time.Second {
			t.Errorf("FailAll(429): %v", err)
		}
	}
	fake.Recover()
	if err := send(); err != nil {
		t.Errorf("after Recover: %v", err)
	}
	reqs := fake.Requests()
	if len(reqs) != 10 || reqs[2].Status != 500 || reqs[2].Code != 20500 || reqs[6].Status != 429 || reqs[9].Status != 201 {
		t.Errorf("requests %+v", reqs)
	}
}

func TestLatency(t *testing.T) {
	fake, _ := start(t)
	short, err := twilio.New(twilio.Config{AccountSID: sid, AuthToken: token, From: rota, APIURL: fake.URL,
		PublicURL: "https://rota.example.com", Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	fake.SetLatency(2 * time.Second)
	var se *paging.SendError
	if _, err := short.SendSMS(context.Background(), dan, "hi", ""); !errors.As(err, &se) || !se.Retryable {
		t.Errorf("slower than the client's timeout: %v", err)
	}
	fake.SetLatency(10 * time.Millisecond)
	if _, err := short.SendSMS(context.Background(), dan, "hi", ""); err != nil {
		t.Errorf("within the timeout: %v", err)
	}
}

func TestWaitAndReset(t *testing.T) {
	fake, c := start(t)
	if _, err := fake.WaitMessages(1, 20*time.Millisecond); err == nil {
		t.Error("WaitMessages returned with no message")
	}
	go func() {
		for range 3 {
			c.SendSMS(context.Background(), dan, "hi", "")
		}
	}()
	msgs, err := fake.WaitMessages(3, 5*time.Second)
	if err != nil || len(msgs) != 3 {
		t.Fatalf("WaitMessages: %d, %v", len(msgs), err)
	}
	if !msgs[0].At.Before(msgs[2].At) && !msgs[0].At.Equal(msgs[2].At) {
		t.Errorf("arrival times out of order: %v", msgs)
	}
	go c.Call(context.Background(), dan, twilio.SayTwiML("hi"), "")
	if _, err := fake.WaitCalls(1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	fake.Reset()
	if len(fake.Messages())+len(fake.Calls())+len(fake.Requests())+len(fake.Webhooks()) != 0 {
		t.Error("Reset kept records")
	}
}

func TestCloseDoesNotWaitForLatency(t *testing.T) {
	fake := twiliofake.New(sid, token)
	fake.SetLatency(time.Hour)
	c, err := twilio.New(twilio.Config{AccountSID: sid, AuthToken: token, From: rota, APIURL: fake.URL, PublicURL: "https://rota.example.com", Timeout: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() {
		_, err := c.SendSMS(context.Background(), dan, "hi", "")
		done <- err
	}()
	time.Sleep(50 * time.Millisecond) // let the request reach the fake's delay
	fake.Close()
	if err := <-done; err == nil {
		t.Error("a request cut off by Close succeeded")
	}
}

func TestSegments(t *testing.T) {
	tests := []struct {
		body string
		want int
	}{
		{"", 1},
		{strings.Repeat("a", 160), 1},
		{strings.Repeat("a", 161), 2},
		{strings.Repeat("a", 306), 2},
		{strings.Repeat("a", 307), 3},
		{strings.Repeat("€", 80), 1},
		{strings.Repeat("€", 81), 2},
		{strings.Repeat("é", 160), 1},
		{strings.Repeat("ж", 70), 1},
		{strings.Repeat("ж", 71), 2},
		{strings.Repeat("ж", 134), 2},
		{strings.Repeat("ж", 135), 3},
		{strings.Repeat("🔥", 35), 1},
		{strings.Repeat("🔥", 36), 2},
		{"“quotes”", 1},
	}
	for _, tt := range tests {
		if got := twiliofake.Segments(tt.body); got != tt.want {
			t.Errorf("Segments(%d × %q) = %d, want %d", len([]rune(tt.body)), []rune(tt.body)[:min(1, len(tt.body))], got, tt.want)
		}
	}
}
