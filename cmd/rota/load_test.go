package main

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota/auth"
	"github.com/rotaoncall/rota/demo"
	"github.com/rotaoncall/rota/system"
)

// TestLoadCommands: the demo's imported quarter gives a report (table and
// JSON, the same through --server); an import with bad rows names each
// line and column and stores nothing; replay compares the two plans.
func TestLoadCommands(t *testing.T) {
	seeded := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	url, db := demoDB(t, seeded)
	env := map[string]string{"ROTA_DATABASE_URL": url, "ROTA_CLOCK_START": seeded.Format(time.RFC3339)}

	code, out, errs := runCLI(t, env, "load", "report", "--team", "payments", "--since", "13w", "--json")
	if code != 0 {
		t.Fatalf("report: %d %s", code, errs)
	}
	var local cliLoad
	if err := json.Unmarshal([]byte(out), &local); err != nil {
		t.Fatal(err)
	}
	if len(local.Teams) != 1 || local.Teams[0].Name != "payments" || len(local.Teams[0].Engineers) != 6 {
		t.Fatalf("report: %s", out)
	}
	pages, sleep := 0, false
	for _, e := range local.Teams[0].Engineers {
		pages += e.Pages
	}
	for _, f := range local.Teams[0].Flags {
		sleep = sleep || f.Code == "sleep_interruptions"
	}
	if pages < 300 || !sleep || local.Teams[0].Fairness <= 0 {
		t.Fatalf("the demo quarter: %d pages, sleep flag %v: %s", pages, sleep, out)
	}
	code, out, _ = runCLI(t, env, "load", "report", "--from", "2026-09-01", "--to", "2026-11-25")
	if code != 0 || !strings.Contains(out, "Team payments") || !strings.Contains(out, "SLEEP") || !strings.Contains(out, "! sleep_interruptions:") {
		t.Fatalf("table: %s", out)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"load", "report", "--since", "soon"}, "--since"},
		{[]string{"load", "report", "--from", "2026-11-01", "--to", "2026-10-01"}, "--to"},
		{[]string{"load", "report", "--team", "nope"}, "--team"},
		{[]string{"load", "report", "--since", "4w", "--from", "2026-10-01"}, "not both"},
		{[]string{"load", "import"}, "-f FILE"},
		{[]string{"load", "replay", "--team", "payments"}, "--history"},
	} {
		if code, _, errs := runCLI(t, env, tc.args...); code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d %q, want 2 and %q", tc.args, code, errs, tc.want)
		}
	}

	// A file with bad rows: every problem with its line and column, nothing stored.
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("at,email,alert,channel\n"+
		"2026-10-01T02:00:00Z,olga@example.com,batch,sms\n"+
		"2026-10-01 02:00,olga@example.com,batch,sms\n"+
		"2026-10-02T02:00:00Z,ghost@example.com,batch,fax\n"), 0o644)
	count := func() int {
		var n int
		db.SQL().QueryRow("SELECT COUNT(*) FROM imported_pages").Scan(&n)
		return n
	}
	before := count()
	code, _, errs = runCLI(t, env, "load", "import", "-f", bad)
	for _, want := range []string{"bad.csv:line 3, column 1 (at)", "bad.csv:line 4, column 2 (email)", "bad.csv:line 4, column 4 (channel)", "nothing was imported"} {
		if !strings.Contains(errs, want) {
			t.Errorf("import errors lack %q:\n%s", want, errs)
		}
	}
	if code != 1 || count() != before {
		t.Fatalf("exit %d, %d rows stored", code, count()-before)
	}
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("at,email,alert,channel\n2026-10-01T02:00:00Z,olga@example.com,batch,sms\n2026-10-01T02:05:00+02:00,dan@example.com,batch,email\n"), 0o644)
	if code, out, errs := runCLI(t, env, "load", "import", "-f", good, "--team", "payments"); code != 0 || !strings.Contains(out, "imported 2 pages") || count() != before+2 {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}

	// --server gives the same report as the database.
	at := seeded
	sys := system.Build(db, system.Options{Now: func() time.Time { return at }, AuthParams: auth.Params{Memory: 1024, Time: 1, Threads: 1}, Manual: true})
	srv := httptest.NewServer(sys.API.Handler())
	defer srv.Close()
	u, _, err := db.UserByEmail(context.Background(), "dan@example.com")
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := sys.Auth.CreateToken(context.Background(), u.ID, "cli")
	if err != nil {
		t.Fatal(err)
	}
	renv := map[string]string{"ROTA_SERVER": srv.URL, "ROTA_API_TOKEN": token, "ROTA_CLOCK_START": seeded.Format(time.RFC3339)}
	args := []string{"load", "report", "--team", "payments", "--from", "2026-08-24T00:00:00Z", "--to", "2026-11-23T00:00:00Z", "--json"}
	_, out, _ = runCLI(t, env, args...)
	json.Unmarshal([]byte(out), &local)
	var remote cliLoad
	code, out, errs = runCLI(t, renv, args...)
	if code != 0 {
		t.Fatalf("remote report: %s", errs)
	}
	json.Unmarshal([]byte(out), &remote)
	if !reflect.DeepEqual(local, remote) {
		t.Fatalf("remote and local differ:\nlocal  %+v\nremote %+v", local, remote)
	}
	if code, _, errs := runCLI(t, renv, "load", "import", "-f", good, "--team", "payments"); code != 1 || !strings.Contains(errs, "admin of this team") {
		t.Fatalf("a member imports through the server: %d %s", code, errs)
	}

	// Replay of the generated quarter: the proposals keep coverage and
	// limits, and even out the load.
	hist := filepath.Join(dir, "quarter.csv")
	raw, err := os.ReadFile("../../load/testdata/demo-quarter.csv")
	if err != nil {
		t.Fatal(err)
	}
	// The demo's own history: the quarter moved by 33 weeks to end on
	// Monday 23 November, as the demo imports it.
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(string(raw), "otto@example.com", "priya@example.com")), "\n")
	for i := 1; i < len(lines); i++ {
		at, rest, _ := strings.Cut(lines[i], ",")
		lines[i] = mustTime(t, at).AddDate(0, 0, 33*7).Format(time.RFC3339) + "," + rest
	}
	os.WriteFile(hist, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	code, out, errs = runCLI(t, env, "load", "replay", "--team", "payments", "--history", hist, "--json")
	if code != 0 {
		t.Fatalf("replay: %d %s", code, errs)
	}
	var rep cliReplay
	json.Unmarshal([]byte(out), &rep)
	if rep.Pages != 458 || len(rep.Engineers) != 6 || rep.RoundRobin.GapHours != 0 || rep.Proposed.GapHours != 0 || rep.Proposed.PairingViolationHrs > rep.RoundRobin.PairingViolationHrs {
		t.Fatalf("replay: %s", out)
	}
	if code, out, _ := runCLI(t, env, "load", "replay", "--team", "payments", "--history", hist); code != 0 || !strings.Contains(out, "round-robin") || !strings.Contains(out, "Rota's proposals") {
		t.Fatalf("replay table: %s", out)
	} else {
		t.Logf("rota load replay --team payments on the demo organisation:\n%s", out)
	}
}

// TestLoadReportRemindsOfOverdueReviews: the demo's SEV1 and SEV2
// incidents whose review is not published five business days after they
// were resolved are listed with the load, in JSON and in the table.
func TestLoadReportRemindsOfOverdueReviews(t *testing.T) {
	seeded := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	url, _ := demoDB(t, seeded)
	if err := demo.SeedPaging(context.Background(), url, seeded); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"ROTA_DATABASE_URL": url, "ROTA_CLOCK_START": seeded.Format(time.RFC3339)}
	code, out, errs := runCLI(t, env, "load", "report", "--json")
	var all cliLoad
	if code != 0 || json.Unmarshal([]byte(out), &all) != nil || len(all.OverdueReviews) == 0 {
		t.Fatalf("overdue reviews: %d %s %s", code, out, errs)
	}
	for _, o := range all.OverdueReviews {
		if o.Severity != "SEV1" && o.Severity != "SEV2" || o.TeamName == "" {
			t.Fatalf("a review reminder for %+v", o)
		}
	}
	if code, out, _ = runCLI(t, env, "load", "report"); code != 0 || !strings.Contains(out, "Reviews overdue") || !strings.Contains(out, all.OverdueReviews[0].Title) {
		t.Fatalf("the table does not remind of overdue reviews:\n%s", out)
	}
}
