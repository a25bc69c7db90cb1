package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/authz"
	"github.com/rotaoncall/rota/scheduler"
)

type overrideDTO struct {
	ID         string    `json:"id"`
	ScheduleID string    `json:"schedule_id"`
	Tier       string    `json:"tier"`
	UserID     string    `json:"user_id"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
	Note       string    `json:"note"`
	CreatedBy  string    `json:"created_by,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	SwapID     string    `json:"swap_id,omitempty"`
}

func toOverrideDTO(o rota.Override) overrideDTO {
	d := overrideDTO{ID: o.ID, ScheduleID: rota.ID(o.ScheduleID), Tier: string(o.Tier), UserID: o.EngineerID,
		Start: o.Start, End: o.End, Note: o.Note, CreatedAt: o.CreatedAt}
	if o.CreatedBy != 0 {
		d.CreatedBy = rota.ID(o.CreatedBy)
	}
	if o.SwapID != 0 {
		d.SwapID = rota.ID(o.SwapID)
	}
	return d
}

type overrideInput struct {
	Tier   string `json:"tier"`
	UserID string `json:"user_id"`
	Start  string `json:"start"`
	End    string `json:"end"`
	Note   string `json:"note"`
}

// parseInstant reads an RFC 3339 instant from a body field.
func parseInstant(field, v string) (time.Time, error) {
	if strings.TrimSpace(v) == "" {
		return time.Time{}, rota.Invalid(field, "%s is required (RFC 3339, e.g. 2026-11-22T09:00:00Z)", field)
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, rota.Invalid(field, "%s must be an RFC 3339 instant such as 2026-11-22T09:00:00Z, not %q", field, v)
	}
	return t.UTC(), nil
}

func (s *Server) listOverrides(c *gin.Context) {
	r, ok := s.loadSchedule(c)
	if !ok {
		return
	}
	from, err := timeParam(c, "from", time.Time{}, false)
	if err != nil {
		s.fail(c, err)
		return
	}
	to, err := timeParam(c, "to", time.Time{}, false)
	if err != nil {
		s.fail(c, err)
		return
	}
	ovs, err := s.schedules.Overrides(c.Request.Context(), rota.ParseID(r.ID), from, to)
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

func (s *Server) createOverride(c *gin.Context) {
	r, ok := s.loadSchedule(c)
	if !ok {
		return
	}
	me := currentUser(c)
	team := rota.ParseID(r.TeamID)
	// Outsiders are refused before the body is read; who goes on call is
	// checked once it is known.
	if !s.allow(c, authz.OverrideCreate, authz.Resource{TeamID: team, UserID: me.ID}) {
		return
	}
	var in overrideInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if in.UserID == "" {
		in.UserID = rota.ID(me.ID)
	}
	if !s.allow(c, authz.OverrideCreate, authz.Resource{TeamID: team, UserID: rota.ParseID(in.UserID)}) {
		return
	}
	var err error
	o := rota.Override{ScheduleID: rota.ParseID(r.ID), Note: in.Note}
	o.Tier = scheduler.Tier(in.Tier)
	o.EngineerID = in.UserID
	if o.Start, err = parseInstant("start", in.Start); err != nil {
		s.fail(c, err)
		return
	}
	if o.End, err = parseInstant("end", in.End); err != nil {
		s.fail(c, err)
		return
	}
	created, err := s.schedules.CreateOverride(c.Request.Context(), me.ID, o)
	s.oncall.Invalidate(o.ScheduleID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"override": toOverrideDTO(created)})
}

func (s *Server) deleteOverride(c *gin.Context) {
	r, ok := s.loadSchedule(c)
	if !ok {
		return
	}
	oid, err := idParam(c, "override_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	o, err := s.schedules.Override(c.Request.Context(), rota.ParseID(r.ID), oid)
	if err != nil {
		s.fail(c, err)
		return
	}
	me := currentUser(c)
	if !s.allow(c, authz.OverrideDelete, authz.Resource{TeamID: rota.ParseID(r.TeamID), UserID: rota.ParseID(o.EngineerID), CreatorID: o.CreatedBy}) {
		return
	}
	err = s.schedules.DeleteOverride(c.Request.Context(), me.ID, rota.ParseID(r.ID), oid)
	s.oncall.Invalidate(rota.ParseID(r.ID))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

type swapDTO struct {
	ID          string     `json:"id"`
	ScheduleID  string     `json:"schedule_id"`
	Tier        string     `json:"tier"`
	Kind        string     `json:"kind"`
	RequesterID string     `json:"requester_id"`
	TargetID    string     `json:"target_id"`
	Start       time.Time  `json:"start"`
	End         time.Time  `json:"end"`
	State       string     `json:"state"`
	Message     string     `json:"message"`
	OverrideID  string     `json:"override_id,omitempty"`
	OverrideIDs []string   `json:"override_ids"`
	CreatedAt   time.Time  `json:"created_at"`
	DecidedAt   *time.Time `json:"decided_at"`
}

func toSwapDTO(w rota.Swap) swapDTO {
	d := swapDTO{ID: w.ID, ScheduleID: w.ScheduleID, Tier: string(w.Tier), Kind: string(w.Kind), RequesterID: w.RequesterID, TargetID: w.TargetID,
		Start: w.Start, End: w.End, State: string(w.State), Message: w.Message, CreatedAt: w.CreatedAt}
	if w.OverrideID != 0 {
		d.OverrideID = rota.ID(w.OverrideID)
	}
	d.OverrideIDs = make([]string, len(w.OverrideIDs))
	for i, id := range w.OverrideIDs {
		d.OverrideIDs[i] = rota.ID(id)
	}
	if !w.DecidedAt.IsZero() {
		t := w.DecidedAt
		d.DecidedAt = &t
	}
	return d
}

type swapInput struct {
	Tier     string `json:"tier"`
	Kind     string `json:"kind"`
	TargetID string `json:"target_id"`
	Start    string `json:"start"`
	End      string `json:"end"`
	Message  string `json:"message"`
}

func (s *Server) createSwap(c *gin.Context) {
	r, ok := s.loadSchedule(c)
	if !ok {
		return
	}
	if !s.allow(c, authz.SwapRequest, authz.Team(rota.ParseID(r.TeamID))) {
		return
	}
	var in swapInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	me := currentUser(c)
	var err error
	if in.TargetID == "" {
		s.fail(c, rota.Invalid("target_id", "target_id is required: whom do you ask?"))
		return
	}
	w := rota.Swap{Message: in.Message}
	w.ScheduleID, w.Tier, w.RequesterID, w.TargetID = r.ID, scheduler.Tier(in.Tier), rota.ID(me.ID), in.TargetID
	w.Kind = scheduler.SwapKind(in.Kind)
	if w.Start, err = parseInstant("start", in.Start); err != nil {
		s.fail(c, err)
		return
	}
	if w.End, err = parseInstant("end", in.End); err != nil {
		s.fail(c, err)
		return
	}
	created, err := s.schedules.CreateSwap(c.Request.Context(), w)
	if err != nil {
		s.fail(c, renameField(err, map[string]string{"target": "target_id", "requester": "start"}))
		return
	}
	c.JSON(http.StatusCreated, gin.H{"swap": toSwapDTO(created)})
}

// renameField maps the scheduler's field names to the API's.
func renameField(err error, names map[string]string) error {
	if e, ok := err.(interface {
		ErrorField() string
		ErrorCode() string
	}); ok {
		if n, ok := names[e.ErrorField()]; ok {
			return &rota.Error{Code: e.ErrorCode(), Message: rota.ErrorMessage(err), Field: n}
		}
	}
	return err
}

func (s *Server) listSwaps(c *gin.Context) {
	f := rota.SwapFilter{State: c.Query("state")}
	var err error
	if f.ScheduleID, err = queryID(c, "schedule_id"); err != nil {
		s.fail(c, err)
		return
	}
	if c.Query("mine") == "true" {
		f.UserID = currentUser(c).ID
	}
	if f.State != "" && f.State != string(scheduler.SwapRequested) && f.State != string(scheduler.SwapAccepted) &&
		f.State != string(scheduler.SwapDeclined) && f.State != string(scheduler.SwapCancelled) {
		s.fail(c, rota.Invalid("state", "state must be requested, accepted, declined or cancelled"))
		return
	}
	ws, err := s.schedules.Swaps(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]swapDTO, len(ws))
	for i, w := range ws {
		out[i] = toSwapDTO(w)
	}
	c.JSON(http.StatusOK, gin.H{"swaps": out})
}

func (s *Server) decideSwap(action scheduler.SwapAction) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := idParam(c, "swap_id")
		if err != nil {
			s.fail(c, err)
			return
		}
		cur, err := s.schedules.Swap(c.Request.Context(), id)
		if err != nil {
			s.fail(c, err)
			return
		}
		act := authz.SwapAnswer
		if action == scheduler.SwapCancel {
			act = authz.SwapCancel
		}
		if !s.allow(c, act, authz.Resource{UserID: rota.ParseID(cur.TargetID), CreatorID: rota.ParseID(cur.RequesterID)}) {
			return
		}
		w, err := s.schedules.DecideSwap(c.Request.Context(), currentUser(c).ID, id, action)
		if err == nil {
			s.oncall.Invalidate(rota.ParseID(w.ScheduleID))
		}
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"swap": toSwapDTO(w)})
	}
}
