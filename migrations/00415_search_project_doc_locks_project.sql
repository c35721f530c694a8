-- +goose Up
-- A project's search document is built from the project as it stands
-- when the document is written.
--
-- search_refresh_projects read the project in its statement's snapshot
-- and then upserted the document. When another transaction was changing
-- the project meanwhile (the selection job publishing a result, say), the
-- upsert waited for that transaction's document, and once it committed
-- overwrote it with the project as it had been: a project in publicity
-- whose document still said evaluating, until its next change. The
-- refresh_project_search job met this whenever it rebuilt a closed
-- project's document while a lifecycle job moved the project on. Now the
-- function locks the projects it reads FOR SHARE, so it waits for such a
-- transaction first and then reads the project's committed row. A
-- transaction rebuilding its own change (the update triggers) already
-- holds the row; bids hold it FOR SHARE too and do not wait for each
-- other.
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

-- +goose Down
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
