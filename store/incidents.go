package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/incident/incidents"
	"github.com/rotaoncall/rota/paging"
)

var _ incidents.Store = (*DB)(nil)

type incidentRow struct {
	ID             int64 `gorm:"primaryKey"`
	TeamID         int64
	Title          string
	Severity       string
	Status         string
	CommanderID    *int64
	OpenedBy       *int64
	StartedAt      time.Time
	DetectedAt     time.Time
	AcknowledgedAt *time.Time
	MitigatedAt    *time.Time
	ResolvedAt     *time.Time
	LastSeq        int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (incidentRow) TableName() string { return "incidents" }

func (r incidentRow) record() incidents.Record {
	return incidents.Record{Incident: incident.Incident{ID: r.ID, Title: r.Title, Severity: incident.Severity(r.Severity), Status: incident.Status(r.Status),
		CommanderID: deref(r.CommanderID), OpenedBy: deref(r.OpenedBy), StartedAt: r.StartedAt.UTC(), DetectedAt: r.DetectedAt.UTC(),
		AcknowledgedAt: utcPtr(r.AcknowledgedAt), MitigatedAt: utcPtr(r.MitigatedAt), ResolvedAt: utcPtr(r.ResolvedAt)},
		TeamID: r.TeamID, LastSeq: r.LastSeq, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

type incidentLinkRow struct {
	IncidentID int64 `gorm:"primaryKey;autoIncrement:false"`
	ServiceID  int64 `gorm:"primaryKey;autoIncrement:false"`
	Seq        int64
}

func (incidentLinkRow) TableName() string { return "incident_services" }

type incidentAlertRow struct {
	IncidentID int64 `gorm:"primaryKey;autoIncrement:false"`
	AlertID    int64 `gorm:"primaryKey;autoIncrement:false"`
	Seq        int64
}

func (incidentAlertRow) TableName() string { return "incident_alerts" }

type incidentResponderRow struct {
	IncidentID int64 `gorm:"primaryKey;autoIncrement:false"`
	UserID     int64 `gorm:"primaryKey;autoIncrement:false"`
	Position   int
}

func (incidentResponderRow) TableName() string { return "incident_responders" }

type entryRow struct {
	ID         int64 `gorm:"primaryKey"`
	IncidentID int64
	Seq        int64
	At         time.Time
	Kind       string
	ActorID    int64
	UserID     int64
	AlertID    int64
	ServiceID  int64
	ChangeID   int64
	Channel    string
	Shadow     bool
	FromStatus string
	ToStatus   string
	Field      string
	Text       string
	Corrects   int64
	SourceType string
	SourceID   int64
	CreatedAt  time.Time
}

func (entryRow) TableName() string { return "incident_entries" }

func (r entryRow) domain() incident.Entry {
	return incident.Entry{Seq: r.Seq, At: r.At.UTC(), Kind: incident.Kind(r.Kind), ActorID: r.ActorID, UserID: r.UserID, AlertID: r.AlertID,
		ServiceID: r.ServiceID, ChangeID: r.ChangeID, Channel: r.Channel, Shadow: r.Shadow, From: incident.Status(r.FromStatus),
		To: incident.Status(r.ToStatus), Field: r.Field, Text: r.Text, Corrects: r.Corrects}
}

func entryRowFrom(incidentID int64, e incidents.Entry) entryRow {
	return entryRow{IncidentID: incidentID, Seq: e.Seq, At: e.At.UTC(), Kind: string(e.Kind), ActorID: e.ActorID, UserID: e.UserID, AlertID: e.AlertID,
		ServiceID: e.ServiceID, ChangeID: e.ChangeID, Channel: e.Channel, Shadow: e.Shadow, FromStatus: string(e.From), ToStatus: string(e.To),
		Field: e.Field, Text: e.Text, Corrects: e.Corrects, SourceType: e.Source.Type, SourceID: e.Source.ID}
}

// lockIncident reads an incident row, locked against concurrent
// decisions on PostgreSQL (SQLite's writer lock already serialises them).
func (db *DB) lockIncident(tx *gorm.DB, id int64) (incidentRow, error) {
	q := tx
	if db.dialect == Postgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var row incidentRow
	if err := q.Take(&row, id).Error; err != nil {
		return incidentRow{}, translate(err, "incident")
	}
	return row, nil
}

// loadLinks fills the services, responders, alert counts and (withAlerts)
// the alerts of the records, in the order they were linked.
func loadLinks(tx *gorm.DB, rs []incidents.Record, withAlerts bool) error {
	if len(rs) == 0 {
		return nil
	}
	ids := make([]int64, len(rs))
	at := map[int64]int{}
	for i, r := range rs {
		ids[i], at[r.ID] = r.ID, i
	}
	var svcs []incidentLinkRow
	if err := tx.Where("incident_id IN ?", ids).Order("incident_id, seq, service_id").Find(&svcs).Error; err != nil {
		return err
	}
	for _, l := range svcs {
		r := &rs[at[l.IncidentID]]
		r.Services = append(r.Services, l.ServiceID)
	}
	var resp []incidentResponderRow
	if err := tx.Where("incident_id IN ?", ids).Order("incident_id, position, user_id").Find(&resp).Error; err != nil {
		return err
	}
	for _, l := range resp {
		r := &rs[at[l.IncidentID]]
		r.Responders = append(r.Responders, l.UserID)
	}
	var counts []struct {
		IncidentID int64
		N          int
	}
	if err := tx.Model(&incidentAlertRow{}).Select("incident_id, COUNT(*) AS n").Where("incident_id IN ?", ids).Group("incident_id").Scan(&counts).Error; err != nil {
		return err
	}
	for _, c := range counts {
		rs[at[c.IncidentID]].AlertCount = c.N
	}
	if withAlerts {
		var als []incidentAlertRow
		if err := tx.Where("incident_id IN ?", ids).Order("incident_id, seq, alert_id").Find(&als).Error; err != nil {
			return err
		}
		for _, l := range als {
			r := &rs[at[l.IncidentID]]
			r.Alerts = append(r.Alerts, l.AlertID)
		}
	}
	return nil
}

func recordsOf(rows []incidentRow) []incidents.Record {
	out := make([]incidents.Record, len(rows))
	for i, r := range rows {
		out[i] = r.record()
	}
	return out
}

// catchUpKinds are the alert events that belong on an incident's timeline
// (incident.FromAlertEvent); "created" is not stored as an event.
var catchUpKinds = []string{paging.EvAcked, paging.EvEscalated, paging.EvHeld, paging.EvReleased, paging.EvResolved}

// loadFacts reads what a decision about the incident needs: the facts of
// its linked alerts that its timeline lacks and the changes of its
// services in the suspect window.
func loadFacts(tx *gorm.DB, rec incidents.Record) (incidents.Facts, error) {
	f := incidents.Facts{Record: rec}
	notCopied := func(typ, col string) string {
		return "NOT EXISTS (SELECT 1 FROM incident_entries e WHERE e.incident_id = ia.incident_id AND e.source_type = '" + typ + "' AND e.source_id = " + col + ")"
	}
	var als []alertRow
	err := tx.Raw(`SELECT a.* FROM incident_alerts ia JOIN alerts a ON a.id = ia.alert_id WHERE ia.incident_id = ? AND `+notCopied(incidents.SourceAlert, "a.id")+
		` ORDER BY a.created_at, a.id`, rec.ID).Scan(&als).Error
	if err != nil {
		return f, fmt.Errorf("alerts of incident %d: %w", rec.ID, err)
	}
	for _, a := range als {
		f.Alerts = append(f.Alerts, incident.Alert{ID: a.ID, ServiceID: a.ServiceID, Urgency: a.Urgency, Severity: a.Severity, Summary: a.Summary,
			CreatedAt: a.CreatedAt.UTC(), Suppressed: a.Suppressed})
	}
	var evs []struct {
		ID        int64
		AlertID   int64
		ServiceID int64
		At        time.Time
		Kind      string
		ActorID   *int64
		Message   string
	}
	err = tx.Raw(`SELECT ev.id, ev.alert_id, a.service_id, ev.at, ev.kind, ev.actor_id, ev.message
		FROM incident_alerts ia JOIN alert_events ev ON ev.alert_id = ia.alert_id JOIN alerts a ON a.id = ev.alert_id
		WHERE ia.incident_id = ? AND ev.kind IN ? AND `+notCopied(incidents.SourceEvent, "ev.id")+` ORDER BY ev.at, ev.id`, rec.ID, catchUpKinds).Scan(&evs).Error
	if err != nil {
		return f, fmt.Errorf("alert events of incident %d: %w", rec.ID, err)
	}
	for _, e := range evs {
		f.Events = append(f.Events, incidents.SourcedEvent{ID: e.ID, AlertEvent: incident.AlertEvent{AlertID: e.AlertID, ServiceID: e.ServiceID,
			At: e.At.UTC(), Kind: e.Kind, ActorID: deref(e.ActorID), Message: e.Message}})
	}
	var pages []struct {
		ID      int64
		AlertID int64
		UserID  int64
		SentAt  time.Time
		Channel string
		Shadow  bool
	}
	err = tx.Raw(`SELECT p.id, p.alert_id, p.user_id, p.sent_at, p.channel, p.shadow FROM incident_alerts ia JOIN pages p ON p.alert_id = ia.alert_id
		WHERE ia.incident_id = ? AND p.sent_at IS NOT NULL AND `+toldSomeone("p.loop")+` AND `+notCopied(incidents.SourcePage, "p.id")+` ORDER BY p.sent_at, p.id`, rec.ID).Scan(&pages).Error
	if err != nil {
		return f, fmt.Errorf("pages of incident %d: %w", rec.ID, err)
	}
	for _, p := range pages {
		f.Pages = append(f.Pages, incidents.SourcedPage{ID: p.ID, PageRecord: incident.PageRecord{AlertID: p.AlertID, UserID: p.UserID, At: p.SentAt.UTC(),
			Channel: p.Channel, Shadow: p.Shadow}})
	}
	if len(rec.Services) > 0 {
		var cs []changeRow
		err := tx.Where("service_id IN ? AND deployed_at >= ? AND deployed_at <= ?", rec.Services, rec.StartedAt.Add(-incident.SuspectWindow), rec.StartedAt).
			Order("deployed_at, id").Limit(1000).Find(&cs).Error
		if err != nil {
			return f, fmt.Errorf("changes of incident %d: %w", rec.ID, err)
		}
		for _, c := range cs {
			f.Changes = append(f.Changes, c.domain())
		}
	}
	if err := tx.Model(&entryRow{}).Where("incident_id = ? AND kind = ?", rec.ID, string(incident.KindChangeDeployed)).Pluck("change_id", &f.Deployed).Error; err != nil {
		return f, fmt.Errorf("timeline of incident %d: %w", rec.ID, err)
	}
	return f, nil
}

// readFacts loads the incident and its facts with tx (locking the row when
// lock is set).
func (db *DB) readFacts(tx *gorm.DB, id int64, lock bool) (incidents.Facts, error) {
	var row incidentRow
	var err error
	if lock {
		row, err = db.lockIncident(tx, id)
	} else if err = tx.Take(&row, id).Error; err != nil {
		err = translate(err, "incident")
	}
	if err != nil {
		return incidents.Facts{}, err
	}
	rs := []incidents.Record{row.record()}
	if err := loadLinks(tx, rs, true); err != nil {
		return incidents.Facts{}, err
	}
	return loadFacts(tx, rs[0])
}

// IncidentFacts implements incidents.Store.
func (db *DB) IncidentFacts(ctx context.Context, id int64) (incidents.Facts, error) {
	f, err := db.readFacts(db.gorm.WithContext(ctx), id, false)
	return f, translate(err, "incident")
}

// ChangeIncident implements incidents.Store: the decision is the
// incidents service's; this reads and writes rows in one transaction.
func (db *DB) ChangeIncident(ctx context.Context, id int64, decide func(incidents.Facts) (incidents.Record, []incidents.Entry, error)) (incidents.Record, error) {
	err := db.tx(ctx, func(tx *gorm.DB) error {
		f, err := db.readFacts(tx, id, true)
		if err != nil {
			return err
		}
		next, entries, err := decide(f)
		if err != nil {
			return err
		}
		return db.writeIncident(tx, f.Record, next, entries)
	})
	if err != nil {
		return incidents.Record{}, translate(err, "incident")
	}
	return db.Incident(ctx, id)
}

// linkSeq is the Seq of the entry that linked the service or alert, or
// last when no entry did.
func linkSeq(entries []incidents.Entry, last int64, match func(incident.Entry) bool) int64 {
	for _, e := range entries {
		if e.Kind == incident.KindLinked && match(e.Entry) {
			return e.Seq
		}
	}
	return last
}

func checkSeqs(old int64, entries []incidents.Entry) error {
	for i, e := range entries {
		if e.Seq != old+int64(i)+1 {
			return fmt.Errorf("timeline entry %d has seq %d, want %d", i, e.Seq, old+int64(i)+1)
		}
	}
	return nil
}

// writeIncident writes the differences between old and next (links and
// responders are only added) and appends the entries.
func (db *DB) writeIncident(tx *gorm.DB, old, next incidents.Record, entries []incidents.Entry) error {
	if err := checkSeqs(old.LastSeq, entries); err != nil {
		return err
	}
	last := old.LastSeq + int64(len(entries))
	set := map[string]any{}
	if next.Title != old.Title {
		set["title"] = next.Title
	}
	if next.Severity != old.Severity {
		set["severity"] = string(next.Severity)
	}
	if next.Status != old.Status {
		set["status"] = string(next.Status)
	}
	if next.CommanderID != old.CommanderID {
		set["commander_id"] = nullID(next.CommanderID)
	}
	if !next.StartedAt.Equal(old.StartedAt) {
		set["started_at"] = next.StartedAt.UTC()
	}
	if !next.DetectedAt.Equal(old.DetectedAt) {
		set["detected_at"] = next.DetectedAt.UTC()
	}
	for col, p := range map[string][2]*time.Time{"acknowledged_at": {old.AcknowledgedAt, next.AcknowledgedAt},
		"mitigated_at": {old.MitigatedAt, next.MitigatedAt}, "resolved_at": {old.ResolvedAt, next.ResolvedAt}} {
		if (p[0] == nil) != (p[1] == nil) || (p[0] != nil && !p[0].Equal(*p[1])) {
			set[col] = utcPtr(p[1])
		}
	}
	var newSvcs []incidentLinkRow
	for _, s := range next.Services {
		if !slices.Contains(old.Services, s) {
			newSvcs = append(newSvcs, incidentLinkRow{IncidentID: old.ID, ServiceID: s,
				Seq: linkSeq(entries, last, func(e incident.Entry) bool { return e.ServiceID == s && e.AlertID == 0 })})
		}
	}
	var newAlerts []incidentAlertRow
	for _, a := range next.Alerts {
		if !slices.Contains(old.Alerts, a) {
			newAlerts = append(newAlerts, incidentAlertRow{IncidentID: old.ID, AlertID: a, Seq: linkSeq(entries, last, func(e incident.Entry) bool { return e.AlertID == a })})
		}
	}
	var newResp []incidentResponderRow
	for _, u := range next.Responders {
		if !slices.Contains(old.Responders, u) {
			newResp = append(newResp, incidentResponderRow{IncidentID: old.ID, UserID: u, Position: len(old.Responders) + len(newResp)})
		}
	}
	if len(set) == 0 && len(entries) == 0 && len(newSvcs) == 0 && len(newAlerts) == 0 && len(newResp) == 0 {
		return nil
	}
	set["last_seq"], set["updated_at"] = last, db.Now()
	res := tx.Model(&incidentRow{}).Where("id = ? AND last_seq = ?", old.ID, old.LastSeq).Updates(set)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		// Only without the row lock: the caller read a stale incident.
		return rota.Errorf(rota.EConflict, "the incident changed meanwhile; try again")
	}
	return insertLinks(tx, old.ID, newSvcs, newAlerts, newResp, entries)
}

func insertLinks(tx *gorm.DB, id int64, svcs []incidentLinkRow, alerts []incidentAlertRow, resp []incidentResponderRow, entries []incidents.Entry) error {
	if len(svcs) > 0 {
		if err := tx.Create(&svcs).Error; err != nil {
			return translate(err, "service")
		}
	}
	if len(alerts) > 0 {
		if err := tx.CreateInBatches(&alerts, 500).Error; err != nil {
			return err
		}
	}
	if len(resp) > 0 {
		if err := tx.Create(&resp).Error; err != nil {
			return translate(err, "responder")
		}
	}
	if len(entries) > 0 {
		rows := make([]entryRow, len(entries))
		for i, e := range entries {
			rows[i] = entryRowFrom(id, e)
		}
		if err := tx.CreateInBatches(&rows, 200).Error; err != nil {
			return err
		}
	}
	return nil
}

// insertIncident stores a new incident with its links and entries.
func (db *DB) insertIncident(tx *gorm.DB, r incidents.Record, entries []incidents.Entry) (int64, error) {
	if err := checkSeqs(0, entries); err != nil {
		return 0, err
	}
	inc := r.Incident
	row := incidentRow{TeamID: r.TeamID, Title: inc.Title, Severity: string(inc.Severity), Status: string(inc.Status), CommanderID: nullID(inc.CommanderID),
		OpenedBy: nullID(inc.OpenedBy), StartedAt: inc.StartedAt.UTC(), DetectedAt: inc.DetectedAt.UTC(), AcknowledgedAt: utcPtr(inc.AcknowledgedAt),
		MitigatedAt: utcPtr(inc.MitigatedAt), ResolvedAt: utcPtr(inc.ResolvedAt), LastSeq: int64(len(entries))}
	if err := tx.Create(&row).Error; err != nil {
		return 0, translate(err, "incident")
	}
	last := row.LastSeq
	svcs := make([]incidentLinkRow, len(inc.Services))
	for i, s := range inc.Services {
		svcs[i] = incidentLinkRow{IncidentID: row.ID, ServiceID: s, Seq: linkSeq(entries, last, func(e incident.Entry) bool { return e.ServiceID == s && e.AlertID == 0 })}
	}
	alerts := make([]incidentAlertRow, len(inc.Alerts))
	for i, a := range inc.Alerts {
		alerts[i] = incidentAlertRow{IncidentID: row.ID, AlertID: a, Seq: linkSeq(entries, last, func(e incident.Entry) bool { return e.AlertID == a })}
	}
	resp := make([]incidentResponderRow, len(inc.Responders))
	for i, u := range inc.Responders {
		resp[i] = incidentResponderRow{IncidentID: row.ID, UserID: u, Position: i}
	}
	return row.ID, insertLinks(tx, row.ID, svcs, alerts, resp, entries)
}

// CreateIncident implements incidents.Store.
func (db *DB) CreateIncident(ctx context.Context, r incidents.Record, entries []incidents.Entry) (incidents.Record, error) {
	var id int64
	err := db.tx(ctx, func(tx *gorm.DB) error {
		if len(r.Alerts) > 0 {
			var found []int64
			if err := tx.Model(&alertRow{}).Where("id IN ?", r.Alerts).Pluck("id", &found).Error; err != nil {
				return err
			}
			for i, a := range r.Alerts {
				if !slices.Contains(found, a) {
					return rota.Invalid(fmt.Sprintf("alerts[%d]", i), "no alert with id %d", a)
				}
			}
		}
		var err error
		id, err = db.insertIncident(tx, r, entries)
		return err
	})
	if err != nil {
		return incidents.Record{}, translate(err, "incident")
	}
	return db.Incident(ctx, id)
}

// AlertsCreated implements incidents.Store. On PostgreSQL the services'
// rows are locked (FOR NO KEY UPDATE, which does not hold up intake's
// inserts) so that two batches with alerts of one service decide in turn:
// a storm split across committers still opens one incident.
func (db *DB) AlertsCreated(ctx context.Context, alerts []incident.Alert, decide func(incident.Alert, []incidents.Record) (incidents.AlertDecision, error)) ([]int64, error) {
	if len(alerts) == 0 {
		return nil, nil
	}
	var opened []int64
	err := db.tx(ctx, func(tx *gorm.DB) error {
		opened = nil
		var svcs []int64
		for _, a := range alerts {
			if !slices.Contains(svcs, a.ServiceID) {
				svcs = append(svcs, a.ServiceID)
			}
		}
		slices.Sort(svcs)
		if db.dialect == Postgres {
			var locked []int64
			if err := tx.Raw("SELECT id FROM services WHERE id IN ? ORDER BY id FOR NO KEY UPDATE", svcs).Scan(&locked).Error; err != nil {
				return err
			}
		}
		open := map[int64][]incidents.Record{}
		for _, a := range alerts {
			rs, ok := open[a.ServiceID]
			if !ok {
				var err error
				if rs, err = db.openIncidentsOf(tx, a.ServiceID); err != nil {
					return err
				}
			}
			d, err := decide(a, rs)
			if err != nil {
				return err
			}
			switch d.Action {
			case incident.OpenNew:
				id, err := db.insertIncident(tx, d.Record, d.Entries)
				if err != nil {
					return err
				}
				opened = append(opened, id)
				r := d.Record
				r.ID, r.LastSeq, r.AlertCount = id, int64(len(d.Entries)), len(r.Alerts)
				rs = append(rs, r)
			case incident.LinkTo:
				i := slices.IndexFunc(rs, func(r incidents.Record) bool { return r.ID == d.IncidentID })
				if i < 0 {
					return fmt.Errorf("alert %d: incident %d is not open for service %d", a.ID, d.IncidentID, a.ServiceID)
				}
				old := rs[i]
				next := old
				next.Alerts = append(slices.Clone(old.Alerts), a.ID)
				if err := db.writeIncident(tx, old, next, d.Entries); err != nil {
					return err
				}
				next.LastSeq += int64(len(d.Entries))
				next.AlertCount++
				rs[i] = next
			}
			open[a.ServiceID] = rs
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("incidents for new alerts: %w", err)
	}
	return opened, nil
}

// openIncidentsOf reads the open incidents linking the service (without
// their alerts), locked on PostgreSQL.
func (db *DB) openIncidentsOf(tx *gorm.DB, serviceID int64) ([]incidents.Record, error) {
	q := `SELECT incidents.* FROM incidents JOIN incident_services s ON s.incident_id = incidents.id
		WHERE s.service_id = ? AND incidents.status <> 'resolved' ORDER BY incidents.id`
	if db.dialect == Postgres {
		q += " FOR UPDATE OF incidents"
	}
	var rows []incidentRow
	if err := tx.Raw(q, serviceID).Scan(&rows).Error; err != nil {
		return nil, err
	}
	rs := recordsOf(rows)
	return rs, loadLinks(tx, rs, false)
}

// OpenIncidentsOfAlert implements incidents.Store.
func (db *DB) OpenIncidentsOfAlert(ctx context.Context, alertID int64) ([]int64, error) {
	var ids []int64
	err := db.gorm.WithContext(ctx).Raw(`SELECT incidents.id FROM incidents JOIN incident_alerts ia ON ia.incident_id = incidents.id
		WHERE ia.alert_id = ? AND incidents.status <> 'resolved' ORDER BY incidents.id`, alertID).Scan(&ids).Error
	return ids, translate(err, "incidents")
}

// AlertsByID implements incidents.Store.
func (db *DB) AlertsByID(ctx context.Context, alertIDs []int64) (map[int64]paging.Alert, error) {
	out := map[int64]paging.Alert{}
	if len(alertIDs) == 0 {
		return out, nil
	}
	var rows []alertRow
	if err := db.gorm.WithContext(ctx).Where("id IN ?", alertIDs).Find(&rows).Error; err != nil {
		return nil, translate(err, "alerts")
	}
	for _, r := range rows {
		out[r.ID] = r.domain()
	}
	return out, nil
}

// Incident implements incidents.Store: the incident with its links.
func (db *DB) Incident(ctx context.Context, id int64) (incidents.Record, error) {
	g := db.gorm.WithContext(ctx)
	var row incidentRow
	if err := g.Take(&row, id).Error; err != nil {
		return incidents.Record{}, translate(err, "incident")
	}
	rs := []incidents.Record{row.record()}
	if err := loadLinks(g, rs, true); err != nil {
		return incidents.Record{}, translate(err, "incident")
	}
	return rs[0], nil
}

// Incidents implements incidents.Store: newest first, without their
// alerts.
func (db *DB) Incidents(ctx context.Context, f incidents.Filter) ([]incidents.Record, error) {
	g := db.gorm.WithContext(ctx)
	q := g.Model(&incidentRow{}).Order("id DESC")
	if len(f.Statuses) > 0 {
		q = q.Where("status IN ?", strs(f.Statuses))
	}
	if len(f.Severities) > 0 {
		q = q.Where("severity IN ?", strs(f.Severities))
	}
	if f.TeamID != 0 {
		q = q.Where("team_id = ?", f.TeamID)
	}
	if f.ServiceID != 0 {
		q = q.Where("EXISTS (SELECT 1 FROM incident_services s WHERE s.incident_id = incidents.id AND s.service_id = ?)", f.ServiceID)
	}
	if !f.From.IsZero() {
		q = q.Where("started_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("started_at < ?", f.To.UTC())
	}
	if f.BeforeID != 0 {
		q = q.Where("id < ?", f.BeforeID)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	var rows []incidentRow
	if err := q.Limit(f.Limit).Find(&rows).Error; err != nil {
		return nil, translate(err, "incidents")
	}
	rs := recordsOf(rows)
	return rs, translate(loadLinks(g, rs, false), "incidents")
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// IncidentsStarted implements incidents.Store.
func (db *DB) IncidentsStarted(ctx context.Context, serviceIDs []int64, from, to time.Time) ([]incidents.Record, error) {
	g := db.gorm.WithContext(ctx)
	q := g.Model(&incidentRow{}).Where("started_at >= ? AND started_at <= ?", from.UTC(), to.UTC()).Order("started_at, id")
	if len(serviceIDs) > 0 {
		q = q.Where("EXISTS (SELECT 1 FROM incident_services s WHERE s.incident_id = incidents.id AND s.service_id IN ?)", serviceIDs)
	}
	var rows []incidentRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err, "incidents")
	}
	rs := recordsOf(rows)
	return rs, translate(loadLinks(g, rs, false), "incidents")
}

// Timeline implements incidents.Store: the entries in the order appended.
func (db *DB) Timeline(ctx context.Context, id int64) ([]incident.Entry, error) {
	g := db.gorm.WithContext(ctx)
	if err := g.Select("id").Take(&incidentRow{}, id).Error; err != nil {
		return nil, translate(err, "incident")
	}
	var rows []entryRow
	if err := g.Where("incident_id = ?", id).Order("seq").Find(&rows).Error; err != nil {
		return nil, translate(err, "timeline")
	}
	out := make([]incident.Entry, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// IncidentAlerts implements incidents.Store: newest first.
func (db *DB) IncidentAlerts(ctx context.Context, id int64, limit int) ([]paging.Alert, error) {
	var rows []alertRow
	err := db.gorm.WithContext(ctx).Raw(`SELECT alerts.* FROM alerts JOIN incident_alerts ia ON ia.alert_id = alerts.id
		WHERE ia.incident_id = ? ORDER BY alerts.id DESC LIMIT ?`, id, limit).Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "alerts")
	}
	out := make([]paging.Alert, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}
