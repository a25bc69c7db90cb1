package incident

import (
	"math/rand/v2"
	"slices"
	"testing"
	"testing/quick"
	"time"

	"github.com/rotaoncall/rota"
)

// openStore is the fake of what storage does with OnAlert's decisions.
type openStore struct {
	incidents []Incident
	timelines [][]Entry
}

// open returns the open incidents linking the service, without their
// alerts, as storage would load them for OnAlert.

func (s *openStore) open(service int64) []Incident {
	var out []Incident
	for _, inc := range s.incidents {
		if inc.Status.Open() && slices.Contains(inc.Services, service) {
			inc.Alerts = nil
			out = append(out, inc)
		}
	}
	return out
}

func (s *openStore) apply(t testing.TB, d Decision) {
	t.Helper()
	switch d.Action {
	case OpenNew:
		if err := d.Incident.Validate(); err != nil {
			t.Fatalf("opened an invalid incident: %v", err)
		}
		d.Incident.ID = int64(len(s.incidents) + 1)
		s.incidents = append(s.incidents, d.Incident)
		es, err := Append(0, d.Entries...)
		if err != nil {
			t.Fatal(err)
		}
		s.timelines = append(s.timelines, es)
	case LinkTo:
		i := d.IncidentID - 1
		if !s.incidents[i].Status.Open() {
			t.Fatalf("linked into resolved incident %d", d.IncidentID)
		}
		s.incidents[i].Alerts = append(s.incidents[i].Alerts, d.Entries[0].AlertID)
		es, err := Append(int64(len(s.timelines[i])), d.Entries...)
		if err != nil {
			t.Fatal(err)
		}
		s.timelines[i] = append(s.timelines[i], es...)
	case NoAction:
		if d.Entries != nil {
			t.Fatalf("no action with entries %+v", d.Entries)
		}
	default:
		t.Fatalf("unknown action %q", d.Action)
	}
}

func TestOnAlert(t *testing.T) {
	at := ts(t, "2026-03-02T03:00:00Z")
	high := Alert{ID: 10, ServiceID: 1, Urgency: "high", Severity: "critical", Summary: "Checkout 5xx above 5%", CreatedAt: at}
	open := Incident{ID: 4, Title: "t", Severity: SEV3, Status: Acknowledged, Services: []int64{1, 2}, Alerts: []int64{9},
		StartedAt: at.Add(-time.Hour), DetectedAt: at.Add(-time.Hour), AcknowledgedAt: ptr(at.Add(-time.Hour))}
	newer := open.clone()
	newer.ID, newer.DetectedAt, newer.StartedAt, newer.AcknowledgedAt = 5, at.Add(-time.Minute), at.Add(-time.Minute), ptr(at.Add(-time.Minute))
	resolved := open.clone()
	resolved.ID, resolved.Status, resolved.ResolvedAt = 6, Resolved, ptr(at.Add(-time.Minute))
	low := high
	low.Urgency = "low"
	suppressed := high
	suppressed.Suppressed = true
	other := high
	other.ServiceID = 3

	for _, tc := range []struct {
		name   string
		mode   Mode
		alert  Alert
		open   []Incident
		action Action
		into   int64
	}{
		{"manual service opens nothing", Manual, high, nil, NoAction, 0},
		{"manual service links nothing", Manual, high, []Incident{open}, NoAction, 0},
		{"empty mode is manual", "", high, nil, NoAction, 0},
		{"auto opens on high urgency", Auto, high, nil, OpenNew, 0},
		{"auto ignores low urgency", Auto, low, nil, NoAction, 0},
		{"auto ignores a suppressed alert", Auto, suppressed, nil, NoAction, 0},
		{"auto links to the open incident", Auto, high, []Incident{open}, LinkTo, 4},
		{"a low-urgency alert joins the open incident", Auto, low, []Incident{open}, LinkTo, 4},
		{"a suppressed alert joins the open incident", Auto, suppressed, []Incident{open}, LinkTo, 4},
		{"the incident detected last takes it", Auto, high, []Incident{newer, open}, LinkTo, 5},
		{"a resolved incident takes nothing", Auto, high, []Incident{resolved}, OpenNew, 0},
		{"an incident of other services takes nothing", Auto, other, []Incident{open}, OpenNew, 0},
		{"an alert already linked", Auto, Alert{ID: 9, ServiceID: 1, Urgency: "high", CreatedAt: at}, []Incident{open}, NoAction, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := OnAlert(tc.mode, tc.alert, tc.open)
			if d.Action != tc.action {
				t.Fatalf("action %s, want %s", d.Action, tc.action)
			}
			switch d.Action {
			case LinkTo:
				if d.IncidentID != tc.into {
					t.Fatalf("linked into %d, want %d", d.IncidentID, tc.into)
				}
				if d.Entries[0].Kind != KindLinked || d.Entries[0].AlertID != tc.alert.ID || d.Entries[1].Kind != KindAlertTriggered {
					t.Fatalf("entries %+v", d.Entries)
				}
			case OpenNew:
				inc := d.Incident
				if inc.Title != tc.alert.Summary || inc.Severity != SEV2 || !inc.StartedAt.Equal(at) || !inc.DetectedAt.Equal(at) ||
					!slices.Equal(inc.Services, []int64{tc.alert.ServiceID}) || !slices.Equal(inc.Alerts, []int64{tc.alert.ID}) || inc.OpenedBy != 0 {
					t.Fatalf("opened %+v", inc)
				}
				if err := inc.Validate(); err != nil {
					t.Fatal(err)
				}
				kinds := []Kind{}
				for _, e := range d.Entries {
					kinds = append(kinds, e.Kind)
				}
				if !slices.Equal(kinds, []Kind{KindOpened, KindLinked, KindLinked, KindAlertTriggered}) {
					t.Fatalf("kinds %v", kinds)
				}
			}
		})
	}
}

func TestSeverityForAlert(t *testing.T) {
	for in, want := range map[string]Severity{"critical": SEV2, "error": SEV3, "": SEV3, "warning": SEV4, "info": SEV4} {
		if got := SeverityForAlert(in); got != want {
			t.Errorf("%q → %s, want %s", in, got, want)
		}
	}
	d := OnAlert(Auto, Alert{ID: 1, ServiceID: 1, Urgency: "high", CreatedAt: ts(t, "2026-03-02T03:00:00Z")}, nil)
	if d.Incident.Title != "Alert 1" {
		t.Fatalf("untitled alert opens %q", d.Incident.Title)
	}
	long := string(slices.Repeat([]rune{'é'}, MaxTitle))
	d = OnAlert(Auto, Alert{ID: 1, ServiceID: 1, Urgency: "high", Summary: long, CreatedAt: ts(t, "2026-03-02T03:00:00Z")}, nil)
	if err := d.Incident.Validate(); err != nil {
		t.Fatalf("a long summary opens an invalid incident: %v", err)
	}
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]Mode{"": Manual, "manual": Manual, " Auto ": Auto} {
		if got, err := ParseMode(in); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %v %v", in, got, err)
		}
	}
	_, err := ParseMode("always")
	wantField(t, err, rota.EInvalid, "incidents")
}

// TestAlertStormIsOneIncident: whatever the urgencies and order of a
// storm of alerts of one auto service, the first high-urgency alert opens
// one incident and every later alert links to it; nothing before it opens
// anything.
func TestAlertStormIsOneIncident(t *testing.T) {
	base := ts(t, "2026-03-02T03:00:00Z")
	prop := func(seed uint64, n uint16) bool {
		r := rand.New(rand.NewPCG(seed, 7))
		n = n%2000 + 1
		s := &openStore{}
		firstHigh := -1
		for i := range int(n) {
			u := "low"
			if r.IntN(3) > 0 {
				u = "high"
			}
			if u == "high" && firstHigh < 0 {
				firstHigh = i
			}
			a := Alert{ID: int64(i + 1), ServiceID: 1, Urgency: u, Severity: "critical", Summary: "storm", CreatedAt: base.Add(time.Duration(i) * time.Second)}
			s.apply(t, OnAlert(Auto, a, s.open(1)))
		}
		if firstHigh < 0 {
			return len(s.incidents) == 0
		}
		if len(s.incidents) != 1 {
			t.Logf("seed %d n %d: %d incidents", seed, n, len(s.incidents))
			return false
		}
		inc := s.incidents[0]
		want := []int64{}
		for i := firstHigh; i < int(n); i++ {
			want = append(want, int64(i+1))
		}
		if err := inc.Validate(); err != nil {
			t.Logf("storm incident invalid: %v", err)
			return false
		}
		return slices.Equal(inc.Alerts, want) && inc.DetectedAt.Equal(base.Add(time.Duration(firstHigh)*time.Second))
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 200}); err != nil {
		t.Fatal(err)
	}
}

// TestStormsOfSeveralServices: one incident per auto service per storm,
// a new one only after the previous is resolved, none for manual services.
func TestStormsOfSeveralServices(t *testing.T) {
	base := ts(t, "2026-03-02T03:00:00Z")
	modes := map[int64]Mode{1: Auto, 2: Auto, 3: Manual}
	r := rand.New(rand.NewPCG(3, 4))
	s := &openStore{}
	resolvedOf := map[int64]int{}
	for i := range 3000 {
		at := base.Add(time.Duration(i) * time.Second)
		svc := int64(1 + r.IntN(3))
		s.apply(t, OnAlert(modes[svc], Alert{ID: int64(i + 1), ServiceID: svc, Urgency: "high", CreatedAt: at}, s.open(svc)))
		if r.IntN(400) == 0 { // someone resolves an open incident
			for j := range s.incidents {
				if s.incidents[j].Status.Open() {
					inc, _, err := Resolve(s.incidents[j], 2, at)
					if err != nil {
						t.Fatal(err)
					}
					s.incidents[j] = inc
					resolvedOf[inc.Services[0]]++
					break
				}
			}
		}
	}
	per := map[int64]int{}
	open := map[int64]int{}
	for _, inc := range s.incidents {
		per[inc.Services[0]]++
		if inc.Status.Open() {
			open[inc.Services[0]]++
		}
	}
	for svc, mode := range modes {
		switch {
		case mode == Manual && per[svc] != 0:
			t.Errorf("manual service %d has %d incidents", svc, per[svc])
		case mode == Auto && open[svc] > 1:
			t.Errorf("service %d has %d open incidents", svc, open[svc])
		case mode == Auto && per[svc] != resolvedOf[svc]+open[svc]:
			t.Errorf("service %d: %d incidents, %d resolved and %d open", svc, per[svc], resolvedOf[svc], open[svc])
		case mode == Auto && per[svc] > resolvedOf[svc]+1:
			t.Errorf("service %d: %d incidents after %d resolutions", svc, per[svc], resolvedOf[svc])
		}
	}
}

func TestOnAlertAcknowledged(t *testing.T) {
	at := ts(t, "2026-03-02T03:00:00Z")
	d := OnAlert(Auto, Alert{ID: 10, ServiceID: 1, Urgency: "high", CreatedAt: at}, nil)
	inc := d.Incident
	inc.ID = 1

	next, entries, err := OnAlertAcknowledged(inc, 10, 4, at.Add(3*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if next.Status != Acknowledged || !next.AcknowledgedAt.Equal(at.Add(3*time.Minute)) || !slices.Contains(next.Responders, 4) {
		t.Fatalf("%+v", next)
	}
	if len(entries) != 2 || entries[0].Kind != KindAcknowledged || entries[0].ActorID != 4 || entries[1].Kind != KindStatusChanged {
		t.Fatalf("entries %+v", entries)
	}
	// A second acknowledgement records the fact but moves nothing.
	again, entries, err := OnAlertAcknowledged(next, 10, 5, at.Add(4*time.Minute))
	if err != nil || again.Status != Acknowledged || !again.AcknowledgedAt.Equal(at.Add(3*time.Minute)) || len(entries) != 1 {
		t.Fatalf("%+v %+v %v", again, entries, err)
	}
	// A mitigated incident stays mitigated.
	mit, _, _ := Mitigate(next, 4, at.Add(10*time.Minute))
	if got, _, _ := OnAlertAcknowledged(mit, 10, 4, at.Add(11*time.Minute)); got.Status != Mitigated {
		t.Fatalf("status %s", got.Status)
	}
	// An alert it does not link changes nothing.
	if got, entries, err := OnAlertAcknowledged(inc, 99, 4, at.Add(time.Minute)); err != nil || entries != nil || got.Status != Triggered {
		t.Fatalf("%v %v %v", got.Status, entries, err)
	}
}
