-- +goose Up
-- Agency search documents: the credit refresh leaves an agency whose
-- writer is under way, and a catalogue item's rename leaves its agencies
-- to that refresh.
--
-- The refresh of 00370 (restored by 00421) built its batch from one
-- snapshot. A profile edit or a credit event committed while it ran was
-- overwritten by the profile as it had been, until the agency's next
-- change. A rename built its agencies' documents on the spot, and an
-- agency's writer under way could write the old item name back the same
-- way. 00417, 00419 and 00420 made the refresh wait for such writers and
-- each deadlocked: the refresh waited while holding rows writers wanted.
--
-- Now no refresh waits. Every writer that queues an agency in
-- agency_search_queued also locks the agency's document FOR KEY SHARE
-- until its commit (a new agency has none yet: nothing to lock). The
-- refresh takes its batch's pending rows and documents FOR UPDATE SKIP
-- LOCKED, in a statement of its own, and takes off the pending set only
-- the agencies whose document it holds (or that have none). An agency a
-- writer holds stays pending for the next run; that writer's commit
-- builds it meanwhile. A writer that comes later waits for the refresh's
-- commit (FOR KEY SHARE against FOR UPDATE) and builds after it. The
-- builds run in a second statement, whose snapshot holds every writer
-- that committed before the documents were locked.
--
-- A rename no longer builds agency documents: it marks its agencies
-- pending with item_renamed, which the refresh rebuilds whatever their
-- score, after the rename's commit. Its projects' documents are rebuilt
-- in the renaming transaction as before (00416).

ALTER TABLE credit_search_pending ADD COLUMN item_renamed boolean NOT NULL DEFAULT false;
COMMENT ON TABLE credit_search_pending IS
    'agencies whose search document lags: a score the full recompute changed, or an item renamed (item_renamed)';

-- search_agency_queue queues an agency's document to be built at the
-- commit (00410) and, the first time in the transaction, locks the
-- document against the credit refresh until then.
-- +goose StatementBegin
CREATE FUNCTION search_agency_queue(aid bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO agency_search_queued (agency_id) VALUES (aid) ON CONFLICT DO NOTHING;
    IF FOUND THEN
        PERFORM 1 FROM search_agencies WHERE agency_id = aid FOR KEY SHARE;
    END IF;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_agency_rows_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE aid bigint;
BEGIN
    IF TG_TABLE_NAME = 'agency_profiles' THEN
        aid := CASE WHEN TG_OP = 'DELETE' THEN OLD.account_id ELSE NEW.account_id END;
    ELSE
        aid := CASE WHEN TG_OP = 'DELETE' THEN OLD.agency_id ELSE NEW.agency_id END;
    END IF;
    PERFORM search_agency_queue(aid);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_accounts_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE pid bigint;
BEGIN
    IF NEW.role = 'agency' OR (TG_OP = 'UPDATE' AND OLD.role = 'agency') THEN
        PERFORM search_agency_queue(NEW.id);
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.name IS DISTINCT FROM OLD.name THEN
        -- owner and awarded-agency names are part of project documents
        FOR pid IN SELECT id FROM projects WHERE owner_id = NEW.id OR awarded_agency_id = NEW.id LOOP
            PERFORM search_refresh_projects(pid, pid, true);
        END LOOP;
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- The rename marks its agencies in ascending order, as the recompute does
-- (queries/credit_recompute.sql), so that the two never wait for each
-- other's pending rows in opposite orders.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_items_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE x bigint;
BEGIN
    FOR x IN SELECT id FROM projects WHERE item_code = NEW.code AND status <> 'draft' LOOP
        PERFORM search_refresh_projects(x, x, true);
    END LOOP;
    INSERT INTO credit_search_pending (agency_id, item_renamed)
    SELECT DISTINCT agency_id, true FROM agency_items WHERE item_code = NEW.code ORDER BY agency_id
    ON CONFLICT (agency_id) DO UPDATE SET item_renamed = true;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- search_refresh_pending_credit: taken counts the agencies taken off the
-- pending set (those a writer or another refresh holds stay, and are not
-- counted); rebuilt, the documents rebuilt: those renamed, and those
-- whose score or grade still differs from the profile's.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_refresh_pending_credit(lim integer, OUT taken integer, OUT rebuilt integer)
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
    renamed bigint[];
BEGIN
    WITH batch AS MATERIALIZED (
        SELECT agency_id FROM credit_search_pending ORDER BY agency_id LIMIT lim FOR UPDATE SKIP LOCKED
    ), held AS MATERIALIZED (
        SELECT s.agency_id FROM search_agencies s
        WHERE s.agency_id IN (SELECT agency_id FROM batch)
        ORDER BY s.agency_id FOR UPDATE SKIP LOCKED
    ), off AS (
        DELETE FROM credit_search_pending c
        WHERE c.agency_id IN (SELECT agency_id FROM batch)
          AND (c.agency_id IN (SELECT agency_id FROM held)
               OR NOT EXISTS (SELECT 1 FROM search_agencies s WHERE s.agency_id = c.agency_id))
        RETURNING c.agency_id, c.item_renamed
    )
    SELECT coalesce(array_agg(agency_id), '{}'), coalesce(array_agg(agency_id) FILTER (WHERE item_renamed), '{}')
    INTO ids, renamed FROM off;
    taken := cardinality(ids);
    rebuilt := 0;
    IF taken > 0 THEN
        -- A statement of its own: see the header.
        rebuilt := search_refresh_agency_ids(ARRAY(
            SELECT s.agency_id FROM search_agencies s JOIN agency_profiles p ON p.account_id = s.agency_id
            WHERE s.agency_id IN (SELECT unnest(ids))
              AND (s.agency_id = ANY (renamed)
                   OR (s.credit_grade, s.credit_score) IS DISTINCT FROM (p.credit_grade, p.credit_score))), true);
    END IF;
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_refresh_pending_credit(lim integer, OUT taken integer, OUT rebuilt integer)
LANGUAGE plpgsql AS $$
DECLARE ids bigint[];
BEGIN
    WITH batch AS (
        DELETE FROM credit_search_pending
        WHERE agency_id IN (SELECT agency_id FROM credit_search_pending ORDER BY agency_id LIMIT lim
                            FOR UPDATE SKIP LOCKED)
        RETURNING agency_id
    )
    SELECT coalesce(array_agg(agency_id), '{}') INTO ids FROM batch;
    taken := cardinality(ids);
    rebuilt := 0;
    IF taken > 0 THEN
        rebuilt := search_refresh_agency_ids(ARRAY(
            SELECT s.agency_id FROM search_agencies s JOIN agency_profiles p ON p.account_id = s.agency_id
            WHERE s.agency_id IN (SELECT unnest(ids))
              AND (s.credit_grade, s.credit_score) IS DISTINCT FROM (p.credit_grade, p.credit_score)), true);
    END IF;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_items_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE x bigint;
BEGIN
    FOR x IN SELECT id FROM projects WHERE item_code = NEW.code AND status <> 'draft' LOOP
        PERFORM search_refresh_projects(x, x, true);
    END LOOP;
    FOR x IN SELECT agency_id FROM agency_items WHERE item_code = NEW.code LOOP
        PERFORM search_refresh_agencies(x, x, true);
    END LOOP;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_accounts_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE pid bigint;
BEGIN
    IF NEW.role = 'agency' OR (TG_OP = 'UPDATE' AND OLD.role = 'agency') THEN
        INSERT INTO agency_search_queued (agency_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.name IS DISTINCT FROM OLD.name THEN
        FOR pid IN SELECT id FROM projects WHERE owner_id = NEW.id OR awarded_agency_id = NEW.id LOOP
            PERFORM search_refresh_projects(pid, pid, true);
        END LOOP;
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_agency_rows_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE aid bigint;
BEGIN
    IF TG_TABLE_NAME = 'agency_profiles' THEN
        aid := CASE WHEN TG_OP = 'DELETE' THEN OLD.account_id ELSE NEW.account_id END;
    ELSE
        aid := CASE WHEN TG_OP = 'DELETE' THEN OLD.agency_id ELSE NEW.agency_id END;
    END IF;
    INSERT INTO agency_search_queued (agency_id) VALUES (aid) ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

DROP FUNCTION search_agency_queue;
ALTER TABLE credit_search_pending DROP COLUMN item_renamed;
COMMENT ON TABLE credit_search_pending IS NULL;
