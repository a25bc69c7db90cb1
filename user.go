package rota

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// Discipline is an engineer's side of the dev/ops split.
type Discipline string

// The disciplines.
const (
	Dev Discipline = "dev"
	Ops Discipline = "ops"
)

// Valid reports whether d is a known discipline.
func (d Discipline) Valid() bool { return d == Dev || d == Ops }

// User is an engineer who can sign in and be on call.
type User struct {
	ID           int64
	Email        string
	Name         string
	Discipline   Discipline
	TimeZone     string
	WorkingHours string // "" or e.g. "mon-fri 09:00-17:00"; used for load bands
	Phone        string // E.164, "" when none
	IsAdmin      bool   // organisation admin
	// MustChangePassword: the user's password is a one-time one (from
	// rota user create, the first start, an invite or a reset); it serves
	// only to choose a new one.
	MustChangePassword bool
	// HandoffNoticesOff: the user turned off the notice at the start of
	// their primary and secondary shifts (on by default).
	HandoffNoticesOff bool
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

var workingHoursRE = regexp.MustCompile(`^(mon|tue|wed|thu|fri|sat|sun)-(mon|tue|wed|thu|fri|sat|sun) ([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])$`)

// NormalizeEmail lower-cases and trims an address so that lookups are
// case-insensitive.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate checks the user's fields and normalises the email. The returned
// error names the first field at fault.
func (u *User) Validate() error {
	u.Email = NormalizeEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	if u.Email == "" {
		return Invalid("email", "email is required")
	}
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
		return Invalid("email", "%q is not an email address", u.Email)
	}
	if u.Name == "" {
		return Invalid("name", "name is required")
	}
	if len(u.Name) > 200 {
		return Invalid("name", "name is longer than 200 characters")
	}
	if u.Discipline == "" {
		u.Discipline = Dev
	}
	if !u.Discipline.Valid() {
		return Invalid("discipline", "discipline must be dev or ops, not %q", u.Discipline)
	}
	if u.TimeZone == "" {
		u.TimeZone = "UTC"
	}
	if _, err := time.LoadLocation(u.TimeZone); err != nil || strings.EqualFold(u.TimeZone, "local") {
		return Invalid("time_zone", "unknown time zone %q", u.TimeZone)
	}
	if u.Phone != "" && !e164.MatchString(u.Phone) {
		return Invalid("phone", "phone must be in E.164 form, like +15550000001")
	}
	if u.WorkingHours != "" && !workingHoursRE.MatchString(u.WorkingHours) {
		return Invalid("working_hours", `working hours must look like "mon-fri 09:00-17:00"`)
	}
	return nil
}

// TeamRole is a member's role within one team.
type TeamRole string

// The team roles.
const (
	TeamAdmin  TeamRole = "admin"
	TeamMember TeamRole = "member"
)

// Valid reports whether r is a known role.
func (r TeamRole) Valid() bool { return r == TeamAdmin || r == TeamMember }

// Team owns services, schedules and escalation policies.
type Team struct {
	ID        int64
	Name      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Member is a user's membership of a team.
type Member struct {
	TeamID int64
	User   User
	Role   TeamRole
}

var teamNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)

// Validate checks the team's fields.
func (t *Team) Validate() error {
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" {
		return Invalid("name", "name is required")
	}
	if !teamNameRE.MatchString(t.Name) {
		return Invalid("name", "name must be lower-case letters, digits, '.', '_' or '-' (at most 63)")
	}
	return nil
}

// APIToken is a bearer token for automation; only its hash is stored.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}
