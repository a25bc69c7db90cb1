package incident

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rotaoncall/rota"
)

// Kind is what a timeline entry records.
type Kind string

// The entry kinds. All but KindNote are written by Rota from what
// happened; a note is written by a person.
const (
	KindOpened         Kind = "opened"          // the incident was opened (To: triggered; Text: title)
	KindAlertTriggered Kind = "alert_triggered" // a linked alert fired (AlertID, ServiceID, Text: summary)
	KindPaged          Kind = "paged"           // UserID was paged over Channel for AlertID (Shadow for a shadow copy)
	KindAcknowledged   Kind = "acknowledged"    // ActorID acknowledged AlertID
	KindEscalated      Kind = "escalated"       // AlertID moved to its next escalation step (Text says where)
	KindHeld           Kind = "held"            // low-urgency AlertID held until business hours (Text says until when)
	KindReleased       Kind = "released"        // a held AlertID was released and pages
	KindAlertResolved  Kind = "alert_resolved"  // AlertID was resolved
	KindLinked         Kind = "linked"          // AlertID or ServiceID was linked to the incident
	KindStatusChanged  Kind = "status_changed"  // the incident moved From → To
	KindEdited         Kind = "edited"          // Field changed; Text is "old → new"
	KindChangeDeployed Kind = "change_deployed" // ChangeID was deployed to ServiceID shortly before the start (At: the change's timestamp)
	KindNote           Kind = "note"            // a person's note (Text); Corrects names an earlier entry it corrects
)

var kinds = []Kind{KindOpened, KindAlertTriggered, KindPaged, KindAcknowledged, KindEscalated, KindHeld,
	KindReleased, KindAlertResolved, KindLinked, KindStatusChanged, KindEdited, KindChangeDeployed, KindNote}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(kinds, k) }

// MaxNote is the longest note, in bytes.
const MaxNote = 10000

// Entry is one line of an incident's timeline. Which fields are used
// depends on Kind (see the kinds); the others are zero.
type Entry struct {
	// Seq is the entry's position in the order of appending, from 1;
	// Append assigns it. It breaks ties between entries with equal At and
	// is what a correction refers to.
	Seq     int64
	At      time.Time
	Kind    Kind
	ActorID int64 // who did it; zero for Rota itself
	UserID  int64 // who was paged
	AlertID int64
	// ServiceID is the service of an alert or change, or the one linked.
	ServiceID int64
	ChangeID  int64
	Channel   string
	Shadow    bool
	From, To  Status
	Field     string
	Text      string
	// Corrects is the Seq of the entry a note corrects; zero for none.
	Corrects int64
}

// validate checks one entry on its own; f prefixes field names.
func (e Entry) validate(f string) error {
	switch {
	case !e.Kind.Valid():
		return rota.Invalid(f+"kind", "unknown timeline entry kind %q", e.Kind)
	case e.At.IsZero():
		return rota.Invalid(f+"at", "a timeline entry needs its instant")
	case e.Corrects != 0 && e.Kind != KindNote:
		return rota.Invalid(f+"corrects", "only a note can correct an entry")
	}
	switch e.Kind {
	case KindNote:
		t := strings.TrimSpace(e.Text)
		if t == "" {
			return rota.Invalid(f+"text", "a note needs text")
		}
		if len(t) > MaxNote {
			return rota.Invalid(f+"text", "a note is at most %d characters", MaxNote)
		}
		if e.ActorID <= 0 {
			return rota.Invalid(f+"actor", "a note is written by an engineer")
		}
	case KindPaged:
		if e.UserID <= 0 || e.AlertID <= 0 || e.Channel == "" {
			return rota.Invalid(f+"user", "a paged entry names the engineer, the alert and the channel")
		}
	case KindAlertTriggered, KindAcknowledged, KindEscalated, KindHeld, KindReleased, KindAlertResolved:
		if e.AlertID <= 0 {
			return rota.Invalid(f+"alert", "a %s entry names its alert", e.Kind)
		}
	case KindLinked:
		if (e.AlertID > 0) == (e.ServiceID > 0) {
			return rota.Invalid(f+"alert", "a linked entry names one alert or one service")
		}
	case KindStatusChanged:
		if !e.From.Valid() || !e.To.Valid() || e.To.rank() <= e.From.rank() {
			return rota.Invalid(f+"status", "a status change goes forward between known statuses, not %q → %q", e.From, e.To)
		}
	case KindOpened:
		if e.To != Triggered {
			return rota.Invalid(f+"status", "an incident opens triggered")
		}
	case KindEdited:
		if e.Field == "" {
			return rota.Invalid(f+"field", "an edited entry names the field")
		}
	case KindChangeDeployed:
		if e.ChangeID <= 0 || e.ServiceID <= 0 {
			return rota.Invalid(f+"change", "a change_deployed entry names the change and its service")
		}
	}
	return nil
}

// Note returns a person's note, written by actor at the instant at. A
// note that corrects an earlier entry names that entry's Seq; Append
// checks that it comes before.
func Note(text string, actor int64, at time.Time, corrects int64) (Entry, error) {
	e := Entry{At: at.UTC(), Kind: KindNote, ActorID: actor, Text: strings.TrimSpace(text), Corrects: corrects}
	if err := e.validate(""); err != nil {
		return Entry{}, err
	}
	return e, nil
}

// Append checks the entries to add to a timeline whose last entry has
// Seq last (zero for an empty timeline) and returns them with their Seq
// assigned: last+1, last+2, …. Seqs are contiguous, so last is all it
// needs to know of the timeline, and a storm appending to a long timeline
// costs the same as the first entry. The timeline is append-only: nothing
// in it changes, and a correction is a new note whose Corrects names an
// entry before it. Fields of errors are add[i].<field>.
func Append(last int64, add ...Entry) ([]Entry, error) {
	if last < 0 {
		return nil, rota.Invalid("seq", "a timeline's last sequence number is not negative")
	}
	out := make([]Entry, 0, len(add))
	for i, e := range add {
		f := fmt.Sprintf("add[%d].", i)
		if e.Seq != 0 {
			return nil, rota.Invalid(f+"seq", "a new entry has no sequence number yet")
		}
		if err := e.validate(f); err != nil {
			return nil, err
		}
		last++
		if e.Corrects < 0 || e.Corrects >= last {
			return nil, rota.Invalid(f+"corrects", "there is no entry %d before this one to correct", e.Corrects)
		}
		e.Seq = last
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, nil
}

// LastSeq returns the highest Seq of a timeline, zero for an empty one.
func LastSeq(timeline []Entry) int64 {
	var last int64
	for _, e := range timeline {
		last = max(last, e.Seq)
	}
	return last
}

// Compare orders entries by time, and entries at the same instant by the
// order they were appended.
func Compare(a, b Entry) int {
	if c := a.At.Compare(b.At); c != 0 {
		return c
	}
	return cmp.Compare(a.Seq, b.Seq)
}

// Ordered returns the timeline in display order (Compare), leaving the
// argument as it is.
func Ordered(timeline []Entry) []Entry {
	out := slices.Clone(timeline)
	slices.SortStableFunc(out, Compare)
	return out
}

// Corrections returns, for each corrected entry's Seq, the Seqs of the
// notes that correct it, in the order they were appended.
func Corrections(timeline []Entry) map[int64][]int64 {
	bySeq := slices.Clone(timeline)
	slices.SortStableFunc(bySeq, func(a, b Entry) int { return cmp.Compare(a.Seq, b.Seq) })
	out := map[int64][]int64{}
	for _, e := range bySeq {
		if e.Corrects != 0 {
			out[e.Corrects] = append(out[e.Corrects], e.Seq)
		}
	}
	return out
}

// AlertEvent is an event from a linked alert's own history, as the paging
// engine records it. Kind uses the paging engine's names ("created",
// "acknowledged", "escalated", "held", "released", "resolved").
type AlertEvent struct {
	AlertID   int64
	ServiceID int64
	At        time.Time
	Kind      string
	ActorID   int64
	Message   string
}

// FromAlertEvent returns the timeline entry for an alert event, and false
// for events that do not belong on an incident's timeline (deduplicated
// repeats, routing, suppression and the outbox's delivery records). Pages
// come from PagedEntry instead, because the engine derives them from its
// page records.
func FromAlertEvent(ev AlertEvent) (Entry, bool) {
	k, ok := map[string]Kind{
		"created":      KindAlertTriggered,
		"acknowledged": KindAcknowledged,
		"escalated":    KindEscalated,
		"held":         KindHeld,
		"released":     KindReleased,
		"resolved":     KindAlertResolved,
	}[ev.Kind]
	if !ok {
		return Entry{}, false
	}
	return Entry{At: ev.At.UTC(), Kind: k, ActorID: ev.ActorID, AlertID: ev.AlertID, ServiceID: ev.ServiceID, Text: ev.Message}, true
}

// PagedEntry returns the timeline entry for one page of a linked alert.
func PagedEntry(p PageRecord) Entry {
	return Entry{At: p.At.UTC(), Kind: KindPaged, UserID: p.UserID, AlertID: p.AlertID, Channel: p.Channel, Shadow: p.Shadow}
}
