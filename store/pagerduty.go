package store

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/pagerduty/pdsync/record"
	"github.com/rotaoncall/rota/paging"
)

type externalIDRow struct {
	ID         int64 `gorm:"primaryKey"`
	Source     string
	Kind       string
	ExternalID string
	RotaID     int64
	Name       string
	UpdatedAt  time.Time
}

func (externalIDRow) TableName() string { return "external_ids" }

type pdConnectionRow struct {
	ID          int64 `gorm:"primaryKey;autoIncrement:false"`
	Token       string
	ConnectedBy *int64
	ConnectedAt time.Time
}

func (pdConnectionRow) TableName() string { return "pagerduty_connection" }

type pdSyncRow struct {
	ID         int64 `gorm:"primaryKey"`
	Kind       string
	DryRun     bool
	Status     string
	ActorID    *int64
	StartedAt  time.Time
	FinishedAt time.Time
	Result     string
}

func (pdSyncRow) TableName() string { return "pagerduty_syncs" }

func idOf(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// Links returns every link of source (pdsync.Store).
func (db *DB) Links(ctx context.Context, source string) ([]record.Link, error) {
	var rows []externalIDRow
	if err := db.gorm.WithContext(ctx).Where("source = ?", source).Order("kind, external_id").Find(&rows).Error; err != nil {
		return nil, translate(err, "external ids")
	}
	out := make([]record.Link, len(rows))
	for i, r := range rows {
		out[i] = record.Link{Kind: r.Kind, ExternalID: r.ExternalID, RotaID: r.RotaID, Name: r.Name, UpdatedAt: r.UpdatedAt.UTC()}
	}
	return out, nil
}

// SaveLinks implements pdsync.Store: an upsert by (source, kind,
// external id), in one transaction.
func (db *DB) SaveLinks(ctx context.Context, source string, links []record.Link) error {
	if len(links) == 0 {
		return nil
	}
	now := db.Now()
	rows := make([]externalIDRow, len(links))
	for i, l := range links {
		rows[i] = externalIDRow{Source: source, Kind: l.Kind, ExternalID: l.ExternalID, RotaID: l.RotaID, Name: l.Name, UpdatedAt: now}
	}
	return db.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "source"}, {Name: "kind"}, {Name: "external_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"rota_id", "name", "updated_at"}),
		}).CreateInBatches(&rows, 200).Error
		return translate(err, "external ids")
	})
}

// PagerDutyConnection implements pdsync.Store.
func (db *DB) PagerDutyConnection(ctx context.Context) (record.Connection, error) {
	var r pdConnectionRow
	if err := db.gorm.WithContext(ctx).Take(&r, 1).Error; err != nil {
		return record.Connection{}, translate(err, "PagerDuty connection")
	}
	return record.Connection{Token: r.Token, ConnectedBy: idOf(r.ConnectedBy), ConnectedAt: r.ConnectedAt.UTC()}, nil
}

// SetPagerDutyConnection implements pdsync.Store.
func (db *DB) SetPagerDutyConnection(ctx context.Context, c record.Connection) error {
	row := pdConnectionRow{ID: 1, Token: c.Token, ConnectedBy: nullID(c.ConnectedBy), ConnectedAt: c.ConnectedAt.UTC()}
	return db.tx(ctx, func(tx *gorm.DB) error {
		err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "id"}},
			DoUpdates: clause.AssignmentColumns([]string{"token", "connected_by", "connected_at"}),
		}).Create(&row).Error
		return translate(err, "PagerDuty connection")
	})
}

// DeletePagerDutyConnection implements pdsync.Store.
func (db *DB) DeletePagerDutyConnection(ctx context.Context) error {
	return db.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Delete(&pdConnectionRow{}, 1)
		if res.Error != nil {
			return translate(res.Error, "PagerDuty connection")
		}
		if res.RowsAffected == 0 {
			return rota.Errorf(rota.ENotFound, "PagerDuty is not connected")
		}
		return nil
	})
}

// SaveSync implements pdsync.Store.
func (db *DB) SaveSync(ctx context.Context, s record.Sync, keep int) (record.Sync, error) {
	row := pdSyncRow{Kind: s.Kind, DryRun: s.DryRun, Status: s.Status, ActorID: nullID(s.ActorID),
		StartedAt: s.StartedAt.UTC(), FinishedAt: s.FinishedAt.UTC(), Result: string(s.Result)}
	if row.Result == "" {
		row.Result = "{}"
	}
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		if keep <= 0 {
			return nil
		}
		// Nothing grows forever: older runs of the kind are forgotten.
		var cut []int64
		if err := tx.Model(&pdSyncRow{}).Where("kind = ?", s.Kind).Order("id DESC").Offset(keep).Limit(1).Pluck("id", &cut).Error; err != nil {
			return err
		}
		if len(cut) == 0 {
			return nil
		}
		return tx.Where("kind = ? AND id <= ?", s.Kind, cut[0]).Delete(&pdSyncRow{}).Error
	})
	if err != nil {
		return record.Sync{}, translate(err, "PagerDuty sync")
	}
	s.ID = row.ID
	return s, nil
}

// LastSync implements pdsync.Store.
func (db *DB) LastSync(ctx context.Context, kind string, appliedOnly bool) (record.Sync, error) {
	q := db.gorm.WithContext(ctx).Where("kind = ?", kind)
	if appliedOnly {
		q = q.Where("dry_run = ?", false)
	}
	var r pdSyncRow
	if err := q.Order("id DESC").Take(&r).Error; err != nil {
		return record.Sync{}, translate(err, "PagerDuty sync")
	}
	return record.Sync{ID: r.ID, Kind: r.Kind, DryRun: r.DryRun, Status: r.Status, ActorID: idOf(r.ActorID),
		StartedAt: r.StartedAt.UTC(), FinishedAt: r.FinishedAt.UTC(), Result: []byte(r.Result)}, nil
}

var _ paging.FollowUpStore = (*DB)(nil)

// ForwardFollowUps implements paging.FollowUpStore: one pending page per
// routing key the alert was forwarded to, written for that key's first
// page's engineer and step (the pages_once index keeps a second one out).
func (db *DB) ForwardFollowUps(ctx context.Context, alertID int64, loop int, at time.Time) (int, error) {
	via := "forwarded acknowledgement"
	if loop == paging.FollowUpResolve {
		via = "forwarded resolution"
	}
	n := 0
	err := db.tx(ctx, func(tx *gorm.DB) error {
		var sent []pageRow
		err := tx.Where("alert_id = ? AND channel = ? AND "+toldSomeone("loop")+" AND status IN ?", alertID, string(paging.ChannelPagerDuty),
			[]string{string(paging.PageSent), string(paging.PageSending)}).Order("id").Find(&sent).Error
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, p := range sent {
			if seen[p.Address] {
				continue
			}
			seen[p.Address] = true
			row := pageRow{AlertID: alertID, UserID: p.UserID, Channel: p.Channel, Shadow: p.Shadow, Step: p.Step, Loop: loop,
				Urgency: p.Urgency, Status: string(paging.PagePending), NextAttemptAt: at.UTC(), CreatedAt: at.UTC(), Via: via, Address: p.Address}
			res := tx.Clauses(onConflictNothing()).Create(&row)
			if res.Error != nil {
				return res.Error
			}
			n += int(res.RowsAffected)
		}
		return nil
	})
	if err != nil {
		return 0, translate(err, "forwarded pages")
	}
	return n, nil
}
