-- +goose Up
CREATE TABLE schedules (
    id          BIGSERIAL PRIMARY KEY,
    team_id     BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    time_zone   TEXT NOT NULL,
    holidays    TEXT NOT NULL DEFAULT '[]',
    pairing     TEXT NOT NULL DEFAULT '',
    version     BIGINT NOT NULL DEFAULT 1,
    revision    BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX schedules_team_name ON schedules (team_id, name);

CREATE TABLE layers (
    id            BIGSERIAL PRIMARY KEY,
    schedule_id   BIGINT NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
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
    id           BIGSERIAL PRIMARY KEY,
    schedule_id  BIGINT NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    tier         TEXT NOT NULL CHECK (tier IN ('primary', 'secondary', 'shadow')),
    user_id      BIGINT NOT NULL REFERENCES users (id),
    start_at     TIMESTAMPTZ NOT NULL,
    end_at       TIMESTAMPTZ NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    CHECK (end_at > start_at)
);
CREATE INDEX overrides_schedule ON overrides (schedule_id, end_at);
CREATE INDEX overrides_user ON overrides (user_id, end_at);

CREATE TABLE swaps (
    id            BIGSERIAL PRIMARY KEY,
    schedule_id   BIGINT NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    tier          TEXT NOT NULL CHECK (tier IN ('primary', 'secondary', 'shadow')),
    requester_id  BIGINT NOT NULL REFERENCES users (id),
    target_id     BIGINT NOT NULL REFERENCES users (id),
    start_at      TIMESTAMPTZ NOT NULL,
    end_at        TIMESTAMPTZ NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('requested', 'accepted', 'declined', 'cancelled')),
    message       TEXT NOT NULL DEFAULT '',
    override_id   BIGINT REFERENCES overrides (id) ON DELETE SET NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    decided_at    TIMESTAMPTZ
);
CREATE INDEX swaps_schedule ON swaps (schedule_id, state);
CREATE INDEX swaps_target ON swaps (target_id, state);
CREATE INDEX swaps_requester ON swaps (requester_id, state);

CREATE TABLE audit_log (
    id           BIGSERIAL PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL,
    actor_id     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    team_id      BIGINT,
    schedule_id  BIGINT,
    entity       TEXT NOT NULL,
    entity_id    BIGINT NOT NULL,
    action       TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_schedule ON audit_log (schedule_id, id);
CREATE INDEX audit_log_team ON audit_log (team_id, id);

CREATE TABLE calendar_feeds (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token       TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
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
