-- bid_receipt_save: write the audit row of a bid receipt and the receipt
-- that names it (replacing the agency's previous receipt on the project),
-- in one statement. Returns the audit row's id. The agency's receipt is
-- updated in place when it has one, as bid_record_writes.sql does with the
-- bid: an INSERT ... ON CONFLICT DO UPDATE of an existing row first tries
-- the insert, then locks the row with a WAL record of its own.
-- $1 at (a test's injected clock, or null for the database clock),
-- $2 actor id, $3 actor role, $4 action, $5 subject type, $6 subject id,
-- $7 summary; $8 project, $9 agency, $10 nonce, $11 digest, $12 issued at.
WITH a AS (INSERT INTO audit_log (at, actor_id, actor_role, action, subject_type, subject_id, summary)
        VALUES (COALESCE($1::timestamptz, clock_timestamp()), $2, $3, $4, $5, $6, $7) RETURNING id),
    u AS (UPDATE bid_receipts r SET nonce = $10, digest = $11, audit_id = a.id, at = $12 FROM a
        WHERE r.project_id = $8 AND r.agency_id = $9 RETURNING r.audit_id),
    i AS (INSERT INTO bid_receipts (project_id, agency_id, nonce, digest, audit_id, at)
        SELECT $8, $9, $10, $11, a.id, $12 FROM a WHERE NOT EXISTS (SELECT FROM u)
        ON CONFLICT (project_id, agency_id) DO UPDATE SET nonce = EXCLUDED.nonce, digest = EXCLUDED.digest,
            audit_id = EXCLUDED.audit_id, at = EXCLUDED.at
        RETURNING audit_id)
SELECT audit_id FROM u UNION ALL SELECT audit_id FROM i
