-- outbox_settle_batch: write the outcome of every leased row of a batch in
-- one statement, from a JSON array of outcomes (storage.outcomeJSON), and
-- release their leases. SQL because the batch arrives as one jsonb value
-- that jsonb_to_recordset turns into rows for UPDATE ... FROM. A released
-- row keeps its attempts, error and due time; a done one gets done_at. Rows
-- already done are left alone.
-- Parameters: now (the settle time), outcomes (the JSON array).
UPDATE outbox o SET
    attempts = CASE WHEN v.release THEN o.attempts ELSE v.attempts END,
    last_error = CASE WHEN v.release THEN o.last_error ELSE v.last_error END,
    next_attempt_at = CASE WHEN v.done OR v.release THEN o.next_attempt_at ELSE v.next_attempt_at END,
    done_at = CASE WHEN v.done THEN CAST(@now AS timestamptz) END,
    dead = v.dead,
    locked_until = NULL
FROM jsonb_to_recordset(CAST(@outcomes AS jsonb)) AS v(id bigint, attempts int, last_error text, next_attempt_at timestamptz,
    done boolean, dead boolean, release boolean)
WHERE o.id = v.id AND o.done_at IS NULL
