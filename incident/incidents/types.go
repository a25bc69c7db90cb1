package incidents

import (
	"context"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
)

// Source names the fact a system entry was copied from: a linked alert's
// creation, one of its events, a page sent for it, or a change event. A
// source is copied onto one incident's timeline once (storage enforces it).
type Source struct {
	Type string
	ID   int64
}

// The source types.
const (
	SourceAlert  = "alert"
	SourceEvent  = "event"
	SourcePage   = "page"
	SourceChange = "change"
)

// Entry is a timeline entry with the fact it was copied from (zero for
// people's notes and Rota's own decisions).
type Entry struct {
	incident.Entry
	Source Source
}

// Record is an incident as stored: the domain incident with its owning
// team and the Seq of its timeline's last entry.
type Record struct {
	incident.Incident
	// TeamID is the owning team: whose members may change it.
	TeamID  int64
	LastSeq int64
	// AlertCount is how many alerts are linked; lists and auto-open
	// decisions leave Incident.Alerts unloaded (a storm links thousands).
	AlertCount int
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// SourcedEvent is an event of a linked alert with its stored id.
type SourcedEvent struct {
	ID int64
	incident.AlertEvent
}

// SourcedPage is a page sent for a linked alert with its stored id.
type SourcedPage struct {
	ID int64
	incident.PageRecord
}

// Facts is what a decision about one incident reads in its transaction.
type Facts struct {
	Record Record
	// New facts of the linked alerts that the timeline does not hold yet:
	// alerts whose creation it lacks, their events and the pages sent.
	Alerts []incident.Alert
	Events []SourcedEvent
	Pages  []SourcedPage
	// Changes are the change events of the incident's services in the
	// suspect window before its start; Deployed the IDs of the changes
	// its timeline already records.
	Changes  []incident.Change
	Deployed []int64
}

// AlertDecision is what the auto-open decision asks storage to write for
// one new alert: a new incident (Action incident.OpenNew, Record without
// ID) or a link to an open one (incident.LinkTo, IncidentID), with the
// entries numbered for that incident.
type AlertDecision struct {
	Action     incident.Action
	Record     Record
	IncidentID int64
	Entries    []Entry
}

// Filter selects incidents; zero fields match everything.
type Filter struct {
	Statuses   []incident.Status
	Severities []incident.Severity
	TeamID     int64
	ServiceID  int64
	// From and To select incidents started in [From, To).
	From, To time.Time
	BeforeID int64
	Limit    int
	// ReviewOverdue keeps only the incidents whose review reminder is due
	// (resolved SEV1 and SEV2 without a published review after five
	// business days), among the 500 newest that could be.
	ReviewOverdue bool
}

// ItemFilter selects action items across incidents.
type ItemFilter struct {
	Statuses []incident.ActionStatus
	Owner    string
	TeamID   int64
	Limit    int
}

// Item is an action item with the incident it belongs to.
type Item struct {
	incident.ActionItem
	IncidentID    int64
	IncidentTitle string
	TeamID        int64
	Services      []int64
}

// TeamZone is the zone and holidays of a team's calendar: its first
// schedule's, or UTC without holidays.
type TeamZone struct {
	Zone     string
	Holidays []scheduler.Date
}

// Person is what the service needs to know of an engineer.
type Person struct {
	ID           int64
	Name         string
	Email        string
	TimeZone     string
	WorkingHours string
}

// Store is the storage the service decides over. Each Change… method runs
// one transaction: it reads what the decision needs (locking the rows on
// PostgreSQL so that two decisions about one incident take turns), calls
// decide, and writes what decide returns; an error from decide writes
// nothing.
type Store interface {
	// CreateIncident stores a new incident with its links, responders and
	// entries (numbered from 1); services and alerts must exist.
	CreateIncident(ctx context.Context, r Record, entries []Entry) (Record, error)
	// ChangeIncident reads the incident's facts, asks decide, and writes
	// the incident it returns (links and responders are only ever added)
	// and the entries (numbered after Facts.Record.LastSeq).
	ChangeIncident(ctx context.Context, id int64, decide func(Facts) (Record, []Entry, error)) (Record, error)
	// IncidentFacts reads the same facts without a transaction that writes.
	IncidentFacts(ctx context.Context, id int64) (Facts, error)
	// AlertsCreated decides, in one transaction per call, over new alerts
	// of services in auto mode: for each alert in order it reads the open
	// incidents linking its service (Alerts not loaded) and writes what
	// decide returns; an incident opened for one alert is open for the
	// next. It returns the IDs of the incidents opened.
	AlertsCreated(ctx context.Context, alerts []incident.Alert, decide func(a incident.Alert, open []Record) (AlertDecision, error)) ([]int64, error)
	// OpenIncidentsOfAlert lists the open incidents that link the alert.
	OpenIncidentsOfAlert(ctx context.Context, alertID int64) ([]int64, error)
	// AlertsByID gives the alerts that exist among the IDs.
	AlertsByID(ctx context.Context, alertIDs []int64) (map[int64]paging.Alert, error)

	Incident(ctx context.Context, id int64) (Record, error)
	Incidents(ctx context.Context, f Filter) ([]Record, error)
	Timeline(ctx context.Context, id int64) ([]incident.Entry, error)
	IncidentAlerts(ctx context.Context, id int64, limit int) ([]paging.Alert, error)
	// ReviewStatuses gives the review status of each incident that has a
	// review.
	ReviewStatuses(ctx context.Context, ids []int64) (map[int64]incident.ReviewStatus, error)

	// Review returns the incident's review; not found when none is stored.
	Review(ctx context.Context, incidentID int64) (incident.Review, error)
	// ChangeReview reads the incident and its review (a new draft when
	// none is stored), asks decide, and stores the review it returns.
	ChangeReview(ctx context.Context, incidentID int64, decide func(Record, incident.Review) (incident.Review, error)) (incident.Review, error)
	ActionItems(ctx context.Context, f ItemFilter) ([]Item, error)
	// EachPendingActionItem streams the open and in-progress action items
	// with their incidents' services.
	EachPendingActionItem(ctx context.Context, fn func(incident.ActionItem, []int64) error) error

	// CreateChange stores a change event once: a change with the same
	// fingerprint on the same service is the one already stored, returned
	// with created false.
	CreateChange(ctx context.Context, c incident.Change, integrationID int64, fingerprint string) (incident.Change, bool, error)
	Changes(ctx context.Context, serviceIDs []int64, from, to time.Time, limit int) ([]incident.Change, error)
	// EachChange streams the change events of the services (all when
	// none are given) with timestamps in [from, to).
	EachChange(ctx context.Context, serviceIDs []int64, from, to time.Time, fn func(incident.Change) error) error
	// IncidentsStarted lists incidents (Alerts not loaded) started in
	// [from, to] linking any of the services (all when none are given).
	IncidentsStarted(ctx context.Context, serviceIDs []int64, from, to time.Time) ([]Record, error)

	TeamZone(ctx context.Context, teamID int64) (TeamZone, error)
	People(ctx context.Context, ids []int64) (map[int64]Person, error)
	// PeopleByEmail finds engineers by (normalised) email.
	PeopleByEmail(ctx context.Context, emails []string) (map[string]Person, error)
	Team(ctx context.Context, id int64) (rota.Team, error)
}

// ConfigSource gives the paging configuration: services (with their
// incidents mode and team) and integration keys. *paging.ConfigCache is
// one.
type ConfigSource interface {
	Get(ctx context.Context) (*paging.Config, error)
}
