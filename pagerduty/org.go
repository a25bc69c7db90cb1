package pagerduty

import (
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
)

// Org is a PagerDuty organisation converted to Rota's terms. References
// go by name and email, as in the declarative file, because the database
// ids do not exist yet; every object keeps its PagerDuty id so that a
// later import can recognise what it made.
type Org struct {
	// At is the instant the import was made for: layers that ended and
	// overrides that were over by then are left out.
	At    time.Time
	Users []User
	Teams []Team
}

// User is a person, matched by email.
type User struct {
	PagerDutyID string
	Email       string
	Name        string
	TimeZone    string // "" when PagerDuty's is not an IANA zone
	Phone       string // E.164, "" when none
}

// Team holds what one Rota team gets.
type Team struct {
	PagerDutyID string // "" for the team made for things PagerDuty puts in none
	Name        string
	Members     []Member
	Schedules   []Schedule
	Policies    []Policy
	Services    []Service
}

// Member is one membership of a team.
type Member struct {
	Email string
	Role  rota.TeamRole
}

// Schedule is a PagerDuty schedule as a Rota schedule with one tier,
// primary: each PagerDuty layer is a layer, in the same precedence.
// Engineer ids (participants, override engineers, members) are emails;
// layer and override ids are PagerDuty's. Members lists the schedule's
// own people, enough to compile it.
type Schedule struct {
	PagerDutyID string
	scheduler.Schedule
}

// Policy is an escalation policy.
type Policy struct {
	PagerDutyID string
	Name        string
	Repeat      int
	RepeatAfter time.Duration
	Steps       []Step
}

// Step pages its targets After the start of a pass (cumulative).
type Step struct {
	After   time.Duration
	Targets []Target
}

// Target is the primary tier of a schedule (named by team and name) or a
// user (by email).
type Target struct {
	Team     string
	Schedule string
	Email    string
}

// Service is a service and its integrations. Policy names an escalation
// policy of the same team, or is "" for a service that pages no one.
type Service struct {
	PagerDutyID  string
	Name         string
	Description  string
	Policy       string
	Urgency      paging.UrgencyRule
	Hours        paging.BusinessHours
	Integrations []Integration
}

// Integration is an inbound integration. Key is PagerDuty's integration
// key, kept so that senders only change the URL they post to.
type Integration struct {
	PagerDutyID string
	Name        string
	Type        paging.IntegrationType
	Key         string
}

// Team returns the team named name.
func (o *Org) Team(name string) *Team {
	for i := range o.Teams {
		if o.Teams[i].Name == name {
			return &o.Teams[i]
		}
	}
	return nil
}

// Schedules returns every schedule with its team's name.
func (o *Org) Schedules() []TeamSchedule {
	var out []TeamSchedule
	for _, t := range o.Teams {
		for _, s := range t.Schedules {
			out = append(out, TeamSchedule{Team: t.Name, Schedule: s})
		}
	}
	return out
}

// TeamSchedule is a schedule with its team.
type TeamSchedule struct {
	Team string
	Schedule
}
