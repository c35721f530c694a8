-- +goose Up
-- The transactional outbox: a row written in the same transaction as the
-- change it announces, drained later by a job that delivers it somewhere
-- else (a search engine, a notification channel). Delivery is at least
-- once: a consumer must be idempotent, keyed by (topic, entity, entity_id,
-- version). A failed delivery bumps attempts and pushes next_attempt_at
-- back (exponential backoff); done_at marks delivered rows, which the
-- draining job prunes after a day.
--
-- topics in use: 'search' (entity 'project' | 'agency'; version = the
-- search document's version, see 00041_search.sql).
CREATE TABLE outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic           text NOT NULL CHECK (topic ~ '^[a-z][a-z0-9_.]{0,63}$'),
    entity          text NOT NULL CHECK (length(entity) BETWEEN 1 AND 64),
    entity_id       bigint NOT NULL,
    version         bigint NOT NULL DEFAULT 0,
    payload         jsonb NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    last_error      text NOT NULL DEFAULT '',
    done_at         timestamptz
);
-- The drain reads pending rows of one topic in due order.
CREATE INDEX outbox_pending_idx ON outbox (topic, next_attempt_at, id) WHERE done_at IS NULL;
CREATE INDEX outbox_done_idx ON outbox (done_at) WHERE done_at IS NOT NULL;

-- +goose Down
DROP TABLE outbox;
