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

// PageResult is how a send ended.
type PageResult struct {
	Status  PageStatus // sent, failed, or pending again (retry)
	Ref     string
	Error   string
	RetryAt time.Time
}

// OutboxStore is the durable outbox.
type OutboxStore interface {
	// ClaimPages leases up to limit due pages (pending, or sending with an
	// expired lease), fairly across engineers: each engineer's first
	// notifications before repeats, high urgency before low.
	ClaimPages(ctx context.Context, at time.Time, limit int, lease time.Duration) ([]Message, error)
	// FinishPage records a send's outcome and a timeline event.
	FinishPage(ctx context.Context, m Message, at time.Time, r PageResult) error
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

	Batch       int
	Parallel    int
	Lease       time.Duration
	MaxAttempts int
	Poll        time.Duration
}

// NewDispatcher returns a dispatcher; link builds alert URLs for messages.
func NewDispatcher(store OutboxStore, senders map[Channel]Sender, now func() time.Time, log *slog.Logger, link func(int64) string) *Dispatcher {
	return &Dispatcher{store: store, senders: senders, now: now, log: log, link: link, wake: make(chan struct{}, 1),
		Batch: 64, Parallel: 16, Lease: time.Minute, MaxAttempts: 10, Poll: 2 * time.Second}
}

// Wake makes the dispatcher look for pages now.
func (d *Dispatcher) Wake() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run sends pages until ctx ends.
func (d *Dispatcher) Run(ctx context.Context) {
	for ctx.Err() == nil {
		n, err := d.RunOnce(ctx, d.now())
		if err != nil && ctx.Err() == nil {
			d.log.Error("outbox", "err", err)
		}
		if n >= d.Batch && err == nil {
			continue
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
			t.Stop()
			return
		case <-d.wake:
		case <-t.C:
		}
		t.Stop()
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

// RunOnce claims and sends one batch of due pages; it returns how many.
func (d *Dispatcher) RunOnce(ctx context.Context, at time.Time) (int, error) {
	msgs, err := d.store.ClaimPages(ctx, at.UTC(), d.Batch, d.Lease)
	if err != nil {
		return 0, err
	}
	sem := make(chan struct{}, d.Parallel)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for _, m := range msgs {
		if d.link != nil {
			m.Link = d.link(m.AlertID)
		}
		sem <- struct{}{}
		wg.Add(1)
		go func(m Message) {
			defer func() { <-sem; wg.Done() }()
			r := d.send(ctx, m)
			if err := d.store.FinishPage(context.WithoutCancel(ctx), m, d.now().UTC(), r); err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}(m)
	}
	wg.Wait()
	return len(msgs), firstErr
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
	if !retry || attempts >= d.MaxAttempts {
		d.log.Warn("page failed", "page", m.ID, "alert", m.AlertID, "channel", m.Channel, "attempts", attempts, "err", err)
		return PageResult{Status: PageFailed, Error: err.Error()}
	}
	backoff := time.Second << min(attempts-1, 6) // 1s … 64s
	if se != nil && se.RetryAfter > backoff {
		backoff = se.RetryAfter
	}
	return PageResult{Status: PagePending, Error: err.Error(), RetryAt: d.now().Add(backoff)}
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
