-- search_common_lexemes: the commonest lexemes of both search document
-- indexes and their frequencies, one row per lexeme, with the number of
-- documents of each index's table (the planner's count). SQL because it
-- reads the statistics ANALYZE keeps (pg_stats.most_common_elems) and
-- unnests them: PostgreSQL parses its own arrays. The frequencies array
-- ends with three summary values, which unnest pairs with no lexeme.
SELECT s.tablename, e.lexeme, e.freq,
    (SELECT c.reltuples FROM pg_class c WHERE c.oid = to_regclass(left(s.tablename, -length('_doc_idx')))) AS docs
FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(lexeme, freq)
WHERE s.schemaname = current_schema() AND s.tablename IN ('search_projects_doc_idx', 'search_agencies_doc_idx')
    AND e.lexeme IS NOT NULL
