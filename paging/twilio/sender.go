package twilio

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/rotaoncall/rota/paging"
)

// Webhook paths on Rota that Twilio calls (fixed by the design).
const (
	SMSPath    = "/api/v1/twilio/sms"
	VoicePath  = "/api/v1/twilio/voice"
	StatusPath = "/api/v1/twilio/status"
)

// Sender sends SMS and voice pages through Twilio.
type Sender struct {
	Client *Client
	// StatusPath is where Twilio posts delivery statuses; empty means
	// StatusPath.
	StatusPath string
}

var _ paging.Sender = (*Sender)(nil)

// Send implements paging.Sender for the sms and voice channels. Status
// callbacks and keypresses carry the page ID (?page=ID). A shadow copy's
// call only speaks: it offers no keys, as a shadow cannot acknowledge.
func (s *Sender) Send(ctx context.Context, m paging.Message) (string, error) {
	if m.UserPhone == "" {
		return "", errors.New("no phone number")
	}
	statusPath := s.StatusPath
	if statusPath == "" {
		statusPath = StatusPath
	}
	page := "?page=" + strconv.FormatInt(m.ID, 10)
	status := s.Client.PublicURL(statusPath + page)
	switch m.Channel {
	case paging.ChannelSMS:
		return s.Client.SendSMS(ctx, m.UserPhone, SMSBody(m), status)
	case paging.ChannelVoice:
		var doc string
		if m.Shadow {
			doc = SayTwiML(VoiceMessage(m))
		} else {
			var err error
			doc, err = VoiceTwiML(VoiceMessage(m), s.Client.PublicURL(VoicePath+page))
			if err != nil {
				return "", fmt.Errorf("twilio: building the call's TwiML: %w", err)
			}
		}
		return s.Client.Call(ctx, m.UserPhone, doc, status)
	}
	return "", fmt.Errorf("twilio cannot send a page over channel %q", m.Channel)
}
