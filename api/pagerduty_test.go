package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota/pagerduty/pdfake"
	"github.com/rotaoncall/rota/pagerduty/pdsync"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
	"github.com/rotaoncall/rota/system"
)

type pdSyncBody struct {
	Connection struct {
		Connected  bool   `json:"connected"`
		Source     string `json:"source"`
		TokenLast4 string `json:"token_last4"`
	} `json:"connection"`
	LastImport        *pdImportBody `json:"last_import"`
	LastAppliedImport *pdImportBody `json:"last_applied_import"`
}

type pdImportBody struct {
	ID      string   `json:"id"`
	DryRun  bool     `json:"dry_run"`
	Status  string   `json:"status"`
	Plan    []string `json:"plan"`
	Created int      `json:"created"`
	Updated int      `json:"updated"`
	Deleted int      `json:"deleted"`
	Skipped []struct {
		Kind, Reason string
	} `json:"skipped"`
	Checks []struct {
		Name     string `json:"name"`
		Faithful bool   `json:"faithful"`
	} `json:"checks"`
	Faithful bool `json:"faithful"`
}

// TestPagerDutySettings drives Settings → PagerDuty against the fake
// PagerDuty: connect (a refused token, then a good one, never shown
// again), preview an import, run it, run it again (nothing changes), see
// the last sync, disconnect.
func TestPagerDutySettings(t *testing.T) {
	fake := pdfake.NewFixture()
	defer fake.Close()
	clock := storetest.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	db := storetest.Open(t, store.SQLite, storetest.Options{Now: clock.Now})
	e := newEnvBuilt(t, db, clock, false, nil, func(o *system.Options) {
		o.PagerDuty = pdsync.Config{APIURL: fake.URL, EventsURL: fake.URL}
	})
	admin, _ := e.user("root@example.com", true)

	var st pdSyncBody
	admin.mustDo("GET", "/api/v1/pagerduty/sync", nil, 200).json(t, &st)
	if st.Connection.Connected || st.LastImport != nil {
		t.Fatalf("before connecting: %+v", st)
	}
	if r := admin.do("POST", "/api/v1/pagerduty/import", map[string]bool{"dry_run": true}); r.Status != 409 {
		t.Fatalf("import before connecting: %d %s", r.Status, r.Body)
	}
	r := admin.mustDo("PUT", "/api/v1/pagerduty/connection", map[string]string{"token": "wrong-token"}, 400)
	if code, field := r.errorOf(t); code != "invalid" || field != "token" {
		t.Fatalf("refused token: %s %s", code, field)
	}
	r = admin.mustDo("PUT", "/api/v1/pagerduty/connection", map[string]string{"token": pdfake.FixtureToken}, 200)
	if strings.Contains(string(r.Body), pdfake.FixtureToken) || !strings.Contains(string(r.Body), `"token_last4":"6789"`) {
		t.Fatalf("the connection answer: %s", r.Body)
	}
	r = admin.mustDo("GET", "/api/v1/pagerduty/connection", nil, 200)
	if strings.Contains(string(r.Body), pdfake.FixtureToken) || !strings.Contains(string(r.Body), `"source":"settings"`) {
		t.Fatalf("the connection: %s", r.Body)
	}

	var dry struct{ Import pdImportBody }
	admin.mustDo("POST", "/api/v1/pagerduty/import", map[string]bool{"dry_run": true}, 200).json(t, &dry)
	if !dry.Import.DryRun || dry.Import.Created == 0 || len(dry.Import.Plan) == 0 || len(dry.Import.Skipped) == 0 || len(dry.Import.Checks) == 0 || !dry.Import.Faithful {
		t.Fatalf("dry run: %+v", dry.Import)
	}
	var teams struct{ Teams []struct{ Name string } }
	admin.mustDo("GET", "/api/v1/teams", nil, 200).json(t, &teams)
	if len(teams.Teams) != 0 {
		t.Fatalf("a dry run made teams: %+v", teams)
	}

	clock.Add(time.Minute)
	var run struct{ Import pdImportBody }
	admin.mustDo("POST", "/api/v1/pagerduty/import", map[string]any{}, 200).json(t, &run)
	if run.Import.DryRun || run.Import.Status != "ok" || run.Import.Created != dry.Import.Created {
		t.Fatalf("import: %+v", run.Import)
	}
	admin.mustDo("GET", "/api/v1/teams", nil, 200).json(t, &teams)
	if len(teams.Teams) == 0 {
		t.Fatal("the import made no teams")
	}
	var again struct{ Import pdImportBody }
	admin.mustDo("POST", "/api/v1/pagerduty/import", map[string]any{}, 200).json(t, &again)
	if again.Import.Created+again.Import.Updated+again.Import.Deleted != 0 {
		t.Fatalf("a second import changed: %v", again.Import.Plan)
	}
	admin.mustDo("POST", "/api/v1/pagerduty/import", map[string]any{"dry_run": true, "weeks": 99}, 400)

	admin.mustDo("GET", "/api/v1/pagerduty/sync", nil, 200).json(t, &st)
	if !st.Connection.Connected || st.LastImport == nil || st.LastImport.ID != again.Import.ID || st.LastAppliedImport.ID != again.Import.ID {
		t.Fatalf("sync: %+v", st)
	}

	member, _ := e.user("member@example.com", false)
	member.mustDo("GET", "/api/v1/pagerduty/sync", nil, 403)

	admin.mustDo("DELETE", "/api/v1/pagerduty/connection", nil, 204)
	admin.mustDo("POST", "/api/v1/pagerduty/import", map[string]bool{"dry_run": true}, 409)
}
