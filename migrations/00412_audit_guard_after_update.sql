-- +goose Up
-- The audit log's append-only guard on UPDATE runs after the row, and only
-- when the update is one it forbids (docs/performance.md, "2026-12-07: what
-- PostgreSQL does per sealed bid, and what was trimmed"). The rule is
-- unchanged; what changes is what sealing a row costs.
--
-- The guard was a BEFORE ROW trigger. PostgreSQL locks the old row version
-- before calling one (a Heap/LOCK WAL record) and then runs the PL/pgSQL
-- function, so sealing each of a bid's two audit rows paid both only to be
-- let through. It is now an AFTER ROW trigger whose WHEN is the guard's
-- own condition: a seal never queues it, and an update the guard forbids
-- still raises and aborts its statement, as before. DELETE keeps a BEFORE
-- trigger of its own (audit_log_no_delete), TRUNCATE its statement trigger.
-- Measured on one batch of 172 rows: 1,016 WAL records and 108 KB before,
-- 844 and 99 KB after; 14.1 ms before, 6.5 ms after (medians of 12).
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

-- +goose Down
DROP TRIGGER audit_log_no_update ON audit_log;
DROP TRIGGER audit_log_no_delete ON audit_log;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
