-- +goose Up
-- The credit refresh gives up only the part of its batch a writer holds.
--
-- 00419 queued the refresh's whole batch (up to 2,000 agencies) at once
-- and gave it all up when one agency had a writer under way; the batch is
-- always the lowest pending ids, so one writer held open on a low id (a
-- long job batch, a session idle in its transaction) stopped the refresh
-- of every agency (a review reproduced it). Now the batch is queued and
-- built in parts of 100, each in a subtransaction of its own; a part a
-- writer holds goes back to credit_search_pending, and the other parts
-- are refreshed. taken counts only the parts refreshed, so the job ends
-- its run (a batch short of full) and takes the held part again a second
-- later.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_refresh_pending_credit(lim integer, OUT taken integer, OUT rebuilt integer)
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
    part bigint[];
    mine bigint[];
    waited text := current_setting('lock_timeout');
BEGIN
    taken := 0;
    rebuilt := 0;
    WITH batch AS (
        DELETE FROM credit_search_pending
        WHERE agency_id IN (SELECT agency_id FROM credit_search_pending ORDER BY agency_id LIMIT lim
                            FOR UPDATE SKIP LOCKED)
        RETURNING agency_id
    )
    SELECT coalesce(array_agg(agency_id ORDER BY agency_id), '{}') INTO ids FROM batch;
    IF cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    -- Parts of 100 (at most 20 subtransactions for a batch of 2,000, within
    -- PostgreSQL's per-transaction cache of 64): a writer under way holds
    -- back only its part, and the rest of the batch is refreshed.
    FOR i IN 0 .. (cardinality(ids) - 1) / 100 LOOP
        part := ids[i * 100 + 1 : i * 100 + 100];
        BEGIN
            -- Queue the part as the agencies' writers do, waiting at most
            -- a moment for a writer under way (see the header).
            PERFORM set_config('lock_timeout', '20ms', true);
            WITH q AS (
                INSERT INTO agency_search_queued (agency_id) SELECT unnest(part) ORDER BY 1
                ON CONFLICT DO NOTHING RETURNING agency_id
            )
            SELECT coalesce(array_agg(agency_id), '{}') INTO mine FROM q;
            PERFORM set_config('lock_timeout', waited, true);
            -- A statement of its own: its snapshot holds every writer of
            -- these agencies that committed before the queue rows were
            -- taken, and none can commit a change to them until this
            -- transaction does.
            rebuilt := rebuilt + search_refresh_agency_ids(ARRAY(
                SELECT s.agency_id FROM search_agencies s JOIN agency_profiles p ON p.account_id = s.agency_id
                WHERE s.agency_id IN (SELECT unnest(part))
                  AND (s.credit_grade, s.credit_score) IS DISTINCT FROM (p.credit_grade, p.credit_score)), true);
            -- Built: the rows queued here go before the commit, whose
            -- trigger then builds nothing twice (a row this transaction
            -- had queued itself stays, and is built at the commit).
            DELETE FROM agency_search_queued WHERE agency_id = ANY (mine);
            taken := taken + cardinality(part);
        EXCEPTION WHEN lock_not_available THEN
            -- A writer of one of the part's agencies was under way; its
            -- commit builds that agency's document. The part goes back to
            -- the pending set for the next run.
            INSERT INTO credit_search_pending (agency_id) SELECT unnest(part) ON CONFLICT DO NOTHING;
        END;
    END LOOP;
END;
$$;
-- +goose StatementEnd

-- +goose Down
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
