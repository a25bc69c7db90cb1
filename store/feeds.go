package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/rotaoncall/rota"
)

type calendarFeedRow struct {
	ID        int64 `gorm:"primaryKey"`
	UserID    int64
	Token     string
	CreatedAt time.Time
	RevokedAt *time.Time
}

func (calendarFeedRow) TableName() string { return "calendar_feeds" }

// CalendarFeed returns the user's active calendar feed token and when it
// was made. The token grants read access to shift calendars only, so it is
// kept as is: the subscribe link can be shown again, like Google Calendar's
// secret address.
func (db *DB) CalendarFeed(ctx context.Context, userID int64) (string, time.Time, error) {
	var row calendarFeedRow
	err := db.gorm.WithContext(ctx).Where("user_id = ? AND revoked_at IS NULL", userID).Order("id DESC").Take(&row).Error
	if err != nil {
		return "", time.Time{}, translate(err, "calendar feed")
	}
	return row.Token, row.CreatedAt.UTC(), nil
}

// ResetCalendarFeed revokes the user's feed, if any, and stores a new token.
func (db *DB) ResetCalendarFeed(ctx context.Context, userID int64, token string) error {
	return db.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&calendarFeedRow{}).Where("user_id = ? AND revoked_at IS NULL", userID).Update("revoked_at", db.Now()).Error; err != nil {
			return err
		}
		return tx.Create(&calendarFeedRow{UserID: userID, Token: token, CreatedAt: db.Now()}).Error
	})
}

// RevokeCalendarFeed revokes the user's feed.
func (db *DB) RevokeCalendarFeed(ctx context.Context, userID int64) error {
	res := db.gorm.WithContext(ctx).Model(&calendarFeedRow{}).Where("user_id = ? AND revoked_at IS NULL", userID).Update("revoked_at", db.Now())
	if res.Error != nil {
		return translate(res.Error, "calendar feed")
	}
	if res.RowsAffected == 0 {
		return rota.Errorf(rota.ENotFound, "no calendar feed to revoke")
	}
	return nil
}

// CalendarFeedUser returns the owner of an active feed token.
func (db *DB) CalendarFeedUser(ctx context.Context, token string) (rota.User, error) {
	var row calendarFeedRow
	if err := db.gorm.WithContext(ctx).Where("token = ? AND revoked_at IS NULL", token).Take(&row).Error; err != nil {
		return rota.User{}, translate(err, "calendar feed")
	}
	return db.User(ctx, row.UserID)
}
