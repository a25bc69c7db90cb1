package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/scheduler"
)

// ScheduleStore is the schedule storage the handlers use.
type ScheduleStore interface {
	CreateSchedule(ctx context.Context, actor int64, s rota.Schedule) (rota.Schedule, error)
	UpdateSchedule(ctx context.Context, actor int64, s rota.Schedule) (rota.Schedule, error)
	DeleteSchedule(ctx context.Context, actor, id int64) error
	CreateOverride(ctx context.Context, actor int64, o rota.Override) (rota.Override, error)
	DeleteOverride(ctx context.Context, actor, scheduleID, overrideID int64) error
	Override(ctx context.Context, scheduleID, overrideID int64) (rota.Override, error)
	Overrides(ctx context.Context, scheduleID int64, from, to time.Time) ([]rota.Override, error)
	CreateSwap(ctx context.Context, s rota.Swap) (rota.Swap, error)
	Swap(ctx context.Context, id int64) (rota.Swap, error)
	Swaps(ctx context.Context, f rota.SwapFilter) ([]rota.Swap, error)
	DecideSwap(ctx context.Context, actor, id int64, action scheduler.SwapAction) (rota.Swap, error)
	Audit(ctx context.Context, scheduleID int64, limit int) ([]rota.AuditEntry, error)
}

// Resolver resolves stored schedules (oncall.Service).
type Resolver interface {
	Schedule(ctx context.Context, id int64) (*oncall.Resolved, error)
	All(ctx context.Context) ([]*oncall.Resolved, error)
	Teams(ctx context.Context) ([]rota.Team, error)
	// Timeline draws a stored schedule for the timeline view; Preview an
	// edited definition, unsaved.
	Timeline(ctx context.Context, id int64, from time.Time, days int, used map[scheduler.Tier][]string) (oncall.Timeline, error)
	Preview(ctx context.Context, sched rota.Schedule, from time.Time, days int, used map[scheduler.Tier][]string) (oncall.Timeline, error)
	// Invalidate makes the next read see a write made through this process.
	Invalidate(scheduleID int64)
}

type windowDTO struct {
	Days []string `json:"days"`
	From string   `json:"from"`
	To   string   `json:"to"`
}

type layerDTO struct {
	ID           string      `json:"id,omitempty"`
	Name         string      `json:"name"`
	Participants []string    `json:"participants"`
	Start        string      `json:"start"`
	Shift        string      `json:"shift"`
	Coverage     []windowDTO `json:"coverage"`
}

type engineerDTO struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Discipline string `json:"discipline"`
	TimeZone   string `json:"time_zone"`
}

type scheduleDTO struct {
	ID        string                `json:"id"`
	TeamID    string                `json:"team_id"`
	Name      string                `json:"name"`
	TimeZone  string                `json:"time_zone"`
	Holidays  []string              `json:"holidays"`
	Pairing   string                `json:"pairing"`
	Version   int64                 `json:"version"`
	Tiers     map[string][]layerDTO `json:"tiers"`
	Members   []engineerDTO         `json:"members"`
	UpdatedAt time.Time             `json:"updated_at"`
}

type scheduleInput struct {
	Name     string                `json:"name"`
	TimeZone string                `json:"time_zone"`
	Holidays []string              `json:"holidays"`
	Pairing  string                `json:"pairing"`
	Tiers    map[string][]layerDTO `json:"tiers"`
	Version  int64                 `json:"version"`
}

func dayName(d time.Weekday) string { return strings.ToLower(d.String()[:3]) }

// toWindowDTOs writes weekly windows for the wire (never null).
func toWindowDTOs(ws []scheduler.Window) []windowDTO {
	out := make([]windowDTO, 0, len(ws))
	for _, w := range ws {
		wd := windowDTO{From: w.From.String(), To: w.To.String()}
		for _, day := range w.Days {
			wd.Days = append(wd.Days, dayName(day))
		}
		out = append(out, wd)
	}
	return out
}

// parseWindows reads weekly windows, naming the field of a problem as
// field[i].days[k], field[i].from or field[i].to.
func parseWindows(field string, in []windowDTO) ([]scheduler.Window, error) {
	var out []scheduler.Window
	for i, w := range in {
		f := fmt.Sprintf("%s[%d]", field, i)
		var win scheduler.Window
		if len(w.Days) == 0 {
			return nil, rota.Invalid(f+".days", "a window needs at least one day")
		}
		for k, d := range w.Days {
			wd, err := scheduler.ParseWeekday(d)
			if err != nil {
				return nil, rota.Invalid(fmt.Sprintf("%s.days[%d]", f, k), "%s", rota.ErrorMessage(err))
			}
			win.Days = append(win.Days, wd)
		}
		var err error
		if win.From, err = scheduler.ParseTimeOfDay(w.From); err != nil {
			return nil, rota.Invalid(f+".from", "%s", rota.ErrorMessage(err))
		}
		if win.To, err = scheduler.ParseTimeOfDay(w.To); err != nil {
			return nil, rota.Invalid(f+".to", "%s", rota.ErrorMessage(err))
		}
		out = append(out, win)
	}
	return out, nil
}

func toScheduleDTO(s rota.Schedule) scheduleDTO {
	d := scheduleDTO{ID: s.ID, TeamID: s.TeamID, Name: s.Name, TimeZone: s.TimeZone, Holidays: []string{}, Pairing: s.Pairing,
		Version: s.Version, Tiers: map[string][]layerDTO{}, Members: []engineerDTO{}, UpdatedAt: s.UpdatedAt}
	for _, t := range scheduler.AllTiers {
		d.Tiers[string(t)] = []layerDTO{}
	}
	for _, h := range s.Holidays {
		d.Holidays = append(d.Holidays, h.String())
	}
	for _, l := range s.Layers {
		ld := layerDTO{ID: l.ID, Name: l.Name, Participants: l.Participants, Start: l.Start.String(), Shift: l.Shift.String(), Coverage: toWindowDTOs(l.Coverage)}
		d.Tiers[string(l.Tier)] = append(d.Tiers[string(l.Tier)], ld)
	}
	for _, m := range s.Members {
		d.Members = append(d.Members, engineerDTO{ID: m.ID, Name: m.Name, Discipline: string(m.Discipline), TimeZone: m.TimeZone})
	}
	return d
}

// parse turns the input into a schedule definition, naming the field of
// the first problem in the same paths the scheduler uses.
func (in scheduleInput) parse() (rota.Schedule, error) {
	var s rota.Schedule
	s.Name = strings.TrimSpace(in.Name)
	s.TimeZone = strings.TrimSpace(in.TimeZone)
	s.Pairing = in.Pairing
	s.Version = in.Version
	if s.Name == "" {
		return s, rota.Invalid("name", "name is required")
	}
	if s.TimeZone == "" {
		return s, rota.Invalid("time_zone", "time_zone is required (an IANA zone such as Europe/Berlin)")
	}
	for i, h := range in.Holidays {
		d, err := scheduler.ParseDate(h)
		if err != nil {
			return s, rota.Invalid(fmt.Sprintf("holidays[%d]", i), "%s", rota.ErrorMessage(err))
		}
		s.Holidays = append(s.Holidays, d)
	}
	for key := range in.Tiers {
		switch scheduler.Tier(key) {
		case scheduler.TierPrimary, scheduler.TierSecondary, scheduler.TierShadow:
		default:
			return s, rota.Invalid("tiers."+key, "unknown tier %q (want primary, secondary or shadow)", key)
		}
	}
	for _, tier := range scheduler.AllTiers {
		for i, l := range in.Tiers[string(tier)] {
			f := fmt.Sprintf("tiers.%s[%d]", tier, i)
			layer := scheduler.Layer{ID: l.ID, Name: strings.TrimSpace(l.Name), Tier: tier, Participants: l.Participants}
			if layer.Name == "" {
				return s, rota.Invalid(f+".name", "every layer needs a name")
			}
			var err error
			if layer.Start, err = scheduler.ParseLocalDateTime(l.Start); err != nil {
				return s, rota.Invalid(f+".start", "%s", rota.ErrorMessage(err))
			}
			if layer.Shift, err = scheduler.ParseShiftLength(l.Shift); err != nil {
				return s, rota.Invalid(f+".shift", "%s", rota.ErrorMessage(err))
			}
			if layer.Coverage, err = parseWindows(f+".coverage", l.Coverage); err != nil {
				return s, err
			}
			s.Layers = append(s.Layers, layer)
		}
	}
	return s, nil
}

func (s *Server) listSchedules(c *gin.Context) {
	all, err := s.oncall.All(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	teamID, err := queryID(c, "team_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	out := []scheduleDTO{}
	for _, r := range all {
		if teamID != 0 && r.TeamID != rota.ID(teamID) {
			continue
		}
		out = append(out, toScheduleDTO(r.Schedule))
	}
	c.JSON(http.StatusOK, gin.H{"schedules": out})
}

func (s *Server) createSchedule(c *gin.Context) {
	teamID, ok := s.adminTeam(c)
	if !ok {
		return
	}
	var in scheduleInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	sched, err := in.parse()
	if err != nil {
		s.fail(c, err)
		return
	}
	sched.TeamID = rota.ID(teamID)
	created, err := s.schedules.CreateSchedule(c.Request.Context(), currentUser(c).ID, sched)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.oncall.Invalidate(rota.ParseID(created.ID))
	c.JSON(http.StatusCreated, gin.H{"schedule": toScheduleDTO(created)})
}

// loadSchedule resolves the schedule named in the path.
func (s *Server) loadSchedule(c *gin.Context) (*oncall.Resolved, bool) {
	id, err := idParam(c, "schedule_id")
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	r, err := s.oncall.Schedule(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return r, true
}

func (s *Server) getSchedule(c *gin.Context) {
	r, ok := s.loadSchedule(c)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, gin.H{"schedule": toScheduleDTO(r.Schedule)})
}

func (s *Server) updateSchedule(c *gin.Context) {
	r, ok := s.loadSchedule(c)
	if !ok {
		return
	}
	if !s.requireTeamAdmin(c, rota.ParseID(r.TeamID)) {
		return
	}
	var in scheduleInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if in.Version == 0 {
		s.fail(c, rota.Invalid("version", "version is required: send the version you edited"))
		return
	}
	sched, err := in.parse()
	if err != nil {
		s.fail(c, err)
		return
	}
	sched.ID, sched.TeamID = r.ID, r.TeamID
	updated, err := s.schedules.UpdateSchedule(c.Request.Context(), currentUser(c).ID, sched)
	s.oncall.Invalidate(rota.ParseID(r.ID))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"schedule": toScheduleDTO(updated)})
}

func (s *Server) deleteSchedule(c *gin.Context) {
	r, ok := s.loadSchedule(c)
	if !ok {
		return
	}
	if !s.requireTeamAdmin(c, rota.ParseID(r.TeamID)) {
		return
	}
	err := s.schedules.DeleteSchedule(c.Request.Context(), currentUser(c).ID, rota.ParseID(r.ID))
	s.oncall.Invalidate(rota.ParseID(r.ID))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// timeParam reads an RFC 3339 instant from the query; def when absent.
func timeParam(c *gin.Context, name string, def time.Time, required bool) (time.Time, error) {
	v := c.Query(name)
	if v == "" {
		if required {
			return time.Time{}, rota.Invalid(name, "%s is required (RFC 3339, e.g. 2026-11-22T09:00:00Z)", name)
		}
		return def, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, rota.Invalid(name, "%s must be an RFC 3339 instant such as 2026-11-22T09:00:00Z, not %q", name, v)
	}
	return t.UTC(), nil
}

// rangeParams reads from/to, at most maxDays apart.
func rangeParams(c *gin.Context, maxDays int) (time.Time, time.Time, error) {
	from, err := timeParam(c, "from", time.Time{}, true)
	if err != nil {
		return from, from, err
	}
	to, err := timeParam(c, "to", time.Time{}, true)
	if err != nil {
		return from, to, err
	}
	if !to.After(from) {
		return from, to, rota.Invalid("to", "to must be after from")
	}
	if to.Sub(from) > time.Duration(maxDays)*24*time.Hour {
		return from, to, rota.Invalid("to", "the range is longer than %d days", maxDays)
	}
	return from, to, nil
}

type sourceDTO struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
	Name string `json:"name"`
}

type shiftDTO struct {
	Tier       string    `json:"tier"`
	UserID     string    `json:"user_id"`
	UserName   string    `json:"user_name"`
	Discipline string    `json:"discipline"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
	Source     sourceDTO `json:"source"`
	WholeShift rangeDTO  `json:"whole_shift"`
}

type rangeDTO struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

func toShiftDTO(r *oncall.Resolved, sh scheduler.Shift) shiftDTO {
	eng, _ := r.Compiled.Member(sh.EngineerID)
	w := r.Compiled.WholeShift(sh)
	return shiftDTO{Tier: string(sh.Tier), UserID: sh.EngineerID, UserName: eng.Name, Discipline: string(sh.Discipline),
		Start: sh.Start.UTC(), End: sh.End.UTC(), Source: sourceDTO{Kind: sh.Source.Kind, ID: sh.Source.ID, Name: sh.Source.Name},
		WholeShift: rangeDTO{Start: w.Start.UTC(), End: w.End.UTC()}}
}

type gapDTO struct {
	Tier  string    `json:"tier"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

type violationDTO struct {
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	Discipline  string    `json:"discipline"`
	PrimaryID   string    `json:"primary_id"`
	SecondaryID string    `json:"secondary_id"`
}

func gapDTOs(gs []scheduler.Gap) []gapDTO {
	out := make([]gapDTO, len(gs))
	for i, g := range gs {
		out[i] = gapDTO{Tier: string(g.Tier), Start: g.Start.UTC(), End: g.End.UTC()}
	}
	return out
}

func (s *Server) scheduleShifts(c *gin.Context) {
	r, ok := s.loadSchedule(c)
	if !ok {
		return
	}
	from, to, err := rangeParams(c, 400)
	if err != nil {
		s.fail(c, err)
		return
	}
	var tierFilter scheduler.Tier
	if t := c.Query("tier"); t != "" {
		tierFilter = scheduler.Tier(t)
		if tierFilter != scheduler.TierPrimary && tierFilter != scheduler.TierSecondary && tierFilter != scheduler.TierShadow {
			s.fail(c, rota.Invalid("tier", "tier must be primary, secondary or shadow"))
			return
		}
	}
	shifts := []shiftDTO{}
	for _, sh := range r.Compiled.Shifts(from, to) {
		if tierFilter == "" || sh.Tier == tierFilter {
			shifts = append(shifts, toShiftDTO(r, sh))
		}
	}
	viol := []violationDTO{}
	for _, v := range r.Compiled.PairingViolations(from, to) {
		viol = append(viol, violationDTO{Start: v.Start.UTC(), End: v.End.UTC(), Discipline: string(v.Discipline), PrimaryID: v.PrimaryID, SecondaryID: v.SecondaryID})
	}
	c.JSON(http.StatusOK, gin.H{"schedule_id": r.ID, "from": from, "to": to, "shifts": shifts,
		"gaps": gapDTOs(r.Compiled.Gaps(from, to)), "pairing_violations": viol})
}

func (s *Server) scheduleGaps(c *gin.Context) {
	r, ok := s.loadSchedule(c)
	if !ok {
		return
	}
	from, to, err := rangeParams(c, 400)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"gaps": gapDTOs(r.Compiled.Gaps(from, to))})
}

type tierOnCallDTO struct {
	Tier        string      `json:"tier"`
	User        engineerDTO `json:"user"`
	Start       time.Time   `json:"start"`
	End         time.Time   `json:"end"`
	NextHandoff *time.Time  `json:"next_handoff"`
	Source      sourceDTO   `json:"source"`
}

func toOnCallDTOs(r *oncall.Resolved, at time.Time) []tierOnCallDTO {
	out := []tierOnCallDTO{}
	for _, t := range oncall.OnCall(r, at) {
		d := tierOnCallDTO{Tier: string(t.Tier), User: engineerDTO{ID: t.Engineer.ID, Name: t.Engineer.Name, Discipline: string(t.Engineer.Discipline), TimeZone: t.Engineer.TimeZone},
			Start: t.Shift.Start.UTC(), End: t.Shift.End.UTC(), Source: sourceDTO{Kind: t.Shift.Source.Kind, ID: t.Shift.Source.ID, Name: t.Shift.Source.Name}}
		if !t.NextHandoff.IsZero() {
			h := t.NextHandoff.UTC()
			d.NextHandoff = &h
		}
		out = append(out, d)
	}
	return out
}

func (s *Server) scheduleOnCall(c *gin.Context) {
	r, ok := s.loadSchedule(c)
	if !ok {
		return
	}
	at, err := timeParam(c, "at", s.now().UTC(), false)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"schedule_id": r.ID, "at": at, "oncall": toOnCallDTOs(r, at)})
}

type scheduleOnCallDTO struct {
	ID       string          `json:"id"`
	Name     string          `json:"name"`
	TimeZone string          `json:"time_zone"`
	OnCall   []tierOnCallDTO `json:"oncall"`
	Gaps     []string        `json:"gaps"` // tiers with nobody on call now
}

type teamOnCallDTO struct {
	Team      teamDTO             `json:"team"`
	Schedules []scheduleOnCallDTO `json:"schedules"`
}

// oncallNow answers who is on call across every team. The answer only
// changes when a schedule or team changes or someone hands off, so the
// rendered teams are kept until then: a busy Now page costs no database
// query and no recomputation per request.
func (s *Server) oncallNow(c *gin.Context) {
	at, err := timeParam(c, "at", s.now().UTC(), false)
	if err != nil {
		s.fail(c, err)
		return
	}
	all, err := s.oncall.All(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	teams, err := s.oncall.Teams(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	body, ok := s.nowCache.get(all, teams, at)
	if !ok {
		var until time.Time
		body, until, err = renderOnCall(all, teams, at)
		if err != nil {
			s.fail(c, err)
			return
		}
		s.nowCache.put(all, teams, at, until, body)
	}
	atJSON, _ := json.Marshal(at)
	out := make([]byte, 0, len(body)+64)
	out = append(out, `{"at":`...)
	out = append(out, atJSON...)
	out = append(out, `,"teams":`...)
	out = append(out, body...)
	out = append(out, '}')
	c.Data(http.StatusOK, "application/json; charset=utf-8", out)
}

// renderOnCall renders the teams array of GET /oncall at an instant and
// says until when it stays true.
func renderOnCall(all []*oncall.Resolved, teams []rota.Team, at time.Time) ([]byte, time.Time, error) {
	until := at.Add(time.Hour)
	byTeam := map[string]*teamOnCallDTO{}
	out := make([]*teamOnCallDTO, 0, len(teams))
	for _, t := range teams {
		d := &teamOnCallDTO{Team: toTeamDTO(t), Schedules: []scheduleOnCallDTO{}}
		byTeam[rota.ID(t.ID)] = d
		out = append(out, d)
	}
	for _, r := range all {
		d := byTeam[r.TeamID]
		if d == nil || r.Err != nil {
			continue
		}
		sd := scheduleOnCallDTO{ID: r.ID, Name: r.Name, TimeZone: r.TimeZone, OnCall: toOnCallDTOs(r, at), Gaps: []string{}}
		staffed := map[string]bool{}
		for _, o := range sd.OnCall {
			staffed[o.Tier] = true
			if o.End.Before(until) {
				until = o.End
			}
			if o.NextHandoff != nil && o.NextHandoff.Before(until) {
				until = *o.NextHandoff
			}
		}
		for _, l := range r.Layers {
			if l.Tier != scheduler.TierShadow && !staffed[string(l.Tier)] {
				staffed[string(l.Tier)] = true
				sd.Gaps = append(sd.Gaps, string(l.Tier))
				if h, ok := r.Compiled.NextHandoff(l.Tier, at); ok && h.Before(until) {
					until = h
				}
			}
		}
		d.Schedules = append(d.Schedules, sd)
	}
	body, err := json.Marshal(out)
	return body, until, err
}

// nowCache holds the last rendered GET /oncall teams array, valid while the
// resolved schedules and teams are the same objects and at is before until.
type nowCache struct {
	mu     sync.Mutex
	scheds []*oncall.Resolved
	teams  []rota.Team
	from   time.Time
	until  time.Time
	body   []byte
}

func (n *nowCache) same(all []*oncall.Resolved, teams []rota.Team) bool {
	if len(all) != len(n.scheds) || len(teams) != len(n.teams) || (len(teams) > 0 && &teams[0] != &n.teams[0]) {
		return false
	}
	for i := range all {
		if all[i] != n.scheds[i] {
			return false
		}
	}
	return true
}

func (n *nowCache) get(all []*oncall.Resolved, teams []rota.Team, at time.Time) ([]byte, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.body == nil || at.Before(n.from) || !at.Before(n.until) || !n.same(all, teams) {
		return nil, false
	}
	return n.body, true
}

func (n *nowCache) put(all []*oncall.Resolved, teams []rota.Team, at, until time.Time, body []byte) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.scheds, n.teams, n.from, n.until, n.body = all, teams, at, until, body
}

func (s *Server) scheduleAudit(c *gin.Context) {
	r, ok := s.loadSchedule(c)
	if !ok {
		return
	}
	limit, _ := strconv.Atoi(c.Query("limit"))
	entries, err := s.schedules.Audit(c.Request.Context(), rota.ParseID(r.ID), limit)
	if err != nil {
		s.fail(c, err)
		return
	}
	type entryDTO struct {
		ID        string    `json:"id"`
		At        time.Time `json:"at"`
		ActorID   string    `json:"actor_id,omitempty"`
		ActorName string    `json:"actor_name,omitempty"`
		Entity    string    `json:"entity"`
		EntityID  string    `json:"entity_id"`
		Action    string    `json:"action"`
		Detail    rawJSON   `json:"detail"`
	}
	out := make([]entryDTO, len(entries))
	for i, e := range entries {
		out[i] = entryDTO{ID: rota.ID(e.ID), At: e.At, ActorName: e.ActorName, Entity: e.Entity, EntityID: rota.ID(e.EntityID), Action: e.Action, Detail: rawJSON(e.Detail)}
		if e.ActorID != 0 {
			out[i].ActorID = rota.ID(e.ActorID)
		}
	}
	c.JSON(http.StatusOK, gin.H{"entries": out})
}

// rawJSON embeds stored JSON as is.
type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) {
	if r == "" {
		return []byte("{}"), nil
	}
	return []byte(r), nil
}
