package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/authz"
	"github.com/rotaoncall/rota/pagerduty"
	"github.com/rotaoncall/rota/pagerduty/pdsync"
)

// PagerDutySync is the PagerDuty sync (pdsync.Service) behind Settings →
// PagerDuty.
type PagerDutySync interface {
	Connection(ctx context.Context) (pdsync.Status, error)
	Connect(ctx context.Context, actor int64, token string) (pdsync.Status, error)
	Disconnect(ctx context.Context) error
	Import(ctx context.Context, opts pdsync.ImportOptions) (*pdsync.ImportResult, error)
	LastImport(ctx context.Context) (last, applied *pdsync.ImportResult, err error)
	LastMirror(ctx context.Context) (*pdsync.MirrorResult, error)
}

// pagerDutyRoutes registers Settings → PagerDuty: all for organisation
// admins.
func (s *Server) pagerDutyRoutes(a *gin.RouterGroup) {
	g := a.Group("/pagerduty", s.require(authz.OrgManage), s.needPagerDuty)
	g.GET("/connection", s.getPDConnection)
	g.PUT("/connection", s.connectPD)
	g.DELETE("/connection", s.disconnectPD)
	g.GET("/sync", s.getPDSync)
	g.POST("/import", s.runPDImport)
}

func (s *Server) needPagerDuty(c *gin.Context) {
	if s.pagerduty == nil {
		s.fail(c, rota.Errorf(rota.EUnavailable, "the PagerDuty sync is not available on this server"))
		return
	}
	c.Next()
}

type pdConnectionDTO struct {
	Connected   bool       `json:"connected"`
	Source      string     `json:"source"`
	TokenLast4  string     `json:"token_last4"`
	Stored      bool       `json:"stored"`
	ConnectedAt *time.Time `json:"connected_at"`
	ConnectedBy string     `json:"connected_by"`
	APIURL      string     `json:"api_url"`
}

func toPDConnectionDTO(st pdsync.Status) pdConnectionDTO {
	d := pdConnectionDTO{Connected: st.Connected, Source: st.Source, TokenLast4: st.Last4, Stored: st.Stored, APIURL: st.APIURL}
	if !st.ConnectedAt.IsZero() {
		at := st.ConnectedAt.UTC()
		d.ConnectedAt = &at
	}
	if st.ConnectedBy != 0 {
		d.ConnectedBy = rota.ID(st.ConnectedBy)
	}
	return d
}

type pdProblemDTO struct {
	Kind   string `json:"kind"`
	ID     string `json:"id"`
	Name   string `json:"name"`
	Reason string `json:"reason"`
	Text   string `json:"text"`
}

type pdCheckDTO struct {
	PagerDutyID      string    `json:"pagerduty_id"`
	Team             string    `json:"team"`
	Name             string    `json:"name"`
	From             time.Time `json:"from"`
	To               time.Time `json:"to"`
	Faithful         bool      `json:"faithful"`
	Differences      []string  `json:"differences"`
	TotalDifferences int       `json:"total_differences"`
}

type pdFetchedDTO struct {
	Users     int `json:"users"`
	Teams     int `json:"teams"`
	Schedules int `json:"schedules"`
	Policies  int `json:"escalation_policies"`
	Services  int `json:"services"`
}

type pdImportDTO struct {
	ID         string         `json:"id"`
	DryRun     bool           `json:"dry_run"`
	Status     string         `json:"status"`
	Error      string         `json:"error"`
	ErrorLines []string       `json:"error_lines"`
	ActorID    string         `json:"actor_id"`
	StartedAt  time.Time      `json:"started_at"`
	FinishedAt time.Time      `json:"finished_at"`
	At         *time.Time     `json:"at"`
	Fetched    pdFetchedDTO   `json:"fetched"`
	Plan       []string       `json:"plan"`
	Summary    string         `json:"summary"`
	Notes      []string       `json:"notes"`
	Created    int            `json:"created"`
	Updated    int            `json:"updated"`
	Deleted    int            `json:"deleted"`
	Skipped    []pdProblemDTO `json:"skipped"`
	Changed    []pdProblemDTO `json:"changed"`
	Checks     []pdCheckDTO   `json:"checks"`
	Faithful   bool           `json:"faithful"`
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func toPDProblems(ps []pagerduty.Problem, action string) []pdProblemDTO {
	out := []pdProblemDTO{}
	for _, p := range ps {
		if p.Action == action {
			out = append(out, pdProblemDTO{Kind: p.Kind, ID: p.ID, Name: p.Name, Reason: p.Reason, Text: p.String()})
		}
	}
	return out
}

func toPDImportDTO(r *pdsync.ImportResult) *pdImportDTO {
	if r == nil {
		return nil
	}
	d := &pdImportDTO{ID: rota.ID(r.ID), DryRun: r.DryRun, Status: r.Status, Error: r.Error, ErrorLines: orEmpty(r.ErrorLines),
		StartedAt: r.StartedAt.UTC(), FinishedAt: r.FinishedAt.UTC(),
		Fetched: pdFetchedDTO{Users: r.Fetched.Users, Teams: r.Fetched.Teams, Schedules: r.Fetched.Schedules, Policies: r.Fetched.Policies, Services: r.Fetched.Services},
		Plan:    orEmpty(r.Plan), Summary: r.Summary, Notes: orEmpty(r.Notes), Created: r.Created, Updated: r.Updated, Deleted: r.Deleted,
		Skipped: toPDProblems(r.Problems, pagerduty.Skipped), Changed: toPDProblems(r.Problems, pagerduty.Changed),
		Checks: []pdCheckDTO{}, Faithful: r.Faithful}
	if r.ActorID != 0 {
		d.ActorID = rota.ID(r.ActorID)
	}
	if !r.At.IsZero() {
		at := r.At.UTC()
		d.At = &at
	}
	for _, c := range r.Checks {
		d.Checks = append(d.Checks, pdCheckDTO{PagerDutyID: c.PagerDutyID, Team: c.Team, Name: c.Name, From: c.From.UTC(), To: c.To.UTC(),
			Faithful: c.Total == 0, Differences: orEmpty(c.Differences), TotalDifferences: c.Total})
	}
	return d
}

type pdMirrorDTO struct {
	Schedule          string    `json:"schedule"`
	Tier              string    `json:"tier"`
	PagerDutySchedule string    `json:"pagerduty_schedule"`
	Status            string    `json:"status"`
	Error             string    `json:"error"`
	From              time.Time `json:"from"`
	To                time.Time `json:"to"`
	Lines             []string  `json:"lines"`
	Created           int       `json:"created"`
	Deleted           int       `json:"deleted"`
	Kept              int       `json:"kept"`
}

func toPDMirrorDTO(r *pdsync.MirrorResult) *pdMirrorDTO {
	if r == nil {
		return nil
	}
	tier := string(r.Target.Tier)
	if tier == "" {
		tier = "primary"
	}
	return &pdMirrorDTO{Schedule: r.ScheduleName, Tier: tier, PagerDutySchedule: r.Target.PagerDutySchedule, Status: r.Status, Error: r.Error,
		From: r.From.UTC(), To: r.To.UTC(), Lines: orEmpty(r.Lines), Created: r.Created, Deleted: r.Deleted, Kept: r.Kept}
}

func (s *Server) getPDConnection(c *gin.Context) {
	st, err := s.pagerduty.Connection(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"connection": toPDConnectionDTO(st)})
}

type pdConnectInput struct {
	Token string `json:"token"`
}

func (s *Server) connectPD(c *gin.Context) {
	var in pdConnectInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	st, err := s.pagerduty.Connect(c.Request.Context(), currentUser(c).ID, in.Token)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"connection": toPDConnectionDTO(st)})
}

func (s *Server) disconnectPD(c *gin.Context) {
	if err := s.pagerduty.Disconnect(c.Request.Context()); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) getPDSync(c *gin.Context) {
	ctx := c.Request.Context()
	st, err := s.pagerduty.Connection(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	last, applied, err := s.pagerduty.LastImport(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	mirror, err := s.pagerduty.LastMirror(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"connection": toPDConnectionDTO(st), "last_import": toPDImportDTO(last),
		"last_applied_import": toPDImportDTO(applied), "last_mirror": toPDMirrorDTO(mirror)})
}

type pdImportInput struct {
	DryRun     bool   `json:"dry_run"`
	Weeks      int    `json:"weeks"`
	Discipline string `json:"discipline"`
}

func (s *Server) runPDImport(c *gin.Context) {
	var in pdImportInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.pagerduty.Import(c.Request.Context(), pdsync.ImportOptions{DryRun: in.DryRun, Weeks: in.Weeks,
		Discipline: rota.Discipline(in.Discipline), ActorID: currentUser(c).ID})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"import": toPDImportDTO(res)})
}
