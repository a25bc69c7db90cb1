package incident

import (
	"fmt"
	"strings"
	"time"
)

// Export is what the Markdown export of a review shows.
type Export struct {
	Incident   Incident
	Review     Review
	Timeline   []Entry
	Responders []Responder // from ResponderLoad
	// Location is the team's zone, in which instants are written; nil
	// writes UTC.
	Location *time.Location
	// UserName and ServiceName give names for IDs; nil (or an empty name)
	// writes "engineer 12" and "service 3".
	UserName    func(id int64) string
	ServiceName func(id int64) string
}

// Markdown writes the review as a Markdown document: the incident's
// facts, summary, customer impact, timeline, responder load,
// contributing factors, what went well and what was hard, and action
// items. The output depends only on its input.
func Markdown(x Export) string {
	loc := x.Location
	if loc == nil {
		loc = time.UTC
	}
	user := func(id int64) string {
		if x.UserName != nil {
			if n := x.UserName(id); n != "" {
				return n
			}
		}
		return fmt.Sprintf("engineer %d", id)
	}
	service := func(id int64) string {
		if x.ServiceName != nil {
			if n := x.ServiceName(id); n != "" {
				return n
			}
		}
		return fmt.Sprintf("service %d", id)
	}
	when := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04:05 MST") }
	inc, r := x.Incident, x.Review.normalized()
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	p("# %s\n\n", oneLine(inc.Title))
	p("- **Severity:** %s\n", inc.Severity)
	p("- **Status:** %s\n", inc.Status)
	if inc.CommanderID > 0 {
		p("- **Commander:** %s\n", oneLine(user(inc.CommanderID)))
	}
	if len(inc.Responders) > 0 {
		names := make([]string, len(inc.Responders))
		for i, id := range inc.Responders {
			names[i] = oneLine(user(id))
		}
		p("- **Responders:** %s\n", strings.Join(names, ", "))
	}
	if len(inc.Services) > 0 {
		names := make([]string, len(inc.Services))
		for i, id := range inc.Services {
			names[i] = oneLine(service(id))
		}
		p("- **Services:** %s\n", strings.Join(names, ", "))
	}
	p("- **Started:** %s\n", when(inc.StartedAt))
	p("- **Detected:** %s\n", when(inc.DetectedAt))
	if inc.AcknowledgedAt != nil {
		p("- **Acknowledged:** %s (%s after detection)\n", when(*inc.AcknowledgedAt), span(inc.AcknowledgedAt.Sub(inc.DetectedAt)))
	}
	if inc.MitigatedAt != nil {
		p("- **Mitigated:** %s (%s after detection)\n", when(*inc.MitigatedAt), span(inc.MitigatedAt.Sub(inc.DetectedAt)))
	}
	if inc.ResolvedAt != nil {
		p("- **Resolved:** %s (%s after detection)\n", when(*inc.ResolvedAt), span(inc.ResolvedAt.Sub(inc.DetectedAt)))
	}
	if r.Status == Published && r.PublishedAt != nil {
		p("- **Review:** published %s\n", when(*r.PublishedAt))
	} else {
		p("- **Review:** %s\n", strings.ReplaceAll(string(r.Status), "_", " "))
	}
	if r.MeetingDate != nil {
		p("- **Review meeting:** %s\n", r.MeetingDate)
	}

	section := func(title, text string) {
		p("\n## %s\n\n", title)
		if text == "" {
			p("_Not written yet._\n")
			return
		}
		p("%s\n", text)
	}
	list := func(title string, items []string) {
		p("\n## %s\n\n", title)
		if len(items) == 0 {
			p("_None recorded._\n")
			return
		}
		for _, it := range items {
			p("- %s\n", indent(it))
		}
	}
	section("Summary", r.Summary)
	section("Customer impact", r.Impact)

	p("\n## Timeline\n\n")
	ordered := Ordered(x.Timeline)
	bySeq := map[int64]Entry{}
	for _, e := range x.Timeline {
		bySeq[e.Seq] = e
	}
	if len(ordered) == 0 {
		p("_No entries._\n")
	}
	for _, e := range ordered {
		text := describe(e, user, service, when)
		if e.Kind == KindNote && e.Corrects != 0 {
			if c, ok := bySeq[e.Corrects]; ok {
				text = fmt.Sprintf("Correction by %s to “%s” (%s): %s", user(e.ActorID), oneLine(describe(c, user, service, when)), when(c.At), e.Text)
			}
		}
		p("- %s — %s\n", when(e.At), indent(text))
	}

	p("\n## Responder load\n\n")
	if len(x.Responders) == 0 {
		p("_Nobody was paged._\n")
	} else {
		p("Computed by Rota from the page records. Interruptions coalesce pages to one engineer for one alert, and pages at most 60 seconds apart; shadow pages are learning, not load.\n\n")
		p("| Engineer | Pages | Interruptions | Business hours | Off-hours | Sleep hours | Shadow pages | Engaged |\n")
		p("|---|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, rs := range x.Responders {
			n := rs.Interruptions
			engaged := "—"
			if rs.Engaged > 0 {
				engaged = span(rs.Engaged)
			}
			p("| %s | %d | %d | %d | %d | %d | %d | %s |\n", cell(user(rs.UserID)), rs.Pages, n.Total, n.Business, n.OffHours, n.Sleep, rs.ShadowPages, engaged)
		}
	}

	list("Contributing factors", r.ContributingFactors)
	list("What went well", r.WentWell)
	list("What was hard", r.WasHard)

	p("\n## Action items\n\n")
	if len(r.ActionItems) == 0 {
		p("_None recorded._\n")
	} else {
		p("| Action | Owner | Due | Status | Link |\n")
		p("|---|---|---|---|---|\n")
		for _, a := range r.ActionItems {
			link := ""
			if a.Link != "" {
				link = "<" + cell(a.Link) + ">"
			}
			p("| %s | %s | %s | %s | %s |\n", cell(a.Title), cell(a.Owner), a.Due, strings.ReplaceAll(string(a.Status), "_", " "), link)
		}
	}
	return b.String()
}

// describe says what an entry records, in a sentence without its time.
func describe(e Entry, user, service func(int64) string, when func(time.Time) string) string {
	by := func() string {
		if e.ActorID > 0 {
			return " by " + user(e.ActorID)
		}
		return ""
	}
	alert := fmt.Sprintf("alert %d", e.AlertID)
	with := func(s, text string) string {
		if text != "" {
			return s + ": " + text
		}
		return s
	}
	switch e.Kind {
	case KindOpened:
		if e.ActorID > 0 {
			return "Incident opened by " + user(e.ActorID)
		}
		return "Incident opened automatically by an alert"
	case KindAlertTriggered:
		s := "Alert " + fmt.Sprint(e.AlertID) + " triggered"
		if e.ServiceID > 0 {
			s += " on " + service(e.ServiceID)
		}
		return with(s, e.Text)
	case KindPaged:
		s := fmt.Sprintf("%s paged by %s for %s", user(e.UserID), e.Channel, alert)
		if e.Shadow {
			s += " (shadow copy)"
		}
		return s
	case KindAcknowledged:
		if e.ActorID > 0 {
			return fmt.Sprintf("%s acknowledged %s", user(e.ActorID), alert)
		}
		return "Alert " + fmt.Sprint(e.AlertID) + " acknowledged"
	case KindEscalated:
		return with("Alert "+fmt.Sprint(e.AlertID)+" escalated", e.Text)
	case KindHeld:
		return with("Alert "+fmt.Sprint(e.AlertID)+" held for business hours", e.Text)
	case KindReleased:
		return "Alert " + fmt.Sprint(e.AlertID) + " released"
	case KindAlertResolved:
		return "Alert " + fmt.Sprint(e.AlertID) + " resolved" + by()
	case KindLinked:
		if e.ServiceID > 0 {
			return "Service " + service(e.ServiceID) + " linked" + by()
		}
		return "Alert " + fmt.Sprint(e.AlertID) + " linked" + by()
	case KindStatusChanged:
		return fmt.Sprintf("Status %s → %s%s", e.From, e.To, by())
	case KindEdited:
		switch e.Field {
		case "commander":
			if e.UserID > 0 {
				return "Commander set to " + user(e.UserID) + by()
			}
			return "Commander removed" + by()
		case "started_at":
			// The text holds RFC 3339 instants; show them in the zone.
			if a, b, ok := strings.Cut(e.Text, " → "); ok {
				ta, err1 := time.Parse(time.RFC3339, a)
				tb, err2 := time.Parse(time.RFC3339, b)
				if err1 == nil && err2 == nil {
					return fmt.Sprintf("Start moved%s from %s to %s", by(), when(ta), when(tb))
				}
			}
		}
		f := strings.ReplaceAll(e.Field, "_", " ")
		if f != "" {
			f = strings.ToUpper(f[:1]) + f[1:]
		}
		return with(f+" changed"+by(), e.Text)
	case KindChangeDeployed:
		return with("Change deployed to "+service(e.ServiceID), e.Text)
	case KindNote:
		return "Note by " + user(e.ActorID) + ": " + e.Text
	}
	return string(e.Kind)
}

// span writes a duration as hours and minutes ("1h 05m", "12m", "40s").
func span(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	}
	return fmt.Sprintf("%dh %02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

// oneLine keeps text on one line (headings, list values).
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// cell makes text safe inside a table cell.
func cell(s string) string {
	return strings.ReplaceAll(oneLine(s), "|", `\|`)
}

// indent keeps a multi-line list item inside its item.
func indent(s string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n  ")
}
