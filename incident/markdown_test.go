package incident

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestMarkdownGolden writes the review of a whole incident, from an alert
// to a published review, and compares it with testdata/review.md (run
// with -update to accept a change).
func TestMarkdownGolden(t *testing.T) {
	at := func(s string) time.Time { return ts(t, s) }
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	var timeline []Entry
	add := func(es ...Entry) {
		t.Helper()
		got, err := Append(LastSeq(timeline), es...)
		if err != nil {
			t.Fatal(err)
		}
		timeline = append(timeline, got...)
	}
	d := OnAlert(Auto, Alert{ID: 10, ServiceID: 1, Urgency: "high", Severity: "critical", Summary: "Checkout 5xx | above 5%", CreatedAt: at("2026-03-04T13:02:00Z")}, nil)
	inc := d.Incident
	inc.ID = 1
	add(d.Entries...)
	add(SuspectEntries(inc, nil, []Change{{ID: 7, ServiceID: 1, Summary: "Deploy checkout v2.31.0", Timestamp: at("2026-03-04T12:40:00Z")}})...)
	add(PagedEntry(PageRecord{AlertID: 10, UserID: 1, At: at("2026-03-04T13:02:05Z"), Channel: "sms"}))
	add(PagedEntry(PageRecord{AlertID: 10, UserID: 3, At: at("2026-03-04T13:02:05Z"), Channel: "sms", Shadow: true}))
	inc, es, err := OnAlertAcknowledged(inc, 10, 1, at("2026-03-04T13:06:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	add(es...)
	inc, es, err = Edit{Severity: ptr(SEV1), StartedAt: ptr(at("2026-03-04T12:55:00Z")), CommanderID: ptr(int64(2))}.Apply(inc, 2, at("2026-03-04T13:10:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	add(es...)
	n, _ := Note("Rolled back v2.31.0.\nErrors falling.", 1, at("2026-03-04T13:20:00Z"), 0)
	add(n)
	inc, es, _ = Mitigate(inc, 1, at("2026-03-04T13:25:00Z"))
	add(es...)
	n, _ = Note("The rollback started at 13:18, not 13:20.", 1, at("2026-03-04T14:00:00Z"), LastSeq(timeline)-1)
	add(n)
	inc, es, _ = Resolve(inc, 2, at("2026-03-04T13:45:00Z"))
	add(es...)

	r := NewReview(1)
	r.Summary = "A config change in checkout v2.31.0 made payments time out for 50 minutes."
	r.Impact = "About 12% of checkouts failed between 13:55 and 14:45 CET."
	r.ContributingFactors = []string{"The deploy skipped the canary stage.", "Timeouts were not in the error-rate alert."}
	r.WentWell = []string{"The rollback took 5 minutes."}
	r.WasHard = []string{"Two dashboards\ndisagreed."}
	r.MeetingDate = &scheduler.Date{Year: 2026, Month: time.March, Day: 6}
	r.ActionItems = []ActionItem{
		{ID: 1, Title: "Run config changes through the canary", Owner: "dan@example.com", Due: scheduler.Date{Year: 2026, Month: time.March, Day: 20}, Link: "https://tracker.example.com/OPS-1"},
		{ID: 2, Title: "Alert on timeouts", Owner: "olga@example.com", Due: scheduler.Date{Year: 2026, Month: time.March, Day: 13}, Status: ActionDone},
	}
	r, err = SubmitReview(r, 2, at("2026-03-05T09:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	r, err = PublishReview(r, 2, at("2026-03-06T15:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	bander, _ := NewBander("Europe/Berlin", "")
	load := ResponderLoad(inc, []PageRecord{
		{AlertID: 10, UserID: 1, At: at("2026-03-04T13:02:05Z"), Channel: "sms"},
		{AlertID: 10, UserID: 3, At: at("2026-03-04T13:02:05Z"), Channel: "sms", Shadow: true},
	}, []Ack{{UserID: 1, At: at("2026-03-04T13:06:00Z")}}, func(int64) *Bander { return bander }, at("2026-03-06T15:00:00Z"))

	names := map[int64]string{1: "Olga", 2: "Dan", 3: "Nia"}
	got := Markdown(Export{
		Incident: inc, Review: r, Timeline: timeline, Responders: load, Location: berlin,
		UserName:    func(id int64) string { return names[id] },
		ServiceName: func(id int64) string { return map[int64]string{1: "checkout"}[id] },
	})
	golden := filepath.Join("testdata", "review.md")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestMarkdownGolden -update)", err)
	}
	if got != string(want) {
		t.Fatalf("Markdown differs from %s (run with -update to accept):\n%s", golden, got)
	}
}

func TestMarkdownEmpty(t *testing.T) {
	at := ts(t, "2026-03-04T13:02:00Z")
	got := Markdown(Export{Incident: Incident{Title: "x", Severity: SEV3, Status: Triggered, StartedAt: at, DetectedAt: at, Responders: []int64{4}}, Review: NewReview(1)})
	for _, want := range []string{"# x\n", "engineer 4", "2026-03-04 13:02:00 UTC", "_Not written yet._", "_No entries._", "_Nobody was paged._", "_None recorded._", "- **Review:** draft"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

func TestDescribeNamesAndZone(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	e := Entry{Kind: KindEdited, ActorID: 3, Field: "started_at", Text: "2026-03-02T13:00:00Z → 2026-03-02T12:30:00Z"}
	got := Describe(e, func(id int64) string { return map[int64]string{3: "Dan"}[id] }, nil, berlin)
	if want := "Start moved by Dan from 2026-03-02 14:00:00 CET to 2026-03-02 13:30:00 CET"; got != want {
		t.Fatalf("%q, want %q", got, want)
	}
	if got := Describe(Entry{Kind: KindPaged, UserID: 7, AlertID: 9, Channel: "sms"}, nil, nil, nil); got != "engineer 7 paged by sms for alert 9" {
		t.Fatalf("%q", got)
	}
}
