package pdfake_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PagerDuty/go-pagerduty"

	"github.com/rotaoncall/rota/pagerduty/pdfake"
)

func client(s *pdfake.Server, token string) *pagerduty.Client {
	return pagerduty.NewClient(token, pagerduty.WithAPIEndpoint(s.URL), pagerduty.WithV2EventsAPIEndpoint(s.URL))
}

func TestAuthAndAccept(t *testing.T) {
	s := pdfake.NewFixture()
	defer s.Close()
	ctx := context.Background()

	_, err := client(s, "wrong").ListUsersWithContext(ctx, pagerduty.ListUsersOptions{})
	var ae pagerduty.APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusUnauthorized || !ae.APIError.Valid || ae.APIError.ErrorObject.Code != 2006 {
		t.Fatalf("wrong token: got %v, want a 401 with error code 2006", err)
	}

	req, _ := http.NewRequest(http.MethodGet, s.URL+"/users", nil)
	req.Header.Set("Authorization", "Token token="+pdfake.FixtureToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotAcceptable {
		t.Fatalf("without Accept: status %d, want 406", resp.StatusCode)
	}

	if _, err := client(s, pdfake.FixtureToken).ListUsersWithContext(ctx, pagerduty.ListUsersOptions{}); err != nil {
		t.Fatalf("right token: %v", err)
	}
}

func TestPagination(t *testing.T) {
	s := pdfake.NewFixture()
	defer s.Close()
	s.SetMaxLimit(3)
	c := client(s, pdfake.FixtureToken)
	var ids []string
	var offset uint
	for range 10 {
		resp, err := c.ListUsersWithContext(context.Background(), pagerduty.ListUsersOptions{Limit: 100, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		if resp.Limit != 3 || resp.Offset != offset {
			t.Fatalf("page at %d: limit %d offset %d, want 3 and %d", offset, resp.Limit, resp.Offset, offset)
		}
		for _, u := range resp.Users {
			ids = append(ids, u.ID)
		}
		if !resp.More {
			break
		}
		offset += uint(len(resp.Users))
	}
	// Ten listed users: the deleted one is not listed.
	if len(ids) != 10 || ids[0] != "PALICE1" || ids[9] != "PRITA10" {
		t.Fatalf("users %v", ids)
	}
}

func TestThrottle(t *testing.T) {
	s := pdfake.NewFixture()
	defer s.Close()
	s.Throttle(http.MethodGet, "/teams", 1, 7)
	c := client(s, pdfake.FixtureToken)
	_, err := c.ListTeamsWithContext(context.Background(), pagerduty.ListTeamOptions{})
	var ae pagerduty.APIError
	if !errors.As(err, &ae) || !ae.RateLimited() {
		t.Fatalf("got %v, want 429", err)
	}
	if _, err := c.ListTeamsWithContext(context.Background(), pagerduty.ListTeamOptions{}); err != nil {
		t.Fatalf("second call: %v", err)
	}
	reqs := s.Requests()
	if len(reqs) != 2 || reqs[0].Status != 429 || reqs[1].Status != 200 {
		t.Fatalf("requests %+v", reqs)
	}
}

func TestScheduleShapes(t *testing.T) {
	s := pdfake.NewFixture()
	defer s.Close()
	c := client(s, pdfake.FixtureToken)
	since, until := pdfake.FixtureAt, pdfake.FixtureAt.Add(pdfake.FixtureHorizon)
	sc, err := c.GetScheduleWithContext(context.Background(), "PSPAY02", pagerduty.GetScheduleOptions{
		Since: since.Format(time.RFC3339), Until: until.Format(time.RFC3339)})
	if err != nil {
		t.Fatal(err)
	}
	// Most recent layer first, as PagerDuty lists them.
	if len(sc.ScheduleLayers) != 2 || sc.ScheduleLayers[0].ID != "PL2B" || sc.ScheduleLayers[1].End == "" || sc.ScheduleLayers[0].End != "" {
		t.Fatalf("layers %+v", sc.ScheduleLayers)
	}
	if !strings.HasSuffix(sc.ScheduleLayers[0].RotationVirtualStart, "+01:00") {
		t.Fatalf("times are written in the schedule's zone: %s", sc.ScheduleLayers[0].RotationVirtualStart)
	}
	fin := sc.FinalSchedule.RenderedScheduleEntries
	if len(fin) != 5 || fin[0].Start != since.In(mustLoc(t, "Europe/Berlin")).Format(time.RFC3339) {
		t.Fatalf("final schedule %+v", fin)
	}
}

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestRender checks the oracle by hand at instants worked out on paper.
func TestRender(t *testing.T) {
	s := pdfake.NewFixture()
	defer s.Close()
	at := func(zone string, m time.Month, d, hh, mm int) time.Time {
		return time.Date(2026, m, d, hh, mm, 0, 0, mustLoc(t, zone))
	}
	const ber, ny = "Europe/Berlin", "America/New_York"
	cases := []struct {
		name     string
		schedule string
		at       time.Time
		want     string
	}{
		{"override in progress at the start", "PSPAY01", at(ber, 3, 2, 7, 0), "PERIK08"},
		{"business hours, day 56 of the daily layer", "PSPAY01", at(ber, 3, 2, 10, 0), "PNINA07"},
		{"evening, week 8 of the weekly layer", "PSPAY01", at(ber, 3, 2, 18, 0), "PERIK08"},
		{"Saturday override", "PSPAY01", at(ber, 3, 14, 12, 0), "PNINA07"},
		{"business hours after the European change", "PSPAY01", at(ber, 3, 27, 16, 59), "PERIK08"},
		{"edited layer, new rotation, week 8", "PSPAY02", at(ber, 3, 2, 10, 0), "POLGA05"},
		{"weekend layer wins", "PSSRE01", at(ny, 3, 7, 21, 0), "PDEV004"},
		{"weekend across the US change", "PSSRE01", at(ny, 3, 8, 7, 30), "PDEV004"},
		{"nights until 08:00 EDT", "PSSRE01", at(ny, 3, 9, 7, 59), "PDEV004"},
		{"daily from 08:00 EDT", "PSSRE01", at(ny, 3, 9, 8, 0), "PCARL03"},
		{"nights, week 5", "PSSRE01", at(ny, 3, 9, 21, 0), "PBOB002"},
		{"12-hour turns counted back from the virtual start, turn -6", "PSSRE02", at(ny, 2, 26, 8, 0), "PBOB002"},
		{"12-hour turns, turn 14 ends at 19:00 EDT", "PSSRE02", at(ny, 3, 8, 18, 59), "PDEV004"},
		{"12-hour turns, turn 15 at 19:00 EDT", "PSSRE02", at(ny, 3, 8, 19, 0), "PBOB002"},
		{"Friday lunch", "PSSRE02", at(ny, 3, 13, 13, 0), "PALICE1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			es, err := s.FinalSchedule(tc.schedule, tc.at.Add(-time.Hour), tc.at.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, e := range es {
				if !tc.at.Before(e.Start) && tc.at.Before(e.End) {
					got = e.UserID
				}
			}
			if got != tc.want {
				t.Fatalf("on call at %s: %q, want %q (entries %+v)", tc.at, got, tc.want, es)
			}
		})
	}
}

func TestOverridesAPI(t *testing.T) {
	s := pdfake.NewFixture()
	defer s.Close()
	c := client(s, pdfake.FixtureToken)
	ctx := context.Background()
	start := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
	o, err := c.CreateOverrideWithContext(ctx, "PSPAY01", pagerduty.Override{Start: start.Format(time.RFC3339),
		End: start.Add(time.Hour).Format(time.RFC3339), User: pagerduty.APIObject{ID: "POMAR06", Type: "user_reference"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateOverrideWithContext(ctx, "PSPAY01", pagerduty.Override{Start: start.Format(time.RFC3339),
		End: start.Format(time.RFC3339), User: pagerduty.APIObject{ID: "PGONE99", Type: "user_reference"}})
	var ae pagerduty.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 400 || len(ae.APIError.ErrorObject.Errors) != 2 {
		t.Fatalf("bad override: %v", err)
	}
	list, err := c.ListOverridesWithContext(ctx, "PSPAY01", pagerduty.ListOverridesOptions{
		Since: start.Add(-time.Hour).Format(time.RFC3339), Until: start.Add(2 * time.Hour).Format(time.RFC3339)})
	if err != nil || len(list.Overrides) != 1 || list.Overrides[0].ID != o.ID || list.Overrides[0].User.ID != "POMAR06" {
		t.Fatalf("list: %v %+v", err, list)
	}
	if err := c.DeleteOverrideWithContext(ctx, "PSPAY01", o.ID); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Overrides("PSPAY01")); n != 3 {
		t.Fatalf("%d overrides after delete, want the 3 seeded", n)
	}
}

func TestEvents(t *testing.T) {
	s := pdfake.NewFixture()
	defer s.Close()
	c := client(s, "no token needed")
	ctx := context.Background()
	trig := &pagerduty.V2Event{RoutingKey: pdfake.EdgeKey, Action: "trigger", DedupKey: "rota-7",
		Payload: &pagerduty.V2Payload{Summary: "disk full", Source: "db1", Severity: "critical"}}
	resp, err := c.ManageEventWithContext(ctx, trig)
	if err != nil || resp.DedupKey != "rota-7" || resp.Status != "success" {
		t.Fatalf("trigger: %v %+v", err, resp)
	}
	if _, err := c.ManageEventWithContext(ctx, trig); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ManageEventWithContext(ctx, &pagerduty.V2Event{RoutingKey: pdfake.EdgeKey, Action: "acknowledge", DedupKey: "rota-7"}); err != nil {
		t.Fatal(err)
	}
	_, err = c.ManageEventWithContext(ctx, &pagerduty.V2Event{RoutingKey: "short", Action: "resolve"})
	var ae pagerduty.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 400 {
		t.Fatalf("bad event: %v", err)
	}
	alerts := s.Alerts()
	if len(alerts) != 1 || alerts[0].Status != "acknowledged" || alerts[0].Count != 2 {
		t.Fatalf("alerts %+v", alerts)
	}
	if n := len(s.Events()); n != 3 {
		t.Fatalf("%d events accepted, want 3", n)
	}
}
