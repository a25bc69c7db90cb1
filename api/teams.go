package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/authz"
)

type teamDTO struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

func toTeamDTO(t rota.Team) teamDTO {
	return teamDTO{ID: formatID(t.ID), Name: t.Name, CreatedAt: t.CreatedAt}
}

type memberDTO struct {
	User userDTO `json:"user"`
	Role string  `json:"role"`
}

func (s *Server) listTeams(c *gin.Context) {
	teams, err := s.store.Teams(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]teamDTO, len(teams))
	for i, t := range teams {
		out[i] = toTeamDTO(t)
	}
	c.JSON(http.StatusOK, gin.H{"teams": out})
}

type createTeamRequest struct {
	Name string `json:"name"`
}

func (s *Server) createTeam(c *gin.Context) {
	var req createTeamRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	t, err := s.store.CreateTeam(c.Request.Context(), rota.Team{Name: req.Name})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"team": toTeamDTO(t)})
}

func (s *Server) getTeam(c *gin.Context) {
	id, err := idParam(c, "team_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	t, err := s.store.Team(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"team": toTeamDTO(t)})
}

func (s *Server) listMembers(c *gin.Context) {
	id, err := idParam(c, "team_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.store.Team(c.Request.Context(), id); err != nil {
		s.fail(c, err)
		return
	}
	ms, err := s.store.Members(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	visible, err := s.phoneFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]memberDTO, len(ms))
	for i, m := range ms {
		out[i] = memberDTO{User: visible(toUserDTO(m.User)), Role: string(m.Role)}
	}
	c.JSON(http.StatusOK, gin.H{"members": out})
}

// requireTeamAdmin lets only the team's admins (and organisation admins)
// through, failing the request when not.
func (s *Server) requireTeamAdmin(c *gin.Context, teamID int64) bool {
	return s.allow(c, authz.TeamManage, authz.Team(teamID))
}

type setMemberRequest struct {
	Role string `json:"role"`
}

func (s *Server) setMember(c *gin.Context) {
	teamID, err := idParam(c, "team_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	userID, err := idParam(c, "user_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.store.Team(c.Request.Context(), teamID); err != nil {
		s.fail(c, err)
		return
	}
	if !s.requireTeamAdmin(c, teamID) {
		return
	}
	var req setMemberRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.store.SetMember(c.Request.Context(), teamID, userID, rota.TeamRole(req.Role)); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) removeMember(c *gin.Context) {
	teamID, err := idParam(c, "team_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	userID, err := idParam(c, "user_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if !s.requireTeamAdmin(c, teamID) {
		return
	}
	if err := s.store.RemoveMember(c.Request.Context(), teamID, userID); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func itoa(n int) string { return strconv.Itoa(n) }

// adminTeam reads the team in the path and lets only its admins (and
// organisation admins) through; ok is false when the request has failed.
func (s *Server) adminTeam(c *gin.Context) (int64, bool) {
	teamID, err := idParam(c, "team_id")
	if err != nil {
		s.fail(c, err)
		return 0, false
	}
	if _, err := s.store.Team(c.Request.Context(), teamID); err != nil {
		s.fail(c, err)
		return 0, false
	}
	if !s.requireTeamAdmin(c, teamID) {
		return 0, false
	}
	return teamID, true
}
