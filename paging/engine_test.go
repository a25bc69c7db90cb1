package paging_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota/authz"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

func TestEscalation(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			w := newWorld(t, d)
			r := w.send(paging.Incoming{Summary: "checkout down", DedupKey: "k1", Severity: paging.Critical})
			if r.Outcome != paging.Created {
				t.Fatalf("outcome %s", r.Outcome)
			}
			if n := w.fire(); n != 1 {
				t.Fatalf("fired %d alerts, want 1", n)
			}
			want := map[string]int{"olga/0/0": 1, "nia/0/0/shadow": 1}
			if got := w.pages(r.AlertID); !reflect.DeepEqual(got, want) {
				t.Fatalf("step 1 pages %v, want %v", got, want)
			}
			// Nothing more is due until five minutes have passed.
			w.clock.Add(4 * time.Minute)
			if n := w.fire(); n != 0 {
				t.Fatalf("fired %d before the delay", n)
			}
			// Dedup while open: counted, no new page.
			if r2 := w.send(paging.Incoming{Summary: "checkout down", DedupKey: "k1", Severity: paging.Critical}); r2.Outcome != paging.Deduplicated || r2.AlertID != r.AlertID {
				t.Fatalf("second trigger: %+v", r2)
			}
			// A shadow's ack does not stop escalation.
			if _, o, err := paging.NewAlerts(w.db, nil).Act(w.ctx, authz.Actor{UserID: w.nia}, paging.AlertAck, r.AlertID); err != nil || !o.ShadowAck {
				shadow := o.ShadowAck
				t.Fatalf("shadow ack: %v %v", shadow, err)
			}
			w.clock.Add(time.Minute)
			w.fire()
			w.clock.Add(10 * time.Minute)
			w.fire()
			want["dan/1/0"], want["sam/2/0"] = 1, 1
			if got := w.pages(r.AlertID); !reflect.DeepEqual(got, want) {
				t.Fatalf("after 15m pages %v, want %v", got, want)
			}
			// Repeat: the second pass starts 10 minutes after the last step.
			w.clock.Add(10 * time.Minute)
			w.fire()
			want["olga/0/1"], want["nia/0/1/shadow"] = 1, 1
			if got := w.pages(r.AlertID); !reflect.DeepEqual(got, want) {
				t.Fatalf("second pass pages %v, want %v", got, want)
			}
			// Olga acknowledges: escalation stops for good.
			a, o, err := paging.NewAlerts(w.db, nil).Act(w.ctx, authz.Actor{UserID: w.olga}, paging.AlertAck, r.AlertID)
			shadow := o.ShadowAck
			if err != nil || shadow || a.Status != paging.Acknowledged || a.NextStepAt != nil {
				t.Fatalf("ack: %+v %v %v", a, shadow, err)
			}
			w.clock.Add(time.Hour)
			if n := w.fire(); n != 0 {
				t.Fatalf("fired %d after ack", n)
			}
			tl, _ := w.db.AlertTimeline(w.ctx, r.AlertID)
			var kinds []string
			for _, e := range tl {
				kinds = append(kinds, e.Kind)
			}
			joined := strings.Join(kinds, " ")
			for _, k := range []string{"created", "step_fired", "deduped", "acknowledged"} {
				if !strings.Contains(joined, k) {
					t.Errorf("timeline lacks %s: %s", k, joined)
				}
			}
			if first := tl[1].Message; tl[1].Kind != "step_fired" || !strings.Contains(first, "paged olg (schedule payments-oncall primary)") || !strings.Contains(first, "shadow copy to nia") {
				t.Errorf("the step entry does not name who was paged: %+v", tl[1])
			}
			// Resolve closes; a new trigger with the same key is a new alert.
			w.send(paging.Incoming{DedupKey: "k1", Resolve: true})
			a, _ = w.db.Alert(w.ctx, r.AlertID)
			if a.Status != paging.Resolved {
				t.Fatalf("status after resolve: %s", a.Status)
			}
			if r3 := w.send(paging.Incoming{Summary: "again", DedupKey: "k1", Severity: paging.Critical}); r3.Outcome != paging.Created || r3.AlertID == r.AlertID {
				t.Fatalf("trigger after resolve: %+v", r3)
			}
			// A resolve for an alert that does not exist is accepted and dropped.
			if r4 := w.send(paging.Incoming{DedupKey: "nope", Resolve: true}); r4.Outcome != paging.Dropped {
				t.Fatalf("resolve of nothing: %+v", r4)
			}
		})
	}
}

func TestUrgencyHoldAndMaintenance(t *testing.T) {
	w := newWorld(t, store.SQLite)
	// Saturday 2026-11-28 03:00 Berlin: outside business hours.
	w.clock.Set(time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC))
	low := w.send(paging.Incoming{Summary: "disk 80%", DedupKey: "disk", Severity: paging.Warning})
	a, _ := w.db.Alert(w.ctx, low.AlertID)
	monday9 := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	if a.Urgency != paging.Low || a.HeldUntil == nil || !a.HeldUntil.Equal(monday9) {
		t.Fatalf("low alert at night: urgency %s held until %v, want %v", a.Urgency, a.HeldUntil, monday9)
	}
	high := w.send(paging.Incoming{Summary: "checkout down", DedupKey: "down", Severity: paging.Critical})
	w.fire()
	if len(w.pages(low.AlertID)) != 0 || len(w.pages(high.AlertID)) == 0 {
		t.Fatalf("held alert paged (%v) or high alert did not (%v)", w.pages(low.AlertID), w.pages(high.AlertID))
	}
	held, _ := w.db.Alerts(w.ctx, paging.AlertFilter{Held: true})
	if len(held) != 1 || held[0].ID != low.AlertID {
		t.Fatalf("held alerts: %+v", held)
	}
	// Released at the next business-hours window: pages once (low urgency
	// fires the first step only).
	w.clock.Set(monday9)
	w.fire()
	w.clock.Add(2 * time.Hour)
	w.fire()
	if got := w.pages(low.AlertID); !reflect.DeepEqual(got, map[string]int{"olga/0/0": 1, "nia/0/0/shadow": 1}) {
		t.Fatalf("released low alert pages: %v", got)
	}
	a, _ = w.db.Alert(w.ctx, low.AlertID)
	if a.HeldUntil != nil || a.NextStepAt != nil {
		t.Fatalf("after release: held %v next %v", a.HeldUntil, a.NextStepAt)
	}
	// Maintenance: kept, never paged.
	if _, err := w.db.AddMaintenance(w.ctx, paging.MaintenanceWindow{ServiceID: w.service.ID, Start: w.clock.Now().Add(-time.Minute), End: w.clock.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	m := w.send(paging.Incoming{Summary: "deploy noise", DedupKey: "noise", Severity: paging.Critical})
	w.fire()
	a, _ = w.db.Alert(w.ctx, m.AlertID)
	if !a.Suppressed || len(w.pages(m.AlertID)) != 0 {
		t.Fatalf("maintenance alert: suppressed %v pages %v", a.Suppressed, w.pages(m.AlertID))
	}
}

func TestNobodyOnCallEscalatesAtOnce(t *testing.T) {
	w := newWorld(t, store.SQLite)
	// Olga takes no shifts this week: an override puts Dan on primary, then
	// remove Olga's layer by pointing the first step at an empty tier.
	p := w.policy
	p.Steps[0].Targets[0].Tier = "secondary"
	p.Steps[1].Targets = []paging.Target{{UserID: w.olga}}
	// Secondary is Dan's; make step 1 target a tier nobody covers by using
	// a fresh schedule-less user target instead: Sam, and check ordering.
	if _, err := w.db.UpdatePolicy(w.ctx, p); err != nil {
		t.Fatal(err)
	}
	// Delete the secondary layer so that nobody is on it.
	s, _ := w.db.Schedule(w.ctx, w.schedule)
	s.Layers = s.Layers[:1]
	s.Layers = append(s.Layers, s.Layers[0])
	s.Layers[1].Tier, s.Layers[1].Name = "shadow", "learners"
	s.Layers[1].Participants = []string{itoa(int(w.nia))}
	if _, err := w.db.UpdateSchedule(w.ctx, 0, s); err != nil {
		t.Fatal(err)
	}
	r := w.send(paging.Incoming{Summary: "x", DedupKey: "x", Severity: paging.Critical})
	w.fire()
	got := w.pages(r.AlertID)
	if got["olga/1/0"] != 1 {
		t.Fatalf("with nobody on step 1, step 2 should fire at once: %v", got)
	}
	tl, _ := w.db.AlertTimeline(w.ctx, r.AlertID)
	found := false
	for _, e := range tl {
		found = found || e.Kind == paging.EvNoTargets
	}
	if !found {
		t.Fatal("timeline does not say nobody was on call")
	}
}
