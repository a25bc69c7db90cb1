package load

import (
	"reflect"
	"testing"

	"github.com/rotaoncall/rota/scheduler"
)

func TestLearnerProgress(t *testing.T) {
	const zone = "Europe/Berlin"
	s := berlinTeam(scheduler.PairingNone)
	// Dina is not yet in the full rotation: she only takes business hours.
	c := compile(t, s)
	from := at(t, zone, "2026-01-05T00:00")
	cases := []struct {
		weeks      int
		th         Thresholds
		nia, dina  Learner
		niaMessage string
	}{
		// After 3 weeks Nia has completed 2 shadow turns (the third ends on
		// the 26th at 09:00) and Dina 7 business-hours days (days 2, 4, … of
		// the dev layer, Monday to Friday).
		{3, Thresholds{}, Learner{Stage: StageShadow, ShadowShifts: 2, Next: StageBusinessHours, Remaining: 2}, Learner{Stage: StageBusinessHours, BusinessHoursShifts: 7, Next: StageFull, Ready: true},
			"Nia: 2 of 4 shadow shifts done; 2 more before business-hours shifts."},
		{5, Thresholds{}, Learner{Stage: StageShadow, ShadowShifts: 4, Next: StageBusinessHours, Ready: true}, Learner{Stage: StageBusinessHours, BusinessHoursShifts: 12, Next: StageFull, Ready: true},
			"Nia: 4 of 4 shadow shifts done; ready for business-hours shifts."},
		{5, Thresholds{ShadowShifts: 5, BusinessHoursShifts: 20}, Learner{Stage: StageShadow, ShadowShifts: 4, Next: StageBusinessHours, Remaining: 1}, Learner{Stage: StageBusinessHours, BusinessHoursShifts: 12, Next: StageFull, Remaining: 8},
			"Nia: 4 of 5 shadow shifts done; 1 more before business-hours shifts."},
	}
	for _, tc := range cases {
		got, err := LearnerProgress(c, from, from.AddDate(0, 0, 7*tc.weeks), nil, tc.th)
		if err != nil {
			t.Fatal(err)
		}
		// Dan and Dina take business hours only; Olga and Omar are full.
		if len(got) != 3 || got[0].EngineerID != "dan" || got[1].EngineerID != "dina" || got[2].EngineerID != "nia" {
			t.Fatalf("learners %+v", got)
		}
		nia, dina := got[2], got[1]
		if nia.Message != tc.niaMessage {
			t.Errorf("message %q, want %q", nia.Message, tc.niaMessage)
		}
		if !reflect.DeepEqual(nia.Layers, []string{"dev"}) || !reflect.DeepEqual(dina.Layers, []string{"ops", "sec"}) {
			t.Errorf("layers %v %v", nia.Layers, dina.Layers)
		}
		nia.EngineerID, nia.Message, nia.Layers = "", "", nil
		dina.EngineerID, dina.Message, dina.Layers = "", "", nil
		if !reflect.DeepEqual(nia, tc.nia) || !reflect.DeepEqual(dina, tc.dina) {
			t.Errorf("%d weeks:\n nia %+v, want %+v\ndina %+v, want %+v", tc.weeks, nia, tc.nia, dina, tc.dina)
		}
	}
	if _, err := LearnerProgress(c, from, from.AddDate(0, 0, 7), nil, Thresholds{ShadowShifts: -1}); err == nil {
		t.Error("bad thresholds accepted")
	}
}

func TestLearnerShadowPages(t *testing.T) {
	const zone = "Europe/Berlin"
	s := berlinTeam(scheduler.PairingNone)
	c := compile(t, s)
	from, to := at(t, zone, "2026-01-05T09:00"), at(t, zone, "2026-01-12T09:00")
	in := Input{From: from, To: to, TimeZone: zone, Engineers: engineersOf(s), Shifts: c.Shifts(from, to)}
	cp := func(p Page, acked bool) Page {
		p.EngineerID, p.Shadow = "nia", true
		if acked {
			p.AlertAckedAt = p.At.Add(60 * 1e9)
		}
		return p
	}
	pages := []Page{
		cp(page("olga", "a", at(t, zone, "2026-01-06T02:00")), true),
		cp(page("olga", "a", at(t, zone, "2026-01-06T02:02")), true),
		cp(page("olga", "b", at(t, zone, "2026-01-07T02:00")), false),
	}
	r := addAll(t, mustAcc(t, in), pages)
	got, err := LearnerProgress(c, from, to, r, Thresholds{})
	if err != nil {
		t.Fatal(err)
	}
	if nia := got[len(got)-1]; nia.ShadowPages != 3 || nia.ShadowAcknowledged != 1 || nia.ShadowShifts != 0 {
		t.Errorf("nia %+v", nia)
	}
}

func TestPromote(t *testing.T) {
	s := berlinTeam(scheduler.PairingNone)
	out, err := Promote(s, "nia", "dev")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out.Layers[1].Participants, []string{"dan", "dina", "nia"}) || len(s.Layers[1].Participants) != 2 {
		t.Errorf("promoted %v, original %v", out.Layers[1].Participants, s.Layers[1].Participants)
	}
	for _, tc := range []struct{ eng, layer, field string }{
		{"zed", "dev", "engineer"},
		{"dan", "dev", "engineer"},
		{"nia", "learners", "layer"},
		{"nia", "nope", "layer"},
	} {
		_, err := Promote(s, tc.eng, tc.layer)
		if ve, ok := err.(*ValidationError); !ok || ve.Field != tc.field {
			t.Errorf("Promote(%s, %s) = %v, want field %s", tc.eng, tc.layer, err, tc.field)
		}
	}
}
