package pagerduty

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	pd "github.com/PagerDuty/go-pagerduty"

	"github.com/rotaoncall/rota"
)

// Defaults of a Client.
const (
	DefaultAPIURL     = "https://api.pagerduty.com"
	DefaultEventsURL  = "https://events.pagerduty.com"
	DefaultMaxRetries = 5
	DefaultMaxWait    = 2 * time.Minute
	// PageSize is the largest page PagerDuty serves.
	PageSize = 100
	// maxPages stops a list that never ends (a server that always says
	// more): 100,000 objects is far beyond any organisation.
	maxPages = 1000
)

// Config says how to reach PagerDuty. Token is the REST API token; the
// URLs default to PagerDuty's own and are settings so that tests point the
// real client at a fake.
type Config struct {
	Token     string
	APIURL    string
	EventsURL string
	// HTTPClient defaults to one with a 30-second timeout.
	HTTPClient *http.Client
	// MaxRetries is how many times a throttled (429) request, or a GET
	// answered 5xx, is tried again; 0 means DefaultMaxRetries and a
	// negative value none (the outbox's sender retries on its own).
	MaxRetries int
	// MaxWait bounds one wait: a Retry-After longer than it ends the
	// retries. 0 means DefaultMaxWait.
	MaxWait time.Duration
	// Sleep waits d or until ctx is done; tests inject one that returns
	// at once and records d. nil means a real timer.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Client is go-pagerduty's client with what it leaves to its callers:
// every list walked to its end with offset pagination, and throttled
// requests retried after the wait PagerDuty asks for.
type Client struct {
	pd *pd.Client
}

// NewClient returns a Client for cfg.
func NewClient(cfg Config) *Client {
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	if cfg.EventsURL == "" {
		cfg.EventsURL = DefaultEventsURL
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	rt := &retrier{next: hc, max: cfg.MaxRetries, maxWait: cfg.MaxWait, sleep: cfg.Sleep}
	switch {
	case rt.max == 0:
		rt.max = DefaultMaxRetries
	case rt.max < 0:
		rt.max = 0
	}
	if rt.maxWait == 0 {
		rt.maxWait = DefaultMaxWait
	}
	if rt.sleep == nil {
		rt.sleep = sleep
	}
	c := pd.NewClient(cfg.Token, pd.WithAPIEndpoint(cfg.APIURL), pd.WithV2EventsAPIEndpoint(cfg.EventsURL))
	c.HTTPClient = rt
	return &Client{pd: c}
}

// PD returns the underlying go-pagerduty client, for calls this package
// does not wrap.
func (c *Client) PD() *pd.Client { return c.pd }

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retrier is the HTTP client go-pagerduty calls: it retries 429 answers
// (and 5xx answers to GET) after Retry-After, or after an exponential
// backoff when the header is missing, at most max times.
type retrier struct {
	next    pd.HTTPClient
	max     int
	maxWait time.Duration
	sleep   func(context.Context, time.Duration) error
}

// Backoff without Retry-After: 1 s, 2 s, 4 s … capped at a minute.
func backoff(attempt int) time.Duration {
	d := time.Second << min(attempt, 6)
	return min(d, time.Minute)
}

// retryAfter reads Retry-After (seconds) or PagerDuty's ratelimit-reset
// (seconds until the window resets). An HTTP date is not read: that would
// need the wall clock.
func retryAfter(h http.Header) (time.Duration, bool) {
	for _, k := range []string{"Retry-After", "Ratelimit-Reset"} {
		if v := h.Get(k); v != "" {
			if n, err := strconv.Atoi(v); err == nil && n >= 0 {
				return time.Duration(n) * time.Second, true
			}
		}
	}
	return 0, false
}

// waitNote carries out of go-pagerduty what its errors drop: the last
// wait PagerDuty asked for, and the body of an error answer (the Events
// API's errors list is not in go-pagerduty's REST error shape).
type waitNote struct {
	d    time.Duration
	body []byte
}

type waitNoteKey struct{}

func withWaitNote(ctx context.Context) (context.Context, *waitNote) {
	n := &waitNote{}
	return context.WithValue(ctx, waitNoteKey{}, n), n
}

func (r *retrier) Do(req *http.Request) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		resp, err := r.next.Do(req)
		if err != nil {
			return resp, err
		}
		note, _ := req.Context().Value(waitNoteKey{}).(*waitNote)
		if note != nil && resp.StatusCode >= 400 {
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
			_ = resp.Body.Close()
			note.body = body
			resp.Body = io.NopCloser(bytes.NewReader(body))
		}
		retry := resp.StatusCode == http.StatusTooManyRequests ||
			(resp.StatusCode >= 500 && (req.Method == http.MethodGet || req.Method == http.MethodDelete))
		if !retry {
			return resp, nil
		}
		wait, given := retryAfter(resp.Header)
		if !given {
			wait = backoff(attempt)
		}
		if note != nil {
			note.d = wait
		}
		if attempt >= r.max || wait > r.maxWait || (req.Body != nil && req.GetBody == nil) {
			return resp, nil
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		_ = resp.Body.Close()
		if err := r.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
		if req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, fmt.Errorf("pagerduty: rewinding the request body: %w", err)
			}
			req = req.Clone(req.Context())
			req.Body = body
		}
	}
}

// Errors PagerDuty's answers are translated to, beside go-pagerduty's own
// (both stay in the chain: errors.Is finds these, errors.As the APIError).
var (
	ErrBadToken  = &rota.Error{Code: rota.EUnauthenticated, Message: "PagerDuty rejected the API token"}
	ErrForbidden = &rota.Error{Code: rota.EForbidden, Message: "the PagerDuty API token may not read or write this"}
	ErrThrottled = &rota.Error{Code: rota.ERateLimited, Message: "PagerDuty is throttling requests; try again later"}
)

// wrap names what failed and translates PagerDuty's status.
func wrap(what string, err error) error {
	var ae pd.APIError
	if errors.As(err, &ae) {
		switch ae.StatusCode {
		case http.StatusUnauthorized:
			return fmt.Errorf("pagerduty: %s: %w (%w)", what, ErrBadToken, err)
		case http.StatusForbidden:
			return fmt.Errorf("pagerduty: %s: %w (%w)", what, ErrForbidden, err)
		case http.StatusTooManyRequests:
			return fmt.Errorf("pagerduty: %s: %w (%w)", what, ErrThrottled, err)
		}
	}
	return fmt.Errorf("pagerduty: %s: %w", what, err)
}

// listAll walks an offset-paginated list: fetch returns one page at an
// offset, its items and whether more follow.
func listAll[T any](ctx context.Context, what string, fetch func(ctx context.Context, offset uint) ([]T, bool, error)) ([]T, error) {
	var all []T
	var offset uint
	for range maxPages {
		items, more, err := fetch(ctx, offset)
		if err != nil {
			return nil, wrap("listing "+what, err)
		}
		all = append(all, items...)
		if !more || len(items) == 0 {
			return all, nil
		}
		offset += uint(len(items))
	}
	return nil, fmt.Errorf("pagerduty: listing %s: more than %d pages", what, maxPages)
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Ping checks that PagerDuty accepts the token, with one small request
// (the first user).
func (c *Client) Ping(ctx context.Context) error {
	if _, err := c.pd.ListUsersWithContext(ctx, pd.ListUsersOptions{Limit: 1}); err != nil {
		return wrap("checking the token", err)
	}
	return nil
}

// Users lists every user with their contact methods.
func (c *Client) Users(ctx context.Context) ([]pd.User, error) {
	return listAll(ctx, "users", func(ctx context.Context, off uint) ([]pd.User, bool, error) {
		r, err := c.pd.ListUsersWithContext(ctx, pd.ListUsersOptions{Limit: PageSize, Offset: off, Includes: []string{"contact_methods"}})
		if err != nil {
			return nil, false, err
		}
		return r.Users, r.More, nil
	})
}

// Teams lists every team.
func (c *Client) Teams(ctx context.Context) ([]pd.Team, error) {
	return listAll(ctx, "teams", func(ctx context.Context, off uint) ([]pd.Team, bool, error) {
		r, err := c.pd.ListTeamsWithContext(ctx, pd.ListTeamOptions{Limit: PageSize, Offset: off})
		if err != nil {
			return nil, false, err
		}
		return r.Teams, r.More, nil
	})
}

// TeamMembers lists a team's members with their team roles.
func (c *Client) TeamMembers(ctx context.Context, teamID string) ([]pd.Member, error) {
	return listAll(ctx, "members of team "+teamID, func(ctx context.Context, off uint) ([]pd.Member, bool, error) {
		r, err := c.pd.ListTeamMembers(ctx, teamID, pd.ListTeamMembersOptions{Limit: PageSize, Offset: off})
		if err != nil {
			return nil, false, err
		}
		return r.Members, r.More, nil
	})
}

// Schedules lists every schedule, without layers (PagerDuty's list leaves
// them out; Schedule has them).
func (c *Client) Schedules(ctx context.Context) ([]pd.Schedule, error) {
	return listAll(ctx, "schedules", func(ctx context.Context, off uint) ([]pd.Schedule, bool, error) {
		r, err := c.pd.ListSchedulesWithContext(ctx, pd.ListSchedulesOptions{Limit: PageSize, Offset: off})
		if err != nil {
			return nil, false, err
		}
		return r.Schedules, r.More, nil
	})
}

// Schedule gets one schedule with its layers, and its final schedule
// rendered over [since, until).
func (c *Client) Schedule(ctx context.Context, id string, since, until time.Time) (*pd.Schedule, error) {
	s, err := c.pd.GetScheduleWithContext(ctx, id, pd.GetScheduleOptions{Since: rfc3339(since), Until: rfc3339(until)})
	if err != nil {
		return nil, wrap("getting schedule "+id, err)
	}
	return s, nil
}

// Overrides lists a schedule's overrides that overlap [since, until).
func (c *Client) Overrides(ctx context.Context, scheduleID string, since, until time.Time) ([]pd.Override, error) {
	r, err := c.pd.ListOverridesWithContext(ctx, scheduleID, pd.ListOverridesOptions{Since: rfc3339(since), Until: rfc3339(until)})
	if err != nil {
		return nil, wrap("listing overrides of schedule "+scheduleID, err)
	}
	return r.Overrides, nil
}

// CreateOverride puts userID on a schedule for [start, end).
func (c *Client) CreateOverride(ctx context.Context, scheduleID, userID string, start, end time.Time) (*pd.Override, error) {
	o, err := c.pd.CreateOverrideWithContext(ctx, scheduleID, pd.Override{Start: rfc3339(start), End: rfc3339(end),
		User: pd.APIObject{ID: userID, Type: "user_reference"}})
	if err != nil {
		return nil, wrap("creating an override on schedule "+scheduleID, err)
	}
	return o, nil
}

// DeleteOverride removes an override (PagerDuty ends one in progress
// instead).
func (c *Client) DeleteOverride(ctx context.Context, scheduleID, overrideID string) error {
	if err := c.pd.DeleteOverrideWithContext(ctx, scheduleID, overrideID); err != nil {
		return wrap("deleting override "+overrideID+" of schedule "+scheduleID, err)
	}
	return nil
}

// EscalationPolicies lists every escalation policy with its rules.
func (c *Client) EscalationPolicies(ctx context.Context) ([]pd.EscalationPolicy, error) {
	return listAll(ctx, "escalation policies", func(ctx context.Context, off uint) ([]pd.EscalationPolicy, bool, error) {
		r, err := c.pd.ListEscalationPoliciesWithContext(ctx, pd.ListEscalationPoliciesOptions{Limit: PageSize, Offset: off})
		if err != nil {
			return nil, false, err
		}
		return r.EscalationPolicies, r.More, nil
	})
}

// Services lists every service with its integrations in full (keys
// included).
func (c *Client) Services(ctx context.Context) ([]pd.Service, error) {
	return listAll(ctx, "services", func(ctx context.Context, off uint) ([]pd.Service, bool, error) {
		r, err := c.pd.ListServicesWithContext(ctx, pd.ListServiceOptions{Limit: PageSize, Offset: off, Includes: []string{"integrations"}})
		if err != nil {
			return nil, false, err
		}
		return r.Services, r.More, nil
	})
}

// Incidents lists the incidents created in [since, until).
func (c *Client) Incidents(ctx context.Context, since, until time.Time) ([]pd.Incident, error) {
	return listAll(ctx, "incidents", func(ctx context.Context, off uint) ([]pd.Incident, bool, error) {
		r, err := c.pd.ListIncidentsWithContext(ctx, pd.ListIncidentsOptions{Limit: PageSize, Offset: off,
			Since: rfc3339(since), Until: rfc3339(until), TimeZone: "UTC"})
		if err != nil {
			return nil, false, err
		}
		return r.Incidents, r.More, nil
	})
}

// IncidentLogEntries lists an incident's log entries, notifications
// included.
func (c *Client) IncidentLogEntries(ctx context.Context, incidentID string) ([]pd.LogEntry, error) {
	return listAll(ctx, "log entries of incident "+incidentID, func(ctx context.Context, off uint) ([]pd.LogEntry, bool, error) {
		r, err := c.pd.ListIncidentLogEntriesWithContext(ctx, incidentID, pd.ListIncidentLogEntriesOptions{Limit: PageSize, Offset: off,
			TimeZone: "UTC"})
		if err != nil {
			return nil, false, err
		}
		return r.LogEntries, r.More, nil
	})
}
