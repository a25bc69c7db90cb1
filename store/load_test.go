package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/authz"
	"github.com/rotaoncall/rota/load"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

type userPage struct {
	UserID int64
	load.Page
}

func stream(t *testing.T, db *store.DB, team int64, from, to time.Time) []userPage {
	t.Helper()
	var got []userPage
	if err := db.StreamLoadPages(context.Background(), team, from, to, func(u int64, p load.Page) error {
		got = append(got, userPage{u, p})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return got
}

// TestStreamLoadPages: a team's sent pages and its imported ones come
// ordered by engineer and time, marked, with the alert's acknowledgement;
// failed pages, other teams' alerts and pages outside the range do not.
func TestStreamLoadPages(t *testing.T) {
	clock := storetest.NewClock(hkAt)
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHistory(t, db, clock)
		for _, u := range []int64{h.olga, h.nia} {
			if err := db.SetMember(ctx, h.teams[0], u, rota.TeamMember); err != nil {
				t.Fatal(err)
			}
		}
		t0 := time.Date(2027, 6, 1, 2, 30, 0, 0, time.UTC)
		a1 := h.alert(0, t0, nil, page{h.olga, paging.ChannelSMS, false, paging.PageSent}, page{h.nia, paging.ChannelVoice, true, paging.PageSent})
		h.alert(0, t0.Add(time.Hour), nil, page{h.olga, paging.ChannelVoice, false, paging.PageFailed})
		h.alert(1, t0.Add(2*time.Hour), nil, page{h.olga, paging.ChannelSMS, false, paging.PageSent})
		h.alert(0, t0.AddDate(0, 1, 0), nil, page{h.olga, paging.ChannelSMS, false, paging.PageSent})
		clock.Set(t0.Add(5 * time.Minute))
		if _, _, err := paging.NewAlerts(db, nil).Act(ctx, authz.Actor{UserID: h.olga}, paging.AlertAck, a1); err != nil {
			t.Fatal(err)
		}
		imp, err := db.ImportLoadPages(ctx, h.olga, h.teams[0], []load.ImportedPage{
			{Line: 2, At: t0.Add(-time.Hour), Email: "o", EngineerID: rota.ID(h.olga), Alert: "batch", Channel: load.ChannelPagerDuty},
		})
		if err != nil || imp == 0 {
			t.Fatalf("import: %+v %v", imp, err)
		}
		// A team-less import counts for the engineer's teams.
		if _, err := db.ImportLoadPages(ctx, h.olga, 0, []load.ImportedPage{
			{Line: 2, At: t0.Add(10 * time.Minute), Email: "n", EngineerID: rota.ID(h.nia), Alert: "old", Channel: load.ChannelEmail},
		}); err != nil {
			t.Fatal(err)
		}

		got := stream(t, db, h.teams[0], t0.Add(-2*time.Hour), t0.AddDate(0, 0, 7))
		type row struct {
			user     int64
			at       time.Time
			alert    string
			ch       load.Channel
			shadow   bool
			imported bool
			acked    bool
		}
		want := []row{
			{h.olga, t0.Add(-time.Hour), "imported:batch", load.ChannelPagerDuty, false, true, false},
			{h.olga, t0.Add(time.Second), rota.ID(a1), load.ChannelSMS, false, false, true},
			{h.nia, t0.Add(time.Second), rota.ID(a1), load.ChannelVoice, true, false, false},
			{h.nia, t0.Add(10 * time.Minute), "imported:old", load.ChannelEmail, false, true, false},
		}
		if h.olga > h.nia {
			want = append(want[2:], want[:2]...)
		}
		if len(got) != len(want) {
			t.Fatalf("got %d pages, want %d: %+v", len(got), len(want), got)
		}
		for i, w := range want {
			g := got[i]
			r := row{g.UserID, g.At, g.AlertID, g.Channel, g.Shadow, g.Imported, !g.AckedAt.IsZero()}
			if r != w {
				t.Errorf("page %d = %+v, want %+v", i, r, w)
			}
			if g.AlertID == rota.ID(a1) && !g.AlertAckedAt.Equal(t0.Add(5*time.Minute)) {
				t.Errorf("page %d: alert acked at %v", i, g.AlertAckedAt)
			}
		}
		// The other team's alert paged Olga, who is not its member yet.
		if got := stream(t, db, h.teams[1], t0.Add(-2*time.Hour), t0.AddDate(0, 0, 7)); len(got) != 0 {
			t.Errorf("the other team streams %d pages of non-members", len(got))
		}
		if err := db.SetMember(ctx, h.teams[1], h.olga, rota.TeamMember); err != nil {
			t.Fatal(err)
		}
		if got := stream(t, db, h.teams[1], t0.Add(-2*time.Hour), t0.AddDate(0, 0, 7)); len(got) != 1 || got[0].Imported {
			t.Errorf("the other team streams %+v, want its 1 page", got)
		}
	})
}

func TestLoadThresholdsAndProposals(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, clock)
		if th, err := db.LoadThresholds(ctx, f.team.ID); err != nil || th != (load.Thresholds{}) {
			t.Fatalf("before any: %+v %v", th, err)
		}
		want := load.Thresholds{SleepInterruptions: 3, UnfairShareFactor: 1.5, MinRotation: 4}
		for range 2 {
			if err := db.SetLoadThresholds(ctx, f.ops.ID, f.team.ID, want); err != nil {
				t.Fatal(err)
			}
		}
		if th, err := db.LoadThresholds(ctx, f.team.ID); err != nil || th != want {
			t.Fatalf("got %+v %v, want %+v", th, err, want)
		}
		if err := db.SetLoadThresholds(ctx, f.ops.ID, 999, want); !rota.IsCode(err, rota.ENotFound) {
			t.Fatalf("unknown team: %v", err)
		}

		rev := f.sched.Revision
		ov := func(start time.Time) rota.Override {
			return rota.Override{Override: scheduler.Override{Tier: scheduler.TierPrimary, EngineerID: f.dID, Start: start, End: start.Add(24 * time.Hour)}}
		}
		mon := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
		// A bad override leaves nothing behind.
		bad := ov(mon)
		bad.EngineerID = rota.ID(f.outsider.ID)
		if _, err := db.AcceptLoadProposal(ctx, f.ops.ID, rota.ParseID(f.sched.ID), rev, []rota.Override{ov(mon), bad}, nil); !rota.IsCode(err, rota.EInvalid) {
			t.Fatalf("an outsider's override: %v", err)
		}
		if os, _ := db.Overrides(ctx, rota.ParseID(f.sched.ID), time.Time{}, time.Time{}); len(os) != 0 {
			t.Fatalf("half written: %+v", os)
		}
		got, err := db.AcceptLoadProposal(ctx, f.ops.ID, rota.ParseID(f.sched.ID), rev, []rota.Override{ov(mon), ov(mon.AddDate(0, 0, 1))}, map[string]any{"fairness_after": 0.1})
		if err != nil || len(got) != 2 {
			t.Fatalf("accept: %+v %v", got, err)
		}
		if _, err := db.AcceptLoadProposal(ctx, f.ops.ID, rota.ParseID(f.sched.ID), rev, []rota.Override{ov(mon)}, nil); !rota.IsCode(err, rota.EConflict) {
			t.Fatalf("a stale proposal: %v", err)
		}
		audit, err := db.Audit(ctx, rota.ParseID(f.sched.ID), 10)
		if err != nil || len(audit) == 0 || audit[0].Entity != "load_proposal" || audit[0].Action != "accepted" {
			t.Fatalf("audit: %+v %v", audit, err)
		}
	})
}
