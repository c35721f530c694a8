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

-- search_synonym_rules is domain.SearchSynonyms, each expansion as the
-- AND of its bigrams (TestSearch_SynonymRulesMatchTheDomain keeps the two
-- equal; a change to either needs a new migration and a reindex).
-- +goose StatementBegin
CREATE FUNCTION search_synonym_rules() RETURNS TABLE (abbr text, expansion text, q tsquery)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    VALUES
        ('交评', '交通影响评价', '''交通'' & ''通影'' & ''影响'' & ''响评'' & ''评价'''::tsquery),
        ('勘界', '勘测定界', '''勘测'' & ''测定'' & ''定界'''::tsquery),
        ('压矿', '压覆重要矿产资源', '''压覆'' & ''覆重'' & ''重要'' & ''要矿'' & ''矿产'' & ''产资'' & ''资源'''::tsquery),
        ('压矿', '压覆矿产', '''压覆'' & ''覆矿'' & ''矿产'''::tsquery),
        ('可研', '可行性研究', '''可行'' & ''行性'' & ''性研'' & ''研究'''::tsquery),
        ('图审', '施工图设计文件审查', '''施工'' & ''工图'' & ''图设'' & ''设计'' & ''计文'' & ''文件'' & ''件审'' & ''审查'''::tsquery),
        ('地灾', '地质灾害', '''地质'' & ''质灾'' & ''灾害'''::tsquery),
        ('地灾评估', '地质灾害危险性评估', '''地质'' & ''质灾'' & ''灾害'' & ''害危'' & ''危险'' & ''险性'' & ''性评'' & ''评估'''::tsquery),
        ('复垦', '土地复垦', '''土地'' & ''地复'' & ''复垦'''::tsquery),
        ('安评', '安全评价', '''安全'' & ''全评'' & ''评价'''::tsquery),
        ('安评', '安全预评价', '''安全'' & ''全预'' & ''预评'' & ''评价'''::tsquery),
        ('文评', '文物影响评估', '''文物'' & ''物影'' & ''影响'' & ''响评'' & ''评估'''::tsquery),
        ('林评', '使用林地可行性', '''使用'' & ''用林'' & ''林地'' & ''地可'' & ''可行'' & ''行性'''::tsquery),
        ('气候论证', '气候可行性论证', '''气候'' & ''候可'' & ''可行'' & ''行性'' & ''性论'' & ''论证'''::tsquery),
        ('水保', '水土保持', '''水土'' & ''土保'' & ''保持'''::tsquery),
        ('水评', '水资源论证', '''水资'' & ''资源'' & ''源论'' & ''论证'''::tsquery),
        ('洪评', '洪水影响评价', '''洪水'' & ''水影'' & ''影响'' & ''响评'' & ''评价'''::tsquery),
        ('环保验收', '竣工环境保护验收', '''竣工'' & ''工环'' & ''环境'' & ''境保'' & ''保护'' & ''护验'' & ''验收'''::tsquery),
        ('环保验收', '环境保护验收', '''环境'' & ''境保'' & ''保护'' & ''护验'' & ''验收'''::tsquery),
        ('环评', '环境影响评价', '''环境'' & ''境影'' & ''影响'' & ''响评'' & ''评价'''::tsquery),
        ('环评', '环境影响报告', '''环境'' & ''境影'' & ''影响'' & ''响报'' & ''报告'''::tsquery),
        ('环评', '环境影响后评价', '''环境'' & ''境影'' & ''影响'' & ''响后'' & ''后评'' & ''评价'''::tsquery),
        ('环评', '环境技术评估', '''环境'' & ''境技'' & ''技术'' & ''术评'' & ''评估'''::tsquery),
        ('社稳', '社会稳定', '''社会'' & ''会稳'' & ''稳定'''::tsquery),
        ('稳评', '社会稳定风险评估', '''社会'' & ''会稳'' & ''稳定'' & ''定风'' & ''风险'' & ''险评'' & ''评估'''::tsquery),
        ('职卫', '职业卫生', '''职业'' & ''业卫'' & ''卫生'''::tsquery),
        ('职卫', '职业病危害', '''职业'' & ''业病'' & ''病危'' & ''危害'''::tsquery),
        ('职评', '职业病危害', '''职业'' & ''业病'' & ''病危'' & ''危害'''::tsquery),
        ('能评', '节能评估', '''节能'' & ''能评'' & ''评估'''::tsquery),
        ('能评', '节能报告', '''节能'' & ''能报'' & ''报告'''::tsquery),
        ('资评', '资产评估', '''资产'' & ''产评'' & ''评估'''::tsquery),
        ('防雷检测', '防雷装置检测', '''防雷'' & ''雷装'' & ''装置'' & ''置检'' & ''检测'''::tsquery),
        ('雷评', '雷电灾害风险评估', '''雷电'' & ''电灾'' & ''灾害'' & ''害风'' & ''风险'' & ''险评'' & ''评估'''::tsquery),
        ('震评', '地震安全性评价', '''地震'' & ''震安'' & ''安全'' & ''全性'' & ''性评'' & ''评价'''::tsquery)
$$;
-- +goose StatementEnd

-- search_synonym_lexemes lists mark || '=' || abbreviation for every
-- abbreviation one of whose expansions the vector holds: a document about
-- 环境影响评价 gets '=环评', so the query 环评 is one lexeme instead of the
-- OR of four expansions (fourteen bigrams for GIN to check per candidate).
-- +goose StatementBegin
CREATE FUNCTION search_synonym_lexemes(mark text, v tsvector) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT mark || '=' || r.abbr), '{}') FROM search_synonym_rules() r WHERE v @@ r.q
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
                 '#c' || search_day(closes_at), '#p' || coalesce(search_day(published_at), -1),
                 -- a bare '#b' for the others: array_to_tsvector refuses NULLs
                 CASE WHEN status = 'bidding' THEN '#b' || search_day(closes_at) ELSE '#b' END]) AS doc,
                 array_to_tsvector(t.toks) AS title
          FROM (SELECT search_tokens(title) AS toks) t) v
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
          FROM (SELECT search_tokens(name) AS toks) t) v
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
DROP FUNCTION search_agency_doc, search_project_doc, search_synonym_lexemes, search_synonym_rules, search_marked, search_day;
