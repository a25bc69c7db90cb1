package incident

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/scheduler"
)

// Period is the half-open range of instants [From, To).
type Period struct {
	From, To time.Time
}

// Contains reports whether t is in the period.
func (p Period) Contains(t time.Time) bool { return !t.Before(p.From) && t.Before(p.To) }

// Validate checks that the period has both ends, from before to.
func (p Period) Validate() error {
	switch {
	case p.From.IsZero():
		return rota.Invalid("from", "from is required")
	case p.To.IsZero():
		return rota.Invalid("to", "to is required")
	case !p.From.Before(p.To):
		return rota.Invalid("to", "to must be after from")
	}
	return nil
}

// Figures are the delivery metrics of one service, or of a set of
// services such as a team's, over a period. A mean or median over no
// samples is zero: check its count before showing it.
type Figures struct {
	// Deployments counts the change events in the period.
	Deployments int
	// DeploymentsPerWeek is Deployments over the period's length in weeks
	// (168 hours): the deployment frequency.
	DeploymentsPerWeek float64
	// FailedDeployments counts deployments followed by an incident on the
	// same service (IsSuspect of its start); ChangeFailRate is
	// FailedDeployments / Deployments, from 0 to 1.
	FailedDeployments int
	ChangeFailRate    float64
	// LeadTime is the median time from commit to deploy over the
	// LeadTimeSamples deployments that gave committed_at; with an even
	// count, the mean of the two middle values.
	LeadTime        time.Duration
	LeadTimeSamples int
	// Incidents counts incidents started in the period, by severity too.
	Incidents  int
	BySeverity map[Severity]int
	// MTTA is the mean detected_at → acknowledged_at over the Acknowledged
	// incidents of the period that were acknowledged; MTTR the mean
	// detected_at → resolved_at over the Resolved ones. An incident
	// resolved without being acknowledged counts in MTTR only.
	MTTA         time.Duration
	Acknowledged int
	MTTR         time.Duration
	Resolved     int
	// OpenActionItems are still to do; OverdueActionItems are those past
	// their due date.
	OpenActionItems    int
	OverdueActionItems int
}

// Delivery accumulates the delivery metrics of a period. Incidents are
// given first, all at once: they are few, and each deployment is judged
// against them as it arrives. Change events and action items are then
// streamed in any order, one at a time, so that storage never loads them
// all; only lead times (one duration per deployment that has one) are
// kept, for the exact median.
type Delivery struct {
	period    Period
	incidents []Incident
	// starts[s] are the sorted start instants of the incidents linking s.
	starts map[int64][]time.Time
	// inPeriod[s] are indices into incidents of those started in the
	// period that link s.
	inPeriod map[int64][]int
	svc      map[int64]*serviceAcc
	items    []itemAcc
}

type serviceAcc struct {
	deployments, failed int
	leadTimes           []time.Duration
}

type itemAcc struct {
	services         []int64
	pending, overdue bool
}

// NewDelivery starts the metrics of a period. incidents must hold every
// incident started in [From, To + SuspectWindow], so that a deployment
// late in the period finds the incident that followed it; others are
// ignored.
func NewDelivery(p Period, incidents []Incident) (*Delivery, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	d := &Delivery{period: p, starts: map[int64][]time.Time{}, inPeriod: map[int64][]int{}, svc: map[int64]*serviceAcc{}}
	for _, inc := range incidents {
		if inc.StartedAt.Before(p.From) || inc.StartedAt.After(p.To.Add(SuspectWindow)) {
			continue
		}
		i := len(d.incidents)
		d.incidents = append(d.incidents, inc)
		seen := map[int64]bool{}
		for _, s := range inc.Services {
			if seen[s] {
				continue
			}
			seen[s] = true
			d.starts[s] = append(d.starts[s], inc.StartedAt)
			if p.Contains(inc.StartedAt) {
				d.inPeriod[s] = append(d.inPeriod[s], i)
			}
		}
	}
	for _, st := range d.starts {
		slices.SortFunc(st, time.Time.Compare)
	}
	return d, nil
}

// Period returns the period the metrics cover.
func (d *Delivery) Period() Period { return d.period }

// AddChange counts one change event; changes outside the period are
// ignored.
func (d *Delivery) AddChange(c Change) {
	if !d.period.Contains(c.Timestamp) {
		return
	}
	a := d.svc[c.ServiceID]
	if a == nil {
		a = &serviceAcc{}
		d.svc[c.ServiceID] = a
	}
	a.deployments++
	st := d.starts[c.ServiceID]
	if i := sort.Search(len(st), func(i int) bool { return !st[i].Before(c.Timestamp) }); i < len(st) && IsSuspect(c.Timestamp, st[i]) {
		a.failed++
	}
	if lt, ok := c.LeadTime(); ok {
		a.leadTimes = append(a.leadTimes, lt)
	}
}

// AddActionItem counts one action item of a review of an incident linking
// services, as it stands on the date today (in the team's zone).
func (d *Delivery) AddActionItem(a ActionItem, services []int64, today scheduler.Date) {
	if !a.Status.Pending() {
		return
	}
	d.items = append(d.items, itemAcc{services: slices.Clone(services), pending: true, overdue: a.Overdue(today)})
}

// Service returns the figures of one service.
func (d *Delivery) Service(id int64) Figures { return d.Services(id) }

// Services returns the figures of a set of services taken together, such
// as a team's: deployments and lead times add up, and an incident or
// action item linking several of them counts once.
func (d *Delivery) Services(ids ...int64) Figures {
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	f := Figures{BySeverity: map[Severity]int{}}
	var leads []time.Duration
	for id := range want {
		if a := d.svc[id]; a != nil {
			f.Deployments += a.deployments
			f.FailedDeployments += a.failed
			leads = append(leads, a.leadTimes...)
		}
	}
	if f.Deployments > 0 {
		f.ChangeFailRate = float64(f.FailedDeployments) / float64(f.Deployments)
	}
	if weeks := d.period.To.Sub(d.period.From).Hours() / 168; weeks > 0 {
		f.DeploymentsPerWeek = float64(f.Deployments) / weeks
	}
	f.LeadTime, f.LeadTimeSamples = median(leads), len(leads)

	counted := map[int]bool{}
	var ack, res time.Duration
	for id := range want {
		for _, i := range d.inPeriod[id] {
			if counted[i] {
				continue
			}
			counted[i] = true
			inc := d.incidents[i]
			f.Incidents++
			f.BySeverity[inc.Severity]++
			if inc.AcknowledgedAt != nil {
				ack += inc.AcknowledgedAt.Sub(inc.DetectedAt)
				f.Acknowledged++
			}
			if inc.ResolvedAt != nil {
				res += inc.ResolvedAt.Sub(inc.DetectedAt)
				f.Resolved++
			}
		}
	}
	if f.Acknowledged > 0 {
		f.MTTA = ack / time.Duration(f.Acknowledged)
	}
	if f.Resolved > 0 {
		f.MTTR = res / time.Duration(f.Resolved)
	}
	for _, it := range d.items {
		if slices.ContainsFunc(it.services, func(s int64) bool { return want[s] }) {
			f.OpenActionItems++
			if it.overdue {
				f.OverdueActionItems++
			}
		}
	}
	return f
}

// ServiceIDs returns the services that have a deployment, an incident or
// an action item in the metrics, in increasing order.
func (d *Delivery) ServiceIDs() []int64 {
	set := map[int64]bool{}
	for id := range d.svc {
		set[id] = true
	}
	for id := range d.inPeriod {
		set[id] = true
	}
	for _, it := range d.items {
		for _, s := range it.services {
			set[s] = true
		}
	}
	out := make([]int64, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// median returns the median of the durations (the mean of the two middle
// ones for an even count), or zero for none. It sorts ds.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	m := len(ds) / 2
	if len(ds)%2 == 1 {
		return ds[m]
	}
	a, b := ds[m-1], ds[m]
	return a + (b-a)/2
}

// Weeks splits the period into calendar weeks of the IANA zone, each from
// Monday 00:00 local time (the week of a DST change is an hour shorter or
// longer); the first and last are clipped to the period.
func Weeks(p Period, zone string) ([]Period, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" || strings.EqualFold(zone, "local") {
		return nil, rota.Invalid("time_zone", "unknown time zone %q", zone)
	}
	l := p.From.In(loc)
	d := scheduler.Date{Year: l.Year(), Month: l.Month(), Day: l.Day()}
	d = d.AddDays(-((int(d.Weekday()) + 6) % 7)) // back to Monday
	var out []Period
	from := p.From
	for from.Before(p.To) {
		d = d.AddDays(7)
		next, err := scheduler.LocalInstant(zone, scheduler.LocalDateTime{Date: d})
		if err != nil {
			return nil, err
		}
		to := next
		if to.After(p.To) {
			to = p.To
		}
		out = append(out, Period{From: from, To: to})
		from = to
	}
	return out, nil
}

// Trend is the weekly trend of the delivery metrics: one Delivery per
// calendar week of the team's zone.
type Trend struct {
	weeks []*Delivery
}

// NewTrend starts the weekly trend of a period in the IANA zone. incidents
// are as for NewDelivery.
func NewTrend(p Period, zone string, incidents []Incident) (*Trend, error) {
	ws, err := Weeks(p, zone)
	if err != nil {
		return nil, err
	}
	t := &Trend{}
	for _, w := range ws {
		d, err := NewDelivery(w, incidents)
		if err != nil {
			return nil, err
		}
		t.weeks = append(t.weeks, d)
	}
	return t, nil
}

// AddChange counts a change event in its week.
func (t *Trend) AddChange(c Change) {
	i := sort.Search(len(t.weeks), func(i int) bool { return c.Timestamp.Before(t.weeks[i].period.To) })
	if i < len(t.weeks) {
		t.weeks[i].AddChange(c)
	}
}

// Weeks returns the metrics of each week, in order.
func (t *Trend) Weeks() []*Delivery { return slices.Clone(t.weeks) }
