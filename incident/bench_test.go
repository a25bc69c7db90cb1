package incident

import (
	"testing"
	"time"
)

// BenchmarkDeliveryAddChange streams deployments of 50 services through
// the accumulator against a year of incidents.
func BenchmarkDeliveryAddChange(b *testing.B) {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := Period{From: base, To: base.AddDate(1, 0, 0)}
	var incidents []Incident
	for i := range 2000 {
		s := base.Add(time.Duration(i) * 4 * time.Hour)
		incidents = append(incidents, Incident{ID: int64(i + 1), Title: "x", Severity: SEV3, Status: Triggered,
			Services: []int64{int64(i%50 + 1)}, StartedAt: s, DetectedAt: s})
	}
	d, err := NewDelivery(p, incidents)
	if err != nil {
		b.Fatal(err)
	}
	committed := base
	b.ResetTimer()
	for i := range b.N {
		at := base.Add(time.Duration(i%525600) * time.Minute)
		d.AddChange(Change{ServiceID: int64(i%50 + 1), Timestamp: at, CommittedAt: &committed})
	}
}

// BenchmarkOnAlertStorm is the decision for one alert of a storm: linking
// to the open incident.
func BenchmarkOnAlertStorm(b *testing.B) {
	at := time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
	open := []Incident{{ID: 1, Title: "x", Severity: SEV2, Status: Triggered, Services: []int64{1}, StartedAt: at, DetectedAt: at}}
	for i := range b.N {
		d := OnAlert(Auto, Alert{ID: int64(i + 2), ServiceID: 1, Urgency: "high", CreatedAt: at}, open)
		if d.Action != LinkTo {
			b.Fatal(d.Action)
		}
	}
}
