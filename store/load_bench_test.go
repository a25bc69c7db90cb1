package store_test

import (
	"context"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/load/loadsvc"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

// Sizes of the load report benchmark: DESIGN.md's target.
const (
	benchEngineers = 500
	benchDays      = 90
	benchAlerts    = 250_000 // four pages each: two engineers, SMS then voice
)

var benchFrom = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)

// seedLoadBench fills a database with one team of 500 engineers in three
// zones on a daily primary and secondary rotation, and 1,000,000 sent
// pages over 90 days (half the alerts acknowledged), written with SQL so
// that seeding takes seconds.
func seedLoadBench(b *testing.B, db *store.DB) int64 {
	b.Helper()
	ctx := context.Background()
	team, err := db.CreateTeam(ctx, rota.Team{Name: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	exec := func(q string, args ...any) {
		b.Helper()
		if _, err := db.SQL().ExecContext(ctx, q, args...); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO users (email, name, discipline, time_zone, created_at, updated_at)
		SELECT 'eng' || g || '@example.com', 'Engineer ' || g, CASE WHEN g % 2 = 0 THEN 'dev' ELSE 'ops' END,
			(ARRAY['Europe/Berlin', 'America/New_York', 'Asia/Kolkata'])[1 + g % 3], now(), now()
		FROM generate_series(1, $1) g`, benchEngineers)
	exec(`INSERT INTO team_members (team_id, user_id, role, created_at) SELECT $1, id, 'member', now() FROM users`, team.ID)
	svc, err := db.CreateService(ctx, paging.Service{TeamID: team.ID, Name: "bench-api", Urgency: paging.UrgencyHigh})
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	rows, err := db.SQL().QueryContext(ctx, "SELECT id FROM users ORDER BY id")
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, rota.ID(id))
	}
	rows.Close()
	rev := append([]string(nil), ids...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	start := scheduler.LocalDateTime{Date: scheduler.Date{Year: 2026, Month: 1, Day: 5}, Hour: 9}
	var s rota.Schedule
	s.Name, s.TimeZone, s.TeamID = "bench-oncall", "Europe/Berlin", rota.ID(team.ID)
	s.Layers = []scheduler.Layer{
		{Name: "primary", Tier: scheduler.TierPrimary, Participants: ids, Start: start, Shift: scheduler.ShiftLength{Days: 1}},
		{Name: "secondary", Tier: scheduler.TierSecondary, Participants: rev, Start: start, Shift: scheduler.ShiftLength{Days: 1}},
	}
	if _, err := db.CreateSchedule(ctx, 0, s); err != nil {
		b.Fatal(err)
	}
	step := float64(benchDays*24*3600) / benchAlerts
	exec(`INSERT INTO alerts (service_id, team_id, dedup_key, status, urgency, severity, summary, created_at, last_seen_at, acked_at, acked_by, resolved_at)
		SELECT $1, $2, 'k' || g, 'resolved', 'high', 'critical', 'disk full',
			$3::timestamptz + g * $4 * interval '1 second', $3::timestamptz + g * $4 * interval '1 second',
			CASE WHEN g % 2 = 0 THEN $3::timestamptz + (g * $4 + 300) * interval '1 second' END,
			CASE WHEN g % 2 = 0 THEN (SELECT min(id) FROM users) + (g % $5) END,
			$3::timestamptz + (g * $4 + 900) * interval '1 second'
		FROM generate_series(1, $6) g`, svc.ID, team.ID, benchFrom, step, benchEngineers, benchAlerts)
	exec(`INSERT INTO pages (alert_id, user_id, channel, shadow, step, loop, urgency, status, attempts, next_attempt_at, created_at, sent_at)
		SELECT a.id, u.first + CASE WHEN k < 2 THEN (a.id % $1) ELSE ((a.id * 7 + 3) % $1) END,
			CASE WHEN k % 2 = 0 THEN 'sms' ELSE 'voice' END, FALSE, k / 2, 0, 'high', 'sent', 1,
			a.created_at, a.created_at, a.created_at + (k * 70 + 1) * interval '1 second'
		FROM alerts a CROSS JOIN generate_series(0, 3) k CROSS JOIN (SELECT min(id) AS first FROM users) u`, benchEngineers)
	exec("VACUUM ANALYZE")
	return team.ID
}

// BenchmarkLoadReportPostgres is DESIGN.md's target: the load report of a
// team of 500 engineers over 90 days with 1,000,000 pages on PostgreSQL,
// through the load service as GET /api/v1/load computes it (without the
// proposals, which plan the next weeks). Pages stream from one query
// ordered per engineer into the accumulator; peak-heap-MB (live heap objects,
// sampled) shows that they are not all held.
func BenchmarkLoadReportPostgres(b *testing.B) {
	clock := storetest.NewClock(benchFrom.AddDate(0, 0, benchDays))
	db := storetest.Open(b, store.Postgres, storetest.Options{Now: clock.Now})
	team := seedLoadBench(b, db)
	svc := loadsvc.New(db, oncall.New(db), clock.Now)
	q := loadsvc.Query{TeamID: team, From: benchFrom, To: benchFrom.AddDate(0, 0, benchDays)}
	ctx := context.Background()
	check := func() {
		out, err := svc.Report(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		r := out[0].Report
		if r.Totals.Pages != 4*benchAlerts || len(r.Engineers) != benchEngineers {
			b.Fatalf("report of %d pages and %d engineers", r.Totals.Pages, len(r.Engineers))
		}
	}
	check() // warm the schedule cache and the database's buffers
	var peak uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		// runtime/metrics reads the heap without stopping the world.
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
				metrics.Read(sample)
				peak = max(peak, sample[0].Value.Uint64())
			}
		}
	}()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		check()
	}
	b.StopTimer()
	close(stop)
	<-done
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(4*benchAlerts), "pages")
}
