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
	key := seedOneStep(t, db, "sigkill-test-key-0123456789")

	cmd, base := rotaProcess(t, dbURL)
	f := startFlood(base, key)
	time.Sleep(1500 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	time.Sleep(200 * time.Millisecond)
	f.stop()
	accepted := f.acceptedKeys()
	if len(accepted) < 50 {
		t.Fatalf("only %d alerts accepted before the kill; the flood did not run", len(accepted))
	}
	if lost := notStored(t, db, accepted); len(lost) > 0 {
		t.Fatalf("%d of %d accepted alerts are not stored after SIGKILL: %v", len(lost), len(accepted), lost[:min(5, len(lost))])
	}
	// A new process picks up the escalation the killed one left undone.
	rotaProcess(t, dbURL)
	checkPagedOnce(t, db, "the kill")
	t.Logf("%d alerts accepted before SIGKILL, all stored and paged once", len(accepted))
}

// seedOneStep migrates db and gives it a service whose one-step policy
// pages one engineer, with a generic integration key; it returns the key.
func seedOneStep(t *testing.T, db *store.DB, key string) string {
	t.Helper()
	ctx := context.Background()
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
	if _, err := db.CreateIntegration(ctx, svc.ID, "k", paging.Generic, key); err != nil {
		t.Fatal(err)
	}
	return key
}

// flood posts alerts with fresh dedup keys from 16 clients until stopped,
// noting each answer.
type flood struct {
	mu       sync.Mutex
	accepted map[string]time.Time // dedup key → when its 202 came
	sent     map[string]time.Time // dedup key → when it was sent (accepted ones)
	refused  map[int]int          // answers other than 202, by status
	failed   int                  // requests with no answer
	done     chan struct{}
	wg       sync.WaitGroup
}

func startFlood(base, key string) *flood {
	f := &flood{accepted: map[string]time.Time{}, sent: map[string]time.Time{}, refused: map[int]int{}, done: make(chan struct{})}
	client := &http.Client{Timeout: 5 * time.Second}
	for w := 0; w < 16; w++ {
		f.wg.Add(1)
		go func() {
			defer f.wg.Done()
			for i := 0; ; i++ {
				select {
				case <-f.done:
					return
				default:
				}
				dk := fmt.Sprintf("w%d-%d", w, i)
				sent := time.Now()
				body, _ := json.Marshal(map[string]string{"summary": "flood " + dk, "dedup_key": dk, "severity": "critical"})
				res, err := client.Post(base+"/api/v1/integrations/"+key+"/generic", "application/json", bytes.NewReader(body))
				if err != nil {
					f.mu.Lock()
					f.failed++ // the process died mid-request: not accepted
					f.mu.Unlock()
					time.Sleep(10 * time.Millisecond)
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				f.mu.Lock()
				if res.StatusCode == http.StatusAccepted {
					f.accepted[dk] = time.Now()
					f.sent[dk] = sent
				} else {
					f.refused[res.StatusCode]++
				}
				f.mu.Unlock()
			}
		}()
	}
	return f
}

func (f *flood) stop() { close(f.done); f.wg.Wait() }

func (f *flood) acceptedKeys() map[string]time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]time.Time, len(f.accepted))
	for k, v := range f.accepted {
		out[k] = v
	}
	return out
}

// notStored lists the accepted dedup keys with no stored alert.
func notStored(t *testing.T, db *store.DB, accepted map[string]time.Time) []string {
	t.Helper()
	rows, err := db.SQL().QueryContext(context.Background(), "SELECT dedup_key FROM alerts")
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
	return lost
}

// checkPagedOnce waits for every stored alert to be paged and checks that
// no alert had its step fired twice.
func checkPagedOnce(t *testing.T, db *store.DB, across string) {
	t.Helper()
	ctx := context.Background()
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
		t.Fatalf("%d stored alerts were never paged after %s", unpaged, across)
	}
	var dup int
	db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT alert_id FROM alert_events WHERE kind = 'step_fired' GROUP BY alert_id HAVING COUNT(*) > 1) x`).Scan(&dup)
	if dup != 0 {
		t.Fatalf("%d alerts had their step fired twice across %s", dup, across)
	}
}
