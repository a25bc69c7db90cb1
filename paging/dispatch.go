package paging

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Message is a page with what a sender needs to word it.
type Message struct {
	Page
	Alert       Alert
	ServiceName string
	UserName    string
	UserPhone   string
	// Link opens the alert in the web app.
	Link string
	// Bundle holds further pages sent in the same message (several alerts
	// for one engineer within a short window become one SMS).
	Bundle []Message
}

// Sender delivers pages over one channel.
type Sender interface {
	Send(ctx context.Context, m Message) (ref string, err error)
}

// SendError says whether a failed send may be retried.
type SendError struct {
	Retryable  bool
	RetryAfter time.Duration
	Err        error
}

func (e *SendError) Error() string { return e.Err.Error() }
func (e *SendError) Unwrap() error { return e.Err }

// Retryable wraps err as a failure worth retrying (timeouts, 429, 5xx).
func Retryable(err error, after time.Duration) error {
	return &SendError{Retryable: true, RetryAfter: after, Err: err}
}

// Finished is a page whose send ended.
type Finished struct {
	Message
	At     time.Time
	Result PageResult
}

// PageResult is how a send ended.
type PageResult struct {
	Status  PageStatus // sent, failed, or pending again (retry)
	Ref     string
	Error   string
	RetryAt time.Time
	// FallBack asks for the engineer's other phone channel as well: the
	// send failed for good, or keeps failing.
	FallBack bool
	// Requeue (with Status pending) returns a page that was never
	// attempted to the outbox: no attempt is counted and nothing is added
	// to the timeline.
	Requeue bool
}

// FallBackAfter is how many failed attempts on one channel bring in the
// engineer's other channel while retries go on.
const FallBackAfter = 3

// GiveUpAfter is how long a page keeps being retried while the provider
// fails with retryable errors: an outage delays pages, it does not drop them.
const GiveUpAfter = 24 * time.Hour

// OutboxStore is the durable outbox.
type OutboxStore interface {
	// ClaimPages leases up to limit due pages (pending, or sending with an
	// expired lease), fairly across engineers: each engineer's first
	// notifications before repeats, high urgency before low, at most
	// perUser per engineer, none for the engineers in busy.
	ClaimPages(ctx context.Context, at time.Time, limit int, lease time.Duration, perUser int, busy []int64) ([]Message, error)
	// FinishPages records sends' outcomes and timeline events, in one
	// transaction.
	FinishPages(ctx context.Context, done []Finished) error
	// NextPageDue returns the earliest pending page time, if any.
	NextPageDue(ctx context.Context) (time.Time, bool, error)
	// RenewLeases extends to until the leases of the pages among ids that
	// are still being sent under a lease that has not run out at at, and
	// returns their ids.
	RenewLeases(ctx context.Context, ids []int64, at, until time.Time) ([]int64, error)
}

// Dispatcher sends pages from the outbox.
type Dispatcher struct {
	store   OutboxStore
	senders map[Channel]Sender
	now     func() time.Time
	log     *slog.Logger
	wake    chan struct{}
	link    func(alertID int64) string
	// active is the running Run's state, for Handoff; early holds what
	// was handed over before Run started.
	activeMu sync.Mutex
	active   *runner
	early    []Message
	// soonest is the earliest pending page WakeAt was told of.
	soonestMu sync.Mutex
	soonest   time.Time
	timer     chan struct{}

	// Batch is how many pages one claim takes at most.
	Batch    int
	Parallel int
	// Limits caps the send rate of channels (the sending number's messages
	// per second for SMS, calls per second for voice).
	Limits map[Channel]*rate.Limiter
	// PerUser caps messages in flight to one engineer, so that one
	// engineer's slow or hanging sends cannot take every slot; it also caps
	// how many of an engineer's pages a claim takes.
	PerUser int
	Lease   time.Duration
	// MaxHeld caps the pages Run holds in memory (waiting for a rate limit
	// or a free slot, or being sent); beyond it pages wait in the outbox.
	MaxHeld int
	// MaxAttempts, when set, fails a page after that many attempts even on
	// retryable errors; zero retries those until GiveUpAfter.
	MaxAttempts int
	Poll        time.Duration
}

// NewDispatcher returns a dispatcher; link builds alert URLs for messages.
func NewDispatcher(store OutboxStore, senders map[Channel]Sender, now func() time.Time, log *slog.Logger, link func(int64) string) *Dispatcher {
	return &Dispatcher{store: store, senders: senders, now: now, log: log, link: link, wake: make(chan struct{}, 1), timer: make(chan struct{}, 1),
		Batch: 256, Parallel: 16, PerUser: 8, Lease: time.Minute, MaxHeld: 50000, Poll: 2 * time.Second}
}

// Handoff gives the running dispatcher pages already leased to it (by the
// engine of this process), to send without claiming them. When Run is not
// running or holds MaxHeld pages, their lease runs out and they are claimed
// like any other page.
func (d *Dispatcher) Handoff(msgs []Message) {
	d.activeMu.Lock()
	r := d.active
	if r == nil {
		// Run is about to start (the engine may start first): it takes them.
		if len(d.early)+len(msgs) <= d.MaxHeld {
			d.early = append(d.early, msgs...)
		}
		d.activeMu.Unlock()
		return
	}
	d.activeMu.Unlock()
	if r.heldCount()+len(msgs) > d.MaxHeld {
		return
	}
	r.routeAll(msgs)
}

// activate makes r the running state (nil when Run ends) and gives it the
// pages handed over before it ran.
func (d *Dispatcher) activate(r *runner) {
	d.activeMu.Lock()
	d.active = r
	early := d.early
	d.early = nil
	d.activeMu.Unlock()
	if r != nil {
		r.routeAll(early)
	}
}

// Wake makes the dispatcher look for pages now.
func (d *Dispatcher) Wake() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// WakeAt tells the dispatcher that a page becomes due at t (a voice call
// after its SMS, say), so that it looks then rather than at its next poll.
func (d *Dispatcher) WakeAt(t time.Time) {
	d.soonestMu.Lock()
	if d.soonest.IsZero() || t.Before(d.soonest) {
		d.soonest = t
	}
	d.soonestMu.Unlock()
	select {
	case d.timer <- struct{}{}:
	default:
	}
}

func (d *Dispatcher) takeSoonest() time.Time {
	d.soonestMu.Lock()
	defer d.soonestMu.Unlock()
	t := d.soonest
	d.soonest = time.Time{}
	return t
}

// Run sends pages until ctx ends. Every channel's waiting pages go through
// a fair queue (see fairQueue): whenever pages wait — for a channel's rate
// limit or for a free send slot — engineers are served in turn, high
// urgency first, and an engineer's waiting SMS pages leave together as one
// bundled message. Sends run concurrently (up to Parallel) and never wait
// for each other: a slow provider call holds one slot, not the queue.
// Pages come from the engine's handoff, or are claimed from the outbox
// when woken, when one is due, and at least every Poll. Run renews the
// leases of the pages it holds, so pages may wait longer than a lease
// without another process taking them. Outcomes are written in batches by
// one goroutine.
func (d *Dispatcher) Run(ctx context.Context) {
	results := make(chan Finished, 4096)
	finished := make(chan struct{})
	go func() { d.finisher(results); close(finished) }()
	r := d.newRunner(ctx, results)
	r.renewing = true
	var pumps sync.WaitGroup
	for ch := range d.senders {
		r.queue(ch)
	}
	r.startPumps(&pumps, false, nil)
	d.activate(r)
	renewEvery := min(d.Lease/8, time.Second)
	renew := time.NewTicker(max(renewEvery, time.Millisecond))
	claim := true
	var next time.Time
	for ctx.Err() == nil {
		if claim {
			claim = false
			next = d.claim(ctx, r)
			if next.IsZero() {
				claim = true
				continue // a full batch: more may be due
			}
		}
		if t := d.takeSoonest(); !t.IsZero() && t.Before(next) {
			next = t
		}
		t := time.NewTimer(max(next.Sub(d.now()), time.Millisecond))
		select {
		case <-ctx.Done():
		case <-d.wake:
			claim = true
		case <-d.timer:
		case <-renew.C:
			r.renew()
		case <-t.C:
			claim = true
		}
		t.Stop()
	}
	renew.Stop()
	d.activate(nil)
	pumps.Wait()
	r.sends.Wait()
	r.putBack()
	close(results)
	<-finished
}

// claim takes due pages from the outbox into r and returns when to look
// again; zero means at once (the batch was full).
func (d *Dispatcher) claim(ctx context.Context, r *runner) time.Time {
	now := d.now()
	room := d.MaxHeld - r.heldCount()
	if room <= 0 {
		return now.Add(20 * time.Millisecond) // sends will make room
	}
	limit := min(room, d.Batch)
	msgs, err := d.store.ClaimPages(ctx, now.UTC(), limit, d.Lease, d.PerUser, r.busy())
	if err != nil {
		if ctx.Err() == nil {
			d.log.Error("outbox", "err", err)
		}
		return now.Add(min(d.Poll, time.Second))
	}
	r.routeAll(msgs)
	if len(msgs) == limit {
		return time.Time{}
	}
	next := now.Add(d.Poll)
	if due, ok, err := d.store.NextPageDue(ctx); err == nil && ok && due.Before(next) {
		// Due but not claimable (engineers at their cap, or rows another
		// process holds): look again soon, not in a busy loop.
		next = due
		if soon := now.Add(20 * time.Millisecond); next.Before(soon) {
			next = soon
		}
	}
	return next
}

// queueCap is how many pages RunOnce claims: no more than the slowest
// limited channel can send within half a lease, since RunOnce does not
// renew leases and no lease may run out (and another process send the page
// too) while a page waits.
func (d *Dispatcher) queueCap() int {
	c := d.Batch
	for _, lim := range d.Limits {
		if n := int(float64(lim.Limit()) * d.Lease.Seconds() / 2); n < c {
			c = max(n, 1)
		}
	}
	return c
}

// runner is the state of one Run (or RunOnce).
type runner struct {
	d        *Dispatcher
	ctx      context.Context
	results  chan<- Finished
	slots    chan struct{}
	sends    sync.WaitGroup
	renewing bool

	mu      sync.Mutex
	queues  map[Channel]*fairQueue
	held    map[int64]heldPage // every page held: waiting or being sent
	perUser map[int64]int      // held pages per engineer
	pumps   *sync.WaitGroup
	pumpErr chan<- error
}

type heldPage struct {
	user  int64
	until time.Time // lease end
}

func (d *Dispatcher) newRunner(ctx context.Context, results chan<- Finished) *runner {
	return &runner{d: d, ctx: ctx, results: results, slots: make(chan struct{}, d.Parallel),
		queues: map[Channel]*fairQueue{}, held: map[int64]heldPage{}, perUser: map[int64]int{}}
}

// queue returns ch's fair queue, making it (and, once pumps run, its pump)
// on first use.
func (r *runner) queue(ch Channel) *fairQueue {
	r.mu.Lock()
	defer r.mu.Unlock()
	q := r.queues[ch]
	if q == nil {
		q = newFairQueue(ch == ChannelSMS, r.d.PerUser)
		r.queues[ch] = q
		if r.pumps != nil {
			r.startPump(ch, q, false)
		}
	}
	return q
}

// startPumps starts a pump per queue; later queues get theirs on creation.
// With untilEmpty the pumps end when their queue is empty, reporting a rate
// limit's error on errs.
func (r *runner) startPumps(wg *sync.WaitGroup, untilEmpty bool, errs chan<- error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pumps, r.pumpErr = wg, errs
	for ch, q := range r.queues {
		r.startPump(ch, q, untilEmpty)
	}
}

func (r *runner) startPump(ch Channel, q *fairQueue, untilEmpty bool) {
	r.pumps.Add(1)
	go func() {
		defer r.pumps.Done()
		if err := r.pump(ch, q, untilEmpty); err != nil && r.pumpErr != nil {
			r.pumpErr <- err
		}
	}()
}

func (r *runner) heldCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.held)
}

// routeAll queues pages for sending.
func (r *runner) routeAll(msgs []Message) {
	for _, m := range msgs {
		if r.d.link != nil {
			m.Link = r.d.link(m.AlertID)
		}
		r.mu.Lock()
		if _, dup := r.held[m.ID]; dup {
			r.mu.Unlock()
			continue // handed over and claimed: already here
		}
		r.held[m.ID] = heldPage{user: m.UserID, until: m.LeaseUntil}
		r.perUser[m.UserID]++
		r.mu.Unlock()
		r.queue(m.Channel).push(m)
	}
}

// release forgets pages that finished or were dropped.
func (r *runner) release(ids ...int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, id := range ids {
		h, ok := r.held[id]
		if !ok {
			continue
		}
		delete(r.held, id)
		if r.perUser[h.user]--; r.perUser[h.user] <= 0 {
			delete(r.perUser, h.user)
		}
	}
}

// busy lists engineers with PerUser pages held, whom claims skip.
func (r *runner) busy() []int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []int64
	for u, k := range r.perUser {
		if k >= r.d.PerUser {
			out = append(out, u)
		}
	}
	return out
}

// renewAhead is how long before its end a held page's lease is renewed.
const renewAhead = 10 * time.Second

// renew extends the leases of held pages that end soon. Pages whose lease
// already ran out may be another process's now: those still waiting are
// dropped (the outbox has them; whoever claims them sends them).
func (r *runner) renew() {
	now := r.d.now()
	horizon := now.Add(min(renewAhead, r.d.Lease/2))
	var ids []int64
	r.mu.Lock()
	for id, h := range r.held {
		if h.until.Before(horizon) {
			ids = append(ids, id)
		}
	}
	r.mu.Unlock()
	if len(ids) == 0 {
		return
	}
	until := now.Add(r.d.Lease)
	kept, err := r.d.store.RenewLeases(r.ctx, ids, now.UTC(), until.UTC())
	if err != nil {
		if r.ctx.Err() == nil {
			r.d.log.Error("outbox: renewing leases", "err", err, "pages", len(ids))
		}
		return
	}
	ok := make(map[int64]bool, len(kept))
	for _, id := range kept {
		ok[id] = true
	}
	var lost []int64
	r.mu.Lock()
	for _, id := range ids {
		h, held := r.held[id]
		switch {
		case !held:
		case ok[id]:
			h.until = until
			r.held[id] = h
		default:
			lost = append(lost, id)
		}
	}
	queues := make([]*fairQueue, 0, len(r.queues))
	for _, q := range r.queues {
		queues = append(queues, q)
	}
	r.mu.Unlock()
	if len(lost) == 0 {
		return
	}
	var dropped []int64
	for _, q := range queues {
		dropped = append(dropped, q.drop(lost)...)
	}
	// Lost pages being sent finish as usual; the waiting ones are let go.
	r.release(dropped...)
	if len(dropped) > 0 {
		r.d.log.Warn("outbox: leases ran out while pages waited; left to the outbox", "pages", len(dropped))
	}
}

// putBack returns the pages still waiting to the outbox, due at once, for
// this or the next process. They were not attempted: no attempt is counted.
func (r *runner) putBack() {
	r.mu.Lock()
	queues := make([]*fairQueue, 0, len(r.queues))
	for _, q := range r.queues {
		queues = append(queues, q)
	}
	r.mu.Unlock()
	now := r.d.now()
	for _, q := range queues {
		for _, m := range q.drain() {
			r.release(m.ID)
			r.results <- Finished{Message: m, At: now.UTC(), Result: PageResult{Status: PagePending, Requeue: true, Error: "not sent before shutdown", RetryAt: now}}
		}
	}
}

// pump sends a channel's queue: at the limit's pace when the channel has
// one, in free slots, the fair queue's next message each time. With
// untilEmpty it returns once nothing waits; otherwise when r.ctx ends. It
// fails when the limit would not let the next message out before r.ctx
// ends.
func (r *runner) pump(ch Channel, q *fairQueue, untilEmpty bool) error {
	lim := r.d.Limits[ch]
	for {
		for !q.sendable() {
			if untilEmpty && q.len() == 0 {
				return nil
			}
			select {
			case <-r.ctx.Done():
				return nil
			case <-q.signal:
			}
		}
		if lim != nil {
			if err := lim.Wait(r.ctx); err != nil {
				if r.ctx.Err() != nil && !untilEmpty {
					return nil
				}
				return err
			}
		}
		select {
		case r.slots <- struct{}{}:
		case <-r.ctx.Done():
			return nil
		}
		m, ok := q.pop()
		if !ok {
			<-r.slots
			continue
		}
		r.dispatch(q, m)
	}
}

// dispatch sends m (and its bundle) in the slot the pump took.
func (r *runner) dispatch(q *fairQueue, m Message) {
	r.sends.Add(1)
	go func() {
		defer r.sends.Done()
		res := r.d.send(r.ctx, m)
		at := r.d.now().UTC()
		// Free the slot before recording: a slow write must not hold up
		// the next send.
		<-r.slots
		q.done(m.UserID)
		bundle := m.Bundle
		m.Bundle = nil
		r.results <- Finished{Message: m, At: at, Result: res}
		ids := []int64{m.ID}
		for _, b := range bundle {
			r.results <- Finished{Message: b, At: at, Result: res}
			ids = append(ids, b.ID)
		}
		r.release(ids...)
	}()
}

// finisher writes send outcomes, batching whatever has arrived.
func (d *Dispatcher) finisher(results <-chan Finished) {
	for f := range results {
		batch := []Finished{f}
	more:
		for len(batch) < 256 {
			select {
			case g, ok := <-results:
				if !ok {
					break more
				}
				batch = append(batch, g)
			default:
				break more
			}
		}
		if err := d.store.FinishPages(context.Background(), batch); err != nil {
			d.log.Error("outbox: recording sends", "err", err, "pages", len(batch))
		}
	}
}

// Drain sends what is due until nothing is, or ctx ends, or a rate limit
// would not let the next page out before it does (for shutdown). Pages it
// could not send stay in the outbox, due, for the next process.
func (d *Dispatcher) Drain(ctx context.Context) {
	for ctx.Err() == nil {
		n, err := d.RunOnce(ctx, d.now())
		if err != nil || n == 0 {
			return
		}
	}
}

// RunOnce claims and sends one batch of due pages the way Run does —
// through each channel's fair queue, rate-limited channels at their
// limit's pace, an engineer's waiting SMS pages bundled — waiting for every
// send and recording the outcomes; it returns how many pages it claimed
// (tests and draining). When a rate limit would not let a page out before
// ctx ends, the pages still waiting go back to the outbox, due, and RunOnce
// returns the limit's error.
func (d *Dispatcher) RunOnce(ctx context.Context, at time.Time) (int, error) {
	msgs, err := d.store.ClaimPages(ctx, at.UTC(), d.queueCap(), d.Lease, d.Batch, nil)
	if err != nil || len(msgs) == 0 {
		return 0, err
	}
	// One result per page, bundled ones included: the channel never blocks.
	results := make(chan Finished, len(msgs))
	r := d.newRunner(ctx, results)
	r.routeAll(msgs)
	var pumps sync.WaitGroup
	limitErr := make(chan error, len(r.queues)+8)
	r.startPumps(&pumps, true, limitErr)
	pumps.Wait()
	r.sends.Wait()
	r.putBack()
	close(results)
	close(limitErr)
	done := make([]Finished, 0, len(msgs))
	for f := range results {
		done = append(done, f)
	}
	if err := d.store.FinishPages(context.WithoutCancel(ctx), done); err != nil {
		return len(msgs), err
	}
	return len(msgs), <-limitErr
}

// send delivers one page and decides what happens next.
func (d *Dispatcher) send(ctx context.Context, m Message) PageResult {
	s := d.senders[m.Channel]
	if s == nil {
		return PageResult{Status: PageFailed, Error: fmt.Sprintf("no sender for channel %s", m.Channel)}
	}
	sendCtx, cancel := context.WithTimeout(ctx, 20*time.Second)
	ref, err := s.Send(sendCtx, m)
	cancel()
	if err == nil {
		return PageResult{Status: PageSent, Ref: ref}
	}
	var se *SendError
	retry := errors.As(err, &se) && se.Retryable || errors.Is(err, context.DeadlineExceeded)
	attempts := m.Attempts + 1
	if !retry || d.now().Sub(m.CreatedAt) > GiveUpAfter || (d.MaxAttempts > 0 && attempts >= d.MaxAttempts) {
		d.log.Warn("page failed", "page", m.ID, "alert", m.AlertID, "channel", m.Channel, "attempts", attempts, "err", err)
		return PageResult{Status: PageFailed, Error: err.Error(), FallBack: true}
	}
	backoff := time.Second << min(attempts-1, 5) // 1s … 32s
	if se != nil && se.RetryAfter > backoff {
		backoff = min(se.RetryAfter, 5*time.Minute)
	}
	return PageResult{Status: PagePending, Error: err.Error(), RetryAt: d.now().Add(backoff), FallBack: attempts == FallBackAfter}
}

// LogSender records pages in the log only: the default when no provider
// is configured, so the whole flow works on a laptop.
type LogSender struct{ Log *slog.Logger }

// Send implements Sender.
func (l LogSender) Send(ctx context.Context, m Message) (string, error) {
	l.Log.InfoContext(ctx, "page (not sent: no provider configured)", "page", m.ID, "alert", m.AlertID, "user", m.UserID,
		"shadow", m.Shadow, "urgency", m.Urgency, "summary", m.Alert.Summary)
	return fmt.Sprintf("log-%d", m.ID), nil
}
