package apply

import (
	"context"
	"errors"
	"strings"
	"testing"

	pageload "github.com/rotaoncall/rota/load"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

// TestLoadThresholds: a team's load: key sets its thresholds (the plan
// shows the defaults it replaces), a second apply changes nothing, a file
// without the key leaves them alone, and a bad value names its line and
// field.
func TestLoadThresholds(t *testing.T) {
	head := `teams:
  - name: payments
    members:
      - {email: olga@example.com, name: Olga, discipline: ops}
`
	withLoad := head + "    load: {sleep_interruptions: 3, unfair_share: 1.5, oncall_share: 30%}\n"
	run := func(t *testing.T, db *store.DB, src string) []string {
		t.Helper()
		f, err := Parse("team.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		p, err := Run(context.Background(), txStore{db}, f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return lines(p)
	}
	storetest.Each(t, storetest.Options{Now: storetest.NewClock(start).Now}, func(t *testing.T, db *store.DB) {
		got := strings.Join(run(t, db, withLoad), "\n")
		for _, want := range []string{"~ load thresholds payments: sleep_interruptions 2 (default) → 3",
			"~ load thresholds payments: oncall_share 25 (default) → 30", "~ load thresholds payments: unfair_share 2 (default) → 1.5"} {
			if !strings.Contains(got, want) {
				t.Errorf("plan lacks %q:\n%s", want, got)
			}
		}
		team, err := db.TeamByName(context.Background(), "payments")
		if err != nil {
			t.Fatal(err)
		}
		th, err := db.LoadThresholds(context.Background(), team.ID)
		if want := (pageload.Thresholds{SleepInterruptions: 3, UnfairShareFactor: 1.5, OnCallSharePercent: 30}); err != nil || th != want {
			t.Fatalf("stored %+v %v, want %+v", th, err, want)
		}
		for _, src := range []string{withLoad, head} {
			if got := run(t, db, src); strings.Contains(strings.Join(got, "\n"), "load thresholds") {
				t.Fatalf("a second apply changes thresholds: %v", got)
			}
		}
		got = strings.Join(run(t, db, head+"    load: {}\n"), "\n")
		if !strings.Contains(got, "sleep_interruptions 3 → 2 (default)") {
			t.Fatalf("back to the defaults: %s", got)
		}
	})

	for _, tc := range []struct{ load, path, msg string }{
		{"{oncall_share: 150}", "teams[0].load.oncall_share", "percentage"},
		{"{sleep_interruptions: many}", "teams[0].load.sleep_interruptions", "whole number"},
		{"{unfair_share: 0.5}", "teams[0].load.unfair_share", "multiple"},
		{"{sleep: 2}", "teams[0].load.sleep", ""},
	} {
		_, err := Parse("team.yaml", []byte(head+"    load: "+tc.load+"\n"))
		var ps *Problems
		if !errors.As(err, &ps) || len(ps.List) != 1 || ps.List[0].Path != tc.path || ps.List[0].Pos.Line != 5 || !strings.Contains(ps.List[0].Message, tc.msg) {
			t.Errorf("load %s: %v", tc.load, err)
		}
	}
}
