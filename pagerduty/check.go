package pagerduty

import (
	"fmt"
	"slices"
	"time"

	pd "github.com/PagerDuty/go-pagerduty"

	"github.com/rotaoncall/rota/scheduler"
)

// Difference is a stretch over which Rota and PagerDuty disagree on who is
// on call. Each side is an email, "" for nobody, or "pagerduty:ID" for a
// PagerDuty user Rota does not know.
type Difference struct {
	Start, End time.Time
	PagerDuty  string
	Rota       string
}

func (d Difference) String() string {
	name := func(s string) string {
		if s == "" {
			return "nobody"
		}
		return s
	}
	return fmt.Sprintf("%s – %s: PagerDuty has %s, Rota %s", d.Start.Format(time.RFC3339), d.End.Format(time.RFC3339),
		name(d.PagerDuty), name(d.Rota))
}

// ScheduleCheck is the faithfulness check of one imported schedule over
// [From, To).
type ScheduleCheck struct {
	PagerDutyID string
	Team, Name  string
	From, To    time.Time
	Differences []Difference
}

// Check compares, for each schedule of org, Rota's resolved on-call with
// PagerDuty's final schedule rendered in the snapshot (over [At, Until)),
// and reports the differences per schedule; none means the import is
// faithful. It uses the scheduler directly: each converted schedule is
// compiled and its primary tier expanded.
func Check(org *Org, snap *Snapshot) ([]ScheduleCheck, error) {
	emails := map[string]string{}
	for _, u := range org.Users {
		emails[u.PagerDutyID] = u.Email
	}
	who := func(id string) string {
		if e, ok := emails[id]; ok {
			return e
		}
		return "pagerduty:" + id
	}
	var out []ScheduleCheck
	for _, ts := range org.Schedules() {
		i := slices.IndexFunc(snap.Schedules, func(s pd.Schedule) bool { return s.ID == ts.PagerDutyID })
		if i < 0 {
			return nil, fmt.Errorf("pagerduty: schedule %s is not in the snapshot", ts.PagerDutyID)
		}
		diffs, err := Compare(ts.Schedule.Schedule, snap.Schedules[i].FinalSchedule.RenderedScheduleEntries, who, snap.At, snap.Until)
		if err != nil {
			return nil, fmt.Errorf("pagerduty: checking schedule %q: %w", ts.Name, err)
		}
		out = append(out, ScheduleCheck{PagerDutyID: ts.PagerDutyID, Team: ts.Team, Name: ts.Name, From: snap.At, To: snap.Until, Differences: diffs})
	}
	return out, nil
}

type stretch struct {
	s, e time.Time
	who  string
}

// Compare resolves s's primary tier over [from, to) and compares it with
// PagerDuty's rendered entries; who maps a PagerDuty user id to the
// engineer id Rota uses for them. Adjacent stretches of one person are
// joined on both sides first, so that only who is on call counts, not how
// either side cuts its entries.
func Compare(s scheduler.Schedule, final []pd.RenderedScheduleEntry, who func(pdUserID string) string, from, to time.Time) ([]Difference, error) {
	c, err := scheduler.Compile(s)
	if err != nil {
		return nil, err
	}
	var rota, pagerduty []stretch
	for _, sh := range c.TierShifts(scheduler.TierPrimary, from, to) {
		rota = appendStretch(rota, stretch{sh.Start, sh.End, sh.EngineerID})
	}
	for _, e := range final {
		st, err1 := time.Parse(time.RFC3339, e.Start)
		en, err2 := time.Parse(time.RFC3339, e.End)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("rendered entry %s – %s: not RFC 3339 times", e.Start, e.End)
		}
		if st.Before(from) {
			st = from
		}
		if en.After(to) {
			en = to
		}
		if en.After(st) {
			pagerduty = appendStretch(pagerduty, stretch{st, en, who(e.User.ID)})
		}
	}
	points := []time.Time{from, to}
	for _, x := range append(slices.Clone(rota), pagerduty...) {
		points = append(points, x.s, x.e)
	}
	slices.SortFunc(points, func(a, b time.Time) int { return a.Compare(b) })
	points = slices.CompactFunc(points, func(a, b time.Time) bool { return a.Equal(b) })
	var diffs []Difference
	for i := 0; i+1 < len(points); i++ {
		p, q := points[i], points[i+1]
		if p.Before(from) || !q.After(p) || q.After(to) {
			continue
		}
		a, b := at(pagerduty, p), at(rota, p)
		if a == b {
			continue
		}
		if n := len(diffs); n > 0 && diffs[n-1].End.Equal(p) && diffs[n-1].PagerDuty == a && diffs[n-1].Rota == b {
			diffs[n-1].End = q
			continue
		}
		diffs = append(diffs, Difference{Start: p.In(c.Location()), End: q.In(c.Location()), PagerDuty: a, Rota: b})
	}
	for i := range diffs {
		diffs[i].End = diffs[i].End.In(c.Location())
	}
	return diffs, nil
}

func appendStretch(xs []stretch, x stretch) []stretch {
	if n := len(xs); n > 0 && xs[n-1].who == x.who && xs[n-1].e.Equal(x.s) {
		xs[n-1].e = x.e
		return xs
	}
	return append(xs, x)
}

// at is who is on in xs at t ("" for nobody).
func at(xs []stretch, t time.Time) string {
	for _, x := range xs {
		if !t.Before(x.s) && t.Before(x.e) {
			return x.who
		}
	}
	return ""
}
