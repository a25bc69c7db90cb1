-- +goose Up
-- The escalation engine asks for the triggered alerts whose next step is
-- due, oldest first (status = 'triggered' AND next_step_at IS NOT NULL AND
-- next_step_at <= now ORDER BY next_step_at, id). The old index on
-- next_step_at alone carried neither the status nor the order: the plan
-- sorted, and with statistics lagging behind a flood the planner took
-- alerts_status instead, reading every open triggered alert on every pass
-- (19,094 rows for none due, 5.6 ms, at 27,000 open alerts). This index
-- holds exactly the rows the engine can fire, in the order it fires them.
DROP INDEX alerts_due;
CREATE INDEX alerts_due ON alerts (next_step_at, id) WHERE status = 'triggered' AND next_step_at IS NOT NULL;

-- +goose Down
DROP INDEX alerts_due;
CREATE INDEX alerts_due ON alerts (next_step_at) WHERE next_step_at IS NOT NULL;
