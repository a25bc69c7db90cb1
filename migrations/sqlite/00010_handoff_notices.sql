-- +goose Up
-- Handoff notices: at the start of a primary or secondary shift the
-- incoming engineer is told the tier, the end of the shift and the open
-- alerts handed over, unless they turned it off.
ALTER TABLE users ADD COLUMN handoff_notices BOOLEAN NOT NULL DEFAULT TRUE;

-- One row per notice, inserted before it is sent: whichever process
-- inserts it sends it, so an engineer gets each notice once.
CREATE TABLE handoff_notices (
    schedule_id  INTEGER NOT NULL,
    tier         TEXT NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    shift_start  INTEGER NOT NULL, -- Unix seconds
    created_at   INTEGER NOT NULL, -- Unix seconds, for pruning
    PRIMARY KEY (schedule_id, tier, user_id, shift_start)
);

-- +goose Down
DROP TABLE handoff_notices;
ALTER TABLE users DROP COLUMN handoff_notices;
