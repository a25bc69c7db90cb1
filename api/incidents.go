package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/authz"
	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/incident/incidents"
	"github.com/rotaoncall/rota/scheduler"
)

// Incidents is the incidents service (incidents.Service).
type Incidents interface {
	Open(ctx context.Context, actor authz.Actor, req incidents.OpenRequest) (incidents.Detail, error)
	List(ctx context.Context, f incidents.Filter) ([]incidents.Listed, incidents.Names, error)
	Get(ctx context.Context, id int64) (incidents.Detail, error)
	Edit(ctx context.Context, actor authz.Actor, id int64, e incident.Edit) (incidents.Detail, error)
	Link(ctx context.Context, actor authz.Actor, id int64, services, alerts []int64) (incidents.Detail, error)
	AddNote(ctx context.Context, actor authz.Actor, id int64, text string, corrects int64) (incidents.Detail, error)
	Move(ctx context.Context, actor authz.Actor, id int64, to incident.Status) (incidents.Detail, error)
	Review(ctx context.Context, id int64) (incidents.ReviewView, error)
	UpdateReview(ctx context.Context, actor authz.Actor, id int64, edit incident.Review) (incidents.ReviewView, error)
	SubmitReview(ctx context.Context, actor authz.Actor, id int64) (incidents.ReviewView, error)
	PublishReview(ctx context.Context, actor authz.Actor, id int64) (incidents.ReviewView, error)
	Markdown(ctx context.Context, id int64) (string, incidents.Record, error)
	ActionItems(ctx context.Context, f incidents.ItemFilter) ([]incidents.ItemView, error)
	RecordChange(ctx context.Context, body []byte, pathKey string) (incident.Change, bool, error)
	Changes(ctx context.Context, serviceID int64, from, to time.Time, limit int) ([]incident.Change, error)
	Delivery(ctx context.Context, q incidents.DeliveryQuery) (incidents.DeliveryReport, error)
}

// incidentRoutes registers the incident, review, action-item, change and
// delivery-metric routes on the signed-in group.
func (s *Server) incidentRoutes(a *gin.RouterGroup) {
	a.GET("/incidents", s.listIncidents)
	a.POST("/incidents", s.createIncident)
	a.GET("/incidents/:incident_id", s.getIncident)
	a.PATCH("/incidents/:incident_id", s.editIncident)
	a.POST("/incidents/:incident_id/links", s.linkIncident)
	a.POST("/incidents/:incident_id/notes", s.addIncidentNote)
	a.POST("/incidents/:incident_id/acknowledge", s.moveIncident(incident.Acknowledged))
	a.POST("/incidents/:incident_id/mitigate", s.moveIncident(incident.Mitigated))
	a.POST("/incidents/:incident_id/resolve", s.moveIncident(incident.Resolved))
	a.GET("/incidents/:incident_id/review", s.getReview)
	a.PUT("/incidents/:incident_id/review", s.updateReview)
	a.POST("/incidents/:incident_id/review/submit", s.reviewStep(false))
	a.POST("/incidents/:incident_id/review/publish", s.reviewStep(true))
	a.GET("/incidents/:incident_id/review.md", s.reviewMarkdown)
	a.GET("/action-items", s.listActionItems)
	a.GET("/services/:service_id/changes", s.listServiceChanges)
	a.GET("/metrics/delivery", s.deliveryMetrics)
}

type personRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func personOf(n incidents.Names, id int64) *personRef {
	if id == 0 {
		return nil
	}
	return &personRef{ID: rota.ID(id), Name: n.User(id)}
}

type serviceRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type reviewStateDTO struct {
	// Status is draft, in_review, published, or none.
	Status  string     `json:"status"`
	DueAt   *time.Time `json:"due_at"`
	Overdue bool       `json:"overdue"`
}

type incidentDTO struct {
	ID             string         `json:"id"`
	Title          string         `json:"title"`
	Severity       string         `json:"severity"`
	Status         string         `json:"status"`
	TeamID         string         `json:"team_id"`
	TeamName       string         `json:"team_name"`
	Commander      *personRef     `json:"commander"`
	OpenedBy       *personRef     `json:"opened_by"`
	Responders     []personRef    `json:"responders"`
	Services       []serviceRef   `json:"services"`
	AlertCount     int            `json:"alert_count"`
	StartedAt      time.Time      `json:"started_at"`
	DetectedAt     time.Time      `json:"detected_at"`
	AcknowledgedAt *time.Time     `json:"acknowledged_at"`
	MitigatedAt    *time.Time     `json:"mitigated_at"`
	ResolvedAt     *time.Time     `json:"resolved_at"`
	Review         reviewStateDTO `json:"review"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
}

func toIncidentDTO(r incidents.Record, st incidents.ReviewState, n incidents.Names) incidentDTO {
	d := incidentDTO{ID: rota.ID(r.ID), Title: r.Title, Severity: string(r.Severity), Status: string(r.Status), TeamID: rota.ID(r.TeamID),
		TeamName: n.Teams[r.TeamID], Commander: personOf(n, r.CommanderID), OpenedBy: personOf(n, r.OpenedBy), Responders: []personRef{},
		Services: []serviceRef{}, AlertCount: r.AlertCount, StartedAt: r.StartedAt, DetectedAt: r.DetectedAt, AcknowledgedAt: r.AcknowledgedAt,
		MitigatedAt: r.MitigatedAt, ResolvedAt: r.ResolvedAt, Review: reviewStateDTO{Status: string(st.Status), DueAt: st.Due, Overdue: st.Overdue},
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if d.Review.Status == "" {
		d.Review.Status = "none"
	}
	for _, u := range r.Responders {
		d.Responders = append(d.Responders, *personOf(n, u))
	}
	for _, sv := range r.Services {
		d.Services = append(d.Services, serviceRef{ID: rota.ID(sv), Name: n.Service(sv)})
	}
	return d
}

type entryDTO struct {
	Seq         int64      `json:"seq"`
	At          time.Time  `json:"at"`
	Kind        string     `json:"kind"`
	Description string     `json:"description"`
	Actor       *personRef `json:"actor,omitempty"`
	User        *personRef `json:"user,omitempty"`
	AlertID     string     `json:"alert_id,omitempty"`
	ServiceID   string     `json:"service_id,omitempty"`
	ServiceName string     `json:"service_name,omitempty"`
	ChangeID    string     `json:"change_id,omitempty"`
	Channel     string     `json:"channel,omitempty"`
	Shadow      bool       `json:"shadow,omitempty"`
	From        string     `json:"from,omitempty"`
	To          string     `json:"to,omitempty"`
	Field       string     `json:"field,omitempty"`
	Text        string     `json:"text,omitempty"`
	Corrects    int64      `json:"corrects,omitempty"`
}

func optID(id int64) string {
	if id == 0 {
		return ""
	}
	return rota.ID(id)
}

func toEntryDTOs(tl []incident.Entry, n incidents.Names) []entryDTO {
	out := make([]entryDTO, len(tl))
	for i, e := range tl {
		out[i] = entryDTO{Seq: e.Seq, At: e.At, Kind: string(e.Kind), Description: incident.Describe(e, n.User, n.Service, nil),
			Actor: personOf(n, e.ActorID), User: personOf(n, e.UserID), AlertID: optID(e.AlertID), ServiceID: optID(e.ServiceID),
			ServiceName: n.Service(e.ServiceID), ChangeID: optID(e.ChangeID), Channel: e.Channel, Shadow: e.Shadow, From: string(e.From),
			To: string(e.To), Field: e.Field, Text: e.Text, Corrects: e.Corrects}
	}
	return out
}

type linkDTO struct {
	Href string `json:"href"`
	Text string `json:"text"`
}

type imageDTO struct {
	Src  string `json:"src"`
	Href string `json:"href,omitempty"`
	Alt  string `json:"alt,omitempty"`
}

type changeDTO struct {
	ID              string          `json:"id"`
	ServiceID       string          `json:"service_id"`
	ServiceName     string          `json:"service_name"`
	Summary         string          `json:"summary"`
	Source          string          `json:"source"`
	Timestamp       time.Time       `json:"timestamp"`
	CommittedAt     *time.Time      `json:"committed_at"`
	LeadTimeSeconds *float64        `json:"lead_time_seconds"`
	CustomDetails   json.RawMessage `json:"custom_details"`
	Links           []linkDTO       `json:"links"`
	Images          []imageDTO      `json:"images"`
	ReceivedAt      time.Time       `json:"received_at"`
}

func toChangeDTO(c incident.Change, names map[int64]string) changeDTO {
	d := changeDTO{ID: rota.ID(c.ID), ServiceID: rota.ID(c.ServiceID), ServiceName: names[c.ServiceID], Summary: c.Summary, Source: c.Source,
		Timestamp: c.Timestamp, CommittedAt: c.CommittedAt, CustomDetails: c.CustomDetails, Links: []linkDTO{}, Images: []imageDTO{}, ReceivedAt: c.ReceivedAt}
	if lt, ok := c.LeadTime(); ok {
		secs := lt.Seconds()
		d.LeadTimeSeconds = &secs
	}
	if len(d.CustomDetails) == 0 {
		d.CustomDetails = json.RawMessage("{}")
	}
	for _, l := range c.Links {
		d.Links = append(d.Links, linkDTO{Href: l.Href, Text: l.Text})
	}
	for _, im := range c.Images {
		d.Images = append(d.Images, imageDTO{Src: im.Src, Href: im.Href, Alt: im.Alt})
	}
	return d
}

func toChangeDTOs(cs []incident.Change, names map[int64]string) []changeDTO {
	out := make([]changeDTO, len(cs))
	for i, c := range cs {
		out[i] = toChangeDTO(c, names)
	}
	return out
}

// incidentBody is the answer of every incident route but the list: the
// incident with its timeline, alerts and suspect changes.
func (s *Server) incidentBody(d incidents.Detail) gin.H {
	alerts := make([]alertDTO, len(d.Alerts))
	for i, a := range d.Alerts {
		alerts[i] = s.toAlertDTO(a, d.Names.Services)
	}
	return gin.H{"incident": toIncidentDTO(d.Record, d.Review, d.Names), "timeline": toEntryDTOs(d.Timeline, d.Names), "alerts": alerts,
		"changes": toChangeDTOs(d.Suspects, d.Names.Services)}
}

// listParam splits a comma-separated query parameter.
func listParam(c *gin.Context, name string) []string {
	var out []string
	// Comma-separated, or the parameter repeated: both mean every value.
	for _, q := range c.QueryArray(name) {
		for _, v := range strings.Split(q, ",") {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

func (s *Server) listIncidents(c *gin.Context) {
	var f incidents.Filter
	for _, v := range listParam(c, "status") {
		if v == "open" {
			f.Statuses = append(f.Statuses, incident.Triggered, incident.Acknowledged, incident.Mitigated)
			continue
		}
		st, err := incident.ParseStatus(v)
		if err != nil {
			s.fail(c, rota.Invalid("status", "status must be open, triggered, acknowledged, mitigated or resolved (comma-separated)"))
			return
		}
		f.Statuses = append(f.Statuses, st)
	}
	for _, v := range listParam(c, "severity") {
		sev, err := incident.ParseSeverity(v)
		if err != nil {
			s.fail(c, err)
			return
		}
		f.Severities = append(f.Severities, sev)
	}
	switch c.Query("review") {
	case "":
	case "overdue":
		f.ReviewOverdue = true
	default:
		s.fail(c, rota.Invalid("review", "review must be overdue"))
		return
	}
	var err error
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"team", &f.TeamID}, {"service", &f.ServiceID}, {"before", &f.BeforeID}} {
		if *p.dst, err = queryID(c, p.name); err != nil {
			s.fail(c, err)
			return
		}
	}
	if f.From, err = timeParam(c, "from", time.Time{}, false); err != nil {
		s.fail(c, err)
		return
	}
	if f.To, err = timeParam(c, "to", time.Time{}, false); err != nil {
		s.fail(c, err)
		return
	}
	if f.Limit, err = limitParam(c, 500); err != nil {
		s.fail(c, err)
		return
	}
	ls, names, err := s.incidents.List(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]incidentDTO, len(ls))
	for i, l := range ls {
		out[i] = toIncidentDTO(l.Record, l.Review, names)
	}
	c.JSON(http.StatusOK, gin.H{"incidents": out})
}

func limitParam(c *gin.Context, max int) (int, error) {
	v := c.Query("limit")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > max {
		return 0, rota.Invalid("limit", "limit must be 1 to %d", max)
	}
	return n, nil
}

type incidentInput struct {
	Title       string   `json:"title"`
	Severity    string   `json:"severity"`
	TeamID      string   `json:"team_id"`
	CommanderID string   `json:"commander_id"`
	ServiceIDs  []string `json:"service_ids"`
	AlertIDs    []string `json:"alert_ids"`
	StartedAt   string   `json:"started_at"`
	DetectedAt  string   `json:"detected_at"`
}

func parseIDs(field string, vs []string) ([]int64, error) {
	out := make([]int64, len(vs))
	for i, v := range vs {
		if out[i] = rota.ParseID(v); out[i] == 0 {
			return nil, rota.Invalid(fmt.Sprintf("%s[%d]", field, i), "not an id: %q", v)
		}
	}
	return out, nil
}

func optionalID(field, v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	id := rota.ParseID(v)
	if id == 0 {
		return 0, rota.Invalid(field, "not an id: %q", v)
	}
	return id, nil
}

func optionalInstant(field, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	return parseInstant(field, v)
}

func (in incidentInput) parse() (incidents.OpenRequest, error) {
	var req incidents.OpenRequest
	var err error
	req.Title = in.Title
	if in.Severity == "" {
		return req, rota.Invalid("severity", "severity is required: SEV1, SEV2, SEV3 or SEV4")
	}
	if req.Severity, err = incident.ParseSeverity(in.Severity); err != nil {
		return req, err
	}
	if req.TeamID, err = optionalID("team_id", in.TeamID); err != nil {
		return req, err
	}
	if req.CommanderID, err = optionalID("commander_id", in.CommanderID); err != nil {
		return req, err
	}
	if req.Services, err = parseIDs("service_ids", in.ServiceIDs); err != nil {
		return req, err
	}
	if req.Alerts, err = parseIDs("alert_ids", in.AlertIDs); err != nil {
		return req, err
	}
	if req.StartedAt, err = optionalInstant("started_at", in.StartedAt); err != nil {
		return req, err
	}
	if req.DetectedAt, err = optionalInstant("detected_at", in.DetectedAt); err != nil {
		return req, err
	}
	return req, nil
}

func (s *Server) createIncident(c *gin.Context) {
	var in incidentInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	req, err := in.parse()
	if err != nil {
		s.fail(c, err)
		return
	}
	actor, err := s.actor(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.incidents.Open(c.Request.Context(), actor, req)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, s.incidentBody(d))
}

func (s *Server) getIncident(c *gin.Context) {
	id, err := idParam(c, "incident_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.incidents.Get(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.incidentBody(d))
}

// incidentStep runs one change of an incident on behalf of the caller and
// answers with the incident.
func (s *Server) incidentStep(c *gin.Context, status int, step func(ctx context.Context, actor authz.Actor, id int64) (incidents.Detail, error)) {
	id, err := idParam(c, "incident_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	actor, err := s.actor(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	d, err := step(c.Request.Context(), actor, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(status, s.incidentBody(d))
}

type incidentEditInput struct {
	Title       *string `json:"title"`
	Severity    *string `json:"severity"`
	CommanderID *string `json:"commander_id"`
	StartedAt   *string `json:"started_at"`
}

func (in incidentEditInput) parse() (incident.Edit, error) {
	e := incident.Edit{Title: in.Title}
	if in.Severity != nil {
		sev, err := incident.ParseSeverity(*in.Severity)
		if err != nil {
			return e, err
		}
		e.Severity = &sev
	}
	if in.CommanderID != nil {
		id, err := optionalID("commander_id", *in.CommanderID)
		if err != nil {
			return e, err
		}
		e.CommanderID = &id
	}
	if in.StartedAt != nil {
		t, err := parseInstant("started_at", *in.StartedAt)
		if err != nil {
			return e, err
		}
		e.StartedAt = &t
	}
	return e, nil
}

func (s *Server) editIncident(c *gin.Context) {
	var in incidentEditInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	e, err := in.parse()
	if err != nil {
		s.fail(c, err)
		return
	}
	s.incidentStep(c, http.StatusOK, func(ctx context.Context, actor authz.Actor, id int64) (incidents.Detail, error) {
		return s.incidents.Edit(ctx, actor, id, e)
	})
}

type linksInput struct {
	ServiceIDs []string `json:"service_ids"`
	AlertIDs   []string `json:"alert_ids"`
}

func (s *Server) linkIncident(c *gin.Context) {
	var in linksInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	svcs, err := parseIDs("service_ids", in.ServiceIDs)
	if err != nil {
		s.fail(c, err)
		return
	}
	alerts, err := parseIDs("alert_ids", in.AlertIDs)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.incidentStep(c, http.StatusOK, func(ctx context.Context, actor authz.Actor, id int64) (incidents.Detail, error) {
		return s.incidents.Link(ctx, actor, id, svcs, alerts)
	})
}

type noteInput struct {
	Text     string `json:"text"`
	Corrects int64  `json:"corrects"`
}

func (s *Server) addIncidentNote(c *gin.Context) {
	var in noteInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	s.incidentStep(c, http.StatusCreated, func(ctx context.Context, actor authz.Actor, id int64) (incidents.Detail, error) {
		return s.incidents.AddNote(ctx, actor, id, in.Text, in.Corrects)
	})
}

// moveIncident moves an incident forward to the status.
func (s *Server) moveIncident(to incident.Status) gin.HandlerFunc {
	return func(c *gin.Context) {
		s.incidentStep(c, http.StatusOK, func(ctx context.Context, actor authz.Actor, id int64) (incidents.Detail, error) {
			return s.incidents.Move(ctx, actor, id, to)
		})
	}
}

type actionItemDTO struct {
	ID            string `json:"id"`
	Title         string `json:"title"`
	Owner         string `json:"owner"`
	Due           string `json:"due"`
	Status        string `json:"status"`
	Link          string `json:"link"`
	Overdue       bool   `json:"overdue"`
	IncidentID    string `json:"incident_id,omitempty"`
	IncidentTitle string `json:"incident_title,omitempty"`
}

// toInterruptionsDTO is a responder's interruptions in the load report's
// shape (interruptionsDTO, api/load.go).
func toInterruptionsDTO(n incident.Interruptions) interruptionsDTO {
	return interruptionsDTO{Total: n.Total, Business: n.Business, OffHours: n.OffHours, Sleep: n.Sleep}
}

type responderDTO struct {
	User           personRef        `json:"user"`
	Pages          int              `json:"pages"`
	ShadowPages    int              `json:"shadow_pages"`
	Interruptions  interruptionsDTO `json:"interruptions"`
	FirstPagedAt   *time.Time       `json:"first_paged_at"`
	EngagedSeconds float64          `json:"engaged_seconds"`
}

func toResponderDTOs(rs []incident.Responder, n incidents.Names) []responderDTO {
	out := make([]responderDTO, len(rs))
	for i, r := range rs {
		out[i] = responderDTO{User: *personOf(n, r.UserID), Pages: r.Pages, ShadowPages: r.ShadowPages, Interruptions: toInterruptionsDTO(r.Interruptions),
			EngagedSeconds: r.Engaged.Seconds()}
		if !r.FirstPagedAt.IsZero() {
			t := r.FirstPagedAt
			out[i].FirstPagedAt = &t
		}
	}
	return out
}

type reviewDTO struct {
	IncidentID          string          `json:"incident_id"`
	Status              string          `json:"status"`
	Summary             string          `json:"summary"`
	Impact              string          `json:"impact"`
	ContributingFactors []string        `json:"contributing_factors"`
	WentWell            []string        `json:"went_well"`
	WasHard             []string        `json:"was_hard"`
	ActionItems         []actionItemDTO `json:"action_items"`
	MeetingDate         string          `json:"meeting_date,omitempty"`
	SubmittedAt         *time.Time      `json:"submitted_at"`
	SubmittedBy         *personRef      `json:"submitted_by"`
	PublishedAt         *time.Time      `json:"published_at"`
	PublishedBy         *personRef      `json:"published_by"`
	// ResponderLoad is Rota's section, from the page records: not editable.
	ResponderLoad []responderDTO `json:"responder_load"`
}

func nonNilStrings(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func toReviewDTO(v incidents.ReviewView) reviewDTO {
	r, n := v.Review, v.Names
	d := reviewDTO{IncidentID: rota.ID(r.IncidentID), Status: string(r.Status), Summary: r.Summary, Impact: r.Impact,
		ContributingFactors: nonNilStrings(r.ContributingFactors), WentWell: nonNilStrings(r.WentWell), WasHard: nonNilStrings(r.WasHard),
		ActionItems: []actionItemDTO{}, SubmittedAt: r.SubmittedAt, SubmittedBy: personOf(n, r.SubmittedBy), PublishedAt: r.PublishedAt,
		PublishedBy: personOf(n, r.PublishedBy), ResponderLoad: toResponderDTOs(v.Responders, n)}
	if r.MeetingDate != nil {
		d.MeetingDate = r.MeetingDate.String()
	}
	for _, a := range r.ActionItems {
		d.ActionItems = append(d.ActionItems, actionItemDTO{ID: rota.ID(a.ID), Title: a.Title, Owner: a.Owner, Due: a.Due.String(), Status: string(a.Status), Link: a.Link})
	}
	return d
}

func (s *Server) incidentID(c *gin.Context) (int64, authz.Actor, bool) {
	id, err := idParam(c, "incident_id")
	if err == nil {
		var actor authz.Actor
		if actor, err = s.actor(c); err == nil {
			return id, actor, true
		}
	}
	s.fail(c, err)
	return 0, authz.Actor{}, false
}

func (s *Server) getReview(c *gin.Context) {
	id, err := idParam(c, "incident_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	v, err := s.incidents.Review(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"review": toReviewDTO(v)})
}

type actionItemInput struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Owner  string `json:"owner"`
	Due    string `json:"due"`
	Status string `json:"status"`
	Link   string `json:"link"`
}

type reviewInput struct {
	Summary             string            `json:"summary"`
	Impact              string            `json:"impact"`
	ContributingFactors []string          `json:"contributing_factors"`
	WentWell            []string          `json:"went_well"`
	WasHard             []string          `json:"was_hard"`
	ActionItems         []actionItemInput `json:"action_items"`
	MeetingDate         string            `json:"meeting_date"`
}

func (in reviewInput) parse() (incident.Review, error) {
	r := incident.Review{Summary: in.Summary, Impact: in.Impact, ContributingFactors: in.ContributingFactors, WentWell: in.WentWell, WasHard: in.WasHard}
	if strings.TrimSpace(in.MeetingDate) != "" {
		d, err := scheduler.ParseDate(strings.TrimSpace(in.MeetingDate))
		if err != nil {
			return r, rota.Invalid("meeting_date", "meeting_date must be a date like 2026-11-30, not %q", in.MeetingDate)
		}
		r.MeetingDate = &d
	}
	for i, a := range in.ActionItems {
		f := fmt.Sprintf("action_items[%d].", i)
		it := incident.ActionItem{Title: a.Title, Owner: a.Owner, Status: incident.ActionStatus(strings.TrimSpace(a.Status)), Link: a.Link}
		if a.ID != "" {
			if it.ID = rota.ParseID(a.ID); it.ID == 0 {
				return r, rota.Invalid(f+"id", "not an id: %q", a.ID)
			}
		}
		if strings.TrimSpace(a.Due) == "" {
			return r, rota.Invalid(f+"due", "an action item needs a due date")
		}
		d, err := scheduler.ParseDate(strings.TrimSpace(a.Due))
		if err != nil {
			return r, rota.Invalid(f+"due", "due must be a date like 2026-11-30, not %q", a.Due)
		}
		it.Due = d
		r.ActionItems = append(r.ActionItems, it)
	}
	return r, nil
}

func (s *Server) updateReview(c *gin.Context) {
	var in reviewInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	edit, err := in.parse()
	if err != nil {
		s.fail(c, err)
		return
	}
	id, actor, ok := s.incidentID(c)
	if !ok {
		return
	}
	v, err := s.incidents.UpdateReview(c.Request.Context(), actor, id, edit)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"review": toReviewDTO(v)})
}

// reviewStep submits or publishes a review.
func (s *Server) reviewStep(publish bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, actor, ok := s.incidentID(c)
		if !ok {
			return
		}
		step := s.incidents.SubmitReview
		if publish {
			step = s.incidents.PublishReview
		}
		v, err := step(c.Request.Context(), actor, id)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"review": toReviewDTO(v)})
	}
}

func (s *Server) reviewMarkdown(c *gin.Context) {
	id, err := idParam(c, "incident_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	md, rec, err := s.incidents.Markdown(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`inline; filename="incident-%d-review.md"`, rec.ID))
	c.Data(http.StatusOK, "text/markdown; charset=utf-8", []byte(md))
}

func (s *Server) listActionItems(c *gin.Context) {
	f := incidents.ItemFilter{Owner: c.Query("owner")}
	for _, v := range listParam(c, "status") {
		st := incident.ActionStatus(v)
		switch {
		case v == "pending":
			f.Statuses = append(f.Statuses, incident.ActionOpen, incident.ActionInProgress)
		case st.Valid():
			f.Statuses = append(f.Statuses, st)
		default:
			s.fail(c, rota.Invalid("status", "status must be pending, open, in_progress, done or wont_do (comma-separated)"))
			return
		}
	}
	var err error
	if f.TeamID, err = queryID(c, "team"); err != nil {
		s.fail(c, err)
		return
	}
	if f.Limit, err = limitParam(c, 1000); err != nil {
		s.fail(c, err)
		return
	}
	items, err := s.incidents.ActionItems(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]actionItemDTO, len(items))
	for i, it := range items {
		out[i] = actionItemDTO{ID: rota.ID(it.ID), Title: it.Title, Owner: it.Owner, Due: it.Due.String(), Status: string(it.Status), Link: it.Link,
			Overdue: it.Overdue, IncidentID: rota.ID(it.IncidentID), IncidentTitle: it.IncidentTitle}
	}
	c.JSON(http.StatusOK, gin.H{"action_items": out})
}
