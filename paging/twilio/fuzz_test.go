package twilio_test

import (
	"errors"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging/twilio"
	"github.com/rotaoncall/rota/paging/twilio/twiliofake"
)

// FuzzParseWebhookForm: whatever the body, ParseWebhookForm does not panic;
// a refusal names its field; an accepted form has each parameter once, in
// UTF-8 without NUL, encodes and parses back to itself, and the signature
// Twilio computes over it (the fake's, which signs every value) is the one
// twilio-go's check accepts, while any changed value is refused.
func FuzzParseWebhookForm(f *testing.F) {
	const form = "application/x-www-form-urlencoded"
	for _, seed := range []struct{ ct, body string }{
		{form, "From=%2B15550000001&To=%2B15559990000&Body=4a&MessageSid=SM1"},
		{form + "; charset=UTF-8", "MessageSid=SM1&MessageStatus=delivered"},
		{form, "Digits=1&CallSid=CA1&To=%2B15550000001"},
		{form, ""},
		{form, "Body=1a&Body=1r"},
		{form, "Body=%00"},
		{form, "a=%ff"},
		{form, "a;b=c"},
		{form, "%zz=1"},
		{"text/plain", "Body=1a"},
		{"", "Body=1a"},
		{"application/x-www-form-urlencoded; charset=latin1", "Body=1a"},
	} {
		f.Add(seed.ct, []byte(seed.body))
	}
	client, err := twilio.New(twilio.Config{AccountSID: sid, AuthToken: token, From: from, PublicURL: public})
	if err != nil {
		f.Fatal(err)
	}
	target := public + "/api/v1/twilio/status?page=12"
	f.Fuzz(func(t *testing.T, ct string, body []byte) {
		got, err := twilio.ParseWebhookForm(ct, body)
		if err != nil {
			var re *rota.Error
			if !errors.As(err, &re) || re.Field == "" || (re.Code != rota.EInvalid && re.Code != rota.EUnsupportedMedia) {
				t.Fatalf("refusal %v does not name its field", err)
			}
			return
		}
		for name, vs := range got {
			if len(vs) != 1 || !utf8.ValidString(name) || !utf8.ValidString(vs[0]) || strings.ContainsRune(name+vs[0], 0) {
				t.Fatalf("accepted parameter %q = %q", name, vs)
			}
		}
		again, err := twilio.ParseWebhookForm(form, []byte(got.Encode()))
		if err != nil || !maps.EqualFunc(got, again, slices.Equal) {
			t.Fatalf("%v encodes as %q, which parses as %v, %v", got, got.Encode(), again, err)
		}
		sig := twiliofake.Sign(token, target, got)
		if !client.Validate(target, got, sig) {
			t.Fatalf("Twilio's signature over %v is refused", got)
		}
		for name := range got {
			changed := maps.Clone(got)
			changed[name] = []string{got.Get(name) + "x"}
			if client.Validate(target, changed, sig) {
				t.Fatalf("changing %s keeps the signature valid", name)
			}
		}
	})
}

var digits = regexp.MustCompile(`^[0-9]+$`)

// FuzzParseReply: ParseReply does not panic and answers a known action;
// a code is digits, given only for acknowledge, resolve and escalate;
// case, surrounding space and trailing punctuation do not change the
// answer; and the canonical form of an answer with a code ("4a") reads
// back as the same answer.
func FuzzParseReply(f *testing.F) {
	for _, s := range []string{"1a", "4 ack", "#4a", "a4", "ACK 4", "4r", "resolve 4", "e4", "ack", "ack all", "ACKALL", "stop", "START", "help",
		"a", "4", "", "4a4", "ack 4 please", "4ä", "ı", "\u00a04a\u00a0", "4a!?.", "１a", "99999999999999999999a"} {
		f.Add(s)
	}
	actions := []string{twilio.ActionAck, twilio.ActionResolve, twilio.ActionEscalate, twilio.ActionAckAll, twilio.ActionStop, twilio.ActionStart, twilio.ActionHelp, twilio.ActionUnknown}
	letter := map[string]string{twilio.ActionAck: "a", twilio.ActionResolve: "r", twilio.ActionEscalate: "e"}
	f.Fuzz(func(t *testing.T, body string) {
		r := twilio.ParseReply(body)
		if !slices.Contains(actions, r.Action) {
			t.Fatalf("ParseReply(%q) = unknown action %q", body, r.Action)
		}
		if r.Code != "" && (!digits.MatchString(r.Code) || letter[r.Action] == "") {
			t.Fatalf("ParseReply(%q) = %+v: a code is digits, for ack, resolve or escalate", body, r)
		}
		if got := twilio.ParseReply(asciiUpper(body)); got != r {
			t.Fatalf("ParseReply(%q) = %+v but in capitals %+v", body, r, got)
		}
		if got := twilio.ParseReply("  " + body + " !"); got != r {
			t.Fatalf("ParseReply(%q) = %+v but with space and ! around it %+v", body, r, got)
		}
		if r.Code != "" {
			canon := r.Code + letter[r.Action]
			if got := twilio.ParseReply(canon); got != r {
				t.Fatalf("ParseReply(%q) = %+v, but its canonical form %q reads %+v", body, r, canon, got)
			}
		}
	})
}

// asciiUpper upper-cases ASCII letters only: Unicode case mapping is not
// a round trip (ı → I → i).
func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
