package incident

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/scheduler"
)

// deliveryFixture is a week of two services, checked by hand:
//
//	checkout (1): deploys D1 Mon 10:00 (lead 2h), D2 Tue 10:00 (lead 30m),
//	  D3 Wed 16:00 (no commit time), D4 Thu 09:00 (lead 24h); incident A
//	  Wed 20:00 follows D3 by 4 h, so 1 of 4 deploys failed: 25 %.
//	search (2): deploys E1 Fri 12:00 (lead 1h), E2 Sun 23:00; incident C
//	  (both services) Sat 03:00 follows E1 by 15 h, incident B next Mon
//	  02:00 (after the period) follows E2 by 3 h: 2 of 2 failed.
//	incident D (search) Tue 00:00 is never acknowledged nor resolved;
//	incident E (checkout) started before the period and counts nowhere.
func deliveryFixture(t testing.TB) (Period, []Incident, []Change) {
	at := func(s string) time.Time { return ts(t, s) }
	p := Period{From: at("2026-03-02T00:00:00Z"), To: at("2026-03-09T00:00:00Z")}
	incidents := []Incident{
		{ID: 1, Title: "A", Severity: SEV2, Status: Resolved, Services: []int64{1}, StartedAt: at("2026-03-04T20:00:00Z"), DetectedAt: at("2026-03-04T20:05:00Z"),
			AcknowledgedAt: ptr(at("2026-03-04T20:15:00Z")), ResolvedAt: ptr(at("2026-03-04T21:05:00Z"))},
		{ID: 2, Title: "B", Severity: SEV1, Status: Resolved, Services: []int64{2}, StartedAt: at("2026-03-09T02:00:00Z"), DetectedAt: at("2026-03-09T02:00:00Z"),
			AcknowledgedAt: ptr(at("2026-03-09T02:01:00Z")), ResolvedAt: ptr(at("2026-03-09T03:00:00Z"))},
		{ID: 3, Title: "C", Severity: SEV3, Status: Resolved, Services: []int64{1, 2}, StartedAt: at("2026-03-07T03:00:00Z"), DetectedAt: at("2026-03-07T03:00:00Z"),
			AcknowledgedAt: ptr(at("2026-03-07T03:20:00Z")), MitigatedAt: ptr(at("2026-03-07T04:00:00Z")), ResolvedAt: ptr(at("2026-03-07T05:00:00Z"))},
		{ID: 4, Title: "D", Severity: SEV4, Status: Triggered, Services: []int64{2}, StartedAt: at("2026-03-03T00:00:00Z"), DetectedAt: at("2026-03-03T00:00:00Z")},
		{ID: 5, Title: "E", Severity: SEV1, Status: Resolved, Services: []int64{1}, StartedAt: at("2026-03-01T12:00:00Z"), DetectedAt: at("2026-03-01T12:00:00Z"),
			ResolvedAt: ptr(at("2026-03-01T13:00:00Z"))},
	}
	committed := func(s string) *time.Time { return ptr(at(s)) }
	changes := []Change{
		{ID: 1, ServiceID: 1, Summary: "D1", Timestamp: at("2026-03-02T10:00:00Z"), CommittedAt: committed("2026-03-02T08:00:00Z")},
		{ID: 2, ServiceID: 1, Summary: "D2", Timestamp: at("2026-03-03T10:00:00Z"), CommittedAt: committed("2026-03-03T09:30:00Z")},
		{ID: 3, ServiceID: 1, Summary: "D3", Timestamp: at("2026-03-04T16:00:00Z")},
		{ID: 4, ServiceID: 1, Summary: "D4", Timestamp: at("2026-03-05T09:00:00Z"), CommittedAt: committed("2026-03-04T09:00:00Z")},
		{ID: 5, ServiceID: 2, Summary: "E1", Timestamp: at("2026-03-06T12:00:00Z"), CommittedAt: committed("2026-03-06T11:00:00Z")},
		{ID: 6, ServiceID: 2, Summary: "E2", Timestamp: at("2026-03-08T23:00:00Z")},
		{ID: 7, ServiceID: 1, Summary: "before the period", Timestamp: at("2026-03-01T23:59:59Z")},
		{ID: 8, ServiceID: 2, Summary: "at the period's end", Timestamp: at("2026-03-09T00:00:00Z")},
	}
	for _, inc := range incidents {
		if err := inc.Validate(); err != nil {
			t.Fatalf("fixture incident %s: %v", inc.Title, err)
		}
	}
	return p, incidents, changes
}

func TestDeliveryFixture(t *testing.T) {
	p, incidents, changes := deliveryFixture(t)
	d, err := NewDelivery(p, incidents)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		d.AddChange(c)
	}
	today := scheduler.Date{Year: 2026, Month: time.March, Day: 8}
	d.AddActionItem(ActionItem{Title: "X", Due: scheduler.Date{Year: 2026, Month: time.March, Day: 5}, Status: ActionOpen}, []int64{1}, today)
	d.AddActionItem(ActionItem{Title: "Y", Due: scheduler.Date{Year: 2026, Month: time.March, Day: 10}, Status: ActionInProgress}, []int64{1, 2}, today)
	d.AddActionItem(ActionItem{Title: "Z", Due: scheduler.Date{Year: 2026, Month: time.March, Day: 1}, Status: ActionDone}, []int64{2}, today)
	d.AddActionItem(ActionItem{Title: "due today", Due: today, Status: ActionOpen}, []int64{3}, today)

	for _, tc := range []struct {
		name     string
		services []int64
		want     Figures
	}{
		{"checkout", []int64{1}, Figures{
			Deployments: 4, DeploymentsPerWeek: 4, FailedDeployments: 1, ChangeFailRate: 0.25,
			LeadTime: 2 * time.Hour, LeadTimeSamples: 3,
			Incidents: 2, BySeverity: map[Severity]int{SEV2: 1, SEV3: 1},
			MTTA: 15 * time.Minute, Acknowledged: 2, MTTR: 90 * time.Minute, Resolved: 2,
			OpenActionItems: 2, OverdueActionItems: 1,
		}},
		{"search", []int64{2}, Figures{
			Deployments: 2, DeploymentsPerWeek: 2, FailedDeployments: 2, ChangeFailRate: 1,
			LeadTime: time.Hour, LeadTimeSamples: 1,
			Incidents: 2, BySeverity: map[Severity]int{SEV3: 1, SEV4: 1},
			MTTA: 20 * time.Minute, Acknowledged: 1, MTTR: 2 * time.Hour, Resolved: 1,
			OpenActionItems: 1,
		}},
		{"team: C and Y count once; median of four lead times", []int64{1, 2}, Figures{
			Deployments: 6, DeploymentsPerWeek: 6, FailedDeployments: 3, ChangeFailRate: 0.5,
			LeadTime: 90 * time.Minute, LeadTimeSamples: 4,
			Incidents: 3, BySeverity: map[Severity]int{SEV2: 1, SEV3: 1, SEV4: 1},
			MTTA: 15 * time.Minute, Acknowledged: 2, MTTR: 90 * time.Minute, Resolved: 2,
			OpenActionItems: 2, OverdueActionItems: 1,
		}},
		{"a service with nothing", []int64{9}, Figures{BySeverity: map[Severity]int{}}},
		{"only an action item due today, not overdue", []int64{3}, Figures{BySeverity: map[Severity]int{}, OpenActionItems: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := d.Services(tc.services...)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
	if got := d.Service(1); got.ChangeFailRate != 0.25 {
		t.Fatalf("Service(1) %+v", got)
	}
	if ids := d.ServiceIDs(); !slices.Equal(ids, []int64{1, 2, 3}) {
		t.Fatalf("service ids %v", ids)
	}
}

// TestChangeFailMatchesSuspects: a deployment fails exactly when it is a
// suspect of an incident on its service, whatever order the changes are
// streamed in.
func TestChangeFailMatchesSuspects(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	base := ts(t, "2026-03-02T00:00:00Z")
	p := Period{From: base, To: base.Add(14 * 24 * time.Hour)}
	for range 100 {
		var incidents []Incident
		for i := range r.IntN(8) {
			start := base.Add(time.Duration(r.IntN(16*24*60)) * time.Minute)
			incidents = append(incidents, Incident{ID: int64(i + 1), Title: "x", Severity: SEV3, Status: Triggered,
				Services: []int64{int64(1 + r.IntN(3))}, StartedAt: start, DetectedAt: start})
		}
		var changes []Change
		for i := range r.IntN(60) {
			// Whole hours, so that some land exactly 24 h before a start.
			changes = append(changes, Change{ID: int64(i + 1), ServiceID: int64(1 + r.IntN(3)),
				Timestamp: base.Add(time.Duration(r.IntN(14*24)) * time.Hour)})
		}
		failed := map[int64]bool{}
		for _, inc := range incidents {
			for _, c := range Suspects(inc, changes) {
				failed[c.ID] = true
			}
		}
		d1, _ := NewDelivery(p, incidents)
		d2, _ := NewDelivery(p, incidents)
		shuffled := slices.Clone(changes)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		for i := range changes {
			d1.AddChange(changes[i])
			d2.AddChange(shuffled[i])
		}
		for svc := int64(1); svc <= 3; svc++ {
			want := 0
			for _, c := range changes {
				if c.ServiceID == svc && failed[c.ID] {
					want++
				}
			}
			f1, f2 := d1.Service(svc), d2.Service(svc)
			if f1.FailedDeployments != want || !reflect.DeepEqual(f1, f2) {
				t.Fatalf("service %d: failed %d (shuffled %d), suspects say %d", svc, f1.FailedDeployments, f2.FailedDeployments, want)
			}
		}
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{[]time.Duration{5}, 5},
		{[]time.Duration{9, 1, 5}, 5},
		{[]time.Duration{4, 1, 3, 2}, 2},
		{[]time.Duration{1, 2}, 1}, // the mean of 1 and 2 ns, rounded down
		{[]time.Duration{time.Hour, 3 * time.Hour}, 2 * time.Hour},
	} {
		if got := median(slices.Clone(tc.in)); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestPeriod(t *testing.T) {
	a := ts(t, "2026-03-02T00:00:00Z")
	for _, tc := range []struct {
		p     Period
		field string
	}{
		{Period{To: a}, "from"},
		{Period{From: a}, "to"},
		{Period{From: a, To: a}, "to"},
		{Period{From: a.Add(time.Second), To: a}, "to"},
	} {
		_, err := NewDelivery(tc.p, nil)
		wantField(t, err, rota.EInvalid, tc.field)
	}
	p := Period{From: a, To: a.Add(time.Hour)}
	if !p.Contains(a) || p.Contains(a.Add(time.Hour)) || p.Contains(a.Add(-1)) {
		t.Fatal("a period is half-open")
	}
}

func TestWeeksAndTrend(t *testing.T) {
	p := Period{From: ts(t, "2026-03-01T00:00:00Z"), To: ts(t, "2026-04-01T00:00:00Z")}
	weeks, err := Weeks(p, "Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	wantFrom := []string{"2026-03-01T00:00:00Z", "2026-03-01T23:00:00Z", "2026-03-08T23:00:00Z", "2026-03-15T23:00:00Z", "2026-03-22T23:00:00Z", "2026-03-29T22:00:00Z"}
	if len(weeks) != len(wantFrom) {
		t.Fatalf("%d weeks: %v", len(weeks), weeks)
	}
	for i, w := range weeks {
		if !w.From.Equal(ts(t, wantFrom[i])) {
			t.Errorf("week %d starts %v, want %s", i, w.From, wantFrom[i])
		}
		if i > 0 && !weeks[i-1].To.Equal(w.From) {
			t.Errorf("gap before week %d", i)
		}
	}
	if d := weeks[4].To.Sub(weeks[4].From); d != 167*time.Hour {
		t.Errorf("the week of the spring change lasts %v, want 167h", d)
	}
	if !weeks[len(weeks)-1].To.Equal(p.To) {
		t.Errorf("last week ends %v", weeks[len(weeks)-1].To)
	}
	if _, err := Weeks(p, "Nowhere/Else"); !rota.IsCode(err, rota.EInvalid) {
		t.Fatalf("unknown zone: %v", err)
	}

	tr, err := NewTrend(p, "Europe/Berlin", []Incident{{ID: 1, Title: "x", Severity: SEV2, Status: Triggered, Services: []int64{1},
		StartedAt: ts(t, "2026-03-02T01:00:00Z"), DetectedAt: ts(t, "2026-03-02T01:00:00Z")}})
	if err != nil {
		t.Fatal(err)
	}
	// 23:30 UTC on Sunday is Monday 00:30 in Berlin: the second week; it
	// is followed by the incident 90 minutes later.
	tr.AddChange(Change{ServiceID: 1, Timestamp: ts(t, "2026-03-01T23:30:00Z")})
	tr.AddChange(Change{ServiceID: 1, Timestamp: ts(t, "2026-03-01T22:30:00Z")})
	tr.AddChange(Change{ServiceID: 1, Timestamp: ts(t, "2026-04-01T00:00:00Z")}) // after the period
	ws := tr.Weeks()
	if f := ws[0].Service(1); f.Deployments != 1 || f.FailedDeployments != 1 || f.Incidents != 0 {
		t.Fatalf("first week %+v", f)
	}
	if f := ws[1].Service(1); f.Deployments != 1 || f.FailedDeployments != 1 || f.Incidents != 1 {
		t.Fatalf("second week %+v", f)
	}
	total := 0
	for _, w := range ws {
		total += w.Service(1).Deployments
	}
	if total != 2 {
		t.Fatalf("%d deployments in the trend, want 2", total)
	}
}
