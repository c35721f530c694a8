-- +goose Up
-- The audit log's triggers decide in their WHEN clause whether they have
-- anything to do (docs/performance.md, "2026-12-07: what PostgreSQL does
-- per sealed bid"). The rules are unchanged; what changes is what each
-- audit row costs.
--
-- * The append-only guard on UPDATE was a BEFORE ROW trigger. PostgreSQL
--   locks the old row version before calling one (a WAL record per row) and
--   then runs the function, so sealing the two audit rows of every bid paid
--   a lock record and a PL/pgSQL call each only to be let through. It is
--   now an AFTER ROW trigger whose WHEN is the guard's own condition: a
--   seal never queues it, and an update the guard forbids still raises and
--   aborts its statement, as before. DELETE keeps a BEFORE trigger of its
--   own (audit_log_no_delete), TRUNCATE its statement trigger.
-- * The outbox triggers (00060 events, 00290 saved searches) ran their
--   function for every audit row, a bid's included, to test the action and
--   do nothing. The test is now the trigger's WHEN, so rows of other
--   actions queue nothing; the functions insert unconditionally and must
--   not be attached without it.
DROP TRIGGER audit_log_no_update ON audit_log;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
CREATE TRIGGER audit_log_no_update AFTER UPDATE ON audit_log FOR EACH ROW
    WHEN (OLD.seq IS NOT NULL
       OR NEW.id <> OLD.id OR NEW.at <> OLD.at OR NEW.actor_id <> OLD.actor_id
       OR NEW.actor_role <> OLD.actor_role OR NEW.action <> OLD.action
       OR NEW.subject_type <> OLD.subject_type OR NEW.subject_id <> OLD.subject_id
       OR NEW.summary <> OLD.summary)
    EXECUTE FUNCTION audit_log_guard();

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_to_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- which rows: the trigger's WHEN (bid.* and auction.bid are never
    -- forwarded, project.created is a draft); due at the audit row's time
    INSERT INTO outbox (topic, entity, entity_id, version, payload, created_at, next_attempt_at)
    VALUES ('events', NEW.subject_type,
            CASE WHEN NEW.subject_id ~ '^[0-9]{1,18}$' THEN NEW.subject_id::bigint ELSE 0 END,
            NEW.id,
            jsonb_build_object('audit_id', NEW.id, 'action', NEW.action, 'at', NEW.at), NEW.at, NEW.at);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
DROP TRIGGER audit_log_events ON audit_log;
CREATE TRIGGER audit_log_events AFTER INSERT ON audit_log FOR EACH ROW
    WHEN (NEW.action ~ '^(project|objection|contract|evaluation|credit)\.' AND NEW.action <> 'project.created')
    EXECUTE FUNCTION audit_log_to_events();

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_to_saved_searches() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- which rows: the trigger's WHEN (a notice published, or amended)
    INSERT INTO outbox (topic, entity, entity_id, version, payload, created_at, next_attempt_at)
    VALUES ('saved_search', 'project', NEW.subject_id::bigint, NEW.id,
            jsonb_build_object('action', NEW.action), NEW.at, NEW.at);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
DROP TRIGGER audit_log_saved_searches ON audit_log;
CREATE TRIGGER audit_log_saved_searches AFTER INSERT ON audit_log FOR EACH ROW
    WHEN (NEW.action IN ('project.published', 'project.amended') AND NEW.subject_id ~ '^[0-9]{1,18}$')
    EXECUTE FUNCTION audit_log_to_saved_searches();

-- +goose Down
DROP TRIGGER audit_log_saved_searches ON audit_log;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_to_saved_searches() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- a notice published, or amended (更正公告) where the product records one
    IF NEW.action IN ('project.published', 'project.amended') AND NEW.subject_id ~ '^[0-9]{1,18}$' THEN
        INSERT INTO outbox (topic, entity, entity_id, version, payload, created_at, next_attempt_at)
        VALUES ('saved_search', 'project', NEW.subject_id::bigint, NEW.id,
                jsonb_build_object('action', NEW.action), NEW.at, NEW.at);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_saved_searches AFTER INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_to_saved_searches();
DROP TRIGGER audit_log_events ON audit_log;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_to_events() RETURNS trigger LANGUAGE plpgsql AS $$
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
DROP TRIGGER audit_log_no_update ON audit_log;
DROP TRIGGER audit_log_no_delete ON audit_log;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
