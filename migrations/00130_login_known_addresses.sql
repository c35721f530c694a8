-- +goose Up
-- The login throttle lets an account's own addresses (a successful login
-- within 90 days) past its slowdown; this finds them without scanning the
-- account's whole history. Failures keep the partial indexes of 00001.
CREATE INDEX login_attempts_known_idx ON login_attempts (email, ip, at) WHERE ok;

-- +goose Down
DROP INDEX login_attempts_known_idx;
