package store

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/scheduler"
)

type swapRow struct {
	ID          int64 `gorm:"primaryKey"`
	ScheduleID  int64
	Tier        string
	Kind        string
	RequesterID int64
	TargetID    int64
	StartAt     time.Time
	EndAt       time.Time
	State       string
	Message     string
	OverrideID  *int64
	CreatedAt   time.Time
	DecidedAt   *time.Time
}

func (swapRow) TableName() string { return "swaps" }

func (r swapRow) domain() rota.Swap {
	s := rota.Swap{Swap: scheduler.Swap{ID: rota.ID(r.ID), ScheduleID: rota.ID(r.ScheduleID), Tier: scheduler.Tier(r.Tier), Kind: scheduler.SwapKind(r.Kind),
		RequesterID: rota.ID(r.RequesterID), TargetID: rota.ID(r.TargetID), Start: r.StartAt.UTC(), End: r.EndAt.UTC(),
		State: scheduler.SwapState(r.State), CreatedAt: r.CreatedAt.UTC()}, Message: r.Message}
	if r.DecidedAt != nil {
		s.DecidedAt = r.DecidedAt.UTC()
	}
	if r.OverrideID != nil {
		s.OverrideID = *r.OverrideID
	}
	return s
}

// CreateSwap records a swap request after checking that the giver (the
// requester, or the target of a take) is on call at some time in the range
// (the swap hands over those stretches only) and both are team members.
func (db *DB) CreateSwap(ctx context.Context, s rota.Swap) (rota.Swap, error) {
	var out rota.Swap
	err := db.tx(ctx, func(tx *gorm.DB) error {
		sid := rota.ParseID(s.ScheduleID)
		ss, err := loadSchedules(tx, "id = ?", sid)
		if err != nil {
			return err
		}
		if len(ss) == 0 {
			return rota.Errorf(rota.ENotFound, "schedule not found")
		}
		c, err := scheduler.Compile(ss[0].Schedule)
		if err != nil {
			return err
		}
		s.State = scheduler.SwapRequested
		if err := scheduler.ValidateSwapRequest(c, s.Swap); err != nil {
			return err
		}
		if len(s.Message) > 500 {
			return rota.Invalid("message", "message is longer than 500 characters")
		}
		if s.Kind == "" {
			s.Kind = scheduler.SwapGive
		}
		row := swapRow{ScheduleID: sid, Tier: string(s.Tier), Kind: string(s.Kind), RequesterID: rota.ParseID(s.RequesterID), TargetID: rota.ParseID(s.TargetID),
			StartAt: s.Start.UTC(), EndAt: s.End.UTC(), State: string(scheduler.SwapRequested), Message: strings.TrimSpace(s.Message), CreatedAt: db.Now()}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		out = row.domain()
		return db.audit(tx, row.RequesterID, rota.ParseID(ss[0].TeamID), sid, "swap", row.ID, "requested",
			map[string]any{"tier": row.Tier, "kind": row.Kind, "requester_id": s.RequesterID, "target_id": s.TargetID, "start": row.StartAt, "end": row.EndAt})
	})
	return out, translate(err, "swap")
}

// Swap returns one swap.
func (db *DB) Swap(ctx context.Context, id int64) (rota.Swap, error) {
	var row swapRow
	tx := db.gorm.WithContext(ctx)
	if err := tx.Take(&row, id).Error; err != nil {
		return rota.Swap{}, translate(err, "swap")
	}
	out := []rota.Swap{row.domain()}
	if err := withOverrideIDs(tx, out); err != nil {
		return rota.Swap{}, translate(err, "swap")
	}
	return out[0], nil
}

// withOverrideIDs fills in the overrides that each accepted swap created.
func withOverrideIDs(tx *gorm.DB, ws []rota.Swap) error {
	var ids []int64
	at := map[int64]int{}
	for i, w := range ws {
		if w.State == scheduler.SwapAccepted {
			id := rota.ParseID(w.ID)
			ids = append(ids, id)
			at[id] = i
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var rows []overrideRow
	if err := tx.Select("id", "swap_id").Where("swap_id IN ?", ids).Order("start_at, id").Find(&rows).Error; err != nil {
		return err
	}
	for _, r := range rows {
		i := at[*r.SwapID]
		ws[i].OverrideIDs = append(ws[i].OverrideIDs, r.ID)
	}
	return nil
}

// Swaps lists swaps, newest first.
func (db *DB) Swaps(ctx context.Context, f rota.SwapFilter) ([]rota.Swap, error) {
	q := db.gorm.WithContext(ctx).Order("id DESC").Limit(500)
	if f.ScheduleID != 0 {
		q = q.Where("schedule_id = ?", f.ScheduleID)
	}
	if f.UserID != 0 {
		q = q.Where("requester_id = ? OR target_id = ?", f.UserID, f.UserID)
	}
	if f.State != "" {
		q = q.Where("state = ?", f.State)
	}
	var rows []swapRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err, "swaps")
	}
	out := make([]rota.Swap, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	if err := withOverrideIDs(db.gorm.WithContext(ctx), out); err != nil {
		return nil, translate(err, "swaps")
	}
	return out, nil
}

// DecideSwap applies an action (accept, decline, cancel) by actor. Accepting
// re-checks the request against the schedule as it is now and creates, in
// the same transaction, one override per stretch that the requester hands
// over (scheduler.DecideSwap), each marked with the swap.
func (db *DB) DecideSwap(ctx context.Context, actor, id int64, action scheduler.SwapAction) (rota.Swap, error) {
	var out rota.Swap
	err := db.tx(ctx, func(tx *gorm.DB) error {
		var row swapRow
		// Lock the swap so that two decisions cannot both succeed.
		q := tx
		if db.dialect == Postgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		if err := q.Take(&row, id).Error; err != nil {
			return translate(err, "swap")
		}
		cur := row.domain()
		// The schedule as it is now: accepting re-checks the request.
		ss, err := loadSchedules(tx, "id = ?", row.ScheduleID)
		if err != nil {
			return err
		}
		if len(ss) == 0 {
			return rota.Errorf(rota.ENotFound, "schedule not found")
		}
		c, err := scheduler.Compile(ss[0].Schedule)
		if err != nil {
			return err
		}
		next, ovs, err := scheduler.DecideSwap(c, cur.Swap, action, rota.ID(actor), db.Now())
		if err != nil {
			return err
		}
		updates := map[string]any{"state": string(next.State), "decided_at": next.DecidedAt.UTC()}
		note := "swap"
		if e, ok := c.Member(cur.Giver()); ok {
			note = "swap with " + e.Name
		}
		for i, ov := range ovs {
			o, err := db.insertOverride(tx, actor, rota.Override{Override: ov, ScheduleID: row.ScheduleID, Note: note, SwapID: row.ID})
			if err != nil {
				return err
			}
			if i == 0 {
				updates["override_id"] = rota.ParseID(o.ID)
			}
		}
		res := tx.Model(&swapRow{}).Where("id = ? AND state = ?", id, string(scheduler.SwapRequested)).Updates(updates)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return rota.Errorf(rota.EConflict, "the swap was decided meanwhile")
		}
		if err := db.audit(tx, actor, rota.ParseID(ss[0].TeamID), row.ScheduleID, "swap", id, string(next.State), map[string]any{"action": action}); err != nil {
			return err
		}
		if err := tx.Take(&row, id).Error; err != nil {
			return err
		}
		ws := []rota.Swap{row.domain()}
		if err := withOverrideIDs(tx, ws); err != nil {
			return err
		}
		out = ws[0]
		return nil
	})
	return out, translate(err, "swap")
}
