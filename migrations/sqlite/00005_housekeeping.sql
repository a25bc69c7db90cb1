-- +goose Up
-- Page counts of alerts that housekeeping pruned, per engineer, owning
-- team, UTC day (YYYY-MM-DD), channel and shadow or not: the page-load
-- figures outlive the pages. A page is counted here or in pages, never both.
CREATE TABLE page_load_days (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    team_id  INTEGER NOT NULL,
    day      TEXT NOT NULL,
    channel  TEXT NOT NULL,
    shadow   BOOLEAN NOT NULL,
    sent     INTEGER NOT NULL DEFAULT 0,
    failed   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, team_id, day, channel, shadow)
);
CREATE INDEX page_load_days_day ON page_load_days (day);

-- Housekeeping finds the oldest resolved alerts.
CREATE INDEX alerts_resolved ON alerts (resolved_at) WHERE status = 'resolved';

-- +goose Down
DROP INDEX alerts_resolved;
DROP TABLE page_load_days;
