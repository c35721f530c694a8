-- +goose Up
-- Open data and outbound events (SPEC §7): one mechanism on the existing
-- transactional outbox (00040). An AFTER INSERT trigger on audit_log copies
-- every public-candidate action into outbox topic 'events' in the writing
-- transaction, so an event can never be lost nor announced for a change that
-- rolled back. The dispatch job (domain.DispatchEventsJob) decides what is
-- public, writes in-app notifications and fans webhook deliveries out as
-- outbox rows of topic 'webhook' (and e-mails as topic 'email'), which their
-- own jobs drain with backoff. Only the action, subject and audit id are
-- copied: consumers rebuild the public payload from a whitelist, so a sealed
-- price in a summary could never leak through here.

-- A row that exhausted its attempts is dead-lettered: done_at set, dead true,
-- visible to admins (GET /api/v1/webhooks/dead-letters).
ALTER TABLE outbox ADD COLUMN dead boolean NOT NULL DEFAULT false;
CREATE INDEX outbox_entity_idx ON outbox (topic, entity, entity_id, id DESC);

-- +goose StatementBegin
CREATE FUNCTION audit_log_to_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- bid.* and auction.bid are never forwarded (sealed, or anonymous);
    -- project.created is a draft, private to its owner.
    IF NEW.action ~ '^(project|objection|contract|evaluation|credit)\.' AND NEW.action <> 'project.created' THEN
        -- due at the audit row's time: the platform clock, which tests may set
        INSERT INTO outbox (topic, entity, entity_id, version, payload, created_at, next_attempt_at)
        VALUES ('events', NEW.subject_type,
                CASE WHEN NEW.subject_id ~ '^[0-9]{1,18}$' THEN NEW.subject_id::bigint ELSE 0 END,
                NEW.id,
                jsonb_build_object('audit_id', NEW.id, 'action', NEW.action, 'at', NEW.at), NEW.at, NEW.at);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_events AFTER INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_to_events();

-- In-app notifications (inbox per account). dedupe_key makes every producer
-- idempotent: a replayed event or a re-run job inserts nothing twice.
CREATE TABLE notifications (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id),
    kind       text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.]{0,63}$'),
    title      text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    body       text NOT NULL DEFAULT '',
    project_id bigint REFERENCES projects (id),
    event_id   text NOT NULL DEFAULT '',
    dedupe_key text NOT NULL,
    created_at timestamptz NOT NULL,
    read_at    timestamptz,
    UNIQUE (account_id, dedupe_key)
);
CREATE INDEX notifications_account_idx ON notifications (account_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (account_id) WHERE read_at IS NULL;

-- Webhook endpoints registered by accounts. The secret signs deliveries
-- (HMAC-SHA256 over "<timestamp>.<body>"); failures counts consecutive
-- failed deliveries and disables the endpoint at the configured limit.
CREATE TABLE webhook_endpoints (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES accounts (id),
    url         text NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
    event_types text[] NOT NULL CHECK (cardinality(event_types) >= 1),
    secret      text NOT NULL CHECK (length(secret) >= 32),
    status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'deleted')),
    failures    integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
    disabled_reason text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL
);
CREATE INDEX webhook_endpoints_account_idx ON webhook_endpoints (account_id) WHERE status <> 'deleted';

-- +goose Down
DROP TABLE webhook_endpoints, notifications;
DROP TRIGGER audit_log_events ON audit_log;
DROP FUNCTION audit_log_to_events;
DROP INDEX outbox_entity_idx;
ALTER TABLE outbox DROP COLUMN dead;
