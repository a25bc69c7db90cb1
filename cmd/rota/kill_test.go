package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

// rotaProcess starts this test binary as `rota serve` on dbURL.
func rotaProcess(t *testing.T, dbURL string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve", "--listen", "127.0.0.1:0", "--log-level", "warn")
	cmd.Env = append(os.Environ(), "ROTA_TEST_AS_ROTA=1", "ROTA_DATABASE_URL="+dbURL)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(out)
	re := regexp.MustCompile(`listening on (http://\S+)`)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, out)
			return cmd, m[1]
		}
	}
	t.Fatal("rota did not start")
	return nil, ""
}

// TestSIGKILLLosesNoAcceptedAlert fires alerts at a real rota process on
// PostgreSQL, kills it with SIGKILL mid-flood, and checks that every alert
// answered 2xx is stored, and that a new process escalates them.
func TestSIGKILLLosesNoAcceptedAlert(t *testing.T) {
	ctx := context.Background()
	dbURL := storetest.URL(t, store.Postgres)
	db, err := store.Open(ctx, dbURL, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	team, _ := db.CreateTeam(ctx, rota.Team{Name: "payments"})
	u, _ := db.CreateUser(ctx, rota.User{Email: "olga@example.com", Name: "Olga"}, "")
	db.SetMember(ctx, team.ID, u.ID, rota.TeamAdmin)
	pol, err := db.CreatePolicy(ctx, paging.Policy{TeamID: team.ID, Name: "p", Steps: []paging.Step{{Targets: []paging.Target{{UserID: u.ID}}}}})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := db.CreateService(ctx, paging.Service{TeamID: team.ID, Name: "checkout", PolicyID: pol.ID, Urgency: paging.UrgencyHigh})
	if err != nil {
		t.Fatal(err)
	}
	key := "sigkill-test-key-0123456789"
	if _, err := db.CreateIntegration(ctx, svc.ID, "k", paging.Generic, key); err != nil {
		t.Fatal(err)
	}

	cmd, base := rotaProcess(t, dbURL)
	var mu sync.Mutex
	accepted := map[string]bool{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 5 * time.Second}
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				dk := fmt.Sprintf("w%d-%d", w, i)
				body, _ := json.Marshal(map[string]string{"summary": "flood " + dk, "dedup_key": dk, "severity": "critical"})
				res, err := client.Post(base+"/api/v1/integrations/"+key+"/generic", "application/json", bytes.NewReader(body))
				if err != nil {
					continue // the process died mid-request: not accepted
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode == http.StatusAccepted {
					mu.Lock()
					accepted[dk] = true
					mu.Unlock()
				}
			}
		}(w)
	}
	time.Sleep(1500 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	time.Sleep(200 * time.Millisecond)
	close(stop)
	wg.Wait()
	if len(accepted) < 50 {
		t.Fatalf("only %d alerts accepted before the kill; the flood did not run", len(accepted))
	}
	rows, err := db.SQL().QueryContext(ctx, "SELECT dedup_key FROM alerts")
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for rows.Next() {
		var k string
		rows.Scan(&k)
		stored[k] = true
	}
	rows.Close()
	var lost []string
	for k := range accepted {
		if !stored[k] {
			lost = append(lost, k)
		}
	}
	if len(lost) > 0 {
		t.Fatalf("%d of %d accepted alerts are not stored after SIGKILL: %v", len(lost), len(accepted), lost[:min(5, len(lost))])
	}
	// A new process picks up the escalation the killed one left undone.
	rotaProcess(t, dbURL)
	deadline := time.Now().Add(60 * time.Second)
	var unpaged int
	for time.Now().Before(deadline) {
		db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM alerts a WHERE NOT EXISTS (SELECT 1 FROM pages p WHERE p.alert_id = a.id)`).Scan(&unpaged)
		if unpaged == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if unpaged != 0 {
		t.Fatalf("%d stored alerts were never paged after the restart", unpaged)
	}
	var dup int
	db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT alert_id FROM alert_events WHERE kind = 'step_fired' GROUP BY alert_id HAVING COUNT(*) > 1) x`).Scan(&dup)
	if dup != 0 {
		t.Fatalf("%d alerts had their step fired twice across the kill", dup)
	}
	t.Logf("%d alerts accepted before SIGKILL, all stored and paged once", len(accepted))
}
