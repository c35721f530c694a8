-- saved_searches_send_digests: move every pending match made before the
-- cut-off to sent and write one digest notification per account listing the
-- notices' titles (and, with mail, its e-mail outbox row).
WITH pend AS (
    UPDATE saved_search_matches SET digest = 'sent'
    WHERE digest = 'pending' AND matched_at < @before
    RETURNING account_id, project_id
), agg AS (
    SELECT pend.account_id, count(DISTINCT pend.project_id) AS notices,
        left(string_agg(DISTINCT p.title, '；'), 4000) AS titles
    FROM pend JOIN projects p ON p.id = pend.project_id
    GROUP BY pend.account_id
), n AS (
    INSERT INTO notifications (account_id, kind, title, body, dedupe_key, created_at)
    SELECT account_id, @nkind, @title || '（' || @day || '，' || notices || '）', titles, 'saved_digest:' || @day, @now FROM agg
    ON CONFLICT (account_id, dedupe_key) DO NOTHING
    RETURNING id
), e AS (
    INSERT INTO outbox (topic, entity, entity_id, created_at, next_attempt_at)
    SELECT 'email', 'notification', n.id, @now, @now FROM n WHERE @mail
    RETURNING 1
)
SELECT (SELECT count(*) FROM n) + 0 * (SELECT count(*) FROM e)
