package pdfake

import "time"

// User is a PagerDuty user. Email may be empty (the API allows it for
// some account types); Deleted users are not listed but stay referenced.
type User struct {
	ID       string
	Name     string
	Email    string
	TimeZone string
	Role     string // admin, user, limited_user, observer, owner
	Contacts []Contact
	Deleted  bool
}

// Contact is a contact method: Type is phone_contact_method,
// sms_contact_method, email_contact_method or
// push_notification_contact_method.
type Contact struct {
	ID          string
	Type        string
	Label       string
	Address     string
	CountryCode int
}

// Team is a PagerDuty team and its members.
type Team struct {
	ID          string
	Name        string
	Description string
	ParentID    string
	Members     []Member
}

// Member is a team membership; Role is manager, responder or observer.
type Member struct {
	UserID string
	Role   string
}

// Schedule is an on-call schedule. Layers are in creation order: a later
// layer wins where layers overlap. The API lists them the other way round
// (the last created first), as PagerDuty does.
type Schedule struct {
	ID          string
	Name        string
	TimeZone    string
	Description string
	TeamIDs     []string
	Layers      []Layer
	Overrides   []Override
}

// Layer is a schedule layer. End is zero for a layer that does not end.
type Layer struct {
	ID                   string
	Name                 string
	Start                time.Time
	End                  time.Time
	RotationVirtualStart time.Time
	TurnLengthSeconds    int
	UserIDs              []string
	Restrictions         []Restriction
}

// Restriction masks a layer to daily or weekly windows.
type Restriction struct {
	Type            string // daily_restriction or weekly_restriction
	StartTimeOfDay  string // "HH:MM:SS" in the schedule's zone
	StartDayOfWeek  int    // ISO: 1 = Monday … 7 = Sunday; weekly only
	DurationSeconds int
}

// Override puts one user on the whole schedule for [Start, End).
type Override struct {
	ID     string
	Start  time.Time
	End    time.Time
	UserID string
}

// EscalationPolicy is a PagerDuty escalation policy.
type EscalationPolicy struct {
	ID          string
	Name        string
	Description string
	NumLoops    int
	TeamIDs     []string
	Rules       []Rule
}

// Rule is one escalation rule: its targets are notified, and after
// DelayMinutes the next rule's.
type Rule struct {
	ID           string
	DelayMinutes int
	Targets      []Target
}

// Target is a user_reference or a schedule_reference.
type Target struct {
	Type string
	ID   string
}

// Service is a PagerDuty service.
type Service struct {
	ID                 string
	Name               string
	Description        string
	EscalationPolicyID string
	TeamIDs            []string
	UrgencyRule        UrgencyRule
	SupportHours       *SupportHours
	// ScheduledActions, when set, raises urgency at the start of support
	// hours (the only scheduled action PagerDuty has).
	ScheduledActions   bool
	AckTimeout         *int
	AutoResolveTimeout *int
	Integrations       []Integration
}

// UrgencyRule is a service's incident_urgency_rule: Type constant (with
// Urgency high, low or severity_based) or use_support_hours (with During
// and Outside).
type UrgencyRule struct {
	Type    string
	Urgency string
	During  string
	Outside string
}

// SupportHours are a service's support hours (fixed_time_per_day).
type SupportHours struct {
	TimeZone   string
	DaysOfWeek []int // ISO
	StartTime  string
	EndTime    string
}

// Integration is an inbound integration of a service; Type is for example
// events_api_v2_inbound_integration, generic_events_api_inbound_integration
// or generic_email_inbound_integration.
type Integration struct {
	ID     string
	Name   string
	Type   string
	Key    string
	Email  string
	Vendor string
}

// Incident is a PagerDuty incident with its log entries.
type Incident struct {
	ID          string
	Number      int
	Title       string
	ServiceID   string
	Status      string // triggered, acknowledged, resolved
	Urgency     string
	IncidentKey string
	CreatedAt   time.Time
	LogEntries  []LogEntry
}

// LogEntry is one entry of an incident's log. For notify_log_entry,
// Notification is the channel (sms, phone, email, push_notification) and
// Status its outcome (success, failed).
type LogEntry struct {
	ID           string
	Type         string // trigger_log_entry, notify_log_entry, acknowledge_log_entry, resolve_log_entry …
	CreatedAt    time.Time
	UserID       string
	Notification string
	Address      string
	Status       string
	Summary      string
}

// Event is an Events API v2 event the fake accepted (answered 202).
type Event struct {
	RoutingKey string
	Action     string
	DedupKey   string
	Summary    string
	Source     string
	Severity   string
	Body       map[string]any
}

// Alert is what the fake's Events API keeps per routing key and dedup key.
type Alert struct {
	RoutingKey string
	DedupKey   string
	Status     string // triggered, acknowledged, resolved
	Summary    string
	Count      int // triggers folded into it
}

// Request is one request the fake received, whatever its answer.
type Request struct {
	Method string
	Path   string
	Query  string
	Status int
}

// Entry is one stretch of a rendered schedule.
type Entry struct {
	Start  time.Time
	End    time.Time
	UserID string
}
