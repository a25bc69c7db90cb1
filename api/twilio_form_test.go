package api_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rotaoncall/rota/paging/twilio/twiliofake"
	"github.com/rotaoncall/rota/store/storetest"
)

// TestTwilioWebhookForm: a signed Twilio webhook is read only as the form
// Twilio sends: UTF-8 without NUL bytes (which PostgreSQL cannot store),
// each parameter once (the signature is checked over first values), with
// the form Content-Type; otherwise 400 naming the parameter, or 415.
func TestTwilioWebhookForm(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newTwilioEnv(t, d)
			e.trigger("k1")
			e.tick()
			var page string
			e.db.SQL().QueryRow("SELECT id FROM pages ORDER BY id LIMIT 1").Scan(&page)
			post := func(path, ct, body string, form url.Values) (int, string) {
				t.Helper()
				target := e.srv.URL + path
				req, _ := http.NewRequest("POST", target, strings.NewReader(body))
				req.Header.Set("Content-Type", ct)
				req.Header.Set("X-Twilio-Signature", twiliofake.Sign("fakeauthtoken0123456789abcdef0123", target, form))
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				r := response{Status: res.StatusCode, Header: res.Header}
				r.Body, _ = readAll(res)
				if res.StatusCode >= 400 {
					_, f := r.errorOf(t)
					return res.StatusCode, f
				}
				return res.StatusCode, ""
			}
			const form = "application/x-www-form-urlencoded"
			nul := url.Values{"MessageSid": {"SM1"}, "MessageStatus": {"deliv\x00ered"}}
			if st, f := post("/api/v1/twilio/status?page="+page, form, nul.Encode(), nul); st != 400 || f != "MessageStatus" {
				t.Fatalf("signed status with a NUL byte: %d at %q, want 400 at MessageStatus", st, f)
			}
			twice := url.Values{"From": {olgaPhone}, "To": {rotaNumber}, "Body": {"1a", "1r"}}
			if st, f := post("/api/v1/twilio/sms", form, twice.Encode(), twice); st != 400 || f != "Body" {
				t.Fatalf("Body given twice: %d at %q, want 400 at Body", st, f)
			}
			one := url.Values{"From": {olgaPhone}, "To": {rotaNumber}, "Body": {"1a"}}
			if st, f := post("/api/v1/twilio/sms", "text/plain", one.Encode(), one); st != 415 || f != "Content-Type" {
				t.Fatalf("text/plain: %d at %q, want 415 at Content-Type", st, f)
			}
			if st, f := post("/api/v1/twilio/sms", "", one.Encode(), one); st != 415 || f != "Content-Type" {
				t.Fatalf("no Content-Type: %d at %q, want 415 at Content-Type", st, f)
			}
			if st, _ := post("/api/v1/twilio/sms", form+"; charset=UTF-8", one.Encode(), one); st != 200 {
				t.Fatalf("a good reply: %d", st)
			}
		})
	}
}

func readAll(res *http.Response) ([]byte, error) { return io.ReadAll(res.Body) }
