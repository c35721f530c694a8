-- outbox_lease_oldest: claim the oldest due, unleased rows of topic (at
-- most limit), setting their lease to until.
WITH picked AS (
    SELECT id FROM outbox
    WHERE topic = @topic AND done_at IS NULL AND next_attempt_at <= @now AND (locked_until IS NULL OR locked_until <= @now)
    ORDER BY next_attempt_at, id LIMIT @limit
    FOR UPDATE SKIP LOCKED
)
UPDATE outbox o SET locked_until = @until FROM picked WHERE o.id = picked.id
RETURNING o.id, o.topic, o.entity, o.entity_id, o.version, o.created_at, o.attempts, o.next_attempt_at,
    o.last_error, o.done_at, o.payload::text AS payload, o.dead
