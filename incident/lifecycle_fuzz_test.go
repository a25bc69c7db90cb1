package incident

import (
	"testing"
	"time"
)

// FuzzLifecycle drives an incident through an arbitrary sequence of
// transitions, edits, links, alert acknowledgements and notes. Whatever
// the sequence, every accepted step leaves a valid incident whose status
// never goes back, every refused step leaves it as it was, and every
// entry returned appends to the timeline.
func FuzzLifecycle(f *testing.F) {
	f.Add([]byte{0, 10, 1, 20, 2, 5, 3, 1, 4, 0, 5, 9})
	f.Add([]byte{3, 0, 0, 0, 1, 0, 2, 0, 3, 0})
	f.Add([]byte{6, 200, 7, 3, 1, 255, 0, 0})
	f.Fuzz(func(t *testing.T, ops []byte) {
		// Long inputs only repeat short ones, and each step validates the
		// whole incident: keep the work per input bounded.
		ops = ops[:min(len(ops), 512)]
		t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		inc, entries, err := Open(OpenInput{Title: "fuzz", Severity: SEV3, Services: []int64{1}, Alerts: []int64{10}}, 1, t0)
		if err != nil {
			t.Fatal(err)
		}
		timeline, err := Append(0, entries...)
		if err != nil {
			t.Fatal(err)
		}
		at := t0
		for i := 0; i+1 < len(ops); i += 2 {
			op, arg := ops[i]%8, ops[i+1]
			// Mostly forward in time, sometimes backwards.
			at = at.Add(time.Duration(int(arg)-16) * time.Minute)
			before := inc.clone()
			var next Incident
			var es []Entry
			switch op {
			case 0, 1, 2, 3:
				next, es, err = Transition(inc, Statuses[int(arg)%4], int64(arg%5), at)
			case 4:
				started := t0.Add(time.Duration(int(arg)-128) * time.Minute)
				next, es, err = Edit{StartedAt: &started, Severity: &Severities[int(arg)%4]}.Apply(inc, 2, at)
			case 5:
				next, es, err = AddLinks(inc, []int64{int64(arg % 4)}, []int64{int64(arg)}, 3, at)
			case 6:
				next, es, err = OnAlertAcknowledged(inc, int64(arg%12), 4, at)
			case 7:
				var n Entry
				n, err = Note("note", 5, at, int64(arg)%(LastSeq(timeline)+2))
				next, es = inc, []Entry{n}
			}
			if err != nil {
				if inc.Status != before.Status || len(inc.Alerts) != len(before.Alerts) {
					t.Fatalf("a refused step changed the incident")
				}
				continue
			}
			if verr := next.Validate(); verr != nil {
				t.Fatalf("op %d arg %d left an invalid incident: %v\n%+v", op, arg, verr, next)
			}
			if next.Status.rank() < inc.Status.rank() {
				t.Fatalf("status went back from %s to %s", inc.Status, next.Status)
			}
			added, aerr := Append(LastSeq(timeline), es...)
			if aerr != nil {
				if op == 7 { // a note correcting an entry that is not there yet
					continue
				}
				t.Fatalf("op %d: entries %+v do not append: %v", op, es, aerr)
			}
			timeline = append(timeline, added...)
			inc = next
		}
	})
}
