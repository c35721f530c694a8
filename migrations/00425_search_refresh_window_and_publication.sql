-- +goose Up
-- Search documents: a publication ordered with an item's rename, and
-- refreshes whose batch is never used up by documents they must leave.
--
-- A review of 00424 found two faults (the second also in the agency
-- refresh of 00422 and 00423).
--
-- 1. A project published while its item is renamed could keep the old
--    item name with nothing pending. The rename marks the item's
--    projects from its own snapshot, which does not hold the publication
--    under way, and the publication builds the document from a snapshot
--    without the rename. The rename (catalogue.Service.Update) locks the
--    item FOR UPDATE before it changes the name; the publication now locks
--    it FOR KEY SHARE before it builds, so one waits for the other's
--    commit: either the rename then sees the project and marks it, or the
--    publication's build reads the new name. A project's other changes
--    either keep it out of a rename's reach (a draft) or check the item's
--    foreign key, which takes the same lock.
--
-- 2. Each refresh took the lowest pending rows first and only then the
--    documents it could lock: writers holding the documents of the
--    lowest batch's rows (200 projects, 500 agencies) made every run take
--    nothing, and the rows behind them waited. Both now take pending rows
--    together with their documents, both SKIP LOCKED, so the rows they
--    must leave do not count against the batch. Pending rows with no
--    document (a project deleted since; an account that is not an agency)
--    are cleared in a second statement from what is left of the batch.

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_projects_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        -- the document went with the row (ON DELETE CASCADE); announce it
        INSERT INTO outbox (topic, entity, entity_id, version)
        VALUES ('search', 'project', OLD.id, nextval('search_version_seq'));
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = 'draft' AND NEW.status <> 'draft' THEN
        -- A publication: ordered with a rename of the item (see the header).
        PERFORM 1 FROM catalogue_items WHERE code = NEW.item_code FOR KEY SHARE;
    END IF;
    -- Wait here for a refresh that holds the document; the build below is
    -- a statement of its own, whose snapshot holds what the refresh read.
    PERFORM 1 FROM search_projects WHERE project_id = NEW.id FOR KEY SHARE;
    PERFORM search_refresh_projects(NEW.id, NEW.id, true);
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_refresh_pending_projects(lim integer, OUT taken integer, OUT rebuilt integer)
LANGUAGE plpgsql AS $$
DECLARE
    closed bigint[];
    renamed bigint[];
    held bigint[];
    n integer;
    pid bigint;
BEGIN
    closed := ARRAY(SELECT p.project_id FROM project_search_pending p JOIN search_projects s ON s.project_id = p.project_id
                    ORDER BY p.project_id LIMIT lim FOR UPDATE OF p, s SKIP LOCKED);
    renamed := ARRAY(SELECT r.project_id FROM project_search_renamed r JOIN search_projects s ON s.project_id = r.project_id
                     ORDER BY r.project_id LIMIT lim - cardinality(closed) FOR UPDATE OF r, s SKIP LOCKED);
    held := closed || renamed;
    -- Each table's rows by what was taken of it: a row not locked above
    -- may be a rename's under way, which a DELETE here would wait for.
    DELETE FROM project_search_pending WHERE project_id = ANY (closed);
    GET DIAGNOSTICS taken = ROW_COUNT;
    DELETE FROM project_search_renamed WHERE project_id = ANY (renamed);
    GET DIAGNOSTICS n = ROW_COUNT;
    taken := taken + n;
    -- Rows whose project has no document: nothing to build (a writer that
    -- makes one builds it), taken off within what is left of the batch.
    DELETE FROM project_search_pending c
    WHERE c.project_id IN (SELECT project_id FROM project_search_pending ORDER BY project_id
                           LIMIT greatest(lim - taken, 0) FOR UPDATE SKIP LOCKED)
      AND NOT EXISTS (SELECT 1 FROM search_projects s WHERE s.project_id = c.project_id);
    GET DIAGNOSTICS n = ROW_COUNT;
    taken := taken + n;
    DELETE FROM project_search_renamed c
    WHERE c.project_id IN (SELECT project_id FROM project_search_renamed ORDER BY project_id
                           LIMIT greatest(lim - taken, 0) FOR UPDATE SKIP LOCKED)
      AND NOT EXISTS (SELECT 1 FROM search_projects s WHERE s.project_id = c.project_id);
    GET DIAGNOSTICS n = ROW_COUNT;
    taken := taken + n;
    rebuilt := 0;
    -- Statements of their own, after the locks (00424's header).
    FOREACH pid IN ARRAY ARRAY(SELECT DISTINCT unnest(held) ORDER BY 1) LOOP
        rebuilt := rebuilt + search_refresh_projects(pid, pid, true);
    END LOOP;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_refresh_pending_credit(lim integer, OUT taken integer, OUT rebuilt integer)
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
    renamed bigint[];
    n integer;
BEGIN
    SELECT coalesce(array_agg(agency_id), '{}'), coalesce(array_agg(agency_id) FILTER (WHERE item_renamed), '{}')
    INTO ids, renamed
    FROM (SELECT c.agency_id, c.item_renamed FROM credit_search_pending c JOIN search_agencies s ON s.agency_id = c.agency_id
          ORDER BY c.agency_id LIMIT lim FOR UPDATE OF c, s SKIP LOCKED) batch;
    DELETE FROM credit_search_pending WHERE agency_id = ANY (ids);
    GET DIAGNOSTICS taken = ROW_COUNT;
    DELETE FROM credit_search_pending c
    WHERE c.agency_id IN (SELECT agency_id FROM credit_search_pending ORDER BY agency_id
                          LIMIT greatest(lim - taken, 0) FOR UPDATE SKIP LOCKED)
      AND NOT EXISTS (SELECT 1 FROM search_agencies s WHERE s.agency_id = c.agency_id);
    GET DIAGNOSTICS n = ROW_COUNT;
    taken := taken + n;
    rebuilt := 0;
    IF cardinality(ids) > 0 THEN
        -- A statement of its own, after the locks (00422's header).
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
CREATE OR REPLACE FUNCTION search_refresh_pending_projects(lim integer, OUT taken integer, OUT rebuilt integer)
LANGUAGE plpgsql AS $$
DECLARE
    closed bigint[];
    renamed bigint[];
    held bigint[];
    n integer;
    pid bigint;
BEGIN
    closed := ARRAY(SELECT project_id FROM project_search_pending ORDER BY project_id LIMIT lim FOR UPDATE SKIP LOCKED);
    renamed := ARRAY(SELECT project_id FROM project_search_renamed ORDER BY project_id
                     LIMIT lim - cardinality(closed) FOR UPDATE SKIP LOCKED);
    held := ARRAY(SELECT project_id FROM search_projects WHERE project_id = ANY (closed || renamed)
                  ORDER BY project_id FOR UPDATE SKIP LOCKED);
    DELETE FROM project_search_pending c WHERE c.project_id = ANY (closed)
        AND (c.project_id = ANY (held) OR NOT EXISTS (SELECT 1 FROM search_projects s WHERE s.project_id = c.project_id));
    GET DIAGNOSTICS taken = ROW_COUNT;
    DELETE FROM project_search_renamed c WHERE c.project_id = ANY (renamed)
        AND (c.project_id = ANY (held) OR NOT EXISTS (SELECT 1 FROM search_projects s WHERE s.project_id = c.project_id));
    GET DIAGNOSTICS n = ROW_COUNT;
    taken := taken + n;
    rebuilt := 0;
    FOREACH pid IN ARRAY held LOOP
        rebuilt := rebuilt + search_refresh_projects(pid, pid, true);
    END LOOP;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_projects_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO outbox (topic, entity, entity_id, version)
        VALUES ('search', 'project', OLD.id, nextval('search_version_seq'));
        RETURN OLD;
    END IF;
    PERFORM 1 FROM search_projects WHERE project_id = NEW.id FOR KEY SHARE;
    PERFORM search_refresh_projects(NEW.id, NEW.id, true);
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

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
        RETURNING c.agency_id, c.item_renamed, c.agency_id IN (SELECT agency_id FROM held) AS locked
    )
    SELECT count(*), coalesce(array_agg(agency_id) FILTER (WHERE locked), '{}'),
           coalesce(array_agg(agency_id) FILTER (WHERE locked AND item_renamed), '{}')
    INTO taken, ids, renamed FROM off;
    rebuilt := 0;
    IF cardinality(ids) > 0 THEN
        -- A statement of its own (00422's header).
        rebuilt := search_refresh_agency_ids(ARRAY(
            SELECT s.agency_id FROM search_agencies s JOIN agency_profiles p ON p.account_id = s.agency_id
            WHERE s.agency_id IN (SELECT unnest(ids))
              AND (s.agency_id = ANY (renamed)
                   OR (s.credit_grade, s.credit_score) IS DISTINCT FROM (p.credit_grade, p.credit_score))), true);
    END IF;
END;
$$;
-- +goose StatementEnd
