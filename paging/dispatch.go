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
	// LeasedMessages loads pages the engine leased to this process.
	LeasedMessages(ctx context.Context, ids []int64) ([]Message, error)
}

// Dispatcher sends pages from the outbox.
type Dispatcher struct {
	store   OutboxStore
	senders map[Channel]Sender
	now     func() time.Time
	log     *slog.Logger
	wake    chan struct{}
	handoff chan []int64
	link    func(alertID int64) string

	Batch    int
	Parallel int
	// Limits caps the send rate of channels (the sending number's messages
	// per second for SMS, calls per second for voice).
	Limits map[Channel]*rate.Limiter
	// PerUser caps sends in flight to one engineer, so that one engineer's
	// slow or hanging sends cannot take every slot.
	PerUser int
	Lease   time.Duration
	// MaxAttempts, when set, fails a page after that many attempts even on
	// retryable errors; zero retries those until GiveUpAfter.
	MaxAttempts int
	Poll        time.Duration
}

// NewDispatcher returns a dispatcher; link builds alert URLs for messages.
func NewDispatcher(store OutboxStore, senders map[Channel]Sender, now func() time.Time, log *slog.Logger, link func(int64) string) *Dispatcher {
	return &Dispatcher{store: store, senders: senders, now: now, log: log, link: link, wake: make(chan struct{}, 1), handoff: make(chan []int64, 256),
		Batch: 64, Parallel: 16, PerUser: 8, Lease: time.Minute, Poll: 2 * time.Second}
}

// Handoff gives the dispatcher pages already leased to it (by the engine
// of this process), to send at once. If it is too busy to take them, their
// lease runs out and they are claimed like any other page.
func (d *Dispatcher) Handoff(ids []int64) {
	select {
	case d.handoff <- ids:
	default:
	}
}

// Wake makes the dispatcher look for pages now.
func (d *Dispatcher) Wake() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run sends pages until ctx ends. Sends run concurrently (up to Parallel)
// and never wait for each other: a slow provider call holds one slot, not
// the queue. Channels with a rate limit (Limits) go through a priority
// queue: when the sending number's rate is the bottleneck, first pages go
// before repeats and high urgency before low, and an engineer's waiting SMS
// pages leave together as one bundled message. Outcomes are written in
// batches by one goroutine.
func (d *Dispatcher) Run(ctx context.Context) {
	results := make(chan Finished, 4096)
	finished := make(chan struct{})
	go func() { d.finisher(results); close(finished) }()
	r := &runner{d: d, ctx: ctx, results: results, slots: make(chan struct{}, d.Parallel), freed: make(chan struct{}, 1),
		inflight: map[int64]int{}, queues: map[Channel]*pageQueue{}}
	var pumps sync.WaitGroup
	queueCap := d.queueCap()
	for ch, lim := range d.Limits {
		q := &pageQueue{ready: make(chan struct{}, 1)}
		r.queues[ch] = q
		pumps.Add(1)
		go func() { defer pumps.Done(); r.pump(ch, lim, q) }()
	}
	for ctx.Err() == nil {
		free := min(d.Parallel-len(r.slots), queueCap-r.queued())
		n := 0
		if free > 0 {
			msgs, err := d.store.ClaimPages(ctx, d.now().UTC(), min(free, d.Batch), d.Lease, d.PerUser, r.busy())
			if err != nil && ctx.Err() == nil {
				d.log.Error("outbox", "err", err)
			}
			n = len(msgs)
			for _, m := range msgs {
				r.route(m)
			}
		}
		if n > 0 && n == free {
			continue // more may be due and there is room
		}
		wait := d.Poll
		if next, ok, err := d.store.NextPageDue(ctx); err == nil && ok {
			if w := next.Sub(d.now()); w < wait {
				wait = max(w, 5*time.Millisecond)
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
		case <-d.wake:
		case <-r.freed:
		case <-t.C:
		case ids := <-d.handoff:
			r.take(ids)
		}
		t.Stop()
	}
	pumps.Wait()
	r.sends.Wait()
	r.putBack()
	close(results)
	<-finished
}

// queueCap is how many pages may wait for the rate limits: no more than
// the slowest limited channel can send within half a lease, so that no
// lease runs out (and another process sends the page too) while it waits.
func (d *Dispatcher) queueCap() int {
	c := d.Batch
	for _, lim := range d.Limits {
		if n := int(float64(lim.Limit()) * d.Lease.Seconds() / 2); n < c {
			c = max(n, 1)
		}
	}
	return c
}

// putBack returns the pages still waiting for a rate limit to the outbox,
// due at once, for this or the next process.
func (r *runner) putBack() {
	for _, q := range r.queues {
		for _, m := range q.drain() {
			r.results <- Finished{Message: m, At: r.d.now().UTC(), Result: PageResult{Status: PagePending, Error: "shutting down", RetryAt: r.d.now()}}
		}
	}
}

// take sends pages handed over by the engine.
func (r *runner) take(ids []int64) {
	msgs, err := r.d.store.LeasedMessages(r.ctx, ids)
	if err != nil {
		r.d.log.Error("outbox: handed-over pages", "err", err)
		return // their lease runs out and they are claimed
	}
	for _, m := range msgs {
		r.route(m)
	}
}

// route sends m, or queues it behind its channel's rate limit.
func (r *runner) route(m Message) {
	if r.d.link != nil {
		m.Link = r.d.link(m.AlertID)
	}
	r.track(m.UserID, 1)
	if q := r.queues[m.Channel]; q != nil {
		q.push(m)
		return
	}
	r.dispatch(m)
}

// runner is the state of one Run.
type runner struct {
	d        *Dispatcher
	ctx      context.Context
	results  chan<- Finished
	slots    chan struct{}
	freed    chan struct{}
	sends    sync.WaitGroup
	mu       sync.Mutex
	inflight map[int64]int
	queues   map[Channel]*pageQueue
}

func (r *runner) track(user int64, delta int) {
	r.mu.Lock()
	if r.inflight[user] += delta; r.inflight[user] <= 0 {
		delete(r.inflight, user)
	}
	r.mu.Unlock()
}

// busy lists engineers with PerUser pages in flight or queued.
func (r *runner) busy() []int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []int64
	for u, k := range r.inflight {
		if k >= r.d.PerUser {
			out = append(out, u)
		}
	}
	return out
}

func (r *runner) queued() int {
	n := 0
	for _, q := range r.queues {
		n += q.len()
	}
	return n
}

// dispatch sends m (and its bundle) in a slot of its own.
func (r *runner) dispatch(m Message) {
	r.slots <- struct{}{}
	r.sends.Add(1)
	go func() {
		defer r.sends.Done()
		res := r.d.send(r.ctx, m)
		at := r.d.now().UTC()
		// Free the slot before recording: a slow write must not hold up
		// the next send.
		<-r.slots
		select {
		case r.freed <- struct{}{}:
		default:
		}
		bundle := m.Bundle
		m.Bundle = nil
		r.results <- Finished{Message: m, At: at, Result: res}
		for _, b := range bundle {
			r.results <- Finished{Message: b, At: at, Result: res}
		}
		r.track(m.UserID, -1-len(bundle))
	}()
}

// pump sends a rate-limited channel's queue as pages arrive in it.
func (r *runner) pump(ch Channel, lim *rate.Limiter, q *pageQueue) {
	for {
		select {
		case <-r.ctx.Done():
			return
		case <-q.ready:
		}
		if r.sendQueued(ch, lim, q) != nil {
			return
		}
	}
}

// sendQueued sends a rate-limited channel's queue until it is empty, at the
// limit's pace: the best page first, with the same engineer's other
// waiting SMS pages bundled into it. It fails when the limit would not let
// the next page out before r.ctx ends.
func (r *runner) sendQueued(ch Channel, lim *rate.Limiter, q *pageQueue) error {
	for q.len() > 0 {
		if err := lim.Wait(r.ctx); err != nil {
			return err
		}
		m, ok := q.pop()
		if !ok {
			break
		}
		if ch == ChannelSMS && !m.Shadow {
			m.Bundle = q.takeFor(m.UserID, m.Address)
		}
		r.dispatch(m)
	}
	return nil
}

// pageQueue orders waiting pages: high urgency first, then first passes and
// first steps, then oldest.
type pageQueue struct {
	mu    sync.Mutex
	items []Message
	ready chan struct{}
}

func less(a, b Message) bool {
	if a.Urgency != b.Urgency {
		return a.Urgency == High
	}
	if a.Loop != b.Loop {
		return a.Loop < b.Loop
	}
	if a.Step != b.Step {
		return a.Step < b.Step
	}
	if !a.NextAttemptAt.Equal(b.NextAttemptAt) {
		return a.NextAttemptAt.Before(b.NextAttemptAt)
	}
	return a.ID < b.ID
}

func (q *pageQueue) push(m Message) {
	q.mu.Lock()
	q.items = append(q.items, m)
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

func (q *pageQueue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

func (q *pageQueue) pop() (Message, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		return Message{}, false
	}
	best := 0
	for i := range q.items {
		if less(q.items[i], q.items[best]) {
			best = i
		}
	}
	m := q.items[best]
	q.items = append(q.items[:best], q.items[best+1:]...)
	return m, true
}

// takeFor removes and returns the queued pages for one engineer's number.
func (q *pageQueue) takeFor(user int64, address string) []Message {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []Message
	kept := q.items[:0]
	for _, m := range q.items {
		if m.UserID == user && m.Address == address && !m.Shadow {
			out = append(out, m)
			continue
		}
		kept = append(kept, m)
	}
	q.items = kept
	return out
}

func (q *pageQueue) drain() []Message {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := q.items
	q.items = nil
	return out
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
// rate-limited channels at their limit's pace, an engineer's waiting SMS
// pages bundled — waiting for every send and recording the outcomes; it
// returns how many pages it claimed (tests and draining). When a rate
// limit would not let a page out before ctx ends, the pages still waiting
// go back to the outbox, due, and RunOnce returns the limit's error.
func (d *Dispatcher) RunOnce(ctx context.Context, at time.Time) (int, error) {
	msgs, err := d.store.ClaimPages(ctx, at.UTC(), d.queueCap(), d.Lease, d.Batch, nil)
	if err != nil || len(msgs) == 0 {
		return 0, err
	}
	// One result per page, bundled ones included: the channel never blocks.
	results := make(chan Finished, len(msgs))
	r := &runner{d: d, ctx: ctx, results: results, slots: make(chan struct{}, d.Parallel), freed: make(chan struct{}, 1),
		inflight: map[int64]int{}, queues: map[Channel]*pageQueue{}}
	for ch := range d.Limits {
		r.queues[ch] = &pageQueue{ready: make(chan struct{}, 1)}
	}
	for _, m := range msgs {
		r.route(m)
	}
	var pumps sync.WaitGroup
	limitErr := make(chan error, len(r.queues))
	for ch, q := range r.queues {
		pumps.Add(1)
		go func() {
			defer pumps.Done()
			if err := r.sendQueued(ch, d.Limits[ch], q); err != nil {
				limitErr <- err
			}
		}()
	}
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
