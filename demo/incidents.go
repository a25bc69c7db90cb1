package demo

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/rotaoncall/rota/authz"
	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/incident/incidents"
	"github.com/rotaoncall/rota/load/loadsvc"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
	"github.com/rotaoncall/rota/store"
)

// demoDeploys are each service's deploys over the month: every how many
// hours one lands, and the lead time of the n-th (hours, cycling).
var demoDeploys = map[string]struct {
	everyHours int
	leadHours  []int
}{
	"checkout":     {40, []int{2, 5, 1, 26, 3}},
	"payments-api": {60, []int{8, 30, 4}},
	"edge":         {84, []int{6, 48, 12}},
	"mobile-api":   {110, []int{72, 20}},
}

// demoIncident is one incident of the demo's history, opened from the
// alert of its service that is nearest to daysAgo.
type demoIncident struct {
	service  string
	daysAgo  float64
	title    string
	severity incident.Severity
	opener   string
	note     string
	// review: "", "draft", "in_review" or "published".
	review string
	// deployBefore puts a deploy this long before the start (a suspect).
	deployBefore time.Duration
}

var demoIncidents = []demoIncident{
	{"checkout", 24, "Card authorisations failing for Visa", incident.SEV2, "olga@example.com", "Rolled back checkout v2.31; authorisations recovering.", "published", 90 * time.Minute},
	{"checkout", 15, "Checkout latency above 2 s", incident.SEV3, "dan@example.com", "Connection pool exhausted after the deploy; raised the pool size.", "draft", 3 * time.Hour},
	{"checkout", 9, "Payment webhooks delayed", incident.SEV2, "omar@example.com", "Queue consumer stuck on a poison message; skipped it.", "", 0},
	{"payments-api", 12, "Replication lag on the payments database", incident.SEV3, "olga@example.com", "Vacuum on the ledger table; lag back under 5 s.", "", 5 * time.Hour},
	{"edge", 18, "Edge 502s in us-east", incident.SEV1, "sam@example.com", "One load balancer pool drained by a bad health check.", "in_review", 2 * time.Hour},
	{"mobile-api", 6, "Push notifications delayed", incident.SEV4, "ken@example.com", "Provider throttled us; backlog drained in 20 minutes.", "", 0},
}

// seedIncidents adds the demo's deploys, incidents with their timelines
// and reviews (one published), turns incidents on automatically for
// checkout and lets the alert still open there open one.
func seedIncidents(ctx context.Context, db *store.DB, clk *clock, now time.Time) error {
	log := slog.New(slog.DiscardHandler)
	cfg := paging.NewConfigCache(db, clk.Now)
	svc := incidents.New(db, cfg, loadsvc.New(db, oncall.New(db), clk.Now), clk.Now, log)
	services := map[string]paging.Service{}
	for name := range demoDeploys {
		s, err := db.ServiceByName(ctx, name)
		if err != nil {
			return err
		}
		services[name] = s
	}
	start := now.Add(-28 * 24 * time.Hour)
	deploy := func(name string, at time.Time, lead time.Duration, n int) error {
		clk.Set(at.Add(20 * time.Second))
		body := fmt.Appendf(nil, `{"routing_key": %q, "payload": {"summary": "deploy %s v2.%d", "timestamp": %q, "source": "github-actions",
			"custom_details": {"committed_at": %q, "revision": "%07x"}}, "links": [{"href": "https://ci.example.com/%s/%d", "text": "pipeline"}]}`,
			Keys[name], name, n, at.UTC().Format(time.RFC3339), at.Add(-lead).UTC().Format(time.RFC3339), 0xabc000+n, name, n)
		_, _, err := svc.RecordChange(ctx, body, "")
		return err
	}
	for name, d := range demoDeploys {
		n := 0
		for at := start.Add(time.Duration(d.everyHours/3) * time.Hour); at.Before(now.Add(-2 * time.Hour)); at = at.Add(time.Duration(d.everyHours) * time.Hour) {
			if err := deploy(name, at, time.Duration(d.leadHours[n%len(d.leadHours)])*time.Hour, n); err != nil {
				return fmt.Errorf("demo deploy: %w", err)
			}
			n++
		}
	}

	for _, di := range demoIncidents {
		if err := seedIncident(ctx, db, clk, svc, services[di.service], di, now, deploy); err != nil {
			return fmt.Errorf("demo incident %q: %w", di.title, err)
		}
	}

	// From now on checkout's high-urgency alerts open incidents; the one
	// that fired minutes ago opens the first.
	clk.Set(now)
	co := services["checkout"]
	co.Incidents = incident.Auto
	if _, err := db.UpdateService(ctx, co); err != nil {
		return err
	}
	cfg.Invalidate()
	open, err := db.Alerts(ctx, paging.AlertFilter{ServiceID: co.ID, Statuses: []paging.Status{paging.Triggered}, Limit: 1})
	if err != nil {
		return err
	}
	for _, a := range open {
		if err := svc.AlertsCreated(ctx, []incident.Alert{{ID: a.ID, ServiceID: a.ServiceID, Urgency: string(a.Urgency), Severity: string(a.Severity),
			Summary: a.Summary, CreatedAt: a.CreatedAt, Suppressed: a.Suppressed}}); err != nil {
			return err
		}
	}
	return nil
}

// seedIncident opens one incident from the service's resolved alert
// nearest to di.daysAgo, moves it through its statuses at the alert's
// instants, and writes its review.
func seedIncident(ctx context.Context, db *store.DB, clk *clock, svc *incidents.Service, s paging.Service, di demoIncident, now time.Time,
	deploy func(string, time.Time, time.Duration, int) error) error {
	alerts, err := db.Alerts(ctx, paging.AlertFilter{ServiceID: s.ID, Statuses: []paging.Status{paging.Resolved}, Urgency: paging.High, Limit: 500})
	if err != nil {
		return err
	}
	target := now.Add(-time.Duration(di.daysAgo * float64(24*time.Hour)))
	var a paging.Alert
	for _, c := range alerts {
		if c.ResolvedAt == nil {
			continue
		}
		if a.ID == 0 || c.CreatedAt.Sub(target).Abs() < a.CreatedAt.Sub(target).Abs() {
			a = c
		}
	}
	if a.ID == 0 {
		return fmt.Errorf("no resolved high-urgency alert of %s", s.Name)
	}
	opener, _, err := db.UserByEmail(ctx, di.opener)
	if err != nil {
		return err
	}
	roles, err := db.TeamRoles(ctx, opener.ID)
	if err != nil {
		return err
	}
	actor := authz.NewActor(opener, roles)
	started := a.CreatedAt.Add(-4 * time.Minute)
	if di.deployBefore > 0 {
		if err := deploy(s.Name, started.Add(-di.deployBefore), 3*time.Hour, 900+int(di.daysAgo)); err != nil {
			return err
		}
	}
	clk.Set(a.CreatedAt.Add(90 * time.Second))
	d, err := svc.Open(ctx, actor, incidents.OpenRequest{OpenInput: incident.OpenInput{Title: di.title, Severity: di.severity, CommanderID: opener.ID,
		Alerts: []int64{a.ID}, StartedAt: started, DetectedAt: a.CreatedAt}})
	if err != nil {
		return err
	}
	id := d.Record.ID
	ackAt := a.CreatedAt.Add(2 * time.Minute)
	if a.AckedAt != nil && a.AckedAt.After(ackAt) {
		ackAt = *a.AckedAt
	}
	resolveAt := a.ResolvedAt.Add(5 * time.Minute)
	if !resolveAt.After(ackAt.Add(10 * time.Minute)) {
		resolveAt = ackAt.Add(25 * time.Minute)
	}
	steps := []struct {
		at time.Time
		do func() error
	}{
		{ackAt, func() error { _, err := svc.Move(ctx, actor, id, incident.Acknowledged); return err }},
		{ackAt.Add(3 * time.Minute), func() error { _, err := svc.AddNote(ctx, actor, id, di.note, 0); return err }},
		{ackAt.Add(resolveAt.Sub(ackAt) / 2), func() error { _, err := svc.Move(ctx, actor, id, incident.Mitigated); return err }},
		{resolveAt, func() error { _, err := svc.Move(ctx, actor, id, incident.Resolved); return err }},
	}
	for _, st := range steps {
		clk.Set(st.at)
		if err := st.do(); err != nil {
			return err
		}
	}
	if di.review == "" {
		return nil
	}
	clk.Set(resolveAt.Add(20 * time.Hour))
	zone, err := db.TeamZone(ctx, s.TeamID)
	if err != nil {
		return err
	}
	loc, _ := time.LoadLocation(zone.Zone)
	day := func(t time.Time) scheduler.Date {
		l := t.In(loc)
		return scheduler.Date{Year: l.Year(), Month: l.Month(), Day: l.Day()}
	}
	written := day(clk.Now())
	r := incident.Review{
		Summary:             di.title + ". " + di.note,
		Impact:              "Customers of " + s.Name + " saw errors for about " + fmt.Sprint(int(resolveAt.Sub(started).Minutes())) + " minutes.",
		ContributingFactors: []string{"The change went out to every region at once", "No alert on the leading signal, only on customer errors"},
		WentWell:            []string{"The first page was acknowledged within minutes", "The rollback path was documented"},
		WasHard:             []string{"Dashboards lagged by several minutes during the incident"},
		ActionItems: []incident.ActionItem{
			{Title: "Roll out " + s.Name + " region by region", Owner: di.opener, Due: written.AddDays(7)},
			{Title: "Alert on the leading signal", Owner: di.opener, Due: written.AddDays(21), Link: "https://tracker.example.com/OPS-" + fmt.Sprint(100+int(di.daysAgo))},
		},
	}
	meeting := written.AddDays(2)
	r.MeetingDate = &meeting
	if _, err := svc.UpdateReview(ctx, actor, id, r); err != nil {
		return err
	}
	if di.review == "draft" {
		return nil
	}
	clk.Set(resolveAt.Add(44 * time.Hour))
	if _, err := svc.SubmitReview(ctx, actor, id); err != nil {
		return err
	}
	if di.review == "in_review" {
		return nil
	}
	clk.Set(resolveAt.Add(68 * time.Hour))
	v, err := svc.PublishReview(ctx, actor, id)
	if err != nil {
		return err
	}
	// The first action item was done a few days later.
	clk.Set(resolveAt.Add(6 * 24 * time.Hour))
	done := v.Review
	done.ActionItems = slices.Clone(done.ActionItems)
	done.ActionItems[0].Status = incident.ActionDone
	_, err = svc.UpdateReview(ctx, actor, id, done)
	return err
}
