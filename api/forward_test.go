package api_test

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/rotaoncall/rota/pagerduty"
	"github.com/rotaoncall/rota/pagerduty/pdfake"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
	"github.com/rotaoncall/rota/system"
)

// newForwardingEnv is the paging environment with pages forwarded to a
// fake PagerDuty's Events API, as rota serve wires it without Twilio.
func newForwardingEnv(t *testing.T, d store.Dialect) (*pagingEnv, *pdfake.Server) {
	t.Helper()
	fake := pdfake.NewFixture()
	t.Cleanup(fake.Close)
	clock := storetest.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	db := storetest.Open(t, d, storetest.Options{Now: clock.Now})
	base := newEnvBuilt(t, db, clock, false, nil, func(o *system.Options) {
		o.Senders[paging.ChannelPagerDuty] = pagerduty.NewSender(pagerduty.NewClient(pagerduty.Config{EventsURL: fake.URL, MaxRetries: -1}), "")
		o.Notifier = paging.ForwardingNotifier{Base: paging.FixedNotifier(paging.ChannelLog), Contacts: paging.NewContactNotifier(db, clock.Now)}
	})
	return newPagingEnvOn(t, newTeamEnvOn(t, base)), fake
}

func eventsOf(fake *pdfake.Server, dedup string) []string {
	var out []string
	for _, ev := range fake.Events() {
		if ev.DedupKey == dedup {
			out = append(out, ev.RoutingKey+" "+ev.Action)
		}
	}
	return out
}

// TestForwardingToPagerDuty: an engineer's PagerDuty routing key gets
// their pages as Events API v2 triggers keyed by Rota's alert; the
// alert's acknowledgement and resolution follow, whoever makes them (a
// person in Rota or the monitor). On both dialects: the follow-ups are
// written by the store.
func TestForwardingToPagerDuty(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) { testForwarding(t, d) })
	}
}

func testForwarding(t *testing.T, d store.Dialect) {
	e, fake := newForwardingEnv(t, d)
	mp := "/api/v1/me/contact-methods"
	r := e.olga.mustDo("POST", mp, map[string]string{"type": "pagerduty", "address": "not-a-key"}, 400)
	if _, field := r.errorOf(t); field != "address" {
		t.Fatalf("a bad key: field %q", field)
	}
	var added struct {
		ContactMethod struct {
			ID       string `json:"id"`
			Verified bool   `json:"verified"`
		} `json:"contact_method"`
	}
	e.olga.mustDo("POST", mp, map[string]string{"type": "pagerduty", "address": pdfake.CheckoutKey}, 201).json(t, &added)
	if !added.ContactMethod.Verified {
		t.Fatal("a routing key should be verified when added")
	}
	e.olga.mustDo("POST", mp+"/"+added.ContactMethod.ID+"/resend", nil, 409)
	e.olga.mustDo("POST", mp+"/"+added.ContactMethod.ID+"/verify", map[string]string{"code": "123456"}, 409)

	// Olga is on call (the weekly ops layer): the page is forwarded. The
	// service opens incidents, whose timeline shows who was told.
	e.setIncidentsMode(t, "auto")
	aid := e.trigger("fw-1")
	e.tick()
	dedup := "rota-alert-" + aid
	if got := eventsOf(fake, dedup); len(got) != 1 || got[0] != pdfake.CheckoutKey+" trigger" {
		t.Fatalf("after the page: %v", got)
	}
	var pages struct {
		Pages []struct {
			Channel string `json:"channel"`
			Status  string `json:"status"`
		} `json:"pages"`
	}
	e.admin.mustDo("GET", "/api/v1/pages?alert_id="+aid, nil, 200).json(t, &pages)
	channels := map[string]string{}
	for _, p := range pages.Pages {
		channels[p.Channel] = p.Status
	}
	if channels["pagerduty"] != "sent" || channels["log"] != "sent" {
		t.Fatalf("pages: %+v", pages)
	}

	e.olga.mustDo("POST", "/api/v1/alerts/"+aid+"/ack", nil, 200)
	e.tick()
	e.olga.mustDo("POST", "/api/v1/alerts/"+aid+"/resolve", nil, 200)
	e.tick()
	want := []string{pdfake.CheckoutKey + " trigger", pdfake.CheckoutKey + " acknowledge", pdfake.CheckoutKey + " resolve"}
	if got := eventsOf(fake, dedup); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("events: %v, want %v", got, want)
	}
	// The incident's timeline names the two pages that told Olga, not the
	// follow-ups that kept PagerDuty in step.
	var list struct{ Incidents []struct{ ID string } }
	e.admin.mustDo("GET", "/api/v1/incidents", nil, 200).json(t, &list)
	if len(list.Incidents) != 1 {
		t.Fatalf("%d incidents", len(list.Incidents))
	}
	var inc incidentResp
	e.admin.mustDo("GET", "/api/v1/incidents/"+list.Incidents[0].ID, nil, 200).json(t, &inc)
	if k := inc.kinds(); k["paged"] != 2 {
		t.Fatalf("incident timeline: %d paged entries, want 2 (log and PagerDuty): %v", k["paged"], k)
	}
	// Repeating the resolve forwards nothing more.
	e.olga.mustDo("POST", "/api/v1/alerts/"+aid+"/resolve", nil, 200)
	e.tick()
	if got := eventsOf(fake, dedup); len(got) != 3 {
		t.Fatalf("a second resolve was forwarded again: %v", got)
	}

	// The monitor resolves the next one itself.
	aid2 := e.trigger("fw-2")
	e.tick()
	e.anon().mustDo("POST", "/api/v1/integrations/"+e.keys["generic"]+"/generic",
		map[string]any{"summary": "card authorisations failing fw-2", "dedup_key": "fw-2", "status": "resolved"}, 202)
	e.tick()
	if e.alertStatus(aid2) != "resolved" {
		t.Fatalf("alert %s is %s", aid2, e.alertStatus(aid2))
	}
	want = []string{pdfake.CheckoutKey + " trigger", pdfake.CheckoutKey + " resolve"}
	if got := eventsOf(fake, "rota-alert-"+aid2); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("events of the monitor-resolved alert: %v, want %v", got, want)
	}
	for _, a := range fake.Alerts() {
		if a.Status != "resolved" {
			t.Errorf("PagerDuty still has %s %s", a.DedupKey, a.Status)
		}
	}

	// Page load counts the pages that told Olga (log and PagerDuty, for
	// two alerts), not the acknowledge and resolve follow-ups that only
	// keep PagerDuty in step (they counted before: 7 pages).
	now := e.clock.Now().UTC()
	q := url.Values{"team": {e.teamID}, "from": {now.Add(-24 * time.Hour).Format(time.RFC3339)}, "to": {now.Add(time.Hour).Format(time.RFC3339)}}
	var rep struct {
		Teams []struct {
			Engineers []struct {
				Email         string
				Pages         int
				Interruptions struct{ Total int }
			}
		}
	}
	e.admin.mustDo("GET", "/api/v1/load?"+q.Encode(), nil, 200).json(t, &rep)
	found := false
	for _, en := range rep.Teams[0].Engineers {
		if en.Email == "olga@example.com" {
			found = true
			// The two alerts came within a minute: one interruption.
			if en.Pages != 4 || en.Interruptions.Total != 1 {
				t.Errorf("Olga's load: %d pages, %d interruptions; want 4 pages (no follow-ups), 1 interruption", en.Pages, en.Interruptions.Total)
			}
		}
	}
	if !found {
		t.Fatal("Olga is not in the load report")
	}
}
