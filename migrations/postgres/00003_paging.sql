-- +goose Up
CREATE TABLE config_revisions (
    name      TEXT PRIMARY KEY,
    revision  BIGINT NOT NULL
);
INSERT INTO config_revisions (name, revision) VALUES ('paging', 1);

CREATE TABLE escalation_policies (
    id                   BIGSERIAL PRIMARY KEY,
    team_id              BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name                 TEXT NOT NULL,
    repeat               INTEGER NOT NULL DEFAULT 0,
    repeat_after_seconds INTEGER NOT NULL DEFAULT 1800,
    steps                TEXT NOT NULL,
    version              BIGINT NOT NULL DEFAULT 1,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX escalation_policies_team_name ON escalation_policies (team_id, name);

CREATE TABLE services (
    id                     BIGSERIAL PRIMARY KEY,
    team_id                BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name                   TEXT NOT NULL,
    description            TEXT NOT NULL DEFAULT '',
    policy_id              BIGINT REFERENCES escalation_policies (id) ON DELETE SET NULL,
    urgency                TEXT NOT NULL CHECK (urgency IN ('high', 'low', 'from-severity')),
    hours_time_zone        TEXT NOT NULL DEFAULT '',
    hours_windows          TEXT NOT NULL DEFAULT '[]',
    hold_low_outside_hours BOOLEAN NOT NULL DEFAULT FALSE,
    version                BIGINT NOT NULL DEFAULT 1,
    created_at             TIMESTAMPTZ NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX services_name ON services (name);

CREATE TABLE maintenance_windows (
    id          BIGSERIAL PRIMARY KEY,
    service_id  BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    start_at    TIMESTAMPTZ NOT NULL,
    end_at      TIMESTAMPTZ NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    created_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    CHECK (end_at > start_at)
);
CREATE INDEX maintenance_windows_service ON maintenance_windows (service_id, end_at);

CREATE TABLE integrations (
    id          BIGSERIAL PRIMARY KEY,
    service_id  BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL CHECK (type IN ('alertmanager', 'generic', 'pagerduty')),
    key_hash    TEXT NOT NULL,
    prefix      TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);
CREATE UNIQUE INDEX integrations_key_hash ON integrations (key_hash);
CREATE INDEX integrations_service ON integrations (service_id);

CREATE TABLE routing_rules (
    id          BIGSERIAL PRIMARY KEY,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    matches     TEXT NOT NULL,
    service_id  BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE
);

CREATE TABLE alerts (
    id              BIGSERIAL PRIMARY KEY,
    service_id      BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    team_id         BIGINT NOT NULL,
    integration_id  BIGINT,
    dedup_key       TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('triggered', 'acknowledged', 'resolved')),
    urgency         TEXT NOT NULL CHECK (urgency IN ('high', 'low')),
    severity        TEXT NOT NULL,
    summary         TEXT NOT NULL,
    source          TEXT NOT NULL DEFAULT '',
    details         TEXT NOT NULL DEFAULT '{}',
    labels          TEXT NOT NULL DEFAULT '{}',
    count           INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMPTZ NOT NULL,
    last_seen_at    TIMESTAMPTZ NOT NULL,
    acked_at        TIMESTAMPTZ,
    acked_by        BIGINT,
    resolved_at     TIMESTAMPTZ,
    resolved_by     BIGINT,
    held_until      TIMESTAMPTZ,
    suppressed      BOOLEAN NOT NULL DEFAULT FALSE,
    policy_id       BIGINT,
    step            INTEGER NOT NULL DEFAULT 0,
    loop            INTEGER NOT NULL DEFAULT 0,
    next_step_at    TIMESTAMPTZ
);
-- One open alert per (service, dedup key): the dedup rule, enforced.
CREATE UNIQUE INDEX alerts_open_dedup ON alerts (service_id, dedup_key) WHERE status <> 'resolved';
CREATE INDEX alerts_integration_dedup ON alerts (integration_id, dedup_key) WHERE status <> 'resolved';
CREATE INDEX alerts_due ON alerts (next_step_at) WHERE next_step_at IS NOT NULL;
CREATE INDEX alerts_team_created ON alerts (team_id, id);
CREATE INDEX alerts_status ON alerts (status, id);

CREATE TABLE alert_events (
    id        BIGSERIAL PRIMARY KEY,
    alert_id  BIGINT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    at        TIMESTAMPTZ NOT NULL,
    kind      TEXT NOT NULL,
    actor_id  BIGINT,
    message   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alert_events_alert ON alert_events (alert_id, id);

CREATE TABLE pages (
    id               BIGSERIAL PRIMARY KEY,
    alert_id         BIGINT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    user_id          BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel          TEXT NOT NULL,
    shadow           BOOLEAN NOT NULL DEFAULT FALSE,
    step             INTEGER NOT NULL,
    loop             INTEGER NOT NULL,
    urgency          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    lease_until      TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    sent_at          TIMESTAMPTZ,
    error            TEXT NOT NULL DEFAULT '',
    provider_ref     TEXT NOT NULL DEFAULT '',
    via              TEXT NOT NULL DEFAULT ''
);
-- A step pages an engineer once per channel: enqueued exactly once.
CREATE UNIQUE INDEX pages_once ON pages (alert_id, step, loop, user_id, channel);
CREATE INDEX pages_due ON pages (status, next_attempt_at);
CREATE INDEX pages_user ON pages (user_id, created_at);
CREATE INDEX pages_alert ON pages (alert_id);

-- +goose Down
DROP TABLE pages;
DROP TABLE alert_events;
DROP TABLE alerts;
DROP TABLE routing_rules;
DROP TABLE integrations;
DROP TABLE maintenance_windows;
DROP TABLE services;
DROP TABLE escalation_policies;
DROP TABLE config_revisions;
