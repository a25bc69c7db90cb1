package paging

import (
	"context"
	"fmt"
	"testing"
	"time"
)

const key = "0123456789abcdef0123456789ABCDEF"

func TestRoutesForPagerDutyKeys(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	sms := ContactMethod{ID: 1, Type: ChannelSMS, Address: "+15550000001", VerifiedAt: &now}
	pd := ContactMethod{ID: 2, Type: ChannelPagerDuty, Address: key, VerifiedAt: &now}
	for _, tc := range []struct {
		name string
		r    Reachability
		want string
	}{
		{"default: PagerDuty at once beside SMS", Reachability{Methods: []ContactMethod{sms, pd}}, "[sms@0s pagerduty@0s]"},
		{"only a key: no log page", Reachability{Methods: []ContactMethod{pd}}, "[pagerduty@0s]"},
		{"rules name the key later", Reachability{Methods: []ContactMethod{sms, pd}, Rules: []NotificationRule{
			{ContactMethodID: 1, Urgency: "any"}, {ContactMethodID: 2, Delay: 5 * time.Minute, Urgency: "high"}}}, "[sms@0s pagerduty@5m0s]"},
		{"rules that leave the key out", Reachability{Methods: []ContactMethod{sms, pd}, Rules: []NotificationRule{{ContactMethodID: 1, Urgency: "any"}}}, "[sms@0s]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, r := range RoutesFor(tc.r, High) {
				got = append(got, fmt.Sprintf("%s@%s", r.Channel, r.Delay))
				if r.Channel == ChannelPagerDuty && r.Address != key {
					t.Errorf("address %q", r.Address)
				}
			}
			if fmt.Sprint(got) != tc.want {
				t.Fatalf("routes %v, want %s", got, tc.want)
			}
		})
	}
}

func TestNormalizeRoutingKey(t *testing.T) {
	if k, err := NormalizeRoutingKey("address", " "+key+" "); err != nil || k != key {
		t.Fatalf("%q %v", k, err)
	}
	for _, bad := range []string{"", "short", key + "0", "0123456789abcdef0123456789abcde!"} {
		if _, err := NormalizeRoutingKey("address", bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

type followUps struct{ calls []string }

func (f *followUps) ForwardFollowUps(_ context.Context, alertID int64, loop int, _ time.Time) (int, error) {
	f.calls = append(f.calls, fmt.Sprintf("%d/%d", alertID, loop))
	return 1, nil
}

func TestForwarderFollowsAcksAndResolves(t *testing.T) {
	st := &followUps{}
	woken := 0
	f := NewForwarder(st, func() time.Time { return time.Time{} }, func() { woken++ }, nil)
	ctx := context.Background()
	f.AlertActed(ctx, Alert{ID: 1, Status: Acknowledged}, AlertAck, 7, ActOutcome{})
	f.AlertActed(ctx, Alert{ID: 2, Status: Triggered}, AlertAck, 7, ActOutcome{ShadowAck: true})
	f.AlertActed(ctx, Alert{ID: 3, Status: Triggered}, AlertEscalate, 7, ActOutcome{})
	f.AlertActed(ctx, Alert{ID: 4, Status: Resolved}, AlertResolve, 7, ActOutcome{})
	f.IntakeCommitted(ctx, time.Time{}, nil, []IngestResult{{AlertID: 5, Outcome: ResolvedOut}, {AlertID: 6, Outcome: Created},
		{AlertID: 8, Outcome: AckedOutcome}, {Outcome: Dropped}})
	if got := fmt.Sprint(st.calls); got != "[1/-1 4/-2 5/-2 8/-1]" {
		t.Fatalf("follow-ups %s", got)
	}
	if woken != 4 {
		t.Fatalf("woken %d times", woken)
	}
}
