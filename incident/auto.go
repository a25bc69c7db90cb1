package incident

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rotaoncall/rota"
)

// Mode is a service's incidents setting.
type Mode string

// The modes. Manual is the default: people open incidents.
const (
	Manual Mode = "manual"
	Auto   Mode = "auto"
)

// ParseMode reads a service's incidents setting; empty means Manual.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case "":
		return Manual, nil
	case Manual, Auto:
		return m, nil
	}
	return "", rota.Invalid("incidents", "incidents must be manual or auto, not %q", s)
}

// Alert is what the auto-open decision needs to know of a newly created
// alert. Urgency and Severity use the paging engine's names ("high",
// "low"; "critical", "error", "warning", "info").
type Alert struct {
	ID         int64
	ServiceID  int64
	Urgency    string
	Severity   string
	Summary    string
	CreatedAt  time.Time
	Suppressed bool // in a maintenance window
}

// Action is what OnAlert decided.
type Action string

// The actions.
const (
	NoAction Action = "none" // leave the alert alone
	OpenNew  Action = "open" // store Decision.Incident as a new incident
	LinkTo   Action = "link" // update the open incident Decision.Incident
)

// Decision is OnAlert's answer: what to do, the entries to append to the
// incident's timeline, and for OpenNew the incident to store, for LinkTo
// the ID of the open incident the alert joins. Linking returns no whole
// incident so that a storm of thousands of alerts costs one link and two
// entries per alert, not a copy of an ever longer incident.
type Decision struct {
	Action     Action
	Incident   Incident
	IncidentID int64
	Entries    []Entry
}

// OnAlert decides what a newly created alert does to incidents. Call it
// once per alert created, not for deduplicated repeats. mode is the
// alert's service's setting; open are the incidents not yet resolved that
// link the service (any order; resolved ones are ignored; their Alerts
// need not be loaded, and when loaded an alert already linked does
// nothing).
//
// For a Manual service nothing happens. For an Auto service, when an
// incident is open the alert is linked to it, whatever its urgency, so an
// alert storm stays one incident; with several open, the one detected
// last (then the highest ID) takes it. When none is open, a high-urgency
// alert that is not suppressed opens one: titled by the alert's summary,
// started and detected at the alert's creation, of severity
// SeverityForAlert. Any other alert does nothing.
func OnAlert(mode Mode, a Alert, open []Incident) Decision {
	if mode != Auto || a.ID <= 0 || a.ServiceID <= 0 || a.CreatedAt.IsZero() {
		return Decision{Action: NoAction}
	}
	at := a.CreatedAt.UTC()
	var target *Incident
	for i := range open {
		o := &open[i]
		if !o.Status.Open() || !slices.Contains(o.Services, a.ServiceID) {
			continue
		}
		if target == nil || o.DetectedAt.After(target.DetectedAt) || (o.DetectedAt.Equal(target.DetectedAt) && o.ID > target.ID) {
			target = o
		}
	}
	triggered := Entry{At: at, Kind: KindAlertTriggered, AlertID: a.ID, ServiceID: a.ServiceID, Text: a.Summary}
	if target != nil {
		if slices.Contains(target.Alerts, a.ID) {
			return Decision{Action: NoAction}
		}
		return Decision{Action: LinkTo, IncidentID: target.ID, Entries: []Entry{
			{At: at, Kind: KindLinked, AlertID: a.ID},
			triggered,
		}}
	}
	if a.Urgency != "high" || a.Suppressed {
		return Decision{Action: NoAction}
	}
	title := strings.TrimSpace(a.Summary)
	if title == "" {
		title = "Alert " + strconv.FormatInt(a.ID, 10)
	}
	if len(title) > MaxTitle {
		title = truncate(title, MaxTitle)
	}
	inc := Incident{
		Title:      title,
		Severity:   SeverityForAlert(a.Severity),
		Status:     Triggered,
		Services:   []int64{a.ServiceID},
		Alerts:     []int64{a.ID},
		StartedAt:  at,
		DetectedAt: at,
	}
	return Decision{Action: OpenNew, Incident: inc, Entries: []Entry{
		{At: at, Kind: KindOpened, To: Triggered, Text: title},
		{At: at, Kind: KindLinked, ServiceID: a.ServiceID},
		{At: at, Kind: KindLinked, AlertID: a.ID},
		triggered,
	}}
}

// SeverityForAlert is the severity of an incident opened by an alert:
// critical → SEV2, error → SEV3, anything else → SEV4. SEV1 is always a
// person's call: a monitor cannot tell how many users are hurt, and a
// SEV1 asks for a review within days.
func SeverityForAlert(s string) Severity {
	switch s {
	case "critical":
		return SEV2
	case "error", "":
		return SEV3
	}
	return SEV4
}

// OnAlertAcknowledged records that actor acknowledged alert alertID at the
// instant at. When the incident links the alert, it returns the
// acknowledged entry, and a triggered incident is acknowledged too (actor
// becomes a responder). An alert the incident does not link changes
// nothing and returns no entries.
func OnAlertAcknowledged(inc Incident, alertID, actor int64, at time.Time) (Incident, []Entry, error) {
	if !slices.Contains(inc.Alerts, alertID) {
		return inc, nil, nil
	}
	if at.IsZero() {
		return inc, nil, rota.Invalid("at", "the instant of the acknowledgement is required")
	}
	entries := []Entry{{At: at.UTC(), Kind: KindAcknowledged, ActorID: actor, AlertID: alertID}}
	if inc.Status != Triggered {
		return inc, entries, nil
	}
	next, more, err := Transition(inc, Acknowledged, actor, at)
	if err != nil {
		return inc, nil, err
	}
	return next, append(entries, more...), nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Cut on a rune boundary.
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
