package pagerduty

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	pd "github.com/PagerDuty/go-pagerduty"

	"github.com/rotaoncall/rota"
)

// The channels of page records, named as the load report names them.
// Email pages are kept but do not interrupt.
const (
	ChannelSMS       = "sms"
	ChannelVoice     = "voice"
	ChannelPush      = "push"
	ChannelPagerDuty = "pagerduty"
	ChannelEmail     = "email"
)

// PageRecord is one notification PagerDuty sent, as the load report
// counts it: when, to whom (by email), for which alert, over which
// channel. Alert is "pagerduty:" and the incident id, so that the pages
// of one incident interrupt once.
type PageRecord struct {
	At      time.Time
	Email   string
	Alert   string
	Channel string
}

// LoadSnapshot is what a load import reads: the incidents created in
// [Since, Until) and their log entries.
type LoadSnapshot struct {
	Since, Until time.Time
	Users        []pd.User
	Incidents    []pd.Incident
	LogEntries   map[string][]pd.LogEntry // by incident id
}

// FetchLoad reads the incidents created in [since, until) with their log
// entries; progress may be nil.
func (c *Client) FetchLoad(ctx context.Context, since, until time.Time, progress func(Progress)) (*LoadSnapshot, error) {
	if progress == nil {
		progress = func(Progress) {}
	}
	s := &LoadSnapshot{Since: since, Until: until, LogEntries: map[string][]pd.LogEntry{}}
	var err error
	progress(Progress{Step: "users"})
	if s.Users, err = c.Users(ctx); err != nil {
		return nil, err
	}
	progress(Progress{Step: "incidents"})
	if s.Incidents, err = c.Incidents(ctx, since, until); err != nil {
		return nil, err
	}
	for i, in := range s.Incidents {
		progress(Progress{Step: "log entries", Done: i, Total: len(s.Incidents)})
		if s.LogEntries[in.ID], err = c.IncidentLogEntries(ctx, in.ID); err != nil {
			return nil, err
		}
	}
	progress(Progress{Step: "done", Done: 1, Total: 1})
	return s, nil
}

// channels maps PagerDuty's notification types to page channels.
var channels = map[string]string{
	"sms": ChannelSMS, "phone": ChannelVoice, "voice": ChannelVoice, "call": ChannelVoice,
	"push": ChannelPush, "push_notification": ChannelPush, "email": ChannelEmail,
}

// PageRecords turns the notify_log_entry entries of a load snapshot into
// page records, in time order. Notifications that failed, went to a user
// without an email or a deleted one, or over a channel Rota does not know
// are left out and counted in the report, one line per user and reason.
func PageRecords(s *LoadSnapshot) ([]PageRecord, *Report) {
	rep := &Report{}
	emails := map[string]string{}
	for _, u := range s.Users {
		if e := rota.NormalizeEmail(u.Email); e != "" {
			emails[u.ID] = e
		}
	}
	type skip struct{ user, name, reason string }
	skipped := map[skip]int{}
	var order []skip
	count := func(k skip) {
		if skipped[k] == 0 {
			order = append(order, k)
		}
		skipped[k]++
	}
	var out []PageRecord
	for _, in := range s.Incidents {
		for _, e := range s.LogEntries[in.ID] {
			if e.Type != "notify_log_entry" {
				continue
			}
			at, err := time.Parse(time.RFC3339, e.CreatedAt)
			if err != nil || at.Before(s.Since) || !at.Before(s.Until) {
				continue
			}
			var typ, status string
			if n, ok := e.Channel.Raw["notification"].(map[string]any); ok {
				typ, _ = n["type"].(string)
				status, _ = n["status"].(string)
			}
			k := skip{user: e.User.ID, name: e.User.Summary}
			email, known := emails[e.User.ID]
			ch, okChannel := channels[strings.ToLower(typ)]
			switch {
			case strings.EqualFold(status, "failed"):
				k.reason = "the notification failed"
			case !known:
				k.reason = "the user has no email or is not among PagerDuty's users"
			case !okChannel:
				k.reason = fmt.Sprintf("channel %q is not one Rota counts", typ)
			default:
				out = append(out, PageRecord{At: at.UTC(), Email: email, Alert: "pagerduty:" + in.ID, Channel: ch})
				continue
			}
			count(k)
		}
	}
	for _, k := range order {
		rep.add(Skipped, "notifications", k.user, k.name, "%d left out: %s", skipped[k], k.reason)
	}
	slices.SortStableFunc(out, func(a, b PageRecord) int { return a.At.Compare(b.At) })
	return out, rep
}

// WritePageCSV writes records in the history file format `rota load
// import -f` reads: a header at,email,alert,channel, times in RFC 3339 UTC.
func WritePageCSV(w io.Writer, recs []PageRecord) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"at", "email", "alert", "channel"})
	for _, r := range recs {
		_ = cw.Write([]string{r.At.UTC().Format(time.RFC3339), r.Email, r.Alert, r.Channel})
	}
	cw.Flush()
	return cw.Error()
}
