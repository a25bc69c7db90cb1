package oncall

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/rotaoncall/rota/scheduler"
)

// FeedDays is how far ahead calendar feeds reach by default.
const FeedDays = 90

// feedGrid aligns the start of a feed's window so that a shift clipped at
// the window start keeps its UID for weeks at a time: calendar clients use
// the UID to tell an updated event from a new one.
const feedGrid = 28 * 24 * time.Hour

// FeedWindow returns the window a feed rendered at now covers: from a grid
// point at least a week back (so recent shifts stay visible) to days ahead.
func FeedWindow(now time.Time, days int) (time.Time, time.Time) {
	from := now.Add(-7 * 24 * time.Hour).Truncate(feedGrid)
	return from, now.Add(time.Duration(days) * 24 * time.Hour)
}

// FeedEvent is one shift in a feed, with what the event text needs.
type FeedEvent struct {
	ScheduleID   string
	ScheduleName string
	Shift        scheduler.Shift
	Engineer     scheduler.Engineer
}

// ScheduleEvents returns the shifts of r in [from, to) as feed events.
func ScheduleEvents(r *Resolved, from, to time.Time) []FeedEvent {
	var out []FeedEvent
	for _, sh := range r.Compiled.Shifts(from, to) {
		eng, _ := r.Compiled.Member(sh.EngineerID)
		out = append(out, FeedEvent{ScheduleID: r.ID, ScheduleName: r.Name, Shift: sh, Engineer: eng})
	}
	return out
}

// EngineerEvents returns one engineer's shifts across schedules.
func EngineerEvents(all []*Resolved, engineerID string, from, to time.Time) []FeedEvent {
	var out []FeedEvent
	for _, r := range all {
		if r.Err != nil {
			continue
		}
		if _, ok := r.Compiled.Member(engineerID); !ok {
			continue
		}
		for _, e := range ScheduleEvents(r, from, to) {
			if e.Shift.EngineerID == engineerID {
				out = append(out, e)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Shift.Start.Before(out[j].Shift.Start) })
	return out
}

// UID is an event's identity: the same shift keeps it across renders.
func UID(e FeedEvent) string {
	sh := e.Shift
	key := strings.Join([]string{e.ScheduleID, string(sh.Tier), sh.EngineerID, sh.Source.Kind, sh.Source.ID,
		strconv.FormatInt(sh.Start.Unix(), 10)}, "|")
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:12]) + "@rota"
}

// ICal renders events as an RFC 5545 calendar with CRLF line endings.
// stamp is the DTSTAMP of every event (the render time).
func ICal(name string, events []FeedEvent, stamp time.Time) string {
	cal := ics.NewCalendarFor("Rota")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(name)
	cal.SetXWRCalName(name)
	cal.SetRefreshInterval("PT1H")
	cal.SetXPublishedTTL("PT1H")
	for _, e := range events {
		sh := e.Shift
		ev := cal.AddEvent(UID(e))
		ev.SetDtStampTime(stamp.UTC())
		ev.SetStartAt(sh.Start.UTC())
		ev.SetEndAt(sh.End.UTC())
		who := e.Engineer.Name
		if who == "" {
			who = sh.EngineerID
		}
		summary := fmt.Sprintf("On call (%s): %s — %s", sh.Tier, who, e.ScheduleName)
		if sh.Tier == scheduler.TierShadow {
			summary = fmt.Sprintf("Shadow shift: %s — %s", who, e.ScheduleName)
		}
		ev.SetSummary(summary)
		desc := fmt.Sprintf("Tier: %s\nEngineer: %s (%s)\nSchedule: %s\n", sh.Tier, who, sh.Discipline, e.ScheduleName)
		if sh.Source.Kind == scheduler.SourceOverride {
			desc += "Source: override\n"
		} else {
			desc += "Source: layer " + sh.Source.Name + "\n"
		}
		ev.SetDescription(desc)
		ev.SetProperty(ics.ComponentPropertyCategories, string(sh.Tier))
		ev.SetProperty(ics.ComponentPropertyTransp, "TRANSPARENT")
	}
	return cal.Serialize(ics.WithNewLineWindows)
}
