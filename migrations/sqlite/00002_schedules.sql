-- +goose Up
CREATE TABLE schedules (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id     INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    time_zone   TEXT NOT NULL,
    holidays    TEXT NOT NULL DEFAULT '[]',
    pairing     TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    revision    INTEGER NOT NULL DEFAULT 1,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX schedules_team_name ON schedules (team_id, name);

CREATE TABLE layers (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    schedule_id   INTEGER NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    tier          TEXT NOT NULL CHECK (tier IN ('primary', 'secondary', 'shadow')),
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    participants  TEXT NOT NULL,
    start_local   TEXT NOT NULL,
    shift         TEXT NOT NULL,
    coverage      TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX layers_schedule ON layers (schedule_id, tier, position);

CREATE TABLE overrides (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    schedule_id  INTEGER NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    tier         TEXT NOT NULL CHECK (tier IN ('primary', 'secondary', 'shadow')),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    start_at     DATETIME NOT NULL,
    end_at       DATETIME NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   DATETIME NOT NULL,
    CHECK (end_at > start_at)
);
CREATE INDEX overrides_schedule ON overrides (schedule_id, end_at);
CREATE INDEX overrides_user ON overrides (user_id, end_at);

CREATE TABLE swaps (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    schedule_id   INTEGER NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    tier          TEXT NOT NULL CHECK (tier IN ('primary', 'secondary', 'shadow')),
    requester_id  INTEGER NOT NULL REFERENCES users (id),
    target_id     INTEGER NOT NULL REFERENCES users (id),
    start_at      DATETIME NOT NULL,
    end_at        DATETIME NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('requested', 'accepted', 'declined', 'cancelled')),
    message       TEXT NOT NULL DEFAULT '',
    override_id   INTEGER REFERENCES overrides (id) ON DELETE SET NULL,
    created_at    DATETIME NOT NULL,
    decided_at    DATETIME
);
CREATE INDEX swaps_schedule ON swaps (schedule_id, state);
CREATE INDEX swaps_target ON swaps (target_id, state);
CREATE INDEX swaps_requester ON swaps (requester_id, state);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           DATETIME NOT NULL,
    actor_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    team_id      INTEGER,
    schedule_id  INTEGER,
    entity       TEXT NOT NULL,
    entity_id    INTEGER NOT NULL,
    action       TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_schedule ON audit_log (schedule_id, id);
CREATE INDEX audit_log_team ON audit_log (team_id, id);

CREATE TABLE calendar_feeds (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token       TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    revoked_at  DATETIME
);
CREATE UNIQUE INDEX calendar_feeds_token ON calendar_feeds (token);
CREATE INDEX calendar_feeds_user ON calendar_feeds (user_id);

-- +goose Down
DROP TABLE calendar_feeds;
DROP TABLE audit_log;
DROP TABLE swaps;
DROP TABLE overrides;
DROP TABLE layers;
DROP TABLE schedules;
