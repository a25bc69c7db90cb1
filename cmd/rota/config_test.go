package main

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

// resolveConfig parses args and the environment as rota does.
func resolveConfig(t *testing.T, envv map[string]string, args ...string) (*config, error) {
	t.Helper()
	var c config
	fs := pflag.NewFlagSet("rota", pflag.ContinueOnError)
	c.register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return &c, c.resolve(fs, func(k string) string { return envv[k] })
}

func TestTrustedProxiesSetting(t *testing.T) {
	for _, tc := range []struct {
		name    string
		env     map[string]string
		args    []string
		want    []string
		wantErr string
	}{
		{"default trusts none", nil, nil, nil, ""},
		{"env list", map[string]string{"ROTA_TRUSTED_PROXIES": "10.0.0.5, 192.168.0.0/16,,::1"}, nil, []string{"10.0.0.5", "192.168.0.0/16", "::1"}, ""},
		{"flag wins", map[string]string{"ROTA_TRUSTED_PROXIES": "10.0.0.5"}, []string{"--trusted-proxies", "fd00::/8"}, []string{"fd00::/8"}, ""},
		{"not an address", map[string]string{"ROTA_TRUSTED_PROXIES": "10.0.0.5,proxy.internal"}, nil, nil, `"proxy.internal" is not an IP address or CIDR`},
		{"bad CIDR", nil, []string{"--trusted-proxies", "10.0.0.0/33"}, nil, "not an IP address or CIDR"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := resolveConfig(t, tc.env, tc.args...)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(c.TrustedProxies, tc.want) {
				t.Fatalf("TrustedProxies = %q, want %q", c.TrustedProxies, tc.want)
			}
		})
	}
}

func TestRetentionSetting(t *testing.T) {
	for _, tc := range []struct {
		name    string
		env     map[string]string
		args    []string
		want    time.Duration
		wantErr string
	}{
		{"default: a year and a quarter", nil, nil, 400 * 24 * time.Hour, ""},
		{"days from the environment", map[string]string{"ROTA_RETENTION": "90d"}, nil, 90 * 24 * time.Hour, ""},
		{"a Go duration by flag", nil, []string{"--retention", "720h"}, 720 * time.Hour, ""},
		{"not a duration", map[string]string{"ROTA_RETENTION": "a year"}, nil, 0, "number of days"},
		{"too short", nil, []string{"--retention", "2h"}, 0, "at least 1d"},
		{"zero days", nil, []string{"--retention", "0d"}, 0, "at least 1d"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := resolveConfig(t, tc.env, tc.args...)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || c.Retention != tc.want {
				t.Fatalf("Retention = %v, %v; want %v", c.Retention, err, tc.want)
			}
		})
	}
}

func TestPublicURLDefaultsToTheListenAddress(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
		// given is whether the public URL was set rather than derived.
		given bool
	}{
		{"default listen", nil, nil, "http://127.0.0.1:8080", false},
		{"listen flag", nil, []string{"--listen", "10.0.0.7:9000"}, "http://10.0.0.7:9000", false},
		{"every interface", map[string]string{"ROTA_LISTEN": "0.0.0.0:8080"}, nil, "http://localhost:8080", false},
		{"IPv6", nil, []string{"--listen", "[::1]:8080"}, "http://[::1]:8080", false},
		{"set", map[string]string{"ROTA_PUBLIC_URL": "https://rota.example.com/"}, nil, "https://rota.example.com", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := resolveConfig(t, tc.env, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			if c.PublicURL != tc.want || c.PublicURLGiven != tc.given {
				t.Fatalf("public URL %q (given %v), want %q (%v)", c.PublicURL, c.PublicURLGiven, tc.want, tc.given)
			}
		})
	}
}

func TestTwilioSendingSettings(t *testing.T) {
	for _, tc := range []struct {
		name           string
		env            map[string]string
		args           []string
		service        string
		rate, callRate float64
		wantErr        string
	}{
		{"defaults", nil, nil, "", 1, 1, ""},
		{"a Messaging Service at 30 a second, calls at the account's 1", map[string]string{"ROTA_TWILIO_MESSAGING_SERVICE_SID": "MG0123456789abcdef0123456789abcdef",
			"ROTA_TWILIO_RATE": "30", "ROTA_TWILIO_CALL_RATE": "1"}, nil, "MG0123456789abcdef0123456789abcdef", 30, 1, ""},
		{"calls follow the message rate unless given", nil, []string{"--twilio-rate", "3"}, "", 3, 3, ""},
		{"flag wins", map[string]string{"ROTA_TWILIO_MESSAGING_SERVICE_SID": "MGaaaa"}, []string{"--twilio-messaging-service-sid", "MG0123456789abcdef0123456789abcdef"}, "MG0123456789abcdef0123456789abcdef", 1, 1, ""},
		{"bad call rate", map[string]string{"ROTA_TWILIO_CALL_RATE": "0"}, nil, "", 0, 0, "call rate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := resolveConfig(t, tc.env, tc.args...)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.TwilioService != tc.service || c.TwilioRate != tc.rate || c.TwilioCallRate != tc.callRate {
				t.Fatalf("service %q rate %v call rate %v; want %q %v %v", c.TwilioService, c.TwilioRate, c.TwilioCallRate, tc.service, tc.rate, tc.callRate)
			}
		})
	}
}

func TestPublicURLNote(t *testing.T) {
	for _, tc := range []struct {
		listen, public string
		given          bool
		differs        bool
	}{
		{"127.0.0.1:8080", "http://127.0.0.1:8080", false, false},
		{"127.0.0.1:8080", "http://127.0.0.1:8080", true, false},
		{"127.0.0.1:8080", "http://localhost:8080", true, false},
		{"0.0.0.0:8080", "http://rota.internal:8080", true, false},
		{"127.0.0.1:8080", "https://rota.example.com", true, true},
		{"127.0.0.1:8080", "http://127.0.0.1:9090", true, true},
		{"10.0.0.7:80", "http://rota.example.com", true, true},
		{"10.0.0.7:80", "http://10.0.0.7", true, false},
	} {
		note := publicURLNote(tc.listen, tc.public, tc.given)
		if got := strings.Contains(note, "differs from the listen address"); got != tc.differs {
			t.Errorf("%s vs %s: %q, want differs=%v", tc.listen, tc.public, note, tc.differs)
		}
		if !tc.given && !strings.Contains(note, "set ROTA_PUBLIC_URL") {
			t.Errorf("a derived public URL should say how to set one: %q", note)
		}
	}
}
