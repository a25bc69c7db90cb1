package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/load"
)

type loadThresholdsRow struct {
	TeamID              int64 `gorm:"primaryKey"`
	SleepInterruptions  int
	IncidentsPerShift   int
	OncallShare         int
	UnfairShare         float64
	MinRotation         int
	ShadowShifts        int
	BusinessHoursShifts int
	UpdatedBy           *int64
	UpdatedAt           time.Time
}

func (loadThresholdsRow) TableName() string { return "load_thresholds" }

func (r loadThresholdsRow) domain() load.Thresholds {
	return load.Thresholds{SleepInterruptions: r.SleepInterruptions, IncidentsPerShift: r.IncidentsPerShift,
		OnCallSharePercent: r.OncallShare, UnfairShareFactor: r.UnfairShare, MinRotation: r.MinRotation,
		ShadowShifts: r.ShadowShifts, BusinessHoursShifts: r.BusinessHoursShifts}
}

type loadImportRow struct {
	ID        int64 `gorm:"primaryKey"`
	TeamID    *int64
	CreatedBy *int64
	CreatedAt time.Time
	Rows      int
	FirstAt   *time.Time
	LastAt    *time.Time
}

func (loadImportRow) TableName() string { return "load_imports" }

type importedPageRow struct {
	ID       int64 `gorm:"primaryKey"`
	ImportID int64
	TeamID   *int64
	UserID   int64
	At       time.Time
	Alert    string
	Channel  string
}

func (importedPageRow) TableName() string { return "imported_pages" }

// LoadThresholds returns a team's load thresholds as stored; zero fields
// (and a team that never set any) mean the defaults.
func (db *DB) LoadThresholds(ctx context.Context, teamID int64) (load.Thresholds, error) {
	var rows []loadThresholdsRow
	if err := db.gorm.WithContext(ctx).Where("team_id = ?", teamID).Limit(1).Find(&rows).Error; err != nil {
		return load.Thresholds{}, translate(err, "load thresholds")
	}
	if len(rows) == 0 {
		return load.Thresholds{}, nil
	}
	return rows[0].domain(), nil
}

// SetLoadThresholds stores a team's load thresholds (validated by the
// caller) and records the change in the audit log.
func (db *DB) SetLoadThresholds(ctx context.Context, actor, teamID int64, th load.Thresholds) error {
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Take(&teamRow{}, teamID).Error; err != nil {
			return translate(err, "team")
		}
		row := loadThresholdsRow{TeamID: teamID, SleepInterruptions: th.SleepInterruptions, IncidentsPerShift: th.IncidentsPerShift,
			OncallShare: th.OnCallSharePercent, UnfairShare: th.UnfairShareFactor, MinRotation: th.MinRotation,
			ShadowShifts: th.ShadowShifts, BusinessHoursShifts: th.BusinessHoursShifts, UpdatedBy: nullID(actor), UpdatedAt: db.Now()}
		if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "team_id"}}, UpdateAll: true}).Create(&row).Error; err != nil {
			return err
		}
		return db.audit(tx, actor, teamID, 0, "load_thresholds", teamID, "updated", map[string]any{
			"sleep_interruptions": th.SleepInterruptions, "incidents_per_shift": th.IncidentsPerShift, "oncall_share": th.OnCallSharePercent,
			"unfair_share": th.UnfairShareFactor, "min_rotation": th.MinRotation, "shadow_shifts": th.ShadowShifts,
			"business_hours_shifts": th.BusinessHoursShifts})
	})
	return translate(err, "load thresholds")
}

// loadImport is one stored history import.
type loadImport struct {
	ID        int64
	Rows      int
	First     time.Time
	Last      time.Time
	CreatedAt time.Time
}

// ImportLoadPages stores validated history rows, all or none, as one
// import for teamID (0: for every team of each row's engineer), and
// returns the import's id.
func (db *DB) ImportLoadPages(ctx context.Context, actor, teamID int64, pages []load.ImportedPage) (int64, error) {
	out := loadImport{Rows: len(pages), CreatedAt: db.Now()}
	for i, p := range pages {
		if i == 0 || p.At.Before(out.First) {
			out.First = p.At.UTC()
		}
		if i == 0 || p.At.After(out.Last) {
			out.Last = p.At.UTC()
		}
	}
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if teamID != 0 {
			if err := tx.Take(&teamRow{}, teamID).Error; err != nil {
				return translate(err, "team")
			}
		}
		imp := loadImportRow{TeamID: nullID(teamID), CreatedBy: nullID(actor), CreatedAt: out.CreatedAt, Rows: len(pages)}
		if len(pages) > 0 {
			imp.FirstAt, imp.LastAt = &out.First, &out.Last
		}
		if err := tx.Create(&imp).Error; err != nil {
			return err
		}
		out.ID = imp.ID
		rows := make([]importedPageRow, len(pages))
		for i, p := range pages {
			uid := rota.ParseID(p.EngineerID)
			if uid == 0 {
				return rota.Invalid("email", "line %d: %s is not a Rota user", p.Line, p.Email)
			}
			rows[i] = importedPageRow{ImportID: imp.ID, TeamID: nullID(teamID), UserID: uid, At: p.At.UTC(), Alert: p.Alert, Channel: string(p.Channel)}
		}
		if len(rows) > 0 {
			if err := tx.CreateInBatches(rows, 500).Error; err != nil {
				return err
			}
		}
		if teamID != 0 {
			return db.audit(tx, actor, teamID, 0, "load_import", imp.ID, "created", map[string]any{"rows": len(pages), "first": out.First, "last": out.Last})
		}
		return nil
	})
	if err != nil {
		return 0, translate(err, "load import")
	}
	return out.ID, nil
}

// StreamLoadPages calls fn with the engineer's user id and every page of the team's alerts sent in
// [from, to) and every page imported for the team (or for no team, to one
// of its members) in that range, ordered by engineer and time, as the
// load.Accumulator wants them. Rows are read one at a time from the
// database, never all held; fn's error stops the stream and is returned.
// A page's AlertID is the Rota alert's id or, for an imported page,
// "imported:" and the other tool's alert key. It carries the alert's acknowledgement: AckedAt when this engineer
// acknowledged it, AlertAckedAt whoever did.
func (db *DB) StreamLoadPages(ctx context.Context, teamID int64, from, to time.Time, fn func(userID int64, p load.Page) error) error {
	nullTime, nullID, falseV := "NULL", "NULL", "0"
	if db.dialect == Postgres {
		nullTime, nullID, falseV = "NULL::timestamptz", "NULL::bigint", "FALSE"
	}
	q := `SELECT user_id, at, alert_id, alert, channel, shadow, acked_at, acked_by FROM (
		SELECT p.user_id AS user_id, p.sent_at AS at, p.alert_id AS alert_id, '' AS alert, p.channel AS channel, p.shadow AS shadow,
			a.acked_at AS acked_at, a.acked_by AS acked_by
		FROM pages p JOIN alerts a ON a.id = p.alert_id
		WHERE a.team_id = ? AND p.status = 'sent' AND p.sent_at >= ? AND p.sent_at < ?
		UNION ALL
		SELECT i.user_id, i.at, 0, i.alert, i.channel, ` + falseV + `, ` + nullTime + `, ` + nullID + `
		FROM imported_pages i
		WHERE (i.team_id = ? OR (i.team_id IS NULL AND i.user_id IN (SELECT user_id FROM team_members WHERE team_id = ?)))
			AND i.at >= ? AND i.at < ?
	) load_pages ORDER BY user_id, at`
	from, to = from.UTC(), to.UTC()
	rows, err := db.sql.QueryContext(ctx, db.rebind(q), teamID, from, to, teamID, teamID, from, to)
	if err != nil {
		return fmt.Errorf("load pages: %w", err)
	}
	defer rows.Close()
	var (
		user    int64
		p       load.Page
		at      flexTime
		ackedAt flexTime
		alertID int64
		alert   string
		channel string
		shadow  bool
		ackedBy sql.NullInt64
	)
	for rows.Next() {
		if err := rows.Scan(&user, &at, &alertID, &alert, &channel, &shadow, &ackedAt, &ackedBy); err != nil {
			return fmt.Errorf("load pages: %w", err)
		}
		p = load.Page{At: at.t, Channel: load.Channel(channel), Shadow: shadow}
		if alertID != 0 {
			p.AlertID = strconv.FormatInt(alertID, 10)
		} else {
			p.AlertID, p.Imported = "imported:"+alert, true
		}
		if ackedAt.ok {
			p.AlertAckedAt = ackedAt.t
			if ackedBy.Valid && ackedBy.Int64 == user {
				p.AckedAt = ackedAt.t
			}
		}
		if err := fn(user, p); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load pages: %w", err)
	}
	return nil
}

// rebind turns ? placeholders into $n for PostgreSQL's driver.
func (db *DB) rebind(q string) string {
	if db.dialect != Postgres {
		return q
	}
	out := make([]byte, 0, len(q)+16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			out = append(out, '$')
			out = strconv.AppendInt(out, int64(n), 10)
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}

// flexTime scans an instant whether the driver hands a time.Time (as
// PostgreSQL's does) or SQLite's text form, and remembers NULL.
type flexTime struct {
	t  time.Time
	ok bool
}

var sqliteLayouts = []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999Z07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999"}

func (f *flexTime) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		f.t, f.ok = time.Time{}, false
		return nil
	case time.Time:
		f.t, f.ok = x.UTC(), true
		return nil
	case string:
		return f.parse(x)
	case []byte:
		return f.parse(string(x))
	}
	return fmt.Errorf("cannot read %T as an instant", v)
}

func (f *flexTime) parse(s string) error {
	for _, l := range sqliteLayouts {
		if t, err := time.Parse(l, s); err == nil {
			f.t, f.ok = t.UTC(), true
			return nil
		}
	}
	return fmt.Errorf("cannot read %q as an instant", s)
}

// AcceptLoadProposal writes a load proposal's overrides for a schedule in
// one transaction, through the same checks and audit entries as any
// override, after making sure the schedule is still at the revision the
// proposal was made from; it adds an audit entry for the acceptance with
// detail.
func (db *DB) AcceptLoadProposal(ctx context.Context, actor, scheduleID, revision int64, overrides []rota.Override, detail map[string]any) ([]rota.Override, error) {
	var out []rota.Override
	err := db.tx(ctx, func(tx *gorm.DB) error {
		var cur scheduleRow
		if err := tx.Take(&cur, scheduleID).Error; err != nil {
			return translate(err, "schedule")
		}
		if cur.Revision != revision {
			return &rota.Error{Code: rota.EConflict, Field: "revision",
				Message: fmt.Sprintf("the schedule changed since the proposal was made (revision %d, the proposal is for %d); reload the Load page for a new one", cur.Revision, revision)}
		}
		for i, o := range overrides {
			o.ScheduleID = scheduleID
			created, err := db.insertOverride(tx, actor, o)
			if err != nil {
				return withIndex(err, fmt.Sprintf("overrides[%d]", i))
			}
			out = append(out, created)
		}
		ids := make([]string, len(out))
		for i, o := range out {
			ids[i] = o.ID
		}
		d := map[string]any{"overrides": ids}
		for k, v := range detail {
			d[k] = v
		}
		return db.audit(tx, actor, cur.TeamID, scheduleID, "load_proposal", scheduleID, "accepted", d)
	})
	if err != nil {
		return nil, translate(err, "override")
	}
	return out, nil
}

// withIndex prefixes the field of an invalid-input error with where in a
// list it came from.
func withIndex(err error, prefix string) error {
	if e, ok := err.(*rota.Error); ok && e.Field != "" {
		c := *e
		c.Field = prefix + "." + e.Field
		return &c
	}
	return err
}
