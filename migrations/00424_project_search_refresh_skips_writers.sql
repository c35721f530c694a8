-- +goose Up
-- Project search documents: the refresh leaves a project its writer holds,
-- and renames go through the refresh.
--
-- An account's rename (a project's owner or awarded agency) and a
-- catalogue item's rename rebuilt their projects' documents on the spot,
-- without locking the projects (a lock would hold them from the close).
-- The refresh of just-closed projects (00416) locked its batch of
-- projects FOR SHARE, then built each document; a rename under way had
-- already rebuilt one of them, so the build waited for it and then
-- overwrote it with the old name, until the project's next change. A
-- rename's own build could overwrite a lifecycle change the same way.
--
-- Now the project documents follow the agency documents' protocol
-- (00422, 00423). A writer whose trigger rebuilds a project's document
-- first locks that document FOR KEY SHARE, in a statement of its own, and
-- builds in the next, whose snapshot holds whatever it waited for. A
-- rename marks its projects in project_search_renamed instead of building
-- them. The refresh takes a batch of pending rows, the projects a close
-- left (project_search_pending) first, then those a rename left, and
-- their documents, all FOR UPDATE SKIP LOCKED, takes off only the pending
-- rows whose document it holds (or that have none), and builds only the
-- documents it holds, after the locks. It waits for nothing, not even the
-- projects, so it never holds a project from the close; a project whose
-- writer is under way stays pending for the next run. The renames have a
-- table of their own so that a rename and a close never queue the same
-- pending row: each project closes once, a rename marks many at a time.

-- Projects whose document names an owner, an awarded agency or an item
-- by a name changed since the document was built.
CREATE TABLE project_search_renamed (
    project_id bigint PRIMARY KEY
);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_projects_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        -- the document went with the row (ON DELETE CASCADE); announce it
        INSERT INTO outbox (topic, entity, entity_id, version)
        VALUES ('search', 'project', OLD.id, nextval('search_version_seq'));
        RETURN OLD;
    END IF;
    -- Wait here for a refresh that holds the document; the build below is
    -- a statement of its own, whose snapshot holds what the refresh read.
    PERFORM 1 FROM search_projects WHERE project_id = NEW.id FOR KEY SHARE;
    PERFORM search_refresh_projects(NEW.id, NEW.id, true);
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- search_mark_projects_renamed marks the projects of ids for the refresh.
-- DO UPDATE (of nothing) locks a row already there, so that a refresh
-- leaves it until this commits; in ascending order, as every marker does.
-- +goose StatementBegin
CREATE FUNCTION search_mark_projects_renamed(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO project_search_renamed (project_id) SELECT unnest(ids) ORDER BY 1
    ON CONFLICT (project_id) DO UPDATE SET project_id = EXCLUDED.project_id;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_accounts_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.role = 'agency' OR (TG_OP = 'UPDATE' AND OLD.role = 'agency') THEN
        PERFORM search_agency_queue(NEW.id);
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.name IS DISTINCT FROM OLD.name THEN
        -- owner and awarded-agency names are part of project documents
        PERFORM search_mark_projects_renamed(ARRAY(
            SELECT id FROM projects WHERE (owner_id = NEW.id OR awarded_agency_id = NEW.id) AND status <> 'draft'));
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_items_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_mark_projects_renamed(ARRAY(
        SELECT id FROM projects WHERE item_code = NEW.code AND status <> 'draft'));
    INSERT INTO credit_search_pending (agency_id, item_renamed)
    SELECT DISTINCT agency_id, true FROM agency_items WHERE item_code = NEW.code ORDER BY agency_id
    ON CONFLICT (agency_id) DO UPDATE SET item_renamed = true;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- search_refresh_pending_projects: taken counts the pending rows taken
-- off both tables (at most lim in all); rebuilt, the documents rebuilt or
-- removed.
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
    -- Statements of their own, after the locks: see the header.
    FOREACH pid IN ARRAY held LOOP
        rebuilt := rebuilt + search_refresh_projects(pid, pid, true);
    END LOOP;
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_refresh_pending_projects(lim integer, OUT taken integer, OUT rebuilt integer)
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
    pid bigint;
BEGIN
    WITH batch AS (
        DELETE FROM project_search_pending
        WHERE project_id IN (SELECT project_id FROM project_search_pending ORDER BY project_id LIMIT lim
                             FOR UPDATE SKIP LOCKED)
        RETURNING project_id
    )
    SELECT coalesce(array_agg(project_id ORDER BY project_id), '{}') INTO ids FROM batch;
    taken := cardinality(ids);
    rebuilt := 0;
    PERFORM 1 FROM projects WHERE id = ANY (ids) ORDER BY id FOR SHARE;
    FOREACH pid IN ARRAY ids LOOP
        rebuilt := rebuilt + search_refresh_projects(pid, pid, true);
    END LOOP;
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
    INSERT INTO credit_search_pending (agency_id, item_renamed)
    SELECT DISTINCT agency_id, true FROM agency_items WHERE item_code = NEW.code ORDER BY agency_id
    ON CONFLICT (agency_id) DO UPDATE SET item_renamed = true;
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
        FOR pid IN SELECT id FROM projects WHERE owner_id = NEW.id OR awarded_agency_id = NEW.id LOOP
            PERFORM search_refresh_projects(pid, pid, true);
        END LOOP;
    END IF;
    RETURN NEW;
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
    PERFORM search_refresh_projects(NEW.id, NEW.id, true);
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

DROP FUNCTION search_mark_projects_renamed;
DROP TABLE project_search_renamed;
