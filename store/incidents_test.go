package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/authz"
	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/incident/incidents"
	"github.com/rotaoncall/rota/load/loadsvc"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

// incidentWorld is a team with a member, an auto service with a change
// key and the incidents service on the store.
type incidentWorld struct {
	db      *store.DB
	clock   *storetest.Clock
	svc     *incidents.Service
	cfg     *paging.ConfigCache
	team    rota.Team
	dev     rota.User
	actor   authz.Actor
	service paging.Service
	key     string
}

func newIncidentWorld(t *testing.T, db *store.DB, clock *storetest.Clock, mode incident.Mode) *incidentWorld {
	t.Helper()
	ctx := context.Background()
	w := &incidentWorld{db: db, clock: clock, key: "change-key-0123456789"}
	var err error
	if w.team, err = db.CreateTeam(ctx, rota.Team{Name: "payments"}); err != nil {
		t.Fatal(err)
	}
	if w.dev, err = db.CreateUser(ctx, rota.User{Email: "dan@example.com", Name: "Dan", TimeZone: "Europe/Berlin"}, "x"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetMember(ctx, w.team.ID, w.dev.ID, rota.TeamMember); err != nil {
		t.Fatal(err)
	}
	w.actor = authz.Actor{UserID: w.dev.ID, Roles: map[int64]rota.TeamRole{w.team.ID: rota.TeamMember}}
	if w.service, err = db.CreateService(ctx, paging.Service{TeamID: w.team.ID, Name: "checkout", Incidents: mode}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateIntegration(ctx, w.service.ID, "ci", paging.Generic, w.key); err != nil {
		t.Fatal(err)
	}
	w.cfg = paging.NewConfigCache(db, clock.Now)
	w.svc = incidents.New(db, w.cfg, loadsvc.New(db, oncall.New(db), clock.Now), clock.Now, nil)
	return w
}

// alert ingests one trigger as intake would and tells the service.
func (w *incidentWorld) alert(t *testing.T, key string, sev paging.Severity) int64 {
	t.Helper()
	ctx := context.Background()
	it := paging.Ingest{Action: paging.ActTrigger, ServiceID: w.service.ID, TeamID: w.team.ID, Urgency: paging.UrgencyOf(paging.UrgencyFromSeverity, sev),
		Incoming: paging.Incoming{DedupKey: key, Summary: "checkout " + key, Severity: sev}}
	at := w.clock.Now()
	res, err := w.db.Ingest(ctx, []paging.Ingest{it}, at)
	if err != nil {
		t.Fatal(err)
	}
	w.svc.IntakeCommitted(ctx, at, []paging.Ingest{it}, res)
	return res[0].AlertID
}

func (w *incidentWorld) incidents(t *testing.T) []incidents.Record {
	t.Helper()
	rs, err := w.db.Incidents(context.Background(), incidents.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestIncidentFromAlertsToResolution(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
		w := newIncidentWorld(t, db, clock, incident.Auto)

		// A deploy an hour before, and one after: only the first is a suspect.
		body := func(summary, at string) []byte {
			return fmt.Appendf(nil, `{"routing_key": %q, "payload": {"summary": %q, "timestamp": %q, "source": "ci",
				"custom_details": {"committed_at": "2026-11-23T07:00:00Z"}}, "links": [{"href": "https://ci.example.com/1", "text": "build"}]}`, w.key, summary, at)
		}
		deploy, created, err := w.svc.RecordChange(ctx, body("deploy v41", "2026-11-23T08:00:00Z"), "")
		if err != nil || !created {
			t.Fatalf("change: %v %v", created, err)
		}
		if again, created, err := w.svc.RecordChange(ctx, body("deploy v41", "2026-11-23T08:00:00Z"), ""); err != nil || created || again.ID != deploy.ID {
			t.Fatalf("a retried change must be the stored one: %+v %v %v", again, created, err)
		}
		if lt, ok := deploy.LeadTime(); !ok || lt != time.Hour || len(deploy.Links) != 1 {
			t.Fatalf("stored change %+v", deploy)
		}
		if _, _, err := w.svc.RecordChange(ctx, body("deploy v42", "2026-11-23T09:30:00Z"), ""); err != nil {
			t.Fatal(err)
		}

		// A low-urgency alert with nothing open opens nothing; a critical
		// one opens an incident; the storm that follows joins it.
		w.alert(t, "warn", paging.Warning)
		if n := len(w.incidents(t)); n != 0 {
			t.Fatalf("a low-urgency alert opened %d incidents", n)
		}
		clock.Add(time.Minute)
		first := w.alert(t, "5xx", paging.Critical)
		for i := range 5 {
			clock.Add(time.Second)
			w.alert(t, fmt.Sprintf("storm-%d", i), paging.Error)
		}
		rs := w.incidents(t)
		if len(rs) != 1 {
			t.Fatalf("%d incidents, want one for the storm", len(rs))
		}
		inc := rs[0]
		if inc.Severity != incident.SEV2 || inc.Status != incident.Triggered || inc.AlertCount != 6 || inc.TeamID != w.team.ID ||
			!inc.DetectedAt.Equal(time.Date(2026, 11, 23, 9, 1, 0, 0, time.UTC)) {
			t.Fatalf("incident %+v", inc)
		}

		// Dan acknowledges the first alert: the incident is acknowledged too.
		clock.Add(2 * time.Minute)
		alerts := paging.NewAlerts(db, nil)
		alerts.Observe(w.svc)
		if _, _, err := alerts.Act(ctx, w.actor, paging.AlertAck, first); err != nil {
			t.Fatal(err)
		}
		got, err := db.Incident(ctx, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != incident.Acknowledged || got.AcknowledgedAt == nil || !got.AcknowledgedAt.Equal(clock.Now()) || got.Responders[0] != w.dev.ID {
			t.Fatalf("after the alert's ack: %+v", got)
		}

		// Notes, then resolution; going back is a conflict naming status.
		if _, err := w.svc.AddNote(ctx, w.actor, inc.ID, "rolled back v41", 0); err != nil {
			t.Fatal(err)
		}
		clock.Add(10 * time.Minute)
		if _, err := w.svc.Move(ctx, w.actor, inc.ID, incident.Resolved); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.Move(ctx, w.actor, inc.ID, incident.Mitigated)
		if !rota.IsCode(err, rota.EConflict) || rota.ErrorMessage(err) == "" || fieldOf(err) != "status" {
			t.Fatalf("backwards: %v", err)
		}
		outsider := authz.Actor{UserID: 999}
		if _, err := w.svc.AddNote(ctx, outsider, inc.ID, "not mine", 0); !rota.IsCode(err, rota.EForbidden) {
			t.Fatalf("an outsider's note: %v", err)
		}

		d, err := w.svc.Get(ctx, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[incident.Kind]int{}
		for i, e := range d.Timeline {
			kinds[e.Kind]++
			if i > 0 && incident.Compare(d.Timeline[i-1], e) > 0 {
				t.Fatalf("timeline out of order at %d", i)
			}
		}
		for k, n := range map[incident.Kind]int{incident.KindOpened: 1, incident.KindAlertTriggered: 6, incident.KindLinked: 7, incident.KindAcknowledged: 1,
			incident.KindStatusChanged: 2, incident.KindNote: 1, incident.KindChangeDeployed: 1} {
			if kinds[k] != n {
				t.Errorf("%d %s entries, want %d (all: %v)", kinds[k], k, n, kinds)
			}
		}
		if len(d.Suspects) != 1 || d.Suspects[0].ID != deploy.ID || len(d.Alerts) != 6 {
			t.Fatalf("suspects %+v, %d alerts", d.Suspects, len(d.Alerts))
		}
		// Nothing new: reading again appends nothing.
		before := len(d.Timeline)
		if d, _ = w.svc.Get(ctx, inc.ID); len(d.Timeline) != before {
			t.Fatalf("a second read grew the timeline from %d to %d", before, len(d.Timeline))
		}
		seqs := map[int64]bool{}
		for _, e := range d.Timeline {
			seqs[e.Seq] = true
		}
		for i := int64(1); i <= int64(before); i++ {
			if !seqs[i] {
				t.Fatalf("seq %d missing from %v", i, seqs)
			}
		}

		// The timeline is append-only in the database itself.
		if _, err := db.SQL().ExecContext(ctx, "UPDATE incident_entries SET text = 'rewritten'"); err == nil {
			t.Fatal("an entry was rewritten")
		}
		// A new alert after resolution opens a new incident.
		clock.Add(time.Hour)
		w.alert(t, "again", paging.Critical)
		if n := len(w.incidents(t)); n != 2 {
			t.Fatalf("%d incidents after a new alert, want 2", n)
		}
	})
}

// fieldOf names the field a domain error blames.
func fieldOf(err error) string {
	var f interface{ ErrorField() string }
	if errors.As(err, &f) {
		return f.ErrorField()
	}
	return ""
}

// TestDeliveryFixture is the hand-checked fixture of issue #9: four
// deployments, one followed within 24 hours by an incident on the same
// service — change fail rate 1/4.
func TestDeliveryFixture(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock.Set(time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
		w := newIncidentWorld(t, db, clock, incident.Manual)
		change := func(summary, at, committed string) {
			t.Helper()
			b := fmt.Appendf(nil, `{"payload": {"summary": %q, "timestamp": %q, "custom_details": {"committed_at": %q}}}`, summary, at, committed)
			if _, _, err := w.svc.RecordChange(ctx, b, w.key); err != nil {
				t.Fatal(err)
			}
		}
		// Lead times 1h, 2h, 3h, 4h: median 2h30m.
		change("d1", "2026-11-23T10:00:00Z", "2026-11-23T09:00:00Z")
		change("d2", "2026-11-24T10:00:00Z", "2026-11-24T08:00:00Z")
		change("d3", "2026-11-25T10:00:00Z", "2026-11-25T07:00:00Z") // followed by the incident
		change("d4", "2026-11-27T10:00:00Z", "2026-11-27T06:00:00Z")
		// The incident starts 5 hours after d3, is acknowledged 4 minutes
		// after detection and resolved 40 minutes after it.
		started := time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)
		clock.Set(started)
		rec, err := w.svc.Open(ctx, w.actor, incidents.OpenRequest{OpenInput: incident.OpenInput{Title: "checkout errors", Severity: incident.SEV2,
			Services: []int64{w.service.ID}}})
		if err != nil {
			t.Fatal(err)
		}
		clock.Add(4 * time.Minute)
		if _, err := w.svc.Move(ctx, w.actor, rec.Record.ID, incident.Acknowledged); err != nil {
			t.Fatal(err)
		}
		clock.Add(36 * time.Minute)
		if _, err := w.svc.Move(ctx, w.actor, rec.Record.ID, incident.Resolved); err != nil {
			t.Fatal(err)
		}
		clock.Set(time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
		// An action item, overdue by the report's day.
		if _, err := w.svc.UpdateReview(ctx, w.actor, rec.Record.ID, incident.Review{Summary: "s", ActionItems: []incident.ActionItem{
			{Title: "Add a canary", Owner: "dan@example.com", Due: scheduler.Date{Year: 2026, Month: 12, Day: 1}}}}); err != nil {
			t.Fatal(err)
		}
		clock.Set(time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC))
		rep, err := w.svc.Delivery(ctx, incidents.DeliveryQuery{TeamID: w.team.ID,
			Period: incident.Period{From: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)}})
		if err != nil {
			t.Fatal(err)
		}
		f := rep.Total
		if f.Deployments != 4 || f.FailedDeployments != 1 || f.ChangeFailRate != 0.25 || f.LeadTime != 150*time.Minute || f.LeadTimeSamples != 4 ||
			f.Incidents != 1 || f.BySeverity[incident.SEV2] != 1 || f.MTTA != 4*time.Minute || f.MTTR != 40*time.Minute ||
			f.OpenActionItems != 1 || f.OverdueActionItems != 1 {
			t.Fatalf("figures %+v", f)
		}
		if len(rep.Services) != 1 || rep.Services[0].Name != "checkout" || rep.Services[0].ChangeFailRate != 0.25 {
			t.Fatalf("services %+v", rep.Services)
		}
		if len(rep.Weeks) != 1 || rep.Weeks[0].Deployments != 4 {
			t.Fatalf("weeks %+v", rep.Weeks)
		}
		// The team's page load is the Load page's: imported history counts,
		// two pages 30 s apart are one interruption, bands are Dan's
		// (Berlin): 01:00 UTC is 02:00 there, asleep; 10:00 UTC is at work.
		if rep.Load == nil || rep.Load.Pages != 0 {
			t.Fatalf("load before the import %+v", rep.Load)
		}
		loads := loadsvc.New(db, oncall.New(db), clock.Now)
		csv := "at,email,alert,channel\n" +
			"2026-11-24T01:00:00Z,dan@example.com,batch,sms\n" +
			"2026-11-24T01:00:30Z,dan@example.com,batch-2,voice\n" +
			"2026-11-25T10:00:00Z,dan@example.com,api,push\n" +
			"2026-11-26T10:00:00Z,dan@example.com,api,email\n"
		if _, err := loads.Import(ctx, w.dev.ID, w.team.ID, strings.NewReader(csv)); err != nil {
			t.Fatal(err)
		}
		rep, err = w.svc.Delivery(ctx, incidents.DeliveryQuery{TeamID: w.team.ID,
			Period: incident.Period{From: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)}})
		if err != nil {
			t.Fatal(err)
		}
		want := incident.Interruptions{Total: 2, Business: 1, Sleep: 1}
		if l := rep.Load; l.Pages != 4 || l.Interruptions != want || len(l.Engineers) != 1 || l.Engineers[0].UserID != w.dev.ID {
			t.Fatalf("load %+v", l)
		}
		tls, err := loads.Report(ctx, loadsvc.Query{TeamID: w.team.ID, From: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		if e := tls[0].Report.Engineers[0]; e.Pages != rep.Load.Pages || e.Interruptions.Total != want.Total || e.Interruptions.Sleep != want.Sleep {
			t.Fatalf("the Load page says %+v", e)
		}
	})
}

// TestReviewStorage: action items keep their rows, new ones get rows,
// removed ones go; a published review takes only status changes.
func TestReviewStorage(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock.Set(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
		w := newIncidentWorld(t, db, clock, incident.Manual)
		rec, err := w.svc.Open(ctx, w.actor, incidents.OpenRequest{TeamID: w.team.ID, OpenInput: incident.OpenInput{Title: "t", Severity: incident.SEV3}})
		if err != nil {
			t.Fatal(err)
		}
		due := scheduler.Date{Year: 2026, Month: 12, Day: 1}
		v, err := w.svc.UpdateReview(ctx, w.actor, rec.Record.ID, incident.Review{Summary: "Checkout failed", Impact: "5% of payments",
			ContributingFactors: []string{"no canary"}, ActionItems: []incident.ActionItem{
				{Title: "Add a canary", Owner: "Dan@example.com", Due: due}, {Title: "Alert on 5xx", Owner: "dan@example.com", Due: due}}})
		if err != nil {
			t.Fatal(err)
		}
		r := v.Review
		if len(r.ActionItems) != 2 || r.ActionItems[0].ID == 0 || r.ActionItems[0].Owner != "dan@example.com" || r.ActionItems[0].Status != incident.ActionOpen {
			t.Fatalf("review %+v", r)
		}
		keep := r.ActionItems[1]
		keep.Title = "Alert on 5xx rate"
		v2, err := w.svc.UpdateReview(ctx, w.actor, rec.Record.ID, incident.Review{Summary: r.Summary, Impact: r.Impact, ContributingFactors: r.ContributingFactors,
			ActionItems: []incident.ActionItem{keep}})
		if err != nil {
			t.Fatal(err)
		}
		r2 := v2.Review
		if len(r2.ActionItems) != 1 || r2.ActionItems[0].ID != keep.ID || r2.ActionItems[0].Title != "Alert on 5xx rate" {
			t.Fatalf("after the edit %+v", r2.ActionItems)
		}
		for _, bad := range []struct {
			item  incident.ActionItem
			field string
		}{
			{incident.ActionItem{Title: "x", Owner: "nobody@example.com", Due: due}, "action_items[1].owner"},
			{incident.ActionItem{Title: "x", Owner: "dan@example.com", Due: scheduler.Date{Year: 2026, Month: 11, Day: 22}}, "action_items[1].due"},
		} {
			_, err := w.svc.UpdateReview(ctx, w.actor, rec.Record.ID, incident.Review{Summary: r.Summary, ActionItems: []incident.ActionItem{keep, bad.item}})
			if !rota.IsCode(err, rota.EInvalid) || fieldOf(err) != bad.field {
				t.Fatalf("%s: %v", bad.field, err)
			}
		}
		if _, err := w.svc.SubmitReview(ctx, w.actor, rec.Record.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.PublishReview(ctx, w.actor, rec.Record.ID); err != nil {
			t.Fatal(err)
		}
		pub, _ := db.Review(ctx, rec.Record.ID)
		edit := pub
		edit.Summary = "rewritten"
		if _, err := w.svc.UpdateReview(ctx, w.actor, rec.Record.ID, edit); !rota.IsCode(err, rota.EConflict) || fieldOf(err) != "summary" {
			t.Fatalf("editing a published review: %v", err)
		}
		edit = pub
		edit.ActionItems = []incident.ActionItem{pub.ActionItems[0]}
		edit.ActionItems[0].Status = incident.ActionDone
		dv, err := w.svc.UpdateReview(ctx, w.actor, rec.Record.ID, edit)
		done := dv.Review
		if err != nil || done.ActionItems[0].Status != incident.ActionDone || done.Status != incident.Published || done.PublishedAt == nil {
			t.Fatalf("status of a published item: %+v %v", done, err)
		}
		md, _, err := w.svc.Markdown(ctx, rec.Record.ID)
		if err != nil || len(md) == 0 {
			t.Fatal(err)
		}
	})
}

// TestAutoOpenRace: two batches with alerts of one auto service decided at
// once still open one incident (the service's row is locked).
func TestAutoOpenRace(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newIncidentWorld(t, db, clock, incident.Auto)
		var items [][]paging.Ingest
		var results [][]paging.IngestResult
		for i := range 8 {
			it := paging.Ingest{Action: paging.ActTrigger, ServiceID: w.service.ID, TeamID: w.team.ID, Urgency: paging.High,
				Incoming: paging.Incoming{DedupKey: fmt.Sprint("k", i), Summary: "down", Severity: paging.Critical}}
			res, err := db.Ingest(ctx, []paging.Ingest{it}, clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			items, results = append(items, []paging.Ingest{it}), append(results, res)
		}
		var wg sync.WaitGroup
		for i := range items {
			wg.Add(1)
			go func() { defer wg.Done(); w.svc.IntakeCommitted(ctx, clock.Now(), items[i], results[i]) }()
		}
		wg.Wait()
		rs := w.incidents(t)
		if len(rs) != 1 || rs[0].AlertCount != 8 {
			t.Fatalf("%d incidents (%+v), want one with 8 alerts", len(rs), rs)
		}
	})
}
