-- +goose Up
-- Pages brought from another tool (rota load import): one row per page,
-- marked imported by living here. team_id is the team the file was
-- imported for; NULL counts the page in every team of its engineer.
CREATE TABLE load_imports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id     INTEGER REFERENCES teams (id) ON DELETE CASCADE,
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  DATETIME NOT NULL,
    rows        INTEGER NOT NULL,
    first_at    DATETIME,
    last_at     DATETIME
);

CREATE TABLE imported_pages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    import_id   INTEGER NOT NULL REFERENCES load_imports (id) ON DELETE CASCADE,
    team_id     INTEGER REFERENCES teams (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at          DATETIME NOT NULL,
    alert       TEXT NOT NULL,
    channel     TEXT NOT NULL CHECK (channel IN ('sms', 'voice', 'push', 'pagerduty', 'email'))
);
CREATE INDEX imported_pages_user_at ON imported_pages (user_id, at);

-- A team's load limits; a zero column takes the default of DESIGN.md.
CREATE TABLE load_thresholds (
    team_id                INTEGER PRIMARY KEY REFERENCES teams (id) ON DELETE CASCADE,
    sleep_interruptions    INTEGER NOT NULL DEFAULT 0,
    incidents_per_shift    INTEGER NOT NULL DEFAULT 0,
    oncall_share           INTEGER NOT NULL DEFAULT 0,
    unfair_share           REAL NOT NULL DEFAULT 0,
    min_rotation           INTEGER NOT NULL DEFAULT 0,
    shadow_shifts          INTEGER NOT NULL DEFAULT 0,
    business_hours_shifts  INTEGER NOT NULL DEFAULT 0,
    updated_by             INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at             DATETIME NOT NULL
);

-- The load report reads each engineer's sent pages in time order, and
-- the team's alerts of a period.
CREATE INDEX pages_load ON pages (user_id, sent_at) WHERE status = 'sent';
CREATE INDEX alerts_team_created_at ON alerts (team_id, created_at);

-- +goose Down
DROP INDEX alerts_team_created_at;
DROP INDEX pages_load;
DROP TABLE load_thresholds;
DROP TABLE imported_pages;
DROP TABLE load_imports;
