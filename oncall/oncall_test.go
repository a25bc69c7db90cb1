package oncall_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/scheduler"
)

var update = flag.Bool("update", false, "rewrite golden files")

// memStore is a fake store that counts loads.
type memStore struct {
	scheds map[int64]rota.Schedule
	loads  int
}

func (m *memStore) ScheduleRevisions(context.Context) (map[int64]int64, error) {
	out := map[int64]int64{}
	for id, s := range m.scheds {
		out[id] = s.Revision
	}
	return out, nil
}

func (m *memStore) Schedule(_ context.Context, id int64) (rota.Schedule, error) {
	m.loads++
	s, ok := m.scheds[id]
	if !ok {
		return s, rota.Errorf(rota.ENotFound, "schedule not found")
	}
	return s, nil
}

func (m *memStore) Teams(context.Context) ([]rota.Team, error) {
	return []rota.Team{{ID: 1, Name: "payments"}}, nil
}

func (m *memStore) TeamEngineers(_ context.Context, teamID int64) ([]scheduler.Engineer, error) {
	for _, s := range m.scheds {
		if s.TeamID == rota.ID(teamID) {
			return s.Members, nil
		}
	}
	return nil, rota.Errorf(rota.ENotFound, "team not found")
}

func (m *memStore) Schedules(context.Context, int64) ([]rota.Schedule, error) {
	var out []rota.Schedule
	for _, s := range m.scheds {
		m.loads++
		out = append(out, s)
	}
	return out, nil
}

func sched(id int64, name string, rev int64) rota.Schedule {
	start := scheduler.LocalDateTime{Date: scheduler.Date{Year: 2026, Month: 11, Day: 2}, Hour: 9}
	day, _ := scheduler.ParseShiftLength("1d")
	week, _ := scheduler.ParseShiftLength("1w")
	var s rota.Schedule
	s.ID, s.Name, s.TeamID, s.TimeZone, s.Revision = rota.ID(id), name, "1", "Europe/Berlin", rev
	s.Members = []scheduler.Engineer{{ID: "1", Name: "Olga", Discipline: "ops"}, {ID: "2", Name: "Dan", Discipline: "dev"}, {ID: "3", Name: "Nia", Discipline: "dev"}}
	s.Layers = []scheduler.Layer{
		{ID: "10", Name: "ops-24x7", Tier: scheduler.TierPrimary, Participants: []string{"1"}, Start: start, Shift: week},
		{ID: "11", Name: "dev-business-hours", Tier: scheduler.TierPrimary, Participants: []string{"2"}, Start: start, Shift: day,
			Coverage: []scheduler.Window{{Days: []time.Weekday{1, 2, 3, 4, 5}, From: scheduler.TimeOfDay{Hour: 9}, To: scheduler.TimeOfDay{Hour: 17}}}},
		{ID: "12", Name: "learners", Tier: scheduler.TierShadow, Participants: []string{"3"}, Start: start, Shift: week},
	}
	s.Overrides = []scheduler.Override{{ID: "20", Tier: scheduler.TierPrimary, EngineerID: "2", Start: time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)}}
	return s
}

func TestCacheFollowsRevisions(t *testing.T) {
	ctx := context.Background()
	m := &memStore{scheds: map[int64]rota.Schedule{1: sched(1, "a", 1), 2: sched(2, "b", 1)}}
	svc := oncall.New(m)
	all, err := svc.All(ctx)
	if err != nil || len(all) != 2 {
		t.Fatalf("All = %d, %v", len(all), err)
	}
	loads := m.loads
	if _, err := svc.All(ctx); err != nil || m.loads != loads {
		t.Fatalf("unchanged schedules were reloaded (%d → %d loads)", loads, m.loads)
	}
	s := m.scheds[2]
	s.Revision, s.Name = 2, "b2"
	m.scheds[2] = s
	// Within MaxStale the service may still answer from its view; after a
	// local write (Invalidate) or a fresh read it must not.
	svc.Invalidate(2)
	r, err := svc.Schedule(ctx, 2)
	if err != nil || r.Name != "b2" {
		t.Fatalf("changed schedule not reloaded: %v %v", r, err)
	}
	delete(m.scheds, 1)
	if r, err := svc.FreshSchedule(ctx, 2); err != nil || r.Name != "b2" {
		t.Fatalf("FreshSchedule: %v", err)
	}
	all, _ = svc.All(ctx)
	if len(all) != 1 || all[0].Name != "b2" {
		t.Fatalf("deleted schedule still listed: %d", len(all))
	}
	if _, err := svc.Schedule(ctx, 1); !rota.IsCode(err, rota.ENotFound) {
		t.Fatalf("deleted schedule: %v", err)
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Fatalf("%s differs from the golden file; run go test ./oncall -update if intended\ngot:\n%s", name, got)
	}
}

func TestICalGolden(t *testing.T) {
	ctx := context.Background()
	m := &memStore{scheds: map[int64]rota.Schedule{7: sched(7, "payments-oncall", 1)}}
	svc := oncall.New(m)
	r, err := svc.Schedule(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	to := from.Add(7 * 24 * time.Hour)
	stamp := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	ics := oncall.ICal("Rota: payments-oncall", oncall.ScheduleEvents(r, from, to), stamp)
	golden(t, "schedule.ics", ics)
	all, _ := svc.All(ctx)
	golden(t, "dan.ics", oncall.ICal("Rota: Dan's shifts", oncall.EngineerEvents(all, "2", from, to), stamp))

	for i, line := range strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n") {
		if strings.Contains(line, "\n") {
			t.Fatalf("line %d has a bare LF", i)
		}
		if len(line) > 75 {
			t.Fatalf("line %d is %d octets, longer than RFC 5545's 75", i, len(line))
		}
	}
	// The UID of a shift is the same whatever window renders it.
	later := oncall.ICal("x", oncall.ScheduleEvents(r, from.Add(24*time.Hour), to.Add(24*time.Hour)), stamp)
	for _, uid := range uids(later) {
		if strings.Contains(ics, uid) {
			return
		}
	}
	t.Fatal("no UID is shared between two overlapping renders")
}

func uids(ics string) []string {
	var out []string
	for _, l := range strings.Split(ics, "\r\n") {
		if strings.HasPrefix(l, "UID:") {
			out = append(out, l)
		}
	}
	return out
}

func TestFeedWindowIsStable(t *testing.T) {
	a, _ := oncall.FeedWindow(time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC), 90)
	b, _ := oncall.FeedWindow(time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), 90)
	if !a.Equal(b) {
		t.Fatalf("window start moved a day later: %v → %v", a, b)
	}
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	from, to := oncall.FeedWindow(now, 90)
	if from.After(now.Add(-7*24*time.Hour)) || !to.Equal(now.Add(90*24*time.Hour)) {
		t.Fatalf("window %v–%v", from, to)
	}
}
