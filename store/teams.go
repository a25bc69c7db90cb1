package store

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/rotaoncall/rota"
)

type teamRow struct {
	ID        int64 `gorm:"primaryKey"`
	Name      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (teamRow) TableName() string { return "teams" }

func (r teamRow) domain() rota.Team {
	return rota.Team{ID: r.ID, Name: r.Name, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

type teamMemberRow struct {
	TeamID    int64 `gorm:"primaryKey;autoIncrement:false"`
	UserID    int64 `gorm:"primaryKey;autoIncrement:false"`
	Role      string
	CreatedAt time.Time
}

func (teamMemberRow) TableName() string { return "team_members" }

// CreateTeam validates and inserts a team.
func (db *DB) CreateTeam(ctx context.Context, t rota.Team) (rota.Team, error) {
	if err := t.Validate(); err != nil {
		return rota.Team{}, err
	}
	row := teamRow{Name: t.Name}
	if err := db.gorm.WithContext(ctx).Create(&row).Error; err != nil {
		if err = translate(err, "team"); rota.IsCode(err, rota.EConflict) {
			return rota.Team{}, &rota.Error{Code: rota.EConflict, Message: "a team named " + t.Name + " already exists", Field: "name"}
		}
		return rota.Team{}, err
	}
	return row.domain(), nil
}

// Team returns one team.
func (db *DB) Team(ctx context.Context, id int64) (rota.Team, error) {
	var row teamRow
	if err := db.gorm.WithContext(ctx).Take(&row, id).Error; err != nil {
		return rota.Team{}, translate(err, "team")
	}
	return row.domain(), nil
}

// TeamByName returns the team with the name.
func (db *DB) TeamByName(ctx context.Context, name string) (rota.Team, error) {
	var row teamRow
	if err := db.gorm.WithContext(ctx).Where("name = ?", name).Take(&row).Error; err != nil {
		return rota.Team{}, translate(err, "team")
	}
	return row.domain(), nil
}

// Teams lists all teams by name.
func (db *DB) Teams(ctx context.Context) ([]rota.Team, error) {
	var rows []teamRow
	if err := db.gorm.WithContext(ctx).Order("name").Find(&rows).Error; err != nil {
		return nil, translate(err, "teams")
	}
	out := make([]rota.Team, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// SetMember adds a user to a team or changes their role.
func (db *DB) SetMember(ctx context.Context, teamID, userID int64, role rota.TeamRole) error {
	if !role.Valid() {
		return rota.Invalid("role", "role must be admin or member, not %q", role)
	}
	return db.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Take(&teamRow{}, teamID).Error; err != nil {
			return translate(err, "team")
		}
		if err := tx.Take(&userRow{}, userID).Error; err != nil {
			if rota.IsCode(translate(err, "user"), rota.ENotFound) {
				return &rota.Error{Code: rota.EInvalid, Message: "no such user", Field: "user_id"}
			}
			return translate(err, "user")
		}
		row := teamMemberRow{TeamID: teamID, UserID: userID, Role: string(role), CreatedAt: db.Now()}
		err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "team_id"}, {Name: "user_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"role"}),
		}).Create(&row).Error
		return translate(err, "team member")
	})
}

// RemoveMember removes a user from a team. A member who is still a
// participant of one of the team's layers, or has an override that has not
// ended, cannot be removed: the schedules would stop resolving.
func (db *DB) RemoveMember(ctx context.Context, teamID, userID int64) error {
	return db.tx(ctx, func(tx *gorm.DB) error {
		var layer struct{ Name, Schedule string }
		err := tx.Table("layers").Select("layers.name, schedules.name AS schedule").
			Joins("JOIN schedules ON schedules.id = layers.schedule_id").
			Where("schedules.team_id = ? AND layers.participants LIKE ?", teamID, `%"`+rota.ID(userID)+`"%`).
			Limit(1).Scan(&layer).Error
		if err != nil {
			return translate(err, "team member")
		}
		if layer.Name != "" {
			return rota.Errorf(rota.EConflict, "remove them from layer %q of schedule %q first", layer.Name, layer.Schedule)
		}
		var n int64
		err = tx.Table("overrides").Joins("JOIN schedules ON schedules.id = overrides.schedule_id").
			Where("schedules.team_id = ? AND overrides.user_id = ? AND overrides.end_at > ?", teamID, userID, db.Now()).Count(&n).Error
		if err != nil {
			return translate(err, "team member")
		}
		if n > 0 {
			return rota.Errorf(rota.EConflict, "they have %d override(s) that have not ended; delete those first", n)
		}
		res := tx.Where("team_id = ? AND user_id = ?", teamID, userID).Delete(&teamMemberRow{})
		if res.Error != nil {
			return translate(res.Error, "team member")
		}
		if res.RowsAffected == 0 {
			return rota.Errorf(rota.ENotFound, "team member not found")
		}
		return nil
	})
}

// Members lists a team's members with their users, by name.
func (db *DB) Members(ctx context.Context, teamID int64) ([]rota.Member, error) {
	type joined struct {
		User userRow `gorm:"embedded"`
		Role string
	}
	var rows []joined
	err := db.gorm.WithContext(ctx).Table("team_members").
		Select("users.*, team_members.role").
		Joins("JOIN users ON users.id = team_members.user_id").
		Where("team_members.team_id = ?", teamID).
		Order("users.name, users.id").Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "team members")
	}
	out := make([]rota.Member, len(rows))
	for i, r := range rows {
		out[i] = rota.Member{TeamID: teamID, User: r.User.domain(), Role: rota.TeamRole(r.Role)}
	}
	return out, nil
}

// TeamRoles returns the user's role in each team they belong to.
func (db *DB) TeamRoles(ctx context.Context, userID int64) (map[int64]rota.TeamRole, error) {
	var rows []teamMemberRow
	if err := db.gorm.WithContext(ctx).Where("user_id = ?", userID).Find(&rows).Error; err != nil {
		return nil, translate(err, "team members")
	}
	out := make(map[int64]rota.TeamRole, len(rows))
	for _, r := range rows {
		out[r.TeamID] = rota.TeamRole(r.Role)
	}
	return out, nil
}
