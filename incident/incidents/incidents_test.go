package incidents

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota/incident"
)

func TestFingerprint(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	base := incident.Change{ServiceID: 1, Summary: "deploy v41", Source: "ci", Timestamp: at, ReceivedAt: at.Add(time.Second),
		CustomDetails: json.RawMessage(`{"revision": "abc", "committed_at": "2026-11-23T08:00:00Z"}`), Links: []incident.Link{{Href: "https://ci/1"}}}
	same := base
	same.ReceivedAt = at.Add(time.Minute) // a retry arrives later
	same.CustomDetails = json.RawMessage(`{"revision":"abc","committed_at":"2026-11-23T08:00:00Z"}`)
	if fingerprint(base) != fingerprint(same) {
		t.Fatal("a retry of a change with its own timestamp must have the same fingerprint")
	}
	for name, c := range map[string]func(*incident.Change){
		"summary":    func(c *incident.Change) { c.Summary = "deploy v42" },
		"timestamp":  func(c *incident.Change) { c.Timestamp = at.Add(time.Second) },
		"details":    func(c *incident.Change) { c.CustomDetails = json.RawMessage(`{"revision": "abd"}`) },
		"no details": func(c *incident.Change) { c.CustomDetails = nil },
		"links":      func(c *incident.Change) { c.Links = nil },
	} {
		other := base
		c(&other)
		if fingerprint(other) == fingerprint(base) {
			t.Errorf("a different %s has the same fingerprint", name)
		}
	}
	// Without a timestamp of its own (stamped on arrival) two sends are two changes.
	a := incident.Change{ServiceID: 1, Summary: "deploy", Timestamp: at, ReceivedAt: at}
	b := incident.Change{ServiceID: 1, Summary: "deploy", Timestamp: at.Add(time.Minute), ReceivedAt: at.Add(time.Minute)}
	if fingerprint(a) == fingerprint(b) {
		t.Fatal("two stamped-on-arrival changes collide")
	}
}

func TestCatchUp(t *testing.T) {
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	f := Facts{
		Record: Record{Incident: incident.Incident{ID: 1, Services: []int64{5}, Alerts: []int64{7}, StartedAt: start, DetectedAt: start}},
		Alerts: []incident.Alert{{ID: 7, ServiceID: 5, Summary: "down", CreatedAt: start}},
		Events: []SourcedEvent{
			{ID: 11, AlertEvent: incident.AlertEvent{AlertID: 7, At: start.Add(3 * time.Minute), Kind: "acknowledged", ActorID: 2}},
			{ID: 12, AlertEvent: incident.AlertEvent{AlertID: 7, At: start.Add(time.Minute), Kind: "deduped"}},
		},
		Pages:    []SourcedPage{{ID: 21, PageRecord: incident.PageRecord{AlertID: 7, UserID: 2, At: start.Add(time.Minute), Channel: "sms"}}},
		Changes:  []incident.Change{{ID: 31, ServiceID: 5, Summary: "v41", Timestamp: start.Add(-time.Hour)}, {ID: 32, ServiceID: 5, Timestamp: start.Add(-2 * time.Hour)}},
		Deployed: []int64{32},
	}
	got := catchUp(f)
	want := []struct {
		kind incident.Kind
		src  Source
	}{
		{incident.KindChangeDeployed, Source{SourceChange, 31}},
		{incident.KindAlertTriggered, Source{SourceAlert, 7}},
		{incident.KindPaged, Source{SourcePage, 21}},
		{incident.KindAcknowledged, Source{SourceEvent, 11}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d entries, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Kind != w.kind || got[i].Source != w.src {
			t.Errorf("entry %d: %s from %v, want %s from %v", i, got[i].Kind, got[i].Source, w.kind, w.src)
		}
	}
	numbered, err := number(4, got)
	if err != nil || numbered[0].Seq != 5 || numbered[3].Seq != 8 {
		t.Fatalf("numbered %+v, %v", numbered, err)
	}
}

// TestNoStorageNoClock keeps the service off storage and HTTP packages and
// the wall clock: storage implements its Store, and time is the clock it
// is given.
func TestNoStorageNoClock(t *testing.T) {
	gobin := filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	if _, err := os.Stat(gobin); err != nil {
		gobin = "go"
	}
	out, err := exec.Command(gobin, "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "gorm.io/") || strings.HasPrefix(pkg, "github.com/gin-gonic/") || pkg == "github.com/rotaoncall/rota/store" || pkg == "github.com/rotaoncall/rota/api" {
			t.Errorf("the incidents service depends on %s", pkg)
		}
	}
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		src, _ := os.ReadFile(f)
		for _, b := range []string{"time." + "Now(", "time." + "Since(", "time." + "Until("} {
			if strings.Contains(string(src), b) {
				t.Errorf("%s calls %s", f, b)
			}
		}
	}
}
