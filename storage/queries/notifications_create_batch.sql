-- notifications_create_batch: one notification for each account of an
-- array, in one insert; the unique (account_id, dedupe_key) drops replays.
-- Returns the ids of the rows inserted.
-- Parameters, in order: kind, title, body, project id, event id, dedupe
-- key, created_at, then the account ids (a bigint array).
INSERT INTO notifications (account_id, kind, title, body, project_id, event_id, dedupe_key, created_at)
SELECT id, ?, ?, ?, ?, ?, ?, ? FROM unnest(CAST(? AS bigint[])) AS id
ON CONFLICT (account_id, dedupe_key) DO NOTHING RETURNING id
