package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// runSetup creates, through the API, what a load run needs: a team with one
// engineer on a 24×7 schedule, a one-step policy, a service and a generic
// integration key, which it prints. With -engineers N it creates N
// engineers, each with their own phone number, schedule, policy, service
// (urgency from the alert's severity) and key, and prints one line per
// engineer: "key: KEY phone: NUMBER".
func runSetup(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("setup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c commonFlags
	c.register(fs)
	phone := fs.String("phone", "+15550009999", "the phone number to give the paged engineer (so Twilio pages go to the fake)")
	engineers := fs.Int("engineers", 0, "create this many engineers, each paged by a service of their own (0: page the signed-in user)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	client := newClient(1)
	if c.email != "" {
		if err := signIn(ctx, client, c.url, c.email, c.password); err != nil {
			fmt.Fprintln(stderr, "rota-load:", err)
			return 1
		}
	} else if c.token == "" {
		fmt.Fprintln(stderr, "rota-load setup: give an admin's -token or -email and -password")
		return 2
	}
	call := func(method, path string, body, out any) error {
		raw, _ := json.Marshal(body)
		req, _ := http.NewRequestWithContext(ctx, method, c.url+path, bytes.NewReader(raw))
		req.Header.Set("Content-Type", "application/json")
		if c.email == "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode/100 != 2 {
			return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, b)
		}
		if out != nil {
			return json.Unmarshal(b, out)
		}
		return nil
	}
	suffix := strconv.FormatInt(time.Now().Unix(), 36)
	var me struct {
		User struct{ ID string } `json:"user"`
	}
	var team struct {
		Team struct{ ID string } `json:"team"`
	}
	var sched struct {
		Schedule struct{ ID string } `json:"schedule"`
	}
	var pol struct {
		Policy struct{ ID string } `json:"policy"`
	}
	var svc struct {
		Service struct{ ID string } `json:"service"`
	}
	var integ struct {
		Key string `json:"key"`
		URL string `json:"url"`
	}
	if err := call("GET", "/api/v1/me", nil, &me); err != nil {
		fmt.Fprintln(stderr, "rota-load:", err)
		return 1
	}
	if *engineers > 0 {
		if err := setupEngineers(call, suffix, *engineers, stdout); err != nil {
			fmt.Fprintln(stderr, "rota-load:", err)
			return 1
		}
		return 0
	}
	for _, s := range []func() error{
		func() error {
			return call("PATCH", "/api/v1/users/"+me.User.ID, map[string]string{"phone": *phone}, nil)
		},
		func() error { return call("POST", "/api/v1/teams", map[string]string{"name": "load-" + suffix}, &team) },
		func() error {
			return call("PUT", "/api/v1/teams/"+team.Team.ID+"/members/"+me.User.ID, map[string]string{"role": "admin"}, nil)
		},
		func() error {
			return call("POST", "/api/v1/teams/"+team.Team.ID+"/schedules", map[string]any{"name": "load", "time_zone": "UTC",
				"tiers": map[string]any{"primary": []map[string]any{{"name": "24x7", "participants": []string{me.User.ID}, "start": "2026-01-05T09:00", "shift": "1w", "coverage": []any{}}}}}, &sched)
		},
		func() error {
			return call("POST", "/api/v1/teams/"+team.Team.ID+"/escalation-policies", map[string]any{"name": "load", "steps": []map[string]any{
				{"after": "0m", "targets": []map[string]string{{"schedule_id": sched.Schedule.ID, "tier": "primary"}}}}}, &pol)
		},
		func() error {
			return call("POST", "/api/v1/teams/"+team.Team.ID+"/services", map[string]any{"name": "load-" + suffix, "escalation_policy_id": pol.Policy.ID, "urgency": "high"}, &svc)
		},
		func() error {
			return call("POST", "/api/v1/services/"+svc.Service.ID+"/integrations", map[string]string{"name": "load", "type": "generic"}, &integ)
		},
	} {
		if err := s(); err != nil {
			fmt.Fprintln(stderr, "rota-load:", err)
			return 1
		}
	}
	fmt.Fprintf(stdout, "service load-%s pages user %s through schedule %s\nkey: %s\nurl: %s\n", suffix, me.User.ID, sched.Schedule.ID, integ.Key, integ.URL)
	return 0
}

// enginePhone is engineer i's phone number in a multi-engineer setup.
func enginePhone(i int) string { return fmt.Sprintf("+1555%07d", 1000000+i) }

// setupEngineers creates n engineers in one team, each on a 24×7 schedule
// of their own behind a one-step policy, a service (urgency from severity)
// and a generic key, and prints "key: KEY phone: NUMBER" for each.
func setupEngineers(call func(method, path string, body, out any) error, suffix string, n int, stdout io.Writer) error {
	var team struct {
		Team struct{ ID string } `json:"team"`
	}
	if err := call("POST", "/api/v1/teams", map[string]string{"name": "load-" + suffix}, &team); err != nil {
		return err
	}
	for i := range n {
		var u struct {
			User struct{ ID string } `json:"user"`
		}
		var sched struct {
			Schedule struct{ ID string } `json:"schedule"`
		}
		var pol struct {
			Policy struct{ ID string } `json:"policy"`
		}
		var svc struct {
			Service struct{ ID string } `json:"service"`
		}
		var integ struct {
			Key string `json:"key"`
		}
		name := fmt.Sprintf("load-%s-%03d", suffix, i)
		for _, s := range []func() error{
			func() error {
				return call("POST", "/api/v1/users", map[string]string{"email": name + "@example.com", "name": fmt.Sprintf("Engineer %03d", i),
					"discipline": "ops", "time_zone": "UTC", "phone": enginePhone(i)}, &u)
			},
			func() error {
				return call("PUT", "/api/v1/teams/"+team.Team.ID+"/members/"+u.User.ID, map[string]string{"role": "member"}, nil)
			},
			func() error {
				return call("POST", "/api/v1/teams/"+team.Team.ID+"/schedules", map[string]any{"name": name, "time_zone": "UTC",
					"tiers": map[string]any{"primary": []map[string]any{{"name": "24x7", "participants": []string{u.User.ID}, "start": "2026-01-05T09:00", "shift": "1w", "coverage": []any{}}}}}, &sched)
			},
			func() error {
				return call("POST", "/api/v1/teams/"+team.Team.ID+"/escalation-policies", map[string]any{"name": name, "steps": []map[string]any{
					{"after": "0m", "targets": []map[string]string{{"schedule_id": sched.Schedule.ID, "tier": "primary"}}}}}, &pol)
			},
			func() error {
				return call("POST", "/api/v1/teams/"+team.Team.ID+"/services", map[string]any{"name": name, "escalation_policy_id": pol.Policy.ID, "urgency": "from-severity"}, &svc)
			},
			func() error {
				return call("POST", "/api/v1/services/"+svc.Service.ID+"/integrations", map[string]string{"name": "load", "type": "generic"}, &integ)
			},
		} {
			if err := s(); err != nil {
				return fmt.Errorf("engineer %d: %w", i, err)
			}
		}
		fmt.Fprintf(stdout, "key: %s phone: %s\n", integ.Key, enginePhone(i))
	}
	return nil
}
