package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/scheduler"
)

type scheduleRow struct {
	ID        int64 `gorm:"primaryKey"`
	TeamID    int64
	Name      string
	TimeZone  string
	Holidays  string
	Pairing   string
	Version   int64
	Revision  int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (scheduleRow) TableName() string { return "schedules" }

type layerRow struct {
	ID           int64 `gorm:"primaryKey"`
	ScheduleID   int64
	Tier         string
	Position     int
	Name         string
	Participants string
	StartLocal   string
	Shift        string
	Coverage     string
}

func (layerRow) TableName() string { return "layers" }

type overrideRow struct {
	ID         int64 `gorm:"primaryKey"`
	ScheduleID int64
	Tier       string
	UserID     int64
	StartAt    time.Time
	EndAt      time.Time
	Note       string
	CreatedBy  *int64
	CreatedAt  time.Time
	SwapID     *int64
}

func (overrideRow) TableName() string { return "overrides" }

func (r overrideRow) domain() rota.Override {
	o := rota.Override{
		Override: scheduler.Override{ID: rota.ID(r.ID), Tier: scheduler.Tier(r.Tier), EngineerID: rota.ID(r.UserID),
			Start: r.StartAt.UTC(), End: r.EndAt.UTC(), CreatedAt: r.CreatedAt.UTC()},
		ScheduleID: r.ScheduleID, Note: r.Note,
	}
	if r.CreatedBy != nil {
		o.CreatedBy = *r.CreatedBy
	}
	if r.SwapID != nil {
		o.SwapID = *r.SwapID
	}
	return o
}

type auditRow struct {
	ID         int64 `gorm:"primaryKey"`
	At         time.Time
	ActorID    *int64
	TeamID     *int64
	ScheduleID *int64
	Entity     string
	EntityID   int64
	Action     string
	Detail     string
}

func (auditRow) TableName() string { return "audit_log" }

// windowJSON is how coverage windows are stored (and written in files).
type windowJSON struct {
	Days []string `json:"days"`
	From string   `json:"from"`
	To   string   `json:"to"`
}

func encodeWindows(ws []scheduler.Window) string {
	out := make([]windowJSON, len(ws))
	for i, w := range ws {
		days := make([]string, len(w.Days))
		for j, d := range w.Days {
			days[j] = strings.ToLower(d.String()[:3])
		}
		out[i] = windowJSON{Days: days, From: w.From.String(), To: w.To.String()}
	}
	b, _ := json.Marshal(out)
	return string(b)
}

func decodeWindows(s string) ([]scheduler.Window, error) {
	var in []windowJSON
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, err
	}
	out := make([]scheduler.Window, len(in))
	for i, w := range in {
		for _, d := range w.Days {
			wd, err := scheduler.ParseWeekday(d)
			if err != nil {
				return nil, err
			}
			out[i].Days = append(out[i].Days, wd)
		}
		var err error
		if out[i].From, err = scheduler.ParseTimeOfDay(w.From); err != nil {
			return nil, err
		}
		if out[i].To, err = scheduler.ParseTimeOfDay(w.To); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func encodeHolidays(ds []scheduler.Date) string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String()
	}
	b, _ := json.Marshal(out)
	return string(b)
}

func decodeHolidays(s string) ([]scheduler.Date, error) {
	var in []string
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, err
	}
	out := make([]scheduler.Date, len(in))
	for i, v := range in {
		d, err := scheduler.ParseDate(v)
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

func tierOrder(t scheduler.Tier) int {
	for i, x := range scheduler.AllTiers {
		if x == t {
			return i
		}
	}
	return len(scheduler.AllTiers)
}

// assemble builds domain schedules from rows; layers, overrides and members
// are grouped by schedule and team.
func assemble(rows []scheduleRow, layers []layerRow, ovs []overrideRow, members map[int64][]scheduler.Engineer) ([]rota.Schedule, error) {
	bySched := make(map[int64]*rota.Schedule, len(rows))
	out := make([]rota.Schedule, len(rows))
	for i, r := range rows {
		hol, err := decodeHolidays(r.Holidays)
		if err != nil {
			return nil, fmt.Errorf("schedule %d holidays: %w", r.ID, err)
		}
		out[i] = rota.Schedule{
			Schedule: scheduler.Schedule{ID: rota.ID(r.ID), Name: r.Name, TeamID: rota.ID(r.TeamID), TimeZone: r.TimeZone,
				Holidays: hol, Pairing: r.Pairing, Members: members[r.TeamID]},
			Version: r.Version, Revision: r.Revision, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		}
		bySched[r.ID] = &out[i]
	}
	sort.SliceStable(layers, func(i, j int) bool {
		a, b := layers[i], layers[j]
		if a.ScheduleID != b.ScheduleID {
			return a.ScheduleID < b.ScheduleID
		}
		if ta, tb := tierOrder(scheduler.Tier(a.Tier)), tierOrder(scheduler.Tier(b.Tier)); ta != tb {
			return ta < tb
		}
		return a.Position < b.Position
	})
	for _, l := range layers {
		s := bySched[l.ScheduleID]
		if s == nil {
			continue
		}
		var parts []string
		if err := json.Unmarshal([]byte(l.Participants), &parts); err != nil {
			return nil, fmt.Errorf("layer %d participants: %w", l.ID, err)
		}
		start, err := scheduler.ParseLocalDateTime(l.StartLocal)
		if err != nil {
			return nil, fmt.Errorf("layer %d start: %w", l.ID, err)
		}
		shift, err := scheduler.ParseShiftLength(l.Shift)
		if err != nil {
			return nil, fmt.Errorf("layer %d shift: %w", l.ID, err)
		}
		cov, err := decodeWindows(l.Coverage)
		if err != nil {
			return nil, fmt.Errorf("layer %d coverage: %w", l.ID, err)
		}
		s.Layers = append(s.Layers, scheduler.Layer{ID: rota.ID(l.ID), Name: l.Name, Tier: scheduler.Tier(l.Tier),
			Participants: parts, Start: start, Shift: shift, Coverage: cov})
	}
	for _, o := range ovs {
		if s := bySched[o.ScheduleID]; s != nil {
			s.Overrides = append(s.Overrides, o.domain().Override)
		}
	}
	return out, nil
}

// teamEngineers returns each team's members as scheduler engineers.
func teamEngineers(tx *gorm.DB, teamIDs []int64) (map[int64][]scheduler.Engineer, error) {
	type row struct {
		TeamID     int64
		ID         int64
		Name       string
		Discipline string
		TimeZone   string
	}
	var rows []row
	q := tx.Table("team_members").Select("team_members.team_id, users.id, users.name, users.discipline, users.time_zone").
		Joins("JOIN users ON users.id = team_members.user_id").Order("team_members.team_id, users.id")
	if teamIDs != nil {
		q = q.Where("team_members.team_id IN ?", teamIDs)
	}
	if err := q.Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := map[int64][]scheduler.Engineer{}
	for _, r := range rows {
		out[r.TeamID] = append(out[r.TeamID], scheduler.Engineer{ID: rota.ID(r.ID), Name: r.Name,
			Discipline: scheduler.Discipline(r.Discipline), TimeZone: r.TimeZone})
	}
	return out, nil
}

// TeamEngineers returns a team's members as the scheduler sees them (a
// schedule's Members), for compiling a schedule that is not stored yet.
// An unknown team is not found.
func (db *DB) TeamEngineers(ctx context.Context, teamID int64) ([]scheduler.Engineer, error) {
	tx := db.gorm.WithContext(ctx)
	if err := tx.Take(&teamRow{}, teamID).Error; err != nil {
		return nil, translate(err, "team")
	}
	m, err := teamEngineers(tx, []int64{teamID})
	if err != nil {
		return nil, err
	}
	return m[teamID], nil
}

// loadSchedules loads schedules matching where (with args) in full.
func loadSchedules(tx *gorm.DB, where string, args ...any) ([]rota.Schedule, error) {
	var rows []scheduleRow
	q := tx.Order("team_id, name")
	if where != "" {
		q = q.Where(where, args...)
	}
	if err := q.Find(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(rows))
	teamSet := map[int64]bool{}
	var teams []int64
	for i, r := range rows {
		ids[i] = r.ID
		if !teamSet[r.TeamID] {
			teamSet[r.TeamID] = true
			teams = append(teams, r.TeamID)
		}
	}
	var layers []layerRow
	var ovs []overrideRow
	// Batch by id list for a handful of schedules; load everything when
	// asked for all of them, rather than build an enormous IN list.
	if where == "" {
		if err := tx.Find(&layers).Error; err != nil {
			return nil, err
		}
		if err := tx.Order("created_at, id").Find(&ovs).Error; err != nil {
			return nil, err
		}
		teams = nil
	} else {
		if err := tx.Where("schedule_id IN ?", ids).Find(&layers).Error; err != nil {
			return nil, err
		}
		if err := tx.Where("schedule_id IN ?", ids).Order("created_at, id").Find(&ovs).Error; err != nil {
			return nil, err
		}
	}
	members, err := teamEngineers(tx, teams)
	if err != nil {
		return nil, err
	}
	out, err := assemble(rows, layers, ovs, members)
	if err != nil {
		return nil, err
	}
	ptrs := make([]*rota.Schedule, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, fillFormer(tx, ptrs...)
}

// fillFormer sets each schedule's Former: the engineers its overrides name
// who are no longer members of its team (an override that ended before
// they left), so that the history keeps resolving, with their names.
func fillFormer(tx *gorm.DB, ss ...*rota.Schedule) error {
	want := map[int64]bool{}
	missing := make([][]int64, len(ss))
	for i, s := range ss {
		s.Former = nil
		in := map[string]bool{}
		for _, m := range s.Members {
			in[m.ID] = true
		}
		for _, o := range s.Overrides {
			if !in[o.EngineerID] {
				in[o.EngineerID] = true
				id := rota.ParseID(o.EngineerID)
				missing[i] = append(missing[i], id)
				want[id] = true
			}
		}
	}
	if len(want) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(want))
	for id := range want {
		ids = append(ids, id)
	}
	var users []userRow
	if err := tx.Select("id, name, discipline, time_zone").Where("id IN ?", ids).Find(&users).Error; err != nil {
		return err
	}
	byID := map[int64]userRow{}
	for _, u := range users {
		byID[u.ID] = u
	}
	for i, s := range ss {
		for _, id := range missing[i] {
			// A deleted user keeps their id and a placeholder name.
			e := scheduler.Engineer{ID: rota.ID(id), Name: fmt.Sprintf("former member %d", id), Discipline: scheduler.DisciplineOps, TimeZone: "UTC"}
			if u, ok := byID[id]; ok {
				e.Name, e.Discipline, e.TimeZone = u.Name, scheduler.Discipline(u.Discipline), u.TimeZone
			}
			s.Former = append(s.Former, e)
		}
	}
	return nil
}

// Schedule returns one schedule in full: definition, overrides and the
// team's members.
func (db *DB) Schedule(ctx context.Context, id int64) (rota.Schedule, error) {
	ss, err := loadSchedules(db.gorm.WithContext(ctx), "id = ?", id)
	if err != nil {
		return rota.Schedule{}, translate(err, "schedule")
	}
	if len(ss) == 0 {
		return rota.Schedule{}, rota.Errorf(rota.ENotFound, "schedule not found")
	}
	return ss[0], nil
}

// ScheduleByName returns a team's schedule by name.
func (db *DB) ScheduleByName(ctx context.Context, teamID int64, name string) (rota.Schedule, error) {
	ss, err := loadSchedules(db.gorm.WithContext(ctx), "team_id = ? AND name = ?", teamID, name)
	if err != nil {
		return rota.Schedule{}, translate(err, "schedule")
	}
	if len(ss) == 0 {
		return rota.Schedule{}, rota.Errorf(rota.ENotFound, "schedule %q not found", name)
	}
	return ss[0], nil
}

// Schedules returns schedules in full: a team's, or every team's when
// teamID is 0.
func (db *DB) Schedules(ctx context.Context, teamID int64) ([]rota.Schedule, error) {
	var (
		ss  []rota.Schedule
		err error
	)
	if teamID == 0 {
		ss, err = loadSchedules(db.gorm.WithContext(ctx), "")
	} else {
		ss, err = loadSchedules(db.gorm.WithContext(ctx), "team_id = ?", teamID)
	}
	return ss, translate(err, "schedules")
}

// ScheduleRevisions returns every schedule's revision, cheaply, so that
// callers can tell which cached schedules are stale.
func (db *DB) ScheduleRevisions(ctx context.Context) (map[int64]int64, error) {
	var rows []struct{ ID, Revision int64 }
	if err := db.gorm.WithContext(ctx).Table("schedules").Select("id, revision").Scan(&rows).Error; err != nil {
		return nil, translate(err, "schedules")
	}
	out := make(map[int64]int64, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Revision
	}
	return out, nil
}

// validateSchedule compiles s against the team's current members.
func validateSchedule(tx *gorm.DB, teamID int64, s *rota.Schedule) error {
	members, err := teamEngineers(tx, []int64{teamID})
	if err != nil {
		return err
	}
	s.Members = members[teamID]
	if err := fillFormer(tx, s); err != nil {
		return err
	}
	if strings.TrimSpace(s.Name) == "" {
		return rota.Invalid("name", "name is required")
	}
	if len(s.Name) > 100 {
		return rota.Invalid("name", "name is longer than 100 characters")
	}
	_, err = scheduler.Compile(s.Schedule)
	return err
}

func (db *DB) audit(tx *gorm.DB, actor, teamID, scheduleID int64, entity string, entityID int64, action string, detail any) error {
	raw, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	row := auditRow{At: db.Now(), ActorID: nullID(actor), TeamID: nullID(teamID), ScheduleID: nullID(scheduleID),
		Entity: entity, EntityID: entityID, Action: action, Detail: string(raw)}
	return tx.Create(&row).Error
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// insertLayers writes s's layers, numbering positions within each tier.
func insertLayers(tx *gorm.DB, scheduleID int64, layers []scheduler.Layer) error {
	pos := map[scheduler.Tier]int{}
	for _, l := range layers {
		parts, _ := json.Marshal(l.Participants)
		row := layerRow{ScheduleID: scheduleID, Tier: string(l.Tier), Position: pos[l.Tier], Name: l.Name,
			Participants: string(parts), StartLocal: l.Start.String(), Shift: l.Shift.String(), Coverage: encodeWindows(l.Coverage)}
		pos[l.Tier]++
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
	}
	return nil
}

// definition is what the audit log records of a schedule.
func definition(s rota.Schedule) map[string]any {
	layers := make([]map[string]any, len(s.Layers))
	for i, l := range s.Layers {
		layers[i] = map[string]any{"tier": l.Tier, "name": l.Name, "participants": l.Participants,
			"start": l.Start.String(), "shift": l.Shift.String(), "coverage": json.RawMessage(encodeWindows(l.Coverage))}
	}
	return map[string]any{"name": s.Name, "time_zone": s.TimeZone, "holidays": json.RawMessage(encodeHolidays(s.Holidays)),
		"pairing": s.Pairing, "layers": layers}
}

// CreateSchedule validates and stores a new schedule for its team.
func (db *DB) CreateSchedule(ctx context.Context, actor int64, s rota.Schedule) (rota.Schedule, error) {
	teamID := rota.ParseID(s.TeamID)
	var id int64
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Take(&teamRow{}, teamID).Error; err != nil {
			return translate(err, "team")
		}
		s.Overrides = nil
		if err := validateSchedule(tx, teamID, &s); err != nil {
			return err
		}
		row := scheduleRow{TeamID: teamID, Name: strings.TrimSpace(s.Name), TimeZone: s.TimeZone, Holidays: encodeHolidays(s.Holidays),
			Pairing: s.Pairing, Version: 1, Revision: 1}
		if err := tx.Create(&row).Error; err != nil {
			if err = translate(err, "schedule"); rota.IsCode(err, rota.EConflict) {
				return &rota.Error{Code: rota.EConflict, Message: "the team already has a schedule named " + row.Name, Field: "name"}
			}
			return err
		}
		id = row.ID
		if err := insertLayers(tx, id, s.Layers); err != nil {
			return err
		}
		return db.audit(tx, actor, teamID, id, "schedule", id, "created", definition(s))
	})
	if err != nil {
		return rota.Schedule{}, translate(err, "schedule")
	}
	return db.Schedule(ctx, id)
}

// UpdateSchedule replaces a schedule's definition (name, zone, holidays,
// pairing, layers). s.Version must be the version the edit started from;
// otherwise someone else changed it meanwhile and the update is a conflict.
func (db *DB) UpdateSchedule(ctx context.Context, actor int64, s rota.Schedule) (rota.Schedule, error) {
	id := rota.ParseID(s.ID)
	err := db.tx(ctx, func(tx *gorm.DB) error {
		var cur scheduleRow
		if err := tx.Take(&cur, id).Error; err != nil {
			return translate(err, "schedule")
		}
		if s.Version != cur.Version {
			return &rota.Error{Code: rota.EConflict, Field: "version",
				Message: fmt.Sprintf("the schedule was changed by someone else (version %d, you edited version %d); reload and try again", cur.Version, s.Version)}
		}
		var ovs []overrideRow
		if err := tx.Where("schedule_id = ?", id).Find(&ovs).Error; err != nil {
			return err
		}
		s.Overrides = nil
		for _, o := range ovs {
			s.Overrides = append(s.Overrides, o.domain().Override)
		}
		if err := validateSchedule(tx, cur.TeamID, &s); err != nil {
			return err
		}
		res := tx.Model(&scheduleRow{}).Where("id = ? AND version = ?", id, cur.Version).Updates(map[string]any{
			"name": strings.TrimSpace(s.Name), "time_zone": s.TimeZone, "holidays": encodeHolidays(s.Holidays), "pairing": s.Pairing,
			"version": cur.Version + 1, "revision": cur.Revision + 1, "updated_at": db.Now(),
		})
		if res.Error != nil {
			if err := translate(res.Error, "schedule"); rota.IsCode(err, rota.EConflict) {
				return &rota.Error{Code: rota.EConflict, Message: "the team already has a schedule named " + s.Name, Field: "name"}
			}
			return res.Error
		}
		if res.RowsAffected == 0 {
			return &rota.Error{Code: rota.EConflict, Field: "version", Message: "the schedule was changed by someone else; reload and try again"}
		}
		if err := tx.Where("schedule_id = ?", id).Delete(&layerRow{}).Error; err != nil {
			return err
		}
		if err := insertLayers(tx, id, s.Layers); err != nil {
			return err
		}
		return db.audit(tx, actor, cur.TeamID, id, "schedule", id, "updated", definition(s))
	})
	if err != nil {
		return rota.Schedule{}, translate(err, "schedule")
	}
	return db.Schedule(ctx, id)
}

// DeleteSchedule removes a schedule with its layers, overrides and swaps.
func (db *DB) DeleteSchedule(ctx context.Context, actor, id int64) error {
	return db.tx(ctx, func(tx *gorm.DB) error {
		var cur scheduleRow
		if err := tx.Take(&cur, id).Error; err != nil {
			return translate(err, "schedule")
		}
		if err := tx.Delete(&scheduleRow{}, id).Error; err != nil {
			return translate(err, "schedule")
		}
		return db.audit(tx, actor, cur.TeamID, id, "schedule", id, "deleted", map[string]any{"name": cur.Name})
	})
}

func bumpRevision(tx *gorm.DB, scheduleID int64, now time.Time) error {
	return tx.Model(&scheduleRow{}).Where("id = ?", scheduleID).
		Updates(map[string]any{"revision": gorm.Expr("revision + 1"), "updated_at": now}).Error
}

// CreateOverride adds an override after checking it against the schedule.
func (db *DB) CreateOverride(ctx context.Context, actor int64, o rota.Override) (rota.Override, error) {
	var out rota.Override
	err := db.tx(ctx, func(tx *gorm.DB) error {
		var err error
		out, err = db.insertOverride(tx, actor, o)
		return err
	})
	return out, translate(err, "override")
}

func (db *DB) insertOverride(tx *gorm.DB, actor int64, o rota.Override) (rota.Override, error) {
	ss, err := loadSchedules(tx, "id = ?", o.ScheduleID)
	if err != nil {
		return rota.Override{}, err
	}
	if len(ss) == 0 {
		return rota.Override{}, rota.Errorf(rota.ENotFound, "schedule not found")
	}
	s := ss[0]
	if err := validateOverride(s, o); err != nil {
		return rota.Override{}, err
	}
	row := overrideRow{ScheduleID: o.ScheduleID, Tier: string(o.Tier), UserID: rota.ParseID(o.EngineerID),
		StartAt: o.Start.UTC(), EndAt: o.End.UTC(), Note: strings.TrimSpace(o.Note), CreatedBy: nullID(actor), CreatedAt: db.Now(), SwapID: nullID(o.SwapID)}
	if err := tx.Create(&row).Error; err != nil {
		return rota.Override{}, err
	}
	if err := bumpRevision(tx, o.ScheduleID, db.Now()); err != nil {
		return rota.Override{}, err
	}
	out := row.domain()
	return out, db.audit(tx, actor, rota.ParseID(s.TeamID), o.ScheduleID, "override", row.ID, "created",
		map[string]any{"tier": o.Tier, "user_id": o.EngineerID, "start": o.Start.UTC(), "end": o.End.UTC(), "note": row.Note})
}

// validateOverride checks one override in the context of its schedule,
// naming the override's own fields in errors.
func validateOverride(s rota.Schedule, o rota.Override) error {
	switch o.Tier {
	case scheduler.TierPrimary, scheduler.TierSecondary, scheduler.TierShadow:
	default:
		return rota.Invalid("tier", "tier must be primary, secondary or shadow, not %q", o.Tier)
	}
	if o.Start.IsZero() {
		return rota.Invalid("start", "start is required")
	}
	if o.End.IsZero() {
		return rota.Invalid("end", "end is required")
	}
	if !o.End.After(o.Start) {
		return rota.Invalid("end", "end must be after start")
	}
	if o.End.Sub(o.Start) > 366*24*time.Hour {
		return rota.Invalid("end", "an override lasts at most a year")
	}
	member := false
	for _, m := range s.Members {
		if m.ID == o.EngineerID {
			member = true
		}
	}
	if !member {
		return rota.Invalid("user_id", "the engineer is not a member of the schedule's team")
	}
	if len(o.Note) > 500 {
		return rota.Invalid("note", "note is longer than 500 characters")
	}
	probe := s.Schedule
	probe.Overrides = append(append([]scheduler.Override(nil), s.Overrides...), o.Override)
	if _, err := scheduler.Compile(probe); err != nil {
		return err
	}
	return nil
}

// DeleteOverride removes an override of a schedule.
func (db *DB) DeleteOverride(ctx context.Context, actor, scheduleID, overrideID int64) error {
	return db.tx(ctx, func(tx *gorm.DB) error {
		var row overrideRow
		if err := tx.Where("id = ? AND schedule_id = ?", overrideID, scheduleID).Take(&row).Error; err != nil {
			return translate(err, "override")
		}
		if err := tx.Delete(&overrideRow{}, overrideID).Error; err != nil {
			return err
		}
		if err := bumpRevision(tx, scheduleID, db.Now()); err != nil {
			return err
		}
		var s scheduleRow
		tx.Take(&s, scheduleID)
		return db.audit(tx, actor, s.TeamID, scheduleID, "override", overrideID, "deleted",
			map[string]any{"tier": row.Tier, "user_id": rota.ID(row.UserID), "start": row.StartAt.UTC(), "end": row.EndAt.UTC()})
	})
}

// Override returns one override.
func (db *DB) Override(ctx context.Context, scheduleID, overrideID int64) (rota.Override, error) {
	var row overrideRow
	if err := db.gorm.WithContext(ctx).Where("id = ? AND schedule_id = ?", overrideID, scheduleID).Take(&row).Error; err != nil {
		return rota.Override{}, translate(err, "override")
	}
	return row.domain(), nil
}

// Overrides lists a schedule's overrides that overlap [from, to); zero
// times leave that side open.
func (db *DB) Overrides(ctx context.Context, scheduleID int64, from, to time.Time) ([]rota.Override, error) {
	q := db.gorm.WithContext(ctx).Where("schedule_id = ?", scheduleID)
	if !from.IsZero() {
		q = q.Where("end_at > ?", from.UTC())
	}
	if !to.IsZero() {
		q = q.Where("start_at < ?", to.UTC())
	}
	var rows []overrideRow
	if err := q.Order("start_at, id").Find(&rows).Error; err != nil {
		return nil, translate(err, "overrides")
	}
	out := make([]rota.Override, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// Audit lists a schedule's audit entries, newest first.
func (db *DB) Audit(ctx context.Context, scheduleID int64, limit int) ([]rota.AuditEntry, error) {
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	var rows []struct {
		Audit     auditRow `gorm:"embedded"`
		ActorName *string
	}
	err := db.gorm.WithContext(ctx).Table("audit_log").Select("audit_log.*, users.name AS actor_name").
		Joins("LEFT JOIN users ON users.id = audit_log.actor_id").
		Where("audit_log.schedule_id = ?", scheduleID).Order("audit_log.id DESC").Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "audit log")
	}
	out := make([]rota.AuditEntry, len(rows))
	for i, r := range rows {
		a := r.Audit
		e := rota.AuditEntry{ID: a.ID, At: a.At.UTC(), Entity: a.Entity, EntityID: a.EntityID, Action: a.Action, Detail: a.Detail}
		if a.ActorID != nil {
			e.ActorID = *a.ActorID
		}
		if a.TeamID != nil {
			e.TeamID = *a.TeamID
		}
		if a.ScheduleID != nil {
			e.ScheduleID = *a.ScheduleID
		}
		if r.ActorName != nil {
			e.ActorName = *r.ActorName
		}
		out[i] = e
	}
	return out, nil
}
