package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/authz"
)

const sessionCookie = "rota_session"

// passwordRoute is where a user sets a new password: the one route a
// one-time password opens.
const passwordRoute = "/api/v1/me/password"

type userDTO struct {
	ID           string `json:"id"`
	Email        string `json:"email"`
	Name         string `json:"name"`
	Discipline   string `json:"discipline"`
	TimeZone     string `json:"time_zone"`
	WorkingHours string `json:"working_hours,omitempty"`
	Phone        string `json:"phone,omitempty"`
	HasPhone     bool   `json:"has_phone"`
	IsAdmin      bool   `json:"is_admin"`
	// HandoffNotices: the user is told at the start of their primary and
	// secondary shifts.
	HandoffNotices bool      `json:"handoff_notices"`
	CreatedAt      time.Time `json:"created_at"`
}

// toUserDTO is the user as the caller may see them: the phone number only
// for the user, organisation admins and admins of the user's teams
// (authz.PhoneView); to the others only that there is one.
func toUserDTO(u rota.User) userDTO {
	return userDTO{ID: formatID(u.ID), Email: u.Email, Name: u.Name, Discipline: string(u.Discipline), TimeZone: u.TimeZone,
		WorkingHours: u.WorkingHours, Phone: u.Phone, HasPhone: u.Phone != "", IsAdmin: u.IsAdmin, HandoffNotices: !u.HandoffNoticesOff, CreatedAt: u.CreatedAt}
}

// phoneFilter returns what hides phone numbers the caller may not see.
// The teams that matter are those the caller administers, so only their
// members are read.
func (s *Server) phoneFilter(c *gin.Context) (func(userDTO) userDTO, error) {
	a, err := s.actor(c)
	if err != nil {
		return nil, err
	}
	teamsOf := map[int64][]int64{}
	if !a.OrgAdmin {
		for teamID, role := range a.Roles {
			if role != rota.TeamAdmin {
				continue
			}
			ms, err := s.store.Members(c.Request.Context(), teamID)
			if err != nil {
				return nil, err
			}
			for _, m := range ms {
				teamsOf[m.User.ID] = append(teamsOf[m.User.ID], teamID)
			}
		}
	}
	return func(d userDTO) userDTO {
		id := rota.ParseID(d.ID)
		if !authz.May(a, authz.PhoneView, authz.Resource{UserID: id, UserTeams: teamsOf[id]}) {
			d.Phone = ""
		}
		return d
	}, nil
}

// me/permissions: what the signed-in user may do, so that the web app
// shows the controls the API will accept.
func (s *Server) myPermissions(c *gin.Context) {
	a, err := s.actor(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	teams, err := s.store.Teams(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	ids := make([]int64, len(teams))
	for i, t := range teams {
		ids[i] = t.ID
	}
	p := authz.PermissionsOf(a, ids)
	type teamPerms struct {
		TeamID string         `json:"team_id"`
		Role   string         `json:"role"`
		May    []authz.Action `json:"may"`
	}
	out := make([]teamPerms, len(p.Teams))
	for i, t := range p.Teams {
		out[i] = teamPerms{TeamID: formatID(t.TeamID), Role: string(t.Role), May: t.May}
	}
	c.JSON(http.StatusOK, gin.H{"permissions": gin.H{"org_admin": p.OrgAdmin, "org": p.Org, "teams": out}})
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (s *Server) login(c *gin.Context) {
	if ok, wait := s.loginRate.allow(c.ClientIP()); !ok {
		c.Header("Retry-After", retryAfter(wait))
		s.fail(c, rota.Errorf(rota.ERateLimited, "too many sign-in attempts; try again shortly"))
		return
	}
	var req loginRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	u, token, expires, err := s.auth.SignIn(c.Request.Context(), req.Email, req.Password)
	if err != nil {
		s.fail(c, err)
		return
	}
	// Max-Age (which clients prefer to Expires) counts from when the cookie
	// arrives, so a client whose clock disagrees with the server's keeps
	// the session for as long as the server does; Expires stays for
	// clients that know no Max-Age.
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", Expires: expires,
		MaxAge: max(int(expires.Sub(s.now()).Seconds()), 1), HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	c.JSON(http.StatusOK, gin.H{"user": toUserDTO(u), "must_change_password": u.MustChangePassword})
}

func (s *Server) logout(c *gin.Context) {
	if token, err := c.Cookie(sessionCookie); err == nil && token != "" {
		if err := s.auth.SignOut(c.Request.Context(), token); err != nil {
			s.fail(c, err)
			return
		}
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	c.Status(http.StatusNoContent)
}

func (s *Server) me(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"user": toUserDTO(currentUser(c))})
}

// userPatch holds the profile fields a PATCH may change; absent fields stay.
type userPatch struct {
	Email        *string `json:"email"`
	Name         *string `json:"name"`
	Discipline   *string `json:"discipline"`
	TimeZone     *string `json:"time_zone"`
	WorkingHours *string `json:"working_hours"`
	Phone        *string `json:"phone"`
	IsAdmin      *bool   `json:"is_admin"`
	// HandoffNotices is taken by PATCH /me only: an engineer's own choice.
	HandoffNotices *bool `json:"handoff_notices"`
}

func (p userPatch) apply(u *rota.User) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&u.Email, p.Email)
	set(&u.Name, p.Name)
	set(&u.TimeZone, p.TimeZone)
	set(&u.WorkingHours, p.WorkingHours)
	set(&u.Phone, p.Phone)
	if p.Discipline != nil {
		u.Discipline = rota.Discipline(*p.Discipline)
	}
	if p.IsAdmin != nil {
		u.IsAdmin = *p.IsAdmin
	}
}

func (s *Server) updateMe(c *gin.Context) {
	var p userPatch
	if err := bindJSON(c, &p); err != nil {
		s.fail(c, err)
		return
	}
	me := currentUser(c)
	if p.Phone != nil && *p.Phone != me.Phone && !s.setsPhones(c) {
		s.fail(c, &rota.Error{Code: rota.EInvalid, Field: "phone", Message: "add phone numbers under Settings → Contact methods: they are verified by a code first"})
		return
	}
	if p.IsAdmin != nil && *p.IsAdmin != me.IsAdmin && !s.allow(c, authz.UserSetAdmin, authz.Resource{UserID: me.ID}) {
		return
	}
	p.apply(&me)
	if p.HandoffNotices != nil {
		me.HandoffNoticesOff = !*p.HandoffNotices
	}
	u, err := s.store.UpdateUser(c.Request.Context(), me)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.auth.Forget(u.ID)
	c.JSON(http.StatusOK, gin.H{"user": toUserDTO(u)})
}

type passwordRequest struct {
	CurrentPassword string `json:"current_password"`
	Password        string `json:"password"`
}

func (s *Server) changePassword(c *gin.Context) {
	var req passwordRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	keep, _ := c.Cookie(sessionCookie)
	if err := s.auth.ChangePassword(c.Request.Context(), currentUser(c), req.CurrentPassword, req.Password, keep); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) listUsers(c *gin.Context) {
	users, err := s.store.Users(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	visible, err := s.phoneFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]userDTO, len(users))
	for i, u := range users {
		out[i] = visible(toUserDTO(u))
	}
	c.JSON(http.StatusOK, gin.H{"users": out})
}

type createUserRequest struct {
	Email        string `json:"email"`
	Name         string `json:"name"`
	Discipline   string `json:"discipline"`
	TimeZone     string `json:"time_zone"`
	WorkingHours string `json:"working_hours"`
	Phone        string `json:"phone"`
	IsAdmin      bool   `json:"is_admin"`
}

func (s *Server) createUser(c *gin.Context) {
	var req createUserRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	u, pw, err := s.auth.CreateUser(c.Request.Context(), rota.User{Email: req.Email, Name: req.Name,
		Discipline: rota.Discipline(req.Discipline), TimeZone: req.TimeZone, WorkingHours: req.WorkingHours, Phone: req.Phone, IsAdmin: req.IsAdmin})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"user": toUserDTO(u), "one_time_password": pw})
}

func (s *Server) getUser(c *gin.Context) {
	id, err := idParam(c, "user_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.store.User(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	visible, err := s.phoneFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"user": visible(toUserDTO(u))})
}

func (s *Server) updateUser(c *gin.Context) {
	id, err := idParam(c, "user_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if !s.allow(c, authz.UserEdit, authz.Resource{UserID: id}) {
		return
	}
	var p userPatch
	if err := bindJSON(c, &p); err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.store.User(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if p.IsAdmin != nil && *p.IsAdmin != u.IsAdmin && !s.allow(c, authz.UserSetAdmin, authz.Resource{UserID: id}) {
		return
	}
	if p.Phone != nil && *p.Phone != u.Phone && !s.setsPhones(c) {
		s.fail(c, &rota.Error{Code: rota.EInvalid, Field: "phone", Message: "add phone numbers under Settings → Contact methods: they are verified by a code first"})
		return
	}
	p.apply(&u)
	if u, err = s.store.UpdateUser(c.Request.Context(), u); err != nil {
		s.fail(c, err)
		return
	}
	s.auth.Forget(u.ID)
	c.JSON(http.StatusOK, gin.H{"user": toUserDTO(u)})
}

type tokenDTO struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

func toTokenDTO(t rota.APIToken) tokenDTO {
	return tokenDTO{ID: formatID(t.ID), Name: t.Name, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt, RevokedAt: t.RevokedAt}
}

func (s *Server) listTokens(c *gin.Context) {
	ts, err := s.store.APITokens(c.Request.Context(), currentUser(c).ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]tokenDTO, len(ts))
	for i, t := range ts {
		out[i] = toTokenDTO(t)
	}
	c.JSON(http.StatusOK, gin.H{"tokens": out})
}

type createTokenRequest struct {
	Name string `json:"name"`
}

func (s *Server) createToken(c *gin.Context) {
	var req createTokenRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	t, secret, err := s.auth.CreateToken(c.Request.Context(), currentUser(c).ID, req.Name)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"token": toTokenDTO(t), "secret": secret})
}

func (s *Server) revokeToken(c *gin.Context) {
	id, err := idParam(c, "token_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.store.RevokeAPIToken(c.Request.Context(), currentUser(c).ID, id); err != nil {
		s.fail(c, err)
		return
	}
	s.auth.Forget(currentUser(c).ID)
	c.Status(http.StatusNoContent)
}

func retryAfter(d time.Duration) string {
	secs := int(d.Seconds() + 0.999)
	if secs < 1 {
		secs = 1
	}
	return itoa(secs)
}

// resetPassword gives a user a new one-time password (organisation admins),
// for a first sign-in of users created by rota apply or a forgotten one.
func (s *Server) resetPassword(c *gin.Context) {
	id, err := idParam(c, "user_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.store.User(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	u, pw, err := s.auth.ResetPassword(c.Request.Context(), u.Email)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"user": toUserDTO(u), "one_time_password": pw})
}

// setsPhones: only organisation admins set a phone number without its
// verification by code (authz.OrgManage).
func (s *Server) setsPhones(c *gin.Context) bool {
	a, err := s.actor(c)
	return err == nil && authz.May(a, authz.OrgManage, authz.Resource{})
}
