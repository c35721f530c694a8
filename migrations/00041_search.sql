-- +goose Up
-- Full-text search in PostgreSQL (docs/search.md).
--
-- Tokenisation: Chinese has no spaces, and PostgreSQL's default parser
-- keeps a whole run of Han characters as one "word". We index overlapping
-- character bigrams instead (as Lucene's CJK analyzer does): 地质灾害 →
-- 地质 质灾 灾害, so a query is a conjunction of bigrams
-- (地质 & 质灾 & 灾害) and matches the documents that contain all of them. A run of one Han character is kept as a unigram; Latin
-- letters and digits are kept as lower-case words. No dictionary is
-- loaded: relevance was measured (docs/search.md) and a segmenter did not
-- earn its memory. Abbreviations (环评, 地灾) are expanded from the
-- synonym table in domain/search_synonyms.go at query time.

-- search_tokens returns the lexemes of t: the overlapping bigrams of each
-- Han run (a lone character as itself) and each lower-case ASCII word.
-- +goose StatementBegin
CREATE FUNCTION search_tokens(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT tok), '{}')
    FROM (
        SELECT CASE WHEN r.run ~ '^[0-9a-z]' OR length(r.run) = 1 THEN r.run ELSE substr(r.run, g.i, 2) END AS tok
        FROM regexp_matches(lower(coalesce(t, '')), '[一-鿿㐀-䶿]+|[0-9a-z]+', 'g') AS m(arr),
             LATERAL (SELECT m.arr[1] AS run) r,
             LATERAL generate_series(1, CASE WHEN r.run ~ '^[0-9a-z]' OR length(r.run) = 1 THEN 1
                                             ELSE length(r.run) - 1 END) AS g(i)
    ) toks
$$;
-- +goose StatementEnd

-- search_tsv builds a document vector from its fields. Lexemes carry no
-- positions: a query is an AND of bigrams (地质 & 质灾 & 灾害), which the GIN
-- index answers exactly, without reading a single document vector back
-- (no recheck) — that keeps broad queries fast. Bigram AND is not quite
-- substring match, but the inner bigrams (质灾, 响评) are specific enough
-- that the relevance set saw no difference (docs/search.md).
-- +goose StatementBegin
CREATE FUNCTION search_tsv(a text, b text, c text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_to_tsvector(search_tokens(a) || search_tokens(b) || search_tokens(c))
$$;
-- +goose StatementEnd

-- Version numbers of search documents: a new one on every rebuild of a
-- document, so an outbox consumer can drop stale deliveries.
CREATE SEQUENCE search_version_seq;

-- One row per searchable project: every status except draft (drafts are
-- never public). No bid data (price, proposal, count) is ever copied here.
CREATE TABLE search_projects (
    project_id        bigint PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    version           bigint NOT NULL,
    title             text NOT NULL,
    description       text NOT NULL,
    item_code         text NOT NULL,
    item_name         text NOT NULL,
    region            text NOT NULL,
    funding           text NOT NULL,
    status            text NOT NULL,
    owner_name        text NOT NULL,
    awarded_name      text NOT NULL DEFAULT '',
    closes_at         timestamptz NOT NULL,
    published_at      timestamptz
);
-- The vectors are index expressions, not stored columns: a stored vector
-- is the widest part of a row (~1 KB), and a broad query visits most heap
-- pages, so narrow rows are what keeps it fast. With exact AND queries the
-- index never needs the expression recomputed (no recheck). The query side
-- repeats these expressions verbatim (storage/search_pg.go).
CREATE INDEX search_projects_tsv_idx ON search_projects USING gin
    (search_tsv(title, item_name || ' ' || owner_name || ' ' || awarded_name, region || ' ' || description));
-- the title alone: "matches in the title" is the relevance signal
CREATE INDEX search_projects_title_idx ON search_projects USING gin (array_to_tsvector(search_tokens(title)));
CREATE INDEX search_projects_item_idx ON search_projects (item_code);
CREATE INDEX search_projects_region_idx ON search_projects (region);
CREATE INDEX search_projects_status_idx ON search_projects (status, closes_at);
CREATE INDEX search_projects_published_idx ON search_projects (published_at DESC NULLS LAST, project_id DESC);

-- One row per agency account (exited agencies stay: their history is public).
CREATE TABLE search_agencies (
    agency_id    bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    version      bigint NOT NULL,
    name         text NOT NULL,
    description  text NOT NULL,
    region       text NOT NULL,
    status       text NOT NULL,
    credit_grade text NOT NULL,
    credit_score integer NOT NULL,
    item_codes   text[] NOT NULL,
    item_names   text NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX search_agencies_tsv_idx ON search_agencies USING gin
    (search_tsv(name, item_names, region || ' ' || description));
CREATE INDEX search_agencies_title_idx ON search_agencies USING gin (array_to_tsvector(search_tokens(name)));
CREATE INDEX search_agencies_items_idx ON search_agencies USING gin (item_codes);
CREATE INDEX search_agencies_region_idx ON search_agencies (region);
CREATE INDEX search_agencies_grade_idx ON search_agencies (credit_grade, credit_score DESC);

-- search_refresh_projects rebuilds the documents of projects lo..hi (and
-- removes those that are gone or back to draft); with notify it also writes
-- one outbox row per changed document. Set-based, so reindexing a range
-- costs one statement.
-- +goose StatementBegin
CREATE FUNCTION search_refresh_projects(lo bigint, hi bigint, notify boolean) RETURNS integer
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

-- search_refresh_agencies does the same for agency accounts lo..hi.
-- +goose StatementBegin
CREATE FUNCTION search_refresh_agencies(lo bigint, hi bigint, notify boolean) RETURNS integer
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

-- Triggers keep the documents current in the same transaction as the
-- change, whoever writes the row, and queue the change in the outbox for
-- an external engine. They fire only when a searchable column changes, so
-- reverse-auction bids (best_fen, auction_bids) cost nothing here.
-- +goose StatementBegin
CREATE FUNCTION search_projects_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        -- the document went with the row (ON DELETE CASCADE); announce it
        INSERT INTO outbox (topic, entity, entity_id, version)
        VALUES ('search', 'project', OLD.id, nextval('search_version_seq'));
        RETURN OLD;
    END IF;
    PERFORM search_refresh_projects(NEW.id, NEW.id, true);
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER search_projects_ins AFTER INSERT OR DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION search_projects_trg();
CREATE TRIGGER search_projects_upd AFTER UPDATE ON projects
    FOR EACH ROW WHEN ((OLD.title, OLD.description, OLD.item_code, OLD.region, OLD.funding, OLD.status, OLD.owner_id,
                        OLD.closes_at, OLD.published_at, OLD.awarded_agency_id)
                       IS DISTINCT FROM
                       (NEW.title, NEW.description, NEW.item_code, NEW.region, NEW.funding, NEW.status, NEW.owner_id,
                        NEW.closes_at, NEW.published_at, NEW.awarded_agency_id))
    EXECUTE FUNCTION search_projects_trg();

-- +goose StatementBegin
CREATE FUNCTION search_accounts_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE pid bigint;
BEGIN
    IF NEW.role = 'agency' OR (TG_OP = 'UPDATE' AND OLD.role = 'agency') THEN
        PERFORM search_refresh_agencies(NEW.id, NEW.id, true);
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.name IS DISTINCT FROM OLD.name THEN
        -- owner and awarded-agency names are part of project documents
        FOR pid IN SELECT id FROM projects WHERE owner_id = NEW.id OR awarded_agency_id = NEW.id LOOP
            PERFORM search_refresh_projects(pid, pid, true);
        END LOOP;
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER search_accounts_ins AFTER INSERT ON accounts
    FOR EACH ROW EXECUTE FUNCTION search_accounts_trg();
CREATE TRIGGER search_accounts_upd AFTER UPDATE ON accounts
    FOR EACH ROW WHEN ((OLD.name, OLD.status, OLD.region, OLD.role) IS DISTINCT FROM (NEW.name, NEW.status, NEW.region, NEW.role))
    EXECUTE FUNCTION search_accounts_trg();

-- +goose StatementBegin
CREATE FUNCTION search_agency_rows_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE aid bigint;
BEGIN
    IF TG_TABLE_NAME = 'agency_profiles' THEN
        aid := CASE WHEN TG_OP = 'DELETE' THEN OLD.account_id ELSE NEW.account_id END;
    ELSE
        aid := CASE WHEN TG_OP = 'DELETE' THEN OLD.agency_id ELSE NEW.agency_id END;
    END IF;
    PERFORM search_refresh_agencies(aid, aid, true);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER search_agency_profiles_ins AFTER INSERT OR DELETE ON agency_profiles
    FOR EACH ROW EXECUTE FUNCTION search_agency_rows_trg();
CREATE TRIGGER search_agency_profiles_upd AFTER UPDATE ON agency_profiles
    FOR EACH ROW WHEN ((OLD.description, OLD.region, OLD.credit_grade, OLD.credit_score)
                       IS DISTINCT FROM (NEW.description, NEW.region, NEW.credit_grade, NEW.credit_score))
    EXECUTE FUNCTION search_agency_rows_trg();
CREATE TRIGGER search_agency_items_chg AFTER INSERT OR DELETE OR UPDATE ON agency_items
    FOR EACH ROW EXECUTE FUNCTION search_agency_rows_trg();

-- +goose StatementBegin
CREATE FUNCTION search_items_trg() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER search_items_upd AFTER UPDATE ON catalogue_items
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION search_items_trg();

-- +goose Down
DROP TRIGGER search_items_upd ON catalogue_items;
DROP TRIGGER search_agency_items_chg ON agency_items;
DROP TRIGGER search_agency_profiles_upd ON agency_profiles;
DROP TRIGGER search_agency_profiles_ins ON agency_profiles;
DROP TRIGGER search_accounts_upd ON accounts;
DROP TRIGGER search_accounts_ins ON accounts;
DROP TRIGGER search_projects_upd ON projects;
DROP TRIGGER search_projects_ins ON projects;
DROP FUNCTION search_items_trg, search_agency_rows_trg, search_accounts_trg, search_projects_trg;
DROP FUNCTION search_refresh_agencies, search_refresh_projects;
DROP TABLE search_agencies, search_projects;
DROP SEQUENCE search_version_seq;
DROP FUNCTION search_tsv, search_tokens;
