package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
)

// POST /alerts/:alert_id/notes: a person's note on an alert's timeline,
// through the alert lifecycle (and its policy, authz.AlertAct).

type noteRequest struct {
	Text string `json:"text"`
}

func (s *Server) addAlertNote(c *gin.Context) {
	id, err := idParam(c, "alert_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	actor, err := s.actor(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var req noteRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	a, err := s.alerts.Note(c.Request.Context(), actor, id, req.Text)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := s.toAlertDTO(a, s.serviceNames(c.Request.Context()))
	s.addPaged(c.Request.Context(), []*alertDTO{&d})
	c.JSON(http.StatusCreated, gin.H{"alert": d})
}

type pagedDTO struct {
	UserID string `json:"user_id"`
	Name   string `json:"name"`
	Shadow bool   `json:"shadow"`
}

// addPaged fills in who was paged for each alert. Not knowing it leaves
// the lists empty rather than failing the answer: it is a column, not the
// alert.
func (s *Server) addPaged(ctx context.Context, ds []*alertDTO) {
	ids := make([]int64, 0, len(ds))
	for _, d := range ds {
		d.Paged = []pagedDTO{}
		ids = append(ids, rota.ParseID(d.ID))
	}
	paged, err := s.paging.PagedUsers(ctx, ids)
	if err != nil {
		s.log.WarnContext(ctx, "who was paged", "err", err)
		return
	}
	for _, d := range ds {
		for _, p := range paged[rota.ParseID(d.ID)] {
			d.Paged = append(d.Paged, pagedDTO{UserID: formatID(p.UserID), Name: p.Name, Shadow: p.Shadow})
		}
	}
}
