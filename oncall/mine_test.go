package oncall_test

import (
	"testing"
	"time"

	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/scheduler"
)

func TestMyOnCall(t *testing.T) {
	s := sched(1, "payments-oncall", 1)
	c, err := scheduler.Compile(s.Schedule)
	if err != nil {
		t.Fatal(err)
	}
	all := []*oncall.Resolved{{Schedule: s, Compiled: c}}
	utc := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, time.UTC) }
	horizon := 30 * 24 * time.Hour
	cases := []struct {
		name      string
		who       string
		at        time.Time
		current   []time.Time // end of each current stint
		nextStart time.Time   // zero: none
	}{
		// Wednesday 10:00 Berlin: Dan holds primary until 17:00, then again Thursday 09:00.
		{"dev in business hours", "2", utc(25, 9), []time.Time{utc(25, 16)}, utc(26, 8)},
		// Olga's 24×7 layer is under Dan's business hours: she is back at 17:00.
		{"ops under business hours", "1", utc(25, 9), nil, utc(25, 16)},
		// Saturday: Olga until Dan's override at 08:00 UTC, then from noon.
		{"ops until an override", "1", utc(28, 7), []time.Time{utc(28, 8)}, utc(28, 12)},
		// Nia shadows all the time, so her stint runs to the horizon.
		{"shadow throughout", "3", utc(25, 9), []time.Time{utc(25, 9).Add(horizon)}, time.Time{}},
		{"not in the schedule", "9", utc(25, 9), nil, time.Time{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := oncall.MyOnCall(all, tc.who, tc.at, horizon)
			if len(m.Current) != len(tc.current) {
				t.Fatalf("current = %+v, want ends %v", m.Current, tc.current)
			}
			for i, end := range tc.current {
				st := m.Current[i]
				if !st.End.Equal(end) || st.Start.After(tc.at) || st.ScheduleName != "payments-oncall" || st.TeamID != "1" || st.OpenEnded != end.Equal(tc.at.Add(horizon)) {
					t.Errorf("current[%d] = %+v, want end %v", i, st, end)
				}
			}
			switch {
			case tc.nextStart.IsZero() && m.Next != nil:
				t.Errorf("next = %+v, want none", *m.Next)
			case !tc.nextStart.IsZero() && (m.Next == nil || !m.Next.Start.Equal(tc.nextStart)):
				t.Errorf("next = %+v, want start %v", m.Next, tc.nextStart)
			}
		})
	}
}
