package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/rotaoncall/rota/load"
	"github.com/rotaoncall/rota/paging"
)

// ExpireVerifyCodes forgets the phone verification codes sent before
// before: they no longer work (VerifyCodeTTL), and a stored hash of a
// six-digit code is worth nobody's keeping.
func (db *DB) ExpireVerifyCodes(ctx context.Context, before time.Time) (int64, error) {
	res := db.gorm.WithContext(ctx).Model(&contactRow{}).
		Where("verify_code_hash <> '' AND verify_sent_at < ?", before.UTC()).
		Update("verify_code_hash", "")
	return res.RowsAffected, translate(res.Error, "verification codes")
}

// pageDay is the UTC day, as YYYY-MM-DD, a page counts on: when it was
// sent, or for one never sent, when it was written.
func (db *DB) pageDay() string {
	if db.dialect == Postgres {
		return "to_char(COALESCE(pages.sent_at, pages.created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
	}
	return "date(COALESCE(pages.sent_at, pages.created_at))"
}

// PruneResolvedAlerts implements housekeeping.Store. On PostgreSQL the
// alerts are locked with SKIP LOCKED, so processes pruning at once take
// disjoint batches; SQLite runs one writer at a time. Each batch's pages
// are added to page_load_days and deleted in one transaction, so a page is
// counted in pages or in page_load_days, never both and never twice.
func (db *DB) PruneResolvedAlerts(ctx context.Context, before time.Time, limit int) (int64, int64, error) {
	var alerts, pages int64
	err := db.tx(ctx, func(tx *gorm.DB) error {
		q := tx.Select("id").Where("status = 'resolved' AND resolved_at < ?", before.UTC()).Order("resolved_at, id").Limit(limit)
		if db.dialect == Postgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
		}
		var rows []alertRow
		if err := q.Find(&rows).Error; err != nil || len(rows) == 0 {
			return err
		}
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		day := db.pageDay()
		// In key order, so that two transactions adding to the same days
		// take the rows' locks in the same order and cannot deadlock.
		err := tx.Exec(`INSERT INTO page_load_days (user_id, team_id, day, channel, shadow, sent, failed)
			SELECT pages.user_id, alerts.team_id, `+day+`, pages.channel, pages.shadow,
				SUM(CASE WHEN pages.status = 'sent' THEN 1 ELSE 0 END), SUM(CASE WHEN pages.status = 'failed' THEN 1 ELSE 0 END)
			FROM pages JOIN alerts ON alerts.id = pages.alert_id
			WHERE pages.alert_id IN ? AND pages.status IN ('sent', 'failed') AND `+toldSomeone("pages.loop")+`
			GROUP BY pages.user_id, alerts.team_id, `+day+`, pages.channel, pages.shadow
			ORDER BY pages.user_id, alerts.team_id, `+day+`, pages.channel, pages.shadow
			ON CONFLICT (user_id, team_id, day, channel, shadow)
			DO UPDATE SET sent = page_load_days.sent + excluded.sent, failed = page_load_days.failed + excluded.failed`, ids).Error
		if err != nil {
			return fmt.Errorf("count pages: %w", err)
		}
		res := tx.Where("alert_id IN ?", ids).Delete(&pageRow{})
		if res.Error != nil {
			return res.Error
		}
		pages = res.RowsAffected
		if err := tx.Where("alert_id IN ?", ids).Delete(&alertEventRow{}).Error; err != nil {
			return err
		}
		res = tx.Where("id IN ?", ids).Delete(&alertRow{})
		alerts = res.RowsAffected
		return res.Error
	})
	if err != nil {
		return 0, 0, fmt.Errorf("prune resolved alerts: %w", err)
	}
	return alerts, pages, nil
}

// PageLoadDays returns page counts per engineer, team, UTC day, channel
// and shadow or not for the days from from to to (UTC dates, to
// excluded): those of pages still stored and those of pruned alerts alike,
// so that a reader need not know what housekeeping has removed.
func (db *DB) PageLoadDays(ctx context.Context, from, to time.Time) ([]paging.DayCount, error) {
	from, to = utcDay(from), utcDay(to)
	const layout = "2006-01-02"
	day := db.pageDay()
	var rows []struct {
		UserID  int64
		TeamID  int64
		Day     string
		Channel string
		Shadow  bool
		Sent    int
		Failed  int
	}
	err := db.gorm.WithContext(ctx).Raw(`SELECT user_id, team_id, day, channel, shadow, SUM(sent) AS sent, SUM(failed) AS failed FROM (
			SELECT user_id, team_id, day, channel, shadow, sent, failed FROM page_load_days WHERE day >= ? AND day < ?
			UNION ALL
			SELECT pages.user_id, alerts.team_id, `+day+` AS day, pages.channel, pages.shadow,
				CASE WHEN pages.status = 'sent' THEN 1 ELSE 0 END, CASE WHEN pages.status = 'failed' THEN 1 ELSE 0 END
			FROM pages JOIN alerts ON alerts.id = pages.alert_id
			WHERE pages.status IN ('sent', 'failed') AND `+toldSomeone("pages.loop")+` AND COALESCE(pages.sent_at, pages.created_at) >= ? AND COALESCE(pages.sent_at, pages.created_at) < ?
		) counts GROUP BY user_id, team_id, day, channel, shadow ORDER BY day, user_id, team_id, channel, shadow`,
		from.Format(layout), to.Format(layout), from, to).Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "page load")
	}
	out := make([]paging.DayCount, 0, len(rows))
	for _, r := range rows {
		d, err := time.Parse(layout, r.Day)
		if err != nil {
			return nil, fmt.Errorf("page load: day %q: %w", r.Day, err)
		}
		out = append(out, paging.DayCount{UserID: r.UserID, TeamID: r.TeamID, Day: d, Channel: paging.Channel(r.Channel), Shadow: r.Shadow, Sent: r.Sent, Failed: r.Failed})
	}
	return out, nil
}

func utcDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// PrunedLoadPages calls fn with the daily page counts housekeeping kept
// for the team's pruned alerts (page_load_days) whose UTC day starts in
// [from, to): sent pages only, per engineer, channel and shadow or not.
// The pages still stored are StreamLoadPages'; a page is in one or the
// other, never both.
func (db *DB) PrunedLoadPages(ctx context.Context, teamID int64, from, to time.Time, fn func(userID int64, channel load.Channel, shadow bool, n int) error) error {
	const layout = "2006-01-02"
	first := utcDay(from)
	if first.Before(from.UTC()) {
		first = first.AddDate(0, 0, 1)
	}
	last := utcDay(to)
	if last.Before(to.UTC()) {
		last = last.AddDate(0, 0, 1)
	}
	var rows []struct {
		UserID  int64
		Channel string
		Shadow  bool
		Sent    int
	}
	err := db.gorm.WithContext(ctx).Raw(`SELECT user_id, channel, shadow, SUM(sent) AS sent FROM page_load_days
		WHERE team_id = ? AND day >= ? AND day < ? AND sent > 0 GROUP BY user_id, channel, shadow ORDER BY user_id, channel, shadow`,
		teamID, first.Format(layout), last.Format(layout)).Scan(&rows).Error
	if err != nil {
		return translate(err, "page load")
	}
	for _, r := range rows {
		if err := fn(r.UserID, load.Channel(r.Channel), r.Shadow, r.Sent); err != nil {
			return err
		}
	}
	return nil
}
