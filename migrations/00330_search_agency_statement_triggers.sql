-- +goose Up
-- Agency search documents and bulk writes to agencies.
--
-- The row triggers of 00041 rebuilt one document (and queued one outbox
-- row) per changed row, each a separate run of search_refresh_agencies,
-- and a document costs ~1.5 ms to index: a full credit recompute that
-- changes 100k profiles took minutes instead of seconds, and a bulk insert
-- of agencies paid the same. Now the recompute leaves score and grade
-- changes to a batched refresh after it (search.defer_credit below), and
-- inserts rebuild their documents per statement (transition tables), with
-- the same documents and the same outbox rows as before.

-- search_refresh_agency_ids rebuilds the documents of the given agency
-- accounts (and removes those no longer agencies); with notify it also
-- writes one outbox row per changed document. The one definition of an
-- agency document: search_refresh_agencies (a range) calls it. The ids are
-- joined (IN unnest), not tested with = ANY, which would compare every
-- account with every id.
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

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_refresh_agencies(lo bigint, hi bigint, notify boolean) RETURNS integer
LANGUAGE sql AS $$
    SELECT search_refresh_agency_ids(ARRAY(
        SELECT id FROM accounts WHERE id BETWEEN lo AND hi AND role = 'agency'
        UNION
        SELECT agency_id FROM search_agencies WHERE agency_id BETWEEN lo AND hi), notify)
$$;
-- +goose StatementEnd

-- Inserted profiles and agency accounts: one rebuild per statement.
-- +goose StatementBegin
CREATE FUNCTION search_agency_inserted_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'agency_profiles' THEN
        PERFORM search_refresh_agency_ids(ARRAY(SELECT account_id FROM new_rows), true);
    ELSE
        PERFORM search_refresh_agency_ids(ARRAY(SELECT id FROM new_rows WHERE role = 'agency'), true);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- Updated profiles keep a row trigger, now also silent while
-- search.defer_credit is on for changes of score and grade alone. A
-- document costs ~1.5 ms to index (search_agency_doc: bigrams, synonyms,
-- four GIN indexes), so the full credit recompute, which may change every
-- profile, sets it for its statement and leaves those documents to
-- search_refresh_stale_credit, run in batches after it commits. A row
-- trigger whose WHEN is false costs the recompute nothing; a statement
-- trigger would copy every changed row into its transition tables.
-- search_refresh_stale_credit rebuilds up to lim agency documents whose
-- score or grade differs from the profile's, and returns how many.
-- +goose StatementBegin
CREATE FUNCTION search_refresh_stale_credit(lim integer) RETURNS integer
LANGUAGE sql AS $$
    SELECT search_refresh_agency_ids(ARRAY(
        SELECT s.agency_id FROM search_agencies s JOIN agency_profiles p ON p.account_id = s.agency_id
        WHERE (s.credit_grade, s.credit_score) IS DISTINCT FROM (p.credit_grade, p.credit_score)
        ORDER BY s.agency_id LIMIT lim), true)
$$;
-- +goose StatementEnd

DROP TRIGGER search_agency_profiles_ins ON agency_profiles;
DROP TRIGGER search_agency_profiles_upd ON agency_profiles;
-- A deletion is rare (an account removed): it keeps its row trigger.
CREATE TRIGGER search_agency_profiles_del AFTER DELETE ON agency_profiles
    FOR EACH ROW EXECUTE FUNCTION search_agency_rows_trg();
CREATE TRIGGER search_agency_profiles_ins AFTER INSERT ON agency_profiles
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_agency_inserted_trg();
CREATE TRIGGER search_agency_profiles_upd AFTER UPDATE ON agency_profiles
    FOR EACH ROW WHEN ((OLD.description, OLD.region) IS DISTINCT FROM (NEW.description, NEW.region)
                       OR ((OLD.credit_grade, OLD.credit_score) IS DISTINCT FROM (NEW.credit_grade, NEW.credit_score)
                           AND coalesce(current_setting('search.defer_credit', true), '') <> 'on'))
    EXECUTE FUNCTION search_agency_rows_trg();

-- Inserted accounts: agency documents per statement. Updates keep the row
-- trigger of 00041 (a name change also rebuilds project documents).
DROP TRIGGER search_accounts_ins ON accounts;
CREATE TRIGGER search_accounts_ins AFTER INSERT ON accounts
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_agency_inserted_trg();

-- +goose Down
DROP TRIGGER search_accounts_ins ON accounts;
CREATE TRIGGER search_accounts_ins AFTER INSERT ON accounts
    FOR EACH ROW EXECUTE FUNCTION search_accounts_trg();
DROP TRIGGER search_agency_profiles_upd ON agency_profiles;
DROP TRIGGER search_agency_profiles_ins ON agency_profiles;
DROP TRIGGER search_agency_profiles_del ON agency_profiles;
CREATE TRIGGER search_agency_profiles_ins AFTER INSERT OR DELETE ON agency_profiles
    FOR EACH ROW EXECUTE FUNCTION search_agency_rows_trg();
CREATE TRIGGER search_agency_profiles_upd AFTER UPDATE ON agency_profiles
    FOR EACH ROW WHEN ((OLD.description, OLD.region, OLD.credit_grade, OLD.credit_score)
                       IS DISTINCT FROM (NEW.description, NEW.region, NEW.credit_grade, NEW.credit_score))
    EXECUTE FUNCTION search_agency_rows_trg();
DROP FUNCTION search_refresh_stale_credit, search_agency_inserted_trg;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_refresh_agencies(lo bigint, hi bigint, notify boolean) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE n integer;
BEGIN
    WITH gone AS (
        DELETE FROM search_agencies sa
        WHERE sa.agency_id BETWEEN lo AND hi
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
        WHERE a.id BETWEEN lo AND hi AND a.role = 'agency'
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
DROP FUNCTION search_refresh_agency_ids;
