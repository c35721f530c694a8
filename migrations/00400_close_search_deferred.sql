-- +goose Up
-- Search documents of the projects a close moves out of bidding.
--
-- A project's search document costs milliseconds to index (the status is
-- a token of search_project_doc: tokens, synonyms, four GIN indexes), and
-- the update trigger of 00041 rebuilt it inside the close's statement,
-- one project after another, while the close held the rows that bids
-- wait on: with 1,000 projects closing in one minute under bid load, the
-- close's UPDATE took 0.4–1.1 s for 16 projects, and closes came 2–3 s
-- after their deadline. Now the close sets search.defer_close for its
-- transaction and a move from bidding to evaluating or failed made then
-- only records the project in project_search_pending; the
-- refresh_project_search job rebuilds those documents a moment later, a
-- batch per transaction. Every other change of a project keeps the
-- trigger of 00041 unchanged.

-- Projects whose close has not reached their search document yet.
CREATE TABLE project_search_pending (
    project_id bigint PRIMARY KEY
);

-- +goose StatementBegin
CREATE FUNCTION search_defer_project_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO project_search_pending (project_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- search_refresh_pending_projects takes up to lim ids off
-- project_search_pending (lowest first; rows another transaction holds
-- are skipped) and rebuilds their documents as search_refresh_projects
-- does, with their outbox rows. taken is how many ids it took, rebuilt how
-- many documents it rebuilt or removed.
-- +goose StatementBegin
CREATE FUNCTION search_refresh_pending_projects(lim integer, OUT taken integer, OUT rebuilt integer)
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

DROP TRIGGER search_projects_upd ON projects;
CREATE TRIGGER search_projects_upd AFTER UPDATE ON projects
    FOR EACH ROW WHEN ((OLD.title, OLD.description, OLD.item_code, OLD.region, OLD.funding, OLD.status, OLD.owner_id,
                        OLD.closes_at, OLD.published_at, OLD.awarded_agency_id)
                       IS DISTINCT FROM (NEW.title, NEW.description, NEW.item_code, NEW.region, NEW.funding, NEW.status,
                        NEW.owner_id, NEW.closes_at, NEW.published_at, NEW.awarded_agency_id)
                       AND NOT (OLD.status = 'bidding' AND NEW.status IN ('evaluating', 'failed')
                                AND coalesce(current_setting('search.defer_close', true), '') = 'on'))
    EXECUTE FUNCTION search_projects_trg();
CREATE TRIGGER search_projects_close_deferred AFTER UPDATE ON projects
    FOR EACH ROW WHEN (OLD.status = 'bidding' AND NEW.status IN ('evaluating', 'failed')
                       AND coalesce(current_setting('search.defer_close', true), '') = 'on')
    EXECUTE FUNCTION search_defer_project_trg();

-- +goose Down
DROP TRIGGER search_projects_close_deferred ON projects;
DROP TRIGGER search_projects_upd ON projects;
CREATE TRIGGER search_projects_upd AFTER UPDATE ON projects
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.description IS DISTINCT FROM NEW.description
        OR OLD.item_code IS DISTINCT FROM NEW.item_code OR OLD.region IS DISTINCT FROM NEW.region
        OR OLD.funding IS DISTINCT FROM NEW.funding OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.owner_id IS DISTINCT FROM NEW.owner_id OR OLD.closes_at IS DISTINCT FROM NEW.closes_at
        OR OLD.published_at IS DISTINCT FROM NEW.published_at OR OLD.awarded_agency_id IS DISTINCT FROM NEW.awarded_agency_id)
    EXECUTE FUNCTION search_projects_trg();
DROP FUNCTION search_refresh_pending_projects, search_defer_project_trg;
DROP TABLE project_search_pending;
