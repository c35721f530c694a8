-- audit_seal_batch: seal a batch of audit_log rows in one UPDATE, each
-- row's seq and hash chain given by parallel arrays; rows already sealed
-- are left alone.
-- $1 ids, $2 seqs, $3 previous hashes, $4 hashes.
UPDATE audit_log a SET seq = u.seq, prev_hash = u.prev_hash, hash = u.hash
FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS u(id, seq, prev_hash, hash)
WHERE a.id = u.id AND a.seq IS NULL
