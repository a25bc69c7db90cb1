-- +goose Up
-- An import remembers the PagerDuty override each Rota override was made
-- from, so that a re-import deletes the ones deleted in PagerDuty (and
-- only those: overrides made in Rota are not PagerDuty's to remove).
ALTER TABLE external_ids DROP CONSTRAINT external_ids_kind_check;
ALTER TABLE external_ids ADD CONSTRAINT external_ids_kind_check CHECK (kind IN ('user', 'team', 'schedule', 'policy', 'service', 'override'));

-- +goose Down
DELETE FROM external_ids WHERE kind = 'override';
ALTER TABLE external_ids DROP CONSTRAINT external_ids_kind_check;
ALTER TABLE external_ids ADD CONSTRAINT external_ids_kind_check CHECK (kind IN ('user', 'team', 'schedule', 'policy', 'service'));
