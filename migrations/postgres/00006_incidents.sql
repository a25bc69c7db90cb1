-- +goose Up
-- Incidents, their append-only timelines, change events (deploys),
-- post-incident reviews and action items (issue #9).

ALTER TABLE services ADD COLUMN incidents TEXT NOT NULL DEFAULT 'manual' CHECK (incidents IN ('manual', 'auto'));

CREATE TABLE incidents (
    id               BIGSERIAL PRIMARY KEY,
    team_id          BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    title            TEXT NOT NULL,
    severity         TEXT NOT NULL CHECK (severity IN ('SEV1', 'SEV2', 'SEV3', 'SEV4')),
    status           TEXT NOT NULL CHECK (status IN ('triggered', 'acknowledged', 'mitigated', 'resolved')),
    commander_id     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    opened_by        BIGINT REFERENCES users (id) ON DELETE SET NULL,
    started_at       TIMESTAMPTZ NOT NULL,
    detected_at      TIMESTAMPTZ NOT NULL,
    acknowledged_at  TIMESTAMPTZ,
    mitigated_at     TIMESTAMPTZ,
    resolved_at      TIMESTAMPTZ,
    -- The Seq of the timeline's last entry: appending reads and bumps it
    -- in the transaction that holds the incident's row.
    last_seq         BIGINT NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX incidents_started ON incidents (started_at);
CREATE INDEX incidents_team_started ON incidents (team_id, started_at);
CREATE INDEX incidents_open ON incidents (status) WHERE status <> 'resolved';

-- Links keep the Seq of the entry that linked them: their order. An
-- alert link has no foreign key: housekeeping may prune an old alert, and
-- the incident still linked it (its timeline keeps the facts).
CREATE TABLE incident_services (
    incident_id  BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    service_id   BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    seq          BIGINT NOT NULL,
    PRIMARY KEY (incident_id, service_id)
);
CREATE INDEX incident_services_service ON incident_services (service_id, incident_id);

CREATE TABLE incident_alerts (
    incident_id  BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    alert_id     BIGINT NOT NULL,
    seq          BIGINT NOT NULL,
    PRIMARY KEY (incident_id, alert_id)
);
CREATE INDEX incident_alerts_alert ON incident_alerts (alert_id, incident_id);

CREATE TABLE incident_responders (
    incident_id  BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    PRIMARY KEY (incident_id, user_id)
);
CREATE INDEX incident_responders_user ON incident_responders (user_id);

-- The timeline: append-only (a correction is a new entry). The ids it
-- names are facts of the past and carry no foreign keys, so that nothing
-- ever rewrites an entry. source_type/source_id name the alert, alert
-- event or page an entry was copied from, so it is copied once.
CREATE TABLE incident_entries (
    id           BIGSERIAL PRIMARY KEY,
    incident_id  BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    seq          BIGINT NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    kind         TEXT NOT NULL,
    actor_id     BIGINT NOT NULL DEFAULT 0,
    user_id      BIGINT NOT NULL DEFAULT 0,
    alert_id     BIGINT NOT NULL DEFAULT 0,
    service_id   BIGINT NOT NULL DEFAULT 0,
    change_id    BIGINT NOT NULL DEFAULT 0,
    channel      TEXT NOT NULL DEFAULT '',
    shadow       BOOLEAN NOT NULL DEFAULT FALSE,
    from_status  TEXT NOT NULL DEFAULT '',
    to_status    TEXT NOT NULL DEFAULT '',
    field        TEXT NOT NULL DEFAULT '',
    text         TEXT NOT NULL DEFAULT '',
    corrects     BIGINT NOT NULL DEFAULT 0,
    source_type  TEXT NOT NULL DEFAULT '',
    source_id    BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX incident_entries_seq ON incident_entries (incident_id, seq);
CREATE UNIQUE INDEX incident_entries_source ON incident_entries (incident_id, source_type, source_id) WHERE source_type <> '';

-- +goose StatementBegin
CREATE FUNCTION incident_entries_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'incident timeline entries are append-only';
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER incident_entries_append_only BEFORE UPDATE ON incident_entries
    FOR EACH ROW EXECUTE FUNCTION incident_entries_append_only();

-- Change events (deploys), per service. fingerprint makes a retried
-- event that carries its own timestamp one change, as a retried alert is
-- one alert.
CREATE TABLE change_events (
    id              BIGSERIAL PRIMARY KEY,
    service_id      BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    integration_id  BIGINT REFERENCES integrations (id) ON DELETE SET NULL,
    summary         TEXT NOT NULL,
    source          TEXT NOT NULL DEFAULT '',
    deployed_at     TIMESTAMPTZ NOT NULL,
    committed_at    TIMESTAMPTZ,
    custom_details  TEXT NOT NULL DEFAULT '',
    links           TEXT NOT NULL DEFAULT '[]',
    images          TEXT NOT NULL DEFAULT '[]',
    fingerprint     TEXT NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX change_events_fingerprint ON change_events (service_id, fingerprint);
CREATE INDEX change_events_service_deployed ON change_events (service_id, deployed_at);
CREATE INDEX change_events_deployed ON change_events (deployed_at);

CREATE TABLE incident_reviews (
    incident_id           BIGINT PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
    status                TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'published')),
    summary               TEXT NOT NULL DEFAULT '',
    impact                TEXT NOT NULL DEFAULT '',
    contributing_factors  TEXT NOT NULL DEFAULT '[]',
    went_well             TEXT NOT NULL DEFAULT '[]',
    was_hard              TEXT NOT NULL DEFAULT '[]',
    meeting_date          TEXT NOT NULL DEFAULT '',
    submitted_at          TIMESTAMPTZ,
    submitted_by          BIGINT REFERENCES users (id) ON DELETE SET NULL,
    published_at          TIMESTAMPTZ,
    published_by          BIGINT REFERENCES users (id) ON DELETE SET NULL,
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX incident_reviews_status ON incident_reviews (status);

-- Action items: owner is an engineer's email; due a date (YYYY-MM-DD) in
-- the team's zone, which sorts and compares as text.
CREATE TABLE action_items (
    id           BIGSERIAL PRIMARY KEY,
    incident_id  BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    title        TEXT NOT NULL,
    owner        TEXT NOT NULL,
    due          TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'wont_do')),
    link         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX action_items_incident ON action_items (incident_id, position);
CREATE INDEX action_items_status_due ON action_items (status, due);
CREATE INDEX action_items_owner ON action_items (owner);

-- +goose Down
DROP TABLE action_items;
DROP TABLE incident_reviews;
DROP TABLE change_events;
DROP TRIGGER incident_entries_append_only ON incident_entries;
DROP FUNCTION incident_entries_append_only();
DROP TABLE incident_entries;
DROP TABLE incident_responders;
DROP TABLE incident_alerts;
DROP TABLE incident_services;
DROP TABLE incidents;
ALTER TABLE services DROP COLUMN incidents;
