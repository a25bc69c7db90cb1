package twilio

import (
	"github.com/twilio/twilio-go/twiml"
)

// Spoken parts of a paging call.
const (
	VoiceInstructions = "Press 1 to acknowledge, 2 to resolve, 3 to escalate now."
	VoiceNoKey        = "No key was pressed. Rota will keep escalating. Goodbye."
)

// VoiceTwiML is the TwiML of a paging call: the message and the keypad
// choices, twice, each in a <Gather> of one digit posted to gatherAction,
// then a goodbye when no key was pressed.
func VoiceTwiML(message, gatherAction string) (string, error) {
	gather := twiml.VoiceGather{
		NumDigits: "1",
		Action:    gatherAction,
		Method:    "POST",
		Timeout:   "8",
		InnerElements: []twiml.Element{
			twiml.VoiceSay{Message: message},
			twiml.VoiceSay{Message: VoiceInstructions},
		},
	}
	return twiml.Voice([]twiml.Element{gather, gather, twiml.VoiceSay{Message: VoiceNoKey}})
}

// SayTwiML is TwiML that speaks text and hangs up: the answer to a keypress,
// and the whole of a shadow copy's call.
func SayTwiML(text string) string {
	if text == "" {
		return render(twiml.Voice(nil))
	}
	return render(twiml.Voice([]twiml.Element{twiml.VoiceSay{Message: text}}))
}

// MessagingTwiML answers an inbound SMS with text; empty text sends no
// reply (<Response/>).
func MessagingTwiML(text string) string {
	if text == "" {
		return render(twiml.Messages(nil))
	}
	return render(twiml.Messages([]twiml.Element{twiml.MessagingMessage{Body: text}}))
}

// render drops the error of a twiml builder: it comes only from writing to
// a strings.Builder, which cannot fail.
func render(s string, err error) string {
	if err != nil {
		return `<?xml version="1.0" encoding="UTF-8"?><Response/>`
	}
	return s
}
