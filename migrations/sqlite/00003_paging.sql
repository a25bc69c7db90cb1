-- +goose Up
CREATE TABLE config_revisions (
    name      TEXT PRIMARY KEY,
    revision  INTEGER NOT NULL
);
INSERT INTO config_revisions (name, revision) VALUES ('paging', 1);

CREATE TABLE escalation_policies (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id              INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name                 TEXT NOT NULL,
    repeat               INTEGER NOT NULL DEFAULT 0,
    repeat_after_seconds INTEGER NOT NULL DEFAULT 1800,
    steps                TEXT NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           DATETIME NOT NULL,
    updated_at           DATETIME NOT NULL
);
CREATE UNIQUE INDEX escalation_policies_team_name ON escalation_policies (team_id, name);

CREATE TABLE services (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id                INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name                   TEXT NOT NULL,
    description            TEXT NOT NULL DEFAULT '',
    policy_id              INTEGER REFERENCES escalation_policies (id) ON DELETE SET NULL,
    urgency                TEXT NOT NULL CHECK (urgency IN ('high', 'low', 'from-severity')),
    hours_time_zone        TEXT NOT NULL DEFAULT '',
    hours_windows          TEXT NOT NULL DEFAULT '[]',
    hold_low_outside_hours BOOLEAN NOT NULL DEFAULT FALSE,
    version                INTEGER NOT NULL DEFAULT 1,
    created_at             DATETIME NOT NULL,
    updated_at             DATETIME NOT NULL
);
CREATE UNIQUE INDEX services_name ON services (name);

CREATE TABLE maintenance_windows (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    service_id  INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    start_at    DATETIME NOT NULL,
    end_at      DATETIME NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  DATETIME NOT NULL,
    CHECK (end_at > start_at)
);
CREATE INDEX maintenance_windows_service ON maintenance_windows (service_id, end_at);

CREATE TABLE integrations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    service_id  INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL CHECK (type IN ('alertmanager', 'generic', 'pagerduty')),
    key_hash    TEXT NOT NULL,
    prefix      TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    revoked_at  DATETIME
);
CREATE UNIQUE INDEX integrations_key_hash ON integrations (key_hash);
CREATE INDEX integrations_service ON integrations (service_id);

CREATE TABLE routing_rules (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    matches     TEXT NOT NULL,
    service_id  INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE
);

CREATE TABLE alerts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    service_id      INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    team_id         INTEGER NOT NULL,
    integration_id  INTEGER,
    dedup_key       TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('triggered', 'acknowledged', 'resolved')),
    urgency         TEXT NOT NULL CHECK (urgency IN ('high', 'low')),
    severity        TEXT NOT NULL,
    summary         TEXT NOT NULL,
    source          TEXT NOT NULL DEFAULT '',
    details         TEXT NOT NULL DEFAULT '{}',
    labels          TEXT NOT NULL DEFAULT '{}',
    count           INTEGER NOT NULL DEFAULT 1,
    created_at      DATETIME NOT NULL,
    last_seen_at    DATETIME NOT NULL,
    acked_at        DATETIME,
    acked_by        INTEGER,
    resolved_at     DATETIME,
    resolved_by     INTEGER,
    held_until      DATETIME,
    suppressed      BOOLEAN NOT NULL DEFAULT FALSE,
    policy_id       INTEGER,
    step            INTEGER NOT NULL DEFAULT 0,
    loop            INTEGER NOT NULL DEFAULT 0,
    next_step_at    DATETIME
);
-- One open alert per (service, dedup key): the dedup rule, enforced.
CREATE UNIQUE INDEX alerts_open_dedup ON alerts (service_id, dedup_key) WHERE status <> 'resolved';
CREATE INDEX alerts_integration_dedup ON alerts (integration_id, dedup_key) WHERE status <> 'resolved';
CREATE INDEX alerts_due ON alerts (next_step_at) WHERE next_step_at IS NOT NULL;
CREATE INDEX alerts_team_created ON alerts (team_id, id);
CREATE INDEX alerts_status ON alerts (status, id);

CREATE TABLE alert_events (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id  INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    at        DATETIME NOT NULL,
    kind      TEXT NOT NULL,
    actor_id  INTEGER,
    message   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alert_events_alert ON alert_events (alert_id, id);

CREATE TABLE pages (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id         INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel          TEXT NOT NULL,
    shadow           BOOLEAN NOT NULL DEFAULT FALSE,
    step             INTEGER NOT NULL,
    loop             INTEGER NOT NULL,
    urgency          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  DATETIME NOT NULL,
    lease_until      DATETIME,
    created_at       DATETIME NOT NULL,
    sent_at          DATETIME,
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
