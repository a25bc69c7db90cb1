package incident

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/load"
)

// PageRecord is one page sent for one of the incident's alerts, as the
// paging engine records it. Channel uses the engine's names ("sms",
// "voice", "log", "webhook") or imported ones ("push", "pagerduty",
// "email").
type PageRecord struct {
	AlertID int64
	UserID  int64
	At      time.Time
	Channel string
	Shadow  bool
}

// Band is the part of an engineer's day a page lands in, in their own
// zone: the Load definitions (load.BandAt), one home for them.
type Band = load.Band

// The bands, as PagerDuty defines them.
const (
	Business = load.Business // 08:00–18:00 Monday to Friday, or the engineer's working hours
	Sleep    = load.Sleep    // 22:00–08:00 every day
	OffHours = load.OffHours // the rest
)

// Bander places instants in an engineer's bands.
type Bander struct {
	loc *time.Location
	wh  load.WorkingHours
}

// NewBander returns the bands of an engineer in the IANA zone, with
// working hours as rota.User keeps them (load.ParseWorkingHours; empty
// means the default business hours, 08:00–18:00 Monday to Friday).
func NewBander(zone, workingHours string) (*Bander, error) {
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" || strings.EqualFold(zone, "local") {
		return nil, rota.Invalid("time_zone", "unknown time zone %q", zone)
	}
	wh, err := load.ParseWorkingHours(workingHours)
	if err != nil {
		msg := err.Error()
		if ve := (*load.ValidationError)(nil); errors.As(err, &ve) {
			msg = ve.Message
		}
		return nil, rota.Invalid("working_hours", "%s", msg)
	}
	return &Bander{loc: loc, wh: wh}, nil
}

// Band returns the band of the instant (load.BandAt).
func (b *Bander) Band(at time.Time) Band { return load.BandAt(at, b.loc, b.wh) }

// CoalesceWindow is how close pages to one engineer must be to count as
// one interruption: pages at most this far apart coalesce.
const CoalesceWindow = load.CoalesceWindow

// Interrupts reports whether a page on the channel can interrupt: every
// channel but email does, including Rota's logged pages, which stand for
// the page a configured Twilio would have sent.
func Interrupts(channel string) bool { return load.Channel(strings.ToLower(channel)).Interrupts() }

// Interruptions counts interruptions by band.
type Interruptions struct {
	Total, Business, OffHours, Sleep int
}

func (n *Interruptions) add(b Band) {
	n.Total++
	switch b {
	case Business:
		n.Business++
	case Sleep:
		n.Sleep++
	default:
		n.OffHours++
	}
}

// Responder is one engineer's share of an incident: the responder-load
// section of the review, which Rota fills in.
type Responder struct {
	UserID int64
	// Pages counts the engineer's pages (shadow copies apart);
	// ShadowPages are learning, not load, and never interrupt.
	Pages, ShadowPages int
	Interruptions      Interruptions
	FirstPagedAt       time.Time // zero when never paged
	// Engaged runs from the engineer's first acknowledgement (of a linked
	// alert or of the incident) to the incident's resolution, or to the
	// instant asked about while it is unresolved.
	Engaged time.Duration
}

// Ack is one engineer's acknowledgement of a linked alert or of the
// incident itself.
type Ack struct {
	UserID int64
	At     time.Time
}

// ResponderLoad computes the responder-load section from the pages of the
// incident's alerts and the acknowledgements, as it stands at the instant
// at. bands gives each engineer's Bander; an engineer it has none for
// (nil) is counted in UTC with the default business hours.
//
// Interruptions follow the Load definitions: pages of channels that
// Interrupts, shadow copies apart; for one engineer, every page for an
// alert that already interrupted them, and every page at most
// CoalesceWindow after their previous counted page, joins the
// interruption before it; any other page is a new interruption in the band
// of its instant. Responders are listed by first page (never paged last),
// then by ID.
func ResponderLoad(inc Incident, pages []PageRecord, acks []Ack, bands func(userID int64) *Bander, at time.Time) []Responder {
	ps := slices.Clone(pages)
	slices.SortStableFunc(ps, func(a, b PageRecord) int { return a.At.Compare(b.At) })
	type state struct {
		r        Responder
		alerts   map[int64]bool
		last     time.Time
		bander   *Bander
		firstAck time.Time
	}
	byUser := map[int64]*state{}
	get := func(id int64) *state {
		s := byUser[id]
		if s == nil {
			s = &state{r: Responder{UserID: id}, alerts: map[int64]bool{}}
			if bands != nil {
				s.bander = bands(id)
			}
			if s.bander == nil {
				s.bander = defaultBander
			}
			byUser[id] = s
		}
		return s
	}
	for _, p := range ps {
		if p.UserID <= 0 || p.At.After(at) {
			continue
		}
		s := get(p.UserID)
		if p.Shadow {
			s.r.ShadowPages++
			continue
		}
		s.r.Pages++
		if s.r.FirstPagedAt.IsZero() {
			s.r.FirstPagedAt = p.At.UTC()
		}
		if !Interrupts(p.Channel) {
			continue
		}
		if !s.alerts[p.AlertID] && (s.last.IsZero() || p.At.Sub(s.last) > CoalesceWindow) {
			s.r.Interruptions.add(s.bander.Band(p.At))
		}
		s.alerts[p.AlertID] = true
		s.last = p.At
	}
	end := at
	if inc.ResolvedAt != nil && inc.ResolvedAt.Before(at) {
		end = *inc.ResolvedAt
	}
	for _, a := range acks {
		if a.UserID <= 0 || a.At.After(at) {
			continue
		}
		s := get(a.UserID)
		if s.firstAck.IsZero() || a.At.Before(s.firstAck) {
			s.firstAck = a.At
		}
	}
	out := make([]Responder, 0, len(byUser))
	for _, s := range byUser {
		if !s.firstAck.IsZero() && end.After(s.firstAck) {
			s.r.Engaged = end.Sub(s.firstAck)
		}
		out = append(out, s.r)
	}
	slices.SortFunc(out, func(a, b Responder) int {
		switch {
		case a.FirstPagedAt.IsZero() != b.FirstPagedAt.IsZero():
			if a.FirstPagedAt.IsZero() {
				return 1
			}
			return -1
		case !a.FirstPagedAt.Equal(b.FirstPagedAt):
			return a.FirstPagedAt.Compare(b.FirstPagedAt)
		}
		return cmp.Compare(a.UserID, b.UserID)
	})
	return out
}

var defaultBander = func() *Bander {
	b, err := NewBander("UTC", "")
	if err != nil {
		panic(err)
	}
	return b
}()
