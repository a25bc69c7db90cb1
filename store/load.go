package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
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

// StreamLoadPages calls fn with the engineer's user id and every page of
// the team's alerts sent to a member in [from, to), and every page
// imported for the team (or for no team) to a member in that range,
// engineer by engineer (in user id order) and in time order for each, as
// the load.Accumulator wants them. A page's AlertID is the Rota alert's
// id or, for an imported page, "imported:" and the other tool's alert
// key; it carries the alert's acknowledgement: AckedAt when this engineer
// acknowledged it, AlertAckedAt whoever did. fn's error stops the stream
// and is returned.
//
// Pages are never all held: each engineer's are read in index order (an
// index-only scan on PostgreSQL, no sort), one engineer at a time, by a
// goroutine that hands them to fn in chunks of loadChunk, at most two
// chunks ahead, so that reading and fn share the cores. What is held in
// full is one small entry per alert of the team open in the period (its
// acknowledgement), read first in one query.
func (db *DB) StreamLoadPages(ctx context.Context, teamID int64, from, to time.Time, fn func(userID int64, p load.Page) error) error {
	from, to = from.UTC(), to.UTC()
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return fmt.Errorf("load pages: %w", err)
	}
	defer conn.Close()
	var members []int64
	rows, err := conn.QueryContext(ctx, db.rebind(`SELECT user_id FROM team_members WHERE team_id = ? ORDER BY user_id`), teamID)
	if err != nil {
		return fmt.Errorf("load members: %w", err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		members = append(members, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load members: %w", err)
	}

	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan []userPage, 2)
	free := make(chan []userPage, 4)
	for range cap(free) {
		free <- make([]userPage, 0, loadChunk)
	}
	out := &loadStream{ctx: rctx, chunks: chunks, free: free}
	out.cur = <-free
	done := make(chan error, 1)
	go func() {
		var err error
		if db.dialect == Postgres {
			err = conn.Raw(func(dc any) error {
				c, ok := dc.(interface{ Conn() *pgx.Conn })
				if !ok {
					return fmt.Errorf("load pages: driver connection %T is not pgx", dc)
				}
				alerts, err := loadAlertAcksPG(rctx, c.Conn(), teamID, from, to)
				if err != nil {
					return err
				}
				return readLoadPagesPG(rctx, c.Conn(), out, alerts, members, teamID, from, to)
			})
		} else {
			var alerts *alertAcks
			if alerts, err = loadAlertAcksSQL(rctx, conn, teamID, from, to); err == nil {
				err = readLoadPagesSQL(rctx, conn, out, alerts, members, teamID, from, to)
			}
		}
		if err == nil {
			err = out.flush()
		}
		close(chunks)
		done <- err
	}()
	var ferr error
	for chunk := range chunks {
		if ferr == nil {
			for i := range chunk {
				if ferr = fn(chunk[i].user, chunk[i].page); ferr != nil {
					cancel()
					break
				}
			}
		}
		select {
		case free <- chunk[:0]:
		default:
		}
	}
	rerr := <-done
	if ferr != nil {
		return ferr
	}
	return rerr
}

// loadChunk is how many pages the reader hands over at a time.
const loadChunk = 4096

type userPage struct {
	user int64
	page load.Page
}

// loadStream carries pages from the reading goroutine to fn.
type loadStream struct {
	ctx    context.Context
	chunks chan<- []userPage
	free   chan []userPage
	cur    []userPage
}

func (s *loadStream) emit(user int64, p load.Page) error {
	s.cur = append(s.cur, userPage{user, p})
	if len(s.cur) < loadChunk {
		return nil
	}
	return s.flush()
}

func (s *loadStream) flush() error {
	if len(s.cur) == 0 {
		return nil
	}
	select {
	case s.chunks <- s.cur:
	case <-s.ctx.Done():
		return s.ctx.Err()
	}
	select {
	case s.cur = <-s.free:
	case <-s.ctx.Done():
		return s.ctx.Err()
	}
	return nil
}

// alertAck is what the report needs of an alert: its id as a page
// carries it (made on first use) and who acknowledged it when.
type alertAck struct {
	ok bool
	id string
	at time.Time
	by int64
}

// alertAcks holds the team's alerts of the period: densely by id when the
// ids are close together (one team's alerts usually are), else in a map.
// Looking an alert up is on the path of every page.
type alertAcks struct {
	base  int64
	dense []alertAck
	byID  map[int64]*alertAck
}

func (a *alertAcks) get(id int64) *alertAck {
	if a.byID != nil {
		return a.byID[id]
	}
	if i := id - a.base; i >= 0 && i < int64(len(a.dense)) && a.dense[i].ok {
		return &a.dense[i]
	}
	return nil
}

type alertRowAck struct {
	id int64
	at time.Time
	by int64
}

func newAlertAcks(rows []alertRowAck) *alertAcks {
	a := &alertAcks{}
	if len(rows) == 0 {
		return a
	}
	lo, hi := rows[0].id, rows[0].id
	for _, r := range rows {
		lo, hi = min(lo, r.id), max(hi, r.id)
	}
	if span := hi - lo + 1; span <= 8*int64(len(rows))+1024 {
		a.base, a.dense = lo, make([]alertAck, span)
		for _, r := range rows {
			a.dense[r.id-lo] = alertAck{ok: true, at: r.at, by: r.by}
		}
		return a
	}
	a.byID = make(map[int64]*alertAck, len(rows))
	for _, r := range rows {
		a.byID[r.id] = &alertAck{ok: true, at: r.at, by: r.by}
	}
	return a
}

// alertsQuery reads the team's alerts that were open at some time in the
// period: a page is sent while its alert is open (the hour covers a send
// under way when the alert was resolved).
const alertsQuery = `SELECT id, acked_at, acked_by FROM alerts
	WHERE team_id = ? AND created_at < ? AND (resolved_at IS NULL OR resolved_at >= ?)`

func loadAlertAcksSQL(ctx context.Context, conn *sql.Conn, teamID int64, from, to time.Time) (*alertAcks, error) {
	rows, err := conn.QueryContext(ctx, alertsQuery, teamID, to, from.Add(-time.Hour))
	if err != nil {
		return nil, fmt.Errorf("load alerts: %w", err)
	}
	defer rows.Close()
	var out []alertRowAck
	for rows.Next() {
		var (
			r  alertRowAck
			at flexTime
			by sql.NullInt64
		)
		if err := rows.Scan(&r.id, &at, &by); err != nil {
			return nil, fmt.Errorf("load alerts: %w", err)
		}
		r.at, r.by = at.t, by.Int64
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load alerts: %w", err)
	}
	return newAlertAcks(out), nil
}

func loadAlertAcksPG(ctx context.Context, c *pgx.Conn, teamID int64, from, to time.Time) (*alertAcks, error) {
	rows, err := c.Query(ctx, pgRebind(alertsQuery), teamID, to, from.Add(-time.Hour))
	if err != nil {
		return nil, fmt.Errorf("load alerts: %w", err)
	}
	defer rows.Close()
	fds := rows.FieldDescriptions()
	binary := len(fds) == 3 && fds[0].Format == pgx.BinaryFormatCode && fds[1].Format == pgx.BinaryFormatCode && fds[2].Format == pgx.BinaryFormatCode
	out := make([]alertRowAck, 0, 1024)
	for rows.Next() {
		var r alertRowAck
		if v := rows.RawValues(); binary && len(v) == 3 && len(v[0]) == 8 && (v[1] == nil || len(v[1]) == 8) && (v[2] == nil || len(v[2]) == 8) {
			r.id = int64(be64(v[0]))
			if v[1] != nil {
				r.at = pgEpoch.Add(time.Duration(int64(be64(v[1]))) * time.Microsecond)
			}
			if v[2] != nil {
				r.by = int64(be64(v[2]))
			}
		} else if r, err = scanAlertRow(rows); err != nil {
			return nil, fmt.Errorf("load alerts: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load alerts: %w", err)
	}
	return newAlertAcks(out), nil
}

func scanAlertRow(rows pgx.Rows) (alertRowAck, error) {
	var (
		r  alertRowAck
		at *time.Time
		by *int64
	)
	if err := rows.Scan(&r.id, &at, &by); err != nil {
		return r, err
	}
	if at != nil {
		r.at = at.UTC()
	}
	if by != nil {
		r.by = *by
	}
	return r, nil
}

var (
	loadPagesQuery = `SELECT sent_at, alert_id, channel, shadow FROM pages
		WHERE user_id = ? AND status = 'sent' AND ` + toldSomeone("loop") + ` AND sent_at >= ? AND sent_at < ? ORDER BY sent_at`
	loadImportedQuery = `SELECT at, alert, channel FROM imported_pages
		WHERE user_id = ? AND (team_id = ? OR team_id IS NULL) AND at >= ? AND at < ? ORDER BY at, id`
)

// sentPage makes the page of a row of loadPagesQuery; false when the
// alert is not the team's.
func sentPage(alerts *alertAcks, user int64, at time.Time, alertID int64, channel load.Channel, shadow bool) (load.Page, bool) {
	a := alerts.get(alertID)
	if a == nil {
		return load.Page{}, false
	}
	if a.id == "" {
		a.id = strconv.FormatInt(alertID, 10)
	}
	p := load.Page{At: at, AlertID: a.id, Channel: channel, Shadow: shadow, AlertAckedAt: a.at}
	if a.by == user {
		p.AckedAt = a.at
	}
	return p, true
}

// channelOf returns the channel named by raw without allocating for the
// usual ones.
func channelOf(raw []byte) load.Channel {
	switch string(raw) {
	case "sms":
		return load.ChannelSMS
	case "voice":
		return load.ChannelVoice
	case "log":
		return load.ChannelLog
	case "webhook":
		return load.ChannelWebhook
	case "pagerduty":
		return load.ChannelPagerDuty
	case "push":
		return load.ChannelPush
	case "email":
		return load.ChannelEmail
	}
	return load.Channel(raw)
}

// mergeImported emits the engineer's imported pages before t (all of them
// when all) and returns those left.
func mergeImported(out *loadStream, user int64, imported []load.Page, t time.Time, all bool) ([]load.Page, error) {
	for len(imported) > 0 && (all || imported[0].At.Before(t)) {
		if err := out.emit(user, imported[0]); err != nil {
			return nil, err
		}
		imported = imported[1:]
	}
	return imported, nil
}

// readLoadPagesSQL reads each member's pages through database/sql.
func readLoadPagesSQL(ctx context.Context, conn *sql.Conn, out *loadStream, alerts *alertAcks, members []int64, teamID int64, from, to time.Time) error {
	pagesQ, err := conn.PrepareContext(ctx, loadPagesQuery)
	if err != nil {
		return fmt.Errorf("load pages: %w", err)
	}
	defer pagesQ.Close()
	importedQ, err := conn.PrepareContext(ctx, loadImportedQuery)
	if err != nil {
		return fmt.Errorf("load imported pages: %w", err)
	}
	defer importedQ.Close()
	var buf []load.Page
	for _, user := range members {
		buf = buf[:0]
		irows, err := importedQ.QueryContext(ctx, user, teamID, from, to)
		if err != nil {
			return fmt.Errorf("load imported pages: %w", err)
		}
		for irows.Next() {
			var (
				at             flexTime
				alert, channel string
			)
			if err := irows.Scan(&at, &alert, &channel); err != nil {
				irows.Close()
				return fmt.Errorf("load imported pages: %w", err)
			}
			buf = append(buf, load.Page{At: at.t, AlertID: "imported:" + alert, Channel: load.Channel(channel), Imported: true})
		}
		irows.Close()
		if err := irows.Err(); err != nil {
			return fmt.Errorf("load imported pages: %w", err)
		}
		imported := buf
		prows, err := pagesQ.QueryContext(ctx, user, from, to)
		if err != nil {
			return fmt.Errorf("load pages: %w", err)
		}
		var (
			at      flexTime
			alertID int64
			channel []byte
			shadow  bool
		)
		for prows.Next() {
			if err := prows.Scan(&at, &alertID, &channel, &shadow); err != nil {
				prows.Close()
				return fmt.Errorf("load pages: %w", err)
			}
			p, ok := sentPage(alerts, user, at.t, alertID, channelOf(channel), shadow)
			if !ok {
				continue
			}
			if imported, err = mergeImported(out, user, imported, p.At, false); err == nil {
				err = out.emit(user, p)
			}
			if err != nil {
				prows.Close()
				return err
			}
		}
		prows.Close()
		if err := prows.Err(); err != nil {
			return fmt.Errorf("load pages: %w", err)
		}
		if _, err := mergeImported(out, user, imported, time.Time{}, true); err != nil {
			return err
		}
	}
	return nil
}

// pgEpoch is PostgreSQL's zero instant for binary timestamps.
var pgEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// readLoadPagesPG reads each member's pages with pgx directly, decoding
// the binary columns of the pages query without allocating per row: a
// million pages cost well under a second this way, against twice that
// through database/sql.
func readLoadPagesPG(ctx context.Context, c *pgx.Conn, out *loadStream, alerts *alertAcks, members []int64, teamID int64, from, to time.Time) error {
	pagesSQL, importedSQL := pgRebind(loadPagesQuery), pgRebind(loadImportedQuery)
	var buf []load.Page
	for _, user := range members {
		buf = buf[:0]
		irows, err := c.Query(ctx, importedSQL, user, teamID, from, to)
		if err != nil {
			return fmt.Errorf("load imported pages: %w", err)
		}
		for irows.Next() {
			var (
				at             time.Time
				alert, channel string
			)
			if err := irows.Scan(&at, &alert, &channel); err != nil {
				irows.Close()
				return fmt.Errorf("load imported pages: %w", err)
			}
			buf = append(buf, load.Page{At: at.UTC(), AlertID: "imported:" + alert, Channel: load.Channel(channel), Imported: true})
		}
		irows.Close()
		if err := irows.Err(); err != nil {
			return fmt.Errorf("load imported pages: %w", err)
		}
		imported := buf
		prows, err := c.Query(ctx, pagesSQL, user, from, to)
		if err != nil {
			return fmt.Errorf("load pages: %w", err)
		}
		fds := prows.FieldDescriptions()
		binary := len(fds) == 4 && fds[0].Format == pgx.BinaryFormatCode && fds[1].Format == pgx.BinaryFormatCode && fds[3].Format == pgx.BinaryFormatCode
		for prows.Next() {
			var (
				at      time.Time
				alertID int64
				channel load.Channel
				shadow  bool
			)
			if v := prows.RawValues(); binary && len(v) == 4 && len(v[0]) == 8 && len(v[1]) == 8 && len(v[3]) == 1 {
				at = pgEpoch.Add(time.Duration(int64(be64(v[0]))) * time.Microsecond)
				alertID, channel, shadow = int64(be64(v[1])), channelOf(v[2]), v[3][0] != 0
			} else {
				// Scanning takes addresses: kept apart so that the fast
				// path's variables stay on the stack.
				var err error
				if at, alertID, channel, shadow, err = scanPageRow(prows); err != nil {
					prows.Close()
					return fmt.Errorf("load pages: %w", err)
				}
			}
			p, ok := sentPage(alerts, user, at, alertID, channel, shadow)
			if !ok {
				continue
			}
			if imported, err = mergeImported(out, user, imported, p.At, false); err == nil {
				err = out.emit(user, p)
			}
			if err != nil {
				prows.Close()
				return err
			}
		}
		prows.Close()
		if err := prows.Err(); err != nil {
			return fmt.Errorf("load pages: %w", err)
		}
		if _, err := mergeImported(out, user, imported, time.Time{}, true); err != nil {
			return err
		}
	}
	return nil
}

func scanPageRow(rows pgx.Rows) (time.Time, int64, load.Channel, bool, error) {
	var (
		at      time.Time
		alertID int64
		ch      string
		shadow  bool
	)
	err := rows.Scan(&at, &alertID, &ch, &shadow)
	return at.UTC(), alertID, load.Channel(ch), shadow, err
}

func be64(b []byte) uint64 {
	return uint64(b[0])<<56 | uint64(b[1])<<48 | uint64(b[2])<<40 | uint64(b[3])<<32 |
		uint64(b[4])<<24 | uint64(b[5])<<16 | uint64(b[6])<<8 | uint64(b[7])
}

// rebind turns ? placeholders into $n for PostgreSQL's driver.
func (db *DB) rebind(q string) string {
	if db.dialect != Postgres {
		return q
	}
	return pgRebind(q)
}

func pgRebind(q string) string {
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
