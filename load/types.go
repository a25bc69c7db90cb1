package load

import (
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

// Channel is how a page travelled. The values are those of the paging
// package (log, sms, voice, webhook) and of the history import (sms,
// voice, push, pagerduty, email).
type Channel string

// The channels.
const (
	ChannelSMS       Channel = "sms"
	ChannelVoice     Channel = "voice"
	ChannelPush      Channel = "push"
	ChannelPagerDuty Channel = "pagerduty"
	ChannelEmail     Channel = "email"
	ChannelLog       Channel = "log"
	ChannelWebhook   Channel = "webhook"
)

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool {
	switch c {
	case ChannelSMS, ChannelVoice, ChannelPush, ChannelPagerDuty, ChannelEmail, ChannelLog, ChannelWebhook:
		return true
	}
	return false
}

// Interrupts reports whether a page over c can interrupt its engineer.
// Email never does (PagerDuty's definition). A log page stands in for the
// SMS that Rota would have sent with Twilio configured, and a webhook or
// pagerduty page is forwarded to a tool that notifies the engineer's
// phone, so they interrupt like SMS.
func (c Channel) Interrupts() bool { return c != ChannelEmail }

// Engineer is a team member as the load report sees one.
type Engineer struct {
	ID    string
	Name  string
	Email string
	// TimeZone is an IANA zone name; empty means UTC.
	TimeZone string
	// WorkingHours is "" (PagerDuty's business band, 08:00–18:00 Mon–Fri)
	// or a range like "mon-fri 09:00-17:00".
	WorkingHours string
	Discipline   scheduler.Discipline
	// Site groups engineers for the SRE minimum rotation size; empty means
	// the engineer's time zone.
	Site string
}

// Page is one notification to one engineer for one alert over one
// channel, the unit of load.
type Page struct {
	EngineerID string
	// AlertID identifies the alert; pages for one alert interrupt an
	// engineer at most once.
	AlertID string
	// IncidentID, when set, groups alerts into one incident for the
	// incidents-per-shift figure; otherwise each alert is its own incident.
	IncidentID string
	At         time.Time
	Channel    Channel
	// Shadow marks the copy a shadow receives; it is counted apart.
	Shadow bool
	// Imported marks pages from the history import; they count like
	// Rota's own.
	Imported bool
	// AckedAt is when this engineer acknowledged the alert, zero when they
	// did not. It may be set on any or all of the engineer's pages for the
	// alert.
	AckedAt time.Time
	// AlertAckedAt is when anyone acknowledged the alert, zero when nobody
	// did; on a shadow copy it tells the learner's progress how many of
	// the pages they shadowed the primary acknowledged.
	AlertAckedAt time.Time
}

// Input is what a team's load report is computed from, apart from the
// pages, which are fed to an Accumulator one by one.
type Input struct {
	// Team names the team in flag messages.
	Team string
	// From and To bound the period, [From, To). Pages and shifts outside
	// are ignored (shifts are clipped).
	From, To time.Time
	// TimeZone is the team's zone (usually its schedule's) for the
	// hour-of-week heat map, the weekly trend and the 4-week window; empty
	// means UTC.
	TimeZone  string
	Engineers []Engineer
	// Shifts are the resolved shifts of the team's schedules
	// (scheduler.Compiled.Shifts) covering at least the period. Overlapping
	// shifts of one engineer and tier (from several schedules) count once.
	Shifts []scheduler.Shift
	// Holidays are local dates counted as holidays on call.
	Holidays []scheduler.Date
	// ShadowCompleted is, per engineer ID, the shadow shifts completed in
	// the period (scheduler.Compiled.ShadowCompleted). When nil, each
	// shadow shift in Shifts that ends within the period counts as one.
	ShadowCompleted map[string]int
	// Rotation lists the engineers in the team's rotation (the
	// participants of its primary and secondary layers). When nil, it is
	// every engineer with primary or secondary time in the period, or,
	// with no such shifts at all, every engineer.
	Rotation []string
	// Thresholds configure the flags; zero fields take the defaults.
	Thresholds Thresholds
}
