-- +goose Up
-- Search at a million documents (issue #7, docs/search.md "Scale").
--
-- One GIN index per document table answers everything a search asks:
-- besides the text bigrams of 00041, each document vector carries
--   ~<bigram>        the bigrams of the title (agency: name) again, marked,
--                    so "matches in the title" is an index query too;
--   #i #r #s #f #g   the filter values (item, region, status, funding,
--                    grade), so a filter narrows the index scan instead of
--                    being checked row by row on the heap;
--   #p #c #b #k      sort buckets: publication day, closing day, closing
--                    day of a project still bidding (projects), creation
--                    day and credit score (agencies), and the
--                    score with the agency id's block of 1024, so a page
--                    of a broad query is read from a window of the newest
--                    (or best) documents: GIN's fast scan drives the
--                    intersection from the window's short posting lists;
--   =环评 ~=环评      abbreviations (domain.SearchSynonyms) one of whose
--                    expansions the document (the title) holds;
--   #*               every document, for browsing without text or filters.
-- Markers never collide with text lexemes, which are Han characters,
-- a-z and 0-9 only.
--
-- The same expression is indexed three more times as partial indexes over
-- 1/16, 1/128 and 1/1024 of the documents, chosen by a seeded hash of the
-- id (the id itself, or PostgreSQL's plain hashint8, which equals hashint4
-- on small ids, would correlate with anything assigned in rotation or by
-- the same hash): a broad
-- query's total and facets are counted in the coarsest sample that holds
-- enough matches, instead of over every match. The samples nest (a hash
-- whose low 10 bits are zero also has its low 4 bits zero).
--
-- title_tsv is the title's (agency: name's) lexemes as a stored column:
-- "is this match a title match?" is then a cheap test on a row already
-- read, where the index expression would have to be recomputed.

-- search_day is the UTC day number of ts (days since 1970-01-01). The
-- interval arithmetic keeps it immutable (extract on a timestamptz is not).
-- +goose StatementBegin
CREATE FUNCTION search_day(ts timestamptz) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT floor(extract(epoch FROM (ts - timestamptz '1970-01-01 00:00:00+00')) / 86400)::bigint
$$;
-- +goose StatementEnd

-- search_marked prefixes every token with mark.
-- +goose StatementBegin
CREATE FUNCTION search_marked(mark text, toks text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(mark || t), '{}') FROM unnest(toks) t
$$;
-- +goose StatementEnd

-- search_synonym_lexemes lists mark || '=' || abbreviation for every
-- abbreviation of domain.SearchSynonyms one of whose expansions (all its
-- bigrams) the vector holds: a document about 环境影响评价 gets '=环评', so
-- the query 环评 is one lexeme instead of the OR of four expansions
-- (fourteen bigrams for GIN to check per candidate). One expression of
-- constants, folded once per statement (a VALUES table parsed its
-- tsqueries again for every document). TestSearch_SynonymRulesMatchTheDomain
-- keeps it equal to the Go table; a change to either needs a new
-- migration and a reindex.
-- +goose StatementBegin
CREATE FUNCTION search_synonym_lexemes(mark text, v tsvector) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_remove(ARRAY[
        CASE WHEN v @@ '''交通'' & ''通影'' & ''影响'' & ''响评'' & ''评价''' THEN mark || '=交评' END,
        CASE WHEN v @@ '''勘测'' & ''测定'' & ''定界''' THEN mark || '=勘界' END,
        CASE WHEN v @@ '''压覆'' & ''覆重'' & ''重要'' & ''要矿'' & ''矿产'' & ''产资'' & ''资源''' OR v @@ '''压覆'' & ''覆矿'' & ''矿产''' THEN mark || '=压矿' END,
        CASE WHEN v @@ '''可行'' & ''行性'' & ''性研'' & ''研究''' THEN mark || '=可研' END,
        CASE WHEN v @@ '''施工'' & ''工图'' & ''图设'' & ''设计'' & ''计文'' & ''文件'' & ''件审'' & ''审查''' THEN mark || '=图审' END,
        CASE WHEN v @@ '''地质'' & ''质灾'' & ''灾害''' THEN mark || '=地灾' END,
        CASE WHEN v @@ '''地质'' & ''质灾'' & ''灾害'' & ''害危'' & ''危险'' & ''险性'' & ''性评'' & ''评估''' THEN mark || '=地灾评估' END,
        CASE WHEN v @@ '''土地'' & ''地复'' & ''复垦''' THEN mark || '=复垦' END,
        CASE WHEN v @@ '''安全'' & ''全评'' & ''评价''' OR v @@ '''安全'' & ''全预'' & ''预评'' & ''评价''' THEN mark || '=安评' END,
        CASE WHEN v @@ '''文物'' & ''物影'' & ''影响'' & ''响评'' & ''评估''' THEN mark || '=文评' END,
        CASE WHEN v @@ '''使用'' & ''用林'' & ''林地'' & ''地可'' & ''可行'' & ''行性''' THEN mark || '=林评' END,
        CASE WHEN v @@ '''气候'' & ''候可'' & ''可行'' & ''行性'' & ''性论'' & ''论证''' THEN mark || '=气候论证' END,
        CASE WHEN v @@ '''水土'' & ''土保'' & ''保持''' THEN mark || '=水保' END,
        CASE WHEN v @@ '''水资'' & ''资源'' & ''源论'' & ''论证''' THEN mark || '=水评' END,
        CASE WHEN v @@ '''洪水'' & ''水影'' & ''影响'' & ''响评'' & ''评价''' THEN mark || '=洪评' END,
        CASE WHEN v @@ '''竣工'' & ''工环'' & ''环境'' & ''境保'' & ''保护'' & ''护验'' & ''验收''' OR v @@ '''环境'' & ''境保'' & ''保护'' & ''护验'' & ''验收''' THEN mark || '=环保验收' END,
        CASE WHEN v @@ '''环境'' & ''境影'' & ''影响'' & ''响评'' & ''评价''' OR v @@ '''环境'' & ''境影'' & ''影响'' & ''响报'' & ''报告''' OR v @@ '''环境'' & ''境影'' & ''影响'' & ''响后'' & ''后评'' & ''评价''' OR v @@ '''环境'' & ''境技'' & ''技术'' & ''术评'' & ''评估''' THEN mark || '=环评' END,
        CASE WHEN v @@ '''社会'' & ''会稳'' & ''稳定''' THEN mark || '=社稳' END,
        CASE WHEN v @@ '''社会'' & ''会稳'' & ''稳定'' & ''定风'' & ''风险'' & ''险评'' & ''评估''' THEN mark || '=稳评' END,
        CASE WHEN v @@ '''职业'' & ''业卫'' & ''卫生''' OR v @@ '''职业'' & ''业病'' & ''病危'' & ''危害''' THEN mark || '=职卫' END,
        CASE WHEN v @@ '''职业'' & ''业病'' & ''病危'' & ''危害''' THEN mark || '=职评' END,
        CASE WHEN v @@ '''节能'' & ''能评'' & ''评估''' OR v @@ '''节能'' & ''能报'' & ''报告''' THEN mark || '=能评' END,
        CASE WHEN v @@ '''资产'' & ''产评'' & ''评估''' THEN mark || '=资评' END,
        CASE WHEN v @@ '''防雷'' & ''雷装'' & ''装置'' & ''置检'' & ''检测''' THEN mark || '=防雷检测' END,
        CASE WHEN v @@ '''雷电'' & ''电灾'' & ''灾害'' & ''害风'' & ''风险'' & ''险评'' & ''评估''' THEN mark || '=雷评' END,
        CASE WHEN v @@ '''地震'' & ''震安'' & ''安全'' & ''全性'' & ''性评'' & ''评价''' THEN mark || '=震评' END
    ], NULL)
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION search_project_doc(title text, item_name text, owner_name text, awarded_name text, region text,
                                   description text, item_code text, status text, funding text,
                                   published_at timestamptz, closes_at timestamptz) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT v.doc || array_to_tsvector(search_synonym_lexemes('', v.doc) || search_synonym_lexemes('~', v.title))
    FROM (SELECT array_to_tsvector(t.toks
        || search_tokens(item_name || ' ' || owner_name || ' ' || awarded_name)
        || search_tokens(region || ' ' || description)
        || search_marked('~', t.toks)
        || ARRAY['#*', '#i' || item_code, '#r' || region, '#s' || status, '#f' || funding,
                 '#c' || search_day(closes_at), '#p' || coalesce(search_day(published_at), -1)]
        || CASE WHEN status = 'bidding' THEN ARRAY['#b' || search_day(closes_at)] ELSE '{}'::text[] END) AS doc,
                 array_to_tsvector(t.toks) AS title
          FROM (SELECT search_tokens(title) AS toks OFFSET 0) t
          OFFSET 0) v -- computed once: flattened, v.doc would be recomputed per use
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION search_agency_doc(agency_id bigint, name text, item_names text, region text, description text,
                                  item_codes text[], status text, credit_grade text, credit_score integer,
                                  created_at timestamptz) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT v.doc || array_to_tsvector(search_synonym_lexemes('', v.doc) || search_synonym_lexemes('~', v.title))
    FROM (SELECT array_to_tsvector(t.toks
        || search_tokens(item_names)
        || search_tokens(region || ' ' || description)
        || search_marked('~', t.toks)
        || search_marked('#i', item_codes)
        || ARRAY['#*', '#r' || region, '#s' || status, '#g' || credit_grade,
                 '#k' || credit_score, '#k' || credit_score || '/' || (agency_id >> 10),
                 '#p' || search_day(created_at)]) AS doc,
                 array_to_tsvector(t.toks) AS title
          FROM (SELECT search_tokens(name) AS toks OFFSET 0) t
          OFFSET 0) v -- computed once: flattened, v.doc would be recomputed per use
$$;
-- +goose StatementEnd

DROP INDEX search_projects_tsv_idx, search_projects_title_idx, search_agencies_tsv_idx, search_agencies_title_idx;
ALTER TABLE search_projects ADD COLUMN title_tsv tsvector GENERATED ALWAYS AS (array_to_tsvector(search_tokens(title))) STORED;
ALTER TABLE search_agencies ADD COLUMN title_tsv tsvector GENERATED ALWAYS AS (array_to_tsvector(search_tokens(name))) STORED;

-- The query side repeats these expressions and predicates verbatim
-- (storage/search_pg.go); TestSearch_PlansUseTheIndexes checks the plans.
CREATE INDEX search_projects_doc_idx ON search_projects USING gin
    (search_project_doc(title, item_name, owner_name, awarded_name, region, description, item_code, status, funding, published_at, closes_at));
CREATE INDEX search_projects_s16_idx ON search_projects USING gin
    (search_project_doc(title, item_name, owner_name, awarded_name, region, description, item_code, status, funding, published_at, closes_at))
    WHERE hashint8extended(project_id, 7919) & 15 = 0;
CREATE INDEX search_projects_s128_idx ON search_projects USING gin
    (search_project_doc(title, item_name, owner_name, awarded_name, region, description, item_code, status, funding, published_at, closes_at))
    WHERE hashint8extended(project_id, 7919) & 127 = 0;
CREATE INDEX search_projects_s1024_idx ON search_projects USING gin
    (search_project_doc(title, item_name, owner_name, awarded_name, region, description, item_code, status, funding, published_at, closes_at))
    WHERE hashint8extended(project_id, 7919) & 1023 = 0;
-- window cutoffs for the deadline sort
CREATE INDEX search_projects_closes_idx ON search_projects (closes_at DESC, project_id DESC);

CREATE INDEX search_agencies_doc_idx ON search_agencies USING gin
    (search_agency_doc(agency_id, name, item_names, region, description, item_codes, status, credit_grade, credit_score, created_at));
CREATE INDEX search_agencies_s16_idx ON search_agencies USING gin
    (search_agency_doc(agency_id, name, item_names, region, description, item_codes, status, credit_grade, credit_score, created_at))
    WHERE hashint8extended(agency_id, 7919) & 15 = 0;
CREATE INDEX search_agencies_s128_idx ON search_agencies USING gin
    (search_agency_doc(agency_id, name, item_names, region, description, item_codes, status, credit_grade, credit_score, created_at))
    WHERE hashint8extended(agency_id, 7919) & 127 = 0;
CREATE INDEX search_agencies_s1024_idx ON search_agencies USING gin
    (search_agency_doc(agency_id, name, item_names, region, description, item_codes, status, credit_grade, credit_score, created_at))
    WHERE hashint8extended(agency_id, 7919) & 1023 = 0;
-- window cutoffs: best credit first, newest first
CREATE INDEX search_agencies_score_idx ON search_agencies (credit_score DESC, agency_id);
CREATE INDEX search_agencies_created_idx ON search_agencies (created_at DESC, agency_id DESC);

-- +goose Down
DROP INDEX search_agencies_created_idx, search_agencies_score_idx, search_agencies_s1024_idx, search_agencies_s128_idx,
    search_agencies_s16_idx, search_agencies_doc_idx, search_projects_closes_idx, search_projects_s1024_idx,
    search_projects_s128_idx, search_projects_s16_idx, search_projects_doc_idx;
CREATE INDEX search_projects_tsv_idx ON search_projects USING gin
    (search_tsv(title, item_name || ' ' || owner_name || ' ' || awarded_name, region || ' ' || description));
CREATE INDEX search_projects_title_idx ON search_projects USING gin (array_to_tsvector(search_tokens(title)));
CREATE INDEX search_agencies_tsv_idx ON search_agencies USING gin
    (search_tsv(name, item_names, region || ' ' || description));
CREATE INDEX search_agencies_title_idx ON search_agencies USING gin (array_to_tsvector(search_tokens(name)));
ALTER TABLE search_projects DROP COLUMN title_tsv;
ALTER TABLE search_agencies DROP COLUMN title_tsv;
DROP FUNCTION search_agency_doc, search_project_doc, search_synonym_lexemes, search_marked, search_day;
