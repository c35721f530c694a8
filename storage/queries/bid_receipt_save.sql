-- bid_receipt_save: write the audit row of a bid receipt and the receipt
-- that names it (replacing the agency's previous receipt on the project),
-- in one statement. Returns the audit row's id.
-- $1 at (a test's injected clock, or null for the database clock),
-- $2 actor id, $3 actor role, $4 action, $5 subject type, $6 subject id,
-- $7 summary; $8 project, $9 agency, $10 nonce, $11 digest, $12 issued at.
WITH a AS (INSERT INTO audit_log (at, actor_id, actor_role, action, subject_type, subject_id, summary)
        VALUES (COALESCE($1::timestamptz, clock_timestamp()), $2, $3, $4, $5, $6, $7) RETURNING id)
INSERT INTO bid_receipts (project_id, agency_id, nonce, digest, audit_id, at) SELECT $8, $9, $10, $11, a.id, $12 FROM a
ON CONFLICT (project_id, agency_id) DO UPDATE SET nonce = EXCLUDED.nonce, digest = EXCLUDED.digest,
    audit_id = EXCLUDED.audit_id, at = EXCLUDED.at
RETURNING audit_id
