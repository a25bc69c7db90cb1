package api_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/paging/twilio/twiliofake"
	"github.com/rotaoncall/rota/store"
)

const (
	olgaPhone  = "+15550000001"
	danPhone   = "+15550000002"
	rotaNumber = "+15559990000"
)

// newTwilioEnv is the paging environment paging through the fake Twilio,
// with verified phones for Olga and Dan (set by an admin).
func newTwilioEnv(t *testing.T, d store.Dialect) *pagingEnv {
	e := newPagingEnvOn(t, newTeamEnvOn(t, newEnvWith(t, d, true)))
	e.admin.mustDo("PATCH", "/api/v1/users/"+id(e.olgaU.ID), map[string]string{"phone": olgaPhone}, 200)
	e.admin.mustDo("PATCH", "/api/v1/users/"+id(e.danU.ID), map[string]string{"phone": danPhone}, 200)
	return e
}

func (e *pagingEnv) trigger(dedup string) string {
	e.t.Helper()
	r := e.anon().mustDo("POST", "/api/v1/integrations/"+e.keys["generic"]+"/generic",
		map[string]any{"summary": "card authorisations failing " + dedup, "dedup_key": dedup, "severity": "critical"}, 202)
	var res struct {
		Result struct {
			AlertID string `json:"alert_id"`
		}
	}
	r.json(e.t, &res)
	return res.Result.AlertID
}

// tick runs escalation and the outbox at the clock's time.
func (e *pagingEnv) tick() {
	e.t.Helper()
	ctx := context.Background()
	if _, err := e.engine.RunOnce(ctx, e.clock.Now()); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.disp.RunOnce(ctx, e.clock.Now()); err != nil {
		e.t.Fatal(err)
	}
}

func (e *pagingEnv) alertStatus(aid string) string {
	var st string
	e.db.SQL().QueryRow("SELECT status FROM alerts WHERE id = " + aid).Scan(&st)
	return st
}

func messagesTo(f *twiliofake.Server, to string) []twiliofake.Message {
	var out []twiliofake.Message
	for _, m := range f.Messages() {
		if m.To == to {
			out = append(out, m)
		}
	}
	return out
}

// twimlOf reads a webhook's answer: twimlOf(t)(fake.InboundSMS(…)).
func twimlOf(t *testing.T) func(*http.Response, error) string {
	return func(res *http.Response, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("webhook answered %d: %s", res.StatusCode, b)
		}
		return string(b)
	}
}

// TestSMSReplyAcknowledges: alert → SMS at Twilio → signed reply "1a" →
// acknowledged, and the call that would have followed never happens.
func TestSMSReplyAcknowledges(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			e := newTwilioEnv(t, d)
			aid := e.trigger("k1")
			e.tick()
			msgs := messagesTo(e.fake, olgaPhone)
			if len(msgs) != 1 {
				t.Fatalf("%d SMS to Olga, want 1", len(msgs))
			}
			body := msgs[0].Body
			if !strings.Contains(body, "checkout") || !strings.Contains(body, "card authorisations failing") || !strings.Contains(body, "1a") {
				t.Fatalf("SMS body %q lacks service, summary or reply code", body)
			}
			if msgs[0].From != rotaNumber || !strings.HasPrefix(msgs[0].StatusCallback, e.srv.URL+"/api/v1/twilio/status?page=") {
				t.Fatalf("SMS from %s with callback %s", msgs[0].From, msgs[0].StatusCallback)
			}
			ctx := context.Background()
			// A reply from a number that was not paged changes nothing.
			answer := twimlOf(t)(e.fake.InboundSMS(ctx, e.srv.URL+"/api/v1/twilio/sms", danPhone, rotaNumber, "1a"))
			if e.alertStatus(aid) != "triggered" || !strings.Contains(answer, "no open alert") && !strings.Contains(answer, "No open alert") {
				t.Fatalf("Dan's reply: %s; status %s", answer, e.alertStatus(aid))
			}
			answer = twimlOf(t)(e.fake.InboundSMS(ctx, e.srv.URL+"/api/v1/twilio/sms", "+15557770000", rotaNumber, "1a"))
			if e.alertStatus(aid) != "triggered" || !strings.Contains(answer, "not set up") {
				t.Fatalf("unknown number's reply: %s", answer)
			}
			answer = twimlOf(t)(e.fake.InboundSMS(ctx, e.srv.URL+"/api/v1/twilio/sms", olgaPhone, rotaNumber, "1a"))
			if !strings.Contains(answer, "Acknowledged") || e.alertStatus(aid) != "acknowledged" {
				t.Fatalf("Olga's reply: %s; status %s", answer, e.alertStatus(aid))
			}
			// The voice call due two minutes later is cancelled.
			e.clock.Add(10 * time.Minute)
			e.tick()
			if n := len(e.fake.Calls()); n != 0 {
				t.Fatalf("%d calls after the SMS ack", n)
			}
			r := e.olga.mustDo("GET", "/api/v1/alerts/"+aid, nil, 200)
			if !strings.Contains(string(r.Body), `"actor_name":"olga"`) || !strings.Contains(string(r.Body), `"status":"cancelled"`) {
				t.Fatalf("timeline/pages after SMS ack: %s", r.Body)
			}
		})
	}
}

var gatherAction = regexp.MustCompile(`action="([^"]+)"`)

// TestVoiceKeypadAcknowledges: an unacknowledged page calls after two
// minutes; pressing 1 acknowledges.
func TestVoiceKeypadAcknowledges(t *testing.T) {
	e := newTwilioEnv(t, store.SQLite)
	aid := e.trigger("k1")
	e.tick()
	e.clock.Add(2 * time.Minute)
	e.tick()
	calls := e.fake.Calls()
	if len(calls) != 1 || calls[0].To != olgaPhone {
		t.Fatalf("calls %+v, want one to Olga", calls)
	}
	m := gatherAction.FindStringSubmatch(calls[0].Twiml)
	if m == nil || !strings.Contains(calls[0].Twiml, "Press 1") {
		t.Fatalf("TwiML without a keypad gather: %s", calls[0].Twiml)
	}
	action := strings.ReplaceAll(m[1], "&amp;", "&")
	ctx := context.Background()
	// The keypress must come from a call to the paged number.
	answer := twimlOf(t)(e.fake.Keypress(ctx, action, calls[0].SID, rotaNumber, danPhone, "1"))
	if e.alertStatus(aid) != "triggered" || !strings.Contains(answer, "not paged") {
		t.Fatalf("keypress on a call to Dan: %s", answer)
	}
	answer = twimlOf(t)(e.fake.Keypress(ctx, action, calls[0].SID, rotaNumber, olgaPhone, "1"))
	if !strings.Contains(answer, "Acknowledged") || e.alertStatus(aid) != "acknowledged" {
		t.Fatalf("keypress 1: %s; status %s", answer, e.alertStatus(aid))
	}
}

// TestTwilioOutageDelaysPagesWithoutLossOrDuplicates: Twilio answers 500
// for a minute; the page goes out once after it recovers.
func TestTwilioOutageDelaysPagesWithoutLossOrDuplicates(t *testing.T) {
	e := newTwilioEnv(t, store.Postgres)
	e.fake.FailAll(500)
	aid := e.trigger("k1")
	for i := 0; i < 6; i++ { // a minute of failures, every 10 s
		e.tick()
		e.clock.Add(10 * time.Second)
	}
	if n := len(e.fake.Messages()); n != 0 {
		t.Fatalf("%d messages accepted during the outage", n)
	}
	var pending int
	e.db.SQL().QueryRow("SELECT COUNT(*) FROM pages WHERE alert_id = " + aid + " AND status = 'pending'").Scan(&pending)
	if pending == 0 {
		t.Fatal("the page was dropped during the outage")
	}
	e.fake.Recover()
	for i := 0; i < 20; i++ {
		e.clock.Add(15 * time.Second)
		e.tick()
	}
	// The policy pages Olga again at five minutes (step 2); each SMS page
	// went out exactly once.
	var smsPages int
	e.db.SQL().QueryRow("SELECT COUNT(*) FROM pages WHERE alert_id = " + aid + " AND channel = 'sms'").Scan(&smsPages)
	if n := len(messagesTo(e.fake, olgaPhone)); n != smsPages || n == 0 {
		t.Fatalf("%d SMS to Olga after recovery for %d SMS pages", n, smsPages)
	}
	var unsent int
	e.db.SQL().QueryRow("SELECT COUNT(*) FROM pages WHERE alert_id = " + aid + " AND channel = 'sms' AND status <> 'sent'").Scan(&unsent)
	if unsent != 0 {
		t.Fatalf("%d SMS pages not sent after recovery", unsent)
	}
	r := e.olga.mustDo("GET", "/api/v1/alerts/"+aid, nil, 200)
	if !strings.Contains(string(r.Body), "page_failed") || !strings.Contains(string(r.Body), "retrying") {
		t.Fatalf("the failures are not on the timeline: %s", r.Body)
	}
	var attempts int
	var created, sent time.Time
	e.db.SQL().QueryRow("SELECT p.attempts, a.created_at FROM pages p JOIN alerts a ON a.id = p.alert_id WHERE p.alert_id = "+aid+" AND p.channel = 'sms' ORDER BY p.id LIMIT 1").Scan(&attempts, &created)
	e.db.SQL().QueryRow("SELECT sent_at FROM pages WHERE alert_id = " + aid + " AND channel = 'sms' ORDER BY id LIMIT 1").Scan(&sent)
	t.Logf("a minute of Twilio 500s: the first SMS page took %d attempts and went out once, %s after its alert; %d SMS pages in all, each sent once", attempts, sent.Sub(created), smsPages)
}

// TestBadSignatureChangesNothing: every Twilio webhook refuses a request
// whose X-Twilio-Signature does not match.
func TestBadSignatureChangesNothing(t *testing.T) {
	e := newTwilioEnv(t, store.SQLite)
	aid := e.trigger("k1")
	e.tick()
	for _, path := range []string{"/api/v1/twilio/sms", "/api/v1/twilio/voice?page=1", "/api/v1/twilio/status?page=1"} {
		form := url.Values{"From": {olgaPhone}, "To": {rotaNumber}, "Body": {"1a"}, "Digits": {"1"}, "MessageStatus": {"failed"}}
		req, _ := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJl")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 403 {
			t.Fatalf("%s with a bad signature: %d, want 403", path, res.StatusCode)
		}
	}
	if e.alertStatus(aid) != "triggered" {
		t.Fatal("a forged webhook changed the alert")
	}
	var delivery string
	e.db.SQL().QueryRow("SELECT delivery FROM pages WHERE id = 1").Scan(&delivery)
	if delivery != "" {
		t.Fatal("a forged status callback was recorded")
	}
}

// TestDeliveryStatusAndFallback: Twilio's status callbacks land on the
// page; a failed SMS falls back to a call at once.
func TestDeliveryStatusAndFallback(t *testing.T) {
	e := newTwilioEnv(t, store.SQLite)
	e.fake.AutoStatus("sent", "undelivered")
	aid := e.trigger("k1")
	e.tick()
	if _, err := e.fake.WaitWebhooks(2, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	e.tick() // the fallback call is due now, not in two minutes
	calls := e.fake.Calls()
	if len(calls) != 1 || calls[0].To != olgaPhone {
		t.Fatalf("calls after an undelivered SMS: %+v", calls)
	}
	r := e.olga.mustDo("GET", "/api/v1/alerts/"+aid, nil, 200)
	if !strings.Contains(string(r.Body), "undelivered") || !strings.Contains(string(r.Body), "falling back to voice") {
		t.Fatalf("timeline: %s", r.Body)
	}
}

// TestStopOptsOut: STOP stops SMS pages to the number; calls still come.
func TestStopOptsOut(t *testing.T) {
	e := newTwilioEnv(t, store.SQLite)
	ctx := context.Background()
	twimlOf(t)(e.fake.InboundSMS(ctx, e.srv.URL+"/api/v1/twilio/sms", olgaPhone, rotaNumber, "STOP"))
	e.trigger("k1")
	e.tick()
	e.clock.Add(2 * time.Minute)
	e.tick()
	if n := len(messagesTo(e.fake, olgaPhone)); n != 0 {
		t.Fatalf("%d SMS after STOP", n)
	}
	if n := len(e.fake.Calls()); n != 1 {
		t.Fatalf("%d calls after STOP, want 1", n)
	}
	twimlOf(t)(e.fake.InboundSMS(ctx, e.srv.URL+"/api/v1/twilio/sms", olgaPhone, rotaNumber, "START"))
	e.trigger("k2")
	e.clock.Add(10 * time.Second) // past the notifier's cache
	e.tick()
	if n := len(messagesTo(e.fake, olgaPhone)); n != 1 {
		t.Fatalf("%d SMS after START, want 1", n)
	}
}

var codeRE = regexp.MustCompile(`\b(\d{6})\b`)

// TestVerifyNumber: a number added in the web app gets a code by SMS and is
// used only once verified.
func TestVerifyNumber(t *testing.T) {
	e := newTwilioEnv(t, store.SQLite)
	const newPhone = "+15550001234"
	r := e.dan.mustDo("POST", "/api/v1/me/contact-methods", map[string]string{"type": "sms", "address": "555-1234"}, 400)
	if _, f := r.errorOf(t); f != "address" {
		t.Fatalf("bad number: %s", r.Body)
	}
	e.dan.mustDo("PATCH", "/api/v1/me", map[string]string{"phone": newPhone}, 400)
	r = e.dan.mustDo("POST", "/api/v1/me/contact-methods", map[string]string{"type": "sms", "address": newPhone}, 201)
	var cm struct {
		ContactMethod struct {
			ID       string
			Verified bool
		} `json:"contact_method"`
	}
	r.json(t, &cm)
	if cm.ContactMethod.Verified {
		t.Fatal("a new number is verified before its code")
	}
	msgs, err := e.fake.WaitMessages(1, 5*time.Second)
	if err != nil || msgs[0].To != newPhone {
		t.Fatalf("verification SMS: %+v %v", msgs, err)
	}
	code := codeRE.FindString(msgs[0].Body)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	vp := "/api/v1/me/contact-methods/" + cm.ContactMethod.ID + "/verify"
	r = e.dan.mustDo("POST", vp, map[string]string{"code": wrong}, 400)
	if _, f := r.errorOf(t); f != "code" {
		t.Fatalf("wrong code: %s", r.Body)
	}
	e.olga.mustDo("POST", vp, map[string]string{"code": code}, 404) // not Olga's
	r = e.dan.mustDo("POST", vp, map[string]string{"code": code}, 200)
	r.json(t, &cm)
	if !cm.ContactMethod.Verified {
		t.Fatalf("right code did not verify: %s", r.Body)
	}
	// Rules may use only verified methods; the verified one works.
	e.dan.mustDo("PUT", "/api/v1/me/notification-rules", map[string]any{"rules": []map[string]string{{"contact_method_id": cm.ContactMethod.ID, "delay": "0m"}}}, 200)
	r = e.dan.mustDo("GET", "/api/v1/me/contact-methods", nil, 200)
	if !strings.Contains(string(r.Body), `"default_rules":false`) || !strings.Contains(string(r.Body), `"sms_enabled":true`) {
		t.Fatalf("contact methods: %s", r.Body)
	}
}

// TestBurstIsBundled: with the sending number limited to one message a
// second, a burst of alerts for one engineer reaches Twilio as one or two
// SMS listing them, not one SMS per alert.
func TestBurstIsBundled(t *testing.T) {
	e := newTwilioEnv(t, store.SQLite)
	var aids []string
	for i := 0; i < 5; i++ {
		aids = append(aids, e.trigger(fmt.Sprint("burst-", i)))
	}
	if _, err := e.engine.RunOnce(context.Background(), e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	disp := paging.NewDispatcher(e.db, e.senders, e.clock.Now, slog.New(slog.DiscardHandler), nil)
	disp.Limits = map[paging.Channel]*rate.Limiter{paging.ChannelSMS: rate.NewLimiter(1, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { disp.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(10 * time.Second)
	var sent int
	for time.Now().Before(deadline) {
		e.db.SQL().QueryRow("SELECT COUNT(*) FROM pages WHERE channel = 'sms' AND status = 'sent'").Scan(&sent)
		if sent == 5 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	msgs := messagesTo(e.fake, olgaPhone)
	if sent != 5 || len(msgs) > 2 {
		t.Fatalf("5 SMS pages: %d sent as %d messages, want at most 2", sent, len(msgs))
	}
	last := msgs[len(msgs)-1].Body
	if !strings.Contains(last, "alerts") {
		t.Fatalf("the bundle does not list alerts: %q", last)
	}
	// One reply acknowledges everything.
	answer := twimlOf(t)(e.fake.InboundSMS(context.Background(), e.srv.URL+"/api/v1/twilio/sms", olgaPhone, rotaNumber, "ack all"))
	if !strings.Contains(answer, "Acknowledged 5") {
		t.Fatalf("ack all: %s", answer)
	}
	for _, a := range aids {
		if e.alertStatus(a) != "acknowledged" {
			t.Fatalf("alert %s not acknowledged", a)
		}
	}
}
