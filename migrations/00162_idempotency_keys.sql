-- +goose Up
-- Idempotency keys of retried requests (issue #15.1, docs/reliability.md
-- "Idempotent retries"). A row is written in the transaction of the request
-- it answers, together with the answer, so a committed action always has
-- its stored answer and a retry with the same key gets it instead of acting
-- again. While the first request runs, its uncommitted row makes a second
-- insert of the same key wait; if the first rolls back, the second acts.
-- Kept 24 hours (domain.IdempotencyRetention), then pruned.
CREATE TABLE idempotency_keys (
    account_id   bigint NOT NULL REFERENCES accounts (id),
    key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 128),
    request_hash text NOT NULL,
    status       integer,
    content_type text NOT NULL DEFAULT '',
    location     text NOT NULL DEFAULT '',
    body         bytea,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (account_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- +goose Down
DROP TABLE idempotency_keys;
