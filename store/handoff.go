package store

import (
	"context"

	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/handoff"
)

// HandoffRecipient implements handoff.Store.
func (db *DB) HandoffRecipient(ctx context.Context, userID int64) (handoff.Recipient, bool, error) {
	var row userRow
	err := db.gorm.WithContext(ctx).Take(&row, userID).Error
	if err = translate(err, "user"); rota.IsCode(err, rota.ENotFound) {
		return handoff.Recipient{}, false, nil
	} else if err != nil {
		return handoff.Recipient{}, false, err
	}
	return handoff.Recipient{Enabled: row.HandoffNotices, Phone: row.Phone, Zone: row.TimeZone}, true, nil
}

// ClaimHandoff implements handoff.Store: the primary key makes one insert
// win, whichever process makes it.
func (db *DB) ClaimHandoff(ctx context.Context, c handoff.Claim, at time.Time) (bool, error) {
	res := db.gorm.WithContext(ctx).Exec(`INSERT INTO handoff_notices (schedule_id, tier, user_id, shift_start, created_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (schedule_id, tier, user_id, shift_start) DO NOTHING`,
		c.ScheduleID, string(c.Tier), c.UserID, c.Start.Unix(), at.Unix())
	if res.Error != nil {
		return false, translate(res.Error, "handoff notice")
	}
	return res.RowsAffected == 1, nil
}

// TeamOpenAlerts implements handoff.Store.
func (db *DB) TeamOpenAlerts(ctx context.Context, teamID int64, limit int) (handoff.OpenAlerts, error) {
	var out handoff.OpenAlerts
	q := db.gorm.WithContext(ctx).Model(&alertRow{}).Where("team_id = ? AND status IN ('triggered', 'acknowledged')", teamID)
	var n int64
	if err := q.Count(&n).Error; err != nil {
		return out, translate(err, "alerts")
	}
	out.Count = int(n)
	if n == 0 || limit <= 0 {
		return out, nil
	}
	var rows []alertRow
	if err := db.gorm.WithContext(ctx).Select("summary").Where("team_id = ? AND status IN ('triggered', 'acknowledged')", teamID).
		Order("created_at DESC, id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return out, translate(err, "alerts")
	}
	for _, r := range rows {
		out.Summaries = append(out.Summaries, r.Summary)
	}
	return out, nil
}
