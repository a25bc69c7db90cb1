package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota/paging/twilio"
)

const (
	sid   = "AC0123456789abcdef0123456789abcdef"
	token = "f0e1d2c3b4a5968778695a4b3c2d1e0f"
	rota  = "+15550000100"
	dan   = "+15550000002"
)

// start runs the command and returns its URL; it stops with the test.
func start(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{"-listen", "127.0.0.1:0", "-account-sid", sid, "-auth-token", token}, args...), pw, io.Discard)
		pw.CloseWithError(io.EOF)
		done <- err
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the URL: %v", err)
	}
	go io.Copy(io.Discard, pr)
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	u := strings.TrimSpace(line)
	if !strings.HasPrefix(u, "http://127.0.0.1:") {
		t.Fatalf("printed %q, want its URL", line)
	}
	return u
}

func client(t *testing.T, apiURL string) *twilio.Client {
	c, err := twilio.New(twilio.Config{AccountSID: sid, AuthToken: token, From: rota, APIURL: apiURL, PublicURL: "https://rota.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: HTTP %d", u, res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func postJSON(t *testing.T, u string, in any, out any) int {
	t.Helper()
	b, _ := json.Marshal(in)
	res, err := http.Post(u, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if out != nil {
		json.NewDecoder(res.Body).Decode(out)
	}
	return res.StatusCode
}

var nanoTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$`)

func TestRecordsWhatRotaSends(t *testing.T) {
	u := start(t)
	c := client(t, u)
	smsSID, err := c.SendSMS(context.Background(), dan, "Rota: checkout - down", "https://rota.example.com/api/v1/twilio/status?page=1")
	if err != nil {
		t.Fatal(err)
	}
	callSID, err := c.Call(context.Background(), dan, twilio.SayTwiML("hi"), "")
	if err != nil {
		t.Fatal(err)
	}
	var msgs []map[string]any
	getJSON(t, u+"/fake/messages", &msgs)
	if len(msgs) != 1 || msgs[0]["sid"] != smsSID || msgs[0]["to"] != dan || msgs[0]["from"] != rota ||
		msgs[0]["body"] != "Rota: checkout - down" || msgs[0]["status_callback"] != "https://rota.example.com/api/v1/twilio/status?page=1" {
		t.Errorf("messages %v", msgs)
	}
	var calls []map[string]any
	getJSON(t, u+"/fake/calls", &calls)
	if len(calls) != 1 || calls[0]["sid"] != callSID || !strings.Contains(calls[0]["twiml"].(string), "<Say>hi</Say>") {
		t.Errorf("calls %v", calls)
	}
	for _, rec := range append(msgs, calls...) {
		at, _ := rec["at"].(string)
		if !nanoTime.MatchString(at) {
			t.Errorf("arrival time %q, want RFC 3339 with nanoseconds in UTC", at)
		}
		if _, err := time.Parse(time.RFC3339Nano, at); err != nil {
			t.Error(err)
		}
	}
	if code := postJSON(t, u+"/fake/reset", struct{}{}, nil); code != 204 {
		t.Errorf("reset: HTTP %d", code)
	}
	getJSON(t, u+"/fake/messages", &msgs)
	if len(msgs) != 0 {
		t.Errorf("after reset: %v", msgs)
	}
}

func TestFailureFlags(t *testing.T) {
	u := start(t, "-fail-status", "503", "-fail-every", "2")
	c := client(t, u)
	var ok []bool
	for range 4 {
		_, err := c.SendSMS(context.Background(), dan, "hi", "")
		ok = append(ok, err == nil)
	}
	if ok[0] != true || ok[1] != false || ok[2] != true || ok[3] != false {
		t.Errorf("successes %v, want every second request to fail", ok)
	}
	var reqs []map[string]any
	getJSON(t, u+"/fake/requests", &reqs)
	if len(reqs) != 4 || reqs[1]["status"] != float64(503) {
		t.Errorf("requests %v", reqs)
	}
	postJSON(t, u+"/fake/recover", struct{}{}, nil)
	if _, err := c.SendSMS(context.Background(), dan, "hi", ""); err != nil {
		t.Errorf("after recover: %v", err)
	}
	if code := postJSON(t, u+"/fake/fail", map[string]int{"status": 429, "next": 1}, nil); code != 204 {
		t.Fatalf("fail: HTTP %d", code)
	}
	if _, err := c.SendSMS(context.Background(), dan, "hi", ""); err == nil {
		t.Error("no failure after /fake/fail")
	}
}

func TestSignedWebhooks(t *testing.T) {
	u := start(t, "-status", "sent, delivered")
	c := client(t, u)
	statuses := make(chan string, 4)
	rotaStub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		if !c.Validate("http://"+r.Host+r.URL.RequestURI(), r.PostForm, r.Header.Get("X-Twilio-Signature")) {
			http.Error(w, "bad signature", http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		switch r.URL.Path {
		case twilio.SMSPath:
			io.WriteString(w, twilio.MessagingTwiML("got "+r.PostForm.Get("Body")))
		case twilio.VoicePath:
			io.WriteString(w, twilio.SayTwiML("pressed "+r.PostForm.Get("Digits")))
		case twilio.StatusPath:
			statuses <- r.PostForm.Get("MessageStatus")
			io.WriteString(w, twilio.MessagingTwiML(""))
		}
	}))
	defer rotaStub.Close()

	var ans answerJSON
	code := postJSON(t, u+"/fake/inbound-sms", map[string]string{"webhook_url": rotaStub.URL + twilio.SMSPath, "from": dan, "to": rota, "body": "4a"}, &ans)
	if code != 200 || ans.Status != 200 || !strings.Contains(ans.Body, "<Message>got 4a</Message>") {
		t.Errorf("inbound-sms: HTTP %d %+v", code, ans)
	}
	code = postJSON(t, u+"/fake/keypress", map[string]string{"action_url": rotaStub.URL + twilio.VoicePath + "?page=3", "call_sid": "CA0123456789abcdef0123456789abcdef", "from": rota, "to": dan, "digits": "1"}, &ans)
	if code != 200 || ans.Status != 200 || !strings.Contains(ans.Body, "<Say>pressed 1</Say>") {
		t.Errorf("keypress: HTTP %d %+v", code, ans)
	}
	if code := postJSON(t, u+"/fake/inbound-sms", map[string]string{"from": dan}, nil); code != 400 {
		t.Errorf("inbound-sms without a URL: HTTP %d", code)
	}
	if code := postJSON(t, u+"/fake/status", map[string]string{"sid": "SMnope", "status": "sent"}, nil); code != 404 {
		t.Errorf("status of an unknown SID: HTTP %d", code)
	}

	if _, err := c.SendSMS(context.Background(), dan, "hi", rotaStub.URL+twilio.StatusPath+"?page=1"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"sent", "delivered"} {
		select {
		case got := <-statuses:
			if got != want {
				t.Errorf("status %q, want %q", got, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no %q status callback", want)
		}
	}
	var hooks []map[string]any
	getJSON(t, u+"/fake/webhooks", &hooks)
	if len(hooks) < 2 || hooks[0]["kind"] != "inbound-sms" || hooks[1]["kind"] != "keypress" || hooks[0]["http_status"] != float64(200) {
		t.Errorf("webhooks %v", hooks)
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-fail-every", "2"},
		{"-fail-status", "200"},
		{"-listen", "not-an-address"},
		{"extra"},
	} {
		if err := run(context.Background(), append([]string{"-listen", "127.0.0.1:0"}, args...), io.Discard, io.Discard); err == nil {
			t.Errorf("run %v: no error", args)
		}
	}
}
