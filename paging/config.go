package paging

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

// Config is everything intake and escalation need to know about services,
// policies, integrations and routing, loaded as one consistent view.
type Config struct {
	Revision     int64
	Services     map[int64]*ServiceConfig
	Policies     map[int64]*Policy
	Integrations map[string]IntegrationRef // by key hash
	Rules        []RoutingRule
	Router       *Router
}

// ServiceConfig is a service with its compiled hours and maintenance.
type ServiceConfig struct {
	Service
	Hours       *Hours
	Maintenance []MaintenanceWindow
}

// InMaintenance reports whether paging is suppressed at at.
func (s *ServiceConfig) InMaintenance(at time.Time) bool {
	for _, m := range s.Maintenance {
		if !at.Before(m.Start) && at.Before(m.End) {
			return true
		}
	}
	return false
}

// IntegrationRef is what intake needs of an integration key.
type IntegrationRef struct {
	ID        int64
	ServiceID int64
	Type      IntegrationType
	Name      string
}

// ConfigStore loads the configuration.
type ConfigStore interface {
	// PagingRevision changes whenever any service, policy, integration,
	// maintenance window or routing rule changes.
	PagingRevision(ctx context.Context) (int64, error)
	PagingConfig(ctx context.Context) (*Config, error)
}

// ConfigCache keeps the configuration, asking the database whether it
// changed at most once per MaxStale; Invalidate makes a local change seen at
// once.
type ConfigCache struct {
	store    ConfigStore
	now      func() time.Time
	maxStale time.Duration

	mu        sync.Mutex
	cfg       *Config
	checkedAt time.Time
}

// NewConfigCache returns a cache; now is only used to age the view.
func NewConfigCache(store ConfigStore, now func() time.Time) *ConfigCache {
	return &ConfigCache{store: store, now: now, maxStale: time.Second}
}

// Get returns the current configuration.
func (c *ConfigCache) Get(ctx context.Context) (*Config, error) {
	now := c.now()
	c.mu.Lock()
	cfg, checked := c.cfg, c.checkedAt
	c.mu.Unlock()
	if cfg != nil && now.Sub(checked) < c.maxStale && now.Sub(checked) >= 0 {
		return cfg, nil
	}
	rev, err := c.store.PagingRevision(ctx)
	if err != nil {
		return nil, err
	}
	if cfg == nil || cfg.Revision != rev {
		if cfg, err = c.store.PagingConfig(ctx); err != nil {
			return nil, err
		}
	}
	c.mu.Lock()
	c.cfg, c.checkedAt = cfg, now
	c.mu.Unlock()
	return cfg, nil
}

// Invalidate forgets the view so the next Get reloads it.
func (c *ConfigCache) Invalidate() {
	c.mu.Lock()
	c.cfg = nil
	c.mu.Unlock()
}

// TiersUsed names, per tier of a schedule, the escalation policies with a
// step that pages it, sorted and each once: what a schedule's editor is
// warned about when such a tier has nobody in it.
func (c *Config) TiersUsed(scheduleID int64) map[scheduler.Tier][]string {
	out := map[scheduler.Tier][]string{}
	for _, p := range c.Policies {
		for _, st := range p.Steps {
			for _, t := range st.Targets {
				if t.ScheduleID == scheduleID && !slices.Contains(out[t.Tier], p.Name) {
					out[t.Tier] = append(out[t.Tier], p.Name)
				}
			}
		}
	}
	for _, names := range out {
		slices.Sort(names)
	}
	return out
}
