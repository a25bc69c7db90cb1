package rota

import (
	"strconv"
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

// Schedule is a stored schedule: the scheduler's definition (ids are the
// decimal form of database ids) plus what storage adds.
type Schedule struct {
	scheduler.Schedule
	// Version counts edits of the definition; an update must name the
	// version it started from (optimistic concurrency).
	Version int64
	// Revision counts every change that can alter who is on call (edits,
	// overrides, accepted swaps); caches of compiled schedules key on it.
	Revision  int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Override is a stored override.
type Override struct {
	scheduler.Override
	ScheduleID int64
	CreatedBy  int64
	Note       string
	SwapID     int64 // the accepted swap that created it, if one did
}

// Swap is a stored swap request.
type Swap struct {
	scheduler.Swap
	Message    string
	OverrideID int64 // the first override an accepted swap created
	// OverrideIDs are all the overrides an accepted swap created, one per
	// stretch of the requester's that it handed over, in time order.
	OverrideIDs []int64
}

// AuditEntry records one change: who, when, what.
type AuditEntry struct {
	ID         int64
	At         time.Time
	ActorID    int64
	ActorName  string
	TeamID     int64
	ScheduleID int64
	Entity     string // schedule, override, swap
	EntityID   int64
	Action     string // created, updated, deleted, requested, accepted, …
	Detail     string // JSON
}

// ID formats a database id the way the scheduler carries it.
func ID(id int64) string { return strconv.FormatInt(id, 10) }

// ParseID reads an id formatted by ID; 0 when it is not one.
func ParseID(s string) int64 {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// SwapFilter selects swaps; zero fields match everything.
type SwapFilter struct {
	ScheduleID int64
	UserID     int64 // requester or target
	State      string
}
