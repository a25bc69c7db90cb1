package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

// TestIngestBatch checks one batch mixing repeats of a key, a resolve and a
// trigger after it: the order of events inside the batch is honoured.
func TestIngestBatch(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, _ := db.CreateTeam(ctx, rota.Team{Name: "payments"})
		svc, err := db.CreateService(ctx, paging.Service{TeamID: team.ID, Name: "checkout"})
		if err != nil {
			t.Fatal(err)
		}
		trig := func(k string) paging.Ingest {
			return paging.Ingest{Action: paging.ActTrigger, ServiceID: svc.ID, TeamID: team.ID, Urgency: paging.High,
				Incoming: paging.Incoming{DedupKey: k, Summary: "s " + k, Severity: paging.Critical}}
		}
		resolve := paging.Ingest{Action: paging.ActResolve, ServiceID: svc.ID, Incoming: paging.Incoming{DedupKey: "k2", Resolve: true}}
		items := []paging.Ingest{trig("k1"), trig("k1"), trig("k2"), trig("k1"), resolve, trig("k2"), trig("k3")}
		res, err := db.Ingest(ctx, items, clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		want := []paging.Outcome{paging.Created, paging.Deduplicated, paging.Created, paging.Deduplicated, paging.ResolvedOut, paging.Created, paging.Created}
		for i, r := range res {
			if r.Outcome != want[i] {
				t.Fatalf("item %d: %s, want %s (all %+v)", i, r.Outcome, want[i], res)
			}
		}
		if res[0].AlertID != res[1].AlertID || res[0].AlertID != res[3].AlertID {
			t.Fatal("repeats of k1 landed on different alerts")
		}
		if res[2].AlertID != res[4].AlertID || res[5].AlertID == res[2].AlertID {
			t.Fatalf("the resolve must close the first k2 alert and the later trigger open a new one: %+v", res)
		}
		a, _ := db.Alert(ctx, res[0].AlertID)
		if a.Count != 3 {
			t.Fatalf("k1 count %d, want 3", a.Count)
		}
		// A second batch dedups onto the open alerts.
		res, _ = db.Ingest(ctx, []paging.Ingest{trig("k1"), trig("k3")}, clock.Now())
		if res[0].Outcome != paging.Deduplicated || res[1].Outcome != paging.Deduplicated {
			t.Fatalf("second batch: %+v", res)
		}
		if a, _ = db.Alert(ctx, res[0].AlertID); a.Count != 4 {
			t.Fatalf("k1 count %d, want 4", a.Count)
		}
	})
}
