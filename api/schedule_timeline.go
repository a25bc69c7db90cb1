package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/scheduler"
)

type layerRowDTO struct {
	Index    int        `json:"index"`
	Position int        `json:"position"`
	Tier     string     `json:"tier"`
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	Shifts   []shiftDTO `json:"shifts"`
}

type timelineOverrideDTO struct {
	ID       string    `json:"id"`
	Tier     string    `json:"tier"`
	UserID   string    `json:"user_id"`
	UserName string    `json:"user_name"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
}

type warningDTO struct {
	Code    string     `json:"code"`
	Field   string     `json:"field"`
	Message string     `json:"message"`
	Start   *time.Time `json:"start,omitempty"`
	End     *time.Time `json:"end,omitempty"`
}

type scheduleTimelineDTO struct {
	ScheduleID string                `json:"schedule_id,omitempty"`
	TimeZone   string                `json:"time_zone"`
	From       time.Time             `json:"from"`
	To         time.Time             `json:"to"`
	Layers     []layerRowDTO         `json:"layers"`
	Final      []shiftDTO            `json:"final"`
	Overrides  []timelineOverrideDTO `json:"overrides"`
	Gaps       []gapDTO              `json:"gaps"`
	Warnings   []warningDTO          `json:"warnings"`
}

func toScheduleTimelineDTO(t oncall.Timeline) scheduleTimelineDTO {
	d := scheduleTimelineDTO{ScheduleID: t.ID, TimeZone: t.TimeZone, From: t.From.UTC(), To: t.To.UTC(), Layers: []layerRowDTO{},
		Final: []shiftDTO{}, Overrides: []timelineOverrideDTO{}, Gaps: gapDTOs(t.Gaps), Warnings: []warningDTO{}}
	for _, l := range t.Layers {
		row := layerRowDTO{Index: l.Index, Position: l.Position, Tier: string(l.Tier), ID: l.ID, Name: l.Name, Shifts: []shiftDTO{}}
		for _, sh := range l.Shifts {
			row.Shifts = append(row.Shifts, toShiftDTO(t.Resolved, sh))
		}
		d.Layers = append(d.Layers, row)
	}
	for _, sh := range t.Final {
		d.Final = append(d.Final, toShiftDTO(t.Resolved, sh))
	}
	for _, o := range t.Overrides {
		eng, _ := t.Compiled.Member(o.EngineerID)
		d.Overrides = append(d.Overrides, timelineOverrideDTO{ID: o.ID, Tier: string(o.Tier), UserID: o.EngineerID, UserName: eng.Name,
			Start: o.Start.UTC(), End: o.End.UTC()})
	}
	for _, w := range t.Warnings {
		wd := warningDTO{Code: w.Code, Field: w.Field, Message: w.Message}
		if !w.Start.IsZero() {
			st, en := w.Start.UTC(), w.End.UTC()
			wd.Start, wd.End = &st, &en
		}
		d.Warnings = append(d.Warnings, wd)
	}
	return d
}

// timelineParams reads from (default now) and days (default
// oncall.TimelineDays).
func (s *Server) timelineParams(c *gin.Context) (time.Time, int, error) {
	from, err := timeParam(c, "from", s.now().UTC(), false)
	if err != nil {
		return from, 0, err
	}
	days := oncall.TimelineDays
	if v := c.Query("days"); v != "" {
		if days, err = strconv.Atoi(v); err != nil {
			return from, 0, rota.Invalid("days", "days must be a whole number of days, not %q", v)
		}
	}
	return from, days, nil
}

// tiersUsed names the policies paging each tier of a schedule.
func (s *Server) tiersUsed(ctx context.Context, scheduleID int64) (map[scheduler.Tier][]string, error) {
	if s.pagingCfg == nil || scheduleID == 0 {
		return nil, nil
	}
	cfg, err := s.pagingCfg.Get(ctx)
	if err != nil {
		return nil, err
	}
	return cfg.TiersUsed(scheduleID), nil
}

func (s *Server) scheduleTimeline(c *gin.Context) {
	id, err := idParam(c, "schedule_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	from, days, err := s.timelineParams(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	used, err := s.tiersUsed(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	t, err := s.oncall.Timeline(c.Request.Context(), id, from, days, used)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"timeline": toScheduleTimelineDTO(t)})
}

// previewSchedule draws an edited definition without saving it: for a new
// schedule (team_id in the path) or an edit of a stored one (schedule_id,
// whose overrides and policies count).
func (s *Server) previewSchedule(c *gin.Context) {
	var parsed rota.Schedule
	var scheduleID int64
	if c.Param("team_id") != "" {
		teamID, ok := s.adminTeam(c)
		if !ok {
			return
		}
		parsed.TeamID = rota.ID(teamID)
	} else {
		r, ok := s.loadSchedule(c)
		if !ok || !s.requireTeamAdmin(c, rota.ParseID(r.TeamID)) {
			return
		}
		scheduleID = rota.ParseID(r.ID)
		parsed.ID = r.ID
	}
	var in scheduleInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	def, err := in.parse()
	if err != nil {
		s.fail(c, err)
		return
	}
	def.ID, def.TeamID = parsed.ID, parsed.TeamID
	from, days, err := s.timelineParams(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	used, err := s.tiersUsed(c.Request.Context(), scheduleID)
	if err != nil {
		s.fail(c, err)
		return
	}
	t, err := s.oncall.Preview(c.Request.Context(), def, from, days, used)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"timeline": toScheduleTimelineDTO(t)})
}
