package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
)

// GET /escalation-policies/:policy_id/preview: who each step would page
// now (or at ?at=), resolved as escalation resolves it, and the services
// that page through the policy.

// PolicyPreviewer resolves a policy's steps at an instant (paging.Engine).
type PolicyPreviewer interface {
	Preview(ctx context.Context, policyID int64, at time.Time) (paging.PolicyPreview, error)
}

type previewTargetDTO struct {
	UserID string `json:"user_id"`
	Name   string `json:"name"`
	Shadow bool   `json:"shadow"`
	Via    string `json:"via"`
}

type previewStepDTO struct {
	After   string             `json:"after"`
	Targets []previewTargetDTO `json:"targets"`
	Notes   []string           `json:"notes"`
}

type previewServiceDTO struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func (s *Server) previewPolicy(c *gin.Context) {
	id, err := idParam(c, "policy_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	at, err := timeParam(c, "at", s.now().UTC(), false)
	if err != nil {
		s.fail(c, err)
		return
	}
	if s.preview == nil {
		s.fail(c, rota.Errorf(rota.EUnavailable, "previews are not available on this server"))
		return
	}
	p, err := s.preview.Preview(c.Request.Context(), id, at)
	if err != nil {
		s.fail(c, err)
		return
	}
	steps := make([]previewStepDTO, len(p.Steps))
	for i, st := range p.Steps {
		d := previewStepDTO{After: formatMinutes(st.After), Targets: make([]previewTargetDTO, len(st.Targets)), Notes: st.Notes}
		if d.Notes == nil {
			d.Notes = []string{}
		}
		for j, t := range st.Targets {
			d.Targets[j] = previewTargetDTO{UserID: rota.ID(t.UserID), Name: t.Name, Shadow: t.Shadow, Via: t.Via}
		}
		steps[i] = d
	}
	services := make([]previewServiceDTO, len(p.Services))
	for i, sv := range p.Services {
		services[i] = previewServiceDTO{ID: rota.ID(sv.ID), Name: sv.Name}
	}
	c.JSON(http.StatusOK, gin.H{"at": p.At.UTC(), "policy_id": rota.ID(p.Policy.ID), "steps": steps, "services": services})
}
