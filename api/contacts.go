package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/nyaruka/phonenumbers"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/paging/twilio"
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

// verifyCode returns a random six-digit code.
func verifyCode() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(1_000_000))
	return fmt.Sprintf("%06d", n.Int64())
}

func codeHash(address, code string) string {
	sum := sha256.Sum256([]byte(address + "|" + code))
	return hex.EncodeToString(sum[:])
}

// sendCode delivers a verification code by SMS, or by a call for a voice
// number.
func (s *Server) sendCode(ctx context.Context, typ paging.Channel, address, code string) error {
	if s.twilio == nil {
		return rota.Errorf(rota.EConflict, "Twilio is not configured, so numbers cannot be verified; an organisation admin can set a verified phone")
	}
	var err error
	if typ == paging.ChannelVoice {
		spoken := strings.Join(strings.Split(code, ""), ", ")
		_, err = s.twilio.Call(ctx, address, twilio.SayTwiML("Your Rota verification code is "+spoken+". Again: "+spoken+"."), "")
	} else {
		_, err = s.twilio.SendSMS(ctx, address, "Your Rota verification code is "+code+". It expires in 15 minutes.", "")
	}
	if err != nil {
		s.log.Warn("verification code not sent", "err", err)
		return rota.Errorf(rota.EUnavailable, "the code could not be sent; try again shortly")
	}
	return nil
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
	if typ != paging.ChannelSMS && typ != paging.ChannelVoice {
		s.fail(c, rota.Invalid("type", "type must be sms or voice"))
		return
	}
	address, err := NormalizePhone("address", in.Address)
	if err != nil {
		s.fail(c, err)
		return
	}
	if s.twilio == nil {
		s.fail(c, rota.Errorf(rota.EConflict, "Twilio is not configured, so numbers cannot be verified; an organisation admin can set a verified phone"))
		return
	}
	me := currentUser(c)
	code := verifyCode()
	m, err := s.contacts.AddContactMethod(c.Request.Context(), me.ID, typ, address, codeHash(address, code), false)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.sendCode(c.Request.Context(), typ, address, code); err != nil {
		s.contacts.DeleteContactMethod(c.Request.Context(), me.ID, m.ID)
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"contact_method": toContactDTO(m)})
}

func (s *Server) contactByParam(c *gin.Context) (paging.ContactMethod, bool) {
	id, err := idParam(c, "contact_id")
	if err != nil {
		s.fail(c, err)
		return paging.ContactMethod{}, false
	}
	ms, err := s.contacts.ContactMethods(c.Request.Context(), currentUser(c).ID)
	if err != nil {
		s.fail(c, err)
		return paging.ContactMethod{}, false
	}
	for _, m := range ms {
		if m.ID == id {
			return m, true
		}
	}
	s.fail(c, rota.Errorf(rota.ENotFound, "contact method not found"))
	return paging.ContactMethod{}, false
}

type verifyInput struct {
	Code string `json:"code"`
}

func (s *Server) verifyContact(c *gin.Context) {
	m, ok := s.contactByParam(c)
	if !ok {
		return
	}
	var in verifyInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	code := strings.TrimSpace(in.Code)
	if len(code) != 6 {
		s.fail(c, rota.Invalid("code", "the code has six digits"))
		return
	}
	want := codeHash(m.Address, code)
	v, err := s.contacts.VerifyContactMethod(c.Request.Context(), m.UserID, m.ID, func(h string) bool {
		return subtle.ConstantTimeCompare([]byte(h), []byte(want)) == 1
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.forgetReach(m.UserID)
	c.JSON(http.StatusOK, gin.H{"contact_method": toContactDTO(v)})
}

func (s *Server) resendContactCode(c *gin.Context) {
	m, ok := s.contactByParam(c)
	if !ok {
		return
	}
	code := verifyCode()
	if err := s.contacts.ResetVerification(c.Request.Context(), m.UserID, m.ID, codeHash(m.Address, code)); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.sendCode(c.Request.Context(), m.Type, m.Address, code); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) deleteContact(c *gin.Context) {
	m, ok := s.contactByParam(c)
	if !ok {
		return
	}
	if err := s.contacts.DeleteContactMethod(c.Request.Context(), m.UserID, m.ID); err != nil {
		s.fail(c, err)
		return
	}
	s.forgetReach(m.UserID)
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
