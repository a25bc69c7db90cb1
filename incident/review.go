package incident

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/scheduler"
)

// ReviewStatus is where a post-incident review stands.
type ReviewStatus string

// The review statuses, in their only order.
const (
	Draft     ReviewStatus = "draft"
	InReview  ReviewStatus = "in_review"
	Published ReviewStatus = "published"
)

// ActionStatus is where an action item stands.
type ActionStatus string

// The action-item statuses. Open and in progress are still to do.
const (
	ActionOpen       ActionStatus = "open"
	ActionInProgress ActionStatus = "in_progress"
	ActionDone       ActionStatus = "done"
	ActionWontDo     ActionStatus = "wont_do"
)

// Valid reports whether s is a known action-item status.
func (s ActionStatus) Valid() bool {
	return s == ActionOpen || s == ActionInProgress || s == ActionDone || s == ActionWontDo
}

// Pending reports whether the item is still to do.
func (s ActionStatus) Pending() bool { return s == ActionOpen || s == ActionInProgress }

// Limits on a review.
const (
	MaxReviewText   = 20000 // summary, impact
	MaxReviewItems  = 100   // entries of each list, action items
	MaxReviewItem   = 2000  // one contributing factor, one thing that went well or was hard
	MaxActionTitle  = 200
	ReviewReminderN = 5 // business days after resolution before a SEV1 or SEV2 review is overdue
)

// ActionItem is one thing the team will do so that it does not happen
// again. Owner is the owner's email; Due is a date in the team's zone.
type ActionItem struct {
	ID     int64 // zero for an item not stored yet
	Title  string
	Owner  string
	Due    scheduler.Date
	Status ActionStatus
	Link   string // a ticket, optional
}

// Overdue reports whether the item is still to do after its due date.
func (a ActionItem) Overdue(today scheduler.Date) bool {
	return a.Status.Pending() && dateLess(a.Due, today)
}

func dateLess(a, b scheduler.Date) bool {
	if a.Year != b.Year {
		return a.Year < b.Year
	}
	if a.Month != b.Month {
		return a.Month < b.Month
	}
	return a.Day < b.Day
}

// Review is the blameless post-incident review of one incident. It holds
// contributing factors, never a single root cause: incidents in complex
// systems have several, and naming one invites naming a culprit. The
// responder-load section is not part of it: Rota computes it from the page
// records (ResponderLoad), so nobody can edit it.
type Review struct {
	IncidentID          int64
	Status              ReviewStatus
	Summary             string
	Impact              string
	ContributingFactors []string
	WentWell            []string
	WasHard             []string
	ActionItems         []ActionItem
	MeetingDate         *scheduler.Date
	SubmittedAt         *time.Time
	SubmittedBy         int64
	PublishedAt         *time.Time
	PublishedBy         int64
}

// NewReview returns the empty draft review of an incident.
func NewReview(incidentID int64) Review {
	return Review{IncidentID: incidentID, Status: Draft}
}

// ReviewCheck is what validating a review needs from outside: today's
// date in the team's zone (no due date before it on a new item) and
// whether an email is an engineer's (nil accepts any well-formed email).
type ReviewCheck struct {
	Today      scheduler.Date
	KnownOwner func(email string) bool
}

// normalized returns the review with text trimmed, empty list entries
// dropped, owners' emails normalised and missing action statuses open.
func (r Review) normalized() Review {
	n := r
	n.Summary = strings.TrimSpace(r.Summary)
	n.Impact = strings.TrimSpace(r.Impact)
	clean := func(l []string) []string {
		var out []string
		for _, s := range l {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	n.ContributingFactors = clean(r.ContributingFactors)
	n.WentWell = clean(r.WentWell)
	n.WasHard = clean(r.WasHard)
	n.ActionItems = make([]ActionItem, len(r.ActionItems))
	for i, a := range r.ActionItems {
		a.Title = strings.TrimSpace(a.Title)
		a.Owner = rota.NormalizeEmail(a.Owner)
		a.Link = strings.TrimSpace(a.Link)
		if a.Status == "" {
			a.Status = ActionOpen
		}
		n.ActionItems[i] = a
	}
	if r.ActionItems == nil {
		n.ActionItems = nil
	}
	if r.MeetingDate != nil {
		d := *r.MeetingDate
		n.MeetingDate = &d
	}
	return n
}

// UpdateReview replaces the editable content of old with that of edit and
// returns the result, normalised; workflow fields (status, submission,
// publication) are kept from old. A draft or in-review review takes any
// valid content. A published review is read-only except the status of its
// action items: any other difference is a conflict (rota.EConflict) naming
// the field. A new action item (ID zero or unknown to old) may not be due
// before check.Today, and its owner must be known; so must an owner or due
// date that changes.
func UpdateReview(old, edit Review, check ReviewCheck) (Review, error) {
	o, e := old.normalized(), edit.normalized()
	next := o
	next.Summary, next.Impact = e.Summary, e.Impact
	next.ContributingFactors, next.WentWell, next.WasHard = e.ContributingFactors, e.WentWell, e.WasHard
	next.ActionItems, next.MeetingDate = e.ActionItems, e.MeetingDate
	if o.Status == Published {
		if err := publishedDiff(o, next); err != nil {
			return old, err
		}
		for i, a := range next.ActionItems {
			if !a.Status.Valid() {
				return old, rota.Invalid(fmt.Sprintf("action_items[%d].status", i), "status must be open, in_progress, done or wont_do, not %q", a.Status)
			}
		}
		return next, nil
	}
	if err := next.validate(o, check); err != nil {
		return old, err
	}
	return next, nil
}

func publishedDiff(o, n Review) error {
	conflict := func(field string) error {
		return &rota.Error{Code: rota.EConflict, Field: field,
			Message: "the review is published: only the status of its action items can change"}
	}
	switch {
	case n.Summary != o.Summary:
		return conflict("summary")
	case n.Impact != o.Impact:
		return conflict("impact")
	case !slices.Equal(n.ContributingFactors, o.ContributingFactors):
		return conflict("contributing_factors")
	case !slices.Equal(n.WentWell, o.WentWell):
		return conflict("went_well")
	case !slices.Equal(n.WasHard, o.WasHard):
		return conflict("was_hard")
	case (n.MeetingDate == nil) != (o.MeetingDate == nil) || (n.MeetingDate != nil && *n.MeetingDate != *o.MeetingDate):
		return conflict("meeting_date")
	case len(n.ActionItems) != len(o.ActionItems):
		return conflict("action_items")
	}
	for i, a := range n.ActionItems {
		b := o.ActionItems[i]
		b.Status = a.Status
		if a != b {
			return conflict(fmt.Sprintf("action_items[%d]", i))
		}
	}
	return nil
}

// validate checks the content; old tells which action items are new.
func (r Review) validate(old Review, check ReviewCheck) error {
	if r.IncidentID <= 0 {
		return rota.Invalid("incident", "a review belongs to a stored incident")
	}
	for _, t := range []struct{ field, text string }{{"summary", r.Summary}, {"impact", r.Impact}} {
		if utf8.RuneCountInString(t.text) > MaxReviewText {
			return rota.Invalid(t.field, "%s is longer than %d characters", t.field, MaxReviewText)
		}
	}
	for _, l := range []struct {
		field string
		items []string
	}{{"contributing_factors", r.ContributingFactors}, {"went_well", r.WentWell}, {"was_hard", r.WasHard}} {
		if len(l.items) > MaxReviewItems {
			return rota.Invalid(l.field, "at most %d entries", MaxReviewItems)
		}
		for i, s := range l.items {
			if utf8.RuneCountInString(s) > MaxReviewItem {
				return rota.Invalid(fmt.Sprintf("%s[%d]", l.field, i), "an entry is at most %d characters", MaxReviewItem)
			}
		}
	}
	if r.MeetingDate != nil && !r.MeetingDate.Valid() {
		return rota.Invalid("meeting_date", "meeting_date is not a date")
	}
	if len(r.ActionItems) > MaxReviewItems {
		return rota.Invalid("action_items", "at most %d action items", MaxReviewItems)
	}
	prior := map[int64]ActionItem{}
	for _, a := range old.ActionItems {
		if a.ID > 0 {
			prior[a.ID] = a
		}
	}
	ids := map[int64]bool{}
	for i, a := range r.ActionItems {
		f := fmt.Sprintf("action_items[%d].", i)
		before, existed := prior[a.ID]
		if a.ID > 0 {
			if ids[a.ID] {
				return rota.Invalid(f+"id", "action item %d is listed twice", a.ID)
			}
			ids[a.ID] = true
		}
		switch {
		case a.Title == "":
			return rota.Invalid(f+"title", "an action item needs a title")
		case utf8.RuneCountInString(a.Title) > MaxActionTitle:
			return rota.Invalid(f+"title", "an action item's title is at most %d characters", MaxActionTitle)
		case a.Owner == "":
			return rota.Invalid(f+"owner", "an action item needs an owner")
		case !validEmail(a.Owner):
			return rota.Invalid(f+"owner", "%q is not an email address", a.Owner)
		case (!existed || before.Owner != a.Owner) && check.KnownOwner != nil && !check.KnownOwner(a.Owner):
			return rota.Invalid(f+"owner", "no engineer has the email %s", a.Owner)
		case !a.Due.Valid():
			return rota.Invalid(f+"due", "an action item needs a due date")
		case (!existed || before.Due != a.Due) && check.Today.Valid() && dateLess(a.Due, check.Today):
			return rota.Invalid(f+"due", "the due date %s is before today (%s)", a.Due, check.Today)
		case !a.Status.Valid():
			return rota.Invalid(f+"status", "status must be open, in_progress, done or wont_do, not %q", a.Status)
		case a.Link != "" && !webURL(a.Link):
			return rota.Invalid(f+"link", "link must be an http or https URL")
		}
	}
	return nil
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// complete checks what a review needs before others read it.
func (r Review) complete() error {
	switch {
	case r.Summary == "":
		return rota.Invalid("summary", "a review needs a summary before it is submitted")
	case r.Impact == "":
		return rota.Invalid("impact", "a review needs the customer impact before it is submitted")
	case len(r.ContributingFactors) == 0:
		return rota.Invalid("contributing_factors", "a review needs at least one contributing factor before it is submitted")
	}
	return nil
}

// SubmitReview moves a draft to in review, done by actor at the instant
// at. The review must be complete: summary, impact and at least one
// contributing factor. A review that is not a draft is a conflict.
func SubmitReview(r Review, actor int64, at time.Time) (Review, error) {
	if r.Status != Draft {
		return r, &rota.Error{Code: rota.EConflict, Field: "status", Message: fmt.Sprintf("the review is %s, not a draft", r.Status)}
	}
	n := r.normalized()
	if err := n.complete(); err != nil {
		return r, err
	}
	t := at.UTC()
	n.Status, n.SubmittedAt, n.SubmittedBy = InReview, &t, actor
	return n, nil
}

// PublishReview moves an in-review review to published, done by actor at
// the instant at; from then on it is read-only but for action-item
// status. A review that is not in review is a conflict: a draft is
// submitted first.
func PublishReview(r Review, actor int64, at time.Time) (Review, error) {
	if r.Status != InReview {
		return r, &rota.Error{Code: rota.EConflict, Field: "status", Message: fmt.Sprintf("the review is %s; only a review in review can be published", r.Status)}
	}
	n := r.normalized()
	if err := n.complete(); err != nil {
		return r, err
	}
	t := at.UTC()
	n.Status, n.PublishedAt, n.PublishedBy = Published, &t, actor
	return n, nil
}

// ReviewDue returns the instant after which a SEV1 or SEV2 incident
// without a published review is overdue: the end of the
// ReviewReminderN-th business day after the local day it was resolved, in
// the team's zone. Business days are Monday to Friday, except holidays.
// It returns false for other severities and unresolved incidents.
func ReviewDue(inc Incident, zone string, holidays []scheduler.Date) (time.Time, bool, error) {
	if (inc.Severity != SEV1 && inc.Severity != SEV2) || inc.ResolvedAt == nil {
		return time.Time{}, false, nil
	}
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" || strings.EqualFold(zone, "local") {
		return time.Time{}, false, rota.Invalid("time_zone", "unknown time zone %q", zone)
	}
	l := inc.ResolvedAt.In(loc)
	d := scheduler.Date{Year: l.Year(), Month: l.Month(), Day: l.Day()}
	for n := 0; n < ReviewReminderN; {
		d = d.AddDays(1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday && !slices.Contains(holidays, d) {
			n++
		}
	}
	end, err := scheduler.LocalInstant(zone, scheduler.LocalDateTime{Date: d.AddDays(1)})
	if err != nil {
		return time.Time{}, false, err
	}
	return end.UTC(), true, nil
}

// ReviewOverdue reports whether the incident needs the review reminder at
// the instant at: it is a SEV1 or SEV2, resolved, its review (status
// review; "" when none exists) is not published, and at is at or after
// ReviewDue.
func ReviewOverdue(inc Incident, review ReviewStatus, zone string, holidays []scheduler.Date, at time.Time) (bool, error) {
	if review == Published {
		return false, nil
	}
	due, ok, err := ReviewDue(inc, zone, holidays)
	if err != nil || !ok {
		return false, err
	}
	return !at.Before(due), nil
}
