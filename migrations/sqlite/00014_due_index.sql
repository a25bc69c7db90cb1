-- +goose Up
-- The escalation engine asks for the triggered alerts whose next step is
-- due, oldest first; this index holds exactly those rows, in that order
-- (see the PostgreSQL migration). The status leads so that SQLite, without
-- statistics, prefers it to alerts_status.
DROP INDEX alerts_due;
CREATE INDEX alerts_due ON alerts (status, next_step_at, id) WHERE status = 'triggered' AND next_step_at IS NOT NULL;

-- +goose Down
DROP INDEX alerts_due;
CREATE INDEX alerts_due ON alerts (next_step_at) WHERE next_step_at IS NOT NULL;
