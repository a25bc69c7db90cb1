package pagerduty_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	pd "github.com/PagerDuty/go-pagerduty"

	"github.com/rotaoncall/rota/apply"
	"github.com/rotaoncall/rota/pagerduty"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestWriteYAML: the file written for the fixture is one `rota apply`
// accepts, and stays as reviewed (testdata/fixture.yaml; -update rewrites
// it).
func TestWriteYAML(t *testing.T) {
	_, _, snap := snapshot(t)
	org, rep := pagerduty.Convert(snap, pagerduty.Options{})
	var buf bytes.Buffer
	if err := pagerduty.WriteYAML(&buf, org, pagerduty.YAMLOptions{Report: rep}); err != nil {
		t.Fatal(err)
	}
	if _, err := apply.Parse("fixture.yaml", buf.Bytes()); err != nil {
		t.Fatalf("apply rejects the file: %v\n%s", err, buf.String())
	}
	golden := filepath.Join("testdata", "fixture.yaml")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("the file differs from %s (run with -update after checking):\n%s", golden, buf.String())
	}
}

func TestWriteYAMLOmitsKeys(t *testing.T) {
	_, _, snap := snapshot(t)
	org, _ := pagerduty.Convert(snap, pagerduty.Options{})
	var buf bytes.Buffer
	if err := pagerduty.WriteYAML(&buf, org, pagerduty.YAMLOptions{OmitKeys: true, Discipline: "ops"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "key:") || strings.Contains(buf.String(), "secret") {
		t.Fatalf("keys written:\n%s", buf.String())
	}
	if _, err := apply.Parse("fixture.yaml", buf.Bytes()); err != nil {
		t.Fatalf("apply rejects the file: %v", err)
	}
}

// TestWriteYAMLCrossTeamTarget: a policy paging another team's schedule
// names it team/schedule, as the file wants.
func TestWriteYAMLCrossTeamTarget(t *testing.T) {
	_, _, snap := snapshot(t)
	for i := range snap.Policies {
		if snap.Policies[i].ID == "PESRE01" {
			r := &snap.Policies[i].EscalationRules[1]
			r.Targets = append(r.Targets, pd.APIObject{ID: "PSPAY01", Type: "schedule_reference"})
		}
	}
	org, _ := pagerduty.Convert(snap, pagerduty.Options{})
	var buf bytes.Buffer
	if err := pagerduty.WriteYAML(&buf, org, pagerduty.YAMLOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "schedule: payments/Payments Primary") {
		t.Fatalf("no team/schedule target:\n%s", buf.String())
	}
	if _, err := apply.Parse("cross.yaml", buf.Bytes()); err != nil {
		t.Fatalf("apply rejects the file: %v", err)
	}
}
