package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/nyaruka/phonenumbers"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
)

// ContactStore keeps contact methods and notification rules.
type ContactStore interface {
	ContactMethods(ctx context.Context, userID int64) ([]paging.ContactMethod, error)
	AddContactMethod(ctx context.Context, userID int64, typ paging.Channel, address, codeHash string, verified bool) (paging.ContactMethod, error)
	ResetVerification(ctx context.Context, userID, id int64, codeHash string) error
	VerifyContactMethod(ctx context.Context, userID, id int64, match func(hash string) bool) (paging.ContactMethod, error)
	DeleteContactMethod(ctx context.Context, userID, id int64) error
	NotificationRules(ctx context.Context, userID int64) ([]paging.NotificationRule, error)
	SetNotificationRules(ctx context.Context, userID int64, rules []paging.NotificationRule) ([]paging.NotificationRule, error)
	SetOptOut(ctx context.Context, phone string, out bool) error
	UsersByPhone(ctx context.Context, phone string) ([]rota.User, error)
	OpenPagesFor(ctx context.Context, userID int64) ([]paging.Page, error)
	Page(ctx context.Context, id int64) (paging.Page, error)
	RecordDelivery(ctx context.Context, pageID int64, status string) error
}

// Twilio is the Twilio client (paging/twilio.Client).
type Twilio interface {
	Validate(fullURL string, form url.Values, signature string) bool
	SendSMS(ctx context.Context, to, body, statusCallback string) (string, error)
	Call(ctx context.Context, to, twiml, statusCallback string) (string, error)
}

// NormalizePhone returns a phone number in E.164 form, or an error naming
// the field.
func NormalizePhone(field, raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if !strings.HasPrefix(raw, "+") {
		return "", rota.Invalid(field, "write the number with its country code, like +15551234567")
	}
	n, err := phonenumbers.Parse(raw, "")
	if err != nil || !phonenumbers.IsPossibleNumber(n) {
		return "", rota.Invalid(field, "%q is not a phone number", raw)
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

type contactDTO struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	Address   string    `json:"address"`
	Verified  bool      `json:"verified"`
	CreatedAt time.Time `json:"created_at"`
}

func toContactDTO(m paging.ContactMethod) contactDTO {
	return contactDTO{ID: rota.ID(m.ID), Type: string(m.Type), Address: m.Address, Verified: m.Verified(), CreatedAt: m.CreatedAt}
}

type ruleNotifDTO struct {
	ContactMethodID string `json:"contact_method_id"`
	Delay           string `json:"delay"`
	Urgency         string `json:"urgency"`
}

func toRuleNotifDTOs(rs []paging.NotificationRule) []ruleNotifDTO {
	out := make([]ruleNotifDTO, len(rs))
	for i, r := range rs {
		out[i] = ruleNotifDTO{ContactMethodID: rota.ID(r.ContactMethodID), Delay: formatMinutes(r.Delay), Urgency: r.Urgency}
	}
	return out
}

func (s *Server) listContacts(c *gin.Context) {
	me := currentUser(c)
	ms, err := s.contacts.ContactMethods(c.Request.Context(), me.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	rules, err := s.contacts.NotificationRules(c.Request.Context(), me.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]contactDTO, len(ms))
	for i, m := range ms {
		out[i] = toContactDTO(m)
	}
	c.JSON(http.StatusOK, gin.H{"contact_methods": out, "rules": toRuleNotifDTOs(rules), "primary_phone": me.Phone,
		"default_rules": len(rules) == 0, "sms_enabled": s.twilio != nil})
}

type contactInput struct {
	Type    string `json:"type"`
	Address string `json:"address"`
}

func (s *Server) addContact(c *gin.Context) {
	var in contactInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	typ := paging.Channel(in.Type)
	if typ == paging.ChannelPagerDuty {
		s.addRoutingKey(c, in.Address)
		return
	}
	if typ != paging.ChannelSMS && typ != paging.ChannelVoice {
		s.fail(c, rota.Invalid("type", "type must be sms, voice or pagerduty"))
		return
	}
	address, err := NormalizePhone("address", in.Address)
	if err != nil {
		s.fail(c, err)
		return
	}
	m, err := s.verifier.Add(c.Request.Context(), currentUser(c).ID, typ, address)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"contact_method": toContactDTO(m)})
}

// addRoutingKey adds a PagerDuty routing key pages are forwarded to. It
// is verified at once: there is nobody to send a code to.
func (s *Server) addRoutingKey(c *gin.Context, raw string) {
	key, err := paging.NormalizeRoutingKey("address", raw)
	if err != nil {
		s.fail(c, err)
		return
	}
	me := currentUser(c)
	m, err := s.contacts.AddContactMethod(c.Request.Context(), me.ID, paging.ChannelPagerDuty, key, "", true)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.forgetReach(me.ID)
	c.JSON(http.StatusCreated, gin.H{"contact_method": toContactDTO(m)})
}

type verifyInput struct {
	Code string `json:"code"`
}

func (s *Server) verifyContact(c *gin.Context) {
	id, err := idParam(c, "contact_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var in verifyInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	m, err := s.verifier.Verify(c.Request.Context(), currentUser(c).ID, id, in.Code)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"contact_method": toContactDTO(m)})
}

func (s *Server) resendContactCode(c *gin.Context) {
	id, err := idParam(c, "contact_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.verifier.Resend(c.Request.Context(), currentUser(c).ID, id); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) deleteContact(c *gin.Context) {
	id, err := idParam(c, "contact_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.verifier.Delete(c.Request.Context(), currentUser(c).ID, id); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

type rulesNotifInput struct {
	Rules []ruleNotifDTO `json:"rules"`
}

func (s *Server) setNotificationRules(c *gin.Context) {
	var in rulesNotifInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	me := currentUser(c)
	rules := make([]paging.NotificationRule, len(in.Rules))
	for i, r := range in.Rules {
		f := fmt.Sprintf("rules[%d]", i)
		if rules[i].ContactMethodID = rota.ParseID(r.ContactMethodID); rules[i].ContactMethodID == 0 {
			s.fail(c, rota.Invalid(f+".contact_method_id", "contact_method_id must be an id"))
			return
		}
		d, err := parseMinutes(f+".delay", r.Delay)
		if err != nil {
			s.fail(c, err)
			return
		}
		rules[i].Delay, rules[i].Urgency = d, r.Urgency
	}
	out, err := s.contacts.SetNotificationRules(c.Request.Context(), me.ID, rules)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.forgetReach(me.ID)
	c.JSON(http.StatusOK, gin.H{"rules": toRuleNotifDTOs(out)})
}

func (s *Server) forgetReach(userID int64) {
	if s.reach != nil {
		s.reach.Forget(userID)
	}
}
