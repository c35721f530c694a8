-- bids_settle_batch: settle a batch of bids in one UPDATE, each bid's new
-- status and reason given by parallel arrays.
-- $1 bid ids, $2 statuses, $3 invalid reasons, $4 updated_at.
UPDATE bids b SET status = u.status, invalid_reason = u.reason, updated_at = $4
FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, status, reason)
WHERE b.id = u.id
