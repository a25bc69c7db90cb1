package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota/apply"
	"github.com/rotaoncall/rota/pagerduty/pdfake"
	"github.com/rotaoncall/rota/pagerduty/pdsync"
	"github.com/rotaoncall/rota/store"
)

// TestPagerDutyCommands runs import (to a file, dry run, for real, again),
// import-load and mirror against the fake PagerDuty, on the fixture's day.
func TestPagerDutyCommands(t *testing.T) {
	fake := pdfake.NewFixture()
	defer fake.Close()
	dir := t.TempDir()
	env := map[string]string{
		"ROTA_DATABASE_URL":      "sqlite://" + filepath.Join(dir, "rota.db"),
		"ROTA_PAGERDUTY_TOKEN":   pdfake.FixtureToken,
		"ROTA_PAGERDUTY_API_URL": fake.URL,
		"ROTA_CLOCK_START":       pdfake.FixtureAt.Format(time.RFC3339),
	}
	if code, _, errs := runCLI(t, env, "migrate", "up"); code != 0 {
		t.Fatal(errs)
	}

	// A bad token is refused clearly and changes nothing.
	bad := map[string]string{}
	for k, v := range env {
		bad[k] = v
	}
	bad["ROTA_PAGERDUTY_TOKEN"] = "wrong"
	if code, _, errs := runCLI(t, bad, "pagerduty", "import"); code != 2 || !strings.Contains(errs, "refused the token") {
		t.Fatalf("bad token: exit %d, %q", code, errs)
	}

	file := filepath.Join(dir, "pd.yaml")
	code, out, errs := runCLI(t, env, "pagerduty", "import", "--to-yaml", file)
	if code != 0 {
		t.Fatalf("import --to-yaml: %d %s %s", code, out, errs)
	}
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := apply.Parse("pd.yaml", src); err != nil {
		t.Fatalf("the written file does not parse: %v", err)
	}
	// What cannot come over is said, and every imported schedule matches
	// PagerDuty's final schedule.
	if !strings.Contains(out, "! skipped") || !strings.Contains(out, "= schedule") || strings.Contains(out, "≠") {
		t.Fatalf("import report:\n%s", out)
	}

	code, out, errs = runCLI(t, env, "pagerduty", "import", "--dry-run")
	if code != 0 || !strings.Contains(out, "Dry run: nothing was changed.") || !strings.Contains(out, "+ team") {
		t.Fatalf("dry run: %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runCLI(t, env, "pagerduty", "import")
	if code != 0 || !strings.Contains(out, "Imported from PagerDuty:") {
		t.Fatalf("import: %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runCLI(t, env, "pagerduty", "import")
	if code != 0 || !strings.Contains(out, "Imported from PagerDuty: 0 created, 0 updated, 0 deleted.") {
		t.Fatalf("a second import changed something: %d\n%s\n%s", code, out, errs)
	}

	// Rota now answers who is on call from the imported schedules.
	if code, out, _ = runCLI(t, env, "oncall", "--at", pdfake.FixtureAt.Add(10*time.Hour).Format(time.RFC3339)); code != 0 || !strings.Contains(out, "payments") {
		t.Fatalf("oncall after import: %d\n%s", code, out)
	}

	load := filepath.Join(dir, "load.csv")
	code, out, errs = runCLI(t, env, "pagerduty", "import-load", "--since", "30d", "-o", load)
	if code != 0 || !strings.Contains(out, "page record(s)") {
		t.Fatalf("import-load: %d %s %s", code, out, errs)
	}
	csv, _ := os.ReadFile(load)
	if lines := strings.Split(strings.TrimSpace(string(csv)), "\n"); lines[0] != "at,email,alert,channel" || len(lines) < 2 {
		t.Fatalf("load CSV:\n%s", csv)
	}
	// --store puts them in the page history: the imported users' load
	// report counts them.
	code, out, errs = runCLI(t, env, "pagerduty", "import-load", "--since", "30d", "--store")
	if code != 0 || !strings.Contains(out, "Imported ") {
		t.Fatalf("import-load --store: %d %s %s", code, out, errs)
	}
	if n, _ := strconv.Atoi(strings.Fields(strings.TrimPrefix(out, "Imported "))[0]); n != len(strings.Split(strings.TrimSpace(string(csv)), "\n"))-1 {
		t.Fatalf("stored %q, the CSV has %d rows", out, len(strings.Split(strings.TrimSpace(string(csv)), "\n"))-1)
	}
	if code, _, errs = runCLI(t, env, "pagerduty", "import-load", "--since", "soon"); code != 2 || !strings.Contains(errs, "since") {
		t.Fatalf("bad --since: %d %s", code, errs)
	}

	// Mirror: the first run writes overrides where PagerDuty disagrees
	// with Rota, the second writes nothing.
	sched := firstImportedSchedule(t, src)
	args := []string{"pagerduty", "mirror", "--schedule", sched, "--pagerduty-schedule", "PSPAY01", "--weeks", "2"}
	code, out, errs = runCLI(t, env, args...)
	if code != 0 || !strings.Contains(out, "Mirrored") {
		t.Fatalf("mirror: %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runCLI(t, env, args...)
	if code != 0 || !strings.Contains(out, ": 0 created, 0 deleted") {
		t.Fatalf("a second mirror wrote something: %d\n%s\n%s", code, out, errs)
	}

	// Without ROTA_PAGERDUTY_TOKEN the token connected under Settings is
	// used; with neither, the command says how to connect.
	stored := map[string]string{}
	for k, v := range env {
		if k != "ROTA_PAGERDUTY_TOKEN" {
			stored[k] = v
		}
	}
	if code, _, errs = runCLI(t, stored, "pagerduty", "import", "--dry-run"); code != 2 || !strings.Contains(errs, "Settings → PagerDuty") {
		t.Fatalf("no token: exit %d, %q", code, errs)
	}
	db, err := store.Open(t.Context(), env["ROTA_DATABASE_URL"], store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetPagerDutyConnection(t.Context(), pdsync.Connection{Token: pdfake.FixtureToken, ConnectedAt: pdfake.FixtureAt}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, out, errs = runCLI(t, stored, "pagerduty", "import", "--dry-run")
	if code != 0 || !strings.Contains(out, "Dry run: nothing was changed.") {
		t.Fatalf("import with the stored token: %d\n%s\n%s", code, out, errs)
	}
}

// firstImportedSchedule names the first schedule of the written file as
// team/name.
func firstImportedSchedule(t *testing.T, src []byte) string {
	t.Helper()
	team, name := "", ""
	inSchedules := false
	for _, line := range strings.Split(string(src), "\n") {
		trim := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "  - name: "):
			team, inSchedules = strings.Trim(strings.TrimPrefix(line, "  - name: "), `"`), false
		case trim == "schedules:":
			inSchedules = true
		case inSchedules && strings.HasPrefix(trim, "- name: ") && name == "":
			name = strings.Trim(strings.TrimPrefix(trim, "- name: "), `"`)
			return team + "/" + name
		}
	}
	t.Fatalf("no schedule in the file:\n%s", src)
	return ""
}
