package twilio

import (
	"regexp"
	"strings"
)

// Reply actions.
const (
	ActionAck      = "ack"
	ActionResolve  = "resolve"
	ActionEscalate = "escalate"
	ActionAckAll   = "ack_all"
	ActionStop     = "stop"
	ActionStart    = "start"
	ActionHelp     = "help"
	ActionUnknown  = "unknown"
)

// Reply is what an engineer's SMS asks for. Code is the page's reply code
// ("4" in "4a"); empty when the reply named none ("ack"), which the caller
// may apply when the engineer has exactly one open page.
type Reply struct {
	Action string
	Code   string
}

var (
	// Twilio's default opt-out, opt-in and help keywords; Twilio acts on
	// them itself (it stops delivering after STOP) and still posts them.
	keywords = map[string]string{
		"stop": ActionStop, "stopall": ActionStop, "unsubscribe": ActionStop, "cancel": ActionStop,
		"end": ActionStop, "quit": ActionStop, "revoke": ActionStop, "optout": ActionStop,
		"start": ActionStart, "unstop": ActionStart, "yes": ActionStart,
		"help": ActionHelp, "info": ActionHelp,
		"ackall": ActionAckAll, "ack all": ActionAckAll, "acknowledge all": ActionAckAll,
		"ack": ActionAck, "acknowledge": ActionAck,
		"resolve": ActionResolve, "resolved": ActionResolve,
		"escalate": ActionEscalate,
	}
	verbs = map[string]string{
		"a": ActionAck, "ack": ActionAck, "acknowledge": ActionAck,
		"r": ActionResolve, "res": ActionResolve, "resolve": ActionResolve, "resolved": ActionResolve,
		"e": ActionEscalate, "esc": ActionEscalate, "escalate": ActionEscalate,
	}
	codeVerb = regexp.MustCompile(`^#?([0-9]+) ?([a-z]+)$`)
	verbCode = regexp.MustCompile(`^([a-z]+) ?#?([0-9]+)$`)
)

// ParseReply reads an SMS reply. Case, surrounding space and trailing
// punctuation do not matter. Accepted:
//
//	4a, 4 a, 4ack, #4a, a4, ack 4, ACK4     acknowledge page 4
//	4r, 4 resolve, r4, resolve 4            resolve page 4
//	4e, e4, escalate 4                      escalate page 4
//	ack, resolve, escalate                  the same with no code
//	ack all, ackall                         acknowledge every open page
//	STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT → stop
//	START, UNSTOP, YES → start;  HELP, INFO → help
//
// The letter-first form (a4) is accepted because nothing else reads that
// way. A bare letter (a) or a bare code (4) is unknown: too easy to send
// by accident.
func ParseReply(body string) Reply {
	s := strings.ToLower(strings.Join(strings.Fields(body), " "))
	s = strings.TrimRight(s, ".!? ")
	if a, ok := keywords[s]; ok {
		return Reply{Action: a}
	}
	if m := codeVerb.FindStringSubmatch(s); m != nil {
		if a, ok := verbs[m[2]]; ok {
			return Reply{Action: a, Code: m[1]}
		}
	}
	if m := verbCode.FindStringSubmatch(s); m != nil {
		if a, ok := verbs[m[1]]; ok {
			return Reply{Action: a, Code: m[2]}
		}
	}
	return Reply{Action: ActionUnknown}
}

// ParseDigits reads a keypress on a paging call: 1 acknowledges, 2
// resolves, 3 escalates now.
func ParseDigits(d string) (action string, ok bool) {
	switch strings.TrimSpace(d) {
	case "1":
		return ActionAck, true
	case "2":
		return ActionResolve, true
	case "3":
		return ActionEscalate, true
	}
	return "", false
}
