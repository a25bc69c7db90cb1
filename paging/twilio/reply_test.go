package twilio_test

import (
	"testing"

	"github.com/rotaoncall/rota/paging/twilio"
)

func TestParseReply(t *testing.T) {
	tests := []struct {
		body   string
		action string
		code   string
	}{
		{"1a", "ack", "1"},
		{"1 a", "ack", "1"},
		{"1A", "ack", "1"},
		{" 12a ", "ack", "12"},
		{"#4a", "ack", "4"},
		{"4ack", "ack", "4"},
		{"4 acknowledge", "ack", "4"},
		{"1r", "resolve", "1"},
		{"1 R", "resolve", "1"},
		{"1e", "escalate", "1"},
		{"ack 1", "ack", "1"},
		{"ACK1", "ack", "1"},
		{"Ack #1", "ack", "1"},
		{"a1", "ack", "1"},
		{"r7", "resolve", "7"},
		{"resolve 1", "resolve", "1"},
		{"Resolved 3.", "resolve", "3"},
		{"escalate 2", "escalate", "2"},
		{"esc2", "escalate", "2"},
		{"ack", "ack", ""},
		{"Ack!", "ack", ""},
		{"resolve", "resolve", ""},
		{"escalate", "escalate", ""},
		{"ack all", "ack_all", ""},
		{"ACK  ALL", "ack_all", ""},
		{"ackall", "ack_all", ""},
		{"acknowledge all", "ack_all", ""},
		{"STOP", "stop", ""},
		{"stop.", "stop", ""},
		{"STOPALL", "stop", ""},
		{"Unsubscribe", "stop", ""},
		{"CANCEL", "stop", ""},
		{"end", "stop", ""},
		{"QUIT", "stop", ""},
		{"START", "start", ""},
		{"unstop", "start", ""},
		{"YES", "start", ""},
		{"HELP", "help", ""},
		{"info", "help", ""},
		{"", "unknown", ""},
		{"a", "unknown", ""},
		{"1", "unknown", ""},
		{"1x", "unknown", ""},
		{"x1", "unknown", ""},
		{"1 a please", "unknown", ""},
		{"stop it", "unknown", ""},
		{"ok thanks", "unknown", ""},
		{"1a 2a", "unknown", ""},
		{"-1a", "unknown", ""},
	}
	for _, tt := range tests {
		got := twilio.ParseReply(tt.body)
		if got.Action != tt.action || got.Code != tt.code {
			t.Errorf("ParseReply(%q) = %+v, want {%s %s}", tt.body, got, tt.action, tt.code)
		}
	}
}

func TestParseDigits(t *testing.T) {
	tests := []struct {
		digits string
		action string
		ok     bool
	}{
		{"1", "ack", true},
		{"2", "resolve", true},
		{"3", "escalate", true},
		{" 1 ", "ack", true},
		{"", "", false},
		{"4", "", false},
		{"0", "", false},
		{"12", "", false},
		{"#", "", false},
	}
	for _, tt := range tests {
		action, ok := twilio.ParseDigits(tt.digits)
		if action != tt.action || ok != tt.ok {
			t.Errorf("ParseDigits(%q) = %q, %v; want %q, %v", tt.digits, action, ok, tt.action, tt.ok)
		}
	}
}
