package pagerduty_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/rotaoncall/rota/pagerduty"
	"github.com/rotaoncall/rota/pagerduty/pdfake"
)

// TestFaithfulFixture is the proof of faithfulness the issue asks for:
// over the four weeks after the fixture instant (weekly, daily and 12-hour
// rotations, several layers, daily and weekly restrictions, an edited
// layer, overrides, and both the US and the European change to summer
// time), Rota's on-call equals PagerDuty's rendered final schedule for
// every imported schedule.
func TestFaithfulFixture(t *testing.T) {
	_, _, snap := snapshot(t)
	org, _ := pagerduty.Convert(snap, pagerduty.Options{})
	checks, err := pagerduty.Check(org, snap)
	if err != nil {
		t.Fatal(err)
	}
	if len(checks) != 4 {
		t.Fatalf("%d schedules checked, want 4", len(checks))
	}
	for _, c := range checks {
		for _, d := range c.Differences {
			t.Errorf("%s/%s: %s", c.Team, c.Name, d)
		}
	}
}

// TestCheckFindsDifferences makes sure the check is not vacuous: with the
// layer order reversed (PagerDuty's listing order taken as precedence) or
// an override dropped, differences appear where expected.
func TestCheckFindsDifferences(t *testing.T) {
	_, _, snap := snapshot(t)
	org, _ := pagerduty.Convert(snap, pagerduty.Options{})
	pay := org.Team("payments")
	s := &pay.Schedules[0]
	s.Layers[0], s.Layers[1] = s.Layers[1], s.Layers[0]
	s.Overrides = s.Overrides[:1]
	checks, err := pagerduty.Check(org, snap)
	if err != nil {
		t.Fatal(err)
	}
	if len(checks[0].Differences) == 0 {
		t.Fatal("no difference found")
	}
	// Weekday business hours come out wrong (on the days the two layers'
	// people differ), and the Saturday override is missing.
	ds := checks[0].Differences
	if n := len(ds); n < 10 {
		t.Fatalf("%d differences: %v", n, ds)
	}
	if !slices.ContainsFunc(ds, func(d pagerduty.Difference) bool {
		return d.PagerDuty == "nina@example.com" && d.End.Sub(d.Start) == 24*time.Hour
	}) {
		t.Fatalf("the dropped override is not reported: %v", ds)
	}
	for _, c := range checks[1:] {
		if len(c.Differences) != 0 {
			t.Fatalf("%s changed: %v", c.Name, c.Differences)
		}
	}
}

func TestImport(t *testing.T) {
	_, c, _ := fixture(t)
	im, err := c.Import(context.Background(), pdfake.FixtureAt, 0, pagerduty.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !im.Faithful() || len(im.Checks) != 4 || len(im.Report.Skipped()) != 6 || im.Org.At != pdfake.FixtureAt {
		t.Fatalf("import: faithful %v, %d checks, %d skipped", im.Faithful(), len(im.Checks), len(im.Report.Skipped()))
	}
}
