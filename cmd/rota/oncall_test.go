package main

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota/auth"
	"github.com/rotaoncall/rota/demo"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/system"
)

// demoDB seeds the demo organisation into a fresh SQLite file.
func demoDB(t *testing.T, at time.Time) (string, *store.DB) {
	t.Helper()
	url := "sqlite://" + filepath.Join(t.TempDir(), "rota.db")
	ctx := context.Background()
	db, err := store.Open(ctx, url, store.Options{Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, db, auth.Params{Memory: 1024, Time: 1, Threads: 1}, at); err != nil {
		t.Fatal(err)
	}
	return url, db
}

func TestOnCallAndShiftsCommands(t *testing.T) {
	seeded := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	url, db := demoDB(t, seeded)
	env := map[string]string{"ROTA_DATABASE_URL": url}
	// Monday 2026-11-23 10:00 Berlin: business hours; 23:00 Berlin: night.
	day, night := "2026-11-23T09:00:00Z", "2026-11-23T22:00:00Z"

	var local cliOnCall
	code, out, errs := runCLI(t, env, "oncall", "--json", "--at", day)
	if code != 0 {
		t.Fatalf("oncall: %d %s", code, errs)
	}
	if err := json.Unmarshal([]byte(out), &local); err != nil {
		t.Fatal(err)
	}
	disc := func(r cliOnCall, sched, tier string) string {
		for _, s := range r.Schedules {
			if s.Name == sched {
				for _, x := range s.OnCall {
					if x.Tier == tier {
						return x.User.Discipline
					}
				}
			}
		}
		return ""
	}
	if len(local.Schedules) != 3 || disc(local, "payments-oncall", "primary") != "dev" || disc(local, "payments-oncall", "secondary") != "ops" || disc(local, "payments-oncall", "shadow") != "dev" {
		t.Fatalf("business hours on call: %s", out)
	}
	// --clock-start gives the instant "now" starts at: without --at, oncall
	// answers for that instant (plus the moment the command took).
	var clocked cliOnCall
	code, out, errs = runCLI(t, map[string]string{"ROTA_DATABASE_URL": url, "ROTA_CLOCK_START": day}, "oncall", "--json")
	if code != 0 {
		t.Fatalf("oncall with a clock start: %d %s", code, errs)
	}
	json.Unmarshal([]byte(out), &clocked)
	if start := mustTime(t, day); clocked.At.Before(start) || clocked.At.After(start.Add(time.Minute)) || disc(clocked, "payments-oncall", "primary") != "dev" {
		t.Fatalf("oncall with clock start %s answered for %s: %s", day, clocked.At, out)
	}
	var atNight cliOnCall
	_, out, _ = runCLI(t, env, "oncall", "--json", "--at", night, "--schedule", "payments/payments-oncall")
	json.Unmarshal([]byte(out), &atNight)
	if len(atNight.Schedules) != 1 || disc(atNight, "payments-oncall", "primary") != "ops" || disc(atNight, "payments-oncall", "secondary") != "dev" {
		t.Fatalf("night on call: %s", out)
	}
	code, out, _ = runCLI(t, env, "oncall", "--at", day)
	if code != 0 || !strings.Contains(out, "payments/payments-oncall") || !strings.Contains(out, "TIER") {
		t.Fatalf("table output: %q", out)
	}

	code, out, errs = runCLI(t, env, "shifts", "--schedule", "payments-oncall", "--from", "2026-11-23", "--to", "2026-11-30", "--json")
	if code != 0 {
		t.Fatalf("shifts: %s", errs)
	}
	var sh cliShifts
	json.Unmarshal([]byte(out), &sh)
	if len(sh.Shifts) < 20 {
		t.Fatalf("a week of payments shifts has %d entries", len(sh.Shifts))
	}
	last := map[string]time.Time{}
	for _, s := range sh.Shifts {
		if s.Start.Before(last[s.Tier]) || !s.End.After(s.Start) {
			t.Fatalf("shifts out of order or empty: %+v", s)
		}
		last[s.Tier] = s.End
	}

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown schedule", []string{"shifts", "--schedule", "nope", "--from", "2026-11-23", "--to", "2026-11-24"}, "no schedule named"},
		{"missing range", []string{"shifts", "--schedule", "payments-oncall"}, "--from and --to"},
		{"reversed range", []string{"shifts", "--schedule", "payments-oncall", "--from", "2026-11-24", "--to", "2026-11-23"}, "after"},
		{"bad at", []string{"oncall", "--at", "noon"}, "RFC 3339"},
		{"server without token", []string{"--server", "http://127.0.0.1:1", "oncall"}, "ROTA_API_TOKEN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runCLI(t, env, tc.args...)
			if code != 2 || !strings.Contains(errs, tc.want) {
				t.Fatalf("exit %d, %q; want 2 and %q", code, errs, tc.want)
			}
		})
	}

	// --server gives the same answers as the database.
	sys := system.Build(db, system.Options{Now: func() time.Time { return seeded }, AuthParams: auth.Params{Memory: 1024, Time: 1, Threads: 1}, Manual: true})
	svc := sys.Auth
	srv := httptest.NewServer(sys.API.Handler())
	defer srv.Close()
	u, _, err := db.UserByEmail(context.Background(), "dan@example.com")
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := svc.CreateToken(context.Background(), u.ID, "cli")
	if err != nil {
		t.Fatal(err)
	}
	renv := map[string]string{"ROTA_SERVER": srv.URL, "ROTA_API_TOKEN": token}
	var remote cliOnCall
	code, out, errs = runCLI(t, renv, "oncall", "--json", "--at", day)
	if code != 0 {
		t.Fatalf("remote oncall: %s", errs)
	}
	json.Unmarshal([]byte(out), &remote)
	if !reflect.DeepEqual(local, remote) {
		t.Fatalf("remote and local differ:\nlocal  %+v\nremote %+v", local, remote)
	}
	var rsh cliShifts
	_, out, _ = runCLI(t, renv, "shifts", "--schedule", "payments-oncall", "--from", "2026-11-23", "--to", "2026-11-30", "--json")
	json.Unmarshal([]byte(out), &rsh)
	if !reflect.DeepEqual(sh.Shifts, rsh.Shifts) {
		t.Fatalf("remote shifts differ from local")
	}
	renv["ROTA_API_TOKEN"] = "rota_wrong"
	if code, _, errs := runCLI(t, renv, "oncall"); code == 0 || !strings.Contains(errs, "revoked") {
		t.Fatalf("bad token: %d %s", code, errs)
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
