package api

import (
	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota/authz"
)

const ctxActor = "rota.actor"

// actor is the caller as the authorization policy sees them: the user and
// their team roles, read once per request.
func (s *Server) actor(c *gin.Context) (authz.Actor, error) {
	if a, ok := c.Get(ctxActor); ok {
		return a.(authz.Actor), nil
	}
	me := currentUser(c)
	roles, err := s.store.TeamRoles(c.Request.Context(), me.ID)
	if err != nil {
		return authz.Actor{}, err
	}
	a := authz.NewActor(me, roles)
	c.Set(ctxActor, a)
	return a, nil
}

// allow asks the policy whether the caller may do act to r; when not (or
// when the facts cannot be read) it fails the request and returns false.
// Handlers call it before they read the body, so a refusal changes
// nothing and does not depend on what was sent.
func (s *Server) allow(c *gin.Context, act authz.Action, r authz.Resource) bool {
	a, err := s.actor(c)
	if err == nil {
		err = authz.Check(a, act, r)
	}
	if err != nil {
		s.fail(c, err)
		return false
	}
	return true
}

// require is allow as middleware, for actions on the organisation.
func (s *Server) require(act authz.Action) gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.allow(c, act, authz.Resource{}) {
			c.Next()
		}
	}
}
