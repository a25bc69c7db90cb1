package paging

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"sort"
	"time"

	"github.com/rotaoncall/rota"
)

// HashKey returns the stored form of an integration key.
func HashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// Action is what an intake item does.
type Action int

// The actions.
const (
	ActTrigger Action = iota
	ActAcknowledge
	ActResolve
)

// Ingest is one routed, decided alert event ready to be committed.
type Ingest struct {
	Action        Action
	ServiceID     int64
	TeamID        int64
	IntegrationID int64
	RuleID        int64
	PolicyID      int64
	Incoming
	Urgency    Urgency
	HeldUntil  *time.Time
	Suppressed bool
	// NextStepAt is when escalation starts: now, the end of a hold, or nil
	// when suppressed or without a policy.
	NextStepAt *time.Time
}

// Outcome says what intake did with an event.
type Outcome string

// The outcomes.
const (
	Created      Outcome = "created"
	Deduplicated Outcome = "deduplicated"
	AckedOutcome Outcome = "acknowledged"
	ResolvedOut  Outcome = "resolved"
	Dropped      Outcome = "dropped" // an ack or resolve for no open alert
)

// IngestResult is the committed result of one Ingest.
type IngestResult struct {
	AlertID  int64
	DedupKey string
	Outcome  Outcome
	// Err is set, and nothing was stored, when the store refused this item
	// alone as invalid while committing the others of its request.
	Err error
}

// IntakeStore commits intake batches: every item in one transaction.
type IntakeStore interface {
	Ingest(ctx context.Context, items []Ingest, at time.Time) ([]IngestResult, error)
}

// Waker is told when escalation work may be due now.
type Waker interface{ Wake() }

// Intake accepts alert events: it authenticates the integration key,
// routes, decides urgency, hold and suppression, and commits in batches
// (group commit) so that many concurrent monitors share transactions while
// each still gets its answer only after its alert is committed.
type Intake struct {
	cfg   *ConfigCache
	store IntakeStore
	now   func() time.Time
	log   *slog.Logger
	wake  Waker
	reqs  chan *intakeReq
	// observer, when set, hears of every committed batch (Observe).
	observer IntakeObserver

	committers int
	maxBatch   int
}

type intakeReq struct {
	items []Ingest
	res   []IngestResult
	err   error
	done  chan struct{}
}

// IntakeOptions tune batching.
type IntakeOptions struct {
	Committers int // parallel transactions (1 for SQLite)
	MaxBatch   int
}

// NewIntake returns an Intake; Run must be running for Submit to finish.
func NewIntake(cfg *ConfigCache, store IntakeStore, now func() time.Time, log *slog.Logger, wake Waker, opts IntakeOptions) *Intake {
	if opts.Committers <= 0 {
		opts.Committers = 1
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 256
	}
	in := &Intake{cfg: cfg, store: store, now: now, log: log, wake: wake, reqs: make(chan *intakeReq, 4096)}
	in.committers, in.maxBatch = opts.Committers, opts.MaxBatch
	return in
}

// Resolve authenticates a key for an endpoint type.
func (in *Intake) Resolve(ctx context.Context, key string, want IntegrationType) (IntegrationRef, *Config, error) {
	cfg, err := in.cfg.Get(ctx)
	if err != nil {
		return IntegrationRef{}, nil, err
	}
	ref, ok := cfg.Integrations[HashKey(key)]
	if !ok || key == "" {
		return IntegrationRef{}, nil, rota.Errorf(rota.ENotFound, "unknown or revoked integration key")
	}
	if ref.Type != want {
		return IntegrationRef{}, nil, rota.Errorf(rota.ENotFound, "this integration key is for the %s endpoint, not %s", ref.Type, want)
	}
	return ref, cfg, nil
}

// Decide routes one event and decides how it pages.
func Decide(cfg *Config, ref IntegrationRef, ev Incoming, at time.Time) (Ingest, error) {
	it := Ingest{IntegrationID: ref.ID, Incoming: ev}
	switch {
	case ev.Resolve:
		it.Action = ActResolve
	case ev.Acknowledge:
		it.Action = ActAcknowledge
	}
	svcID, ruleID := cfg.Router.Route(ev, ref.ServiceID)
	svc := cfg.Services[svcID]
	if svc == nil {
		// A rule pointing at a deleted service: fall back to the key's own.
		svc, ruleID = cfg.Services[ref.ServiceID], 0
	}
	if svc == nil {
		return Ingest{}, rota.Errorf(rota.ENotFound, "the integration's service no longer exists")
	}
	it.ServiceID, it.TeamID, it.RuleID, it.PolicyID = svc.ID, svc.TeamID, ruleID, svc.PolicyID
	it.Urgency = UrgencyOf(svc.Urgency, ev.Severity)
	if it.Action != ActTrigger {
		return it, nil
	}
	switch {
	case svc.InMaintenance(at):
		it.Suppressed = true
	case svc.PolicyID == 0:
		// Nobody to page: the alert is kept and shown.
	case it.Urgency == Low && svc.HoldLowOutsideHours && !svc.Hours.Within(at):
		until := svc.Hours.NextStart(at)
		it.HeldUntil, it.NextStepAt = &until, &until
	default:
		t := at
		it.NextStepAt = &t
	}
	return it, nil
}

// Submit commits items and returns their results once committed.
func (in *Intake) Submit(ctx context.Context, items []Ingest) ([]IngestResult, error) {
	r := &intakeReq{items: items, done: make(chan struct{})}
	select {
	case in.reqs <- r:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case <-r.done:
		return r.res, r.err
	case <-ctx.Done():
		// The batch may still commit; the monitor retries and dedup absorbs it.
		return nil, ctx.Err()
	}
}

// committers and maxBatch are set by NewIntake.
func (in *Intake) run(ctx context.Context) {
	for {
		var first *intakeReq
		select {
		case first = <-in.reqs:
		case <-ctx.Done():
			return
		}
		batch := []*intakeReq{first}
		n := len(first.items)
	drain:
		for n < in.maxBatch {
			select {
			case r := <-in.reqs:
				batch = append(batch, r)
				n += len(r.items)
			default:
				break drain
			}
		}
		in.commit(ctx, batch)
	}
}

// Run commits submitted batches until ctx ends, with the configured number
// of parallel committers; then it drains what is queued.
func (in *Intake) Run(ctx context.Context) {
	done := make(chan struct{})
	for i := 0; i < in.committers; i++ {
		go func() { in.run(ctx); done <- struct{}{} }()
	}
	for i := 0; i < in.committers; i++ {
		<-done
	}
	// Answer anything still queued so that no handler waits forever.
	for {
		select {
		case r := <-in.reqs:
			in.commit(context.Background(), []*intakeReq{r})
		default:
			return
		}
	}
}

func (in *Intake) commit(ctx context.Context, batch []*intakeReq) {
	var items []Ingest
	var owners []int
	for i, r := range batch {
		for _, it := range r.items {
			items = append(items, it)
			owners = append(owners, i)
		}
	}
	// A fixed order keeps parallel transactions from deadlocking on the
	// same alert rows.
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		x, y := items[idx[a]], items[idx[b]]
		if x.ServiceID != y.ServiceID {
			return x.ServiceID < y.ServiceID
		}
		return x.DedupKey < y.DedupKey
	})
	sorted := make([]Ingest, len(items))
	for i, j := range idx {
		sorted[i] = items[j]
	}
	at := in.now().UTC()
	res, err := in.store.Ingest(ctx, sorted, at)
	if err != nil && len(batch) > 1 {
		// One bad request must not fail its neighbours: retry each alone.
		for _, r := range batch {
			in.commit(ctx, []*intakeReq{r})
		}
		return
	}
	if err != nil && len(sorted) > 1 && rota.IsCode(err, rota.EInvalid) {
		// Nor one alert the database refuses the rest of its webhook.
		res, err = in.commitEach(ctx, sorted, at)
	}
	for _, r := range batch {
		r.res = make([]IngestResult, 0, len(r.items))
	}
	if err != nil {
		for _, r := range batch {
			r.err = err
			close(r.done)
		}
		return
	}
	out := make([]IngestResult, len(items))
	for i, j := range idx {
		out[j] = res[i]
	}
	wake := false
	for i, o := range out {
		r := batch[owners[i]]
		r.res = append(r.res, o)
		if o.Outcome == Created && items[i].NextStepAt != nil && !items[i].NextStepAt.After(at) {
			wake = true
		}
	}
	if in.observer != nil {
		in.observer.IntakeCommitted(ctx, at, items, out)
	}
	for _, r := range batch {
		close(r.done)
	}
	if wake && in.wake != nil {
		in.wake.Wake()
	}
}

// commitEach commits items one by one; an item the store refuses as
// invalid gets the error in its result (Err) and the others are committed.
func (in *Intake) commitEach(ctx context.Context, items []Ingest, at time.Time) ([]IngestResult, error) {
	out := make([]IngestResult, len(items))
	for i, it := range items {
		res, err := in.store.Ingest(ctx, []Ingest{it}, at)
		switch {
		case err == nil:
			out[i] = res[0]
		case rota.IsCode(err, rota.EInvalid):
			in.log.Warn("intake: the database refused an alert", "dedup_key", cutKey(it.DedupKey), "err", err)
			out[i] = IngestResult{DedupKey: it.DedupKey, Err: err}
		default:
			return nil, err
		}
	}
	return out, nil
}

// cutKey shortens a dedup key for a log line.
func cutKey(k string) string { return cut(k, 64) }
