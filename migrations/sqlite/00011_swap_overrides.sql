-- +goose Up
-- An accepted swap hands over every stretch of the range that the giver
-- is on call for, one override per stretch: each override remembers the
-- swap that made it. swaps.override_id keeps the first.
ALTER TABLE overrides ADD COLUMN swap_id INTEGER REFERENCES swaps (id) ON DELETE SET NULL;
CREATE INDEX overrides_swap ON overrides (swap_id);

-- A swap either offers the requester's shift to the target (give) or asks
-- the target for theirs (take).
ALTER TABLE swaps ADD COLUMN kind TEXT NOT NULL DEFAULT 'give' CHECK (kind IN ('give', 'take'));

-- +goose Down
ALTER TABLE swaps DROP COLUMN kind;
DROP INDEX overrides_swap;
ALTER TABLE overrides DROP COLUMN swap_id;
