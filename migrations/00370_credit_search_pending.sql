-- +goose Up
-- Agency search documents after the full credit recompute.
--
-- An agency document costs ~1.5 ms to index (search_agency_doc: bigrams,
-- synonyms, four GIN indexes). The profile update trigger of 00041
-- rebuilt the document of every profile whose score changed inside the
-- recompute's one statement: minutes at 100k changed profiles. Now the
-- recompute sets search.defer_credit for its statement, the trigger leaves
-- score and grade changes alone while it is on, and the statement records
-- the ids it changed in credit_search_pending; the refresh_credit_search
-- job rebuilds those documents afterwards, a batch per transaction,
-- set-based. Inserts of accounts, profiles and agency items keep their
-- triggers of 00041 unchanged: nothing here runs on an insert.

-- Agencies whose score or grade the recompute changed and whose search
-- document has not been rebuilt since.
CREATE TABLE credit_search_pending (
    agency_id bigint PRIMARY KEY
);

-- search_refresh_agency_ids rebuilds the documents of the given agency
-- accounts (and removes those no longer agencies), as
-- search_refresh_agencies does for a range; with notify it also writes one
-- outbox row per changed document. The ids are joined (IN unnest), not
-- tested with = ANY, which would compare every account with every id.
-- +goose StatementBegin
CREATE FUNCTION search_refresh_agency_ids(ids bigint[], notify boolean) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE n integer;
BEGIN
    WITH gone AS (
        DELETE FROM search_agencies sa
        WHERE sa.agency_id IN (SELECT unnest(ids))
          AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = sa.agency_id AND a.role = 'agency')
        RETURNING sa.agency_id
    ), up AS (
        INSERT INTO search_agencies AS sa (agency_id, version, name, description, region, status, credit_grade,
               credit_score, item_codes, item_names, created_at)
        SELECT a.id, nextval('search_version_seq'), a.name, coalesce(ap.description, ''),
               coalesce(nullif(ap.region, ''), a.region), a.status, coalesce(ap.credit_grade, 'A'),
               coalesce(ap.credit_score, 100), coalesce(it.codes, '{}'), coalesce(it.names, ''), a.created_at
        FROM accounts a
        LEFT JOIN agency_profiles ap ON ap.account_id = a.id
        LEFT JOIN LATERAL (
            SELECT array_agg(ai.item_code ORDER BY ai.item_code) AS codes, string_agg(ci.name, ' ' ORDER BY ai.item_code) AS names
            FROM agency_items ai JOIN catalogue_items ci ON ci.code = ai.item_code
            WHERE ai.agency_id = a.id
        ) it ON true
        WHERE a.id IN (SELECT unnest(ids)) AND a.role = 'agency'
        ON CONFLICT (agency_id) DO UPDATE SET version = EXCLUDED.version, name = EXCLUDED.name,
               description = EXCLUDED.description, region = EXCLUDED.region, status = EXCLUDED.status,
               credit_grade = EXCLUDED.credit_grade, credit_score = EXCLUDED.credit_score,
               item_codes = EXCLUDED.item_codes, item_names = EXCLUDED.item_names
        RETURNING sa.agency_id, sa.version
    ), events AS (
        INSERT INTO outbox (topic, entity, entity_id, version)
        SELECT 'search', 'agency', agency_id, version FROM up WHERE notify
        UNION ALL
        SELECT 'search', 'agency', agency_id, nextval('search_version_seq') FROM gone WHERE notify
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM up) + (SELECT count(*) FROM gone) + 0 * (SELECT count(*) FROM events) INTO n;
    RETURN n;
END;
$$;
-- +goose StatementEnd

-- search_refresh_pending_credit takes up to lim ids off
-- credit_search_pending (lowest first; rows another transaction holds are
-- skipped) and rebuilds, in one statement, the documents among them whose
-- score or grade still differs from the profile's (a single credit event
-- since the recompute has already rebuilt its document). taken is how
-- many ids it took, rebuilt how many documents it rebuilt.
-- +goose StatementBegin
CREATE FUNCTION search_refresh_pending_credit(lim integer, OUT taken integer, OUT rebuilt integer)
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

-- The profile update trigger: as in 00041, except that changes of score
-- and grade alone are left to credit_search_pending while
-- search.defer_credit is on (set by the recompute for its statement). A
-- row trigger whose WHEN is false costs the recompute nothing.
DROP TRIGGER search_agency_profiles_upd ON agency_profiles;
CREATE TRIGGER search_agency_profiles_upd AFTER UPDATE ON agency_profiles
    FOR EACH ROW WHEN ((OLD.description, OLD.region) IS DISTINCT FROM (NEW.description, NEW.region)
                       OR ((OLD.credit_grade, OLD.credit_score) IS DISTINCT FROM (NEW.credit_grade, NEW.credit_score)
                           AND coalesce(current_setting('search.defer_credit', true), '') <> 'on'))
    EXECUTE FUNCTION search_agency_rows_trg();

-- +goose Down
DROP TRIGGER search_agency_profiles_upd ON agency_profiles;
CREATE TRIGGER search_agency_profiles_upd AFTER UPDATE ON agency_profiles
    FOR EACH ROW WHEN ((OLD.description, OLD.region, OLD.credit_grade, OLD.credit_score)
                       IS DISTINCT FROM (NEW.description, NEW.region, NEW.credit_grade, NEW.credit_score))
    EXECUTE FUNCTION search_agency_rows_trg();
DROP FUNCTION search_refresh_pending_credit, search_refresh_agency_ids;
DROP TABLE credit_search_pending;
