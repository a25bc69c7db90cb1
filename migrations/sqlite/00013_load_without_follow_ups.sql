-- +goose Up
-- Page load leaves out follow-ups (loop < 0): they forward an alert's
-- acknowledgement or resolution to PagerDuty and tell nobody.
DROP INDEX pages_load;
CREATE INDEX pages_load ON pages (user_id, sent_at) WHERE status = 'sent' AND loop >= 0;

-- +goose Down
DROP INDEX pages_load;
CREATE INDEX pages_load ON pages (user_id, sent_at) WHERE status = 'sent';
