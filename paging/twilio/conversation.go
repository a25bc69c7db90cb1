package twilio

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/authz"
	"github.com/rotaoncall/rota/paging"
)

// ConversationStore is what the SMS and voice conversation reads; store
// implements it.
type ConversationStore interface {
	UsersByPhone(ctx context.Context, phone string) ([]rota.User, error)
	OpenPagesFor(ctx context.Context, userID int64) ([]paging.Page, error)
	Page(ctx context.Context, id int64) (paging.Page, error)
	Alert(ctx context.Context, id int64) (paging.Alert, error)
	SetOptOut(ctx context.Context, phone string, out bool) error
	TeamRoles(ctx context.Context, userID int64) (map[int64]rota.TeamRole, error)
}

// Conversation answers engineers who reply to a page by SMS or press a key
// during a page call. It acts as the engineer the number belongs to,
// through the alert lifecycle, so the policy and the shadow rules are those
// of the web app. The webhook handlers only check Twilio's signature and
// turn the answer into TwiML.
type Conversation struct {
	Store  ConversationStore
	Alerts *paging.Alerts
	// ServiceNames names services in listings; may be nil.
	ServiceNames func(ctx context.Context) map[int64]string
}

// open is an open, code-bearing page with its alert.
type open struct {
	page  paging.Page
	alert paging.Alert
}

// openFor lists the open pages of the users at a number, one per alert.
func (cv *Conversation) openFor(ctx context.Context, users []rota.User) ([]open, error) {
	seen := map[int64]bool{}
	var out []open
	for _, u := range users {
		ps, err := cv.Store.OpenPagesFor(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if seen[p.AlertID] {
				continue
			}
			a, err := cv.Store.Alert(ctx, p.AlertID)
			if err != nil {
				return nil, err
			}
			if a.Status == paging.Resolved {
				continue
			}
			seen[p.AlertID] = true
			out = append(out, open{page: p, alert: a})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].page.ReplyCode < out[j].page.ReplyCode })
	return out, nil
}

func listing(opens []open, names map[int64]string) string {
	if len(opens) == 0 {
		return "You have no open alerts."
	}
	parts := make([]string, 0, len(opens))
	for _, o := range opens {
		parts = append(parts, fmt.Sprintf("%s %s – %s (%s)", o.page.ReplyCode, names[o.alert.ServiceID], shorten(o.alert.Summary, 40), o.alert.Status))
	}
	return "Open: " + strings.Join(parts, "; ") + ". Reply 4a to ack 4, 4r to resolve, \"ack all\"."
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// actor is the engineer a page went to, as the policy sees them.
func (cv *Conversation) actor(ctx context.Context, userID int64) (authz.Actor, error) {
	roles, err := cv.Store.TeamRoles(ctx, userID)
	if err != nil {
		return authz.Actor{}, err
	}
	return authz.Actor{UserID: userID, Roles: roles}, nil
}

var actions = map[string]paging.AlertAction{ActionAck: paging.AlertAck, ActionResolve: paging.AlertResolve, ActionEscalate: paging.AlertEscalate}

var done = map[string]string{ActionAck: "Acknowledged", ActionResolve: "Resolved", ActionEscalate: "Escalated"}

// act applies an action to the alert of a page as its engineer. An error
// is returned only when the answer cannot be given (storage failing).
func (cv *Conversation) act(ctx context.Context, action string, o open) (string, error) {
	actor, err := cv.actor(ctx, o.page.UserID)
	if err != nil {
		return "", err
	}
	_, res, err := cv.Alerts.Act(ctx, actor, actions[action], o.alert.ID)
	switch {
	case err == nil && res.ShadowAck:
		return fmt.Sprintf("Noted %s as a shadow: escalation goes on: %s", o.page.ReplyCode, o.alert.Summary), nil
	case err == nil:
		return fmt.Sprintf("%s %s: %s", done[action], o.page.ReplyCode, o.alert.Summary), nil
	case rota.ErrorCode(err) == rota.EInternal || rota.ErrorCode(err) == rota.EUnavailable:
		return "", err
	}
	return "Could not do that: " + rota.ErrorMessage(err), nil
}

// SMS answers an SMS from a number (E.164) with body; the answer is the
// reply to send ("" for none).
func (cv *Conversation) SMS(ctx context.Context, from, body string) (string, error) {
	reply := ParseReply(body)
	switch reply.Action {
	case ActionStop, ActionStart:
		// Twilio answers STOP and START itself; Rota stops (or resumes)
		// sending SMS pages to the number.
		return "", cv.Store.SetOptOut(ctx, from, reply.Action == ActionStop)
	}
	users, err := cv.Store.UsersByPhone(ctx, from)
	if err != nil {
		return "", err
	}
	if len(users) == 0 {
		return "Rota: this number is not set up to act on alerts.", nil
	}
	opens, err := cv.openFor(ctx, users)
	if err != nil {
		return "", err
	}
	names := map[int64]string{}
	if cv.ServiceNames != nil {
		names = cv.ServiceNames(ctx)
	}
	switch reply.Action {
	case ActionHelp:
		return "Rota: " + listing(opens, names), nil
	case ActionAckAll:
		return cv.ackAll(ctx, opens)
	case ActionAck, ActionResolve, ActionEscalate:
		switch {
		case reply.Code != "":
			for _, o := range opens {
				if o.page.ReplyCode == reply.Code {
					return cv.act(ctx, reply.Action, o)
				}
			}
			return fmt.Sprintf("No open alert has code %s. %s", reply.Code, listing(opens, names)), nil
		case len(opens) == 1:
			return cv.act(ctx, reply.Action, opens[0])
		}
		return "Which one? " + listing(opens, names), nil
	}
	return "Sorry, I did not understand. Reply 4a to acknowledge alert 4, 4r to resolve it, \"ack all\", or HELP. " + listing(opens, names), nil
}

// ackAll acknowledges every triggered alert the number was paged for and
// says which could not be acknowledged, and why.
func (cv *Conversation) ackAll(ctx context.Context, opens []open) (string, error) {
	n := 0
	var failed []string
	for _, o := range opens {
		if o.alert.Status != paging.Triggered {
			continue
		}
		actor, err := cv.actor(ctx, o.page.UserID)
		if err != nil {
			return "", err
		}
		if _, res, err := cv.Alerts.Act(ctx, actor, paging.AlertAck, o.alert.ID); err != nil {
			if c := rota.ErrorCode(err); c == rota.EInternal || c == rota.EUnavailable {
				return "", err
			}
			failed = append(failed, fmt.Sprintf("%s (%s)", o.page.ReplyCode, rota.ErrorMessage(err)))
		} else if res.ShadowAck {
			failed = append(failed, fmt.Sprintf("%s (you were paged as a shadow: escalation goes on)", o.page.ReplyCode))
		} else {
			n++
		}
	}
	answer := fmt.Sprintf("Acknowledged %d alert(s).", n)
	if len(failed) > 0 {
		answer += " Not acknowledged: " + strings.Join(failed, "; ") + "."
	}
	return answer, nil
}

// Keypress answers a key pressed during the call of page pageID, from the
// callee number (E.164, "" when unknown); the answer is spoken.
func (cv *Conversation) Keypress(ctx context.Context, pageID int64, callee, digits string) (string, error) {
	p, err := cv.Store.Page(ctx, pageID)
	if err != nil {
		if rota.IsCode(err, rota.ENotFound) {
			return "This call is not for a page Rota knows. Goodbye.", nil
		}
		return "", err
	}
	if callee == "" || callee != p.Address {
		return "This number was not paged for this alert. Nothing was changed. Goodbye.", nil
	}
	if p.Shadow {
		return "This was a shadow copy; no action is needed. Goodbye.", nil
	}
	action, ok := ParseDigits(digits)
	if !ok {
		return "Sorry, that key does nothing. Rota will keep escalating. Goodbye.", nil
	}
	a, err := cv.Store.Alert(ctx, p.AlertID)
	if err != nil {
		return "", err
	}
	answer, err := cv.act(ctx, action, open{page: p, alert: a})
	if err != nil {
		return "", err
	}
	return answer + ". Goodbye.", nil
}
