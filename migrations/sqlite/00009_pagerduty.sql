-- +goose Up
-- PagerDuty sync (issue #10): the ids of what an import made, the
-- connection's token, each sync's outcome, and PagerDuty routing keys as
-- contact methods for forwarding pages.

-- What an import made, by PagerDuty id, so a re-import recognises an
-- object whatever it has been renamed to on either side. rota_id has no
-- foreign key because kind says which table it is in; a link to something
-- deleted is ignored (and replaced) by the next import.
CREATE TABLE external_ids (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    source       TEXT NOT NULL CHECK (source IN ('pagerduty')),
    kind         TEXT NOT NULL CHECK (kind IN ('user', 'team', 'schedule', 'policy', 'service')),
    external_id  TEXT NOT NULL,
    rota_id      INTEGER NOT NULL,
    name         TEXT NOT NULL DEFAULT '',
    updated_at   DATETIME NOT NULL
);
CREATE UNIQUE INDEX external_ids_key ON external_ids (source, kind, external_id);
CREATE INDEX external_ids_rota ON external_ids (source, kind, rota_id);

-- The REST API token an admin connected under Settings (one row). The
-- API never returns it, only its last four characters.
CREATE TABLE pagerduty_connection (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    token         TEXT NOT NULL,
    connected_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    connected_at  DATETIME NOT NULL
);

-- Each import (dry run or not) and mirror run, with its outcome as JSON.
CREATE TABLE pagerduty_syncs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL CHECK (kind IN ('import', 'mirror')),
    dry_run      BOOLEAN NOT NULL DEFAULT FALSE,
    status       TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    actor_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    started_at   DATETIME NOT NULL,
    finished_at  DATETIME NOT NULL,
    result       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX pagerduty_syncs_kind ON pagerduty_syncs (kind, id);

-- contact_methods.type gains 'pagerduty' (the address is an Events API v2
-- routing key). SQLite cannot change a CHECK, so the table is rebuilt; the
-- notification rules referring to it are set aside first, because dropping
-- a referenced table would cascade to them.
CREATE TABLE contact_methods_new (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id           INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type              TEXT NOT NULL CHECK (type IN ('sms', 'voice', 'pagerduty')),
    address           TEXT NOT NULL,
    verified_at       DATETIME,
    verify_code_hash  TEXT NOT NULL DEFAULT '',
    verify_sent_at    DATETIME,
    verify_attempts   INTEGER NOT NULL DEFAULT 0,
    created_at        DATETIME NOT NULL
);
INSERT INTO contact_methods_new (id, user_id, type, address, verified_at, verify_code_hash, verify_sent_at, verify_attempts, created_at)
    SELECT id, user_id, type, address, verified_at, verify_code_hash, verify_sent_at, verify_attempts, created_at FROM contact_methods;
CREATE TABLE notification_rules_kept AS SELECT * FROM notification_rules;
DROP TABLE notification_rules;
DROP TABLE contact_methods;
ALTER TABLE contact_methods_new RENAME TO contact_methods;
CREATE UNIQUE INDEX contact_methods_user_type_address ON contact_methods (user_id, type, address);
CREATE TABLE notification_rules (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id            INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    contact_method_id  INTEGER NOT NULL REFERENCES contact_methods (id) ON DELETE CASCADE,
    delay_minutes      INTEGER NOT NULL CHECK (delay_minutes >= 0),
    urgency            TEXT NOT NULL DEFAULT 'any' CHECK (urgency IN ('any', 'high', 'low')),
    created_at         DATETIME NOT NULL
);
INSERT INTO notification_rules (id, user_id, contact_method_id, delay_minutes, urgency, created_at)
    SELECT id, user_id, contact_method_id, delay_minutes, urgency, created_at FROM notification_rules_kept;
DROP TABLE notification_rules_kept;
CREATE INDEX notification_rules_user ON notification_rules (user_id);

-- +goose Down
DELETE FROM contact_methods WHERE type = 'pagerduty';
DROP TABLE pagerduty_syncs;
DROP TABLE pagerduty_connection;
DROP TABLE external_ids;
