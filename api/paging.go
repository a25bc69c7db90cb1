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
	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
)

// PagingStore is the paging storage the handlers use.
type PagingStore interface {
	CreatePolicy(ctx context.Context, p paging.Policy) (paging.Policy, error)
	UpdatePolicy(ctx context.Context, p paging.Policy) (paging.Policy, error)
	DeletePolicy(ctx context.Context, id int64) error
	Policy(ctx context.Context, id int64) (paging.Policy, error)
	Policies(ctx context.Context, teamID int64) ([]paging.Policy, error)
	CreateService(ctx context.Context, s paging.Service) (paging.Service, error)
	UpdateService(ctx context.Context, s paging.Service) (paging.Service, error)
	DeleteService(ctx context.Context, id int64) error
	Service(ctx context.Context, id int64) (paging.Service, error)
	Services(ctx context.Context, teamID int64) ([]paging.Service, error)
	CreateIntegration(ctx context.Context, serviceID int64, name string, typ paging.IntegrationType, key string) (paging.Integration, error)
	RevokeIntegration(ctx context.Context, serviceID, id int64) error
	Integrations(ctx context.Context, serviceID int64) ([]paging.Integration, error)
	AddMaintenance(ctx context.Context, m paging.MaintenanceWindow) (paging.MaintenanceWindow, error)
	DeleteMaintenance(ctx context.Context, serviceID, id int64) error
	Maintenance(ctx context.Context, serviceID int64) ([]paging.MaintenanceWindow, error)
	RoutingRules(ctx context.Context) ([]paging.RoutingRule, error)
	SetRoutingRules(ctx context.Context, rules []paging.RoutingRule) ([]paging.RoutingRule, error)
	Alerts(ctx context.Context, f paging.AlertFilter) ([]paging.Alert, error)
	Alert(ctx context.Context, id int64) (paging.Alert, error)
	AlertTimeline(ctx context.Context, alertID int64) ([]paging.TimelineEntry, error)
	Pages(ctx context.Context, f paging.PageFilter) ([]paging.Page, error)
	PagedUsers(ctx context.Context, alertIDs []int64) (map[int64][]paging.Paged, error)
}

// PagingStatus says how pages leave Rota.
type PagingStatus struct {
	Sender  string // log, webhook, twilio
	Sending bool   // false: pages are only logged
}

// formatMinutes writes a duration as "0m", "5m", "1h30m".
func formatMinutes(d time.Duration) string {
	m := int(d / time.Minute)
	switch {
	case m == 0:
		return "0m"
	case m%60 == 0:
		return strconv.Itoa(m/60) + "h"
	case m > 60:
		return strconv.Itoa(m/60) + "h" + strconv.Itoa(m%60) + "m"
	}
	return strconv.Itoa(m) + "m"
}

// parseMinutes reads a duration in whole minutes ("5m", "1h", "90m").
func parseMinutes(field, v string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d%time.Minute != 0 || d < 0 {
		return 0, rota.Invalid(field, "write whole minutes like 0m, 5m or 1h, not %q", v)
	}
	return d, nil
}

type targetDTO struct {
	ScheduleID string `json:"schedule_id,omitempty"`
	Tier       string `json:"tier,omitempty"`
	UserID     string `json:"user_id,omitempty"`
}

type stepDTO struct {
	After   string      `json:"after"`
	Targets []targetDTO `json:"targets"`
}

type policyDTO struct {
	ID          string    `json:"id"`
	TeamID      string    `json:"team_id"`
	Name        string    `json:"name"`
	Repeat      int       `json:"repeat"`
	RepeatAfter string    `json:"repeat_after"`
	Steps       []stepDTO `json:"steps"`
	Version     int64     `json:"version"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func toPolicyDTO(p paging.Policy) policyDTO {
	d := policyDTO{ID: rota.ID(p.ID), TeamID: rota.ID(p.TeamID), Name: p.Name, Repeat: p.Repeat, RepeatAfter: formatMinutes(p.RepeatAfter),
		Steps: []stepDTO{}, Version: p.Version, UpdatedAt: p.UpdatedAt}
	for _, s := range p.Steps {
		sd := stepDTO{After: formatMinutes(s.After), Targets: []targetDTO{}}
		for _, t := range s.Targets {
			td := targetDTO{Tier: string(t.Tier)}
			if t.ScheduleID != 0 {
				td.ScheduleID = rota.ID(t.ScheduleID)
			}
			if t.UserID != 0 {
				td.UserID = rota.ID(t.UserID)
			}
			sd.Targets = append(sd.Targets, td)
		}
		d.Steps = append(d.Steps, sd)
	}
	return d
}

type policyInput struct {
	Name        string    `json:"name"`
	Repeat      int       `json:"repeat"`
	RepeatAfter string    `json:"repeat_after"`
	Steps       []stepDTO `json:"steps"`
	Version     int64     `json:"version"`
}

func (in policyInput) parse() (paging.Policy, error) {
	p := paging.Policy{Name: in.Name, Repeat: in.Repeat, Version: in.Version}
	if in.RepeatAfter != "" {
		d, err := parseMinutes("repeat_after", in.RepeatAfter)
		if err != nil {
			return p, err
		}
		p.RepeatAfter = d
	}
	for i, s := range in.Steps {
		f := fmt.Sprintf("steps[%d]", i)
		after, err := parseMinutes(f+".after", s.After)
		if err != nil {
			return p, err
		}
		st := paging.Step{After: after}
		for j, t := range s.Targets {
			tf := fmt.Sprintf("%s.targets[%d]", f, j)
			var tg paging.Target
			if t.ScheduleID != "" {
				if tg.ScheduleID = rota.ParseID(t.ScheduleID); tg.ScheduleID == 0 {
					return p, rota.Invalid(tf+".schedule_id", "not an id: %q", t.ScheduleID)
				}
				tg.Tier = scheduler.Tier(t.Tier)
				if tg.Tier == "" {
					tg.Tier = scheduler.TierPrimary
				}
			}
			if t.UserID != "" {
				if tg.UserID = rota.ParseID(t.UserID); tg.UserID == 0 {
					return p, rota.Invalid(tf+".user_id", "not an id: %q", t.UserID)
				}
			}
			st.Targets = append(st.Targets, tg)
		}
		p.Steps = append(p.Steps, st)
	}
	return p, nil
}

func (s *Server) listPolicies(c *gin.Context) {
	teamID, err := queryID(c, "team_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	ps, err := s.paging.Policies(c.Request.Context(), teamID)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]policyDTO, len(ps))
	for i, p := range ps {
		out[i] = toPolicyDTO(p)
	}
	c.JSON(http.StatusOK, gin.H{"policies": out})
}

func (s *Server) createPolicy(c *gin.Context) {
	teamID, ok := s.adminTeam(c)
	if !ok {
		return
	}
	var in policyInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	p, err := in.parse()
	if err != nil {
		s.fail(c, err)
		return
	}
	p.TeamID = teamID
	created, err := s.paging.CreatePolicy(c.Request.Context(), p)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.pagingChanged()
	c.JSON(http.StatusCreated, gin.H{"policy": toPolicyDTO(created)})
}

func (s *Server) loadPolicy(c *gin.Context) (paging.Policy, bool) {
	id, err := idParam(c, "policy_id")
	if err != nil {
		s.fail(c, err)
		return paging.Policy{}, false
	}
	p, err := s.paging.Policy(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return paging.Policy{}, false
	}
	return p, true
}

func (s *Server) getPolicy(c *gin.Context) {
	if p, ok := s.loadPolicy(c); ok {
		c.JSON(http.StatusOK, gin.H{"policy": toPolicyDTO(p)})
	}
}

func (s *Server) updatePolicy(c *gin.Context) {
	cur, ok := s.loadPolicy(c)
	if !ok || !s.requireTeamAdmin(c, cur.TeamID) {
		return
	}
	var in policyInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if in.Version == 0 {
		s.fail(c, rota.Invalid("version", "version is required: send the version you edited"))
		return
	}
	p, err := in.parse()
	if err != nil {
		s.fail(c, err)
		return
	}
	p.ID, p.TeamID = cur.ID, cur.TeamID
	updated, err := s.paging.UpdatePolicy(c.Request.Context(), p)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.pagingChanged()
	c.JSON(http.StatusOK, gin.H{"policy": toPolicyDTO(updated)})
}

func (s *Server) deletePolicy(c *gin.Context) {
	cur, ok := s.loadPolicy(c)
	if !ok || !s.requireTeamAdmin(c, cur.TeamID) {
		return
	}
	if err := s.paging.DeletePolicy(c.Request.Context(), cur.ID); err != nil {
		s.fail(c, err)
		return
	}
	s.pagingChanged()
	c.Status(http.StatusNoContent)
}

type hoursDTO struct {
	TimeZone string      `json:"time_zone"`
	Windows  []windowDTO `json:"windows"`
}

type maintenanceDTO struct {
	ID        string    `json:"id"`
	ServiceID string    `json:"service_id"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Reason    string    `json:"reason"`
}

type serviceDTO struct {
	ID                  string    `json:"id"`
	TeamID              string    `json:"team_id"`
	Name                string    `json:"name"`
	Description         string    `json:"description"`
	EscalationPolicyID  string    `json:"escalation_policy_id,omitempty"`
	Urgency             string    `json:"urgency"`
	BusinessHours       hoursDTO  `json:"business_hours"`
	HoldLowOutsideHours bool      `json:"hold_low_outside_hours"`
	Incidents           string    `json:"incidents"`
	Version             int64     `json:"version"`
	UpdatedAt           time.Time `json:"updated_at"`
}

func toServiceDTO(sv paging.Service) serviceDTO {
	d := serviceDTO{ID: rota.ID(sv.ID), TeamID: rota.ID(sv.TeamID), Name: sv.Name, Description: sv.Description, Urgency: string(sv.Urgency),
		BusinessHours: hoursDTO{TimeZone: sv.BusinessHours.TimeZone, Windows: toWindowDTOs(sv.BusinessHours.Windows)}, HoldLowOutsideHours: sv.HoldLowOutsideHours,
		Incidents: string(sv.Incidents), Version: sv.Version, UpdatedAt: sv.UpdatedAt}
	if d.Incidents == "" {
		d.Incidents = string(incident.Manual)
	}
	if sv.PolicyID != 0 {
		d.EscalationPolicyID = rota.ID(sv.PolicyID)
	}
	return d
}

type serviceInput struct {
	Name                string    `json:"name"`
	Description         string    `json:"description"`
	EscalationPolicyID  string    `json:"escalation_policy_id"`
	Urgency             string    `json:"urgency"`
	BusinessHours       *hoursDTO `json:"business_hours"`
	HoldLowOutsideHours bool      `json:"hold_low_outside_hours"`
	// Incidents is manual or auto; absent keeps the service's setting on
	// an update (manual for a new service).
	Incidents *string `json:"incidents"`
	Version   int64   `json:"version"`
}

func (in serviceInput) parse() (paging.Service, error) {
	sv := paging.Service{Name: in.Name, Description: strings.TrimSpace(in.Description), Urgency: paging.UrgencyRule(in.Urgency),
		HoldLowOutsideHours: in.HoldLowOutsideHours, Version: in.Version}
	if in.Incidents != nil {
		sv.Incidents = incident.Mode(*in.Incidents)
	}
	if in.EscalationPolicyID != "" {
		if sv.PolicyID = rota.ParseID(in.EscalationPolicyID); sv.PolicyID == 0 {
			return sv, rota.Invalid("escalation_policy_id", "not an id: %q", in.EscalationPolicyID)
		}
	}
	if in.BusinessHours != nil {
		sv.BusinessHours.TimeZone = strings.TrimSpace(in.BusinessHours.TimeZone)
		var err error
		if sv.BusinessHours.Windows, err = parseWindows("business_hours.windows", in.BusinessHours.Windows); err != nil {
			return sv, err
		}
	}
	return sv, nil
}

func (s *Server) listServices(c *gin.Context) {
	teamID, err := queryID(c, "team_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	svcs, err := s.paging.Services(c.Request.Context(), teamID)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]serviceDTO, len(svcs))
	for i, sv := range svcs {
		out[i] = toServiceDTO(sv)
	}
	c.JSON(http.StatusOK, gin.H{"services": out})
}

func (s *Server) createService(c *gin.Context) {
	teamID, ok := s.adminTeam(c)
	if !ok {
		return
	}
	var in serviceInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	sv, err := in.parse()
	if err != nil {
		s.fail(c, err)
		return
	}
	sv.TeamID = teamID
	created, err := s.paging.CreateService(c.Request.Context(), sv)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.pagingChanged()
	c.JSON(http.StatusCreated, gin.H{"service": toServiceDTO(created)})
}

func (s *Server) loadService(c *gin.Context) (paging.Service, bool) {
	id, err := idParam(c, "service_id")
	if err != nil {
		s.fail(c, err)
		return paging.Service{}, false
	}
	sv, err := s.paging.Service(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return paging.Service{}, false
	}
	return sv, true
}

func (s *Server) getService(c *gin.Context) {
	sv, ok := s.loadService(c)
	if !ok {
		return
	}
	ms, err := s.paging.Maintenance(c.Request.Context(), sv.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"service": toServiceDTO(sv), "maintenance": toMaintenanceDTOs(ms)})
}

func toMaintenanceDTOs(ms []paging.MaintenanceWindow) []maintenanceDTO {
	out := make([]maintenanceDTO, len(ms))
	for i, m := range ms {
		out[i] = maintenanceDTO{ID: rota.ID(m.ID), ServiceID: rota.ID(m.ServiceID), Start: m.Start, End: m.End, Reason: m.Reason}
	}
	return out
}

func (s *Server) updateService(c *gin.Context) {
	cur, ok := s.loadService(c)
	if !ok || !s.requireTeamAdmin(c, cur.TeamID) {
		return
	}
	var in serviceInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if in.Version == 0 {
		s.fail(c, rota.Invalid("version", "version is required: send the version you edited"))
		return
	}
	sv, err := in.parse()
	if err != nil {
		s.fail(c, err)
		return
	}
	sv.ID = cur.ID
	if in.Incidents == nil {
		sv.Incidents = cur.Incidents
	}
	updated, err := s.paging.UpdateService(c.Request.Context(), sv)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.pagingChanged()
	c.JSON(http.StatusOK, gin.H{"service": toServiceDTO(updated)})
}

func (s *Server) deleteService(c *gin.Context) {
	cur, ok := s.loadService(c)
	if !ok || !s.requireTeamAdmin(c, cur.TeamID) {
		return
	}
	if err := s.paging.DeleteService(c.Request.Context(), cur.ID); err != nil {
		s.fail(c, err)
		return
	}
	s.pagingChanged()
	c.Status(http.StatusNoContent)
}

type integrationDTO struct {
	ID        string     `json:"id"`
	ServiceID string     `json:"service_id"`
	Name      string     `json:"name"`
	Type      string     `json:"type"`
	Prefix    string     `json:"prefix"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at"`
}

func toIntegrationDTO(i paging.Integration) integrationDTO {
	return integrationDTO{ID: rota.ID(i.ID), ServiceID: rota.ID(i.ServiceID), Name: i.Name, Type: string(i.Type), Prefix: i.Prefix, CreatedAt: i.CreatedAt, RevokedAt: i.RevokedAt}
}

// intakeURL is where monitors send events with the key.
func (s *Server) intakeURL(typ paging.IntegrationType, key string) string {
	if typ == paging.PagerDuty {
		return s.publicURL + "/v2/enqueue"
	}
	return s.publicURL + "/api/v1/integrations/" + key + "/" + string(typ)
}

func (s *Server) listIntegrations(c *gin.Context) {
	sv, ok := s.loadService(c)
	if !ok {
		return
	}
	is, err := s.paging.Integrations(c.Request.Context(), sv.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]integrationDTO, len(is))
	for i, in := range is {
		out[i] = toIntegrationDTO(in)
	}
	c.JSON(http.StatusOK, gin.H{"integrations": out})
}

type integrationInput struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

func (s *Server) createIntegration(c *gin.Context) {
	sv, ok := s.loadService(c)
	if !ok || !s.requireTeamAdmin(c, sv.TeamID) {
		return
	}
	var in integrationInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	key := paging.NewIntegrationKey()
	created, err := s.paging.CreateIntegration(c.Request.Context(), sv.ID, in.Name, paging.IntegrationType(in.Type), key)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.pagingChanged()
	c.JSON(http.StatusCreated, gin.H{"integration": toIntegrationDTO(created), "key": key, "url": s.intakeURL(created.Type, key)})
}

func (s *Server) revokeIntegration(c *gin.Context) {
	sv, ok := s.loadService(c)
	if !ok || !s.requireTeamAdmin(c, sv.TeamID) {
		return
	}
	id, err := idParam(c, "integration_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.paging.RevokeIntegration(c.Request.Context(), sv.ID, id); err != nil {
		s.fail(c, err)
		return
	}
	s.pagingChanged()
	c.Status(http.StatusNoContent)
}

type maintenanceInput struct {
	Start  string `json:"start"`
	End    string `json:"end"`
	Reason string `json:"reason"`
}

func (s *Server) addMaintenance(c *gin.Context) {
	sv, ok := s.loadService(c)
	if !ok || !s.requireTeamAdmin(c, sv.TeamID) {
		return
	}
	var in maintenanceInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	m := paging.MaintenanceWindow{ServiceID: sv.ID, Reason: in.Reason, CreatedBy: currentUser(c).ID}
	var err error
	if m.Start, err = parseInstant("start", in.Start); err != nil {
		s.fail(c, err)
		return
	}
	if m.End, err = parseInstant("end", in.End); err != nil {
		s.fail(c, err)
		return
	}
	created, err := s.paging.AddMaintenance(c.Request.Context(), m)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.pagingChanged()
	c.JSON(http.StatusCreated, gin.H{"maintenance": toMaintenanceDTOs([]paging.MaintenanceWindow{created})[0]})
}

func (s *Server) deleteMaintenance(c *gin.Context) {
	sv, ok := s.loadService(c)
	if !ok || !s.requireTeamAdmin(c, sv.TeamID) {
		return
	}
	id, err := idParam(c, "maintenance_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.paging.DeleteMaintenance(c.Request.Context(), sv.ID, id); err != nil {
		s.fail(c, err)
		return
	}
	s.pagingChanged()
	c.Status(http.StatusNoContent)
}

type matchDTO struct {
	Label  string `json:"label,omitempty"`
	Field  string `json:"field,omitempty"`
	Equals string `json:"equals,omitempty"`
	Regex  string `json:"regex,omitempty"`
}

type ruleDTO struct {
	ID        string     `json:"id,omitempty"`
	Name      string     `json:"name"`
	Match     []matchDTO `json:"match"`
	ServiceID string     `json:"service_id"`
}

func toRuleDTOs(rules []paging.RoutingRule) []ruleDTO {
	out := make([]ruleDTO, len(rules))
	for i, r := range rules {
		out[i] = ruleDTO{ID: rota.ID(r.ID), Name: r.Name, ServiceID: rota.ID(r.ServiceID), Match: []matchDTO{}}
		for _, m := range r.Matches {
			md := matchDTO{Label: m.Label, Field: m.Field}
			if m.Op == "regex" {
				md.Regex = m.Value
			} else {
				md.Equals = m.Value
			}
			out[i].Match = append(out[i].Match, md)
		}
	}
	return out
}

func (s *Server) listRules(c *gin.Context) {
	rules, err := s.paging.RoutingRules(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"rules": toRuleDTOs(rules)})
}

type rulesInput struct {
	Rules []ruleDTO `json:"rules"`
}

func (s *Server) setRules(c *gin.Context) {
	var in rulesInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	rules := make([]paging.RoutingRule, len(in.Rules))
	for i, r := range in.Rules {
		f := fmt.Sprintf("rules[%d]", i)
		rules[i] = paging.RoutingRule{Name: r.Name, ServiceID: rota.ParseID(r.ServiceID)}
		if rules[i].ServiceID == 0 {
			s.fail(c, rota.Invalid(f+".service_id", "service_id must be an id"))
			return
		}
		for j, m := range r.Match {
			pm := paging.Match{Label: m.Label, Field: m.Field, Op: "equals", Value: m.Equals}
			switch {
			case m.Regex != "" && m.Equals != "":
				s.fail(c, rota.Invalid(fmt.Sprintf("%s.match[%d]", f, j), "a match has equals or regex, not both"))
				return
			case m.Regex != "":
				pm.Op, pm.Value = "regex", m.Regex
			}
			rules[i].Matches = append(rules[i].Matches, pm)
		}
	}
	out, err := s.paging.SetRoutingRules(c.Request.Context(), rules)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.pagingChanged()
	c.JSON(http.StatusOK, gin.H{"rules": toRuleDTOs(out)})
}

type alertDTO struct {
	ID          string            `json:"id"`
	ServiceID   string            `json:"service_id"`
	ServiceName string            `json:"service_name"`
	TeamID      string            `json:"team_id"`
	DedupKey    string            `json:"dedup_key"`
	Status      string            `json:"status"`
	Urgency     string            `json:"urgency"`
	Severity    string            `json:"severity"`
	Summary     string            `json:"summary"`
	Source      string            `json:"source"`
	Details     json.RawMessage   `json:"details"`
	Labels      map[string]string `json:"labels"`
	Count       int               `json:"count"`
	CreatedAt   time.Time         `json:"created_at"`
	LastSeenAt  time.Time         `json:"last_seen_at"`
	AckedAt     *time.Time        `json:"acked_at"`
	AckedBy     string            `json:"acked_by,omitempty"`
	ResolvedAt  *time.Time        `json:"resolved_at"`
	ResolvedBy  string            `json:"resolved_by,omitempty"`
	Held        bool              `json:"held"`
	HeldUntil   *time.Time        `json:"held_until"`
	Suppressed  bool              `json:"suppressed"`
	NextStepAt  *time.Time        `json:"next_step_at"`
	Step        int               `json:"step"`
	Loop        int               `json:"loop"`
	// Paged is who was paged for the alert (addPaged fills it in).
	Paged []pagedDTO `json:"paged,omitempty"`
}

func (s *Server) toAlertDTO(a paging.Alert, names map[int64]string) alertDTO {
	d := alertDTO{ID: rota.ID(a.ID), ServiceID: rota.ID(a.ServiceID), ServiceName: names[a.ServiceID], TeamID: rota.ID(a.TeamID), DedupKey: a.DedupKey,
		Status: string(a.Status), Urgency: string(a.Urgency), Severity: string(a.Severity), Summary: a.Summary, Source: a.Source, Details: a.Details,
		Labels: a.Labels, Count: a.Count, CreatedAt: a.CreatedAt, LastSeenAt: a.LastSeenAt, AckedAt: a.AckedAt, ResolvedAt: a.ResolvedAt,
		Held: a.HeldUntil != nil, HeldUntil: a.HeldUntil, Suppressed: a.Suppressed, NextStepAt: a.NextStepAt, Step: a.Step, Loop: a.Loop}
	if len(d.Details) == 0 {
		d.Details = json.RawMessage("{}")
	}
	if d.Labels == nil {
		d.Labels = map[string]string{}
	}
	if a.AckedBy != 0 {
		d.AckedBy = rota.ID(a.AckedBy)
	}
	if a.ResolvedBy != 0 {
		d.ResolvedBy = rota.ID(a.ResolvedBy)
	}
	return d
}

// serviceNames maps service ids to names from the paging configuration.
func (s *Server) serviceNames(ctx context.Context) map[int64]string {
	names := map[int64]string{}
	if s.pagingCfg == nil {
		return names
	}
	if cfg, err := s.pagingCfg.Get(ctx); err == nil {
		for id, sv := range cfg.Services {
			names[id] = sv.Name
		}
	}
	return names
}

func (s *Server) listAlerts(c *gin.Context) {
	f := paging.AlertFilter{Urgency: paging.Urgency(c.Query("urgency")), Held: c.Query("held") == "true"}
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"team_id", &f.TeamID}, {"service_id", &f.ServiceID}, {"before", &f.BeforeID}} {
		var err error
		if *p.dst, err = queryID(c, p.name); err != nil {
			s.fail(c, err)
			return
		}
	}
	if v := c.Query("status"); v != "" {
		for _, st := range strings.Split(v, ",") {
			switch paging.Status(st) {
			case paging.Triggered, paging.Acknowledged, paging.Resolved:
				f.Statuses = append(f.Statuses, paging.Status(st))
			case "open":
				f.Statuses = append(f.Statuses, paging.Triggered, paging.Acknowledged)
			default:
				s.fail(c, rota.Invalid("status", "status must be open, triggered, acknowledged or resolved (comma-separated)"))
				return
			}
		}
	}
	if f.Urgency != "" && f.Urgency != paging.High && f.Urgency != paging.Low {
		s.fail(c, rota.Invalid("urgency", "urgency must be high or low"))
		return
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			s.fail(c, rota.Invalid("limit", "limit must be 1 to 500"))
			return
		}
		f.Limit = n
	}
	as, err := s.paging.Alerts(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	names := s.serviceNames(c.Request.Context())
	out := make([]alertDTO, len(as))
	ptrs := make([]*alertDTO, len(as))
	for i, a := range as {
		out[i] = s.toAlertDTO(a, names)
		ptrs[i] = &out[i]
	}
	s.addPaged(c.Request.Context(), ptrs)
	c.JSON(http.StatusOK, gin.H{"alerts": out})
}

type timelineDTO struct {
	ID        string    `json:"id"`
	At        time.Time `json:"at"`
	Kind      string    `json:"kind"`
	Message   string    `json:"message"`
	ActorID   string    `json:"actor_id,omitempty"`
	ActorName string    `json:"actor_name,omitempty"`
}

type pageDTO struct {
	ID            string     `json:"id"`
	AlertID       string     `json:"alert_id"`
	UserID        string     `json:"user_id"`
	Channel       string     `json:"channel"`
	Shadow        bool       `json:"shadow"`
	Step          int        `json:"step"`
	Loop          int        `json:"loop"`
	Urgency       string     `json:"urgency"`
	Status        string     `json:"status"`
	Attempts      int        `json:"attempts"`
	NextAttemptAt time.Time  `json:"next_attempt_at"`
	CreatedAt     time.Time  `json:"created_at"`
	SentAt        *time.Time `json:"sent_at"`
	Error         string     `json:"error,omitempty"`
	Via           string     `json:"via"`
}

func toPageDTOs(ps []paging.Page) []pageDTO {
	out := make([]pageDTO, len(ps))
	for i, p := range ps {
		out[i] = pageDTO{ID: rota.ID(p.ID), AlertID: rota.ID(p.AlertID), UserID: rota.ID(p.UserID), Channel: string(p.Channel), Shadow: p.Shadow,
			Step: p.Step, Loop: p.Loop, Urgency: string(p.Urgency), Status: string(p.Status), Attempts: p.Attempts, NextAttemptAt: p.NextAttemptAt,
			CreatedAt: p.CreatedAt, SentAt: p.SentAt, Error: p.Error, Via: p.Via}
	}
	return out
}

func (s *Server) loadAlert(c *gin.Context) (paging.Alert, bool) {
	id, err := idParam(c, "alert_id")
	if err != nil {
		s.fail(c, err)
		return paging.Alert{}, false
	}
	a, err := s.paging.Alert(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return paging.Alert{}, false
	}
	return a, true
}

func (s *Server) getAlert(c *gin.Context) {
	a, ok := s.loadAlert(c)
	if !ok {
		return
	}
	tl, err := s.paging.AlertTimeline(c.Request.Context(), a.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	ps, err := s.paging.Pages(c.Request.Context(), paging.PageFilter{AlertID: a.ID, Limit: 500})
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]timelineDTO, len(tl))
	for i, e := range tl {
		out[i] = timelineDTO{ID: e.Ref, At: e.At, Kind: e.Kind, Message: e.Message, ActorName: e.ActorName}
		if e.ActorID != 0 {
			out[i].ActorID = rota.ID(e.ActorID)
		}
	}
	d := s.toAlertDTO(a, s.serviceNames(c.Request.Context()))
	s.addPaged(c.Request.Context(), []*alertDTO{&d})
	c.JSON(http.StatusOK, gin.H{"alert": d, "timeline": out, "pages": toPageDTOs(ps)})
}

// alertAction acknowledges, resolves or escalates one alert; the
// lifecycle checks the policy and decides.
func (s *Server) alertAction(action paging.AlertAction) gin.HandlerFunc {
	return func(c *gin.Context) {
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
		a, o, err := s.alerts.Act(c.Request.Context(), actor, action, id)
		if err != nil {
			s.fail(c, err)
			return
		}
		d := s.toAlertDTO(a, s.serviceNames(c.Request.Context()))
		s.addPaged(c.Request.Context(), []*alertDTO{&d})
		c.JSON(http.StatusOK, gin.H{"alert": d, "shadow_ack": o.ShadowAck})
	}
}

type bulkInput struct {
	AlertIDs []string `json:"alert_ids"`
}

// bulkAck acknowledges several alerts; it reports each one's result. Each
// goes through the same lifecycle (and policy) as a single acknowledgement.
func (s *Server) bulkAck(c *gin.Context) {
	var in bulkInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if len(in.AlertIDs) == 0 || len(in.AlertIDs) > 500 {
		s.fail(c, rota.Invalid("alert_ids", "send 1 to 500 alert ids"))
		return
	}
	type result struct {
		AlertID string `json:"alert_id"`
		Status  string `json:"status,omitempty"`
		Error   string `json:"error,omitempty"`
	}
	for i, v := range in.AlertIDs {
		if rota.ParseID(v) == 0 {
			s.fail(c, rota.Invalid(fmt.Sprintf("alert_ids[%d]", i), "not an id: %q", v))
			return
		}
	}
	actor, err := s.actor(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]result, 0, len(in.AlertIDs))
	for _, v := range in.AlertIDs {
		a, _, err := s.alerts.Act(c.Request.Context(), actor, paging.AlertAck, rota.ParseID(v))
		if err != nil {
			out = append(out, result{AlertID: v, Error: rota.ErrorMessage(err)})
			continue
		}
		out = append(out, result{AlertID: v, Status: string(a.Status)})
	}
	c.JSON(http.StatusOK, gin.H{"results": out})
}

func (s *Server) listPages(c *gin.Context) {
	var f paging.PageFilter
	var err error
	if f.UserID, err = queryID(c, "user_id"); err != nil {
		s.fail(c, err)
		return
	}
	if f.AlertID, err = queryID(c, "alert_id"); err != nil {
		s.fail(c, err)
		return
	}
	ps, err := s.paging.Pages(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"pages": toPageDTOs(ps)})
}

func (s *Server) pagingStatus(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"sender": s.pagingState.Sender, "sending": s.pagingState.Sending})
}

// pagingChanged makes this process see a configuration change at once.
func (s *Server) pagingChanged() {
	if s.pagingCfg != nil {
		s.pagingCfg.Invalidate()
	}
}
