package incident

import (
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/scheduler"
)

var today = scheduler.Date{Year: 2026, Month: time.March, Day: 4}

func known(email string) bool { return email == "dan@example.com" || email == "olga@example.com" }

var check = ReviewCheck{Today: today, KnownOwner: known}

func fullReview() Review {
	r := NewReview(1)
	r.Summary = "Checkout returned errors for 40 minutes after a config change."
	r.Impact = "About 12% of checkouts failed between 14:00 and 14:40 CET."
	r.ContributingFactors = []string{"The config change skipped the canary stage.", "  ", "The error-rate alert waited 10 minutes."}
	r.WentWell = []string{"The rollback took 3 minutes."}
	r.WasHard = []string{"Two dashboards disagreed."}
	r.ActionItems = []ActionItem{
		{Title: "Run config changes through the canary", Owner: " Dan@Example.com ", Due: scheduler.Date{Year: 2026, Month: time.March, Day: 20}, Link: "https://tracker.example.com/OPS-1"},
		{Title: "Shorten the alert's wait to 2 minutes", Owner: "olga@example.com", Due: today, Status: ActionInProgress},
	}
	return r
}

func TestReviewWorkflow(t *testing.T) {
	at := ts(t, "2026-03-04T09:00:00Z")
	draft, err := UpdateReview(NewReview(1), fullReview(), check)
	if err != nil {
		t.Fatal(err)
	}
	if draft.Status != Draft || len(draft.ContributingFactors) != 2 || draft.ActionItems[0].Owner != "dan@example.com" || draft.ActionItems[0].Status != ActionOpen {
		t.Fatalf("normalised draft %+v", draft)
	}
	draft.ActionItems[0].ID, draft.ActionItems[1].ID = 1, 2 // as storage assigns them
	if _, err := PublishReview(draft, 2, at); !rota.IsCode(err, rota.EConflict) {
		t.Fatalf("publishing a draft: %v", err)
	}
	sub, err := SubmitReview(draft, 2, at)
	if err != nil || sub.Status != InReview || !sub.SubmittedAt.Equal(at) || sub.SubmittedBy != 2 {
		t.Fatalf("%+v %v", sub, err)
	}
	if _, err := SubmitReview(sub, 2, at); !rota.IsCode(err, rota.EConflict) {
		t.Fatalf("submitting twice: %v", err)
	}
	// In review stays editable.
	edit := sub
	edit.Summary = "Checkout failed for 40 minutes."
	sub, err = UpdateReview(sub, edit, check)
	if err != nil || sub.Summary != "Checkout failed for 40 minutes." || sub.Status != InReview {
		t.Fatalf("%+v %v", sub, err)
	}
	// An update cannot move the workflow.
	edit.Status = Published
	if got, _ := UpdateReview(sub, edit, check); got.Status != InReview {
		t.Fatalf("an update published the review")
	}
	pub, err := PublishReview(sub, 3, at.Add(time.Hour))
	if err != nil || pub.Status != Published || !pub.PublishedAt.Equal(at.Add(time.Hour)) || pub.PublishedBy != 3 {
		t.Fatalf("%+v %v", pub, err)
	}
	if _, err := PublishReview(pub, 3, at); !rota.IsCode(err, rota.EConflict) {
		t.Fatalf("publishing twice: %v", err)
	}

	// Published: action-item status only, even on a later day (due dates
	// of existing items may be in the past by then).
	later := ReviewCheck{Today: scheduler.Date{Year: 2026, Month: time.April, Day: 1}, KnownOwner: func(string) bool { return false }}
	edit = pub
	edit.ActionItems = append([]ActionItem(nil), pub.ActionItems...)
	edit.ActionItems[1].Status = ActionDone
	got, err := UpdateReview(pub, edit, later)
	if err != nil || got.ActionItems[1].Status != ActionDone || got.Status != Published {
		t.Fatalf("status of a published review's item: %+v %v", got.ActionItems, err)
	}
	edit.ActionItems[1].Status = "blocked"
	_, err = UpdateReview(pub, edit, later)
	wantField(t, err, rota.EInvalid, "action_items[1].status")
	for _, tc := range []struct {
		name   string
		change func(*Review)
		field  string
	}{
		{"summary", func(r *Review) { r.Summary = "new" }, "summary"},
		{"impact", func(r *Review) { r.Impact = "" }, "impact"},
		{"a factor", func(r *Review) { r.ContributingFactors = append(r.ContributingFactors, "more") }, "contributing_factors"},
		{"went well", func(r *Review) { r.WentWell = nil }, "went_well"},
		{"was hard", func(r *Review) { r.WasHard = []string{"x"} }, "was_hard"},
		{"meeting date", func(r *Review) { r.MeetingDate = &today }, "meeting_date"},
		{"a new item", func(r *Review) {
			r.ActionItems = append(r.ActionItems, ActionItem{Title: "x", Owner: "dan@example.com", Due: today})
		}, "action_items"},
		{"an item's title", func(r *Review) { r.ActionItems[0].Title = "other" }, "action_items[0]"},
		{"an item's owner", func(r *Review) { r.ActionItems[1].Owner = "dan@example.com" }, "action_items[1]"},
	} {
		t.Run("published "+tc.name, func(t *testing.T) {
			e := pub
			e.ActionItems = append([]ActionItem(nil), pub.ActionItems...)
			e.ContributingFactors = append([]string(nil), pub.ContributingFactors...)
			tc.change(&e)
			got, err := UpdateReview(pub, e, check)
			wantField(t, err, rota.EConflict, tc.field)
			if got.Summary != pub.Summary || len(got.ActionItems) != len(pub.ActionItems) {
				t.Fatal("a refused update changed the review")
			}
		})
	}
}

func TestSubmitNeedsContent(t *testing.T) {
	at := ts(t, "2026-03-04T09:00:00Z")
	for _, tc := range []struct {
		field  string
		change func(*Review)
	}{
		{"summary", func(r *Review) { r.Summary = " " }},
		{"impact", func(r *Review) { r.Impact = "" }},
		{"contributing_factors", func(r *Review) { r.ContributingFactors = []string{" "} }},
	} {
		t.Run(tc.field, func(t *testing.T) {
			r := fullReview()
			tc.change(&r)
			_, err := SubmitReview(r, 1, at)
			wantField(t, err, rota.EInvalid, tc.field)
		})
	}
}

func TestReviewValidation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*Review)
		field  string
	}{
		{"long summary", func(r *Review) { r.Summary = strings.Repeat("x", MaxReviewText+1) }, "summary"},
		{"long factor", func(r *Review) { r.ContributingFactors[1] = strings.Repeat("x", MaxReviewItem+1) }, "contributing_factors[1]"},
		{"too many went well", func(r *Review) { r.WentWell = make([]string, MaxReviewItems+1); r.WentWell[0] = "x"; fill(r.WentWell) }, "went_well"},
		{"bad meeting date", func(r *Review) { r.MeetingDate = &scheduler.Date{Year: 2026, Month: time.February, Day: 30} }, "meeting_date"},
		{"untitled item", func(r *Review) { r.ActionItems[1].Title = " " }, "action_items[1].title"},
		{"long item title", func(r *Review) { r.ActionItems[0].Title = strings.Repeat("x", MaxActionTitle+1) }, "action_items[0].title"},
		{"no owner", func(r *Review) { r.ActionItems[0].Owner = "" }, "action_items[0].owner"},
		{"owner not an email", func(r *Review) { r.ActionItems[0].Owner = "Dan" }, "action_items[0].owner"},
		{"unknown owner", func(r *Review) { r.ActionItems[1].Owner = "eve@example.com" }, "action_items[1].owner"},
		{"no due date", func(r *Review) { r.ActionItems[0].Due = scheduler.Date{} }, "action_items[0].due"},
		{"due yesterday", func(r *Review) { r.ActionItems[0].Due = today.AddDays(-1) }, "action_items[0].due"},
		{"unknown status", func(r *Review) { r.ActionItems[0].Status = "blocked" }, "action_items[0].status"},
		{"link not a URL", func(r *Review) { r.ActionItems[0].Link = "OPS-1" }, "action_items[0].link"},
		{"same item twice", func(r *Review) { r.ActionItems[0].ID, r.ActionItems[1].ID = 5, 5 }, "action_items[1].id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := fullReview()
			tc.change(&r)
			_, err := UpdateReview(NewReview(1), r, check)
			wantField(t, err, rota.EInvalid, tc.field)
		})
	}
	_, err := UpdateReview(Review{Status: Draft}, fullReview(), check)
	wantField(t, err, rota.EInvalid, "incident")
	// A stored item keeps its owner and due date when they no longer
	// pass the checks for new ones (the owner left, the date passed);
	// changing either checks again.
	old := fullReview()
	old.ActionItems[0].ID, old.ActionItems[1].ID = 1, 2
	old.ActionItems[0].Owner = "gone@example.com"
	old.ActionItems[1].Due = today.AddDays(-10)
	old = old.normalized()
	edit := old
	edit.Summary = "edited"
	if _, err := UpdateReview(old, edit, check); err != nil {
		t.Fatalf("an unchanged stored item is refused: %v", err)
	}
	edit.ActionItems = append([]ActionItem(nil), old.ActionItems...)
	edit.ActionItems[1].Due = today.AddDays(-9)
	_, err = UpdateReview(old, edit, check)
	wantField(t, err, rota.EInvalid, "action_items[1].due")
	// Without a KnownOwner any well-formed email is accepted.
	r := fullReview()
	r.ActionItems[0].Owner = "anyone@example.com"
	if _, err := UpdateReview(NewReview(1), r, ReviewCheck{Today: today}); err != nil {
		t.Fatal(err)
	}
}

func fill(l []string) {
	for i := range l {
		l[i] = "x"
	}
}

func TestActionItemOverdue(t *testing.T) {
	a := ActionItem{Due: today, Status: ActionOpen}
	if a.Overdue(today) || !a.Overdue(today.AddDays(1)) {
		t.Fatal("an item is overdue the day after its due date, not on it")
	}
	a.Status = ActionDone
	if a.Overdue(today.AddDays(30)) {
		t.Fatal("a done item is never overdue")
	}
}

func TestReviewDue(t *testing.T) {
	berlin := "Europe/Berlin"
	for _, tc := range []struct {
		name     string
		sev      Severity
		resolved string
		holidays []scheduler.Date
		due      string // "" for no reminder
	}{
		// Resolved Monday: Tue Wed Thu Fri Mon are the five business days.
		{"monday", SEV1, "2026-03-02T10:00:00+01:00", nil, "2026-03-10T00:00:00+01:00"},
		// Resolved late on Friday local time, still Friday: Mon–Fri next week.
		{"friday night", SEV2, "2026-03-06T23:30:00+01:00", nil, "2026-03-14T00:00:00+01:00"},
		// 23:30 UTC on Friday is Saturday in Berlin.
		{"saturday in the team's zone", SEV2, "2026-03-06T23:30:00Z", nil, "2026-03-14T00:00:00+01:00"},
		{"a holiday adds a day", SEV1, "2026-03-02T10:00:00+01:00", []scheduler.Date{{Year: 2026, Month: time.March, Day: 4}}, "2026-03-11T00:00:00+01:00"},
		// Across the spring change (29 March): midnight in summer time.
		{"across DST", SEV1, "2026-03-25T10:00:00+01:00", nil, "2026-04-02T00:00:00+02:00"},
		{"SEV3 has none", SEV3, "2026-03-02T10:00:00+01:00", nil, ""},
		{"unresolved has none", SEV1, "", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inc := Incident{Severity: tc.sev, Status: Triggered}
			if tc.resolved != "" {
				inc.Status, inc.ResolvedAt = Resolved, ptr(ts(t, tc.resolved))
			}
			due, ok, err := ReviewDue(inc, berlin, tc.holidays)
			if err != nil {
				t.Fatal(err)
			}
			if tc.due == "" {
				if ok {
					t.Fatalf("reminder due %v", due)
				}
				return
			}
			if !ok || !due.Equal(ts(t, tc.due)) {
				t.Fatalf("due %v %v, want %s", due, ok, tc.due)
			}
			for _, c := range []struct {
				review ReviewStatus
				at     time.Time
				want   bool
			}{
				{"", due.Add(-time.Second), false},
				{"", due, true},
				{Draft, due.Add(time.Hour), true},
				{InReview, due.Add(time.Hour), true},
				{Published, due.Add(time.Hour), false},
			} {
				if got, err := ReviewOverdue(inc, c.review, berlin, tc.holidays, c.at); err != nil || got != c.want {
					t.Errorf("review %q at %v: overdue %v, want %v (%v)", c.review, c.at, got, c.want, err)
				}
			}
		})
	}
	_, _, err := ReviewDue(Incident{Severity: SEV1, ResolvedAt: ptr(ts(t, "2026-03-02T10:00:00Z"))}, "Mars/Olympus", nil)
	wantField(t, err, rota.EInvalid, "time_zone")
}
