-- +goose Up
CREATE TABLE contact_methods (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id           INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type              TEXT NOT NULL CHECK (type IN ('sms', 'voice')),
    address           TEXT NOT NULL,
    verified_at       DATETIME,
    verify_code_hash  TEXT NOT NULL DEFAULT '',
    verify_sent_at    DATETIME,
    verify_attempts   INTEGER NOT NULL DEFAULT 0,
    created_at        DATETIME NOT NULL
);
CREATE UNIQUE INDEX contact_methods_user_type_address ON contact_methods (user_id, type, address);

CREATE TABLE notification_rules (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id            INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    contact_method_id  INTEGER NOT NULL REFERENCES contact_methods (id) ON DELETE CASCADE,
    delay_minutes      INTEGER NOT NULL CHECK (delay_minutes >= 0),
    urgency            TEXT NOT NULL DEFAULT 'any' CHECK (urgency IN ('any', 'high', 'low')),
    created_at         DATETIME NOT NULL
);
CREATE INDEX notification_rules_user ON notification_rules (user_id);

-- Numbers that replied STOP: Twilio blocks them too; Rota stops trying.
CREATE TABLE sms_opt_outs (
    phone  TEXT PRIMARY KEY,
    at     DATETIME NOT NULL
);

ALTER TABLE pages ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN reply_code TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN delivery TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN fell_back BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX pages_provider_ref ON pages (provider_ref);
CREATE INDEX pages_reply ON pages (user_id, reply_code);

-- +goose Down
DROP INDEX pages_reply;
DROP INDEX pages_provider_ref;
ALTER TABLE pages DROP COLUMN fell_back;
ALTER TABLE pages DROP COLUMN delivery;
ALTER TABLE pages DROP COLUMN reply_code;
ALTER TABLE pages DROP COLUMN address;
DROP TABLE sms_opt_outs;
DROP TABLE notification_rules;
DROP TABLE contact_methods;
