package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/incident/incidents"
)

// recordChange reads a change event and stores it; the change is
// committed before the answer.
func (s *Server) recordChange(c *gin.Context, pathKey string) (incident.Change, bool, error) {
	if err := requireJSON(c.Request); err != nil {
		return incident.Change{}, false, err
	}
	body, err := readIntakeBody(c)
	if err != nil {
		return incident.Change{}, false, err
	}
	return s.incidents.RecordChange(c.Request.Context(), body, pathKey)
}

// intakeChange is POST /api/v1/integrations/{key}/change: PagerDuty's
// change event body, the key in the path.
func (s *Server) intakeChange(c *gin.Context) {
	ch, created, err := s.recordChange(c, c.Param("key"))
	var mbe *http.MaxBytesError
	if err != nil {
		if rota.ErrorCode(err) == rota.EInternal && !errors.As(err, &mbe) {
			s.log.Error("change event commit failed", "err", err)
			err = rota.Errorf(rota.EUnavailable, "the change event could not be stored; retry")
		}
		s.fail(c, err)
		return
	}
	outcome := "created"
	if !created {
		outcome = "duplicate"
	}
	c.JSON(http.StatusAccepted, gin.H{"status": "accepted", "change_id": rota.ID(ch.ID), "outcome": outcome})
}

// pagerDutyChange is POST /v2/change/enqueue, compatible with PagerDuty's
// Change Events API: routing_key is a Rota integration key, and the
// answers have PagerDuty's shape.
func (s *Server) pagerDutyChange(c *gin.Context) {
	_, _, err := s.recordChange(c, "")
	var mbe *http.MaxBytesError
	var problems *incident.ChangeEventError
	switch {
	case err == nil:
		c.JSON(http.StatusAccepted, gin.H{"status": "success", "message": "Change event processed"})
	case errors.As(err, &mbe), rota.IsCode(err, rota.ETooLarge):
		c.AbortWithStatusJSON(http.StatusRequestEntityTooLarge, gin.H{"status": "invalid event", "message": "Request body is larger than 512 KB", "errors": []string{"payload too large"}})
	case rota.IsCode(err, rota.EUnsupportedMedia):
		pdError(c, http.StatusUnsupportedMediaType, "'Content-Type' must be application/json")
	case errors.As(err, &problems):
		msgs := make([]string, len(problems.Problems))
		for i, p := range problems.Problems {
			msgs[i] = p.Message
		}
		pdError(c, http.StatusBadRequest, msgs...)
	case rota.IsCode(err, rota.ENotFound):
		pdError(c, http.StatusBadRequest, "Invalid routing key")
	case rota.IsCode(err, rota.EInvalid):
		pdError(c, http.StatusBadRequest, rota.ErrorMessage(err))
	default:
		s.log.Error("change event commit failed", "err", err)
		pdUnavailable(c)
	}
}

func (s *Server) listServiceChanges(c *gin.Context) {
	id, err := idParam(c, "service_id")
	if err != nil {
		s.fail(c, err)
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
	limit, err := limitParam(c, 1000)
	if err != nil {
		s.fail(c, err)
		return
	}
	cs, err := s.incidents.Changes(c.Request.Context(), id, from, to, limit)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"changes": toChangeDTOs(cs, s.serviceNames(c.Request.Context()))})
}

type figuresDTO struct {
	Deployments         int            `json:"deployments"`
	DeploymentsPerWeek  float64        `json:"deployments_per_week"`
	FailedDeployments   int            `json:"failed_deployments"`
	ChangeFailRate      float64        `json:"change_fail_rate"`
	LeadTimeSeconds     float64        `json:"lead_time_seconds"`
	LeadTimeSamples     int            `json:"lead_time_samples"`
	Incidents           int            `json:"incidents"`
	IncidentsBySeverity map[string]int `json:"incidents_by_severity"`
	MTTASeconds         float64        `json:"mtta_seconds"`
	Acknowledged        int            `json:"acknowledged"`
	MTTRSeconds         float64        `json:"mttr_seconds"`
	Resolved            int            `json:"resolved"`
	OpenActionItems     int            `json:"open_action_items"`
	OverdueActionItems  int            `json:"overdue_action_items"`
}

func toFiguresDTO(f incident.Figures) figuresDTO {
	d := figuresDTO{Deployments: f.Deployments, DeploymentsPerWeek: f.DeploymentsPerWeek, FailedDeployments: f.FailedDeployments,
		ChangeFailRate: f.ChangeFailRate, LeadTimeSeconds: f.LeadTime.Seconds(), LeadTimeSamples: f.LeadTimeSamples, Incidents: f.Incidents,
		IncidentsBySeverity: map[string]int{}, MTTASeconds: f.MTTA.Seconds(), Acknowledged: f.Acknowledged, MTTRSeconds: f.MTTR.Seconds(),
		Resolved: f.Resolved, OpenActionItems: f.OpenActionItems, OverdueActionItems: f.OverdueActionItems}
	for _, sev := range incident.Severities {
		d.IncidentsBySeverity[string(sev)] = f.BySeverity[sev]
	}
	return d
}

type serviceFiguresDTO struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	TeamID string `json:"team_id"`
	figuresDTO
}

type weekFiguresDTO struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	figuresDTO
}

type deliveryEngineerDTO struct {
	User          personRef        `json:"user"`
	Pages         int              `json:"pages"`
	ShadowPages   int              `json:"shadow_pages"`
	Interruptions interruptionsDTO `json:"interruptions"`
}

type pageLoadDTO struct {
	Pages         int                   `json:"pages"`
	ShadowPages   int                   `json:"shadow_pages"`
	Interruptions interruptionsDTO      `json:"interruptions"`
	Engineers     []deliveryEngineerDTO `json:"engineers"`
}

// dateOrInstant reads a query parameter as an RFC 3339 instant or a date
// (YYYY-MM-DD, midnight UTC).
func dateOrInstant(c *gin.Context, name string, def time.Time) (time.Time, error) {
	v := strings.TrimSpace(c.Query(name))
	if len(v) == len("2006-01-02") {
		if t, err := time.Parse(time.DateOnly, v); err == nil {
			return t.UTC(), nil
		}
	}
	return timeParam(c, name, def, false)
}

func (s *Server) deliveryMetrics(c *gin.Context) {
	var q incidents.DeliveryQuery
	var err error
	if q.TeamID, err = queryID(c, "team"); err != nil {
		s.fail(c, err)
		return
	}
	if q.ServiceID, err = queryID(c, "service"); err != nil {
		s.fail(c, err)
		return
	}
	if q.Period.To, err = dateOrInstant(c, "to", s.now().UTC()); err != nil {
		s.fail(c, err)
		return
	}
	if q.Period.From, err = dateOrInstant(c, "from", q.Period.To.Add(-28*24*time.Hour)); err != nil {
		s.fail(c, err)
		return
	}
	rep, err := s.incidents.Delivery(c.Request.Context(), q)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := gin.H{"from": rep.Query.Period.From, "to": rep.Query.Period.To, "time_zone": rep.Zone, "totals": toFiguresDTO(rep.Total),
		"services": []serviceFiguresDTO{}, "weeks": []weekFiguresDTO{}, "page_load": nil}
	if q.TeamID != 0 {
		out["team_id"] = rota.ID(q.TeamID)
	}
	if q.ServiceID != 0 {
		out["service_id"] = rota.ID(q.ServiceID)
	}
	svcs := make([]serviceFiguresDTO, len(rep.Services))
	for i, sf := range rep.Services {
		svcs[i] = serviceFiguresDTO{ID: rota.ID(sf.ID), Name: sf.Name, TeamID: rota.ID(sf.TeamID), figuresDTO: toFiguresDTO(sf.Figures)}
	}
	out["services"] = svcs
	weeks := make([]weekFiguresDTO, len(rep.Weeks))
	for i, w := range rep.Weeks {
		weeks[i] = weekFiguresDTO{From: w.From, To: w.To, figuresDTO: toFiguresDTO(w.Figures)}
	}
	out["weeks"] = weeks
	if l := rep.Load; l != nil {
		pl := pageLoadDTO{Pages: l.Pages, ShadowPages: l.ShadowPages, Interruptions: toInterruptionsDTO(l.Interruptions), Engineers: []deliveryEngineerDTO{}}
		for _, r := range l.Engineers {
			pl.Engineers = append(pl.Engineers, deliveryEngineerDTO{User: *personOf(rep.Names, r.UserID), Pages: r.Pages, ShadowPages: r.ShadowPages,
				Interruptions: toInterruptionsDTO(r.Interruptions)})
		}
		out["page_load"] = pl
	}
	c.JSON(http.StatusOK, out)
}
