package api

import (
	"context"
	"io"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/authz"
	"github.com/rotaoncall/rota/load"
	"github.com/rotaoncall/rota/load/loadsvc"
	"github.com/rotaoncall/rota/scheduler"
)

// LoadService computes page load and acts on it (loadsvc.Service).
type LoadService interface {
	Report(ctx context.Context, q loadsvc.Query) ([]loadsvc.TeamLoad, error)
	ParseTeam(ctx context.Context, field, v string) (rota.Team, error)
	Thresholds(ctx context.Context, teamID int64) (load.Thresholds, error)
	SetThresholds(ctx context.Context, actor, teamID int64, th load.Thresholds) error
	Accept(ctx context.Context, actor int64, a loadsvc.Acceptance) ([]rota.Override, error)
	Promote(ctx context.Context, actor, teamID, userID, scheduleID int64, layerID string) (rota.Schedule, error)
	Import(ctx context.Context, actor, teamID int64, r io.Reader) (loadsvc.ImportResult, error)
}

// DefaultLoadPeriod is the period GET /load reports without from.
const DefaultLoadPeriod = 28 * 24 * time.Hour

type interruptionsDTO struct {
	Total    int `json:"total"`
	Business int `json:"business"`
	OffHours int `json:"off_hours"`
	Sleep    int `json:"sleep"`
}

func toInterruptions(i load.Interruptions) interruptionsDTO {
	return interruptionsDTO{Total: i.Total, Business: i.Business, OffHours: i.OffHours, Sleep: i.Sleep}
}

type onCallHoursDTO struct {
	Primary   float64 `json:"primary"`
	Secondary float64 `json:"secondary"`
	Shadow    float64 `json:"shadow"`
}

func hours(d time.Duration) float64 { return round(d.Hours(), 2) }

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

type flagDTO struct {
	Code    string  `json:"code"`
	Message string  `json:"message"`
	UserID  string  `json:"user_id,omitempty"`
	Email   string  `json:"email,omitempty"`
	Value   float64 `json:"value"`
	Limit   float64 `json:"limit"`
}

type engineerLoadDTO struct {
	ID                  string           `json:"id"`
	Email               string           `json:"email"`
	Name                string           `json:"name"`
	InRotation          bool             `json:"in_rotation"`
	Pages               int              `json:"pages"`
	ImportedPages       int              `json:"imported_pages"`
	PrunedPages         int              `json:"pruned_pages"`
	EmailPages          int              `json:"email_pages"`
	Interruptions       interruptionsDTO `json:"interruptions"`
	Weighted            int              `json:"weighted"`
	Share               float64          `json:"share"`
	SleepNights         int              `json:"sleep_nights"`
	InterruptedHours    int              `json:"interrupted_hours"`
	HoursOnCall         onCallHoursDTO   `json:"hours_on_call"`
	OnCallShare         float64          `json:"oncall_share"`
	MaxIncidentsInShift int              `json:"max_incidents_per_shift"`
	OnCallShifts        int              `json:"oncall_shifts"`
	IncidentsPerShift   float64          `json:"incidents_per_shift"`
	AckCount            int              `json:"ack_count"`
	AckMedianSeconds    float64          `json:"ack_median_seconds"`
	AckP90Seconds       float64          `json:"ack_p90_seconds"`
	LongestStretchHours float64          `json:"longest_stretch_hours"`
	WeekendDays         int              `json:"weekend_days"`
	HolidayDays         int              `json:"holiday_days"`
	Shadow              shadowLoadDTO    `json:"shadow"`
	Flags               []flagDTO        `json:"flags"`
}

// shadowLoadDTO is a learner's shadow figures (load.ShadowLoad).
type shadowLoadDTO struct {
	Pages         int `json:"pages"`
	Interruptions int `json:"interruptions"`
	Acknowledged  int `json:"acknowledged"`
	Completed     int `json:"completed"`
}

func toShadowLoad(s load.ShadowLoad) shadowLoadDTO {
	return shadowLoadDTO{Pages: s.Pages, Interruptions: s.Interruptions, Acknowledged: s.Acknowledged, Completed: s.Completed}
}

type thresholdsDTO struct {
	SleepInterruptions  int     `json:"sleep_interruptions"`
	IncidentsPerShift   int     `json:"incidents_per_shift"`
	OnCallShare         int     `json:"oncall_share"`
	UnfairShare         float64 `json:"unfair_share"`
	MinRotation         int     `json:"min_rotation"`
	ShadowShifts        int     `json:"shadow_shifts"`
	BusinessHoursShifts int     `json:"business_hours_shifts"`
}

func toThresholdsDTO(t load.Thresholds) thresholdsDTO {
	return thresholdsDTO{SleepInterruptions: t.SleepInterruptions, IncidentsPerShift: t.IncidentsPerShift, OnCallShare: t.OnCallSharePercent,
		UnfairShare: t.UnfairShareFactor, MinRotation: t.MinRotation, ShadowShifts: t.ShadowShifts, BusinessHoursShifts: t.BusinessHoursShifts}
}

func (t thresholdsDTO) domain() load.Thresholds {
	return load.Thresholds{SleepInterruptions: t.SleepInterruptions, IncidentsPerShift: t.IncidentsPerShift, OnCallSharePercent: t.OnCallShare,
		UnfairShareFactor: t.UnfairShare, MinRotation: t.MinRotation, ShadowShifts: t.ShadowShifts, BusinessHoursShifts: t.BusinessHoursShifts}
}

type weekDTO struct {
	Start         time.Time        `json:"start"`
	Interruptions interruptionsDTO `json:"interruptions"`
}

type layerRefDTO struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type learnerDTO struct {
	UserID              string        `json:"user_id"`
	Name                string        `json:"name"`
	ScheduleID          string        `json:"schedule_id"`
	ScheduleName        string        `json:"schedule_name"`
	Stage               string        `json:"stage"`
	Next                string        `json:"next"`
	ShadowShifts        int           `json:"shadow_shifts"`
	BusinessHoursShifts int           `json:"business_hours_shifts"`
	ShadowPages         int           `json:"shadow_pages"`
	ShadowAcknowledged  int           `json:"shadow_acknowledged"`
	Needed              int           `json:"needed"`
	Remaining           int           `json:"remaining"`
	Ready               bool          `json:"ready"`
	Layers              []layerRefDTO `json:"layers"`
	Message             string        `json:"message"`
}

type proposedOverrideDTO struct {
	Tier   string    `json:"tier"`
	UserID string    `json:"user_id"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
}

type proposalDTO struct {
	ScheduleID     string                `json:"schedule_id"`
	ScheduleName   string                `json:"schedule_name"`
	Revision       int64                 `json:"revision"`
	Digest         string                `json:"digest"`
	From           time.Time             `json:"from"`
	To             time.Time             `json:"to"`
	FairnessBefore float64               `json:"fairness_before"`
	FairnessAfter  float64               `json:"fairness_after"`
	Overrides      []proposedOverrideDTO `json:"overrides"`
	Swaps          []proposedSwapDTO     `json:"swaps"`
	Orders         []layerOrderDTO       `json:"orders"`
	Loads          []projectedLoadDTO    `json:"loads"`
}

type proposedSwapDTO struct {
	Tier       string    `json:"tier"`
	FromUserID string    `json:"from_user_id"`
	ToUserID   string    `json:"to_user_id"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
}

type layerOrderDTO struct {
	LayerID string   `json:"layer_id"`
	Before  []string `json:"before"`
	After   []string `json:"after"`
}

type projectedLoadDTO struct {
	UserID            string  `json:"user_id"`
	History           float64 `json:"history"`
	Before            float64 `json:"before"`
	After             float64 `json:"after"`
	OnCallHoursBefore float64 `json:"oncall_hours_before"`
	OnCallHoursAfter  float64 `json:"oncall_hours_after"`
}

type recoveryDTO struct {
	UserID     string    `json:"user_id"`
	Night      string    `json:"night"`
	Message    string    `json:"message"`
	ScheduleID string    `json:"schedule_id"`
	Tier       string    `json:"tier"`
	TargetID   string    `json:"target_id"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
	Candidates []string  `json:"candidates"`
}

type teamLoadDTO struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	TimeZone string    `json:"time_zone"`
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
	Fairness float64   `json:"fairness"`
	Flags    []flagDTO `json:"flags"`
	Rotation struct {
		Size            int  `json:"size"`
		SREMinimum      int  `json:"sre_minimum"`
		MeetsSREMinimum bool `json:"meets_sre_minimum"`
		Sites           []struct {
			Name      string `json:"name"`
			Engineers int    `json:"engineers"`
		} `json:"sites"`
	} `json:"rotation"`
	Totals struct {
		Pages         int              `json:"pages"`
		ImportedPages int              `json:"imported_pages"`
		PrunedPages   int              `json:"pruned_pages"`
		Interruptions interruptionsDTO `json:"interruptions"`
		Weighted      int              `json:"weighted"`
		SleepNights   int              `json:"sleep_nights"`
		HoursOnCall   onCallHoursDTO   `json:"hours_on_call"`
		// The rest of the engineers' figures, summed.
		EmailPages       int           `json:"email_pages"`
		InterruptedHours int           `json:"interrupted_hours"`
		Incidents        int           `json:"incidents"`
		WeekendDays      int           `json:"weekend_days"`
		HolidayDays      int           `json:"holiday_days"`
		Shadow           shadowLoadDTO `json:"shadow"`
	} `json:"totals"`
	Engineers  []engineerLoadDTO `json:"engineers"`
	HeatMap    [7][24]int        `json:"heat_map"`
	Weeks      []weekDTO         `json:"weeks"`
	Thresholds thresholdsDTO     `json:"thresholds"`
	Learners   []learnerDTO      `json:"learners"`
	Proposals  []proposalDTO     `json:"proposals"`
	Recoveries []recoveryDTO     `json:"recoveries"`
}

func toTeamLoadDTO(tl loadsvc.TeamLoad) teamLoadDTO {
	r := tl.Report
	d := teamLoadDTO{ID: formatID(tl.Team.ID), Name: tl.Team.Name, TimeZone: r.TimeZone, From: r.From.UTC(), To: r.To.UTC(),
		Fairness: round(r.Fairness, 3), HeatMap: r.HeatMap, Thresholds: toThresholdsDTO(r.Thresholds),
		Flags: []flagDTO{}, Engineers: []engineerLoadDTO{}, Weeks: []weekDTO{}, Learners: []learnerDTO{}, Proposals: []proposalDTO{}, Recoveries: []recoveryDTO{}}
	emails := map[string]string{}
	names := map[string]string{}
	for _, e := range r.Engineers {
		emails[e.ID], names[e.ID] = e.Email, e.Name
	}
	flag := func(f load.Flag) flagDTO {
		return flagDTO{Code: f.Code, Message: f.Message, UserID: f.EngineerID, Email: emails[f.EngineerID], Value: round(f.Value, 3), Limit: round(f.Limit, 3)}
	}
	for _, f := range r.AllFlags() {
		d.Flags = append(d.Flags, flag(f))
	}
	d.Rotation.Size, d.Rotation.SREMinimum, d.Rotation.MeetsSREMinimum = r.Rotation.Size, r.Rotation.SREMinimum, r.Rotation.MeetsSREMinimum
	for _, s := range r.Rotation.Sites {
		d.Rotation.Sites = append(d.Rotation.Sites, struct {
			Name      string `json:"name"`
			Engineers int    `json:"engineers"`
		}{s.Name, s.Engineers})
	}
	t := r.Totals
	d.Totals.Pages, d.Totals.ImportedPages, d.Totals.PrunedPages, d.Totals.Interruptions = t.Pages, t.ImportedPages, t.PrunedPages, toInterruptions(t.Interruptions)
	d.Totals.Weighted, d.Totals.SleepNights = t.Weighted, t.SleepNights
	d.Totals.HoursOnCall = onCallHoursDTO{hours(t.OnCall.Primary), hours(t.OnCall.Secondary), hours(t.OnCall.Shadow)}
	d.Totals.EmailPages, d.Totals.InterruptedHours, d.Totals.Incidents = t.EmailPages, t.InterruptedHours, t.Incidents
	d.Totals.WeekendDays, d.Totals.HolidayDays = t.WeekendDays, t.HolidayDays
	d.Totals.Shadow = toShadowLoad(t.Shadow)
	for _, e := range r.Engineers {
		ed := engineerLoadDTO{ID: e.ID, Email: e.Email, Name: e.Name, InRotation: e.InRotation, Pages: e.Pages, ImportedPages: e.ImportedPages, PrunedPages: e.PrunedPages,
			EmailPages: e.EmailPages, Interruptions: toInterruptions(e.Interruptions), Weighted: e.Weighted, Share: round(e.Share, 4),
			SleepNights: e.SleepNights, InterruptedHours: e.InterruptedHours,
			HoursOnCall: onCallHoursDTO{hours(e.OnCall.Primary), hours(e.OnCall.Secondary), hours(e.OnCall.Shadow)},
			OnCallShare: round(e.OnCallShare, 4), MaxIncidentsInShift: e.Incidents.Max,
			OnCallShifts: e.Incidents.Shifts, IncidentsPerShift: round(e.Incidents.Mean(), 4), AckCount: e.Acknowledgement.Count,
			AckMedianSeconds: e.Acknowledgement.Median.Seconds(), AckP90Seconds: e.Acknowledgement.P90.Seconds(),
			LongestStretchHours: hours(e.Longest.Duration()), WeekendDays: e.WeekendDays, HolidayDays: e.HolidayDays, Flags: []flagDTO{}}
		ed.Shadow = toShadowLoad(e.Shadow)
		for _, f := range e.Flags {
			ed.Flags = append(ed.Flags, flag(f))
		}
		d.Engineers = append(d.Engineers, ed)
	}
	for _, w := range r.Weeks {
		d.Weeks = append(d.Weeks, weekDTO{Start: w.Start.UTC(), Interruptions: toInterruptions(w.Interruptions)})
	}
	th := r.Thresholds
	for _, l := range tl.Learners {
		ld := learnerDTO{UserID: l.EngineerID, Name: names[l.EngineerID], ScheduleID: formatID(l.ScheduleID), ScheduleName: l.ScheduleName,
			Stage: string(l.Stage), Next: string(l.Next), ShadowShifts: l.ShadowShifts, BusinessHoursShifts: l.BusinessHoursShifts,
			ShadowPages: l.ShadowPages, ShadowAcknowledged: l.ShadowAcknowledged, Remaining: l.Remaining, Ready: l.Ready,
			Layers: []layerRefDTO{}, Message: l.Message}
		ld.Needed = th.ShadowShifts
		if l.Stage == load.StageBusinessHours {
			ld.Needed = th.BusinessHoursShifts
		}
		for _, id := range l.Layers {
			ld.Layers = append(ld.Layers, layerRefDTO{ID: id, Name: l.LayerNames[id]})
		}
		d.Learners = append(d.Learners, ld)
	}
	for _, p := range tl.Proposals {
		pd := proposalDTO{ScheduleID: formatID(p.ScheduleID), ScheduleName: p.ScheduleName, Revision: p.Revision, Digest: p.Digest,
			From: p.From.UTC(), To: p.To.UTC(), FairnessBefore: round(p.FairnessBefore, 3), FairnessAfter: round(p.FairnessAfter, 3),
			Overrides: []proposedOverrideDTO{}, Swaps: []proposedSwapDTO{}, Orders: []layerOrderDTO{}, Loads: []projectedLoadDTO{}}
		for _, o := range p.Overrides {
			pd.Overrides = append(pd.Overrides, proposedOverrideDTO{Tier: string(o.Tier), UserID: o.EngineerID, Start: o.Start.UTC(), End: o.End.UTC()})
		}
		for _, w := range p.Swaps {
			pd.Swaps = append(pd.Swaps, proposedSwapDTO{Tier: string(w.Tier), FromUserID: w.FromID, ToUserID: w.ToID, Start: w.Start.UTC(), End: w.End.UTC()})
		}
		for _, o := range p.Orders {
			pd.Orders = append(pd.Orders, layerOrderDTO{LayerID: o.LayerID, Before: o.Before, After: o.After})
		}
		for _, l := range p.Loads {
			pd.Loads = append(pd.Loads, projectedLoadDTO{UserID: l.EngineerID, History: round(l.History, 2), Before: round(l.Before, 2), After: round(l.After, 2),
				OnCallHoursBefore: hours(l.OnCallBefore), OnCallHoursAfter: hours(l.OnCallAfter)})
		}
		d.Proposals = append(d.Proposals, pd)
	}
	for _, rc := range tl.Recoveries {
		cands := rc.Candidates
		if cands == nil {
			cands = []string{}
		}
		d.Recoveries = append(d.Recoveries, recoveryDTO{UserID: rc.EngineerID, Night: rc.Night.Date.String(), Message: rc.Message,
			ScheduleID: rc.Swap.ScheduleID, Tier: string(rc.Swap.Tier), TargetID: rc.Swap.TargetID, Start: rc.Swap.Start.UTC(), End: rc.Swap.End.UTC(),
			Candidates: cands})
	}
	return d
}

// loadPeriod reads from and to: to defaults to now, from to 28 days
// before to.
func (s *Server) loadPeriod(c *gin.Context) (time.Time, time.Time, error) {
	to, err := timeParam(c, "to", s.now().UTC(), false)
	if err != nil {
		return to, to, err
	}
	from, err := timeParam(c, "from", to.Add(-DefaultLoadPeriod), false)
	if err != nil {
		return from, to, err
	}
	return from, to, loadsvc.CheckPeriod(from, to)
}

func (s *Server) getLoad(c *gin.Context) {
	from, to, err := s.loadPeriod(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	q := loadsvc.Query{From: from, To: to, Proposals: true}
	if v := c.Query("team"); v != "" {
		t, err := s.load.ParseTeam(c.Request.Context(), "team", v)
		if err != nil {
			s.fail(c, err)
			return
		}
		q.TeamID = t.ID
	}
	teams, err := s.load.Report(c.Request.Context(), q)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]teamLoadDTO, len(teams))
	for i, t := range teams {
		out[i] = toTeamLoadDTO(t)
	}
	c.JSON(http.StatusOK, gin.H{"from": from, "to": to, "teams": out})
}

func (s *Server) getLoadThresholds(c *gin.Context) {
	id, err := idParam(c, "team_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	th, err := s.load.Thresholds(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"thresholds": toThresholdsDTO(th), "effective": toThresholdsDTO(th.WithDefaults())})
}

func (s *Server) setLoadThresholds(c *gin.Context) {
	id, err := idParam(c, "team_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if !s.allow(c, authz.LoadManage, authz.Team(id)) {
		return
	}
	var in thresholdsDTO
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	th := in.domain()
	if err := s.load.SetThresholds(c.Request.Context(), currentUser(c).ID, id, th); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"thresholds": toThresholdsDTO(th), "effective": toThresholdsDTO(th.WithDefaults())})
}

type acceptProposalInput struct {
	Revision  int64                 `json:"revision"`
	Digest    string                `json:"digest"`
	From      string                `json:"from"`
	To        string                `json:"to"`
	Overrides []proposedOverrideDTO `json:"overrides"`
}

func (s *Server) acceptProposal(c *gin.Context) {
	r, ok := s.loadSchedule(c)
	if !ok {
		return
	}
	if !s.allow(c, authz.LoadManage, authz.Team(rota.ParseID(r.TeamID))) {
		return
	}
	var in acceptProposalInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	a := loadsvc.Acceptance{ScheduleID: rota.ParseID(r.ID), Revision: in.Revision, Digest: in.Digest}
	var err error
	if a.From, err = parseInstant("from", in.From); err != nil {
		s.fail(c, err)
		return
	}
	if a.To, err = parseInstant("to", in.To); err != nil {
		s.fail(c, err)
		return
	}
	for _, o := range in.Overrides {
		a.Overrides = append(a.Overrides, scheduler.Override{Tier: scheduler.Tier(o.Tier), EngineerID: o.UserID, Start: o.Start, End: o.End})
	}
	ovs, err := s.load.Accept(c.Request.Context(), currentUser(c).ID, a)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]overrideDTO, len(ovs))
	for i, o := range ovs {
		out[i] = toOverrideDTO(o)
	}
	c.JSON(http.StatusOK, gin.H{"overrides": out})
}

type promoteInput struct {
	ScheduleID string `json:"schedule_id"`
	LayerID    string `json:"layer_id"`
}

func (s *Server) promoteLearner(c *gin.Context) {
	team, err := idParam(c, "team_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	user, err := idParam(c, "user_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if !s.allow(c, authz.LoadManage, authz.Team(team)) {
		return
	}
	var in promoteInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	sid := rota.ParseID(in.ScheduleID)
	if sid == 0 {
		s.fail(c, rota.Invalid("schedule_id", "schedule_id is required"))
		return
	}
	if strings.TrimSpace(in.LayerID) == "" {
		s.fail(c, rota.Invalid("layer_id", "layer_id is required: which layer does the learner join?"))
		return
	}
	sched, err := s.load.Promote(c.Request.Context(), currentUser(c).ID, team, user, sid, in.LayerID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"schedule": toScheduleDTO(sched)})
}

func (s *Server) importLoad(c *gin.Context) {
	var team int64
	if v := c.Query("team"); v != "" {
		t, err := s.load.ParseTeam(c.Request.Context(), "team", v)
		if err != nil {
			s.fail(c, err)
			return
		}
		team = t.ID
	}
	act, res := authz.OrgManage, authz.Resource{}
	if team != 0 {
		act, res = authz.LoadManage, authz.Team(team)
	}
	if !s.allow(c, act, res) {
		return
	}
	out, err := s.load.Import(c.Request.Context(), currentUser(c).ID, team, c.Request.Body)
	if err != nil {
		s.fail(c, err)
		return
	}
	body := gin.H{"id": formatID(out.ID), "rows": out.Rows, "first": nil, "last": nil}
	if out.Rows > 0 {
		body["first"], body["last"] = out.First.UTC(), out.Last.UTC()
	}
	c.JSON(http.StatusCreated, gin.H{"import": body})
}
