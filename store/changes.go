package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/incident/incidents"
)

type changeRow struct {
	ID            int64 `gorm:"primaryKey"`
	ServiceID     int64
	IntegrationID *int64
	Summary       string
	Source        string
	DeployedAt    time.Time
	CommittedAt   *time.Time
	CustomDetails string
	Links         string
	Images        string
	Fingerprint   string
	ReceivedAt    time.Time
}

func (changeRow) TableName() string { return "change_events" }

func (r changeRow) domain() incident.Change {
	c := incident.Change{ID: r.ID, ServiceID: r.ServiceID, Summary: r.Summary, Source: r.Source, Timestamp: r.DeployedAt.UTC(),
		CommittedAt: utcPtr(r.CommittedAt), ReceivedAt: r.ReceivedAt.UTC()}
	if r.CustomDetails != "" {
		c.CustomDetails = json.RawMessage(r.CustomDetails)
	}
	json.Unmarshal([]byte(r.Links), &c.Links)
	json.Unmarshal([]byte(r.Images), &c.Images)
	return c
}

// CreateChange implements incidents.Store.
func (db *DB) CreateChange(ctx context.Context, c incident.Change, integrationID int64, fingerprint string) (incident.Change, bool, error) {
	links, _ := json.Marshal(nonNil(c.Links))
	images, _ := json.Marshal(nonNil(c.Images))
	row := changeRow{ServiceID: c.ServiceID, IntegrationID: nullID(integrationID), Summary: c.Summary, Source: c.Source, DeployedAt: c.Timestamp.UTC(),
		CommittedAt: utcPtr(c.CommittedAt), CustomDetails: string(c.CustomDetails), Links: string(links), Images: string(images),
		Fingerprint: fingerprint, ReceivedAt: c.ReceivedAt.UTC()}
	created := false
	err := db.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "service_id"}, {Name: "fingerprint"}}, DoNothing: true}).Create(&row)
		if res.Error != nil {
			return translate(res.Error, "change event")
		}
		if created = res.RowsAffected == 1 && row.ID != 0; created {
			return nil
		}
		row = changeRow{}
		return tx.Where("service_id = ? AND fingerprint = ?", c.ServiceID, fingerprint).Take(&row).Error
	})
	if err != nil {
		return incident.Change{}, false, translate(err, "change event")
	}
	return row.domain(), created, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func changesQuery(g *gorm.DB, serviceIDs []int64, from, to time.Time) *gorm.DB {
	q := g.Model(&changeRow{})
	if len(serviceIDs) > 0 {
		q = q.Where("service_id IN ?", serviceIDs)
	}
	if !from.IsZero() {
		q = q.Where("deployed_at >= ?", from.UTC())
	}
	if !to.IsZero() {
		q = q.Where("deployed_at < ?", to.UTC())
	}
	return q
}

// Changes implements incidents.Store: newest first.
func (db *DB) Changes(ctx context.Context, serviceIDs []int64, from, to time.Time, limit int) ([]incident.Change, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	var rows []changeRow
	if err := changesQuery(db.gorm.WithContext(ctx), serviceIDs, from, to).Order("deployed_at DESC, id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(err, "change events")
	}
	out := make([]incident.Change, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// EachChange implements incidents.Store, streaming the rows.
func (db *DB) EachChange(ctx context.Context, serviceIDs []int64, from, to time.Time, fn func(incident.Change) error) error {
	g := db.gorm.WithContext(ctx)
	rows, err := changesQuery(g, serviceIDs, from, to).Order("id").Rows()
	if err != nil {
		return translate(err, "change events")
	}
	defer rows.Close()
	for rows.Next() {
		var r changeRow
		if err := g.ScanRows(rows, &r); err != nil {
			return fmt.Errorf("change events: %w", err)
		}
		if err := fn(r.domain()); err != nil {
			return err
		}
	}
	return translate(rows.Err(), "change events")
}

// TeamZone implements incidents.Store: the zone and holidays of the team's
// first schedule, or UTC.
func (db *DB) TeamZone(ctx context.Context, teamID int64) (incidents.TeamZone, error) {
	var rows []scheduleRow
	if err := db.gorm.WithContext(ctx).Where("team_id = ?", teamID).Order("id").Limit(1).Find(&rows).Error; err != nil {
		return incidents.TeamZone{}, translate(err, "schedules")
	}
	if len(rows) == 0 || rows[0].TimeZone == "" {
		return incidents.TeamZone{Zone: "UTC"}, nil
	}
	hol, err := decodeHolidays(rows[0].Holidays)
	if err != nil {
		return incidents.TeamZone{}, fmt.Errorf("schedule %d holidays: %w", rows[0].ID, err)
	}
	return incidents.TeamZone{Zone: rows[0].TimeZone, Holidays: hol}, nil
}

func person(r userRow) incidents.Person {
	return incidents.Person{ID: r.ID, Name: r.Name, Email: r.Email, TimeZone: r.TimeZone, WorkingHours: r.WorkingHours}
}

// People implements incidents.Store.
func (db *DB) People(ctx context.Context, ids []int64) (map[int64]incidents.Person, error) {
	out := map[int64]incidents.Person{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []userRow
	if err := db.gorm.WithContext(ctx).Select("id, name, email, time_zone, working_hours").Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, translate(err, "users")
	}
	for _, r := range rows {
		out[r.ID] = person(r)
	}
	return out, nil
}

// PeopleByEmail implements incidents.Store.
func (db *DB) PeopleByEmail(ctx context.Context, emails []string) (map[string]incidents.Person, error) {
	out := map[string]incidents.Person{}
	if len(emails) == 0 {
		return out, nil
	}
	norm := make([]string, len(emails))
	for i, e := range emails {
		norm[i] = rota.NormalizeEmail(e)
	}
	var rows []userRow
	if err := db.gorm.WithContext(ctx).Select("id, name, email, time_zone, working_hours").Where("email IN ?", norm).Find(&rows).Error; err != nil {
		return nil, translate(err, "users")
	}
	for _, r := range rows {
		out[r.Email] = person(r)
	}
	return out, nil
}
