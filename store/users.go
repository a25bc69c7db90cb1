package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/rotaoncall/rota"
)

type userRow struct {
	ID           int64 `gorm:"primaryKey"`
	Email        string
	Name         string
	Discipline   string
	TimeZone     string
	WorkingHours string
	Phone        string
	PasswordHash string
	IsAdmin      bool
	// MustChangePassword: password_hash is a one-time password's.
	MustChangePassword bool
	HandoffNotices     bool
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

func (userRow) TableName() string { return "users" }

func (r userRow) domain() rota.User {
	return rota.User{
		ID:                 r.ID,
		Email:              r.Email,
		Name:               r.Name,
		Discipline:         rota.Discipline(r.Discipline),
		TimeZone:           r.TimeZone,
		WorkingHours:       r.WorkingHours,
		Phone:              r.Phone,
		IsAdmin:            r.IsAdmin,
		MustChangePassword: r.MustChangePassword,
		HandoffNoticesOff:  !r.HandoffNotices,
		CreatedAt:          r.CreatedAt.UTC(),
		UpdatedAt:          r.UpdatedAt.UTC(),
	}
}

func userRowFrom(u rota.User) userRow {
	return userRow{
		ID:             u.ID,
		Email:          u.Email,
		Name:           u.Name,
		Discipline:     string(u.Discipline),
		TimeZone:       u.TimeZone,
		WorkingHours:   u.WorkingHours,
		Phone:          u.Phone,
		IsAdmin:        u.IsAdmin,
		HandoffNotices: !u.HandoffNoticesOff,
	}
}

// CreateUser validates and inserts u with the given password hash ("" for
// none: such a user cannot sign in with a password); u.MustChangePassword
// marks the hash as a one-time password's.
func (db *DB) CreateUser(ctx context.Context, u rota.User, passwordHash string) (rota.User, error) {
	if err := u.Validate(); err != nil {
		return rota.User{}, err
	}
	row := userRowFrom(u)
	row.ID = 0
	row.PasswordHash = passwordHash
	row.MustChangePassword = u.MustChangePassword && passwordHash != ""
	if err := db.gorm.WithContext(ctx).Create(&row).Error; err != nil {
		if err = translate(err, "user"); rota.IsCode(err, rota.EConflict) {
			return rota.User{}, &rota.Error{Code: rota.EConflict, Message: "a user with email " + u.Email + " already exists", Field: "email"}
		}
		return rota.User{}, err
	}
	return row.domain(), nil
}

// UpdateUser saves u's profile fields (not its password).
func (db *DB) UpdateUser(ctx context.Context, u rota.User) (rota.User, error) {
	if err := u.Validate(); err != nil {
		return rota.User{}, err
	}
	var out rota.User
	err := db.tx(ctx, func(tx *gorm.DB) error {
		var row userRow
		if err := tx.Take(&row, u.ID).Error; err != nil {
			return translate(err, "user")
		}
		upd := userRowFrom(u)
		res := tx.Model(&row).Select("email", "name", "discipline", "time_zone", "working_hours", "phone", "is_admin", "handoff_notices", "updated_at").Updates(&upd)
		if res.Error != nil {
			if err := translate(res.Error, "user"); rota.IsCode(err, rota.EConflict) {
				return &rota.Error{Code: rota.EConflict, Message: "a user with email " + u.Email + " already exists", Field: "email"}
			}
			return translate(res.Error, "user")
		}
		if err := tx.Take(&row, u.ID).Error; err != nil {
			return translate(err, "user")
		}
		out = row.domain()
		return nil
	})
	return out, err
}

// SetPassword replaces a user's password hash; oneTime marks it as a
// one-time password's, which its user must replace.
func (db *DB) SetPassword(ctx context.Context, userID int64, hash string, oneTime bool) error {
	res := db.gorm.WithContext(ctx).Model(&userRow{}).Where("id = ?", userID).
		Updates(map[string]any{"password_hash": hash, "must_change_password": oneTime, "updated_at": db.Now()})
	if res.Error != nil {
		return translate(res.Error, "user")
	}
	if res.RowsAffected == 0 {
		return rota.Errorf(rota.ENotFound, "user not found")
	}
	return nil
}

// User returns the user with the id.
func (db *DB) User(ctx context.Context, id int64) (rota.User, error) {
	var row userRow
	if err := db.gorm.WithContext(ctx).Take(&row, id).Error; err != nil {
		return rota.User{}, translate(err, "user")
	}
	return row.domain(), nil
}

// UserByEmail returns the user with the (case-insensitive) email and its
// password hash.
func (db *DB) UserByEmail(ctx context.Context, email string) (rota.User, string, error) {
	var row userRow
	err := db.gorm.WithContext(ctx).Where("email = ?", rota.NormalizeEmail(email)).Take(&row).Error
	if err != nil {
		return rota.User{}, "", translate(err, "user")
	}
	return row.domain(), row.PasswordHash, nil
}

// Users lists all users ordered by name.
func (db *DB) Users(ctx context.Context) ([]rota.User, error) {
	var rows []userRow
	if err := db.gorm.WithContext(ctx).Order("name, id").Find(&rows).Error; err != nil {
		return nil, translate(err, "users")
	}
	out := make([]rota.User, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// CountUsers returns how many users exist.
func (db *DB) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	err := db.gorm.WithContext(ctx).Model(&userRow{}).Count(&n).Error
	return n, translate(err, "users")
}

// CreateMember creates u (as CreateUser does) and makes them a member of
// the team with the role, in one transaction: an invitation to a team
// either makes both or neither.
func (db *DB) CreateMember(ctx context.Context, u rota.User, passwordHash string, teamID int64, role rota.TeamRole) (rota.User, error) {
	if err := u.Validate(); err != nil {
		return rota.User{}, err
	}
	if !role.Valid() {
		return rota.User{}, rota.Invalid("role", "role must be admin or member, not %q", role)
	}
	row := userRowFrom(u)
	row.ID = 0
	row.PasswordHash = passwordHash
	row.MustChangePassword = u.MustChangePassword && passwordHash != ""
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Take(&teamRow{}, teamID).Error; err != nil {
			return translate(err, "team")
		}
		if err := tx.Create(&row).Error; err != nil {
			if err = translate(err, "user"); rota.IsCode(err, rota.EConflict) {
				return &rota.Error{Code: rota.EConflict, Message: "a user with email " + u.Email + " already exists: add them from the member list instead", Field: "email"}
			}
			return err
		}
		m := teamMemberRow{TeamID: teamID, UserID: row.ID, Role: string(role), CreatedAt: db.Now()}
		return translate(tx.Create(&m).Error, "team member")
	})
	if err != nil {
		return rota.User{}, err
	}
	return row.domain(), nil
}
