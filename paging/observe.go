package paging

import (
	"context"
	"time"
)

// IntakeObserver is told what intake committed at the instant at (the
// new alerts' creation): the items of a batch and their results, in the
// same order, after the transaction committed and
// before the monitors get their answers. Incidents use it to open or link
// an incident for each new alert (Outcome Created) and to follow a
// monitor's acknowledgements. It must not fail intake: the alerts are
// stored whatever it does, so it logs its own errors.
type IntakeObserver interface {
	IntakeCommitted(ctx context.Context, at time.Time, items []Ingest, results []IngestResult)
}

// Observe adds an observer told of every committed batch (observers are
// told in the order added); call it before Run.
func (in *Intake) Observe(o IntakeObserver) {
	if in.observer != nil {
		o = intakeObservers{in.observer, o}
	}
	in.observer = o
}

type intakeObservers []IntakeObserver

func (os intakeObservers) IntakeCommitted(ctx context.Context, at time.Time, items []Ingest, results []IngestResult) {
	for _, o := range os {
		o.IntakeCommitted(ctx, at, items, results)
	}
}

// AlertObserver is told what a person did to an alert, after the change
// committed: the alert as it now stands, the action, who did it and the
// outcome (a shadow's acknowledgement changes nothing). Like
// IntakeObserver it cannot undo the action and logs its own errors.
type AlertObserver interface {
	AlertActed(ctx context.Context, a Alert, action AlertAction, actor int64, o ActOutcome)
}

// Observe adds an observer told of every action taken (observers are told
// in the order added); call it before the lifecycle is used.
func (l *Alerts) Observe(o AlertObserver) {
	if l.observer != nil {
		o = alertObservers{l.observer, o}
	}
	l.observer = o
}

type alertObservers []AlertObserver

func (os alertObservers) AlertActed(ctx context.Context, a Alert, action AlertAction, actor int64, out ActOutcome) {
	for _, o := range os {
		o.AlertActed(ctx, a, action, actor, out)
	}
}
