-- +goose Up
-- 00419 and 00420 withdrawn: the credit refresh builds as in 00370.
--
-- They had the refresh queue its batch in agency_search_queued, waiting at
-- most 20 ms for a writer, so as not to overwrite a document an agency's
-- writer committed during the refresh's statement. A review reproduced
-- deadlocks all the same: with the batch queued in parts (00420), the
-- refresh waited on a writer while holding the parts already queued, and
-- a writer, or the full recompute through a writer, was aborted by the
-- deadlock check during that wait; 00419's one part held the batch's
-- pending rows the same way. A refresh that never waits while it holds
-- queue or pending rows is still to build; until then the rare overwrite
-- (until the agency's next change) is the lesser fault. The recompute's
-- lock on an agency already pending (queries/credit_recompute.sql) stays.
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

-- +goose Down
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
