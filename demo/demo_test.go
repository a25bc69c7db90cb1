package demo_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/rotaoncall/rota/auth"
	"github.com/rotaoncall/rota/demo"
	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/incident/incidents"
	"github.com/rotaoncall/rota/load/loadsvc"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/store"
)

// TestDemoIncidents seeds the whole demo on SQLite and checks that the
// demo organisation shows incidents, a published review and delivery
// figures; -v prints the figures each team's dashboard shows.
func TestDemoIncidents(t *testing.T) {
	if testing.Short() {
		t.Skip("replays a month of paging")
	}
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	url := "sqlite://" + filepath.Join(t.TempDir(), "demo.db")
	db, err := store.Open(ctx, url, store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, db, auth.Params{Memory: 1024, Time: 1, Threads: 1}, now); err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedPaging(ctx, url, now); err != nil {
		t.Fatal(err)
	}
	clk := func() time.Time { return now }
	svc := incidents.New(db, paging.NewConfigCache(db, clk), loadsvc.New(db, oncall.New(db), clk), clk, nil)
	list, _, err := svc.List(ctx, incidents.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	published, open := 0, 0
	for _, l := range list {
		if l.Review.Status == incident.Published {
			published++
		}
		if l.Status.Open() {
			open++
		}
	}
	if len(list) != 7 || published != 1 || open != 1 {
		t.Fatalf("%d incidents, %d published reviews, %d open", len(list), published, open)
	}
	// Reminders: the SEV2 without a review and the SEV1 still in review.
	overdue, _, err := svc.List(ctx, incidents.Filter{ReviewOverdue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(overdue) != 2 || overdue[0].Severity == overdue[1].Severity {
		t.Fatalf("overdue reviews: %+v", overdue)
	}
	teams, _ := db.Teams(ctx)
	for _, tm := range teams {
		rep, err := svc.Delivery(ctx, incidents.DeliveryQuery{TeamID: tm.ID, Period: incident.Period{From: now.Add(-28 * 24 * time.Hour), To: now}})
		if err != nil {
			t.Fatal(err)
		}
		f := rep.Total
		t.Logf("%s: %d deployments, change fail rate %.2f, lead time %s, %d incidents %v, MTTA %s, MTTR %s, action items %d open / %d overdue, %d pages, %d interruptions (%d sleep)",
			tm.Name, f.Deployments, f.ChangeFailRate, f.LeadTime, f.Incidents, f.BySeverity, f.MTTA, f.MTTR, f.OpenActionItems, f.OverdueActionItems,
			rep.Load.Pages, rep.Load.Interruptions.Total, rep.Load.Interruptions.Sleep)
		if f.Deployments == 0 || f.Incidents == 0 {
			t.Errorf("%s shows no figures: %+v", tm.Name, f)
		}
	}
	d, err := svc.Get(ctx, list[len(list)-1].ID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[incident.Kind]int{}
	for _, e := range d.Timeline {
		kinds[e.Kind]++
	}
	if kinds[incident.KindPaged] == 0 || kinds[incident.KindNote] != 1 || kinds[incident.KindStatusChanged] != 3 {
		t.Fatalf("the first incident's timeline: %v", kinds)
	}
}
