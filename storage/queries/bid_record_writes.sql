-- bid_record_writes: the writes every bid makes, as data-modifying CTEs
-- that bid_record_sealed.sql and bid_record_auction.sql continue
-- (storage/bid_path.go joins them). PostgreSQL runs every CTE of a
-- statement, referenced or not, and the deadline trigger on bids aborts
-- them all together: the bid (inserted, or replacing the agency's earlier
-- bid), its bid_evidence row and its audit row.
-- Parameters: $1 project, $2 agency, $3 price (fen), $4 proposal,
-- $5 service days, $6 status, $7 submitted at; the evidence $8 account,
-- $9 action, $10 client ip, $11 user agent, $12 fingerprint, $13 document
-- sha256, $14 minhash, $15 text runes; the audit row $16 at (a test's
-- injected clock, or null), $17 actor id, $18 actor role, $19 action,
-- $20 subject type, $21 subject id, $22 summary; $23 first: the bid's
-- reads found no bid of the agency, so an agency's bid found here was
-- submitted meanwhile and is not replaced (b is then empty).
WITH b AS (INSERT INTO bids (project_id, agency_id, price_fen, proposal, service_days, status,
        invalid_reason, submitted_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, '', $7, $7)
        ON CONFLICT (project_id, agency_id) DO UPDATE SET price_fen = EXCLUDED.price_fen, proposal = EXCLUDED.proposal,
            service_days = EXCLUDED.service_days, status = EXCLUDED.status, invalid_reason = '',
            needs_confirmation = false, submitted_at = EXCLUDED.submitted_at, updated_at = EXCLUDED.updated_at
            WHERE NOT $23::boolean
        RETURNING id),
    e AS (INSERT INTO bid_evidence (project_id, agency_id, account_id, action, client_ip, user_agent,
        fingerprint, doc_sha256, minhash, text_runes, at) VALUES ($1, $2, $8, $9, $10, $11, $12, $13, $14, $15, $7)),
    -- the audit row's time is the database clock at the insert, as
    -- AppendAudit's, unless a test injected a clock ($16)
    a AS (INSERT INTO audit_log (at, actor_id, actor_role, action, subject_type, subject_id, summary)
        VALUES (COALESCE($16::timestamptz, clock_timestamp()), $17, $18, $19, $20, $21, $22))
