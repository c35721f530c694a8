-- +goose Up
-- The credit refresh builds only the documents it locked.
--
-- 00422's refresh took off the pending set an agency with no search
-- document as well as those whose document it locked, and then built
-- every agency it took off that had a document in the second
-- statement's snapshot. A document committed in between (an account
-- turned back into an agency, its writer building it at the commit) was
-- then built without the lock: the build could wait for that writer and
-- overwrite its document with an older snapshot, leaving nothing pending.
-- A review reproduced it by changing an account's role, which nothing in
-- the product does; the refresh now builds only what it holds, and an
-- agency without a document is left to the writer that creates one.
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

-- +goose Down
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
        rebuilt := search_refresh_agency_ids(ARRAY(
            SELECT s.agency_id FROM search_agencies s JOIN agency_profiles p ON p.account_id = s.agency_id
            WHERE s.agency_id IN (SELECT unnest(ids))
              AND (s.agency_id = ANY (renamed)
                   OR (s.credit_grade, s.credit_score) IS DISTINCT FROM (p.credit_grade, p.credit_score))), true);
    END IF;
END;
$$;
-- +goose StatementEnd
