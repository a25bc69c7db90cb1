package paging

import (
	"encoding/json"
	"time"

	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/scheduler"
)

// Urgency is how loudly an alert pages.
type Urgency string

// The urgencies.
const (
	High Urgency = "high"
	Low  Urgency = "low"
)

// UrgencyRule is a service's urgency setting.
type UrgencyRule string

// The urgency rules: always high, always low, or from the alert's severity
// (critical and error are high; warning and info are low).
const (
	UrgencyHigh         UrgencyRule = "high"
	UrgencyLow          UrgencyRule = "low"
	UrgencyFromSeverity UrgencyRule = "from-severity"
)

// Severity is PagerDuty's severity scale, which Rota uses for every source.
type Severity string

// The severities.
const (
	Critical Severity = "critical"
	Error    Severity = "error"
	Warning  Severity = "warning"
	Info     Severity = "info"
)

// ValidSeverity reports whether s is one of the four severities.
func ValidSeverity(s Severity) bool {
	return s == Critical || s == Error || s == Warning || s == Info
}

// UrgencyOf decides an alert's urgency from the service rule and severity.
func UrgencyOf(rule UrgencyRule, sev Severity) Urgency {
	switch rule {
	case UrgencyHigh:
		return High
	case UrgencyLow:
		return Low
	}
	if sev == Critical || sev == Error || sev == "" {
		return High
	}
	return Low
}

// Status is where an alert stands.
type Status string

// The statuses.
const (
	Triggered    Status = "triggered"
	Acknowledged Status = "acknowledged"
	Resolved     Status = "resolved"
)

// Service is something that alerts, owned by one team.
type Service struct {
	ID            int64
	TeamID        int64
	Name          string
	Description   string
	PolicyID      int64
	Urgency       UrgencyRule
	BusinessHours BusinessHours
	// HoldLowOutsideHours holds low-urgency alerts that arrive outside
	// business hours until the next business-hours window.
	HoldLowOutsideHours bool
	// Incidents says whether the service's high-urgency alerts open
	// incidents by themselves (incident.Auto) or people do (Manual, the
	// default).
	Incidents incident.Mode
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// BusinessHours are a service's working windows in a zone; no windows means
// no business hours are set.
type BusinessHours struct {
	TimeZone string
	Windows  []scheduler.Window
}

// MaintenanceWindow suppresses paging for a service; alerts are kept.
type MaintenanceWindow struct {
	ID        int64
	ServiceID int64
	Start     time.Time
	End       time.Time
	Reason    string
	CreatedBy int64
}

// IntegrationType is which payload an integration key accepts.
type IntegrationType string

// The integration types.
const (
	Alertmanager IntegrationType = "alertmanager"
	Generic      IntegrationType = "generic"
	PagerDuty    IntegrationType = "pagerduty"
)

// Integration is a service's integration key; only a hash of the key is
// stored, with a short prefix to recognise it by.
type Integration struct {
	ID        int64
	ServiceID int64
	Name      string
	Type      IntegrationType
	Prefix    string
	CreatedAt time.Time
	RevokedAt *time.Time
}

// Policy is an escalation policy: ordered steps, repeated Repeat more times
// after the first pass (PagerDuty's num_loops).
type Policy struct {
	ID     int64
	TeamID int64
	Name   string
	Repeat int
	// RepeatAfter is how long after the last step the next pass starts.
	RepeatAfter time.Duration
	Steps       []Step
	Version     int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Step pages its targets After the start of the pass (cumulative: 0, 5m,
// 15m …), unless the alert was acknowledged or resolved first.
type Step struct {
	After   time.Duration
	Targets []Target
}

// Target is a schedule tier or one engineer.
type Target struct {
	ScheduleID int64
	Tier       scheduler.Tier
	UserID     int64
}

// RoutingRule sends matching alerts to a service; rules are evaluated in
// order and the first match wins.
type RoutingRule struct {
	ID        int64
	Position  int
	Name      string
	Matches   []Match // all must hold
	ServiceID int64
}

// Match tests one alert field or label.
type Match struct {
	Label string // a label name, or
	Field string // summary, source, severity or dedup_key
	Op    string // equals or regex
	Value string
}

// Alert is one problem reported by a monitor.
type Alert struct {
	ID            int64
	ServiceID     int64
	TeamID        int64
	IntegrationID int64
	DedupKey      string
	Status        Status
	Urgency       Urgency
	Severity      Severity
	Summary       string
	Source        string
	Details       json.RawMessage
	Labels        map[string]string
	Count         int
	CreatedAt     time.Time
	LastSeenAt    time.Time
	AckedAt       *time.Time
	AckedBy       int64
	ResolvedAt    *time.Time
	ResolvedBy    int64
	// HeldUntil is set while a low-urgency alert waits for business hours.
	HeldUntil *time.Time
	// Suppressed alerts (maintenance) are kept but never page.
	Suppressed bool
	PolicyID   int64
	Step       int // the next step to fire
	Loop       int // the pass the next step belongs to
	NextStepAt *time.Time
}

// Event kinds on an alert's timeline.
const (
	EvCreated    = "created"
	EvDeduped    = "deduped"
	EvRouted     = "routed"
	EvHeld       = "held"
	EvReleased   = "released"
	EvSuppressed = "suppressed"
	EvStep       = "step_fired"
	EvPaged      = "paged"
	EvPageSent   = "page_sent"
	EvPageFailed = "page_failed"
	EvAcked      = "acknowledged"
	EvResolved   = "resolved"
	EvEscalated  = "escalated"
	EvExhausted  = "escalation_exhausted"
	EvNoTargets  = "no_one_on_call"
	EvNote       = "note" // a person's note on the alert
)

// Event is one entry on an alert's timeline.
type Event struct {
	ID      int64
	AlertID int64
	At      time.Time
	Kind    string
	ActorID int64
	Message string
}

// Channel is how a page travels.
type Channel string

// The channels. Log pages are recorded and shown but not sent anywhere.
const (
	ChannelLog     Channel = "log"
	ChannelSMS     Channel = "sms"
	ChannelVoice   Channel = "voice"
	ChannelWebhook Channel = "webhook"
	// ChannelPagerDuty forwards the page to PagerDuty as an Events API v2
	// event; the address is the routing key (see forward.go).
	ChannelPagerDuty Channel = "pagerduty"
)

// PageStatus is where a page is in the outbox.
type PageStatus string

// The page statuses.
const (
	PagePending   PageStatus = "pending"
	PageSending   PageStatus = "sending"
	PageSent      PageStatus = "sent"
	PageFailed    PageStatus = "failed"
	PageCancelled PageStatus = "cancelled"
)

// Page is one notification to one engineer for one alert over one channel.
type Page struct {
	ID            int64
	AlertID       int64
	UserID        int64
	Channel       Channel
	Shadow        bool
	Step          int
	Loop          int
	Urgency       Urgency
	Status        PageStatus
	Attempts      int
	NextAttemptAt time.Time
	CreatedAt     time.Time
	SentAt        *time.Time
	Error         string
	ProviderRef   string
	// Via names what put the engineer on the step: "schedule payments-oncall
	// primary" or "user".
	Via string
	// Address is the phone number for SMS and voice pages.
	Address string
	// ReplyCode is the short code an engineer replies with ("4" in "4a"),
	// assigned when an SMS or voice page is sent; empty for shadow copies,
	// which cannot acknowledge.
	ReplyCode string
	// Delivery is the provider's last delivery status (delivered, failed …).
	Delivery string
	// LeaseUntil is when the lease of a page being sent runs out.
	LeaseUntil time.Time
}

// AlertFilter selects alerts; zero fields match everything.
type AlertFilter struct {
	TeamID    int64
	ServiceID int64
	Statuses  []Status
	Urgency   Urgency
	Held      bool // only alerts being held
	BeforeID  int64
	Limit     int
}

// Paged is someone paged for an alert, on any channel at any step.
type Paged struct {
	UserID int64
	Name   string
	// Shadow: paged only as a shadow (learning copies).
	Shadow bool
}

// PageFilter selects pages.
type PageFilter struct {
	AlertID int64
	UserID  int64
	Limit   int
}

// TimelineEntry is an alert event with its actor's name. Ref identifies
// it: the event id, or "created" and "page-ID" for the entries derived
// from the alert and page rows.
type TimelineEntry struct {
	Event
	Ref       string
	ActorName string
}
