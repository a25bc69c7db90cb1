-- +goose Up
-- An import remembers the PagerDuty override each Rota override was made
-- from, so that a re-import deletes the ones deleted in PagerDuty (and
-- only those: overrides made in Rota are not PagerDuty's to remove).
-- SQLite cannot change a CHECK constraint: the table is made anew.
CREATE TABLE external_ids_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    source       TEXT NOT NULL CHECK (source IN ('pagerduty')),
    kind         TEXT NOT NULL CHECK (kind IN ('user', 'team', 'schedule', 'policy', 'service', 'override')),
    external_id  TEXT NOT NULL,
    rota_id      INTEGER NOT NULL,
    name         TEXT NOT NULL DEFAULT '',
    updated_at   DATETIME NOT NULL
);
INSERT INTO external_ids_new (id, source, kind, external_id, rota_id, name, updated_at)
    SELECT id, source, kind, external_id, rota_id, name, updated_at FROM external_ids;
DROP TABLE external_ids;
ALTER TABLE external_ids_new RENAME TO external_ids;
CREATE UNIQUE INDEX external_ids_key ON external_ids (source, kind, external_id);
CREATE INDEX external_ids_rota ON external_ids (source, kind, rota_id);

-- +goose Down
CREATE TABLE external_ids_old (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    source       TEXT NOT NULL CHECK (source IN ('pagerduty')),
    kind         TEXT NOT NULL CHECK (kind IN ('user', 'team', 'schedule', 'policy', 'service')),
    external_id  TEXT NOT NULL,
    rota_id      INTEGER NOT NULL,
    name         TEXT NOT NULL DEFAULT '',
    updated_at   DATETIME NOT NULL
);
INSERT INTO external_ids_old (id, source, kind, external_id, rota_id, name, updated_at)
    SELECT id, source, kind, external_id, rota_id, name, updated_at FROM external_ids WHERE kind <> 'override';
DROP TABLE external_ids;
ALTER TABLE external_ids_old RENAME TO external_ids;
CREATE UNIQUE INDEX external_ids_key ON external_ids (source, kind, external_id);
CREATE INDEX external_ids_rota ON external_ids (source, kind, rota_id);
