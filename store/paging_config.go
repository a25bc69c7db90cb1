package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/scheduler"
)

type policyRow struct {
	ID                 int64 `gorm:"primaryKey"`
	TeamID             int64
	Name               string
	Repeat             int
	RepeatAfterSeconds int
	Steps              string
	Version            int64
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

func (policyRow) TableName() string { return "escalation_policies" }

type stepJSON struct {
	AfterSeconds int          `json:"after_seconds"`
	Targets      []targetJSON `json:"targets"`
}

type targetJSON struct {
	ScheduleID int64  `json:"schedule_id,omitempty"`
	Tier       string `json:"tier,omitempty"`
	UserID     int64  `json:"user_id,omitempty"`
}

func (r policyRow) domain() (paging.Policy, error) {
	p := paging.Policy{ID: r.ID, TeamID: r.TeamID, Name: r.Name, Repeat: r.Repeat, RepeatAfter: time.Duration(r.RepeatAfterSeconds) * time.Second,
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	var steps []stepJSON
	if err := json.Unmarshal([]byte(r.Steps), &steps); err != nil {
		return p, fmt.Errorf("policy %d steps: %w", r.ID, err)
	}
	for _, s := range steps {
		st := paging.Step{After: time.Duration(s.AfterSeconds) * time.Second}
		for _, t := range s.Targets {
			st.Targets = append(st.Targets, paging.Target{ScheduleID: t.ScheduleID, Tier: scheduler.Tier(t.Tier), UserID: t.UserID})
		}
		p.Steps = append(p.Steps, st)
	}
	return p, nil
}

func encodeSteps(steps []paging.Step) string {
	out := make([]stepJSON, len(steps))
	for i, s := range steps {
		out[i].AfterSeconds = int(s.After / time.Second)
		for _, t := range s.Targets {
			out[i].Targets = append(out[i].Targets, targetJSON{ScheduleID: t.ScheduleID, Tier: string(t.Tier), UserID: t.UserID})
		}
	}
	b, _ := json.Marshal(out)
	return string(b)
}

type serviceRow struct {
	ID                  int64 `gorm:"primaryKey"`
	TeamID              int64
	Name                string
	Description         string
	PolicyID            *int64
	Urgency             string
	HoursTimeZone       string
	HoursWindows        string
	HoldLowOutsideHours bool
	Incidents           string
	Version             int64
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

func (serviceRow) TableName() string { return "services" }

func (r serviceRow) domain() (paging.Service, error) {
	s := paging.Service{ID: r.ID, TeamID: r.TeamID, Name: r.Name, Description: r.Description, Urgency: paging.UrgencyRule(r.Urgency),
		HoldLowOutsideHours: r.HoldLowOutsideHours, Incidents: incident.Mode(r.Incidents), Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	if s.Incidents == "" {
		s.Incidents = incident.Manual
	}
	if r.PolicyID != nil {
		s.PolicyID = *r.PolicyID
	}
	ws, err := decodeWindows(r.HoursWindows)
	if err != nil {
		return s, fmt.Errorf("service %d hours: %w", r.ID, err)
	}
	s.BusinessHours = paging.BusinessHours{TimeZone: r.HoursTimeZone, Windows: ws}
	return s, nil
}

type maintenanceRow struct {
	ID        int64 `gorm:"primaryKey"`
	ServiceID int64
	StartAt   time.Time
	EndAt     time.Time
	Reason    string
	CreatedBy *int64
	CreatedAt time.Time
}

func (maintenanceRow) TableName() string { return "maintenance_windows" }

func (r maintenanceRow) domain() paging.MaintenanceWindow {
	m := paging.MaintenanceWindow{ID: r.ID, ServiceID: r.ServiceID, Start: r.StartAt.UTC(), End: r.EndAt.UTC(), Reason: r.Reason}
	if r.CreatedBy != nil {
		m.CreatedBy = *r.CreatedBy
	}
	return m
}

type integrationRow struct {
	ID        int64 `gorm:"primaryKey"`
	ServiceID int64
	Name      string
	Type      string
	KeyHash   string
	Prefix    string
	CreatedAt time.Time
	RevokedAt *time.Time
}

func (integrationRow) TableName() string { return "integrations" }

func (r integrationRow) domain() paging.Integration {
	return paging.Integration{ID: r.ID, ServiceID: r.ServiceID, Name: r.Name, Type: paging.IntegrationType(r.Type), Prefix: r.Prefix,
		CreatedAt: r.CreatedAt.UTC(), RevokedAt: utcPtr(r.RevokedAt)}
}

type ruleRow struct {
	ID        int64 `gorm:"primaryKey"`
	Position  int
	Name      string
	Matches   string
	ServiceID int64
}

func (ruleRow) TableName() string { return "routing_rules" }

// bumpPaging marks the paging configuration changed, so every process's
// cache reloads it.
func bumpPaging(tx *gorm.DB) error {
	return tx.Exec("UPDATE config_revisions SET revision = revision + 1 WHERE name = 'paging'").Error
}

// PagingRevision returns the paging configuration's revision.
func (db *DB) PagingRevision(ctx context.Context) (int64, error) {
	var rev int64
	err := db.gorm.WithContext(ctx).Raw("SELECT revision FROM config_revisions WHERE name = 'paging'").Scan(&rev).Error
	return rev, translate(err, "configuration")
}

// PagingConfig loads services, policies, active integrations, current and
// future maintenance and routing rules as one view.
func (db *DB) PagingConfig(ctx context.Context) (*paging.Config, error) {
	cfg := &paging.Config{Services: map[int64]*paging.ServiceConfig{}, Policies: map[int64]*paging.Policy{}, Integrations: map[string]paging.IntegrationRef{}}
	err := db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Raw("SELECT revision FROM config_revisions WHERE name = 'paging'").Scan(&cfg.Revision).Error; err != nil {
			return err
		}
		var svcs []serviceRow
		if err := tx.Find(&svcs).Error; err != nil {
			return err
		}
		for _, r := range svcs {
			s, err := r.domain()
			if err != nil {
				return err
			}
			h, err := paging.CompileHours(s.BusinessHours)
			if err != nil {
				return fmt.Errorf("service %s business hours: %w", s.Name, err)
			}
			cfg.Services[s.ID] = &paging.ServiceConfig{Service: s, Hours: h}
		}
		var ms []maintenanceRow
		if err := tx.Where("end_at > ?", db.Now().Add(-time.Minute)).Find(&ms).Error; err != nil {
			return err
		}
		for _, m := range ms {
			if s := cfg.Services[m.ServiceID]; s != nil {
				s.Maintenance = append(s.Maintenance, m.domain())
			}
		}
		var pols []policyRow
		if err := tx.Find(&pols).Error; err != nil {
			return err
		}
		for _, r := range pols {
			p, err := r.domain()
			if err != nil {
				return err
			}
			cfg.Policies[p.ID] = &p
		}
		var ints []integrationRow
		if err := tx.Where("revoked_at IS NULL").Find(&ints).Error; err != nil {
			return err
		}
		for _, r := range ints {
			cfg.Integrations[r.KeyHash] = paging.IntegrationRef{ID: r.ID, ServiceID: r.ServiceID, Type: paging.IntegrationType(r.Type), Name: r.Name}
		}
		rules, err := loadRules(tx)
		if err != nil {
			return err
		}
		cfg.Rules = rules
		return nil
	})
	if err != nil {
		return nil, translate(err, "paging configuration")
	}
	router, err := paging.NewRouter(cfg.Rules)
	if err != nil {
		return nil, fmt.Errorf("stored routing rules: %w", err)
	}
	cfg.Router = router
	return cfg, nil
}

func loadRules(tx *gorm.DB) ([]paging.RoutingRule, error) {
	var rows []ruleRow
	if err := tx.Order("position, id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]paging.RoutingRule, len(rows))
	for i, r := range rows {
		out[i] = paging.RoutingRule{ID: r.ID, Position: r.Position, Name: r.Name, ServiceID: r.ServiceID}
		if err := json.Unmarshal([]byte(r.Matches), &out[i].Matches); err != nil {
			return nil, fmt.Errorf("routing rule %d: %w", r.ID, err)
		}
	}
	return out, nil
}

// validatePolicyTargets checks that the steps' schedules and users exist.
func validatePolicyTargets(tx *gorm.DB, p paging.Policy) error {
	var members []int64
	if err := tx.Model(&teamMemberRow{}).Where("team_id = ?", p.TeamID).Pluck("user_id", &members).Error; err != nil {
		return fmt.Errorf("members of team %d: %w", p.TeamID, err)
	}
	for i, s := range p.Steps {
		for j, t := range s.Targets {
			f := fmt.Sprintf("steps[%d].targets[%d]", i, j)
			if t.ScheduleID != 0 {
				if err := tx.Take(&scheduleRow{}, t.ScheduleID).Error; err != nil {
					if rota.IsCode(translate(err, "x"), rota.ENotFound) {
						return rota.Invalid(f+".schedule_id", "no schedule with id %d", t.ScheduleID)
					}
					return err
				}
			}
			if t.UserID != 0 {
				if err := tx.Take(&userRow{}, t.UserID).Error; err != nil {
					if rota.IsCode(translate(err, "x"), rota.ENotFound) {
						return rota.Invalid(f+".user_id", "no user with id %d", t.UserID)
					}
					return err
				}
			}
		}
	}
	return p.CheckMembers(func(id int64) bool { return slices.Contains(members, id) })
}

// CreatePolicy stores a new escalation policy for its team.
func (db *DB) CreatePolicy(ctx context.Context, p paging.Policy) (paging.Policy, error) {
	if err := p.Validate(); err != nil {
		return paging.Policy{}, err
	}
	var id int64
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Take(&teamRow{}, p.TeamID).Error; err != nil {
			return translate(err, "team")
		}
		if err := validatePolicyTargets(tx, p); err != nil {
			return err
		}
		row := policyRow{TeamID: p.TeamID, Name: p.Name, Repeat: p.Repeat, RepeatAfterSeconds: int(p.RepeatAfter / time.Second), Steps: encodeSteps(p.Steps), Version: 1}
		if err := tx.Create(&row).Error; err != nil {
			if err = translate(err, "policy"); rota.IsCode(err, rota.EConflict) {
				return &rota.Error{Code: rota.EConflict, Field: "name", Message: "the team already has a policy named " + p.Name}
			}
			return err
		}
		id = row.ID
		return bumpPaging(tx)
	})
	if err != nil {
		return paging.Policy{}, translate(err, "policy")
	}
	return db.Policy(ctx, id)
}

// UpdatePolicy replaces a policy; p.Version must be the version edited.
func (db *DB) UpdatePolicy(ctx context.Context, p paging.Policy) (paging.Policy, error) {
	if err := p.Validate(); err != nil {
		return paging.Policy{}, err
	}
	err := db.tx(ctx, func(tx *gorm.DB) error {
		var cur policyRow
		if err := tx.Select("team_id").Take(&cur, p.ID).Error; err != nil {
			return translate(err, "policy")
		}
		p.TeamID = cur.TeamID
		if err := validatePolicyTargets(tx, p); err != nil {
			return err
		}
		res := tx.Model(&policyRow{}).Where("id = ? AND version = ?", p.ID, p.Version).Updates(map[string]any{
			"name": p.Name, "repeat": p.Repeat, "repeat_after_seconds": int(p.RepeatAfter / time.Second), "steps": encodeSteps(p.Steps),
			"version": gorm.Expr("version + 1"), "updated_at": db.Now()})
		if res.Error != nil {
			if err := translate(res.Error, "policy"); rota.IsCode(err, rota.EConflict) {
				return &rota.Error{Code: rota.EConflict, Field: "name", Message: "the team already has a policy named " + p.Name}
			}
			return res.Error
		}
		if res.RowsAffected == 0 {
			if err := tx.Take(&policyRow{}, p.ID).Error; err != nil {
				return translate(err, "policy")
			}
			return &rota.Error{Code: rota.EConflict, Field: "version", Message: "the policy was changed by someone else; reload and try again"}
		}
		return bumpPaging(tx)
	})
	if err != nil {
		return paging.Policy{}, translate(err, "policy")
	}
	return db.Policy(ctx, p.ID)
}

// DeletePolicy removes a policy; services using it keep their alerts but
// stop paging until given another.
func (db *DB) DeletePolicy(ctx context.Context, id int64) error {
	return db.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Delete(&policyRow{}, id)
		if res.Error != nil {
			return translate(res.Error, "policy")
		}
		if res.RowsAffected == 0 {
			return rota.Errorf(rota.ENotFound, "policy not found")
		}
		return bumpPaging(tx)
	})
}

// Policy returns one policy.
func (db *DB) Policy(ctx context.Context, id int64) (paging.Policy, error) {
	var row policyRow
	if err := db.gorm.WithContext(ctx).Take(&row, id).Error; err != nil {
		return paging.Policy{}, translate(err, "policy")
	}
	return row.domain()
}

// Policies lists policies, a team's or all (teamID 0).
func (db *DB) Policies(ctx context.Context, teamID int64) ([]paging.Policy, error) {
	q := db.gorm.WithContext(ctx).Order("team_id, name")
	if teamID != 0 {
		q = q.Where("team_id = ?", teamID)
	}
	var rows []policyRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err, "policies")
	}
	out := make([]paging.Policy, 0, len(rows))
	for _, r := range rows {
		p, err := r.domain()
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// validateService asks paging whether the service is right, with the facts
// it needs from the rows (its policy's team).
func validateService(tx *gorm.DB, s *paging.Service) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if s.PolicyID == 0 {
		return nil
	}
	var p policyRow
	err := tx.Select("id, team_id").Take(&p, s.PolicyID).Error
	if err != nil && !rota.IsCode(translate(err, "x"), rota.ENotFound) {
		return err
	}
	return s.CheckPolicy(p.TeamID, err == nil)
}

func serviceRowFrom(s paging.Service) serviceRow {
	r := serviceRow{TeamID: s.TeamID, Name: s.Name, Description: s.Description, Urgency: string(s.Urgency),
		HoursTimeZone: s.BusinessHours.TimeZone, HoursWindows: encodeWindows(s.BusinessHours.Windows), HoldLowOutsideHours: s.HoldLowOutsideHours, Incidents: string(s.Incidents), Version: 1}
	if r.Incidents == "" {
		r.Incidents = string(incident.Manual)
	}
	if s.PolicyID != 0 {
		r.PolicyID = &s.PolicyID
	}
	return r
}

// CreateService stores a new service.
func (db *DB) CreateService(ctx context.Context, s paging.Service) (paging.Service, error) {
	var id int64
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Take(&teamRow{}, s.TeamID).Error; err != nil {
			return translate(err, "team")
		}
		if err := validateService(tx, &s); err != nil {
			return err
		}
		row := serviceRowFrom(s)
		if err := tx.Create(&row).Error; err != nil {
			if err = translate(err, "service"); rota.IsCode(err, rota.EConflict) {
				return &rota.Error{Code: rota.EConflict, Field: "name", Message: "a service named " + s.Name + " already exists"}
			}
			return err
		}
		id = row.ID
		return bumpPaging(tx)
	})
	if err != nil {
		return paging.Service{}, translate(err, "service")
	}
	return db.Service(ctx, id)
}

// UpdateService replaces a service's settings; s.Version must match.
func (db *DB) UpdateService(ctx context.Context, s paging.Service) (paging.Service, error) {
	err := db.tx(ctx, func(tx *gorm.DB) error {
		var cur serviceRow
		if err := tx.Take(&cur, s.ID).Error; err != nil {
			return translate(err, "service")
		}
		s.TeamID = cur.TeamID
		if err := validateService(tx, &s); err != nil {
			return err
		}
		row := serviceRowFrom(s)
		res := tx.Model(&serviceRow{}).Where("id = ? AND version = ?", s.ID, s.Version).Updates(map[string]any{
			"name": row.Name, "description": row.Description, "policy_id": row.PolicyID, "urgency": row.Urgency,
			"hours_time_zone": row.HoursTimeZone, "hours_windows": row.HoursWindows, "hold_low_outside_hours": row.HoldLowOutsideHours,
			"incidents": row.Incidents, "version": gorm.Expr("version + 1"), "updated_at": db.Now()})
		if res.Error != nil {
			if err := translate(res.Error, "service"); rota.IsCode(err, rota.EConflict) {
				return &rota.Error{Code: rota.EConflict, Field: "name", Message: "a service named " + s.Name + " already exists"}
			}
			return res.Error
		}
		if res.RowsAffected == 0 {
			return &rota.Error{Code: rota.EConflict, Field: "version", Message: "the service was changed by someone else; reload and try again"}
		}
		return bumpPaging(tx)
	})
	if err != nil {
		return paging.Service{}, translate(err, "service")
	}
	return db.Service(ctx, s.ID)
}

// DeleteService removes a service with its integrations and alerts.
func (db *DB) DeleteService(ctx context.Context, id int64) error {
	return db.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Delete(&serviceRow{}, id)
		if res.Error != nil {
			return translate(res.Error, "service")
		}
		if res.RowsAffected == 0 {
			return rota.Errorf(rota.ENotFound, "service not found")
		}
		return bumpPaging(tx)
	})
}

// Service returns one service.
func (db *DB) Service(ctx context.Context, id int64) (paging.Service, error) {
	var row serviceRow
	if err := db.gorm.WithContext(ctx).Take(&row, id).Error; err != nil {
		return paging.Service{}, translate(err, "service")
	}
	return row.domain()
}

// ServiceByName returns the service with the name.
func (db *DB) ServiceByName(ctx context.Context, name string) (paging.Service, error) {
	var row serviceRow
	if err := db.gorm.WithContext(ctx).Where("name = ?", name).Take(&row).Error; err != nil {
		return paging.Service{}, translate(err, "service")
	}
	return row.domain()
}

// Services lists services, a team's or all (teamID 0).
func (db *DB) Services(ctx context.Context, teamID int64) ([]paging.Service, error) {
	q := db.gorm.WithContext(ctx).Order("name")
	if teamID != 0 {
		q = q.Where("team_id = ?", teamID)
	}
	var rows []serviceRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err, "services")
	}
	out := make([]paging.Service, 0, len(rows))
	for _, r := range rows {
		s, err := r.domain()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// CreateIntegration stores an integration key by its hash.
func (db *DB) CreateIntegration(ctx context.Context, serviceID int64, name string, typ paging.IntegrationType, key string) (paging.Integration, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return paging.Integration{}, rota.Invalid("name", "name is required (at most 100 characters)")
	}
	switch typ {
	case paging.Alertmanager, paging.Generic, paging.PagerDuty:
	default:
		return paging.Integration{}, rota.Invalid("type", "type must be alertmanager, generic or pagerduty, not %q", typ)
	}
	if len(key) < 16 {
		return paging.Integration{}, rota.Invalid("key", "an integration key has at least 16 characters")
	}
	var row integrationRow
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Take(&serviceRow{}, serviceID).Error; err != nil {
			return translate(err, "service")
		}
		row = integrationRow{ServiceID: serviceID, Name: name, Type: string(typ), KeyHash: paging.HashKey(key), Prefix: key[:6]}
		if err := tx.Create(&row).Error; err != nil {
			if err = translate(err, "integration"); rota.IsCode(err, rota.EConflict) {
				return &rota.Error{Code: rota.EConflict, Field: "key", Message: "that integration key is already in use"}
			}
			return err
		}
		return bumpPaging(tx)
	})
	if err != nil {
		return paging.Integration{}, translate(err, "integration")
	}
	return row.domain(), nil
}

// RevokeIntegration stops a key from working.
func (db *DB) RevokeIntegration(ctx context.Context, serviceID, id int64) error {
	return db.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&integrationRow{}).Where("id = ? AND service_id = ? AND revoked_at IS NULL", id, serviceID).Update("revoked_at", db.Now())
		if res.Error != nil {
			return translate(res.Error, "integration")
		}
		if res.RowsAffected == 0 {
			return rota.Errorf(rota.ENotFound, "integration not found")
		}
		return bumpPaging(tx)
	})
}

// Integrations lists a service's integrations (never their keys).
func (db *DB) Integrations(ctx context.Context, serviceID int64) ([]paging.Integration, error) {
	var rows []integrationRow
	if err := db.gorm.WithContext(ctx).Where("service_id = ?", serviceID).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err, "integrations")
	}
	out := make([]paging.Integration, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// AddMaintenance adds a maintenance window to a service.
func (db *DB) AddMaintenance(ctx context.Context, m paging.MaintenanceWindow) (paging.MaintenanceWindow, error) {
	if m.Start.IsZero() {
		return m, rota.Invalid("start", "start is required")
	}
	if !m.End.After(m.Start) {
		return m, rota.Invalid("end", "end must be after start")
	}
	if m.End.Sub(m.Start) > 31*24*time.Hour {
		return m, rota.Invalid("end", "a maintenance window lasts at most 31 days")
	}
	row := maintenanceRow{ServiceID: m.ServiceID, StartAt: m.Start.UTC(), EndAt: m.End.UTC(), Reason: strings.TrimSpace(m.Reason), CreatedBy: nullID(m.CreatedBy), CreatedAt: db.Now()}
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Take(&serviceRow{}, m.ServiceID).Error; err != nil {
			return translate(err, "service")
		}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return bumpPaging(tx)
	})
	if err != nil {
		return paging.MaintenanceWindow{}, translate(err, "maintenance window")
	}
	return row.domain(), nil
}

// DeleteMaintenance removes a maintenance window.
func (db *DB) DeleteMaintenance(ctx context.Context, serviceID, id int64) error {
	return db.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Where("id = ? AND service_id = ?", id, serviceID).Delete(&maintenanceRow{})
		if res.Error != nil {
			return translate(res.Error, "maintenance window")
		}
		if res.RowsAffected == 0 {
			return rota.Errorf(rota.ENotFound, "maintenance window not found")
		}
		return bumpPaging(tx)
	})
}

// Maintenance lists a service's maintenance windows that have not ended.
func (db *DB) Maintenance(ctx context.Context, serviceID int64) ([]paging.MaintenanceWindow, error) {
	var rows []maintenanceRow
	if err := db.gorm.WithContext(ctx).Where("service_id = ? AND end_at > ?", serviceID, db.Now()).Order("start_at").Find(&rows).Error; err != nil {
		return nil, translate(err, "maintenance windows")
	}
	out := make([]paging.MaintenanceWindow, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// RoutingRules lists the rules in order.
func (db *DB) RoutingRules(ctx context.Context) ([]paging.RoutingRule, error) {
	rules, err := loadRules(db.gorm.WithContext(ctx))
	return rules, translate(err, "routing rules")
}

// SetRoutingRules replaces every rule with rules, in order.
func (db *DB) SetRoutingRules(ctx context.Context, rules []paging.RoutingRule) ([]paging.RoutingRule, error) {
	if err := paging.ValidateRules(rules); err != nil {
		return nil, err
	}
	err := db.tx(ctx, func(tx *gorm.DB) error {
		for i, r := range rules {
			if err := tx.Take(&serviceRow{}, r.ServiceID).Error; err != nil {
				if rota.IsCode(translate(err, "x"), rota.ENotFound) {
					return rota.Invalid(fmt.Sprintf("rules[%d].service_id", i), "no service with id %d", r.ServiceID)
				}
				return err
			}
		}
		if err := tx.Where("1 = 1").Delete(&ruleRow{}).Error; err != nil {
			return err
		}
		for i, r := range rules {
			m, _ := json.Marshal(r.Matches)
			if err := tx.Create(&ruleRow{Position: i, Name: strings.TrimSpace(r.Name), Matches: string(m), ServiceID: r.ServiceID}).Error; err != nil {
				return err
			}
		}
		return bumpPaging(tx)
	})
	if err != nil {
		return nil, translate(err, "routing rules")
	}
	return db.RoutingRules(ctx)
}
