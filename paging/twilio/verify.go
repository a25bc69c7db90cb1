package twilio

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math/big"
	"strings"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
)

// VerifyStore keeps contact methods and their pending codes (hashed);
// store implements it.
type VerifyStore interface {
	ContactMethods(ctx context.Context, userID int64) ([]paging.ContactMethod, error)
	AddContactMethod(ctx context.Context, userID int64, typ paging.Channel, address, codeHash string, verified bool) (paging.ContactMethod, error)
	ResetVerification(ctx context.Context, userID, id int64, codeHash string) error
	VerifyContactMethod(ctx context.Context, userID, id int64, match func(hash string) bool) (paging.ContactMethod, error)
	DeleteContactMethod(ctx context.Context, userID, id int64) error
}

// Messenger sends SMS and places calls (*Client).
type Messenger interface {
	SendSMS(ctx context.Context, to, body, statusCallback string) (string, error)
	Call(ctx context.Context, to, twiml, statusCallback string) (string, error)
}

// Verifier proves that a number an engineer adds is theirs: a six-digit
// code goes to it by SMS (or is spoken, for a voice number) and only its
// hash is kept; the number pages once the code comes back.
type Verifier struct {
	Store VerifyStore
	// Twilio is nil when Twilio is not configured: numbers cannot be
	// verified then.
	Twilio Messenger
	Log    *slog.Logger
	// Changed is told when a user's reachable numbers changed; may be nil.
	Changed func(userID int64)
}

var errNoTwilio = rota.Errorf(rota.EConflict, "Twilio is not configured, so numbers cannot be verified; an organisation admin can set a verified phone")

// verifyCode returns a random six-digit code.
func verifyCode() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(1_000_000))
	return fmt.Sprintf("%06d", n.Int64())
}

func codeHash(address, code string) string {
	sum := sha256.Sum256([]byte(address + "|" + code))
	return hex.EncodeToString(sum[:])
}

func (v *Verifier) changed(userID int64) {
	if v.Changed != nil {
		v.Changed(userID)
	}
}

// sendCode delivers a code by SMS, or by a call for a voice number.
func (v *Verifier) sendCode(ctx context.Context, typ paging.Channel, address, code string) error {
	if v.Twilio == nil {
		return errNoTwilio
	}
	var err error
	if typ == paging.ChannelVoice {
		spoken := strings.Join(strings.Split(code, ""), ", ")
		_, err = v.Twilio.Call(ctx, address, SayTwiML("Your Rota verification code is "+spoken+". Again: "+spoken+"."), "")
	} else {
		_, err = v.Twilio.SendSMS(ctx, address, "Your Rota verification code is "+code+". It expires in 15 minutes.", "")
	}
	if err != nil {
		if v.Log != nil {
			v.Log.Warn("verification code not sent", "err", err)
		}
		return rota.Errorf(rota.EUnavailable, "the code could not be sent; try again shortly")
	}
	return nil
}

// Add adds an unverified number (E.164) of type sms or voice for userID
// and sends it a code; when the code cannot be sent, nothing is kept.
func (v *Verifier) Add(ctx context.Context, userID int64, typ paging.Channel, address string) (paging.ContactMethod, error) {
	if typ != paging.ChannelSMS && typ != paging.ChannelVoice {
		return paging.ContactMethod{}, rota.Invalid("type", "type must be sms or voice")
	}
	if v.Twilio == nil {
		return paging.ContactMethod{}, errNoTwilio
	}
	code := verifyCode()
	m, err := v.Store.AddContactMethod(ctx, userID, typ, address, codeHash(address, code), false)
	if err != nil {
		return paging.ContactMethod{}, err
	}
	if err := v.sendCode(ctx, typ, address, code); err != nil {
		if derr := v.Store.DeleteContactMethod(context.WithoutCancel(ctx), userID, m.ID); derr != nil && v.Log != nil {
			v.Log.Error("unsent contact method not removed", "err", derr)
		}
		return paging.ContactMethod{}, err
	}
	return m, nil
}

// method finds one of the user's contact methods.
func (v *Verifier) method(ctx context.Context, userID, id int64) (paging.ContactMethod, error) {
	ms, err := v.Store.ContactMethods(ctx, userID)
	if err != nil {
		return paging.ContactMethod{}, err
	}
	for _, m := range ms {
		if m.ID == id {
			return m, nil
		}
	}
	return paging.ContactMethod{}, rota.Errorf(rota.ENotFound, "contact method not found")
}

// errNoCode refuses a code for a PagerDuty routing key, which is verified
// when added.
var errNoCode = rota.Errorf(rota.EConflict, "a PagerDuty routing key is verified when added; there is no code")

// Verify checks the code sent to a number; a match verifies it.
func (v *Verifier) Verify(ctx context.Context, userID, id int64, code string) (paging.ContactMethod, error) {
	m, err := v.method(ctx, userID, id)
	if err != nil {
		return paging.ContactMethod{}, err
	}
	if m.Type == paging.ChannelPagerDuty {
		return paging.ContactMethod{}, errNoCode
	}
	code = strings.TrimSpace(code)
	if len(code) != 6 {
		return paging.ContactMethod{}, rota.Invalid("code", "the code has six digits")
	}
	want := codeHash(m.Address, code)
	out, err := v.Store.VerifyContactMethod(ctx, userID, id, func(h string) bool {
		return subtle.ConstantTimeCompare([]byte(h), []byte(want)) == 1
	})
	if err != nil {
		return paging.ContactMethod{}, err
	}
	v.changed(userID)
	return out, nil
}

// Resend sends a fresh code, replacing the last.
func (v *Verifier) Resend(ctx context.Context, userID, id int64) error {
	m, err := v.method(ctx, userID, id)
	if err != nil {
		return err
	}
	if m.Type == paging.ChannelPagerDuty {
		return errNoCode
	}
	code := verifyCode()
	if err := v.Store.ResetVerification(ctx, userID, id, codeHash(m.Address, code)); err != nil {
		return err
	}
	return v.sendCode(ctx, m.Type, m.Address, code)
}

// Delete removes one of the user's numbers.
func (v *Verifier) Delete(ctx context.Context, userID, id int64) error {
	if _, err := v.method(ctx, userID, id); err != nil {
		return err
	}
	if err := v.Store.DeleteContactMethod(ctx, userID, id); err != nil {
		return err
	}
	v.changed(userID)
	return nil
}
