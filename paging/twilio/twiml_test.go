package twilio_test

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/rotaoncall/rota/paging/twilio"
)

// response is the TwiML subset Rota writes.
type response struct {
	XMLName xml.Name `xml:"Response"`
	Verbs   []verb   `xml:",any"`
}

type verb struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Inner   []verb     `xml:",any"`
}

func (v verb) attr(name string) string {
	for _, a := range v.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func parseTwiML(t *testing.T, doc string) response {
	t.Helper()
	if !strings.HasPrefix(doc, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration: %q", doc)
	}
	var r response
	if err := xml.Unmarshal([]byte(doc), &r); err != nil {
		t.Fatalf("%v in %q", err, doc)
	}
	return r
}

func TestVoiceTwiML(t *testing.T) {
	action := "https://rota.example.com/api/v1/twilio/voice?page=12&x=<1>"
	doc, err := twilio.VoiceTwiML("Rota alert for R&D <lab>: fire.", action)
	if err != nil {
		t.Fatal(err)
	}
	r := parseTwiML(t, doc)
	if len(r.Verbs) != 3 {
		t.Fatalf("%d verbs, want Gather, Gather, Say: %s", len(r.Verbs), doc)
	}
	for i, g := range r.Verbs[:2] {
		if g.XMLName.Local != "Gather" || g.attr("numDigits") != "1" || g.attr("action") != action ||
			g.attr("method") != "POST" || g.attr("timeout") != "8" {
			t.Errorf("verb %d: %+v", i, g)
		}
		if len(g.Inner) != 2 || g.Inner[0].XMLName.Local != "Say" || g.Inner[0].Text != "Rota alert for R&D <lab>: fire." ||
			g.Inner[1].Text != "Press 1 to acknowledge, 2 to resolve, 3 to escalate now." {
			t.Errorf("verb %d says %+v", i, g.Inner)
		}
	}
	if last := r.Verbs[2]; last.XMLName.Local != "Say" || last.Text != "No key was pressed. Rota will keep escalating. Goodbye." {
		t.Errorf("last verb %+v", last)
	}
}

func TestSayTwiML(t *testing.T) {
	r := parseTwiML(t, twilio.SayTwiML("Acknowledged. Thank you."))
	if len(r.Verbs) != 1 || r.Verbs[0].XMLName.Local != "Say" || r.Verbs[0].Text != "Acknowledged. Thank you." {
		t.Errorf("%+v", r)
	}
	if r := parseTwiML(t, twilio.SayTwiML("")); len(r.Verbs) != 0 {
		t.Errorf("empty text: %+v", r)
	}
}

func TestMessagingTwiML(t *testing.T) {
	doc := twilio.MessagingTwiML("Acknowledged alert 4 & 5.")
	r := parseTwiML(t, doc)
	if len(r.Verbs) != 1 || r.Verbs[0].XMLName.Local != "Message" || r.Verbs[0].Text != "Acknowledged alert 4 & 5." {
		t.Errorf("%s", doc)
	}
	if doc := twilio.MessagingTwiML(""); !strings.HasSuffix(doc, "<Response/>") {
		t.Errorf("empty reply %q, want <Response/>", doc)
	}
}
