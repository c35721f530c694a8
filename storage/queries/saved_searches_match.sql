-- saved_searches_match: match one published notice (pid) against every
-- saved search in one statement: the notice's search document (the very
-- vector the search queries, storage.ProjectVectorSQL) against each
-- search's frozen tsquery, and the filters as columns. Immediate matches get
-- their in-app alert (and, with mail, an e-mail outbox row) in the same
-- statement; daily ones wait for the digest.
WITH ev AS (
    SELECT d.project_id, search_project_doc(d.title, d.item_name, d.owner_name, d.awarded_name, d.region, d.description, d.item_code, d.status, d.funding, d.published_at, d.closes_at) AS doc, d.item_code, d.region, d.funding, p.ceiling_fen, d.title
    FROM search_projects d JOIN projects p ON p.id = d.project_id
    WHERE d.project_id = @pid AND d.published_at IS NOT NULL
), m AS (
    INSERT INTO saved_search_matches (saved_search_id, account_id, project_id, kind, matched_at, digest)
    SELECT s.id, s.account_id, ev.project_id, @kind, @now, CASE WHEN s.frequency = 'daily' THEN 'pending' ELSE 'none' END
    FROM saved_searches s CROSS JOIN ev
    WHERE CASE WHEN s.text_query = '' THEN true ELSE ev.doc @@ CAST(s.text_query AS tsquery) END
        AND (cardinality(s.item_codes) = 0 OR ev.item_code = ANY (s.item_codes))
        AND (s.region = '' OR starts_with(ev.region, s.region))
        AND (s.funding = '' OR ev.funding = s.funding)
        AND (s.ceiling_min_fen IS NULL OR ev.ceiling_fen >= s.ceiling_min_fen)
        AND (s.ceiling_max_fen IS NULL OR ev.ceiling_fen <= s.ceiling_max_fen)
    ON CONFLICT (saved_search_id, project_id, kind) DO NOTHING
    RETURNING saved_search_id, account_id, project_id, digest
), n AS (
    INSERT INTO notifications (account_id, kind, title, body, project_id, dedupe_key, created_at)
    SELECT m.account_id, @nkind, left(@title || '：' || s.name, 300), ev.title, m.project_id,
        'saved:' || m.saved_search_id || ':' || m.project_id || ':' || @kind, @now
    FROM m JOIN saved_searches s ON s.id = m.saved_search_id CROSS JOIN ev
    WHERE m.digest = 'none'
    ON CONFLICT (account_id, dedupe_key) DO NOTHING
    RETURNING id
), e AS (
    INSERT INTO outbox (topic, entity, entity_id, created_at, next_attempt_at)
    SELECT 'email', 'notification', n.id, @now, @now FROM n WHERE @mail
    RETURNING 1
)
SELECT (SELECT count(*) FROM m) + 0 * (SELECT count(*) FROM e)
