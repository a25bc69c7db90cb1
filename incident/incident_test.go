package incident

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
	_ "time/tzdata" // tests must not depend on the machine's zone files

	"github.com/rotaoncall/rota"
)

func ts(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v.UTC()
}

func ptr[T any](v T) *T { return &v }

// wantField fails unless err is a coded error with the code and field.
func wantField(t testing.TB, err error, code, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s on %s", code, field)
	}
	var re *rota.Error
	if !errors.As(err, &re) {
		t.Fatalf("%v is not a *rota.Error", err)
	}
	if re.Code != code || re.Field != field {
		t.Fatalf("error %q: code %s field %q, want %s %q", err, re.Code, re.Field, code, field)
	}
}

// atStatus returns an incident detected at t0 that reached status s by
// going through every status before it, one minute apart.
func atStatus(t testing.TB, s Status, t0 time.Time) Incident {
	t.Helper()
	inc, _, err := Open(OpenInput{Title: "Checkout fails", Severity: SEV2, Services: []int64{1}}, 7, t0)
	if err != nil {
		t.Fatal(err)
	}
	for i, st := range Statuses[1 : s.rank()+1] {
		inc, _, err = Transition(inc, st, 7, t0.Add(time.Duration(i+1)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
	}
	return inc
}

func TestTransitionsForwardAndBack(t *testing.T) {
	t0 := ts(t, "2026-03-02T10:00:00Z")
	at := t0.Add(time.Hour)
	for _, from := range Statuses {
		for _, to := range Statuses {
			t.Run(fmt.Sprintf("%s→%s", from, to), func(t *testing.T) {
				inc := atStatus(t, from, t0)
				before := inc.clone()
				next, entries, err := Transition(inc, to, 9, at)
				switch {
				case to.rank() < from.rank():
					wantField(t, err, rota.EConflict, "status")
					if entries != nil || next.Status != from {
						t.Fatalf("a refused transition changed things: %v %v", next.Status, entries)
					}
				case to == from:
					if err != nil || len(entries) != 0 || next.Status != from {
						t.Fatalf("same status: %v, %v, %v; want no change", next.Status, entries, err)
					}
				default:
					if err != nil {
						t.Fatal(err)
					}
					if next.Status != to {
						t.Fatalf("status %s, want %s", next.Status, to)
					}
					want := []Entry{{At: at, Kind: KindStatusChanged, ActorID: 9, From: from, To: to}}
					if !slices.EqualFunc(entries, want, entryEqual) {
						t.Fatalf("entries %+v, want %+v", entries, want)
					}
					if err := next.Validate(); err != nil {
						t.Fatalf("result invalid: %v", err)
					}
					// The instant of the target status is the transition's;
					// skipped ones stay unset; earlier ones are kept.
					own := map[Status]*time.Time{Acknowledged: next.AcknowledgedAt, Mitigated: next.MitigatedAt, Resolved: next.ResolvedAt}
					was := map[Status]*time.Time{Acknowledged: before.AcknowledgedAt, Mitigated: before.MitigatedAt, Resolved: before.ResolvedAt}
					for st, p := range own {
						switch {
						case st == to:
							if p == nil || !p.Equal(at) {
								t.Fatalf("%s at %v, want %v", st, p, at)
							}
						case st.rank() <= from.rank():
							if (p == nil) != (was[st] == nil) || (p != nil && !p.Equal(*was[st])) {
								t.Fatalf("%s changed from %v to %v", st, was[st], p)
							}
						default:
							if p != nil {
								t.Fatalf("skipped %s has an instant %v", st, p)
							}
						}
					}
					if !slices.Contains(next.Responders, 9) {
						t.Fatalf("actor not a responder: %v", next.Responders)
					}
				}
				// The argument is never modified.
				if inc.Status != before.Status || !slices.Equal(inc.Responders, before.Responders) || (inc.ResolvedAt == nil) != (before.ResolvedAt == nil) {
					t.Fatalf("Transition modified its argument")
				}
			})
		}
	}
}

func entryEqual(a, b Entry) bool {
	return a.Seq == b.Seq && a.At.Equal(b.At) && a.Kind == b.Kind && a.ActorID == b.ActorID && a.UserID == b.UserID &&
		a.AlertID == b.AlertID && a.ServiceID == b.ServiceID && a.ChangeID == b.ChangeID && a.Channel == b.Channel &&
		a.Shadow == b.Shadow && a.From == b.From && a.To == b.To && a.Field == b.Field && a.Text == b.Text && a.Corrects == b.Corrects
}

func TestTransitionBadInput(t *testing.T) {
	t0 := ts(t, "2026-03-02T10:00:00Z")
	inc := atStatus(t, Acknowledged, t0)
	for _, tc := range []struct {
		name  string
		to    Status
		at    time.Time
		code  string
		field string
	}{
		{"unknown status", "closed", t0.Add(time.Hour), rota.EInvalid, "status"},
		{"no instant", Resolved, time.Time{}, rota.EInvalid, "at"},
		{"before the acknowledgement", Resolved, t0.Add(30 * time.Second), rota.EInvalid, "at"},
		{"backwards", Triggered, t0.Add(time.Hour), rota.EConflict, "status"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Transition(inc, tc.to, 1, tc.at)
			wantField(t, err, tc.code, tc.field)
		})
	}
	// The transition may happen in the instant of the last one.
	if _, _, err := Resolve(inc, 1, *inc.AcknowledgedAt); err != nil {
		t.Fatalf("resolve at the acknowledgement's instant: %v", err)
	}
}

func TestValidate(t *testing.T) {
	t0 := ts(t, "2026-03-02T10:00:00Z")
	good := atStatus(t, Mitigated, t0)
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		change func(*Incident)
		field  string
	}{
		{"blank title", func(i *Incident) { i.Title = "  " }, "title"},
		{"long title", func(i *Incident) { i.Title = string(make([]byte, MaxTitle+1)) + "x" }, "title"},
		{"severity", func(i *Incident) { i.Severity = "SEV5" }, "severity"},
		{"status", func(i *Incident) { i.Status = "open" }, "status"},
		{"negative commander", func(i *Incident) { i.CommanderID = -1 }, "commander"},
		{"duplicate service", func(i *Incident) { i.Services = []int64{1, 2, 1} }, "services[2]"},
		{"zero alert", func(i *Incident) { i.Alerts = []int64{0} }, "alerts[0]"},
		{"zero responder", func(i *Incident) { i.Responders = []int64{3, -4} }, "responders[1]"},
		{"no start", func(i *Incident) { i.StartedAt = time.Time{} }, "started_at"},
		{"no detection", func(i *Incident) { i.DetectedAt = time.Time{} }, "detected_at"},
		{"started after detection", func(i *Incident) { i.StartedAt = i.DetectedAt.Add(time.Second) }, "detected_at"},
		{"acknowledged before detection", func(i *Incident) { i.AcknowledgedAt = ptr(i.DetectedAt.Add(-time.Second)) }, "acknowledged_at"},
		{"mitigated but no mitigated_at", func(i *Incident) { i.MitigatedAt = nil }, "mitigated_at"},
		{"resolved_at on a mitigated incident", func(i *Incident) { i.ResolvedAt = ptr(t0.Add(time.Hour)) }, "resolved_at"},
		{"zero acknowledged_at", func(i *Incident) { i.AcknowledgedAt = &time.Time{} }, "acknowledged_at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inc := good.clone()
			tc.change(&inc)
			wantField(t, inc.Validate(), rota.EInvalid, tc.field)
		})
	}
}

func TestParseSeverityAndStatus(t *testing.T) {
	for in, want := range map[string]Severity{"SEV1": SEV1, " sev2 ": SEV2, "Sev3": SEV3, "sev4": SEV4} {
		if got, err := ParseSeverity(in); err != nil || got != want {
			t.Errorf("ParseSeverity(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "SEV0", "SEV5", "critical", "1"} {
		_, err := ParseSeverity(in)
		wantField(t, err, rota.EInvalid, "severity")
	}
	if s, err := ParseStatus("Mitigated"); err != nil || s != Mitigated {
		t.Errorf("ParseStatus = %v, %v", s, err)
	}
	_, err := ParseStatus("closed")
	wantField(t, err, rota.EInvalid, "status")
}

func TestOpen(t *testing.T) {
	at := ts(t, "2026-03-02T10:00:00Z")
	inc, entries, err := Open(OpenInput{Title: " Checkout fails ", Severity: SEV1, CommanderID: 4, Services: []int64{1, 2}, Alerts: []int64{30}}, 7, at)
	if err != nil {
		t.Fatal(err)
	}
	if inc.Title != "Checkout fails" || inc.Status != Triggered || !inc.StartedAt.Equal(at) || !inc.DetectedAt.Equal(at) || inc.OpenedBy != 7 {
		t.Fatalf("opened %+v", inc)
	}
	if !slices.Equal(inc.Responders, []int64{7, 4}) {
		t.Fatalf("responders %v, want the opener and the commander", inc.Responders)
	}
	want := []Entry{
		{At: at, Kind: KindOpened, ActorID: 7, To: Triggered, Text: "Checkout fails"},
		{At: at, Kind: KindLinked, ActorID: 7, ServiceID: 1},
		{At: at, Kind: KindLinked, ActorID: 7, ServiceID: 2},
		{At: at, Kind: KindLinked, ActorID: 7, AlertID: 30},
	}
	if !slices.EqualFunc(entries, want, entryEqual) {
		t.Fatalf("entries %+v", entries)
	}
	if _, err := Append(0, entries...); err != nil {
		t.Fatalf("Open's entries do not append: %v", err)
	}

	// From an alert's page: detected when the alert came, started earlier.
	inc, _, err = Open(OpenInput{Title: "x", Severity: SEV3, StartedAt: at.Add(-time.Hour), DetectedAt: at.Add(-time.Minute)}, 7, at)
	if err != nil || !inc.StartedAt.Equal(at.Add(-time.Hour)) || !inc.DetectedAt.Equal(at.Add(-time.Minute)) {
		t.Fatalf("%+v %v", inc, err)
	}
	for _, tc := range []struct {
		name  string
		in    OpenInput
		at    time.Time
		field string
	}{
		{"no title", OpenInput{Severity: SEV1}, at, "title"},
		{"no severity", OpenInput{Title: "x"}, at, "severity"},
		{"detected in the future", OpenInput{Title: "x", Severity: SEV1, DetectedAt: at.Add(time.Second)}, at, "detected_at"},
		{"started after detection", OpenInput{Title: "x", Severity: SEV1, StartedAt: at.Add(time.Second), DetectedAt: at}, at, "detected_at"},
		{"no instant", OpenInput{Title: "x", Severity: SEV1}, time.Time{}, "at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Open(tc.in, 7, tc.at)
			wantField(t, err, rota.EInvalid, tc.field)
		})
	}
}

func TestEdit(t *testing.T) {
	t0 := ts(t, "2026-03-02T10:00:00Z")
	inc := atStatus(t, Resolved, t0)
	at := t0.Add(2 * time.Hour)
	next, entries, err := Edit{Title: ptr("Checkout down"), Severity: ptr(SEV1), StartedAt: ptr(t0.Add(-20 * time.Minute)), CommanderID: ptr(int64(5))}.Apply(inc, 8, at)
	if err != nil {
		t.Fatal(err)
	}
	if next.Title != "Checkout down" || next.Severity != SEV1 || !next.StartedAt.Equal(t0.Add(-20*time.Minute)) || next.CommanderID != 5 {
		t.Fatalf("edited %+v", next)
	}
	fields := []string{}
	for _, e := range entries {
		if e.Kind != KindEdited || e.ActorID != 8 || !e.At.Equal(at) {
			t.Fatalf("entry %+v", e)
		}
		fields = append(fields, e.Field)
	}
	if !slices.Equal(fields, []string{"title", "severity", "commander", "started_at"}) {
		t.Fatalf("edited fields %v", fields)
	}
	if entries[3].Text != "2026-03-02T10:00:00Z → 2026-03-02T09:40:00Z" {
		t.Fatalf("started_at entry text %q", entries[3].Text)
	}
	if inc.Title != "Checkout fails" {
		t.Fatal("Apply modified its argument")
	}
	// Nothing changed: no entries.
	if _, entries, err := (Edit{Title: ptr("Checkout fails")}).Apply(inc, 8, at); err != nil || entries != nil {
		t.Fatalf("no-op edit: %v %v", entries, err)
	}
	// started_at may not move after detection.
	_, _, err = Edit{StartedAt: ptr(t0.Add(time.Minute))}.Apply(inc, 8, at)
	wantField(t, err, rota.EInvalid, "detected_at")
	_, _, err = Edit{Severity: ptr(Severity("P1"))}.Apply(inc, 8, at)
	wantField(t, err, rota.EInvalid, "severity")
}

func TestAddLinks(t *testing.T) {
	t0 := ts(t, "2026-03-02T10:00:00Z")
	inc := atStatus(t, Triggered, t0)
	next, entries, err := AddLinks(inc, []int64{1, 2}, []int64{40, 41}, 3, t0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(next.Services, []int64{1, 2}) || !slices.Equal(next.Alerts, []int64{40, 41}) || len(entries) != 3 {
		t.Fatalf("%v %v %+v", next.Services, next.Alerts, entries)
	}
	if _, entries, _ := AddLinks(next, []int64{2}, []int64{40}, 3, t0); entries != nil {
		t.Fatalf("relinking wrote %+v", entries)
	}
	_, _, err = AddLinks(inc, nil, []int64{-1}, 3, t0)
	wantField(t, err, rota.EInvalid, "alerts[0]")
}
