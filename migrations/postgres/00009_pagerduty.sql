-- +goose Up
-- PagerDuty sync (issue #10): the ids of what an import made, the
-- connection's token, each sync's outcome, and PagerDuty routing keys as
-- contact methods for forwarding pages.

-- What an import made, by PagerDuty id, so a re-import recognises an
-- object whatever it has been renamed to on either side. rota_id has no
-- foreign key because kind says which table it is in; a link to something
-- deleted is ignored (and replaced) by the next import.
CREATE TABLE external_ids (
    id           BIGSERIAL PRIMARY KEY,
    source       TEXT NOT NULL CHECK (source IN ('pagerduty')),
    kind         TEXT NOT NULL CHECK (kind IN ('user', 'team', 'schedule', 'policy', 'service')),
    external_id  TEXT NOT NULL,
    rota_id      BIGINT NOT NULL,
    name         TEXT NOT NULL DEFAULT '',
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX external_ids_key ON external_ids (source, kind, external_id);
CREATE INDEX external_ids_rota ON external_ids (source, kind, rota_id);

-- The REST API token an admin connected under Settings (one row). The
-- API never returns it, only its last four characters.
CREATE TABLE pagerduty_connection (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    token         TEXT NOT NULL,
    connected_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    connected_at  TIMESTAMPTZ NOT NULL
);

-- Each import (dry run or not) and mirror run, with its outcome as JSON.
CREATE TABLE pagerduty_syncs (
    id           BIGSERIAL PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('import', 'mirror')),
    dry_run      BOOLEAN NOT NULL DEFAULT FALSE,
    status       TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    actor_id     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ NOT NULL,
    result       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX pagerduty_syncs_kind ON pagerduty_syncs (kind, id);

-- contact_methods.type gains 'pagerduty' (the address is an Events API v2
-- routing key).
ALTER TABLE contact_methods DROP CONSTRAINT contact_methods_type_check;
ALTER TABLE contact_methods ADD CONSTRAINT contact_methods_type_check CHECK (type IN ('sms', 'voice', 'pagerduty'));

-- +goose Down
DELETE FROM contact_methods WHERE type = 'pagerduty';
ALTER TABLE contact_methods DROP CONSTRAINT contact_methods_type_check;
ALTER TABLE contact_methods ADD CONSTRAINT contact_methods_type_check CHECK (type IN ('sms', 'voice'));
DROP TABLE pagerduty_syncs;
DROP TABLE pagerduty_connection;
DROP TABLE external_ids;
