package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/oncall"
)

// GET /me/oncall: the signed-in engineer's own on-call, for the Now page —
// the tiers they hold now and until when, and their next stint.

// myOnCallHorizon is how far ahead the next stint is looked for.
const myOnCallHorizon = 60 * 24 * time.Hour

type stintDTO struct {
	ScheduleID   string    `json:"schedule_id"`
	ScheduleName string    `json:"schedule_name"`
	TeamID       string    `json:"team_id"`
	TeamName     string    `json:"team_name"`
	Tier         string    `json:"tier"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
	// OpenEnded: no handoff within the horizon; end is where looking stopped.
	OpenEnded bool `json:"open_ended"`
}

func (s *Server) myOnCall(c *gin.Context) {
	at, err := timeParam(c, "at", s.now().UTC(), false)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	all, err := s.oncall.All(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	teams, err := s.oncall.Teams(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	names := make(map[string]string, len(teams))
	for _, t := range teams {
		names[rota.ID(t.ID)] = t.Name
	}
	m := oncall.MyOnCall(all, rota.ID(currentUser(c).ID), at, myOnCallHorizon)
	dto := func(st oncall.Stint) stintDTO {
		return stintDTO{ScheduleID: st.ScheduleID, ScheduleName: st.ScheduleName, TeamID: st.TeamID, TeamName: names[st.TeamID],
			Tier: string(st.Tier), Start: st.Start.UTC(), End: st.End.UTC(), OpenEnded: st.OpenEnded}
	}
	current := make([]stintDTO, len(m.Current))
	for i, st := range m.Current {
		current[i] = dto(st)
	}
	var next *stintDTO
	if m.Next != nil {
		n := dto(*m.Next)
		next = &n
	}
	c.JSON(http.StatusOK, gin.H{"at": at, "current": current, "next": next})
}
