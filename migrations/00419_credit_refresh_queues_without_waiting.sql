-- +goose Up
-- The credit refresh queues its batch without waiting for a writer.
--
-- refresh_credit_search (search_refresh_pending_credit, 00370) read the
-- profiles of its batch of agencies in one statement and upserted their
-- documents: an agency whose profile edit or credit event committed while
-- that statement ran, its document built at its commit (00410), had that
-- document overwritten with the profile as it had been, until its next
-- change. 00417 made the refresh queue its batch in agency_search_queued,
-- as writers do, so that it waited for such a writer; but it waited while
-- holding the queue rows of the batch's lower agencies, and a writer that
-- queues several agencies in another order (a lifecycle batch recording
-- credit events, the lifting of suspensions) deadlocked with it (00418
-- withdrew it). Now the refresh waits at most 20 ms for a writer; then it
-- gives the batch up, every change of the attempt undone (the batch
-- back in credit_search_pending), and the next run takes it again. No
-- deadlock can form: the refresh stops waiting long before the deadlock
-- check (1 s), and releases what it queued. Once the batch is queued,
-- the documents are built set-based as before, and its queue rows go
-- before the commit, whose trigger builds only agencies still queued.
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
DECLARE
    ids bigint[];
    mine bigint[];
    waited text := current_setting('lock_timeout');
BEGIN
    taken := 0;
    rebuilt := 0;
    BEGIN
        WITH batch AS (
            DELETE FROM credit_search_pending
            WHERE agency_id IN (SELECT agency_id FROM credit_search_pending ORDER BY agency_id LIMIT lim
                                FOR UPDATE SKIP LOCKED)
            RETURNING agency_id
        )
        SELECT coalesce(array_agg(agency_id ORDER BY agency_id), '{}') INTO ids FROM batch;
        IF cardinality(ids) > 0 THEN
            -- Queue the batch as the agencies' writers do. A writer under
            -- way holds its agency's row: the insert waits for it at most
            -- a moment, then the batch gives up (below) rather than wait
            -- while that writer may be waiting for a row queued here.
            PERFORM set_config('lock_timeout', '20ms', true);
            WITH q AS (
                INSERT INTO agency_search_queued (agency_id) SELECT unnest(ids) ORDER BY 1
                ON CONFLICT DO NOTHING RETURNING agency_id
            )
            SELECT coalesce(array_agg(agency_id), '{}') INTO mine FROM q;
            PERFORM set_config('lock_timeout', waited, true);
            -- A statement of its own: its snapshot holds every writer of
            -- these agencies that committed before the queue rows were
            -- taken, and no writer can commit a change to them until this
            -- transaction does.
            rebuilt := search_refresh_agency_ids(ARRAY(
                SELECT s.agency_id FROM search_agencies s JOIN agency_profiles p ON p.account_id = s.agency_id
                WHERE s.agency_id IN (SELECT unnest(ids))
                  AND (s.credit_grade, s.credit_score) IS DISTINCT FROM (p.credit_grade, p.credit_score)), true);
            -- Built: the rows queued here go before the commit, whose
            -- trigger then builds nothing twice (a row this transaction
            -- had queued itself stays, and is built at the commit).
            DELETE FROM agency_search_queued WHERE agency_id = ANY (mine);
        END IF;
        taken := cardinality(ids);
    EXCEPTION WHEN lock_not_available THEN
        -- A writer of one of the batch's agencies was under way. Its
        -- commit builds that agency's document; the whole batch stays
        -- pending (this block's changes are undone) for the next run.
        taken := 0;
        rebuilt := 0;
    END;
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
CREATE OR REPLACE FUNCTION search_agency_at_commit_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM agency_search_queued WHERE agency_id = NEW.agency_id;
    PERFORM search_refresh_agencies(NEW.agency_id, NEW.agency_id, true);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
