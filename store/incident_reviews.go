package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/incident/incidents"
	"github.com/rotaoncall/rota/scheduler"
)

type reviewRow struct {
	IncidentID          int64 `gorm:"primaryKey;autoIncrement:false"`
	Status              string
	Summary             string
	Impact              string
	ContributingFactors string
	WentWell            string
	WasHard             string
	MeetingDate         string
	SubmittedAt         *time.Time
	SubmittedBy         *int64
	PublishedAt         *time.Time
	PublishedBy         *int64
	Version             int64
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

func (reviewRow) TableName() string { return "incident_reviews" }

type actionItemRow struct {
	ID         int64 `gorm:"primaryKey"`
	IncidentID int64
	Position   int
	Title      string
	Owner      string
	Due        string
	Status     string
	Link       string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (actionItemRow) TableName() string { return "action_items" }

func (r actionItemRow) domain() incident.ActionItem {
	due, _ := scheduler.ParseDate(r.Due)
	return incident.ActionItem{ID: r.ID, Title: r.Title, Owner: r.Owner, Due: due, Status: incident.ActionStatus(r.Status), Link: r.Link}
}

func textList(s string) []string {
	var out []string
	json.Unmarshal([]byte(s), &out)
	return out
}

func listText(l []string) string {
	if l == nil {
		l = []string{}
	}
	b, _ := json.Marshal(l)
	return string(b)
}

func (r reviewRow) domain(items []actionItemRow) incident.Review {
	v := incident.Review{IncidentID: r.IncidentID, Status: incident.ReviewStatus(r.Status), Summary: r.Summary, Impact: r.Impact,
		ContributingFactors: textList(r.ContributingFactors), WentWell: textList(r.WentWell), WasHard: textList(r.WasHard),
		SubmittedAt: utcPtr(r.SubmittedAt), SubmittedBy: deref(r.SubmittedBy), PublishedAt: utcPtr(r.PublishedAt), PublishedBy: deref(r.PublishedBy)}
	if d, err := scheduler.ParseDate(r.MeetingDate); err == nil {
		v.MeetingDate = &d
	}
	for _, it := range items {
		v.ActionItems = append(v.ActionItems, it.domain())
	}
	return v
}

func loadReview(tx *gorm.DB, incidentID int64) (incident.Review, error) {
	var row reviewRow
	if err := tx.Take(&row, incidentID).Error; err != nil {
		if rota.IsCode(translate(err, "review"), rota.ENotFound) {
			return incident.Review{}, rota.Errorf(rota.ENotFound, "the incident has no review yet")
		}
		return incident.Review{}, err
	}
	var items []actionItemRow
	if err := tx.Where("incident_id = ?", incidentID).Order("position, id").Find(&items).Error; err != nil {
		return incident.Review{}, err
	}
	return row.domain(items), nil
}

// Review implements incidents.Store.
func (db *DB) Review(ctx context.Context, incidentID int64) (incident.Review, error) {
	r, err := loadReview(db.gorm.WithContext(ctx), incidentID)
	return r, translate(err, "review")
}

// ReviewStatuses implements incidents.Store.
func (db *DB) ReviewStatuses(ctx context.Context, ids []int64) (map[int64]incident.ReviewStatus, error) {
	out := map[int64]incident.ReviewStatus{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []reviewRow
	if err := db.gorm.WithContext(ctx).Select("incident_id, status").Where("incident_id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, translate(err, "reviews")
	}
	for _, r := range rows {
		out[r.IncidentID] = incident.ReviewStatus(r.Status)
	}
	return out, nil
}

// ChangeReview implements incidents.Store: it reads the incident (locked
// on PostgreSQL) and its review, asks decide, and stores the result; the
// action items keep their rows by ID, new ones get rows, and those left
// out are deleted.
func (db *DB) ChangeReview(ctx context.Context, incidentID int64, decide func(incidents.Record, incident.Review) (incident.Review, error)) (incident.Review, error) {
	err := db.tx(ctx, func(tx *gorm.DB) error {
		row, err := db.lockIncident(tx, incidentID)
		if err != nil {
			return err
		}
		rs := []incidents.Record{row.record()}
		if err := loadLinks(tx, rs, false); err != nil {
			return err
		}
		old, err := loadReview(tx, incidentID)
		stored := err == nil
		if err != nil {
			if !rota.IsCode(err, rota.ENotFound) {
				return err
			}
			old = incident.NewReview(incidentID)
		}
		next, err := decide(rs[0], old)
		if err != nil {
			return err
		}
		return db.writeReview(tx, stored, old, next)
	})
	if err != nil {
		return incident.Review{}, translate(err, "review")
	}
	return db.Review(ctx, incidentID)
}

func (db *DB) writeReview(tx *gorm.DB, stored bool, old, next incident.Review) error {
	now := db.Now()
	meeting := ""
	if next.MeetingDate != nil {
		meeting = next.MeetingDate.String()
	}
	row := reviewRow{IncidentID: old.IncidentID, Status: string(next.Status), Summary: next.Summary, Impact: next.Impact,
		ContributingFactors: listText(next.ContributingFactors), WentWell: listText(next.WentWell), WasHard: listText(next.WasHard),
		MeetingDate: meeting, SubmittedAt: utcPtr(next.SubmittedAt), SubmittedBy: nullID(next.SubmittedBy), PublishedAt: utcPtr(next.PublishedAt),
		PublishedBy: nullID(next.PublishedBy), Version: 1, CreatedAt: now, UpdatedAt: now}
	if !stored {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
	} else {
		err := tx.Model(&reviewRow{}).Where("incident_id = ?", old.IncidentID).Updates(map[string]any{
			"status": row.Status, "summary": row.Summary, "impact": row.Impact, "contributing_factors": row.ContributingFactors,
			"went_well": row.WentWell, "was_hard": row.WasHard, "meeting_date": row.MeetingDate, "submitted_at": row.SubmittedAt,
			"submitted_by": row.SubmittedBy, "published_at": row.PublishedAt, "published_by": row.PublishedBy,
			"version": gorm.Expr("version + 1"), "updated_at": now}).Error
		if err != nil {
			return err
		}
	}
	kept := map[int64]bool{}
	had := map[int64]bool{}
	for _, it := range old.ActionItems {
		had[it.ID] = true
	}
	for i, it := range next.ActionItems {
		r := actionItemRow{IncidentID: old.IncidentID, Position: i, Title: it.Title, Owner: it.Owner, Due: it.Due.String(),
			Status: string(it.Status), Link: it.Link, CreatedAt: now, UpdatedAt: now}
		if it.ID > 0 && had[it.ID] {
			kept[it.ID] = true
			err := tx.Model(&actionItemRow{}).Where("id = ? AND incident_id = ?", it.ID, old.IncidentID).Updates(map[string]any{
				"position": r.Position, "title": r.Title, "owner": r.Owner, "due": r.Due, "status": r.Status, "link": r.Link, "updated_at": now}).Error
			if err != nil {
				return err
			}
			continue
		}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
	}
	var gone []int64
	for id := range had {
		if !kept[id] {
			gone = append(gone, id)
		}
	}
	if len(gone) > 0 {
		return tx.Where("incident_id = ? AND id IN ?", old.IncidentID, gone).Delete(&actionItemRow{}).Error
	}
	return nil
}

// ActionItems implements incidents.Store: soonest due first.
func (db *DB) ActionItems(ctx context.Context, f incidents.ItemFilter) ([]incidents.Item, error) {
	g := db.gorm.WithContext(ctx)
	q := g.Table("action_items").Select("action_items.*, incidents.title AS incident_title, incidents.team_id AS team_id").
		Joins("JOIN incidents ON incidents.id = action_items.incident_id").Order("action_items.due, action_items.id")
	if len(f.Statuses) > 0 {
		q = q.Where("action_items.status IN ?", strs(f.Statuses))
	}
	if f.Owner != "" {
		q = q.Where("action_items.owner = ?", rota.NormalizeEmail(f.Owner))
	}
	if f.TeamID != 0 {
		q = q.Where("incidents.team_id = ?", f.TeamID)
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 500
	}
	var rows []struct {
		Item          actionItemRow `gorm:"embedded"`
		IncidentTitle string
		TeamID        int64
	}
	if err := q.Limit(f.Limit).Scan(&rows).Error; err != nil {
		return nil, translate(err, "action items")
	}
	var ids []int64
	for _, r := range rows {
		ids = append(ids, r.Item.IncidentID)
	}
	svcs, err := servicesOfIncidents(g, ids)
	if err != nil {
		return nil, translate(err, "action items")
	}
	out := make([]incidents.Item, len(rows))
	for i, r := range rows {
		out[i] = incidents.Item{ActionItem: r.Item.domain(), IncidentID: r.Item.IncidentID, IncidentTitle: r.IncidentTitle, TeamID: r.TeamID,
			Services: svcs[r.Item.IncidentID]}
	}
	return out, nil
}

func servicesOfIncidents(tx *gorm.DB, ids []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if len(ids) == 0 {
		return out, nil
	}
	var links []incidentLinkRow
	if err := tx.Where("incident_id IN ?", ids).Order("incident_id, seq").Find(&links).Error; err != nil {
		return nil, err
	}
	for _, l := range links {
		out[l.IncidentID] = append(out[l.IncidentID], l.ServiceID)
	}
	return out, nil
}

// EachPendingActionItem implements incidents.Store, streaming the rows.
func (db *DB) EachPendingActionItem(ctx context.Context, fn func(incident.ActionItem, []int64) error) error {
	g := db.gorm.WithContext(ctx)
	pending := []string{string(incident.ActionOpen), string(incident.ActionInProgress)}
	var links []incidentLinkRow
	err := g.Where("incident_id IN (SELECT incident_id FROM action_items WHERE status IN ?)", pending).Order("incident_id, seq").Find(&links).Error
	if err != nil {
		return translate(err, "action items")
	}
	svcs := map[int64][]int64{}
	for _, l := range links {
		svcs[l.IncidentID] = append(svcs[l.IncidentID], l.ServiceID)
	}
	rows, err := g.Model(&actionItemRow{}).Where("status IN ?", pending).Order("id").Rows()
	if err != nil {
		return translate(err, "action items")
	}
	defer rows.Close()
	for rows.Next() {
		var r actionItemRow
		if err := g.ScanRows(rows, &r); err != nil {
			return fmt.Errorf("action items: %w", err)
		}
		if err := fn(r.domain(), svcs[r.IncidentID]); err != nil {
			return err
		}
	}
	return translate(rows.Err(), "action items")
}
