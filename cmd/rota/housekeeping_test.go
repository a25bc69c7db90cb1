package main

import (
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/authz"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/store"
)

// TestServeRunsHousekeeping: rota serve prunes on its own clock what is
// older than --retention (and ends expired sessions), keeping the rest.
func TestServeRunsHousekeeping(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2027, 6, 15, 12, 0, 0, 0, time.UTC)
	dbURL := "sqlite://" + filepath.Join(t.TempDir(), "rota.db")
	clock := start
	db, err := store.Open(ctx, dbURL, store.Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	team, _ := db.CreateTeam(ctx, rota.Team{Name: "payments"})
	svc, err := db.CreateService(ctx, paging.Service{TeamID: team.ID, Name: "checkout", Urgency: paging.UrgencyHigh})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := db.CreateUser(ctx, rota.User{Email: "olga@example.com", Name: "Olga"}, "")
	alert := func(resolved time.Time, key string) int64 {
		clock = resolved
		res, err := db.Ingest(ctx, []paging.Ingest{{Action: paging.ActTrigger, ServiceID: svc.ID, TeamID: team.ID, Urgency: paging.High,
			Incoming: paging.Incoming{DedupKey: key, Summary: "down", Severity: paging.Critical}}}, resolved)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := paging.NewAlerts(db, nil).Act(ctx, authz.Actor{UserID: u.ID, OrgAdmin: true}, paging.AlertResolve, res[0].AlertID); err != nil {
			t.Fatal(err)
		}
		return res[0].AlertID
	}
	old, recent := alert(start.AddDate(0, 0, -31), "old"), alert(start.AddDate(0, 0, -29), "recent")
	db.CreateSession(ctx, u.ID, "expired", start.Add(-time.Hour))

	env := map[string]string{"ROTA_DATABASE_URL": dbURL, "ROTA_LISTEN": "127.0.0.1:0", "ROTA_LOG_LEVEL": "warn",
		"ROTA_CLOCK_START": start.Format(time.RFC3339), "ROTA_RETENTION": "30d"}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan int, 1)
	go func() {
		done <- run(sctx, []string{"serve"}, func(k string) string { return env[k] }, io.Discard, io.Discard)
	}()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := db.Alert(ctx, old); rota.IsCode(err, rota.ENotFound) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d", code)
	}
	if _, err := db.Alert(ctx, old); !rota.IsCode(err, rota.ENotFound) {
		t.Fatalf("the alert resolved 31 days before the clock is still there: %v", err)
	}
	if _, err := db.Alert(ctx, recent); err != nil {
		t.Fatalf("the alert resolved 29 days before was pruned: %v", err)
	}
	var sessions int
	db.SQL().QueryRow("SELECT COUNT(*) FROM sessions").Scan(&sessions)
	if sessions != 0 {
		t.Fatalf("%d expired sessions left", sessions)
	}
}
