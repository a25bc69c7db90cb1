package paging

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
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
}

// Dispatcher sends pages from the outbox.
type Dispatcher struct {
	store   OutboxStore
	senders map[Channel]Sender
	now     func() time.Time
	log     *slog.Logger
	wake    chan struct{}
	link    func(alertID int64) string

	Batch    int
	Parallel int
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
	return &Dispatcher{store: store, senders: senders, now: now, log: log, link: link, wake: make(chan struct{}, 1),
		Batch: 64, Parallel: 16, PerUser: 4, Lease: time.Minute, Poll: 2 * time.Second}
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
// the queue. Outcomes are written in batches by one goroutine.
func (d *Dispatcher) Run(ctx context.Context) {
	results := make(chan Finished, 4*d.Parallel)
	finished := make(chan struct{})
	go func() { d.finisher(results); close(finished) }()
	slots := make(chan struct{}, d.Parallel)
	freed := make(chan struct{}, d.Parallel)
	var wg sync.WaitGroup
	var mu sync.Mutex
	inflight := map[int64]int{}
	for ctx.Err() == nil {
		free := d.Parallel - len(slots)
		n := 0
		if free > 0 {
			mu.Lock()
			var busy []int64
			for u, k := range inflight {
				if k >= d.PerUser {
					busy = append(busy, u)
				}
			}
			mu.Unlock()
			msgs, err := d.store.ClaimPages(ctx, d.now().UTC(), min(free, d.Batch), d.Lease, d.PerUser, busy)
			if err != nil && ctx.Err() == nil {
				d.log.Error("outbox", "err", err)
			}
			n = len(msgs)
			for _, m := range msgs {
				if d.link != nil {
					m.Link = d.link(m.AlertID)
				}
				slots <- struct{}{}
				mu.Lock()
				inflight[m.UserID]++
				mu.Unlock()
				wg.Add(1)
				go func(m Message) {
					defer wg.Done()
					r := d.send(ctx, m)
					results <- Finished{Message: m, At: d.now().UTC(), Result: r}
					mu.Lock()
					if inflight[m.UserID]--; inflight[m.UserID] <= 0 {
						delete(inflight, m.UserID)
					}
					mu.Unlock()
					<-slots
					select {
					case freed <- struct{}{}:
					default:
					}
				}(m)
			}
		}
		if n > 0 && n == free {
			continue // more may be due and there is room
		}
		wait := d.Poll
		if n == 0 || len(slots) < d.Parallel {
			if next, ok, err := d.store.NextPageDue(ctx); err == nil && ok {
				if w := next.Sub(d.now()); w < wait {
					wait = max(w, 5*time.Millisecond)
				}
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
		case <-d.wake:
		case <-freed:
		case <-t.C:
		}
		t.Stop()
	}
	wg.Wait()
	close(results)
	<-finished
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

// Drain sends what is due until nothing is, or ctx ends (for shutdown).
func (d *Dispatcher) Drain(ctx context.Context) {
	for ctx.Err() == nil {
		n, err := d.RunOnce(ctx, d.now())
		if err != nil || n == 0 {
			return
		}
	}
}

// RunOnce claims and sends one batch of due pages, waiting for every send
// and recording the outcomes; it returns how many (tests and draining).
func (d *Dispatcher) RunOnce(ctx context.Context, at time.Time) (int, error) {
	msgs, err := d.store.ClaimPages(ctx, at.UTC(), d.Batch, d.Lease, d.Batch, nil)
	if err != nil {
		return 0, err
	}
	done := make([]Finished, len(msgs))
	sem := make(chan struct{}, d.Parallel)
	var wg sync.WaitGroup
	for i, m := range msgs {
		if d.link != nil {
			m.Link = d.link(m.AlertID)
		}
		sem <- struct{}{}
		wg.Add(1)
		go func(i int, m Message) {
			defer func() { <-sem; wg.Done() }()
			r := d.send(ctx, m)
			done[i] = Finished{Message: m, At: d.now().UTC(), Result: r}
		}(i, m)
	}
	wg.Wait()
	if len(done) == 0 {
		return 0, nil
	}
	return len(msgs), d.store.FinishPages(context.WithoutCancel(ctx), done)
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
