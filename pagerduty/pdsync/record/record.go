package record

import "time"

// Source is the external system the links name.
const Source = "pagerduty"

// The kinds of object an import links.
const (
	KindUser     = "user"
	KindTeam     = "team"
	KindSchedule = "schedule"
	KindPolicy   = "policy"
	KindService  = "service"
	// KindOverride links an override a schedule's import made to the
	// PagerDuty override it came from.
	KindOverride = "override"
)

// Link says which Rota object an import made from a PagerDuty object.
// Name is PagerDuty's name (an email for users) at the last import.
type Link struct {
	Kind       string
	ExternalID string
	RotaID     int64
	Name       string
	UpdatedAt  time.Time
}

// Connection is the stored PagerDuty token.
type Connection struct {
	Token       string
	ConnectedBy int64
	ConnectedAt time.Time
}

// The kinds and statuses of a sync run.
const (
	SyncImport = "import"
	SyncMirror = "mirror"

	StatusOK     = "ok"
	StatusFailed = "failed"
)

// Sync is one recorded run. Result is the run's outcome as JSON (a
// pdsync.ImportResult or MirrorResult), written and read by pdsync.
type Sync struct {
	ID         int64
	Kind       string
	DryRun     bool
	Status     string
	ActorID    int64
	StartedAt  time.Time
	FinishedAt time.Time
	Result     []byte
}
