package pagerduty

import (
	"context"
	"time"
)

// Import is one import's result: what was read, what it became, what was
// left out or changed, and the faithfulness check of every schedule.
type Import struct {
	Snapshot *Snapshot
	Org      *Org
	Report   *Report
	Checks   []ScheduleCheck
}

// Faithful reports whether every imported schedule matches PagerDuty's
// final schedule over the check's window.
func (im *Import) Faithful() bool {
	for _, c := range im.Checks {
		if len(c.Differences) > 0 {
			return false
		}
	}
	return true
}

// Import reads the organisation at at, converts it and checks it against
// PagerDuty's final schedules over [at, at+horizon) (DefaultHorizon when
// horizon is 0). progress may be nil. Nothing is written anywhere: the
// caller applies the result (WriteYAML, then apply).
func (c *Client) Import(ctx context.Context, at time.Time, horizon time.Duration, opts Options, progress func(Progress)) (*Import, error) {
	// PagerDuty renders schedules to the second: a window that starts
	// mid-second would end with a sliver PagerDuty has not rendered.
	at = at.Truncate(time.Second)
	snap, err := c.Fetch(ctx, at, horizon, progress)
	if err != nil {
		return nil, err
	}
	if opts.At.IsZero() {
		opts.At = at
	}
	org, rep := Convert(snap, opts)
	checks, err := Check(org, snap)
	if err != nil {
		return nil, err
	}
	return &Import{Snapshot: snap, Org: org, Report: rep, Checks: checks}, nil
}
