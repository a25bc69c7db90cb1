package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/rotaoncall/rota/paging"
)

type alertRow struct {
	ID            int64 `gorm:"primaryKey"`
	ServiceID     int64
	TeamID        int64
	IntegrationID *int64
	DedupKey      string
	Status        string
	Urgency       string
	Severity      string
	Summary       string
	Source        string
	Details       string
	Labels        string
	Count         int
	CreatedAt     time.Time
	LastSeenAt    time.Time
	AckedAt       *time.Time
	AckedBy       *int64
	ResolvedAt    *time.Time
	ResolvedBy    *int64
	HeldUntil     *time.Time
	Suppressed    bool
	PolicyID      *int64
	Step          int
	Loop          int
	NextStepAt    *time.Time
}

func (alertRow) TableName() string { return "alerts" }

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func (r alertRow) domain() paging.Alert {
	a := paging.Alert{ID: r.ID, ServiceID: r.ServiceID, TeamID: r.TeamID, IntegrationID: deref(r.IntegrationID), DedupKey: r.DedupKey,
		Status: paging.Status(r.Status), Urgency: paging.Urgency(r.Urgency), Severity: paging.Severity(r.Severity), Summary: r.Summary,
		Source: r.Source, Details: json.RawMessage(r.Details), Count: r.Count, CreatedAt: r.CreatedAt.UTC(), LastSeenAt: r.LastSeenAt.UTC(),
		AckedAt: utcPtr(r.AckedAt), AckedBy: deref(r.AckedBy), ResolvedAt: utcPtr(r.ResolvedAt), ResolvedBy: deref(r.ResolvedBy),
		HeldUntil: utcPtr(r.HeldUntil), Suppressed: r.Suppressed, PolicyID: deref(r.PolicyID), Step: r.Step, Loop: r.Loop, NextStepAt: utcPtr(r.NextStepAt)}
	json.Unmarshal([]byte(r.Labels), &a.Labels)
	return a
}

type alertEventRow struct {
	ID      int64 `gorm:"primaryKey"`
	AlertID int64
	At      time.Time
	Kind    string
	ActorID *int64
	Message string
}

func (alertEventRow) TableName() string { return "alert_events" }

type pageRow struct {
	ID            int64 `gorm:"primaryKey"`
	AlertID       int64
	UserID        int64
	Channel       string
	Shadow        bool
	Step          int
	Loop          int
	Urgency       string
	Status        string
	Attempts      int
	NextAttemptAt time.Time
	LeaseUntil    *time.Time
	CreatedAt     time.Time
	SentAt        *time.Time
	Error         string
	ProviderRef   string
	Via           string
	Address       string
	ReplyCode     string
	Delivery      string
	FellBack      bool
}

func (pageRow) TableName() string { return "pages" }

// toldSomeone is the SQL condition on a pages row (its loop column,
// qualified as col) that it notified an engineer: follow-ups (loop < 0,
// paging.Page.IsFollowUp) only forward an alert's acknowledgement or
// resolution to PagerDuty. Page load, its daily counts, incident
// timelines and forwarding use it; the load index (migration 00013)
// carries the same predicate.
func toldSomeone(col string) string { return col + " >= 0" }

func (r pageRow) domain() paging.Page {
	return paging.Page{ID: r.ID, AlertID: r.AlertID, UserID: r.UserID, Channel: paging.Channel(r.Channel), Shadow: r.Shadow, Step: r.Step,
		Loop: r.Loop, Urgency: paging.Urgency(r.Urgency), Status: paging.PageStatus(r.Status), Attempts: r.Attempts,
		NextAttemptAt: r.NextAttemptAt.UTC(), CreatedAt: r.CreatedAt.UTC(), SentAt: utcPtr(r.SentAt), Error: r.Error, ProviderRef: r.ProviderRef, Via: r.Via,
		Address: r.Address, ReplyCode: r.ReplyCode, Delivery: r.Delivery, LeaseUntil: derefTime(r.LeaseUntil)}
}

func derefTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

func eventRow(alertID int64, at time.Time, kind, msg string, actor int64) alertEventRow {
	return alertEventRow{AlertID: alertID, At: at.UTC(), Kind: kind, Message: msg, ActorID: nullID(actor)}
}

func jsonText(raw []byte, def string) string {
	if len(raw) == 0 {
		return def
	}
	return string(raw)
}

// Ingest commits a batch of intake items in one transaction: new alerts,
// dedup counts, acknowledgements and resolves, with their timeline events.
// Runs of triggers are written with one multi-row upsert.
func (db *DB) Ingest(ctx context.Context, items []paging.Ingest, at time.Time) ([]paging.IngestResult, error) {
	out := make([]paging.IngestResult, len(items))
	at = at.UTC()
	if db.oneStatement(items) {
		// The common batch — new triggers — is one statement on PostgreSQL,
		// committed on its own: one round trip instead of three.
		err := db.exec1(ctx, func(g *gorm.DB) error {
			_, err := db.ingestTriggers(g, items, at, out, true)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("ingest: %w", err)
		}
		return out, nil
	}
	err := db.tx(ctx, func(tx *gorm.DB) error {
		var events []alertEventRow
		for i := 0; i < len(items); {
			if items[i].Action != paging.ActTrigger {
				ev, err := db.ingestCloser(tx, items[i], at, &out[i])
				if err != nil {
					return err
				}
				events = append(events, ev...)
				i++
				continue
			}
			j := i
			for j < len(items) && items[j].Action == paging.ActTrigger && j-i < 400 {
				j++
			}
			ev, err := db.ingestTriggers(tx, items[i:j], at, out[i:j], false)
			if err != nil {
				return err
			}
			events = append(events, ev...)
			i = j
		}
		if len(events) > 0 {
			return tx.CreateInBatches(events, 500).Error
		}
		return nil
	})
	if err != nil {
		return nil, classify(fmt.Errorf("ingest: %w", err))
	}
	return out, nil
}

// oneStatement reports whether a batch can be ingested with one statement
// (see ingestTriggers with withEvents): on PostgreSQL, up to 400 triggers
// none of which has a timeline entry of its own beyond dedup counts.
func (db *DB) oneStatement(items []paging.Ingest) bool {
	if db.dialect != Postgres || len(items) == 0 || len(items) > 400 {
		return false
	}
	for _, it := range items {
		if it.Action != paging.ActTrigger || it.RuleID != 0 || it.Suppressed || it.HeldUntil != nil || it.PolicyID == 0 {
			return false
		}
	}
	return true
}

// ingestTriggers upserts a run of triggers in one statement. Triggers of
// the same open alert within the run become one row counted n times: the
// first is the creation (when the alert is new), the rest are dedups. It
// returns the timeline entries to write; with withEvents (PostgreSQL only)
// the statement writes the dedup entries itself and items must need no
// others (oneStatement).
func (db *DB) ingestTriggers(tx *gorm.DB, items []paging.Ingest, at time.Time, out []paging.IngestResult, withEvents bool) ([]alertEventRow, error) {
	type group struct {
		first int
		idx   []int
	}
	type key struct {
		svc   int64
		dedup string
	}
	groups := map[key]*group{}
	var order []key
	for i, it := range items {
		k := key{it.ServiceID, it.DedupKey}
		g := groups[k]
		if g == nil {
			g = &group{first: i}
			groups[k] = g
			order = append(order, k)
		}
		g.idx = append(g.idx, i)
		out[i].DedupKey = it.DedupKey
	}
	var sb strings.Builder
	if withEvents {
		sb.WriteString("WITH up AS (")
	}
	sb.WriteString(`INSERT INTO alerts (service_id, team_id, integration_id, dedup_key, status, urgency, severity, summary, source,
		details, labels, count, created_at, last_seen_at, held_until, suppressed, policy_id, step, loop, next_step_at) VALUES `)
	args := make([]any, 0, len(order)*19)
	for n, k := range order {
		g := groups[k]
		it := items[g.first]
		labels, _ := json.Marshal(it.Labels)
		if n > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("(?, ?, ?, ?, 'triggered', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)")
		args = append(args, it.ServiceID, it.TeamID, nullID(it.IntegrationID), it.DedupKey, string(it.Urgency), string(it.Severity), it.Summary, it.Source,
			jsonText(it.Details, "{}"), string(labels), len(g.idx), at, at, utcPtr(it.HeldUntil), it.Suppressed, nullID(it.PolicyID), utcPtr(it.NextStepAt))
	}
	sb.WriteString(` ON CONFLICT (service_id, dedup_key) WHERE status <> 'resolved'
		DO UPDATE SET count = alerts.count + excluded.count, last_seen_at = excluded.last_seen_at
		RETURNING id, count, service_id, dedup_key`)
	if withEvents {
		// The dedup entries the loop below would add, written by the same
		// statement: a row that was updated, or inserted counting several.
		sb.WriteString(`, (xmax = 0) AS inserted),
			ev AS (INSERT INTO alert_events (alert_id, at, kind, message)
				SELECT id, ?, '` + paging.EvDeduped + `', 'triggered again (' || count || ' times in all); no new page' FROM up WHERE NOT inserted OR count > 1)
			SELECT id, count, service_id, dedup_key FROM up`)
		args = append(args, at)
	}
	type upserted struct {
		ID        int64
		Count     int
		ServiceID int64
		DedupKey  string
	}
	var rows []upserted
	if withEvents {
		// The hot path of intake goes straight to the driver: gorm's
		// statement building and reflective scan cost more than the rest
		// of the request's CPU here.
		res, err := db.sql.QueryContext(tx.Statement.Context, dollarParams(sb.String()), args...)
		if err != nil {
			return nil, err
		}
		for res.Next() {
			var r upserted
			if err := res.Scan(&r.ID, &r.Count, &r.ServiceID, &r.DedupKey); err != nil {
				res.Close()
				return nil, err
			}
			rows = append(rows, r)
		}
		if err := res.Close(); err != nil {
			return nil, err
		}
		if err := res.Err(); err != nil {
			return nil, err
		}
	} else if err := tx.Raw(sb.String(), args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) != len(order) {
		return nil, fmt.Errorf("upsert returned %d rows for %d alerts", len(rows), len(order))
	}
	var events []alertEventRow
	for _, r := range rows {
		g := groups[key{r.ServiceID, r.DedupKey}]
		if g == nil {
			return nil, fmt.Errorf("upsert returned an unknown alert %d", r.ID)
		}
		created := r.Count == len(g.idx)
		for n, i := range g.idx {
			out[i].AlertID = r.ID
			if n == 0 && created {
				out[i].Outcome = paging.Created
				events = append(events, createdEvents(r.ID, items[i], at)...)
				continue
			}
			out[i].Outcome = paging.Deduplicated
		}
		if !withEvents && (!created || len(g.idx) > 1) {
			events = append(events, eventRow(r.ID, at, paging.EvDeduped, fmt.Sprintf("triggered again (%d times in all); no new page", r.Count), 0))
		}
	}
	return events, nil
}

// createdEvents are the timeline entries of a new alert.
func createdEvents(id int64, it paging.Ingest, at time.Time) []alertEventRow {
	// "created" is not stored: the timeline derives it from the alert row.
	var evs []alertEventRow
	if it.RuleID != 0 {
		evs = append(evs, eventRow(id, at, paging.EvRouted, fmt.Sprintf("routing rule %d sent it to service %d", it.RuleID, it.ServiceID), 0))
	}
	switch {
	case it.Suppressed:
		evs = append(evs, eventRow(id, at, paging.EvSuppressed, "the service is in maintenance: no pages", 0))
	case it.HeldUntil != nil:
		evs = append(evs, eventRow(id, at, paging.EvHeld, "low urgency outside business hours: held until "+it.HeldUntil.UTC().Format(time.RFC3339), 0))
	case it.PolicyID == 0:
		evs = append(evs, eventRow(id, at, paging.EvExhausted, "the service has no escalation policy: nobody is paged", 0))
	}
	return evs
}

// ingestCloser applies a resolve or an acknowledge from a monitor.
func (db *DB) ingestCloser(tx *gorm.DB, it paging.Ingest, at time.Time, out *paging.IngestResult) ([]alertEventRow, error) {
	out.DedupKey = it.DedupKey
	var ids []int64
	q := `UPDATE alerts SET status = 'resolved', resolved_at = ?, next_step_at = NULL, held_until = NULL
		WHERE (service_id = ? OR integration_id = ?) AND dedup_key = ? AND status <> 'resolved' RETURNING id`
	kind, msg, outcome := paging.EvResolved, "resolved by the monitor", paging.ResolvedOut
	if it.Action == paging.ActAcknowledge {
		q = `UPDATE alerts SET status = 'acknowledged', acked_at = ?, next_step_at = NULL, held_until = NULL
			WHERE (service_id = ? OR integration_id = ?) AND dedup_key = ? AND status = 'triggered' RETURNING id`
		kind, msg, outcome = paging.EvAcked, "acknowledged by the monitor", paging.AckedOutcome
	}
	if err := tx.Raw(q, at, it.ServiceID, it.IntegrationID, it.DedupKey).Scan(&ids).Error; err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		out.Outcome = paging.Dropped
		if it.Action == paging.ActAcknowledge {
			// Already acknowledged counts as done, like PagerDuty.
			var n int64
			tx.Model(&alertRow{}).Where("(service_id = ? OR integration_id = ?) AND dedup_key = ? AND status = 'acknowledged'", it.ServiceID, it.IntegrationID, it.DedupKey).Count(&n)
			if n > 0 {
				out.Outcome = paging.AckedOutcome
			}
		}
		return nil, nil
	}
	out.AlertID, out.Outcome = ids[0], outcome
	if err := tx.Model(&pageRow{}).Where("alert_id IN ? AND status = 'pending'", ids).Update("status", string(paging.PageCancelled)).Error; err != nil {
		return nil, err
	}
	evs := make([]alertEventRow, len(ids))
	for i, id := range ids {
		evs[i] = eventRow(id, at, kind, msg, 0)
	}
	return evs, nil
}

// lockDue selects due alerts for update, skipping rows other transactions
// hold (PostgreSQL); SQLite's immediate transactions already serialise
// writers, so there the select needs no lock. Oldest first, or with fair
// service by service in turn (see paging.EscalationStore).
func (db *DB) lockDue(tx *gorm.DB, at time.Time, limit int, fair bool, fired map[int64]int) ([]alertRow, error) {
	due := "status = 'triggered' AND next_step_at IS NOT NULL AND next_step_at <= ?"
	lock := func(q *gorm.DB) *gorm.DB {
		if db.dialect == Postgres {
			return q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
		}
		return q
	}
	var rows []alertRow
	if !fair {
		return rows, lock(tx.Where(due, at).Order("next_step_at, id").Limit(limit)).Find(&rows).Error
	}
	// An alert's round: its rank among its service's due alerts of its
	// urgency, after the alerts of that service already fired in this
	// backlog. High urgency goes first, then rounds.
	round := func(col string) (string, []any) {
		if len(fired) == 0 {
			return "0", nil
		}
		var sb strings.Builder
		var args []any
		sb.WriteString("CASE " + col)
		for svc, n := range fired {
			sb.WriteString(" WHEN ? THEN ?")
			args = append(args, svc, n)
		}
		sb.WriteString(" ELSE 0 END")
		return sb.String(), args
	}
	var ids []int64
	var err error
	if db.dialect == Postgres {
		// Only the first limit due alerts of each service and urgency can be
		// in the batch: each is read from alerts_due_service, so a batch
		// costs the same with 150,000 alerts due as with 150 (ranking every
		// due alert took 126 ms a batch at 150,000). "service_id > 0",
		// true of every row, is alerts_due_service's own condition: only
		// this query states it, so the planner cannot take that index for
		// the oldest-first query, which alerts_due serves in order.
		r, args := round("s.id")
		args = append(args, at, limit, at, limit, limit)
		err = tx.Raw(`SELECT id FROM (
				SELECT a.id, a.next_step_at, a.u, `+r+` + ROW_NUMBER() OVER (PARTITION BY s.id, a.u ORDER BY a.next_step_at, a.id) AS turn
				FROM services s CROSS JOIN LATERAL (
					(SELECT id, next_step_at, 0 AS u FROM alerts WHERE service_id = s.id AND service_id > 0 AND urgency = 'high' AND `+due+` ORDER BY next_step_at, id LIMIT ?)
					UNION ALL
					(SELECT id, next_step_at, 1 AS u FROM alerts WHERE service_id = s.id AND service_id > 0 AND urgency = 'low' AND `+due+` ORDER BY next_step_at, id LIMIT ?)
				) a
			) d ORDER BY u, turn, next_step_at, id LIMIT ?`, args...).Scan(&ids).Error
	} else {
		r, args := round("service_id")
		args = append(args, at, limit)
		err = tx.Raw(`SELECT id FROM (
				SELECT id, next_step_at, CASE urgency WHEN 'high' THEN 0 ELSE 1 END AS u,
				       `+r+` + ROW_NUMBER() OVER (PARTITION BY service_id, urgency ORDER BY next_step_at, id) AS turn
				FROM alerts WHERE `+due+`
			) d ORDER BY u, turn, next_step_at, id LIMIT ?`, args...).Scan(&ids).Error
	}
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	// The window cannot lock; lock the chosen rows, skipping any another
	// process took meanwhile. (By id alone: with the time range as well the
	// planner walks the whole backlog on the due index.)
	if err := lock(tx.Where("id IN ? AND status = 'triggered' AND next_step_at IS NOT NULL", ids)).Find(&rows).Error; err != nil {
		return nil, err
	}
	kept := rows[:0]
	for _, r := range rows {
		if !r.NextStepAt.After(at) {
			kept = append(kept, r)
		}
	}
	rows = kept
	rank := make(map[int64]int, len(ids))
	for i, id := range ids {
		rank[id] = i
	}
	sort.Slice(rows, func(i, j int) bool { return rank[rows[i].ID] < rank[rows[j].ID] })
	return rows, nil
}

// FireDue implements paging.EscalationStore.
func (db *DB) FireDue(ctx context.Context, at time.Time, limit int, lease time.Duration, fired map[int64]int, fire func(paging.Alert) (paging.Fired, error)) (int, []paging.Page, error) {
	n := 0
	var leased []paging.Page
	err := db.tx(ctx, func(tx *gorm.DB) error {
		leased = nil
		rows, err := db.lockDue(tx, at, limit, fired != nil, fired)
		if err != nil {
			return err
		}
		n = len(rows)
		var pages []pageRow
		var events []alertEventRow
		// Alerts fired together mostly move to the same next state: one
		// UPDATE per distinct state rather than one per alert.
		type next struct {
			step, loop int
			at         int64 // UnixNano; 0 for none
			released   bool
		}
		groups := map[next][]int64{}
		var order []next
		for _, r := range rows {
			f, err := fire(r.domain())
			if err != nil {
				return err
			}
			for _, p := range f.Pages {
				row := pageRow{AlertID: p.AlertID, UserID: p.UserID, Channel: string(p.Channel), Shadow: p.Shadow, Step: p.Step, Loop: p.Loop,
					Urgency: string(p.Urgency), Status: string(p.Status), NextAttemptAt: p.NextAttemptAt.UTC(), CreatedAt: p.CreatedAt.UTC(), Via: p.Via, Address: p.Address}
				if lease > 0 && !p.NextAttemptAt.After(at) {
					// Due now: leased to this process's dispatcher straight
					// away, saving a claim transaction on the way to the phone.
					until := at.Add(lease)
					row.Status, row.LeaseUntil = string(paging.PageSending), &until
				}
				pages = append(pages, row)
			}
			for _, e := range f.Events {
				events = append(events, eventRow(e.AlertID, e.At, e.Kind, e.Message, e.ActorID))
			}
			k := next{step: f.Step, loop: f.Loop, released: f.Released}
			if f.NextStepAt != nil {
				k.at = f.NextStepAt.UnixNano()
			}
			if groups[k] == nil {
				order = append(order, k)
			}
			groups[k] = append(groups[k], r.ID)
		}
		for _, k := range order {
			upd := map[string]any{"step": k.step, "loop": k.loop, "next_step_at": nil}
			if k.at != 0 {
				upd["next_step_at"] = time.Unix(0, k.at).UTC()
			}
			if k.released {
				upd["held_until"] = nil
			}
			if err := tx.Model(&alertRow{}).Where("id IN ?", groups[k]).Updates(upd).Error; err != nil {
				return err
			}
		}
		if len(pages) > 0 {
			var sending []*pageRow
			for i := range pages {
				if pages[i].Status == string(paging.PageSending) {
					sending = append(sending, &pages[i])
				}
			}
			// Reply codes go in with the rows: no second write per page.
			if err := assignReplyCodes(tx, sending); err != nil {
				return err
			}
			if err := tx.CreateInBatches(pages, 200).Error; err != nil {
				return err
			}
			for _, p := range sending {
				leased = append(leased, p.domain())
			}
		}
		if len(events) > 0 {
			return tx.CreateInBatches(events, 200).Error
		}
		return nil
	})
	if err != nil {
		return 0, nil, fmt.Errorf("fire due steps: %w", err)
	}
	return n, leased, nil
}

// NextDue implements paging.EscalationStore.
func (db *DB) NextDue(ctx context.Context) (time.Time, bool, error) {
	var rows []alertRow
	err := db.gorm.WithContext(ctx).Select("id, next_step_at").Where("status = 'triggered' AND next_step_at IS NOT NULL").
		Order("next_step_at").Limit(1).Find(&rows).Error
	if err != nil || len(rows) == 0 {
		return time.Time{}, false, err
	}
	return rows[0].NextStepAt.UTC(), true, nil
}

// ClaimPages implements paging.OutboxStore.
func (db *DB) ClaimPages(ctx context.Context, at time.Time, limit int, lease time.Duration, perUser int, busy []int64) ([]paging.Message, error) {
	var out []paging.Message
	if perUser < 1 {
		perUser = 1
	}
	if len(busy) == 0 {
		busy = []int64{0}
	}
	err := db.tx(ctx, func(tx *gorm.DB) error {
		var ids []int64
		// Fair order: every engineer's most important page first, so one
		// engineer's flood cannot delay another's first page.
		err := tx.Raw(`SELECT id FROM (
				SELECT id, next_attempt_at, CASE urgency WHEN 'high' THEN 0 ELSE 1 END AS u, loop, step,
				       ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY CASE urgency WHEN 'high' THEN 0 ELSE 1 END, loop, step, next_attempt_at, id) AS rn
				FROM pages
				WHERE ((status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until <= ?)) AND user_id NOT IN ?
			) ranked WHERE rn <= ? ORDER BY rn, u, loop, step, next_attempt_at, id LIMIT ?`, at, at, busy, perUser, limit).Scan(&ids).Error
		if err != nil || len(ids) == 0 {
			return err
		}
		if db.dialect == Postgres {
			var locked []int64
			err := tx.Raw(`SELECT id FROM pages WHERE id IN ? AND ((status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until <= ?))
				FOR UPDATE SKIP LOCKED`, ids, at, at).Scan(&locked).Error
			if err != nil {
				return err
			}
			ids = locked
			if len(ids) == 0 {
				return nil
			}
		}
		if err := tx.Model(&pageRow{}).Where("id IN ?", ids).Updates(map[string]any{"status": string(paging.PageSending), "lease_until": at.Add(lease)}).Error; err != nil {
			return err
		}
		rows, err := loadJoined(tx, ids)
		if err != nil {
			return err
		}
		ptrs := make([]*pageRow, len(rows))
		for i := range rows {
			ptrs[i] = &rows[i].Page
		}
		if err := assignReplyCodes(tx, ptrs); err != nil {
			return err
		}
		if err := writeReplyCodes(tx, ptrs); err != nil {
			return err
		}
		out = make([]paging.Message, len(rows))
		for i, r := range rows {
			out[i] = r.message()
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim pages: %w", err)
	}
	return out, nil
}

// FinishPages implements paging.OutboxStore.
func (db *DB) FinishPages(ctx context.Context, done []paging.Finished) error {
	if len(done) == 0 {
		return nil
	}
	simple := len(done) <= 500
	for _, f := range done {
		simple = simple && f.Result.Status == paging.PageSent
	}
	if simple {
		// The common case, pages sent, is one statement: no transaction, and
		// no wait for the disk (a mark lost in a database crash means the
		// page is sent again when its lease runs out: at least once).
		defer db.lockWrites()()
		return markSent(db.relaxed.WithContext(ctx), done)
	}
	return db.tx(ctx, func(tx *gorm.DB) error {
		var events []alertEventRow
		var sent []paging.Finished
		var requeued []int64
		var requeueAt time.Time
		for _, f := range done {
			if f.Result.Status == paging.PageSent {
				sent = append(sent, f)
				continue
			}
			if f.Result.Requeue {
				requeued = append(requeued, f.ID)
				if f.Result.RetryAt.After(requeueAt) {
					requeueAt = f.Result.RetryAt
				}
				continue
			}
			m, r, at := f.Message, f.Result, f.At
			upd := map[string]any{"status": string(r.Status), "attempts": gorm.Expr("attempts + 1"), "lease_until": nil, "error": r.Error}
			who := fmt.Sprintf("user %d", m.UserID)
			if m.UserName != "" {
				who = m.UserName
			}
			what := string(m.Channel) + " page to " + who
			if m.Shadow {
				what = "shadow " + what
			}
			var ev alertEventRow
			switch r.Status {
			case paging.PageSent:
				// Not stored as an event: the timeline derives it from the
				// page row's sent_at.
				upd["sent_at"], upd["provider_ref"] = at, r.Ref
			case paging.PagePending:
				upd["next_attempt_at"] = r.RetryAt.UTC()
				ev = eventRow(m.AlertID, at, paging.EvPageFailed, fmt.Sprintf("%s failed (attempt %d: %s); retrying at %s", what, m.Attempts+1, r.Error, r.RetryAt.UTC().Format(time.RFC3339)), 0)
			default:
				ev = eventRow(m.AlertID, at, paging.EvPageFailed, fmt.Sprintf("%s failed after %d attempt(s): %s", what, m.Attempts+1, r.Error), 0)
			}
			res := tx.Model(&pageRow{}).Where("id = ? AND status = 'sending'", m.ID).Updates(upd)
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 {
				continue // the lease expired and another process took it over
			}
			if ev.Kind != "" {
				events = append(events, ev)
			}
			if r.FallBack && !m.Shadow && (m.Channel == paging.ChannelSMS || m.Channel == paging.ChannelVoice) {
				var row pageRow
				if err := tx.Take(&row, m.ID).Error; err != nil {
					return err
				}
				if err := fallBack(tx, row, at); err != nil {
					return err
				}
			}
		}
		for len(sent) > 0 {
			n := min(len(sent), 500)
			if err := markSent(tx, sent[:n]); err != nil {
				return err
			}
			sent = sent[n:]
		}
		for len(requeued) > 0 {
			// Never attempted: back to pending, no attempt counted.
			n := min(len(requeued), 5000)
			err := tx.Model(&pageRow{}).Where("id IN ? AND status = 'sending'", requeued[:n]).
				Updates(map[string]any{"status": string(paging.PagePending), "lease_until": nil, "next_attempt_at": requeueAt.UTC()}).Error
			if err != nil {
				return err
			}
			requeued = requeued[n:]
		}
		if len(events) == 0 {
			return nil
		}
		return tx.CreateInBatches(events, 200).Error
	})
}

// markSent records sent pages with one statement: the common case of the
// outbox costs one UPDATE per batch, not one per page. Pages whose lease
// another process took over are left alone by the status condition.
func markSent(tx *gorm.DB, sent []paging.Finished) error {
	var refs, times strings.Builder
	ids := make([]int64, len(sent))
	args := make([]any, 0, 4*len(sent)+1)
	refs.WriteString("CASE id")
	for i, f := range sent {
		ids[i] = f.ID
		refs.WriteString(" WHEN ? THEN ?")
		args = append(args, f.ID, f.Result.Ref)
	}
	refs.WriteString(" END")
	times.WriteString("CASE id")
	for _, f := range sent {
		times.WriteString(" WHEN ? THEN " + timestampParam(tx))
		args = append(args, f.ID, f.At.UTC())
	}
	times.WriteString(" END")
	args = append(args, ids)
	return tx.Exec("UPDATE pages SET status = 'sent', attempts = attempts + 1, lease_until = NULL, error = '', provider_ref = "+refs.String()+
		", sent_at = "+times.String()+" WHERE id IN ? AND status = 'sending'", args...).Error
}

// dollarParams numbers a statement's ? placeholders as PostgreSQL's $1,
// $2 … (the statements built here hold no ? inside quotes).
func dollarParams(q string) string {
	var b strings.Builder
	b.Grow(len(q) + 64)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// timestampParam is a placeholder for an instant where PostgreSQL cannot
// infer the type (inside CASE); SQLite stores the driver's text as is.
func timestampParam(tx *gorm.DB) string {
	if tx.Dialector.Name() == "postgres" {
		return "CAST(? AS TIMESTAMPTZ)"
	}
	return "?"
}

// NextPageDue implements paging.OutboxStore.
func (db *DB) NextPageDue(ctx context.Context) (time.Time, bool, error) {
	var rows []pageRow
	err := db.gorm.WithContext(ctx).Select("id, next_attempt_at").Where("status = 'pending'").Order("next_attempt_at").Limit(1).Find(&rows).Error
	if err != nil || len(rows) == 0 {
		return time.Time{}, false, err
	}
	return rows[0].NextAttemptAt.UTC(), true, nil
}

// Alerts lists alerts newest first.
func (db *DB) Alerts(ctx context.Context, f paging.AlertFilter) ([]paging.Alert, error) {
	q := db.gorm.WithContext(ctx).Order("id DESC")
	if f.TeamID != 0 {
		q = q.Where("team_id = ?", f.TeamID)
	}
	if f.ServiceID != 0 {
		q = q.Where("service_id = ?", f.ServiceID)
	}
	if len(f.Statuses) > 0 {
		st := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			st[i] = string(s)
		}
		q = q.Where("status IN ?", st)
	}
	if f.Urgency != "" {
		q = q.Where("urgency = ?", string(f.Urgency))
	}
	if f.Held {
		q = q.Where("held_until IS NOT NULL")
	}
	if f.BeforeID != 0 {
		q = q.Where("id < ?", f.BeforeID)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	var rows []alertRow
	if err := q.Limit(f.Limit).Find(&rows).Error; err != nil {
		return nil, translate(err, "alerts")
	}
	out := make([]paging.Alert, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// Alert returns one alert.
func (db *DB) Alert(ctx context.Context, id int64) (paging.Alert, error) {
	var row alertRow
	if err := db.gorm.WithContext(ctx).Take(&row, id).Error; err != nil {
		return paging.Alert{}, translate(err, "alert")
	}
	return row.domain(), nil
}

// AlertTimeline returns an alert's timeline in time order: the stored
// events, with its creation and each page sent derived from their rows (so
// the hot path writes fewer rows).
func (db *DB) AlertTimeline(ctx context.Context, alertID int64) ([]paging.TimelineEntry, error) {
	g := db.gorm.WithContext(ctx)
	var a alertRow
	if err := g.Take(&a, alertID).Error; err != nil {
		return nil, translate(err, "alert")
	}
	var rows []struct {
		Ev        alertEventRow `gorm:"embedded"`
		ActorName *string
	}
	err := g.Table("alert_events").Select("alert_events.*, users.name AS actor_name").
		Joins("LEFT JOIN users ON users.id = alert_events.actor_id").Where("alert_id = ?", alertID).Order("alert_events.id").Scan(&rows).Error
	if err != nil {
		return nil, translate(err, "timeline")
	}
	out := []paging.TimelineEntry{{Ref: "created", Event: paging.Event{AlertID: alertID, At: a.CreatedAt.UTC(), Kind: paging.EvCreated,
		Message: fmt.Sprintf("%s urgency, severity %s", a.Urgency, a.Severity)}}}
	for _, r := range rows {
		e := paging.TimelineEntry{Ref: strconv.FormatInt(r.Ev.ID, 10), Event: paging.Event{ID: r.Ev.ID, AlertID: r.Ev.AlertID, At: r.Ev.At.UTC(), Kind: r.Ev.Kind, ActorID: deref(r.Ev.ActorID), Message: r.Ev.Message}}
		if r.ActorName != nil {
			e.ActorName = *r.ActorName
		}
		out = append(out, e)
	}
	var sent []struct {
		ID      int64
		Channel string
		Shadow  bool
		SentAt  time.Time
		Name    string
	}
	err = g.Table("pages").Select("pages.id, pages.channel, pages.shadow, pages.sent_at, users.name").Joins("JOIN users ON users.id = pages.user_id").
		Where("pages.alert_id = ? AND pages.sent_at IS NOT NULL", alertID).Order("pages.sent_at, pages.id").Scan(&sent).Error
	if err != nil {
		return nil, translate(err, "timeline")
	}
	for _, p := range sent {
		what := p.Channel + " page to " + p.Name + " sent"
		if p.Shadow {
			what = "shadow " + what
		}
		out = append(out, paging.TimelineEntry{Ref: "page-" + strconv.FormatInt(p.ID, 10), Event: paging.Event{AlertID: alertID, At: p.SentAt.UTC(), Kind: paging.EvPageSent, Message: what}})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// Pages lists pages newest first.
func (db *DB) Pages(ctx context.Context, f paging.PageFilter) ([]paging.Page, error) {
	q := db.gorm.WithContext(ctx).Order("id DESC")
	if f.AlertID != 0 {
		q = q.Where("alert_id = ?", f.AlertID)
	}
	if f.UserID != 0 {
		q = q.Where("user_id = ?", f.UserID)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	var rows []pageRow
	if err := q.Limit(f.Limit).Find(&rows).Error; err != nil {
		return nil, translate(err, "pages")
	}
	out := make([]paging.Page, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// ChangeAlert implements paging.AlertStore: in one transaction it reads the
// alert (locked on PostgreSQL, so that two decisions about one alert take
// turns) and how userID was paged for it, asks decide, and writes the
// change decide returns. The decision is paging's; this only reads and
// writes rows.
func (db *DB) ChangeAlert(ctx context.Context, id, userID int64, decide func(paging.Alert, paging.PagedAs) (paging.AlertChange, error)) (paging.Alert, error) {
	err := db.tx(ctx, func(tx *gorm.DB) error {
		q := tx
		if db.dialect == Postgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		var row alertRow
		if err := q.Take(&row, id).Error; err != nil {
			return translate(err, "alert")
		}
		var paged paging.PagedAs
		if userID != 0 {
			var kinds []bool
			if err := tx.Model(&pageRow{}).Distinct("shadow").Where("alert_id = ? AND user_id = ?", id, userID).Pluck("shadow", &kinds).Error; err != nil {
				return fmt.Errorf("pages of alert %d: %w", id, err)
			}
			for _, shadow := range kinds {
				if shadow {
					paged.Shadow = true
				} else {
					paged.Real = true
				}
			}
		}
		ch, err := decide(row.domain(), paged)
		if err != nil {
			return err
		}
		now := db.Now()
		set := map[string]any{}
		switch ch.Status {
		case paging.Acknowledged:
			set["status"], set["acked_at"], set["acked_by"] = string(ch.Status), now, nullID(ch.By)
		case paging.Resolved:
			set["status"], set["resolved_at"], set["resolved_by"] = string(ch.Status), now, nullID(ch.By)
		case paging.Triggered:
			set["status"] = string(ch.Status)
		}
		if ch.StopEscalation {
			set["next_step_at"], set["held_until"] = nil, nil
		}
		if ch.EscalateNow {
			set["next_step_at"], set["held_until"] = now, nil
		}
		if len(set) > 0 {
			if err := tx.Model(&alertRow{}).Where("id = ?", id).Updates(set).Error; err != nil {
				return err
			}
		}
		if ch.CancelPending {
			if err := tx.Model(&pageRow{}).Where("alert_id = ? AND status = 'pending'", id).Update("status", string(paging.PageCancelled)).Error; err != nil {
				return err
			}
		}
		if ch.Event != "" {
			return tx.Create(ptr(eventRow(id, now, ch.Event, ch.Note, userID))).Error
		}
		return nil
	})
	if err != nil {
		return paging.Alert{}, translate(err, "alert")
	}
	return db.Alert(ctx, id)
}

func ptr[T any](v T) *T { return &v }

func onConflictNothing() clause.OnConflict { return clause.OnConflict{DoNothing: true} }

// joinedPage is a page row with what its message needs.
type joinedPage struct {
	Page        pageRow  `gorm:"embedded"`
	Alert       alertRow `gorm:"embedded;embeddedPrefix:a_"`
	ServiceName string
	UserName    string
	UserPhone   string
}

func (r joinedPage) message() paging.Message {
	m := paging.Message{Page: r.Page.domain(), Alert: r.Alert.domain(), ServiceName: r.ServiceName, UserName: r.UserName, UserPhone: r.UserPhone}
	if m.Address != "" {
		m.UserPhone = m.Address
	}
	return m
}

// loadJoined reads pages with what their messages need, in id order.
func loadJoined(tx *gorm.DB, ids []int64) ([]joinedPage, error) {
	var rows []joinedPage
	err := tx.Raw(`SELECT pages.*, a.id AS a_id, a.service_id AS a_service_id, a.team_id AS a_team_id, a.dedup_key AS a_dedup_key,
			a.status AS a_status, a.urgency AS a_urgency, a.severity AS a_severity, a.summary AS a_summary, a.source AS a_source,
			a.count AS a_count, a.created_at AS a_created_at, a.last_seen_at AS a_last_seen_at,
			services.name AS service_name, users.name AS user_name, users.phone AS user_phone
		FROM pages JOIN alerts a ON a.id = pages.alert_id JOIN services ON services.id = a.service_id JOIN users ON users.id = pages.user_id
		WHERE pages.id IN ? ORDER BY pages.id`, ids).Scan(&rows).Error
	return rows, err
}

// RenewLeases implements paging.OutboxStore.
func (db *DB) RenewLeases(ctx context.Context, ids []int64, at, until time.Time) ([]int64, error) {
	var kept []int64
	for len(ids) > 0 {
		n := min(len(ids), 5000)
		var got []int64
		err := db.exec1(ctx, func(g *gorm.DB) error {
			return g.Raw("UPDATE pages SET lease_until = ? WHERE id IN ? AND status = 'sending' AND lease_until > ? RETURNING id",
				until.UTC(), ids[:n], at.UTC()).Scan(&got).Error
		})
		if err != nil {
			return kept, fmt.Errorf("renew leases: %w", err)
		}
		kept = append(kept, got...)
		ids = ids[n:]
	}
	return kept, nil
}

// UserNames implements paging.EscalationStore.
func (db *DB) UserNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	var rows []userRow
	if err := db.gorm.WithContext(ctx).Select("id, name").Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, translate(err, "users")
	}
	out := make(map[int64]string, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Name
	}
	return out, nil
}
