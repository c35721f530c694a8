-- credit_recompute: every agency's points, score and grade rebuilt from its
-- events in one statement (UPDATE ... FROM, data-modifying CTEs): the
-- active points (unexpired, unvoided; a repaired event at its effective
-- points) summed per agency, clamped and graded with the model's
-- constants, written only where something changed. No per-agency loop.
-- The changed ids go to credit_search_pending in the same statement
-- (migration 00370): their search documents follow in the
-- refresh_credit_search job. Returns the number of profiles changed.
-- The effective points and the unvoided test are those of
-- effectivePointsOverAll (effectivePoints behind a hashed test for the
-- events with a granted repair) and unvoided in the Go code (a test holds
-- them equal).
-- Named parameters: now, base, min, max, ga, gb, gc (the grade floors).
WITH changed AS (
UPDATE agency_profiles p
SET credit_points = s.points, credit_score = s.score, credit_grade = s.grade,
    credit_as_of = @now, updated_at = clock_timestamp()
FROM (
    SELECT q.account_id, q.points, q.score,
           CASE WHEN q.score >= @ga THEN 'A' WHEN q.score >= @gb THEN 'B' WHEN q.score >= @gc THEN 'C' ELSE 'D' END AS grade
    FROM (
        SELECT pr.account_id, coalesce(t.points, 0) AS points,
               greatest(@min, least(@max, @base + coalesce(t.points, 0)))::int AS score
        FROM agency_profiles pr
        LEFT JOIN (
            SELECT e.agency_id, sum(CASE WHEN e.id IN (SELECT r.event_id FROM credit_repairs r WHERE r.status = 'granted') THEN coalesce((SELECT r.effective_points FROM credit_repairs r WHERE r.event_id = e.id AND r.status = 'granted'), e.points) ELSE e.points END)::int AS points
            FROM credit_events e
            WHERE e.points <> 0 AND (e.expires_at IS NULL OR e.expires_at > @now)
              AND NOT EXISTS (SELECT 1 FROM credit_events v WHERE v.voids_event_id = e.id)
            GROUP BY e.agency_id
        ) t ON t.agency_id = pr.account_id
    ) q
) s
WHERE p.account_id = s.account_id
  AND (p.credit_points, p.credit_score, p.credit_grade) IS DISTINCT FROM (s.points, s.score, s.grade)
RETURNING p.account_id
), pending AS (
    -- DO UPDATE (of nothing) rather than DO NOTHING: it locks an agency
    -- already pending, so that the refresh (FOR UPDATE SKIP LOCKED) leaves
    -- it until this commits, or waits for a refresh that took it and then
    -- queues it again; either way the refresh after this commit reads the
    -- new score. With DO NOTHING the refresh could take it meanwhile,
    -- build from the old score, and leave nothing pending. In ascending
    -- order, as a catalogue item's rename marks its agencies (migration
    -- 00422): the two never wait for each other's rows in opposite orders.
    INSERT INTO credit_search_pending (agency_id) SELECT account_id FROM changed ORDER BY account_id
    ON CONFLICT (agency_id) DO UPDATE SET agency_id = EXCLUDED.agency_id
)
SELECT count(*) FROM changed
