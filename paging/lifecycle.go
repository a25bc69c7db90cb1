package paging

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/authz"
)

// AlertAction is what a person does to an alert.
type AlertAction string

// The actions on an alert.
const (
	AlertAck      AlertAction = "ack"
	AlertResolve  AlertAction = "resolve"
	AlertEscalate AlertAction = "escalate"
)

// PagedAs says how a user was paged for an alert.
type PagedAs struct {
	Real   bool // as primary, secondary or any non-shadow target
	Shadow bool // as a shadow (learning) copy
}

// AlertChange is what a decision writes to an alert, in the transaction
// that read it. The zero value writes nothing.
type AlertChange struct {
	// Status is the new status; "" leaves it.
	Status Status
	// By is who acknowledged or resolved (with Status).
	By int64
	// EscalateNow makes the next step due at once (and the alert
	// triggered again).
	EscalateNow bool
	// StopEscalation clears the next step and any hold.
	StopEscalation bool
	// CancelPending cancels the alert's pages not yet sent.
	CancelPending bool
	// Event, when set, is appended to the timeline with Note, by the actor.
	Event string
	Note  string
}

// AlertStore is the storage the lifecycle decides over; store implements
// it. ChangeAlert reads the alert (locked against a concurrent decision)
// and how userID was paged for it, calls decide, and writes the change it
// returns in the same transaction; an error from decide writes nothing.
type AlertStore interface {
	ChangeAlert(ctx context.Context, id, userID int64, decide func(Alert, PagedAs) (AlertChange, error)) (Alert, error)
}

// ActOutcome tells what an action did beyond the alert's new state.
type ActOutcome struct {
	// ShadowAck: the actor was paged only as a shadow; their
	// acknowledgement is noted and escalation goes on.
	ShadowAck bool
}

// Alerts is the alert lifecycle: acknowledge, resolve and escalate, with
// the shadow rules, the timeline and the authorization check, for every
// door (API, bulk, SMS, phone).
type Alerts struct {
	store AlertStore
	// wake tells the escalation engine that a step became due.
	wake func()
	// observer, when set, hears of every action taken (Observe).
	observer AlertObserver
}

// NewAlerts builds the lifecycle; wake may be nil.
func NewAlerts(store AlertStore, wake func()) *Alerts {
	if wake == nil {
		wake = func() {}
	}
	return &Alerts{store: store, wake: wake}
}

// Act applies an action to an alert on behalf of actor. The policy
// (authz.AlertAct) is checked against the alert's team and whether the
// actor was paged for it, in the same transaction as the change.
func (l *Alerts) Act(ctx context.Context, actor authz.Actor, action AlertAction, id int64) (Alert, ActOutcome, error) {
	var out ActOutcome
	a, err := l.store.ChangeAlert(ctx, id, actor.UserID, func(a Alert, paged PagedAs) (AlertChange, error) {
		if err := authz.Check(actor, authz.AlertAct, authz.Resource{TeamID: a.TeamID, Paged: paged.Real || paged.Shadow}); err != nil {
			return AlertChange{}, err
		}
		ch, o, err := DecideAction(action, a, paged, actor.UserID)
		out = o
		return ch, err
	})
	if err != nil {
		return Alert{}, ActOutcome{}, err
	}
	if action == AlertEscalate {
		l.wake()
	}
	if l.observer != nil {
		l.observer.AlertActed(ctx, a, action, actor.UserID, out)
	}
	return a, out, nil
}

// DecideAction is the alert state machine: what action by user does to alert a,
// given how the user was paged for it.
//
//   - Acknowledge: a triggered alert becomes acknowledged, escalation stops
//     and pending pages are cancelled; acknowledging an acknowledged alert
//     changes nothing; a resolved alert cannot be acknowledged. Someone paged
//     only as a shadow does not stop escalation: their acknowledgement is
//     noted on the timeline and the alert stays as it is.
//   - Resolve: the alert becomes resolved, escalation stops, pending pages
//     are cancelled; resolving a resolved alert changes nothing.
//   - Escalate: the next step is due now (an acknowledged alert is
//     triggered again); not for resolved alerts, nor for alerts that
//     arrived during maintenance (they never page).
func DecideAction(action AlertAction, a Alert, paged PagedAs, user int64) (AlertChange, ActOutcome, error) {
	switch action {
	case AlertAck:
		if a.Status == Resolved {
			return AlertChange{}, ActOutcome{}, rota.Errorf(rota.EConflict, "the alert is already resolved")
		}
		if paged.Shadow && !paged.Real {
			return AlertChange{Event: EvAcked, Note: "acknowledged as shadow: escalation continues"}, ActOutcome{ShadowAck: true}, nil
		}
		if a.Status == Acknowledged {
			return AlertChange{}, ActOutcome{}, nil
		}
		return AlertChange{Status: Acknowledged, By: user, StopEscalation: true, CancelPending: true,
			Event: EvAcked, Note: "acknowledged: escalation stopped"}, ActOutcome{}, nil
	case AlertResolve:
		if a.Status == Resolved {
			return AlertChange{}, ActOutcome{}, nil
		}
		return AlertChange{Status: Resolved, By: user, StopEscalation: true, CancelPending: true,
			Event: EvResolved, Note: "resolved"}, ActOutcome{}, nil
	case AlertEscalate:
		if a.Status == Resolved {
			return AlertChange{}, ActOutcome{}, rota.Errorf(rota.EConflict, "the alert is resolved")
		}
		if a.Suppressed {
			return AlertChange{}, ActOutcome{}, rota.Errorf(rota.EConflict, "the alert arrived during maintenance and does not page")
		}
		return AlertChange{Status: Triggered, EscalateNow: true, Event: EvEscalated, Note: "escalated by hand"}, ActOutcome{}, nil
	}
	return AlertChange{}, ActOutcome{}, rota.Invalid("action", "unknown action %q: ack, resolve or escalate", action)
}

// MaxNoteLen is the longest note on an alert, in characters.
const MaxNoteLen = 4000

// Note adds a person's note to an alert's timeline. Whoever may act on
// the alert (authz.AlertAct) may write one, whatever its status: notes on
// a resolved alert are what a review reads later.
func (l *Alerts) Note(ctx context.Context, actor authz.Actor, id int64, text string) (Alert, error) {
	return l.store.ChangeAlert(ctx, id, actor.UserID, func(a Alert, paged PagedAs) (AlertChange, error) {
		if err := authz.Check(actor, authz.AlertAct, authz.Resource{TeamID: a.TeamID, Paged: paged.Real || paged.Shadow}); err != nil {
			return AlertChange{}, err
		}
		return DecideNote(text)
	})
}

// DecideNote is what a note writes: a timeline entry, nothing else.
func DecideNote(text string) (AlertChange, error) {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return AlertChange{}, rota.Invalid("text", "write something in the note")
	case utf8.RuneCountInString(text) > MaxNoteLen:
		return AlertChange{}, rota.Invalid("text", "a note is at most %d characters", MaxNoteLen)
	}
	return AlertChange{Event: EvNote, Note: text}, nil
}
