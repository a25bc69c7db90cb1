package twilio_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/paging/twilio"
	"github.com/rotaoncall/rota/paging/twilio/twiliofake"
)

func page(id int64, service, summary, code string) paging.Message {
	m := paging.Message{
		Page:        paging.Page{ID: id * 10, AlertID: id, Channel: paging.ChannelSMS, Urgency: paging.High},
		Alert:       paging.Alert{ID: id, Summary: summary},
		ServiceName: service,
		UserPhone:   to,
		Link:        fmt.Sprintf("https://rota.example.com/alerts/%d", id),
	}
	m.ReplyCode = code
	return m
}

// twoSegments checks body against the fake's independent segment count.
func twoSegments(t *testing.T, body string) {
	t.Helper()
	if n := twiliofake.Segments(body); n > 2 {
		t.Errorf("%d segments (%d characters): %q", n, len([]rune(body)), body)
	}
}

func TestSMSBody(t *testing.T) {
	shadow := page(123, "checkout", "card authorisations failing", "")
	shadow.Shadow = true
	low := page(5, "edge", "TLS certificate expires in 7 days.", "2")
	low.Urgency = paging.Low
	noService := page(8, "", "something broke", "3")
	noService.Link = ""
	multiline := page(9, "checkout", "line one\n\n  line\ttwo  ", "9")
	tests := []struct {
		name string
		m    paging.Message
		want string
	}{
		{"page", page(123, "checkout", "card authorisations failing", "4"),
			"Rota: checkout - card authorisations failing (high). Reply 4a to ack, 4r to resolve. https://rota.example.com/alerts/123"},
		{"shadow copy has no reply code", shadow,
			"Rota SHADOW COPY (no action needed): checkout - card authorisations failing (high). https://rota.example.com/alerts/123"},
		{"low urgency, trailing full stop", low,
			"Rota: edge - TLS certificate expires in 7 days (low). Reply 2a to ack, 2r to resolve. https://rota.example.com/alerts/5"},
		{"no service, no link", noService, "Rota: something broke (high). Reply 3a to ack, 3r to resolve."},
		{"white space collapsed", multiline,
			"Rota: checkout - line one line two (high). Reply 9a to ack, 9r to resolve. https://rota.example.com/alerts/9"},
		{"typography folded to GSM-7", page(7, "checkout", "“Payments” – slow… ’tis bad", "7"),
			`Rota: checkout - "Payments" - slow... 'tis bad (high). Reply 7a to ack, 7r to resolve. https://rota.example.com/alerts/7`},
		{"accents folded to GSM-7", page(7, "São Paulo", "Ação não concluída", "7"),
			"Rota: Sao Paulo - Acao nao concluida (high). Reply 7a to ack, 7r to resolve. https://rota.example.com/alerts/7"},
		{"GSM-7 accents kept", page(7, "zürich", "Größe über Maß, é à", "7"),
			"Rota: zürich - Größe über Maß, é à (high). Reply 7a to ack, 7r to resolve. https://rota.example.com/alerts/7"},
		{"Cyrillic stays", page(7, "касса", "платежи не проходят", "7"),
			"Rota: касса - платежи не проходят (high). Reply 7a to ack, 7r to resolve. https://rota.example.com/alerts/7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := twilio.SMSBody(tt.m)
			if got != tt.want {
				t.Errorf("SMSBody\n got %q\nwant %q", got, tt.want)
			}
			twoSegments(t, got)
		})
	}
}

func TestSMSBodyCutsLongSummaries(t *testing.T) {
	for _, tc := range []struct {
		name, summary string
	}{
		{"GSM-7", strings.Repeat("disk full on db-primary-07 ", 40)},
		{"GSM-7 with two-septet characters", strings.Repeat("{[|]} ~^ € ", 60)},
		{"UCS-2", strings.Repeat("диск заполнен ", 40)},
		{"emoji", strings.Repeat("🔥 fire ", 60)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := twilio.SMSBody(page(4, "checkout", tc.summary, "4"))
			twoSegments(t, got)
			if !strings.HasSuffix(got, "... (high). Reply 4a to ack, 4r to resolve. https://rota.example.com/alerts/4") {
				t.Errorf("the cut summary must end in ... and keep the reply code and link: %q", got)
			}
			if !strings.HasPrefix(got, "Rota: checkout - ") {
				t.Errorf("prefix lost: %q", got)
			}
		})
	}
}

func TestSMSBodyBundles(t *testing.T) {
	a := page(4, "checkout", "card authorisations failing", "4")
	a.Bundle = []paging.Message{page(5, "checkout", "DB replica lag", "5"), page(6, "checkout", "disk full", "6")}
	b := page(4, "checkout", "card authorisations failing", "4")
	b.Bundle = []paging.Message{page(5, "edge", "5xx rate above 2%", "5")}
	sh := page(4, "checkout", "card authorisations failing", "")
	sh.Shadow = true
	sh.Bundle = []paging.Message{page(5, "checkout", "DB replica lag", "")}
	sh.Bundle[0].Shadow = true
	tests := []struct {
		name string
		m    paging.Message
		want string
	}{
		{"one service", a, `Rota: 3 alerts for checkout: 4 card authorisations failing; 5 DB replica lag; 6 disk full. Reply 4a, 5a... to ack one, "ack all" to ack all. https://rota.example.com/alerts`},
		{"two services", b, `Rota: 2 alerts (checkout, edge): 4 card authorisations failing; 5 5xx rate above 2%. Reply 4a, 5a to ack one, "ack all" to ack all. https://rota.example.com/alerts`},
		{"shadow copies", sh, `Rota SHADOW COPY (no action needed): 2 alerts for checkout: card authorisations failing; DB replica lag. https://rota.example.com/alerts`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := twilio.SMSBody(tt.m)
			if got != tt.want {
				t.Errorf("SMSBody\n got %q\nwant %q", got, tt.want)
			}
			twoSegments(t, got)
		})
	}
}

func TestSMSBodyBundleOfManyLongAlerts(t *testing.T) {
	m := page(100, "checkout", strings.Repeat("payment provider timeout ", 8), "100")
	for i := range 30 {
		m.Bundle = append(m.Bundle, page(int64(101+i), []string{"checkout", "edge", "search"}[i%3], strings.Repeat(fmt.Sprintf("alert number %d is long ", i), 6), fmt.Sprint(101+i)))
	}
	got := twilio.SMSBody(m)
	twoSegments(t, got)
	for _, want := range []string{"Rota: 31 alerts (checkout, edge, search): 100 payment provider", "more.", `Reply 100a, 101a... to ack one, "ack all" to ack all. https://rota.example.com/alerts`} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
}

// Random messages always fit in two segments and keep their link.
func TestSMSBodyAlwaysFits(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("abcdefghij klmnop ,.-_ {}[]~|€^ éàüñ ‘’“”–… ЖЩЯ 日本 🔥\n\t")
	text := func(n int) string {
		var b strings.Builder
		for range r.IntN(n) {
			b.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	for i := range 2000 {
		m := page(int64(i), text(50), text(400), fmt.Sprint(r.IntN(1000)))
		m.Shadow = r.IntN(4) == 0
		for j := range r.IntN(6) {
			m.Bundle = append(m.Bundle, page(int64(1000+j), text(30), text(200), fmt.Sprint(j)))
		}
		got := twilio.SMSBody(m)
		twoSegments(t, got)
		if !strings.Contains(got, "https://rota.example.com/alerts") {
			t.Fatalf("link lost: %q", got)
		}
		if m.Shadow && len(m.Bundle) == 0 && strings.Contains(got, "Reply") {
			t.Fatalf("a shadow copy offers a reply: %q", got)
		}
	}
}

func TestVoiceMessage(t *testing.T) {
	shadow := page(1, "checkout", "card authorisations failing", "")
	shadow.Shadow = true
	bundle := page(1, "checkout", "card authorisations failing", "1")
	bundle.Bundle = []paging.Message{page(2, "checkout", "x", "2"), page(3, "checkout", "y", "3")}
	tests := []struct {
		name string
		m    paging.Message
		want string
	}{
		{"page", page(1, "checkout", "card authorisations failing.", "1"), "Rota alert for checkout, high urgency: card authorisations failing."},
		{"shadow", shadow, "This is a shadow copy; no action is needed. Rota alert for checkout, high urgency: card authorisations failing."},
		{"bundle", bundle, "Rota alert for checkout, high urgency: card authorisations failing. 2 more alerts are waiting for you."},
		{"bare", paging.Message{Page: paging.Page{AlertID: 9}}, "Rota alert: alert 9."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := twilio.VoiceMessage(tt.m); got != tt.want {
				t.Errorf("VoiceMessage\n got %q\nwant %q", got, tt.want)
			}
		})
	}
	long := twilio.VoiceMessage(page(1, strings.Repeat("s", 500), strings.Repeat("word ", 500), "1"))
	doc, err := twilio.VoiceTwiML(long, "https://rota.example.com/api/v1/twilio/voice?page=10")
	if err != nil {
		t.Fatal(err)
	}
	if len([]rune(doc)) > 4000 {
		t.Errorf("TwiML of a long page is %d characters; Twilio takes 4,000", len([]rune(doc)))
	}
}
