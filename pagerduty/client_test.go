package pagerduty_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	pd "github.com/PagerDuty/go-pagerduty"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/pagerduty"
	"github.com/rotaoncall/rota/pagerduty/pdfake"
)

func TestClientRetries(t *testing.T) {
	cases := []struct {
		name       string
		throttled  int
		retryAfter int
		maxRetries int
		wantWaits  []time.Duration
		wantErr    bool
	}{
		{name: "Retry-After is respected", throttled: 2, retryAfter: 3, wantWaits: []time.Duration{3 * time.Second, 3 * time.Second}},
		{name: "backoff without Retry-After", throttled: 3, retryAfter: -1, wantWaits: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}},
		{name: "retries are bounded", throttled: 3, retryAfter: 1, maxRetries: 2, wantWaits: []time.Duration{time.Second, time.Second}, wantErr: true},
		{name: "a wait longer than MaxWait is not waited", throttled: 1, retryAfter: 600, wantErr: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := pdfake.NewFixture()
			defer fake.Close()
			sl := &sleeper{}
			c := pagerduty.NewClient(pagerduty.Config{Token: pdfake.FixtureToken, APIURL: fake.URL, EventsURL: fake.URL,
				Sleep: sl.sleep, MaxRetries: tc.maxRetries})
			fake.Throttle(http.MethodGet, "/users", tc.throttled, tc.retryAfter)
			users, err := c.Users(context.Background())
			var ae pd.APIError
			switch {
			case tc.wantErr && !(errors.As(err, &ae) && ae.RateLimited()):
				t.Fatalf("got %v, want a 429", err)
			case !tc.wantErr && (err != nil || len(users) != 10):
				t.Fatalf("got %d users, %v", len(users), err)
			}
			if got := sl.got(); !slices.Equal(got, tc.wantWaits) {
				t.Fatalf("waits %v, want %v", got, tc.wantWaits)
			}
		})
	}
}

func TestClientRetriesPosts(t *testing.T) {
	fake, c, sl := fixture(t)
	fake.Throttle(http.MethodPost, "/schedules/PSPAY01/overrides", 1, 2)
	start := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
	o, err := c.CreateOverride(context.Background(), "PSPAY01", "POMAR06", start, start.Add(time.Hour))
	if err != nil || o.User.ID != "POMAR06" {
		t.Fatalf("override %+v, %v", o, err)
	}
	if got := sl.got(); !slices.Equal(got, []time.Duration{2 * time.Second}) {
		t.Fatalf("waits %v", got)
	}
	// The body was sent again: one override, not a half one.
	if n := len(fake.Overrides("PSPAY01")); n != 4 {
		t.Fatalf("%d overrides, want 4", n)
	}
}

func TestClientPaginates(t *testing.T) {
	fake, c, _ := fixture(t)
	fake.SetMaxLimit(2)
	users, err := c.Users(context.Background())
	if err != nil || len(users) != 10 {
		t.Fatalf("%d users, %v", len(users), err)
	}
	members, err := c.TeamMembers(context.Background(), "PTPAY01")
	if err != nil || len(members) != 5 {
		t.Fatalf("%d members, %v", len(members), err)
	}
	pages := 0
	for _, r := range fake.Requests() {
		if r.Path == "/users" {
			pages++
		}
	}
	if pages != 5 {
		t.Fatalf("%d pages of users, want 5", pages)
	}
}

func TestBadToken(t *testing.T) {
	fake, _, _ := fixture(t)
	c := newClient(fake, "not-the-token", &sleeper{})
	_, err := c.Fetch(context.Background(), pdfake.FixtureAt, 0, nil)
	var ae pd.APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusUnauthorized || !errors.Is(err, pagerduty.ErrBadToken) ||
		rota.ErrorCode(err) != rota.EUnauthenticated {
		t.Fatalf("got %v, want 401 and ErrBadToken", err)
	}
}

func TestFetchReportsProgress(t *testing.T) {
	_, c, _ := fixture(t)
	var steps []string
	_, err := c.Fetch(context.Background(), pdfake.FixtureAt, 0, func(p pagerduty.Progress) {
		if len(steps) == 0 || steps[len(steps)-1] != p.Step {
			steps = append(steps, p.Step)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"users", "teams", "team members", "schedules", "escalation policies", "services", "done"}
	if !slices.Equal(steps, want) {
		t.Fatalf("steps %v, want %v", steps, want)
	}
}
