package incident

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rotaoncall/rota"
)

// Severity is how badly an incident hurts users: SEV1 is the worst.
type Severity string

// The severities.
const (
	SEV1 Severity = "SEV1"
	SEV2 Severity = "SEV2"
	SEV3 Severity = "SEV3"
	SEV4 Severity = "SEV4"
)

// Severities lists the severities from worst to mildest.
var Severities = []Severity{SEV1, SEV2, SEV3, SEV4}

// Valid reports whether s is one of the four severities.
func (s Severity) Valid() bool { return s == SEV1 || s == SEV2 || s == SEV3 || s == SEV4 }

// ParseSeverity reads "SEV1" … "SEV4", in any case and with surrounding
// space.
func ParseSeverity(s string) (Severity, error) {
	v := Severity(strings.ToUpper(strings.TrimSpace(s)))
	if !v.Valid() {
		return "", rota.Invalid("severity", "severity must be SEV1, SEV2, SEV3 or SEV4, not %q", s)
	}
	return v, nil
}

// Status is where an incident stands. Statuses only move forward.
type Status string

// The statuses, in their only order.
const (
	Triggered    Status = "triggered"
	Acknowledged Status = "acknowledged"
	Mitigated    Status = "mitigated"
	Resolved     Status = "resolved"
)

// Statuses lists the statuses in order.
var Statuses = []Status{Triggered, Acknowledged, Mitigated, Resolved}

// rank is the status's position in the order, or -1 when unknown. It does
// not read Statuses, which a caller could modify.
func (s Status) rank() int {
	switch s {
	case Triggered:
		return 0
	case Acknowledged:
		return 1
	case Mitigated:
		return 2
	case Resolved:
		return 3
	}
	return -1
}

// Valid reports whether s is one of the four statuses.
func (s Status) Valid() bool { return s.rank() >= 0 }

// Open reports whether the incident is not resolved yet.
func (s Status) Open() bool { return s != Resolved }

// ParseStatus reads a status name, in any case.
func ParseStatus(s string) (Status, error) {
	v := Status(strings.ToLower(strings.TrimSpace(s)))
	if !v.Valid() {
		return "", rota.Invalid("status", "status must be triggered, acknowledged, mitigated or resolved, not %q", s)
	}
	return v, nil
}

// Limits on what an incident holds.
const (
	MaxTitle = 255
	MaxLinks = 1000 // services or responders on one incident; alerts are not limited, a storm is one incident
)

// Incident is a record of something that hurt users. IDs are the
// database's; zero means none (CommanderID) or not stored yet (ID).
type Incident struct {
	ID          int64
	Title       string
	Severity    Severity
	Status      Status
	CommanderID int64
	// Responders are the engineers who worked on it, in the order they
	// joined; every engineer who moves the incident is added.
	Responders []int64
	// Services and Alerts are linked, in the order they were linked.
	Services []int64
	Alerts   []int64
	// StartedAt is when users began to be hurt; people correct it after
	// the fact. DetectedAt is when Rota learned of it (the first alert,
	// or the instant it was opened by hand). The others are set by the
	// transition into the status of their name; a status skipped on the
	// way forward leaves its instant unset, because nobody did that.
	StartedAt      time.Time
	DetectedAt     time.Time
	AcknowledgedAt *time.Time
	MitigatedAt    *time.Time
	ResolvedAt     *time.Time
	// OpenedBy is the engineer who opened it by hand; zero when an alert
	// opened it.
	OpenedBy int64
}

// instants returns the incident's instants in the order they must keep,
// with their field names; unset ones are zero.
func (inc Incident) instants() [5]struct {
	field string
	at    time.Time
} {
	deref := func(p *time.Time) time.Time {
		if p == nil {
			return time.Time{}
		}
		return *p
	}
	return [5]struct {
		field string
		at    time.Time
	}{
		{"started_at", inc.StartedAt},
		{"detected_at", inc.DetectedAt},
		{"acknowledged_at", deref(inc.AcknowledgedAt)},
		{"mitigated_at", deref(inc.MitigatedAt)},
		{"resolved_at", deref(inc.ResolvedAt)},
	}
}

// Validate checks the incident. The error is a *rota.Error whose Field
// names the first field at fault.
func (inc Incident) Validate() error {
	title := strings.TrimSpace(inc.Title)
	switch {
	case title == "":
		return rota.Invalid("title", "title is required")
	case len(title) > MaxTitle:
		return rota.Invalid("title", "title is longer than %d characters", MaxTitle)
	case !inc.Severity.Valid():
		return rota.Invalid("severity", "severity must be SEV1, SEV2, SEV3 or SEV4, not %q", inc.Severity)
	case !inc.Status.Valid():
		return rota.Invalid("status", "status must be triggered, acknowledged, mitigated or resolved, not %q", inc.Status)
	case inc.CommanderID < 0:
		return rota.Invalid("commander", "commander must be an engineer")
	}
	for _, l := range []struct {
		field string
		ids   []int64
	}{{"responders", inc.Responders}, {"services", inc.Services}, {"alerts", inc.Alerts}} {
		if err := checkIDs(l.field, l.ids, l.field != "alerts"); err != nil {
			return err
		}
	}
	if inc.StartedAt.IsZero() {
		return rota.Invalid("started_at", "started_at is required")
	}
	if inc.DetectedAt.IsZero() {
		return rota.Invalid("detected_at", "detected_at is required")
	}
	// Each instant the status has reached must be set when the status was
	// entered directly, and no instant beyond the status may be set.
	r := inc.Status.rank()
	own := [4]*time.Time{nil, inc.AcknowledgedAt, inc.MitigatedAt, inc.ResolvedAt}
	names := [4]string{"", "acknowledged_at", "mitigated_at", "resolved_at"}
	for i := 1; i < 4; i++ {
		switch {
		case i > r && own[i] != nil:
			return rota.Invalid(names[i], "%s is set but the incident is %s", names[i], inc.Status)
		case i == r && own[i] == nil:
			return rota.Invalid(names[i], "%s is required for a %s incident", names[i], inc.Status)
		case own[i] != nil && own[i].IsZero():
			return rota.Invalid(names[i], "%s is set to the zero instant", names[i])
		}
	}
	var prev struct {
		field string
		at    time.Time
	}
	for _, in := range inc.instants() {
		if in.at.IsZero() {
			continue
		}
		if !prev.at.IsZero() && in.at.Before(prev.at) {
			return rota.Invalid(in.field, "%s (%s) is before %s (%s)", in.field, in.at.UTC().Format(time.RFC3339), prev.field, prev.at.UTC().Format(time.RFC3339))
		}
		prev = in
	}
	return nil
}

func checkIDs(field string, ids []int64, capped bool) error {
	if capped && len(ids) > MaxLinks {
		return rota.Invalid(field, "at most %d %s", MaxLinks, field)
	}
	seen := make(map[int64]bool, len(ids))
	for i, id := range ids {
		f := fmt.Sprintf("%s[%d]", field, i)
		if id <= 0 {
			return rota.Invalid(f, "%s must name a stored record", f)
		}
		if seen[id] {
			return rota.Invalid(f, "%s lists %d twice", field, id)
		}
		seen[id] = true
	}
	return nil
}

// OpenInput is what a person gives to open an incident by hand.
type OpenInput struct {
	Title       string
	Severity    Severity
	CommanderID int64
	Services    []int64
	Alerts      []int64
	// StartedAt and DetectedAt default to the instant of opening; from an
	// alert's page the caller passes the alert's creation as DetectedAt.
	StartedAt  time.Time
	DetectedAt time.Time
}

// Open opens an incident by hand: actor opens it at the instant at. It
// returns the incident (status triggered, ID zero) and the timeline
// entries to append: opened, then one linked entry per service and alert.
func Open(in OpenInput, actor int64, at time.Time) (Incident, []Entry, error) {
	if at.IsZero() {
		return Incident{}, nil, rota.Invalid("at", "the instant of opening is required")
	}
	inc := Incident{
		Title:       strings.TrimSpace(in.Title),
		Severity:    in.Severity,
		Status:      Triggered,
		CommanderID: in.CommanderID,
		Services:    slices.Clone(in.Services),
		Alerts:      slices.Clone(in.Alerts),
		StartedAt:   in.StartedAt.UTC(),
		DetectedAt:  in.DetectedAt.UTC(),
		OpenedBy:    actor,
	}
	if inc.DetectedAt.IsZero() {
		inc.DetectedAt = at.UTC()
	}
	if inc.StartedAt.IsZero() {
		inc.StartedAt = inc.DetectedAt
	}
	if inc.DetectedAt.After(at) {
		return Incident{}, nil, rota.Invalid("detected_at", "detected_at is after the incident was opened")
	}
	inc.addResponder(actor)
	if inc.CommanderID > 0 {
		inc.addResponder(inc.CommanderID)
	}
	if err := inc.Validate(); err != nil {
		return Incident{}, nil, err
	}
	entries := []Entry{{At: at.UTC(), Kind: KindOpened, ActorID: actor, To: Triggered, Text: inc.Title}}
	for _, s := range inc.Services {
		entries = append(entries, Entry{At: at.UTC(), Kind: KindLinked, ActorID: actor, ServiceID: s})
	}
	for _, a := range inc.Alerts {
		entries = append(entries, Entry{At: at.UTC(), Kind: KindLinked, ActorID: actor, AlertID: a})
	}
	return inc, entries, nil
}

func (inc *Incident) addResponder(id int64) {
	if id > 0 && !slices.Contains(inc.Responders, id) {
		inc.Responders = append(inc.Responders, id)
	}
}

// clone returns a copy that shares no slices or pointers with inc.
func (inc Incident) clone() Incident {
	c := inc
	c.Responders = slices.Clone(inc.Responders)
	c.Services = slices.Clone(inc.Services)
	c.Alerts = slices.Clone(inc.Alerts)
	for _, p := range []**time.Time{&c.AcknowledgedAt, &c.MitigatedAt, &c.ResolvedAt} {
		if *p != nil {
			v := **p
			*p = &v
		}
	}
	return c
}

// Transition moves the incident forward to status to, done by actor (zero
// for Rota itself) at the instant at. Skipping forward is allowed
// (triggered → resolved); the instants of skipped statuses stay unset.
// Moving to the current status changes nothing and returns no entries.
// Moving backwards is a conflict (rota.EConflict, field "status"). The
// instant may not precede any instant already on the incident. It returns
// the new incident and the timeline entries to append; inc is not
// modified.
func Transition(inc Incident, to Status, actor int64, at time.Time) (Incident, []Entry, error) {
	if !to.Valid() {
		return inc, nil, rota.Invalid("status", "status must be triggered, acknowledged, mitigated or resolved, not %q", to)
	}
	if !inc.Status.Valid() {
		return inc, nil, rota.Invalid("status", "the incident's status %q is unknown", inc.Status)
	}
	from := inc.Status
	switch {
	case to == from:
		return inc, nil, nil
	case to.rank() < from.rank():
		return inc, nil, &rota.Error{Code: rota.EConflict, Field: "status",
			Message: fmt.Sprintf("the incident is %s; it cannot go back to %s", from, to)}
	}
	if at.IsZero() {
		return inc, nil, rota.Invalid("at", "the instant of the transition is required")
	}
	at = at.UTC()
	for _, in := range inc.instants() {
		if !in.at.IsZero() && at.Before(in.at) {
			return inc, nil, rota.Invalid("at", "the transition (%s) is before the incident's %s (%s)",
				at.Format(time.RFC3339), in.field, in.at.UTC().Format(time.RFC3339))
		}
	}
	next := inc.clone()
	next.Status = to
	t := at
	switch to {
	case Acknowledged:
		next.AcknowledgedAt = &t
	case Mitigated:
		next.MitigatedAt = &t
	case Resolved:
		next.ResolvedAt = &t
	}
	next.addResponder(actor)
	return next, []Entry{{At: at, Kind: KindStatusChanged, ActorID: actor, From: from, To: to}}, nil
}

// Acknowledge is Transition to Acknowledged.
func Acknowledge(inc Incident, actor int64, at time.Time) (Incident, []Entry, error) {
	return Transition(inc, Acknowledged, actor, at)
}

// Mitigate is Transition to Mitigated.
func Mitigate(inc Incident, actor int64, at time.Time) (Incident, []Entry, error) {
	return Transition(inc, Mitigated, actor, at)
}

// Resolve is Transition to Resolved.
func Resolve(inc Incident, actor int64, at time.Time) (Incident, []Entry, error) {
	return Transition(inc, Resolved, actor, at)
}

// Edit is a change to an incident's editable fields; nil fields stay.
type Edit struct {
	Title       *string
	Severity    *Severity
	CommanderID *int64
	StartedAt   *time.Time
}

// Apply applies the edit, done by actor at the instant at, and returns the
// new incident and one edited entry per field that changed (its
// Text holds "old → new", instants in RFC 3339; a commander edit also
// names the new commander in UserID). Status is not editable: use
// Transition. A resolved incident stays editable, so that its record can
// be made right for the review.
func (e Edit) Apply(inc Incident, actor int64, at time.Time) (Incident, []Entry, error) {
	if at.IsZero() {
		return inc, nil, rota.Invalid("at", "the instant of the edit is required")
	}
	next := inc.clone()
	var entries []Entry
	edited := func(field, from, to string) {
		entries = append(entries, Entry{At: at.UTC(), Kind: KindEdited, ActorID: actor, Field: field, Text: from + " → " + to})
	}
	// A commander edit names the new commander in UserID, so that the
	// timeline can show a name.
	if e.Title != nil {
		if t := strings.TrimSpace(*e.Title); t != next.Title {
			edited("title", next.Title, t)
			next.Title = t
		}
	}
	if e.Severity != nil && *e.Severity != next.Severity {
		edited("severity", string(next.Severity), string(*e.Severity))
		next.Severity = *e.Severity
	}
	if e.CommanderID != nil && *e.CommanderID != next.CommanderID {
		edited("commander", fmt.Sprint(next.CommanderID), fmt.Sprint(*e.CommanderID))
		entries[len(entries)-1].UserID = *e.CommanderID
		next.CommanderID = *e.CommanderID
		next.addResponder(next.CommanderID)
	}
	if e.StartedAt != nil && !e.StartedAt.Equal(next.StartedAt) {
		s := e.StartedAt.UTC()
		edited("started_at", next.StartedAt.UTC().Format(time.RFC3339), s.Format(time.RFC3339))
		next.StartedAt = s
	}
	if len(entries) == 0 {
		return inc, nil, nil
	}
	if err := next.Validate(); err != nil {
		return inc, nil, err
	}
	next.addResponder(actor)
	return next, entries, nil
}

// AddLinks links services and alerts to the incident by hand, done by actor
// at the instant at. Those already linked are skipped; it returns the new
// incident and one linked entry per new link.
func AddLinks(inc Incident, services, alerts []int64, actor int64, at time.Time) (Incident, []Entry, error) {
	if at.IsZero() {
		return inc, nil, rota.Invalid("at", "the instant of linking is required")
	}
	next := inc.clone()
	var entries []Entry
	for _, s := range services {
		if !slices.Contains(next.Services, s) {
			next.Services = append(next.Services, s)
			entries = append(entries, Entry{At: at.UTC(), Kind: KindLinked, ActorID: actor, ServiceID: s})
		}
	}
	for _, a := range alerts {
		if !slices.Contains(next.Alerts, a) {
			next.Alerts = append(next.Alerts, a)
			entries = append(entries, Entry{At: at.UTC(), Kind: KindLinked, ActorID: actor, AlertID: a})
		}
	}
	if len(entries) == 0 {
		return inc, nil, nil
	}
	if err := next.Validate(); err != nil {
		return inc, nil, err
	}
	next.addResponder(actor)
	return next, entries, nil
}
