package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/authz"
)

// POST /teams/:team_id/invites: a team admin (or an organisation admin)
// creates a user as a member of the team; the answer carries the new
// user's one-time password, shown once. Adding an existing user is PUT
// /teams/:team_id/members/:user_id.

type inviteRequest struct {
	Email        string `json:"email"`
	Name         string `json:"name"`
	Discipline   string `json:"discipline"`
	TimeZone     string `json:"time_zone"`
	WorkingHours string `json:"working_hours"`
	Phone        string `json:"phone"`
	Role         string `json:"role"`
}

func (s *Server) inviteMember(c *gin.Context) {
	teamID, err := idParam(c, "team_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.store.Team(c.Request.Context(), teamID); err != nil {
		s.fail(c, err)
		return
	}
	if !s.allow(c, authz.TeamInvite, authz.Team(teamID)) {
		return
	}
	var req inviteRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if req.Phone != "" && !s.setsPhones(c) {
		s.fail(c, &rota.Error{Code: rota.EInvalid, Field: "phone", Message: "leave the phone out: the new engineer adds their number under Settings → Contact methods, where it is verified by a code"})
		return
	}
	u, pw, err := s.auth.Invite(c.Request.Context(), rota.User{Email: req.Email, Name: req.Name, Discipline: rota.Discipline(req.Discipline),
		TimeZone: req.TimeZone, WorkingHours: req.WorkingHours, Phone: req.Phone}, teamID, rota.TeamRole(req.Role))
	if err != nil {
		s.fail(c, err)
		return
	}
	role := req.Role
	if role == "" {
		role = string(rota.TeamMember)
	}
	c.JSON(http.StatusCreated, gin.H{"user": toUserDTO(u), "role": role, "one_time_password": pw})
}
