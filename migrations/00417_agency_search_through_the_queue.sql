-- +goose Up
-- Agency search documents are written by one transaction at a time.
--
-- Since 00410 an agency's writers queue it in agency_search_queued and
-- build its document at their commit; the queue's primary key makes a
-- second writer wait for the first one's commit, so each builds from
-- what the one before committed. Two builders bypassed the queue and
-- built in a snapshot taken before another writer's commit, then, once
-- that writer's document was written, overwrote it with what they had
-- read:
-- * the refresh_credit_search job (search_refresh_pending_credit, 00370),
--   rebuilding the agencies a full recompute changed: a profile edited
--   or a credit event committed meanwhile was lost from the document;
-- * a catalogue item's rename (search_items_trg, 00041), rebuilding every
--   agency offering the item: an agency editing its profile meanwhile
--   got a document with the item's old name.
-- Both now go through the queue. The rename queues its agencies, built
-- at its commit like any writer's. The refresh queues its batch (waiting
-- for writers under way), builds the lagging documents in one set-based
-- statement as before, and takes its rows off the queue before its
-- commit; the commit trigger builds only agencies still queued.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_agency_at_commit_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM agency_search_queued WHERE agency_id = NEW.agency_id;
    -- Gone already: the credit refresh queued it only to hold writers
    -- back while it built the document itself.
    IF FOUND THEN
        PERFORM search_refresh_agencies(NEW.agency_id, NEW.agency_id, true);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

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
    SELECT coalesce(array_agg(agency_id ORDER BY agency_id), '{}') INTO ids FROM batch;
    taken := cardinality(ids);
    rebuilt := 0;
    IF taken > 0 THEN
        -- Queue the agencies as their writers do: this waits for a writer
        -- of one of them under way (the queue's key) and holds the next
        -- ones back until this commits. The build below is a statement of
        -- its own, so its snapshot holds what such a writer committed.
        INSERT INTO agency_search_queued (agency_id) SELECT unnest(ids) ORDER BY 1 ON CONFLICT DO NOTHING;
        rebuilt := search_refresh_agency_ids(ARRAY(
            SELECT s.agency_id FROM search_agencies s JOIN agency_profiles p ON p.account_id = s.agency_id
            WHERE s.agency_id IN (SELECT unnest(ids))
              AND (s.credit_grade, s.credit_score) IS DISTINCT FROM (p.credit_grade, p.credit_score)), true);
        -- Built already: the rows go before the commit, whose trigger then
        -- finds them gone and builds nothing twice.
        DELETE FROM agency_search_queued WHERE agency_id = ANY (ids);
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
    -- The agencies are queued, as their own writers queue them, and built
    -- at this transaction's commit (00410).
    INSERT INTO agency_search_queued (agency_id)
    SELECT DISTINCT agency_id FROM agency_items WHERE item_code = NEW.code ORDER BY 1 ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose Down
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
CREATE OR REPLACE FUNCTION search_agency_at_commit_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM agency_search_queued WHERE agency_id = NEW.agency_id;
    PERFORM search_refresh_agencies(NEW.agency_id, NEW.agency_id, true);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
