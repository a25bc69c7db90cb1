package store

import (
	"context"
	"time"

	"github.com/rotaoncall/rota"
)

type sessionRow struct {
	ID        int64 `gorm:"primaryKey"`
	TokenHash string
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

func (sessionRow) TableName() string { return "sessions" }

type apiTokenRow struct {
	ID         int64 `gorm:"primaryKey"`
	UserID     int64
	Name       string
	TokenHash  string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

func (apiTokenRow) TableName() string { return "api_tokens" }

func (r apiTokenRow) domain() rota.APIToken {
	return rota.APIToken{ID: r.ID, UserID: r.UserID, Name: r.Name, CreatedAt: r.CreatedAt.UTC(), LastUsedAt: utcPtr(r.LastUsedAt), RevokedAt: utcPtr(r.RevokedAt)}
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// CreateSession stores a session by the hash of its token.
func (db *DB) CreateSession(ctx context.Context, userID int64, tokenHash string, expires time.Time) error {
	row := sessionRow{TokenHash: tokenHash, UserID: userID, ExpiresAt: expires.UTC()}
	return translate(db.gorm.WithContext(ctx).Create(&row).Error, "session")
}

// SessionUser returns the user of an unexpired session.
func (db *DB) SessionUser(ctx context.Context, tokenHash string) (rota.User, error) {
	var row userRow
	err := db.gorm.WithContext(ctx).Table("users").Select("users.*").
		Joins("JOIN sessions ON sessions.user_id = users.id").
		Where("sessions.token_hash = ? AND sessions.expires_at > ?", tokenHash, db.Now()).
		Take(&row).Error
	if err != nil {
		return rota.User{}, translate(err, "session")
	}
	return row.domain(), nil
}

// DeleteSession ends a session; deleting an unknown one is not an error.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	return translate(db.gorm.WithContext(ctx).Where("token_hash = ?", tokenHash).Delete(&sessionRow{}).Error, "session")
}

// DeleteExpiredSessions removes sessions that have expired at at
// (housekeeping).
func (db *DB) DeleteExpiredSessions(ctx context.Context, at time.Time) (int64, error) {
	res := db.gorm.WithContext(ctx).Where("expires_at <= ?", at.UTC()).Delete(&sessionRow{})
	return res.RowsAffected, translate(res.Error, "sessions")
}

// CreateAPIToken stores a bearer token by its hash.
func (db *DB) CreateAPIToken(ctx context.Context, userID int64, name, tokenHash string) (rota.APIToken, error) {
	row := apiTokenRow{UserID: userID, Name: name, TokenHash: tokenHash}
	if err := db.gorm.WithContext(ctx).Create(&row).Error; err != nil {
		return rota.APIToken{}, translate(err, "API token")
	}
	return row.domain(), nil
}

// TokenUser returns the user owning an unrevoked token and records its use.
func (db *DB) TokenUser(ctx context.Context, tokenHash string) (rota.User, error) {
	var tok apiTokenRow
	g := db.gorm.WithContext(ctx)
	if err := g.Where("token_hash = ? AND revoked_at IS NULL", tokenHash).Take(&tok).Error; err != nil {
		return rota.User{}, translate(err, "API token")
	}
	now := db.Now()
	// Record last use at most once a minute: a busy automation must not turn
	// every read into a write.
	if tok.LastUsedAt == nil || now.Sub(*tok.LastUsedAt) > time.Minute {
		if err := g.Model(&apiTokenRow{}).Where("id = ?", tok.ID).Update("last_used_at", now).Error; err != nil {
			return rota.User{}, translate(err, "API token")
		}
	}
	return db.User(ctx, tok.UserID)
}

// APITokens lists a user's tokens (never their secrets).
func (db *DB) APITokens(ctx context.Context, userID int64) ([]rota.APIToken, error) {
	var rows []apiTokenRow
	if err := db.gorm.WithContext(ctx).Where("user_id = ?", userID).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err, "API tokens")
	}
	out := make([]rota.APIToken, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// RevokeAPIToken revokes one of a user's tokens.
func (db *DB) RevokeAPIToken(ctx context.Context, userID, tokenID int64) error {
	res := db.gorm.WithContext(ctx).Model(&apiTokenRow{}).
		Where("id = ? AND user_id = ? AND revoked_at IS NULL", tokenID, userID).
		Update("revoked_at", db.Now())
	if res.Error != nil {
		return translate(res.Error, "API token")
	}
	if res.RowsAffected == 0 {
		return rota.Errorf(rota.ENotFound, "API token not found")
	}
	return nil
}

// DeleteOtherSessions ends every session of a user except keepHash's.
func (db *DB) DeleteOtherSessions(ctx context.Context, userID int64, keepHash string) error {
	return translate(db.gorm.WithContext(ctx).Where("user_id = ? AND token_hash <> ?", userID, keepHash).Delete(&sessionRow{}).Error, "sessions")
}

// RevokeAPITokens revokes every unrevoked token of a user (after a password
// change or reset); revoking none is not an error.
func (db *DB) RevokeAPITokens(ctx context.Context, userID int64) error {
	return translate(db.gorm.WithContext(ctx).Model(&apiTokenRow{}).
		Where("user_id = ? AND revoked_at IS NULL", userID).
		Update("revoked_at", db.Now()).Error, "API tokens")
}
