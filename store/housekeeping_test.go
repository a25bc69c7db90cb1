package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/authz"
	"github.com/rotaoncall/rota/housekeeping"
	"github.com/rotaoncall/rota/load"
	"github.com/rotaoncall/rota/load/loadsvc"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

var _ housekeeping.Store = (*store.DB)(nil)

// hkAt is the instant housekeeping runs at in these tests.
var hkAt = time.Date(2027, 6, 15, 12, 0, 0, 0, time.UTC)

// history writes alerts and their pages through the store's own paths.
type history struct {
	t          *testing.T
	db         *store.DB
	clock      *storetest.Clock
	teams      [2]int64
	services   [2]int64
	olga, nia  int64
	ctx        context.Context
	dedupCount int
}

func newHistory(t *testing.T, db *store.DB, clock *storetest.Clock) *history {
	t.Helper()
	h := &history{t: t, db: db, clock: clock, ctx: context.Background()}
	for i, name := range []string{"payments", "search"} {
		team, err := db.CreateTeam(h.ctx, rota.Team{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		svc, err := db.CreateService(h.ctx, paging.Service{TeamID: team.ID, Name: name + "-api", Urgency: paging.UrgencyHigh})
		if err != nil {
			t.Fatal(err)
		}
		h.teams[i], h.services[i] = team.ID, svc.ID
	}
	for _, p := range []*int64{&h.olga, &h.nia} {
		u, err := db.CreateUser(h.ctx, rota.User{Email: fmt.Sprintf("u%p@example.com", p), Name: "u"}, "")
		if err != nil {
			t.Fatal(err)
		}
		*p = u.ID
	}
	return h
}

// page is one page an alert gets: to whom, how, and how it ended.
type page struct {
	user    int64
	channel paging.Channel
	shadow  bool
	status  paging.PageStatus // sent, failed or pending (never sent; cancelled when the alert is resolved)
}

// alert triggers an alert of team i at created, pages it, and resolves it
// at resolved (nil: left open). It returns the alert's id.
func (h *history) alert(i int, created time.Time, resolved *time.Time, pages ...page) int64 {
	h.t.Helper()
	h.clock.Set(created)
	h.dedupCount++
	next := created
	res, err := h.db.Ingest(h.ctx, []paging.Ingest{{Action: paging.ActTrigger, ServiceID: h.services[i], TeamID: h.teams[i], Urgency: paging.High, NextStepAt: &next,
		Incoming: paging.Incoming{DedupKey: fmt.Sprint("k", h.dedupCount), Summary: "down", Severity: paging.Critical}}}, created)
	if err != nil {
		h.t.Fatal(err)
	}
	id := res[0].AlertID
	_, _, err = h.db.FireDue(h.ctx, created, 10, 0, nil, func(a paging.Alert) (paging.Fired, error) {
		f := paging.Fired{Step: 1, Events: []paging.Event{{AlertID: a.ID, At: created, Kind: paging.EvStep, Message: "step 1"}}}
		for n, p := range pages {
			f.Pages = append(f.Pages, paging.Page{AlertID: a.ID, UserID: p.user, Channel: p.channel, Shadow: p.shadow, Loop: n, Urgency: paging.High,
				Status: paging.PagePending, NextAttemptAt: created, CreatedAt: created})
		}
		return f, nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
	msgs, err := h.db.ClaimPages(h.ctx, created, 100, time.Minute, 100, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	var done []paging.Finished
	for _, m := range msgs {
		for n, p := range pages {
			if m.Loop == n && p.status != paging.PagePending {
				done = append(done, paging.Finished{Message: m, At: created.Add(time.Second), Result: paging.PageResult{Status: p.status, Ref: "ref", Error: "x"}})
			}
		}
	}
	if err := h.db.FinishPages(h.ctx, done); err != nil {
		h.t.Fatal(err)
	}
	// Pages left pending go back to the outbox, to be cancelled on resolve.
	h.db.SQL().ExecContext(h.ctx, fmt.Sprintf("UPDATE pages SET status = 'pending', lease_until = NULL WHERE alert_id = %d AND status = 'sending'", id))
	if resolved != nil {
		h.clock.Set(*resolved)
		if _, _, err := paging.NewAlerts(h.db, nil).Act(h.ctx, authz.Actor{UserID: h.olga, OrgAdmin: true}, paging.AlertResolve, id); err != nil {
			h.t.Fatal(err)
		}
	}
	return id
}

func (h *history) count(query string) int {
	h.t.Helper()
	var n int
	if err := h.db.SQL().QueryRowContext(h.ctx, query).Scan(&n); err != nil {
		h.t.Fatalf("%s: %v", query, err)
	}
	return n
}

func (h *history) load() []paging.DayCount {
	h.t.Helper()
	got, err := h.db.PageLoadDays(h.ctx, hkAt.AddDate(-3, 0, 0), hkAt.AddDate(0, 0, 1))
	if err != nil {
		h.t.Fatal(err)
	}
	return got
}

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

func at(t time.Time) *time.Time { return &t }

// TestHousekeeping: one run ends expired sessions and verification codes,
// prunes the resolved alerts past the retention with their pages and
// timelines, keeps every other alert, and leaves the page-load figures
// exactly as they were; a second run changes nothing.
func TestHousekeeping(t *testing.T) {
	clock := storetest.NewClock(hkAt)
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		h := newHistory(t, db, clock)
		ctx := h.ctx
		old := hkAt.Add(-days(500))
		sms, voice := paging.ChannelSMS, paging.ChannelVoice
		// Past the retention, resolved: pruned. Pages sent, failed, shadow,
		// never sent (cancelled), two teams, and one across UTC midnight.
		gone := []int64{
			h.alert(0, old, at(old.Add(time.Hour)), page{h.olga, sms, false, paging.PageSent}, page{h.olga, voice, false, paging.PageFailed}, page{h.nia, sms, true, paging.PageSent}),
			h.alert(0, old.Add(time.Hour), at(old.Add(2*time.Hour)), page{h.olga, sms, false, paging.PageSent}, page{h.olga, voice, false, paging.PagePending}),
			h.alert(1, old.Add(-days(40)), at(old.Add(-days(39))), page{h.olga, sms, false, paging.PageSent}),
			h.alert(1, time.Date(2026, 1, 1, 23, 59, 59, 0, time.UTC), at(old), page{h.nia, voice, false, paging.PageSent}),
		}
		// Kept: resolved within the retention (though created before it),
		// and old but never resolved.
		kept := []int64{
			h.alert(0, hkAt.Add(-days(401)), at(hkAt.Add(-days(399))), page{h.olga, sms, false, paging.PageSent}),
			h.alert(0, hkAt.Add(-days(10)), at(hkAt.Add(-days(9))), page{h.nia, sms, false, paging.PageSent}),
			h.alert(1, old, nil, page{h.olga, sms, false, paging.PageSent}),
		}
		// Sessions: one expired, one not. Codes: one expired, one fresh.
		db.CreateSession(ctx, h.olga, "expired", hkAt.Add(-time.Minute))
		db.CreateSession(ctx, h.olga, "live", hkAt.Add(time.Hour))
		clock.Set(hkAt.Add(-time.Hour))
		db.AddContactMethod(ctx, h.olga, sms, "+15550000001", "stale-hash", false)
		clock.Set(hkAt.Add(-time.Minute))
		db.AddContactMethod(ctx, h.nia, sms, "+15550000002", "fresh-hash", false)
		clock.Set(hkAt)

		before := h.load()
		if len(before) == 0 {
			t.Fatal("no page load before housekeeping")
		}
		// The Load report of the old days, before and after: the same pages,
		// the pruned ones counted from page_load_days.
		for _, u := range []int64{h.olga, h.nia} {
			if err := db.SetMember(ctx, h.teams[0], u, rota.TeamMember); err != nil {
				t.Fatal(err)
			}
		}
		loads := loadsvc.New(db, oncall.New(db), clock.Now)
		oldLoad := func() load.EngineerReport {
			t.Helper()
			tls, err := loads.Report(ctx, loadsvc.Query{TeamID: h.teams[0], From: old.Add(-days(1)), To: old.Add(days(2))})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range tls[0].Report.Engineers {
				if e.ID == rota.ID(h.olga) {
					return e
				}
			}
			t.Fatal("no Olga in the report")
			return load.EngineerReport{}
		}
		loadBefore := oldLoad()
		if loadBefore.Pages != 2 || loadBefore.PrunedPages != 0 || loadBefore.Interruptions.Total == 0 {
			t.Fatalf("Olga's old days before housekeeping: %+v", loadBefore)
		}
		w := housekeeping.New(db, clock.Now, nil, housekeeping.DefaultRetention, store.VerifyCodeTTL)
		w.Batch = 3 // more than one batch
		r, err := w.RunOnce(ctx, hkAt)
		if err != nil {
			t.Fatal(err)
		}
		if r.Alerts != int64(len(gone)) || r.Pages != 7 || r.Sessions != 1 || r.VerifyCodes != 1 {
			t.Fatalf("RunOnce = %+v, want 4 alerts, 7 pages, 1 session, 1 code", r)
		}
		for _, id := range gone {
			if _, err := db.Alert(ctx, id); !rota.IsCode(err, rota.ENotFound) {
				t.Errorf("alert %d past the retention is still there: %v", id, err)
			}
			if n := h.count(fmt.Sprintf("SELECT COUNT(*) FROM pages WHERE alert_id = %d", id)) + h.count(fmt.Sprintf("SELECT COUNT(*) FROM alert_events WHERE alert_id = %d", id)); n != 0 {
				t.Errorf("alert %d left %d pages and timeline entries", id, n)
			}
		}
		for _, id := range kept {
			if _, err := db.Alert(ctx, id); err != nil {
				t.Errorf("alert %d was pruned: %v", id, err)
			}
			if tl, _ := db.AlertTimeline(ctx, id); len(tl) < 2 {
				t.Errorf("alert %d lost its timeline", id)
			}
		}
		if got := oldLoad(); got.Pages != loadBefore.Pages || got.PrunedPages != 2 || got.Interruptions.Total != 0 {
			t.Fatalf("Olga's old days after housekeeping: %d pages (%d pruned), %d interruptions; want %d pages, all pruned, none counted",
				got.Pages, got.PrunedPages, got.Interruptions.Total, loadBefore.Pages)
		}
		after := h.load()
		if fmt.Sprint(after) != fmt.Sprint(before) {
			t.Fatalf("page load changed by pruning\nbefore %+v\nafter  %+v", before, after)
		}
		if n := h.count("SELECT COUNT(*) FROM page_load_days"); n == 0 {
			t.Fatal("nothing was folded into page_load_days")
		}
		if _, err := db.SessionUser(ctx, "live"); err != nil {
			t.Fatalf("a live session was ended: %v", err)
		}
		if n := h.count("SELECT COUNT(*) FROM sessions"); n != 1 {
			t.Fatalf("%d sessions left, want 1", n)
		}
		if n := h.count("SELECT COUNT(*) FROM contact_methods WHERE verify_code_hash <> ''"); n != 1 {
			t.Fatalf("%d verification codes left, want the fresh one", n)
		}

		// The figures by key: Olga's SMS on the first old day, for payments.
		want := paging.DayCount{UserID: h.olga, TeamID: h.teams[0], Day: time.Date(old.Year(), old.Month(), old.Day(), 0, 0, 0, 0, time.UTC), Channel: sms, Sent: 2}
		found := false
		for _, c := range after {
			found = found || c == want
		}
		if !found {
			t.Fatalf("page load lacks %+v: %+v", want, after)
		}

		r, err = w.RunOnce(ctx, hkAt)
		if err != nil || r != (housekeeping.Result{}) {
			t.Fatalf("second RunOnce = %+v, %v; want nothing to do", r, err)
		}
		if again := h.load(); fmt.Sprint(again) != fmt.Sprint(before) {
			t.Fatalf("a second run changed the page load: %+v", again)
		}
	})
}

// TestConcurrentHousekeepingCountsOnce: several Rota processes (separate
// connection pools on one database) pruning at once delete every old
// alert and count each of its pages exactly once.
func TestConcurrentHousekeepingCountsOnce(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			clock := storetest.NewClock(hkAt)
			url := storetest.URL(t, d)
			ctx := context.Background()
			var dbs []*store.DB
			for range 4 {
				db, err := store.Open(ctx, url, storetest.Options{Now: clock.Now})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				dbs = append(dbs, db)
			}
			if _, err := dbs[0].Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			h := newHistory(t, dbs[0], clock)
			const alerts = 150
			for i := range alerts {
				created := hkAt.Add(-days(450 + i%3)).Add(time.Duration(i) * time.Minute)
				h.alert(i%2, created, at(created.Add(time.Minute)), page{h.olga, paging.ChannelSMS, false, paging.PageSent}, page{h.nia, paging.ChannelSMS, true, paging.PageSent})
			}
			before := h.load()
			errs := make(chan error, 100)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for round := 0; round < 3; round++ {
				for _, db := range dbs {
					w := housekeeping.New(db, clock.Now, nil, housekeeping.DefaultRetention, store.VerifyCodeTTL)
					w.Batch = 5 // small batches so the workers interleave
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						if _, err := w.RunOnce(ctx, hkAt); err != nil {
							errs <- err
						}
					}()
				}
			}
			close(start)
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatalf("housekeeping: %v", err)
			}
			if n := h.count("SELECT COUNT(*) FROM alerts") + h.count("SELECT COUNT(*) FROM pages"); n != 0 {
				t.Fatalf("%d alerts and pages left after concurrent housekeeping", n)
			}
			if n := h.count("SELECT SUM(sent) FROM page_load_days"); n != 2*alerts {
				t.Fatalf("page_load_days counts %d sent pages, want %d", n, 2*alerts)
			}
			if after := h.load(); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Fatalf("page load changed\nbefore %+v\nafter  %+v", before, after)
			}
		})
	}
}
