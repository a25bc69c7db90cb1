package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/paging/twilio"
)

// twilioForm verifies X-Twilio-Signature over the public URL the webhook
// was sent to and returns the form; a bad signature is 403 and nothing
// changes.
func (s *Server) twilioForm(c *gin.Context) (map[string][]string, bool) {
	if s.twilio == nil {
		s.fail(c, rota.Errorf(rota.ENotFound, "Twilio is not configured"))
		return nil, false
	}
	body, err := io.ReadAll(c.Request.Body)
	var mbe *http.MaxBytesError
	if err != nil && !errors.As(err, &mbe) {
		err = rota.Invalid("body", "the request body could not be read")
	}
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	form, err := twilio.ParseWebhookForm(c.GetHeader("Content-Type"), body)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	url := s.publicURL + c.Request.URL.RequestURI()
	if !s.twilio.Validate(url, form, c.GetHeader("X-Twilio-Signature")) {
		s.log.Warn("twilio webhook with a bad signature", "path", c.Request.URL.Path)
		s.fail(c, rota.Errorf(rota.EForbidden, "bad X-Twilio-Signature"))
		return nil, false
	}
	return form, true
}

func twiml(c *gin.Context, body string) {
	c.Data(http.StatusOK, "application/xml; charset=utf-8", []byte(body))
}

// openFor lists the open, code-bearing pages of the users at a number, one
// per alert, with the alert.
type openPage struct {
	page  paging.Page
	alert paging.Alert
}

func (s *Server) openFor(ctx context.Context, users []rota.User) ([]openPage, error) {
	seen := map[int64]bool{}
	var out []openPage
	for _, u := range users {
		ps, err := s.contacts.OpenPagesFor(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if seen[p.AlertID] {
				continue
			}
			a, err := s.paging.Alert(ctx, p.AlertID)
			if err != nil {
				return nil, err
			}
			if a.Status == paging.Resolved {
				continue
			}
			seen[p.AlertID] = true
			out = append(out, openPage{page: p, alert: a})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].page.ReplyCode < out[j].page.ReplyCode })
	return out, nil
}

func listing(open []openPage, names map[int64]string) string {
	if len(open) == 0 {
		return "You have no open alerts."
	}
	parts := make([]string, 0, len(open))
	for _, o := range open {
		sum := o.alert.Summary
		if len(sum) > 40 {
			sum = sum[:40] + "…"
		}
		parts = append(parts, fmt.Sprintf("%s %s – %s (%s)", o.page.ReplyCode, names[o.alert.ServiceID], sum, o.alert.Status))
	}
	return "Open: " + strings.Join(parts, "; ") + ". Reply 4a to ack 4, 4r to resolve, \"ack all\"."
}

// act applies an action to an alert as the paged engineer.
func (s *Server) act(ctx context.Context, action string, o openPage) string {
	var err error
	switch action {
	case twilio.ActionAck:
		_, _, err = s.paging.AckAlert(ctx, o.alert.ID, o.page.UserID)
		if err == nil {
			return fmt.Sprintf("Acknowledged %s: %s", o.page.ReplyCode, o.alert.Summary)
		}
	case twilio.ActionResolve:
		_, err = s.paging.ResolveAlert(ctx, o.alert.ID, o.page.UserID)
		if err == nil {
			return fmt.Sprintf("Resolved %s: %s", o.page.ReplyCode, o.alert.Summary)
		}
	case twilio.ActionEscalate:
		_, err = s.paging.EscalateAlert(ctx, o.alert.ID, o.page.UserID)
		if err == nil {
			if s.escalator != nil {
				s.escalator.Wake()
			}
			return fmt.Sprintf("Escalated %s: %s", o.page.ReplyCode, o.alert.Summary)
		}
	}
	return "Could not do that: " + rota.ErrorMessage(err)
}

// twilioSMS handles replies to SMS pages.
func (s *Server) twilioSMS(c *gin.Context) {
	form, ok := s.twilioForm(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	from, err := NormalizePhone("From", first(form, "From"))
	if err != nil {
		twiml(c, twilio.MessagingTwiML(""))
		return
	}
	reply := twilio.ParseReply(first(form, "Body"))
	switch reply.Action {
	case twilio.ActionStop, twilio.ActionStart:
		// Twilio answers STOP and START itself; Rota stops (or resumes)
		// sending SMS pages to the number.
		if err := s.contacts.SetOptOut(ctx, from, reply.Action == twilio.ActionStop); err != nil {
			s.fail(c, err)
			return
		}
		twiml(c, twilio.MessagingTwiML(""))
		return
	}
	users, err := s.contacts.UsersByPhone(ctx, from)
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(users) == 0 {
		twiml(c, twilio.MessagingTwiML("Rota: this number is not set up to act on alerts."))
		return
	}
	open, err := s.openFor(ctx, users)
	if err != nil {
		s.fail(c, err)
		return
	}
	names := s.serviceNames(ctx)
	var answer string
	switch reply.Action {
	case twilio.ActionHelp:
		answer = "Rota: " + listing(open, names)
	case twilio.ActionAckAll:
		n := 0
		for _, o := range open {
			if o.alert.Status == paging.Triggered {
				if _, _, err := s.paging.AckAlert(ctx, o.alert.ID, o.page.UserID); err == nil {
					n++
				}
			}
		}
		answer = fmt.Sprintf("Acknowledged %d alert(s).", n)
	case twilio.ActionAck, twilio.ActionResolve, twilio.ActionEscalate:
		var target *openPage
		switch {
		case reply.Code != "":
			for i := range open {
				if open[i].page.ReplyCode == reply.Code {
					target = &open[i]
				}
			}
			if target == nil {
				answer = fmt.Sprintf("No open alert has code %s. %s", reply.Code, listing(open, names))
			}
		case len(open) == 1:
			target = &open[0]
		default:
			answer = "Which one? " + listing(open, names)
		}
		if target != nil {
			answer = s.act(ctx, reply.Action, *target)
		}
	default:
		answer = "Sorry, I did not understand. Reply 4a to acknowledge alert 4, 4r to resolve it, \"ack all\", or HELP. " + listing(open, names)
	}
	twiml(c, twilio.MessagingTwiML(answer))
}

// twilioVoice handles a keypress during a page call.
func (s *Server) twilioVoice(c *gin.Context) {
	form, ok := s.twilioForm(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	p, err := s.contacts.Page(ctx, rota.ParseID(c.Query("page")))
	if err != nil {
		twiml(c, twilio.SayTwiML("This call is not for a page Rota knows. Goodbye."))
		return
	}
	// Outbound calls come back with To (or Called) set to the engineer.
	callee, _ := NormalizePhone("To", first(form, "To", "Called"))
	if callee == "" || callee != p.Address {
		s.log.Warn("keypress from a number that was not paged", "page", p.ID)
		twiml(c, twilio.SayTwiML("This number was not paged for this alert. Nothing was changed. Goodbye."))
		return
	}
	if p.Shadow {
		twiml(c, twilio.SayTwiML("This was a shadow copy; no action is needed. Goodbye."))
		return
	}
	action, ok := twilio.ParseDigits(first(form, "Digits"))
	if !ok {
		twiml(c, twilio.SayTwiML("Sorry, that key does nothing. Rota will keep escalating. Goodbye."))
		return
	}
	a, err := s.paging.Alert(ctx, p.AlertID)
	if err != nil {
		s.fail(c, err)
		return
	}
	twiml(c, twilio.SayTwiML(s.act(ctx, action, openPage{page: p, alert: a})+". Goodbye."))
}

// twilioStatus records delivery statuses of pages.
func (s *Server) twilioStatus(c *gin.Context) {
	form, ok := s.twilioForm(c)
	if !ok {
		return
	}
	id := rota.ParseID(c.Query("page"))
	status := first(form, "MessageStatus", "CallStatus")
	if id == 0 || status == "" {
		s.fail(c, rota.Invalid("page", "a status callback names its page and status"))
		return
	}
	if err := s.contacts.RecordDelivery(c.Request.Context(), id, status); err != nil && !rota.IsCode(err, rota.ENotFound) {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func first(form map[string][]string, names ...string) string {
	for _, n := range names {
		if v := form[n]; len(v) > 0 && v[0] != "" {
			return v[0]
		}
	}
	return ""
}
