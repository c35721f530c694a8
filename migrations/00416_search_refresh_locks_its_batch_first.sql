-- +goose Up
-- The project search refresh locks its projects in a statement of its own.
--
-- 00415 locked the projects FOR SHARE inside search_refresh_projects'
-- own statement. When that lock had to wait for a change, PostgreSQL
-- re-read the changed project row but kept the statement's snapshot of
-- the rows joined to it: a project moved to publicity together with its
-- awarded agency got a document naming publicity and no awarded agency,
-- for the whole publicity period. It also made every caller of the
-- function lock projects, a catalogue item's rename among them, which
-- holds all the item's projects until it commits; closes skip a locked
-- project and would have come late. Now search_refresh_projects is
-- 00041's again, and search_refresh_pending_projects (the
-- refresh_project_search job, projects that closed a moment ago) locks
-- its batch FOR SHARE in one statement first, in ascending ID order, and
-- only then builds each document, in statements whose snapshots hold
-- the change it waited for.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_refresh_projects(lo bigint, hi bigint, notify boolean) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE n integer;
BEGIN
    WITH gone AS (
        DELETE FROM search_projects sp
        WHERE sp.project_id BETWEEN lo AND hi
          AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = sp.project_id AND p.status <> 'draft')
        RETURNING sp.project_id
    ), up AS (
        INSERT INTO search_projects AS sp (project_id, version, title, description, item_code, item_name, region,
               funding, status, owner_name, awarded_name, closes_at, published_at)
        SELECT p.id, nextval('search_version_seq'), p.title, p.description, p.item_code, ci.name, p.region,
               p.funding, p.status, o.name, coalesce(aw.name, ''), p.closes_at, p.published_at
        FROM projects p
        JOIN catalogue_items ci ON ci.code = p.item_code
        JOIN accounts o ON o.id = p.owner_id
        LEFT JOIN accounts aw ON aw.id = p.awarded_agency_id
        WHERE p.id BETWEEN lo AND hi AND p.status <> 'draft'
        ON CONFLICT (project_id) DO UPDATE SET version = EXCLUDED.version, title = EXCLUDED.title,
               description = EXCLUDED.description, item_code = EXCLUDED.item_code, item_name = EXCLUDED.item_name,
               region = EXCLUDED.region, funding = EXCLUDED.funding, status = EXCLUDED.status,
               owner_name = EXCLUDED.owner_name, awarded_name = EXCLUDED.awarded_name,
               closes_at = EXCLUDED.closes_at, published_at = EXCLUDED.published_at
        RETURNING sp.project_id, sp.version
    ), events AS (
        INSERT INTO outbox (topic, entity, entity_id, version)
        SELECT 'search', 'project', project_id, version FROM up WHERE notify
        UNION ALL
        SELECT 'search', 'project', project_id, nextval('search_version_seq') FROM gone WHERE notify
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM up) + (SELECT count(*) FROM gone) + 0 * (SELECT count(*) FROM events) INTO n;
    RETURN n;
END;
$$;
-- +goose StatementEnd

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
    -- Wait for any change of these projects under way, in ascending ID
    -- order; the builds below are statements of their own, whose
    -- snapshots then hold those changes.
    PERFORM 1 FROM projects WHERE id = ANY (ids) ORDER BY id FOR SHARE;
    FOREACH pid IN ARRAY ids LOOP
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
    FOREACH pid IN ARRAY ids LOOP
        rebuilt := rebuilt + search_refresh_projects(pid, pid, true);
    END LOOP;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_refresh_projects(lo bigint, hi bigint, notify boolean) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE n integer;
BEGIN
    WITH gone AS (
        DELETE FROM search_projects sp
        WHERE sp.project_id BETWEEN lo AND hi
          AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = sp.project_id AND p.status <> 'draft')
        RETURNING sp.project_id
    ), up AS (
        INSERT INTO search_projects AS sp (project_id, version, title, description, item_code, item_name, region,
               funding, status, owner_name, awarded_name, closes_at, published_at)
        SELECT p.id, nextval('search_version_seq'), p.title, p.description, p.item_code, ci.name, p.region,
               p.funding, p.status, o.name, coalesce(aw.name, ''), p.closes_at, p.published_at
        FROM projects p
        JOIN catalogue_items ci ON ci.code = p.item_code
        JOIN accounts o ON o.id = p.owner_id
        LEFT JOIN accounts aw ON aw.id = p.awarded_agency_id
        WHERE p.id BETWEEN lo AND hi AND p.status <> 'draft'
        FOR SHARE OF p
        ON CONFLICT (project_id) DO UPDATE SET version = EXCLUDED.version, title = EXCLUDED.title,
               description = EXCLUDED.description, item_code = EXCLUDED.item_code, item_name = EXCLUDED.item_name,
               region = EXCLUDED.region, funding = EXCLUDED.funding, status = EXCLUDED.status,
               owner_name = EXCLUDED.owner_name, awarded_name = EXCLUDED.awarded_name,
               closes_at = EXCLUDED.closes_at, published_at = EXCLUDED.published_at
        RETURNING sp.project_id, sp.version
    ), events AS (
        INSERT INTO outbox (topic, entity, entity_id, version)
        SELECT 'search', 'project', project_id, version FROM up WHERE notify
        UNION ALL
        SELECT 'search', 'project', project_id, nextval('search_version_seq') FROM gone WHERE notify
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM up) + (SELECT count(*) FROM gone) + 0 * (SELECT count(*) FROM events) INTO n;
    RETURN n;
END;
$$;
-- +goose StatementEnd
