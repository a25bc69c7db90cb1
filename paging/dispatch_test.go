package paging_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/authz"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

// flaky fails the first n sends, retryably, then records the rest.
type flaky struct {
	mu    sync.Mutex
	fails int
	sent  []paging.Message
	calls int
}

func (f *flaky) Send(_ context.Context, m paging.Message) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.fails > 0 {
		f.fails--
		return "", paging.Retryable(errors.New("503 from provider"), 0)
	}
	f.sent = append(f.sent, m)
	return fmt.Sprintf("ref-%d", m.ID), nil
}

func TestDispatchRetriesWithoutLossOrDuplicates(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			w := newWorld(t, d)
			f := &flaky{fails: 3}
			disp := paging.NewDispatcher(w.db, map[paging.Channel]paging.Sender{paging.ChannelLog: f}, w.clock.Now, w.log, func(id int64) string { return fmt.Sprintf("http://rota.test/alerts/%d", id) })
			r := w.send(paging.Incoming{Summary: "down", DedupKey: "a", Severity: paging.Critical})
			w.fire()
			// Two pages (Olga, Nia as shadow): three failures spread over them.
			for i := 0; i < 20 && len(f.sent) < 2; i++ {
				if _, err := disp.RunOnce(w.ctx, w.clock.Now()); err != nil {
					t.Fatal(err)
				}
				w.clock.Add(time.Minute)
			}
			if len(f.sent) != 2 {
				t.Fatalf("sent %d pages after retries, want 2 (calls %d)", len(f.sent), f.calls)
			}
			if f.sent[0].Link != fmt.Sprintf("http://rota.test/alerts/%d", r.AlertID) || f.sent[0].Alert.Summary != "down" || f.sent[0].ServiceName != "checkout" {
				t.Fatalf("message lacks its context: %+v", f.sent[0])
			}
			ps, _ := w.db.Pages(w.ctx, paging.PageFilter{AlertID: r.AlertID})
			for _, p := range ps {
				if p.Status != paging.PageSent || p.ProviderRef == "" || p.SentAt == nil {
					t.Fatalf("page %+v not recorded as sent", p)
				}
			}
			tl, _ := w.db.AlertTimeline(w.ctx, r.AlertID)
			var sent, failed int
			for _, e := range tl {
				switch e.Kind {
				case paging.EvPageSent:
					sent++
				case paging.EvPageFailed:
					failed++
				}
			}
			if sent != 2 || failed != 3 {
				t.Fatalf("timeline: %d sent, %d failed; want 2 and 3", sent, failed)
			}
			// Nothing is sent twice.
			calls := f.calls
			disp.RunOnce(w.ctx, w.clock.Now().Add(time.Hour))
			if f.calls != calls {
				t.Fatal("a sent page was sent again")
			}
		})
	}
}

func TestDispatchFairAndAckCancels(t *testing.T) {
	w := newWorld(t, store.SQLite)
	// A flood for the primary (Olga), then one alert whose policy pages Sam.
	for i := 0; i < 30; i++ {
		w.send(paging.Incoming{Summary: "flood", DedupKey: fmt.Sprint("f", i), Severity: paging.Critical})
	}
	w.fire()
	p := w.policy
	p.Steps = p.Steps[2:]
	p.Steps[0].After = 0
	p.Repeat = 0
	p.Name = "sam-only"
	p.ID, p.Version = 0, 0
	samPolicy, err := w.db.CreatePolicy(w.ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	svc := w.service
	svc.ID, svc.Name, svc.PolicyID, svc.Version = 0, "billing", samPolicy.ID, 0
	billing, err := w.db.CreateService(w.ctx, svc)
	if err != nil {
		t.Fatal(err)
	}
	w.db.CreateIntegration(w.ctx, billing.ID, "b", paging.Generic, "billing-key-0123456789")
	w.key = "billing-key-0123456789"
	late := w.send(paging.Incoming{Summary: "billing down", DedupKey: "b", Severity: paging.Critical})
	w.fire()
	msgs, err := w.db.ClaimPages(w.ctx, w.clock.Now(), 5, time.Minute, 5, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := false
	for _, m := range msgs {
		got = got || m.AlertID == late.AlertID
	}
	if !got {
		t.Fatalf("Sam's first page is not among the first 5 claimed behind Olga's flood of 60")
	}
	// An acknowledged alert's pending pages are cancelled, not sent.
	var pending int64
	first := int64(0)
	ps, _ := w.db.Pages(w.ctx, paging.PageFilter{UserID: w.olga, Limit: 500})
	for _, p := range ps {
		if p.Status == paging.PagePending {
			first = p.AlertID
		}
	}
	if _, _, err := paging.NewAlerts(w.db, nil).Act(w.ctx, authz.Actor{UserID: w.olga}, paging.AlertAck, first); err != nil {
		t.Fatal(err)
	}
	w.db.SQL().QueryRow("SELECT COUNT(*) FROM pages WHERE alert_id = ? AND status = 'pending'", first).Scan(&pending)
	if pending != 0 {
		t.Fatalf("%d pages still pending after ack", pending)
	}
}

// slowFirst blocks sends for one user until released; others go through.
type slowFirst struct {
	mu      sync.Mutex
	slowFor int64
	release chan struct{}
	sent    map[int64]int
}

func (s *slowFirst) Send(ctx context.Context, m paging.Message) (string, error) {
	if m.UserID == s.slowFor {
		select {
		case <-s.release:
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	s.mu.Lock()
	s.sent[m.UserID]++
	s.mu.Unlock()
	return "ok", nil
}

func (s *slowFirst) count(user int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent[user]
}

// TestDispatchRunNoHeadOfLineBlocking: while every send to one engineer
// hangs, pages to others still go out.
func TestDispatchRunNoHeadOfLineBlocking(t *testing.T) {
	w := newWorld(t, store.SQLite)
	s := &slowFirst{slowFor: w.olga, release: make(chan struct{}), sent: map[int64]int{}}
	disp := paging.NewDispatcher(w.db, map[paging.Channel]paging.Sender{paging.ChannelLog: s}, w.clock.Now, w.log, nil)
	disp.Parallel, disp.PerUser = 4, 2
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { disp.Run(ctx); close(done) }()
	defer func() { close(s.release); cancel(); <-done }()
	for i := 0; i < 10; i++ {
		w.send(paging.Incoming{Summary: "flood", DedupKey: fmt.Sprint("f", i), Severity: paging.Critical})
	}
	w.fire() // ten pages to Olga (hanging) and ten shadow copies to Nia
	disp.Wake()
	deadline := time.Now().Add(10 * time.Second)
	for s.count(w.nia) < 10 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := s.count(w.nia); n != 10 {
		t.Fatalf("Nia got %d of 10 pages while Olga's sends hung", n)
	}
}

// recorder records each send with its bundle size, in order.
type recorder struct {
	mu    sync.Mutex
	sends []paging.Message
}

func (r *recorder) Send(_ context.Context, m paging.Message) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sends = append(r.sends, m)
	return fmt.Sprintf("SM%d", m.ID), nil
}

func (r *recorder) snapshot() []paging.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]paging.Message(nil), r.sends...)
}

// TestRateLimitedSMSBundles: with the sending number limited to one message
// every 300 ms, a burst of alerts for one engineer leaves bundled rather
// than queued one by one, and shadow copies are never bundled.
func TestRateLimitedSMSBundles(t *testing.T) {
	w := newWorld(t, store.SQLite)
	w.engine = paging.NewEngine(w.cfg, w.db, w.oncall, paging.FixedNotifier(paging.ChannelSMS), w.clock.Now, w.log)
	rec := &recorder{}
	disp := paging.NewDispatcher(w.db, map[paging.Channel]paging.Sender{paging.ChannelSMS: rec}, time.Now, w.log, nil)
	disp.Limits = map[paging.Channel]*rate.Limiter{paging.ChannelSMS: rate.NewLimiter(rate.Every(300*time.Millisecond), 1)}
	w.clock.Set(time.Now())
	for i := 0; i < 6; i++ {
		w.send(paging.Incoming{Summary: fmt.Sprintf("burst %d", i), DedupKey: fmt.Sprint("b", i), Severity: paging.Critical})
	}
	w.fire() // 6 pages to Olga and 6 shadow copies to Nia
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { disp.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(10 * time.Second)
	count := func() (olga int) {
		for _, m := range rec.snapshot() {
			if m.UserID == w.olga {
				olga += 1 + len(m.Bundle)
			}
		}
		return olga
	}
	for count() < 6 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	var olgaSends []paging.Message
	for _, m := range rec.snapshot() {
		if m.UserID == w.olga {
			olgaSends = append(olgaSends, m)
		}
	}
	if count() != 6 || len(olgaSends) > 2 {
		t.Fatalf("Olga's 6 pages went as %d messages (want them bundled into at most 2), %d pages covered", len(olgaSends), count())
	}
	for _, m := range rec.snapshot() {
		if m.Shadow && len(m.Bundle) > 0 {
			t.Fatal("a shadow copy carried a bundle")
		}
	}
	// Every page recorded as sent, bundled ones with their carrier's reference.
	var pending int
	w.db.SQL().QueryRow("SELECT COUNT(*) FROM pages WHERE status <> 'sent' AND user_id = ?", w.olga).Scan(&pending)
	for pending > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		w.db.SQL().QueryRow("SELECT COUNT(*) FROM pages WHERE status <> 'sent' AND user_id = ?", w.olga).Scan(&pending)
	}
	if pending != 0 {
		t.Fatalf("%d of Olga's pages not recorded as sent", pending)
	}
}

// TestHandoff: pages due at once go from the engine's transaction straight
// to this process's dispatcher, leased, and are recorded as sent.
func TestHandoff(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			w := newWorld(t, d)
			rec := &recorder{}
			disp := paging.NewDispatcher(w.db, map[paging.Channel]paging.Sender{paging.ChannelLog: rec}, w.clock.Now, w.log, nil) // the world's clock: the engine leased the pages on it
			disp.Poll = time.Hour                                                                                                 // only the handoff can deliver in time
			w.engine.Handoff = disp.Handoff
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { disp.Run(ctx); close(done) }()
			defer func() { cancel(); <-done }()
			time.Sleep(50 * time.Millisecond) // let Run reach its wait
			r := w.send(paging.Incoming{Summary: "down", DedupKey: "h", Severity: paging.Critical})
			w.fire()
			deadline := time.Now().Add(5 * time.Second)
			for len(rec.snapshot()) < 2 && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if n := len(rec.snapshot()); n != 2 {
				t.Fatalf("%d pages sent through the handoff, want 2", n)
			}
			var sent int
			for time.Now().Before(deadline) && sent < 2 {
				w.db.SQL().QueryRow(fmt.Sprintf("SELECT COUNT(*) FROM pages WHERE alert_id = %d AND status = 'sent'", r.AlertID)).Scan(&sent)
				time.Sleep(10 * time.Millisecond)
			}
			if sent != 2 {
				t.Fatalf("%d pages recorded as sent", sent)
			}
		})
	}
}

// TestDrainGoesThroughTheRateLimit: the shutdown drain sends like Run does,
// through the channel's rate limit with an engineer's SMS pages bundled,
// and what the limit does not let out before the drain must end stays in
// the outbox for the next process, unsent and not lost.
func TestDrainGoesThroughTheRateLimit(t *testing.T) {
	w := newWorld(t, store.SQLite)
	w.engine = paging.NewEngine(w.cfg, w.db, w.oncall, paging.FixedNotifier(paging.ChannelSMS), w.clock.Now, w.log)
	rec := &recorder{}
	disp := paging.NewDispatcher(w.db, map[paging.Channel]paging.Sender{paging.ChannelSMS: rec}, w.clock.Now, w.log, nil)
	// One message now, the next in an hour: the drain can send only one.
	// (A lease long enough for the limit to let the whole burst wait.)
	disp.Limits = map[paging.Channel]*rate.Limiter{paging.ChannelSMS: rate.NewLimiter(rate.Every(time.Hour), 1)}
	disp.Lease = 48 * time.Hour
	for i := 0; i < 6; i++ {
		w.send(paging.Incoming{Summary: fmt.Sprintf("burst %d", i), DedupKey: fmt.Sprint("b", i), Severity: paging.Critical})
	}
	w.fire() // 6 pages to Olga and 6 shadow copies to Nia, all due
	ctx, cancel := context.WithTimeout(w.ctx, time.Minute)
	defer cancel()
	disp.Drain(ctx)
	sends := rec.snapshot()
	if len(sends) != 1 || sends[0].UserID != w.olga || len(sends[0].Bundle) != 5 {
		var got []string
		for _, m := range sends {
			got = append(got, fmt.Sprintf("user %d with %d bundled", m.UserID, len(m.Bundle)))
		}
		t.Fatalf("the drain sent %v; want one SMS to Olga carrying her other 5 pages", got)
	}
	count := func(user int64, status string) (n int) {
		w.db.SQL().QueryRow("SELECT COUNT(*) FROM pages WHERE user_id = ? AND status = ?", user, status).Scan(&n)
		return n
	}
	if n := count(w.olga, "sent"); n != 6 {
		t.Fatalf("%d of Olga's 6 pages recorded as sent", n)
	}
	if n := count(w.nia, "pending"); n != 6 {
		t.Fatalf("%d of Nia's 6 shadow pages left pending for the next process, want 6 (sent %d)", n, count(w.nia, "sent"))
	}
}

// stepper is a sender that takes one message at a time: each Send waits
// for the test to release it, so the test decides when the next message
// may leave (as a sending number at one message a second would).
type stepper struct {
	got     chan paging.Message
	release chan struct{}
}

func (s *stepper) Send(ctx context.Context, m paging.Message) (string, error) {
	// Offering the message gives way to the end of the run too: after the
	// test's last release the dispatcher goes on to the next page, and
	// nobody takes it.
	select {
	case s.got <- m:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	select {
	case <-s.release:
		return fmt.Sprintf("SM%d", m.ID), nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// next returns the message being sent (guarding against a hang, not
// timing anything).
func (s *stepper) next(t *testing.T) paging.Message {
	t.Helper()
	select {
	case m := <-s.got:
		return m
	case <-time.After(30 * time.Second):
		t.Fatal("no message was sent")
		return paging.Message{}
	}
}

// TestNewEngineerGoesBeforeTheFlood: 20 engineers are flooded (every alert
// of one service pages all of them) and messages leave one at a time;
// once each has had a message, one alert for an engineer the flood did not
// touch is the very next message — before any flood engineer's second —
// whether its page was handed over by the engine or claimed from the
// outbox.
func TestNewEngineerGoesBeforeTheFlood(t *testing.T) {
	for _, mode := range []string{"handoff", "claim"} {
		t.Run(mode, func(t *testing.T) {
			w := newWorld(t, store.SQLite)
			w.engine = paging.NewEngine(w.cfg, w.db, w.oncall, paging.FixedNotifier(paging.ChannelSMS), w.clock.Now, w.log)
			team := w.service.TeamID
			var flooded []paging.Target
			user := func(name string) int64 {
				u, err := w.db.CreateUser(w.ctx, rota.User{Email: name + "@example.com", Name: name, Discipline: rota.Ops, TimeZone: "UTC"}, "")
				if err != nil {
					t.Fatal(err)
				}
				w.db.SetMember(w.ctx, team, u.ID, rota.TeamMember)
				return u.ID
			}
			for i := range 20 {
				flooded = append(flooded, paging.Target{UserID: user(fmt.Sprintf("flood%02d", i))})
			}
			newcomer := user("newcomer")
			service := func(name string, targets []paging.Target) string {
				pol, err := w.db.CreatePolicy(w.ctx, paging.Policy{TeamID: team, Name: name, Steps: []paging.Step{{Targets: targets}}})
				if err != nil {
					t.Fatal(err)
				}
				svc, err := w.db.CreateService(w.ctx, paging.Service{TeamID: team, Name: name, PolicyID: pol.ID, Urgency: paging.UrgencyHigh})
				if err != nil {
					t.Fatal(err)
				}
				key := name + "-key-0123456789"
				if _, err := w.db.CreateIntegration(w.ctx, svc.ID, name, paging.Generic, key); err != nil {
					t.Fatal(err)
				}
				return key
			}
			floodKey, soloKey := service("storm", flooded), service("solo", []paging.Target{{UserID: newcomer}})

			s := &stepper{got: make(chan paging.Message), release: make(chan struct{})}
			disp := paging.NewDispatcher(w.db, map[paging.Channel]paging.Sender{paging.ChannelSMS: s}, w.clock.Now, w.log, nil)
			disp.Parallel = 1
			if mode == "handoff" {
				w.engine.Handoff = disp.Handoff
			} else {
				w.engine.Dispatch = disp
			}
			n := 0
			// alert sends one alert and, with claimed, waits until the
			// dispatcher holds its pages (in claim mode; handed-over pages
			// are held once fire returns).
			alert := func(key string, claimed bool) int64 {
				w.key = key
				n++
				r := w.send(paging.Incoming{Summary: fmt.Sprintf("alert %d", n), DedupKey: fmt.Sprint("d", n), Severity: paging.Critical})
				w.fire()
				if mode == "claim" && claimed {
					// The outbox row is leased before the claimed pages
					// reach the fair queue: wait for the queue, not the row.
					var ids []int64
					rows, err := w.db.SQL().Query("SELECT id FROM pages WHERE alert_id = ?", r.AlertID)
					if err != nil {
						t.Fatal(err)
					}
					for rows.Next() {
						var id int64
						rows.Scan(&id)
						ids = append(ids, id)
					}
					rows.Close()
					if len(ids) == 0 {
						t.Fatalf("alert %d has no pages", r.AlertID)
					}
					for _, id := range ids {
						for !disp.Holds(id) {
							var status string
							w.db.SQL().QueryRow("SELECT status FROM pages WHERE id = ?", id).Scan(&status)
							if status == "sent" {
								break
							}
							time.Sleep(time.Millisecond)
						}
					}
				}
				return r.AlertID
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { disp.Run(ctx); close(done) }()
			defer func() { cancel(); <-done }()
			for range 3 {
				alert(floodKey, true)
			}
			messages := map[int64]int{}
			for range 20 {
				m := s.next(t)
				messages[m.UserID]++
				// The flood goes on while each message is sent (engineers
				// with PerUser pages held are not claimed for meanwhile).
				alert(floodKey, false)
				s.release <- struct{}{}
			}
			for _, f := range flooded {
				if messages[f.UserID] != 1 {
					t.Fatalf("flood engineers got %v messages in the first 20; want one each", messages)
				}
			}
			m := s.next(t) // a flood engineer's second message is being sent
			solo := alert(soloKey, true)
			s.release <- struct{}{}
			m = s.next(t)
			if m.UserID != newcomer || m.AlertID != solo {
				t.Fatalf("after the new engineer's alert the next message went to user %d (alert %d); want the new engineer", m.UserID, m.AlertID)
			}
			s.release <- struct{}{}
		})
	}
}

// TestAlertDuringBacklogFiresInTheNextBatch: while the engine works through
// a backlog, an alert that arrives is due in the very next batch (its
// service's turn puts it first), not after every alert that was due when
// the pass began: each batch of a running engine fires what is due at the
// clock's now.
func TestAlertDuringBacklogFiresInTheNextBatch(t *testing.T) {
	w := newWorld(t, store.SQLite)
	team := w.service.TeamID
	u, err := w.db.CreateUser(w.ctx, rota.User{Email: "solo@example.com", Name: "solo", Discipline: rota.Ops, TimeZone: "UTC"}, "")
	if err != nil {
		t.Fatal(err)
	}
	w.db.SetMember(w.ctx, team, u.ID, rota.TeamMember)
	pol, err := w.db.CreatePolicy(w.ctx, paging.Policy{TeamID: team, Name: "solo", Steps: []paging.Step{{Targets: []paging.Target{{UserID: u.ID}}}}})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := w.db.CreateService(w.ctx, paging.Service{TeamID: team, Name: "solo", PolicyID: pol.ID, Urgency: paging.UrgencyHigh})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.CreateIntegration(w.ctx, svc.ID, "solo", paging.Generic, "solo-key-0123456789"); err != nil {
		t.Fatal(err)
	}
	storm := w.key
	for i := range 350 {
		w.send(paging.Incoming{Summary: fmt.Sprint("storm ", i), DedupKey: fmt.Sprint("s", i), Severity: paging.Critical})
	}
	eng := paging.NewEngine(w.cfg, w.db, w.oncall, paging.FixedNotifier(paging.ChannelSMS), w.clock.Now, w.log)
	var mu sync.Mutex
	var batches [][]int64 // the alerts of each handed-over batch
	var solo int64
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	eng.Handoff = func(msgs []paging.Message) {
		mu.Lock()
		defer mu.Unlock()
		var ids []int64
		for _, m := range msgs {
			ids = append(ids, m.AlertID)
		}
		batches = append(batches, ids)
		if len(batches) == 1 {
			// The backlog's first batch is out: a new alert for another
			// engineer arrives a second later.
			w.clock.Add(time.Second)
			w.key = "solo-key-0123456789"
			solo = w.send(paging.Incoming{Summary: "solo", DedupKey: "solo", Severity: paging.Critical}).AlertID
			w.key = storm
		}
		if slices.Contains(ids, solo) || len(batches) > 5 {
			cancel()
		}
	}
	eng.Run(ctx)
	mu.Lock()
	defer mu.Unlock()
	for i, b := range batches {
		if slices.Contains(b, solo) {
			if i != 1 {
				t.Fatalf("the alert that arrived during the backlog was fired in batch %d; want the next one, batch 1", i)
			}
			return
		}
	}
	t.Fatalf("the alert that arrived during the backlog was not fired in %d batches", len(batches))
}
