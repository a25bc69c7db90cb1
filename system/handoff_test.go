package system

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/rotaoncall/rota/handoff"
	"github.com/rotaoncall/rota/paging/twilio"
	"github.com/rotaoncall/rota/paging/twilio/twiliofake"
	"github.com/rotaoncall/rota/scheduler"
)

// TestHandoffSender: with Twilio configured a notice goes to the
// engineer's phone as an SMS through the real client (against the fake
// Twilio REST API) and its rate limiter; without a phone, or without
// Twilio, it is logged instead and nothing is sent.
func TestHandoffSender(t *testing.T) {
	const sid, token = "AC00000000000000000000000000000001", "token0000000000000000000000000000"
	fake := twiliofake.New(sid, token)
	defer fake.Close()
	client, err := twilio.New(twilio.Config{AccountSID: sid, AuthToken: token, From: "+15559990000", APIURL: fake.URL, PublicURL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logged, nil))
	start := time.Date(2027, 6, 15, 9, 0, 0, 0, time.UTC)
	n := handoff.Notice{Claim: handoff.Claim{ScheduleID: 1, Tier: scheduler.TierPrimary, UserID: 7, Start: start}, ScheduleName: "payments-oncall",
		End: start.Add(24 * time.Hour), Zone: time.UTC, Phone: "+15550100007", Alerts: handoff.OpenAlerts{Count: 2}}
	ctx := context.Background()

	snd := handoffSender{twilio: client, limit: rate.NewLimiter(rate.Inf, 1), log: log}
	if err := snd.SendHandoff(ctx, n); err != nil {
		t.Fatal(err)
	}
	msgs := fake.Messages()
	if len(msgs) != 1 || msgs[0].To != n.Phone || msgs[0].Body != handoff.Text(n) || !strings.Contains(msgs[0].Body, "payments-oncall") {
		t.Fatalf("sent %+v, want one SMS to %s saying %q", msgs, n.Phone, handoff.Text(n))
	}

	noPhone := n
	noPhone.Phone = ""
	for _, tc := range []struct {
		name string
		snd  handoffSender
		n    handoff.Notice
	}{{"no phone", snd, noPhone}, {"no Twilio", handoffSender{log: log}, n}} {
		logged.Reset()
		if err := tc.snd.SendHandoff(ctx, tc.n); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !strings.Contains(logged.String(), "handoff notice (not sent") || !strings.Contains(logged.String(), "payments-oncall") {
			t.Errorf("%s: logged %q", tc.name, logged.String())
		}
	}
	if got := len(fake.Messages()); got != 1 {
		t.Fatalf("%d SMS sent in all, want the first only", got)
	}

	// Twilio refusing is the worker's error to report, not a silent loss.
	fake.FailAll(500)
	if err := snd.SendHandoff(ctx, n); err == nil {
		t.Fatal("a refused SMS was reported as sent")
	}
}
