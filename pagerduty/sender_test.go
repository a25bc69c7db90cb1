package pagerduty_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota/pagerduty"
	"github.com/rotaoncall/rota/pagerduty/pdfake"
	"github.com/rotaoncall/rota/paging"
)

func sender(t *testing.T) (*pdfake.Server, *pagerduty.Sender) {
	t.Helper()
	fake := pdfake.NewFixture()
	t.Cleanup(fake.Close)
	c := pagerduty.NewClient(pagerduty.Config{Token: "unused by the Events API", APIURL: fake.URL, EventsURL: fake.URL, MaxRetries: -1,
		Sleep: (&sleeper{}).sleep})
	return fake, pagerduty.NewSender(c, pdfake.EdgeKey)
}

func message(status paging.Status) paging.Message {
	return paging.Message{
		Page:        paging.Page{ID: 9, AlertID: 42, UserID: 3, Channel: "pagerduty", Step: 1},
		Alert:       paging.Alert{ID: 42, Status: status, Severity: paging.Error, Summary: "Checkout 5xx above 2%", Source: "prometheus", Count: 3, CreatedAt: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)},
		ServiceName: "checkout", UserName: "Olga", Link: "https://rota.example.com/alerts/42",
	}
}

func TestSenderLifecycle(t *testing.T) {
	fake, s := sender(t)
	ctx := context.Background()
	ref, err := s.Send(ctx, message(paging.Triggered))
	if err != nil || ref != "rota-alert-42" {
		t.Fatalf("trigger: %q, %v", ref, err)
	}
	if _, err := s.Send(ctx, message(paging.Triggered)); err != nil {
		t.Fatal(err)
	}
	alerts := fake.Alerts()
	if len(alerts) != 1 || alerts[0].Status != "triggered" || alerts[0].Count != 2 || alerts[0].RoutingKey != pdfake.EdgeKey {
		t.Fatalf("alerts %+v", alerts)
	}
	ev := fake.Events()[0]
	p := ev.Body["payload"].(map[string]any)
	details := p["custom_details"].(map[string]any)
	if ev.Severity != "error" || ev.Summary != "Checkout 5xx above 2%" || p["component"] != "checkout" ||
		details["rota_alert_id"] != float64(42) || details["step"] != float64(2) || ev.Body["client_url"] != "https://rota.example.com/alerts/42" {
		t.Fatalf("event %+v", ev.Body)
	}
	if err := s.Acknowledge(ctx, "", 42); err != nil {
		t.Fatal(err)
	}
	if got := fake.Alerts()[0].Status; got != "acknowledged" {
		t.Fatalf("after acknowledge: %s", got)
	}
	if _, err := s.Send(ctx, message(paging.Resolved)); err != nil {
		t.Fatal(err)
	}
	if got := fake.Alerts()[0].Status; got != "resolved" {
		t.Fatalf("after a page of a resolved alert: %s", got)
	}
	// A resolved key opens a new PagerDuty alert.
	if _, err := s.Send(ctx, message(paging.Triggered)); err != nil {
		t.Fatal(err)
	}
	if got := fake.Alerts()[0]; got.Status != "triggered" || got.Count != 1 {
		t.Fatalf("after a new trigger: %+v", got)
	}
}

func TestSenderRoutingKeyAndBundle(t *testing.T) {
	fake, s := sender(t)
	m := message(paging.Triggered)
	m.Address = pdfake.CheckoutKey
	b := message(paging.Triggered)
	b.Alert.ID, b.Alert.Summary, b.Address = 43, "Ledger lag", pdfake.CheckoutKey
	m.Bundle = []paging.Message{b}
	if _, err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	alerts := fake.Alerts()
	if len(alerts) != 2 || alerts[0].RoutingKey != pdfake.CheckoutKey || alerts[1].DedupKey != "rota-alert-43" {
		t.Fatalf("alerts %+v", alerts)
	}
}

func TestSenderErrors(t *testing.T) {
	fake, s := sender(t)
	ctx := context.Background()
	fake.Throttle(http.MethodPost, "/v2/enqueue", 1, 9)
	_, err := s.Send(ctx, message(paging.Triggered))
	var se *paging.SendError
	if !errors.As(err, &se) || !se.Retryable || se.RetryAfter != 9*time.Second {
		t.Fatalf("throttled: %v (%+v), want retryable after 9s", err, se)
	}

	bad := pagerduty.NewSender(pagerduty.NewClient(pagerduty.Config{APIURL: fake.URL, EventsURL: fake.URL, MaxRetries: -1}), "too-short")
	_, err = bad.Send(ctx, message(paging.Triggered))
	if err == nil || errors.As(err, &se) || !strings.Contains(err.Error(), "routing_key") {
		t.Fatalf("bad routing key: %v, want a final error naming routing_key", err)
	}
	if n := len(fake.Events()); n != 0 {
		t.Fatalf("%d events accepted", n)
	}
}
