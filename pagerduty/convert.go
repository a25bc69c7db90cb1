package pagerduty

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	pd "github.com/PagerDuty/go-pagerduty"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
)

// DefaultTeamName is the team that receives the schedules, policies and
// services PagerDuty puts in no team.
const DefaultTeamName = "pagerduty"

// Options tune Convert.
type Options struct {
	// At is the instant the import is made for; the snapshot's when zero.
	At time.Time
	// DefaultTeam names the team for things in no PagerDuty team;
	// DefaultTeamName when empty.
	DefaultTeam string
}

// Limits of Rota's model that PagerDuty's can exceed.
const (
	maxName       = 100 // schedule, policy, service, integration names
	maxUserName   = 200
	maxTeamName   = 63
	minTurn       = 3600
	maxTurn       = scheduler.MaxShiftDays * 86400
	maxStepsAfter = paging.MaxAfter
)

// Convert turns a snapshot into Rota's terms. It is pure: it never fails,
// but reports in the Report everything it left out or changed and why; a
// thing it leaves out is left out whole (a schedule it cannot reproduce
// exactly is not imported half), and what refers to it loses only that
// reference.
func Convert(snap *Snapshot, opts Options) (*Org, *Report) {
	c := &converter{
		snap: snap, at: opts.At, rep: &Report{}, org: &Org{},
		users: map[string]*User{}, skippedUsers: map[string]string{}, emails: map[string]bool{},
		teamIx: map[string]int{}, teamNames: map[string]bool{}, members: map[int]map[string]bool{}, pdTeamNames: map[int]string{}, defaultIx: -1,
		defaultName: opts.DefaultTeam,
		schedules:   map[string]ref{}, skippedScheds: map[string]string{},
		policies: map[string]ref{}, skippedPolicies: map[string]string{}, serviceNames: map[string]bool{},
		keys: map[string]bool{},
	}
	if c.at.IsZero() {
		c.at = snap.At
	}
	if c.defaultName == "" {
		c.defaultName = DefaultTeamName
	}
	c.org.At = c.at
	c.convertUsers()
	c.convertTeams()
	for _, s := range snap.Schedules {
		c.convertSchedule(s)
	}
	for _, p := range snap.Policies {
		c.convertPolicy(p)
	}
	for _, s := range snap.Services {
		c.convertService(s)
	}
	for _, u := range snap.Users {
		if ru, ok := c.users[u.ID]; ok {
			c.org.Users = append(c.org.Users, *ru)
		}
	}
	return c.org, c.rep
}

type converter struct {
	snap *Snapshot
	at   time.Time
	rep  *Report
	org  *Org

	users        map[string]*User  // by PagerDuty id
	skippedUsers map[string]string // PagerDuty id → why
	emails       map[string]bool

	teamIx      map[string]int // PagerDuty team id → index in org.Teams
	teamNames   map[string]bool
	members     map[int]map[string]bool
	pdTeamNames map[int]string
	defaultIx   int
	defaultName string

	schedules       map[string]ref // PagerDuty id → team and name
	skippedScheds   map[string]string
	policies        map[string]ref
	skippedPolicies map[string]string
	serviceNames    map[string]bool
	keys            map[string]bool
}

type ref struct {
	team int
	name string
}

func (c *converter) convertUsers() {
	for _, u := range c.snap.Users {
		email := rota.NormalizeEmail(u.Email)
		skip := func(format string, args ...any) {
			reason := fmt.Sprintf(format, args...)
			c.skippedUsers[u.ID] = reason
			c.rep.add(Skipped, "user", u.ID, u.Name, "%s", reason)
		}
		if email == "" {
			skip("has no email address, and Rota matches people by email")
			continue
		}
		if c.emails[email] {
			skip("has the email address %s of another user", email)
			continue
		}
		probe := rota.User{Email: email, Name: "probe"}
		if err := probe.Validate(); err != nil {
			skip("%s", rota.ErrorMessage(err))
			continue
		}
		ru := &User{PagerDutyID: u.ID, Email: email, Name: strings.TrimSpace(u.Name)}
		if ru.Name == "" {
			ru.Name = email
		}
		if len(ru.Name) > maxUserName {
			ru.Name = ru.Name[:maxUserName]
			c.rep.add(Changed, "user", u.ID, u.Name, "the name is cut to %d characters", maxUserName)
		}
		if z := strings.TrimSpace(u.Timezone); z != "" {
			if (&rota.User{Email: email, Name: "probe", TimeZone: z}).Validate() == nil {
				ru.TimeZone = z
			} else {
				c.rep.add(Changed, "user", u.ID, u.Name, "the time zone %q is not an IANA zone; left out", z)
			}
		}
		ru.Phone = c.phone(u)
		c.emails[email] = true
		c.users[u.ID] = ru
	}
}

// phone is the user's SMS number, else their voice number, in E.164.
func (c *converter) phone(u pd.User) string {
	for _, kind := range []string{"sms_contact_method", "phone_contact_method"} {
		for _, cm := range u.ContactMethods {
			if cm.Type != kind || cm.Address == "" {
				continue
			}
			digits := strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return r
				}
				return -1
			}, cm.Address)
			p := "+" + strconv.Itoa(cm.CountryCode) + digits
			if (&rota.User{Email: "probe@example.com", Name: "probe", Phone: p}).Validate() != nil {
				c.rep.add(Changed, "user", u.ID, u.Name, "the number of contact method %q is not a valid E.164 number; left out", cm.Label)
				continue
			}
			return p
		}
	}
	return ""
}

// teamName makes a Rota team name (lower-case letters, digits, '.', '_',
// '-') from a PagerDuty one, unique among the teams made so far.
func (c *converter) teamName(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(strings.TrimSpace(name)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '_':
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	base := strings.Trim(b.String(), "-._")
	if base == "" {
		base = "team"
	}
	if len(base) > maxTeamName-3 {
		base = strings.Trim(base[:maxTeamName-3], "-._")
	}
	n := base
	for i := 2; c.teamNames[n]; i++ {
		n = base + "-" + strconv.Itoa(i)
	}
	c.teamNames[n] = true
	return n
}

func (c *converter) newTeam(pdID, name string) int {
	c.org.Teams = append(c.org.Teams, Team{PagerDutyID: pdID, Name: name})
	ix := len(c.org.Teams) - 1
	c.members[ix] = map[string]bool{}
	return ix
}

func (c *converter) convertTeams() {
	for _, t := range c.snap.Teams {
		name := c.teamName(t.Name)
		ix := c.newTeam(t.ID, name)
		c.teamIx[t.ID] = ix
		c.pdTeamNames[ix] = t.Name
		if name != t.Name {
			c.rep.add(Changed, "team", t.ID, t.Name, "named %s: Rota team names are lower-case letters, digits, '.', '_' and '-'", name)
		}
		if t.Parent != nil && t.Parent.ID != "" {
			c.rep.add(Changed, "team", t.ID, t.Name, "is a sub-team of %s in PagerDuty; Rota's teams are flat", t.Parent.ID)
		}
		for _, m := range c.snap.Members[t.ID] {
			u, ok := c.users[m.User.ID]
			if !ok {
				if _, skipped := c.skippedUsers[m.User.ID]; !skipped {
					c.rep.add(Changed, "team", t.ID, t.Name, "member %s (%s) is not among PagerDuty's users (deleted?); left out", m.User.ID, m.User.Summary)
				}
				continue
			}
			if c.members[ix][u.Email] {
				continue
			}
			role := rota.TeamMember
			if m.Role == "manager" {
				role = rota.TeamAdmin
			}
			c.members[ix][u.Email] = true
			c.org.Teams[ix].Members = append(c.org.Teams[ix].Members, Member{Email: u.Email, Role: role})
		}
	}
}

// defaultTeam is the team for things in no PagerDuty team, made when
// first needed.
func (c *converter) defaultTeam() int {
	if c.defaultIx < 0 {
		c.defaultIx = c.newTeam("", c.teamName(c.defaultName))
	}
	return c.defaultIx
}

// addMember makes email a member of team ix, saying why.
func (c *converter) addMember(ix int, email, why string) {
	if c.members[ix][email] {
		return
	}
	c.members[ix][email] = true
	t := &c.org.Teams[ix]
	t.Members = append(t.Members, Member{Email: email, Role: rota.TeamMember})
	if t.PagerDutyID != "" {
		c.rep.add(Changed, "team", t.PagerDutyID, c.pdTeamNames[ix], "%s is added as a member: %s", email, why)
	}
}

func (c *converter) teamOf(refs []pd.APIObject) (int, bool) {
	for _, r := range refs {
		if ix, ok := c.teamIx[r.ID]; ok {
			return ix, true
		}
	}
	return 0, false
}

// scheduleTeam is the schedule's first team, else the team of the first
// escalation policy that targets it, else the default team.
func (c *converter) scheduleTeam(s pd.Schedule) int {
	if ix, ok := c.teamOf(s.Teams); ok {
		return ix
	}
	for _, p := range c.snap.Policies {
		for _, r := range p.EscalationRules {
			for _, t := range r.Targets {
				if t.ID == s.ID && strings.HasPrefix(t.Type, "schedule") {
					for _, tr := range p.Teams {
						if ix, ok := c.teamIx[tr.ID]; ok {
							return ix
						}
					}
				}
			}
		}
	}
	return c.defaultTeam()
}

// uniqueName trims name to max characters and makes it unique in seen.
func uniqueName(seen map[string]bool, name, fallback string) string {
	base := strings.TrimSpace(name)
	if base == "" {
		base = fallback
	}
	if len(base) > maxName-4 {
		base = strings.TrimSpace(base[:maxName-4])
	}
	n := base
	for i := 2; seen[n]; i++ {
		n = base + " " + strconv.Itoa(i)
	}
	seen[n] = true
	return n
}

func (c *converter) names(kind string, team int) map[string]bool {
	seen := map[string]bool{}
	t := c.org.Teams[team]
	switch kind {
	case "schedule":
		for _, s := range t.Schedules {
			seen[s.Name] = true
		}
	case "policy":
		for _, p := range t.Policies {
			seen[p.Name] = true
		}
	}
	return seen
}

// userReason says why a PagerDuty user id cannot be used.
func (c *converter) userReason(id, summary string) string {
	if r, ok := c.skippedUsers[id]; ok {
		return fmt.Sprintf("user %s (%s) %s", id, summary, r)
	}
	return fmt.Sprintf("user %s (%s) is not among PagerDuty's users (deleted?)", id, summary)
}

func (c *converter) convertSchedule(s pd.Schedule) {
	skip := func(format string, args ...any) {
		reason := fmt.Sprintf(format, args...)
		c.skippedScheds[s.ID] = reason
		c.rep.add(Skipped, "schedule", s.ID, s.Name, "%s", reason)
	}
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil || s.TimeZone == "" || strings.EqualFold(s.TimeZone, "local") {
		skip("its time zone %q is not an IANA zone", s.TimeZone)
		return
	}
	rs := scheduler.Schedule{ID: s.ID, TimeZone: s.TimeZone}
	var notes []string
	people := map[string]bool{}
	var order []string
	person := func(email string) {
		if !people[email] {
			people[email] = true
			order = append(order, email)
		}
	}
	layerNames := map[string]bool{}
	// PagerDuty lists layers most recent first; the most recent wins, and
	// in Rota the last layer wins: the order is reversed.
	for i := len(s.ScheduleLayers) - 1; i >= 0; i-- {
		l := s.ScheduleLayers[i]
		n := len(s.ScheduleLayers) - i
		cl, ended, note, reason := c.convertLayer(loc, l)
		if reason != "" {
			skip("layer %q: %s", l.Name, reason)
			return
		}
		if ended {
			continue
		}
		if note != "" {
			notes = append(notes, fmt.Sprintf("layer %q %s", l.Name, note))
		}
		cl.Name = uniqueName(layerNames, l.Name, "Layer "+strconv.Itoa(n))
		for _, p := range cl.Participants {
			person(p)
		}
		rs.Layers = append(rs.Layers, cl)
	}
	for _, o := range c.snap.Overrides[s.ID] {
		start, err1 := time.Parse(time.RFC3339, o.Start)
		end, err2 := time.Parse(time.RFC3339, o.End)
		oskip := func(format string, args ...any) {
			c.rep.add(Skipped, "override", o.ID, "", "on schedule %q: %s", s.Name, fmt.Sprintf(format, args...))
		}
		if err1 != nil || err2 != nil || !end.After(start) {
			oskip("its start or end is not a valid time")
			continue
		}
		if !end.After(c.at) {
			continue
		}
		u, ok := c.users[o.User.ID]
		if !ok {
			oskip("%s", c.userReason(o.User.ID, o.User.Summary))
			continue
		}
		if !nameable(loc, s.TimeZone, start) || !nameable(loc, s.TimeZone, end) {
			oskip("it starts or ends at an instant the declarative file cannot name (not a whole minute, or the second pass of a repeated hour)")
			continue
		}
		person(u.Email)
		rs.Overrides = append(rs.Overrides, scheduler.Override{ID: o.ID, Tier: scheduler.TierPrimary, EngineerID: u.Email,
			Start: start, End: end})
	}
	for _, e := range order {
		rs.Members = append(rs.Members, scheduler.Engineer{ID: e, Name: e, Discipline: scheduler.DisciplineDev})
	}
	if _, err := scheduler.Compile(rs); err != nil {
		skip("Rota's scheduler rejects it: %s", rota.ErrorMessage(err))
		return
	}
	ix := c.scheduleTeam(s)
	rs.Name = uniqueName(c.names("schedule", ix), s.Name, "Schedule")
	rs.TeamID = c.org.Teams[ix].Name
	if rs.Name != strings.TrimSpace(s.Name) {
		notes = append(notes, "is named "+strconv.Quote(rs.Name))
	}
	if len(rs.Layers) == 0 {
		notes = append(notes, "has no layer in effect; only its overrides put people on call")
	}
	for _, n := range notes {
		c.rep.add(Changed, "schedule", s.ID, s.Name, "%s", n)
	}
	for _, e := range order {
		c.addMember(ix, e, fmt.Sprintf("they are on schedule %q", rs.Name))
	}
	c.org.Teams[ix].Schedules = append(c.org.Teams[ix].Schedules, Schedule{PagerDutyID: s.ID, Schedule: rs})
	c.schedules[s.ID] = ref{team: ix, name: rs.Name}
}

// nameable reports whether t is a whole minute that its local reading in
// zone names exactly (not the second pass of a repeated hour).
func nameable(loc *time.Location, zone string, t time.Time) bool {
	if t.Second() != 0 || t.Nanosecond() != 0 {
		return false
	}
	l := localOf(t.In(loc))
	back, err := scheduler.LocalInstant(zone, l)
	return err == nil && back.Equal(t)
}

func localOf(t time.Time) scheduler.LocalDateTime {
	return scheduler.LocalDateTime{Date: scheduler.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, Hour: t.Hour(), Minute: t.Minute()}
}

// civil is t's wall-clock reading in loc, as a UTC time so that adding to
// it is calendar arithmetic.
func civil(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// convertLayer converts one layer. ended means it was over by c.at; a
// non-empty reason means the schedule cannot be imported faithfully; note
// describes an approximation.
func (c *converter) convertLayer(loc *time.Location, l pd.ScheduleLayer) (layer scheduler.Layer, ended bool, note, reason string) {
	start, err := time.Parse(time.RFC3339, l.Start)
	if err != nil {
		return layer, false, "", fmt.Sprintf("its start %q is not a time", l.Start)
	}
	if l.End != "" {
		end, err := time.Parse(time.RFC3339, l.End)
		if err != nil {
			return layer, false, "", fmt.Sprintf("its end %q is not a time", l.End)
		}
		if !end.After(c.at) {
			return layer, true, "", ""
		}
		note = fmt.Sprintf("ends at %s, and Rota's layers do not end: it is imported without an end", end.In(loc).Format(time.RFC3339))
	}
	turn := int64(l.RotationTurnLengthSeconds)
	if turn%60 != 0 || turn < minTurn || turn > maxTurn {
		return layer, false, "", fmt.Sprintf("its turns last %s; Rota's last 1 hour to %d weeks, in whole minutes",
			time.Duration(turn)*time.Second, scheduler.MaxShiftDays/7)
	}
	if turn%86400 == 0 {
		layer.Shift = scheduler.ShiftLength{Days: int(turn / 86400)}
	} else {
		layer.Shift = scheduler.ShiftLength{Minutes: int(turn / 60)}
	}
	rvs, err := time.Parse(time.RFC3339, l.RotationVirtualStart)
	if err != nil {
		return layer, false, "", fmt.Sprintf("its rotation_virtual_start %q is not a time", l.RotationVirtualStart)
	}
	if rvs.Second() != 0 || start.Second() != 0 {
		return layer, false, "", "its handoffs are not on whole minutes"
	}
	if len(l.Users) == 0 {
		return layer, false, "", "it has no users"
	}
	for _, u := range l.Users {
		ru, ok := c.users[u.User.ID]
		if !ok {
			return layer, false, "", c.userReason(u.User.ID, u.User.Summary) + ", and leaving out their turns would change who is on call"
		}
		layer.Participants = append(layer.Participants, ru.Email)
	}
	cov, why := coverage(l.Restrictions)
	if why != "" {
		return layer, false, "", why
	}
	layer.Coverage = cov

	// A Rota layer starts on a handoff and covers nothing before it: it
	// starts at the last handoff at or before PagerDuty's start, with the
	// participants rotated to whoever's turn that is. This depends on
	// PagerDuty's data only, so a second import gives the same layer.
	minutes := turn / 60
	cr, cs := civil(rvs, loc), civil(start, loc)
	k := floorDiv(int64(cs.Sub(cr)/time.Minute), minutes)
	anchor := cr.Add(time.Duration(k*minutes) * time.Minute)
	if r := int(((k % int64(len(layer.Participants))) + int64(len(layer.Participants))) % int64(len(layer.Participants))); r != 0 {
		layer.Participants = append(slices.Clone(layer.Participants[r:]), layer.Participants[:r]...)
	}
	layer.Start = localOf(anchor)
	layer.ID = l.ID
	layer.Tier = scheduler.TierPrimary
	if start.After(c.at) {
		if at, err := scheduler.LocalInstant(loc.String(), layer.Start); err == nil && !at.Equal(start) {
			n := fmt.Sprintf("starts at %s, in the middle of a turn; Rota's starts at that turn's handoff, %s",
				start.In(loc).Format(time.RFC3339), at.Format(time.RFC3339))
			if note != "" {
				note += "; it also " + n
			} else {
				note = n
			}
		}
	}
	return layer, false, note, ""
}

// coverage turns restrictions into weekly windows; none (or one that
// covers everything) means always. A restriction Rota cannot express
// exactly yields a reason.
func coverage(rs []pd.Restriction) ([]scheduler.Window, string) {
	type piece struct {
		day      time.Weekday
		from, to int // minutes of the day, to ≤ 1440
	}
	var pieces []piece
	add := func(weekStart, length int) {
		for pos, end := weekStart, weekStart+length; pos < end; {
			d := pos / 1440
			e := min(end, (d+1)*1440)
			pieces = append(pieces, piece{day: time.Weekday((d + 1) % 7), from: pos - d*1440, to: e - d*1440})
			pos = e
		}
	}
	for _, r := range rs {
		var h, m, s int
		if _, err := fmt.Sscanf(r.StartTimeOfDay, "%d:%d:%d", &h, &m, &s); err != nil || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59 {
			return nil, fmt.Sprintf("restriction start %q is not a time of day", r.StartTimeOfDay)
		}
		dur := int(r.DurationSeconds)
		if s != 0 || dur%60 != 0 {
			return nil, "a restriction does not start or end on a whole minute"
		}
		from, length := h*60+m, dur/60
		switch r.Type {
		case "daily_restriction":
			if length <= 0 || length > 1440 {
				return nil, fmt.Sprintf("a daily restriction of %s", time.Duration(dur)*time.Second)
			}
			if length == 1440 {
				return nil, ""
			}
			for d := range 7 {
				add(d*1440+from, length)
			}
		case "weekly_restriction":
			if r.StartDayOfWeek < 1 || r.StartDayOfWeek > 7 {
				return nil, fmt.Sprintf("restriction day %d is not 1 (Monday) to 7 (Sunday)", r.StartDayOfWeek)
			}
			if length <= 0 || length > 7*1440 {
				return nil, fmt.Sprintf("a weekly restriction of %s", time.Duration(dur)*time.Second)
			}
			if length == 7*1440 {
				return nil, ""
			}
			// Weeks start on Monday here; a window that runs past Sunday
			// midnight continues on Monday.
			start := (int(r.StartDayOfWeek)-1)*1440 + from
			if start+length > 7*1440 {
				add(start, 7*1440-start)
				add(0, start+length-7*1440)
			} else {
				add(start, length)
			}
		default:
			return nil, fmt.Sprintf("restriction type %q is not supported", r.Type)
		}
	}
	// One window per distinct time span, listing its days Monday first.
	type span struct{ from, to int }
	var spans []span
	days := map[span][]time.Weekday{}
	for _, p := range pieces {
		sp := span{p.from, p.to}
		if _, ok := days[sp]; !ok {
			spans = append(spans, sp)
		}
		if !slices.Contains(days[sp], p.day) {
			days[sp] = append(days[sp], p.day)
		}
	}
	// A span to midnight and one from midnight on each following day make
	// one window across midnight (nights 20:00–08:00), when that reads the
	// same: its end must come before its start.
	next := func(ds []time.Weekday) []time.Weekday {
		out := make([]time.Weekday, len(ds))
		for i, d := range ds {
			out[i] = (d + 1) % 7
		}
		return out
	}
	sameDays := func(a, b []time.Weekday) bool {
		return len(a) == len(b) && !slices.ContainsFunc(a, func(d time.Weekday) bool { return !slices.Contains(b, d) })
	}
	merged := map[span]span{} // span to midnight → its continuation
	used := map[span]bool{}
	for _, a := range spans {
		if a.to != 1440 {
			continue
		}
		for _, b := range spans {
			if b.from == 0 && b.to < a.from && !used[b] && sameDays(days[b], next(days[a])) {
				merged[a], used[b] = b, true
				break
			}
		}
	}
	var out []scheduler.Window
	for _, sp := range spans {
		if used[sp] {
			continue
		}
		ds := days[sp]
		if b, ok := merged[sp]; ok {
			sp.to = b.to
		}
		slices.SortFunc(ds, func(a, b time.Weekday) int { return (int(a)+6)%7 - (int(b)+6)%7 })
		out = append(out, scheduler.Window{Days: ds,
			From: scheduler.TimeOfDay{Hour: sp.from / 60, Minute: sp.from % 60},
			To:   scheduler.TimeOfDay{Hour: sp.to / 60, Minute: sp.to % 60}})
	}
	return out, ""
}

// policyTeam is the policy's first team, else the team of its first
// schedule target, else the default team.
func (c *converter) policyTeam(p pd.EscalationPolicy) int {
	for _, t := range p.Teams {
		if ix, ok := c.teamIx[t.ID]; ok {
			return ix
		}
	}
	for _, r := range p.EscalationRules {
		for _, t := range r.Targets {
			if rf, ok := c.schedules[t.ID]; ok {
				return rf.team
			}
		}
	}
	return -1 // the default team, made only if the policy is imported
}

func (c *converter) convertPolicy(p pd.EscalationPolicy) {
	skip := func(format string, args ...any) {
		reason := fmt.Sprintf(format, args...)
		c.skippedPolicies[p.ID] = reason
		c.rep.add(Skipped, "escalation_policy", p.ID, p.Name, "%s", reason)
	}
	// Changes are reported only if the policy is imported after all.
	var changes []string
	change := func(format string, args ...any) {
		changes = append(changes, fmt.Sprintf(format, args...))
	}
	ix := c.policyTeam(p)
	var steps []Step
	var after time.Duration
	var joins []string // users to add to the team, once the policy is in
	for ri, r := range p.EscalationRules {
		var targets []Target
		for _, t := range r.Targets {
			var tg Target
			switch strings.TrimSuffix(t.Type, "_reference") {
			case "user":
				u, ok := c.users[t.ID]
				if !ok {
					change("rule %d: %s; the target is left out", ri+1, c.userReason(t.ID, t.Summary))
					continue
				}
				tg = Target{Email: u.Email}
				joins = append(joins, u.Email)
			case "schedule":
				rf, ok := c.schedules[t.ID]
				if !ok {
					why, skipped := c.skippedScheds[t.ID]
					if !skipped {
						why = "it is not among PagerDuty's schedules"
					}
					change("rule %d: schedule %s (%s) is not imported (%s); the target is left out", ri+1, t.ID, t.Summary, why)
					continue
				}
				tg = Target{Team: c.org.Teams[rf.team].Name, Schedule: rf.name}
			default:
				change("rule %d: a target of type %q is not supported; left out", ri+1, t.Type)
				continue
			}
			if !slices.Contains(targets, tg) {
				targets = append(targets, tg)
			}
		}
		switch {
		case len(targets) == 0:
			change("rule %d has no target Rota can page; left out (later rules keep their times)", ri+1)
		case len(steps) > 0 && steps[len(steps)-1].After == after:
			// A rule after a zero delay fires with the one before it.
			last := &steps[len(steps)-1]
			for _, tg := range targets {
				if !slices.Contains(last.Targets, tg) {
					last.Targets = append(last.Targets, tg)
				}
			}
		default:
			steps = append(steps, Step{After: after, Targets: targets})
		}
		after += time.Duration(r.Delay) * time.Minute
	}
	if len(steps) == 0 {
		skip("no rule has a target Rota can page")
		return
	}
	if first := steps[0].After; first != 0 {
		for i := range steps {
			steps[i].After -= first
		}
		change("its first rules are left out, so escalation starts %s earlier, at the first rule kept", first)
	}
	if last := steps[len(steps)-1].After; last > maxStepsAfter {
		skip("its last rule fires %s after the first; Rota's steps fire within %s", last, maxStepsAfter)
		return
	}
	rp := Policy{PagerDutyID: p.ID, Repeat: int(p.NumLoops)}
	if rp.Repeat > paging.MaxRepeat {
		change("repeats %d times; Rota repeats at most %d", rp.Repeat, paging.MaxRepeat)
		rp.Repeat = paging.MaxRepeat
	}
	// PagerDuty starts the next loop the last rule's delay after it.
	if n := len(p.EscalationRules); n > 0 {
		rp.RepeatAfter = time.Duration(p.EscalationRules[n-1].Delay) * time.Minute
	}
	if rp.RepeatAfter < paging.MinRepeat {
		rp.RepeatAfter = 30 * time.Minute
		if rp.Repeat > 0 {
			change("its last rule has no delay; the next pass starts after 30m")
		}
	}
	if rp.RepeatAfter > paging.MaxAfter {
		rp.RepeatAfter = paging.MaxAfter
		change("the next pass starts after %s, Rota's longest wait", paging.MaxAfter)
	}
	rp.Steps = steps
	probe := paging.Policy{Name: "probe", Repeat: rp.Repeat, RepeatAfter: rp.RepeatAfter}
	for _, s := range steps {
		ps := paging.Step{After: s.After}
		for _, t := range s.Targets {
			if t.Email != "" {
				ps.Targets = append(ps.Targets, paging.Target{UserID: 1})
			} else {
				ps.Targets = append(ps.Targets, paging.Target{ScheduleID: 1, Tier: scheduler.TierPrimary})
			}
		}
		probe.Steps = append(probe.Steps, ps)
	}
	if err := probe.Validate(); err != nil {
		skip("Rota rejects it: %s", rota.ErrorMessage(err))
		return
	}
	if ix < 0 {
		ix = c.defaultTeam()
	}
	rp.Name = uniqueName(c.names("policy", ix), p.Name, "Escalation policy")
	if rp.Name != strings.TrimSpace(p.Name) {
		change("is named %q", rp.Name)
	}
	for _, ch := range changes {
		c.rep.add(Changed, "escalation_policy", p.ID, p.Name, "%s", ch)
	}
	for _, e := range joins {
		c.addMember(ix, e, fmt.Sprintf("escalation policy %q pages them, and a policy pages its own team's people", rp.Name))
	}
	c.org.Teams[ix].Policies = append(c.org.Teams[ix].Policies, rp)
	c.policies[p.ID] = ref{team: ix, name: rp.Name}
}

var urgencies = map[string]paging.UrgencyRule{
	"high": paging.UrgencyHigh, "low": paging.UrgencyLow, "severity_based": paging.UrgencyFromSeverity,
}

func (c *converter) convertService(s pd.Service) {
	change := func(format string, args ...any) {
		c.rep.add(Changed, "service", s.ID, s.Name, format, args...)
	}
	rs := Service{PagerDutyID: s.ID, Description: strings.TrimSpace(s.Description), Urgency: paging.UrgencyHigh}
	var ix int
	if rf, ok := c.policies[s.EscalationPolicy.ID]; ok {
		ix, rs.Policy = rf.team, rf.name
	} else {
		if s.EscalationPolicy.ID != "" {
			why, skipped := c.skippedPolicies[s.EscalationPolicy.ID]
			if !skipped {
				why = "it is not among PagerDuty's escalation policies"
			}
			change("its escalation policy %s is not imported (%s); the service pages no one until one is set", s.EscalationPolicy.ID, why)
		}
		refs := make([]pd.APIObject, len(s.Teams))
		for i, t := range s.Teams {
			refs[i] = t.APIObject
		}
		var found bool
		if ix, found = c.teamOf(refs); !found {
			ix = c.defaultTeam()
		}
	}
	if r := s.IncidentUrgencyRule; r != nil {
		switch r.Type {
		case "constant":
			if u, ok := urgencies[r.Urgency]; ok {
				rs.Urgency = u
			} else {
				change("urgency %q is not known; imported as high", r.Urgency)
			}
		case "use_support_hours":
			during, outside := "high", "low"
			if r.DuringSupportHours != nil {
				during = r.DuringSupportHours.Urgency
			}
			if r.OutsideSupportHours != nil {
				outside = r.OutsideSupportHours.Urgency
			}
			if u, ok := urgencies[during]; ok {
				rs.Urgency = u
			}
			if during != outside {
				change("PagerDuty makes its incidents %s urgency outside support hours; Rota's urgency does not depend on the time of day: imported as %s, with the support hours as business hours",
					outside, rs.Urgency)
			}
		default:
			change("urgency rule %q is not known; imported as high", r.Type)
		}
	}
	if h := s.SupportHours; h != nil && h.Timezone != "" {
		bh, why := hours(h)
		if why != "" {
			change("support hours left out: %s", why)
		} else {
			rs.Hours = bh
		}
	}
	if len(s.ScheduledActions) > 0 {
		change("its scheduled actions (raising urgency when support hours start) are not carried over")
	}
	if t := s.AcknowledgementTimeout; t != nil && *t > 0 {
		change("PagerDuty re-triggers it %s after an acknowledgement; Rota does not", time.Duration(*t)*time.Second)
	}
	if t := s.AutoResolveTimeout; t != nil && *t > 0 {
		change("PagerDuty resolves its incidents after %s; Rota does not", time.Duration(*t)*time.Second)
	}
	names := map[string]bool{}
	for _, in := range s.Integrations {
		iskip := func(format string, args ...any) {
			c.rep.add(Skipped, "integration", in.ID, in.Name, "of service %q: %s", s.Name, fmt.Sprintf(format, args...))
		}
		switch strings.TrimSuffix(in.Type, "_reference") {
		case "events_api_v2_inbound_integration":
			ri := Integration{PagerDutyID: in.ID, Type: paging.PagerDuty, Name: uniqueName(names, in.Name, "pagerduty")}
			switch {
			case validKey(in.IntegrationKey) && !c.keys[in.IntegrationKey]:
				ri.Key = in.IntegrationKey
				c.keys[in.IntegrationKey] = true
			default:
				change("integration %q: its key cannot be kept; Rota generates a new one", in.Name)
			}
			rs.Integrations = append(rs.Integrations, ri)
		case "generic_events_api_inbound_integration":
			iskip("it speaks the Events API v1; Rota takes Events API v2 (change the sender to v2 and add a pagerduty integration)")
		case "generic_email_inbound_integration":
			iskip("email integrations are not supported")
		default:
			iskip("integration type %q is not supported", in.Type)
		}
	}
	rs.Name = uniqueName(c.serviceNames, s.Name, "Service")
	if rs.Name != strings.TrimSpace(s.Name) {
		change("is named %q: service names are unique across teams", rs.Name)
	}
	c.org.Teams[ix].Services = append(c.org.Teams[ix].Services, rs)
}

// hours converts PagerDuty's support hours.
func hours(h *pd.SupportHours) (paging.BusinessHours, string) {
	parse := func(s string) (scheduler.TimeOfDay, bool) {
		var hh, mm, ss int
		if _, err := fmt.Sscanf(s, "%d:%d:%d", &hh, &mm, &ss); err != nil || ss != 0 {
			return scheduler.TimeOfDay{}, false
		}
		t, err := scheduler.ParseTimeOfDay(fmt.Sprintf("%02d:%02d", hh, mm))
		return t, err == nil
	}
	from, ok1 := parse(h.StartTime)
	to, ok2 := parse(h.EndTime)
	if !ok1 || !ok2 {
		return paging.BusinessHours{}, fmt.Sprintf("%s–%s are not whole minutes", h.StartTime, h.EndTime)
	}
	w := scheduler.Window{From: from, To: to}
	for _, d := range h.DaysOfWeek {
		if d < 1 || d > 7 {
			return paging.BusinessHours{}, fmt.Sprintf("day %d is not 1 (Monday) to 7 (Sunday)", d)
		}
		w.Days = append(w.Days, time.Weekday(d%7))
	}
	bh := paging.BusinessHours{TimeZone: h.Timezone, Windows: []scheduler.Window{w}}
	if len(w.Days) == 0 {
		return paging.BusinessHours{}, "no days are given"
	}
	if _, err := paging.CompileHours(bh); err != nil {
		return paging.BusinessHours{}, rota.ErrorMessage(err)
	}
	return bh, ""
}

// validKey reports whether a key can stand as a Rota integration key as
// it is (what the declarative file accepts).
func validKey(k string) bool {
	if len(k) < 16 || len(k) > 128 {
		return false
	}
	for _, r := range k {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.', r == '~':
		default:
			return false
		}
	}
	return true
}
