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
