-- outbox_lease_by_lane: claim at most per due rows of each entity (lane)
-- that has no lease running, the oldest rows first overall, setting their
-- lease to until. The final FOR UPDATE re-checks the lease on the current
-- row version, so two replicas never lease one row (SKIP LOCKED: nor wait
-- for each other). exclude: lanes the caller is still delivering.
WITH RECURSIVE pending(entity_id) AS (
    -- the distinct lanes with pending rows, one index probe each (a loose
    -- index scan), however many rows wait in them
    (SELECT entity_id FROM outbox WHERE topic = @topic AND done_at IS NULL ORDER BY entity_id LIMIT 1)
    UNION ALL
    SELECT (SELECT o.entity_id FROM outbox o WHERE o.topic = @topic AND o.done_at IS NULL AND o.entity_id > pending.entity_id
        ORDER BY o.entity_id LIMIT 1)
    FROM pending WHERE pending.entity_id IS NOT NULL
), lanes AS (
    SELECT p.entity_id FROM pending p
    WHERE p.entity_id IS NOT NULL AND NOT (p.entity_id = ANY (CAST(@exclude AS bigint[])))
        AND NOT EXISTS (SELECT 1 FROM outbox l WHERE l.topic = @topic AND l.entity_id = p.entity_id
            AND l.done_at IS NULL AND l.locked_until IS NOT NULL AND l.locked_until > @now)
), due AS (
    SELECT r.id FROM lanes CROSS JOIN LATERAL (
        SELECT id, next_attempt_at FROM outbox
        WHERE topic = @topic AND entity_id = lanes.entity_id AND done_at IS NULL AND next_attempt_at <= @now
        ORDER BY next_attempt_at, id LIMIT @per) r
    ORDER BY r.next_attempt_at, r.id LIMIT @limit
), picked AS (
    SELECT o.id FROM outbox o
    WHERE o.id IN (SELECT id FROM due) AND o.done_at IS NULL AND (o.locked_until IS NULL OR o.locked_until <= @now)
    FOR UPDATE SKIP LOCKED
)
UPDATE outbox o SET locked_until = @until FROM picked WHERE o.id = picked.id
RETURNING o.id, o.topic, o.entity, o.entity_id, o.version, o.created_at, o.attempts, o.next_attempt_at,
    o.last_error, o.done_at, o.payload::text AS payload, o.dead
