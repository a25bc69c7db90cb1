package twilio_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/paging/twilio"
)

func TestSenderSMS(t *testing.T) {
	fake, c := setup(t)
	s := &twilio.Sender{Client: c}
	m := page(42, "checkout", "card authorisations failing", "4")
	m.ID = 420
	ref, err := s.Send(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	msgs := fake.Messages()
	if len(msgs) != 1 || msgs[0].SID != ref || msgs[0].To != to || msgs[0].Body != twilio.SMSBody(m) ||
		msgs[0].StatusCallback != "https://rota.example.com/api/v1/twilio/status?page=420" {
		t.Errorf("sent %+v", msgs)
	}
}

func TestSenderVoice(t *testing.T) {
	fake, c := setup(t)
	s := &twilio.Sender{Client: c, StatusPath: "/hooks/status"}
	m := page(42, "checkout", "card authorisations failing", "4")
	m.ID, m.Channel = 421, paging.ChannelVoice
	ref, err := s.Send(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	calls := fake.Calls()
	if len(calls) != 1 || calls[0].SID != ref || calls[0].StatusCallback != "https://rota.example.com/hooks/status?page=421" {
		t.Fatalf("calls %+v", calls)
	}
	r := parseTwiML(t, calls[0].Twiml)
	if len(r.Verbs) != 3 || r.Verbs[0].attr("action") != "https://rota.example.com/api/v1/twilio/voice?page=421" ||
		r.Verbs[0].Inner[0].Text != twilio.VoiceMessage(m) {
		t.Errorf("TwiML %s", calls[0].Twiml)
	}
}

func TestSenderShadowVoiceOnlySpeaks(t *testing.T) {
	fake, c := setup(t)
	m := page(42, "checkout", "card authorisations failing", "")
	m.Channel, m.Shadow = paging.ChannelVoice, true
	if _, err := (&twilio.Sender{Client: c}).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	calls := fake.Calls()
	if len(calls) != 1 {
		t.Fatal(calls)
	}
	r := parseTwiML(t, calls[0].Twiml)
	if len(r.Verbs) != 1 || r.Verbs[0].XMLName.Local != "Say" || !strings.HasPrefix(r.Verbs[0].Text, "This is a shadow copy") {
		t.Errorf("shadow TwiML %s", calls[0].Twiml)
	}
}

func TestSenderRefuses(t *testing.T) {
	fake, c := setup(t)
	s := &twilio.Sender{Client: c}
	noPhone := page(1, "checkout", "x", "1")
	noPhone.UserPhone = ""
	webhook := page(1, "checkout", "x", "1")
	webhook.Channel = paging.ChannelWebhook
	for name, m := range map[string]paging.Message{"no phone": noPhone, "other channel": webhook} {
		_, err := s.Send(context.Background(), m)
		var se *paging.SendError
		if err == nil || errors.As(err, &se) {
			t.Errorf("%s: %v, want a permanent error", name, err)
		}
	}
	if _, err := s.Send(context.Background(), noPhone); err == nil || err.Error() != "no phone number" {
		t.Errorf("no phone: %v", err)
	}
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("%d requests reached Twilio", n)
	}
}
