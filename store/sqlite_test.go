package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/authz"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

// TestSQLiteTransactionsWaitForOtherProcesses: two processes on one SQLite
// file (rota serve and rota apply, say) each run transactions that read
// and then write; they take turns instead of failing with SQLITE_BUSY.
func TestSQLiteTransactionsWaitForOtherProcesses(t *testing.T) {
	ctx := context.Background()
	url := storetest.URL(t, store.SQLite)
	var dbs [2]*store.DB
	for i := range dbs {
		db, err := store.Open(ctx, url, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	if _, err := dbs[0].Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	team, _ := dbs[0].CreateTeam(ctx, rota.Team{Name: "payments"})
	svc, err := dbs[0].CreateService(ctx, paging.Service{TeamID: team.ID, Name: "checkout"})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := dbs[0].CreateUser(ctx, rota.User{Email: "olga@example.com", Name: "Olga"}, "")
	var items []paging.Ingest
	for i := range 200 {
		items = append(items, paging.Ingest{Action: paging.ActTrigger, ServiceID: svc.ID, TeamID: team.ID, Urgency: paging.High,
			Incoming: paging.Incoming{DedupKey: fmt.Sprint("k", i), Summary: "down", Severity: paging.Critical}})
	}
	res, err := dbs[0].Ingest(ctx, items, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(res))
	for i, r := range res {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, err := paging.NewAlerts(dbs[i%2], nil).Act(ctx, authz.Actor{UserID: u.ID, OrgAdmin: true}, paging.AlertResolve, r.AlertID); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("a transaction failed instead of waiting for the other process: %v", err)
	}
}
