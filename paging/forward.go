package paging

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/rotaoncall/rota"
)

// Forwarding to PagerDuty, for teams working beside it during a move.
//
// A contact method of type ChannelPagerDuty holds a PagerDuty Events API
// v2 routing key (a PagerDuty service's integration key). It is verified
// when added — there is nobody to send a code to — and is used like a
// phone: by the engineer's notification rules, or, without rules, at once
// beside SMS and voice. A policy reaches PagerDuty the same way, through
// an engineer on its steps: to forward every page of a policy, put on a
// step a user (say "pagerduty-payments") whose only contact method is the
// PagerDuty service's key. The page goes through the outbox like any
// other; the channel's sender (pagerduty.Sender) triggers an event whose
// dedup key is Rota's alert id, so several pages for one alert fold into
// one PagerDuty alert.
//
// When the alert is acknowledged or resolved in Rota — by a person
// (Alerts) or by its monitor (intake) — the Forwarder writes a follow-up
// page per routing key the alert was forwarded to; the sender sends it as
// the event the alert's status calls for (acknowledge or resolve). A
// follow-up is told from a notification by its Loop: FollowUpAcknowledge
// or FollowUpResolve. Follow-ups are retried like pages; PagerDuty drops
// an acknowledge or resolve for an alert it does not have.
const (
	FollowUpAcknowledge = -1
	FollowUpResolve     = -2
)

// IsFollowUp reports whether p forwards a change of an alert rather than
// notifying anyone.
func (p Page) IsFollowUp() bool { return p.Loop < 0 }

// RoutingKeyLength is the length of a PagerDuty Events API v2 routing key.
const RoutingKeyLength = 32

// NormalizeRoutingKey checks a PagerDuty routing key: 32 letters and
// digits.
func NormalizeRoutingKey(field, raw string) (string, error) {
	key := strings.TrimSpace(raw)
	if len(key) != RoutingKeyLength || strings.IndexFunc(key, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) >= 0 {
		return "", rota.Invalid(field, "a PagerDuty routing key (a service's Events API v2 integration key) is %d letters and digits", RoutingKeyLength)
	}
	return key, nil
}

// FollowUpStore writes follow-up pages.
type FollowUpStore interface {
	// ForwardFollowUps writes, for each routing key alertID was forwarded
	// to (a ChannelPagerDuty page sent or being sent), one pending page
	// with loop (FollowUpAcknowledge or FollowUpResolve), due at at, and
	// returns how many it wrote; one written before for the same page is
	// not written again.
	ForwardFollowUps(ctx context.Context, alertID int64, loop int, at time.Time) (int, error)
}

// Forwarder makes PagerDuty follow an alert's acknowledgement and
// resolution. It is an AlertObserver and an IntakeObserver.
type Forwarder struct {
	store FollowUpStore
	now   func() time.Time
	wake  func()
	log   *slog.Logger
}

// NewForwarder returns a forwarder; wake tells the dispatcher that pages
// are due (may be nil).
func NewForwarder(store FollowUpStore, now func() time.Time, wake func(), log *slog.Logger) *Forwarder {
	if wake == nil {
		wake = func() {}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Forwarder{store: store, now: now, wake: wake, log: log}
}

var (
	_ AlertObserver  = (*Forwarder)(nil)
	_ IntakeObserver = (*Forwarder)(nil)
)

// AlertActed implements AlertObserver.
func (f *Forwarder) AlertActed(ctx context.Context, a Alert, action AlertAction, _ int64, o ActOutcome) {
	switch {
	case action == AlertAck && a.Status == Acknowledged && !o.ShadowAck:
		f.follow(ctx, a.ID, FollowUpAcknowledge, f.now())
	case action == AlertResolve && a.Status == Resolved:
		f.follow(ctx, a.ID, FollowUpResolve, f.now())
	}
}

// IntakeCommitted implements IntakeObserver: monitors acknowledge and
// resolve alerts too.
func (f *Forwarder) IntakeCommitted(ctx context.Context, at time.Time, _ []Ingest, results []IngestResult) {
	for _, r := range results {
		if r.Err != nil || r.AlertID == 0 {
			continue
		}
		switch r.Outcome {
		case AckedOutcome:
			f.follow(ctx, r.AlertID, FollowUpAcknowledge, at)
		case ResolvedOut:
			f.follow(ctx, r.AlertID, FollowUpResolve, at)
		}
	}
}

func (f *Forwarder) follow(ctx context.Context, alertID int64, loop int, at time.Time) {
	n, err := f.store.ForwardFollowUps(context.WithoutCancel(ctx), alertID, loop, at.UTC())
	if err != nil {
		f.log.Error("forwarding to PagerDuty", "alert", alertID, "err", err)
		return
	}
	if n > 0 {
		f.wake()
	}
}

// ForwardingNotifier reaches engineers as Base does and also through
// their PagerDuty contact methods (by their rules, or all of them at once
// without rules), for deployments that do not page by phone: there Base
// is a fixed channel (the log or a webhook) that knows no contact methods.
type ForwardingNotifier struct {
	Base     Notifier
	Contacts *ContactNotifier
}

// Routes implements Notifier.
func (n ForwardingNotifier) Routes(ctx context.Context, userID int64, urgency Urgency) ([]Route, error) {
	out, err := n.Base.Routes(ctx, userID, urgency)
	if err != nil {
		return nil, err
	}
	all, err := n.Contacts.Routes(ctx, userID, urgency)
	if err != nil {
		return nil, err
	}
	for _, r := range all {
		if r.Channel == ChannelPagerDuty {
			out = append(out, r)
		}
	}
	return out, nil
}
