-- +goose Up
-- A one-time password (from rota user create, the first start, an invite or
-- a reset) only lets its user choose a new one: until they do, every other
-- API call answers 403 password_change_required.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE users DROP COLUMN must_change_password;
