-- bid_record_writes: the writes every bid makes, as data-modifying CTEs
-- that bid_record_sealed.sql and bid_record_auction.sql continue
-- (storage/bid_path.go joins them). PostgreSQL runs every CTE of a
-- statement, referenced or not, and the deadline trigger on bids aborts
-- them all together: the bid (inserted, or replacing the agency's earlier
-- bid), its bid_evidence row and its audit row.
-- The bid is updated in place when the agency has one (most bids are
-- revisions; FindBidder locked the row) and inserted only when it has
-- none: an INSERT ... ON CONFLICT DO UPDATE of an existing bid fires the
-- BEFORE triggers twice, for the insert it tries and for the update it
-- does (the deadline's project read and the commitment stamp), after a
-- speculative insertion (docs/performance.md). The insert keeps its ON
-- CONFLICT for a first bid the same agency sends twice at once, and for a
-- bid identical to the stored one, time included: the deadline trigger
-- checks an update only when it changes the bid, and an insert always, so
-- such a bid goes the old way and is judged as before.
-- Parameters: $1 project, $2 agency, $3 price (fen), $4 proposal,
-- $5 service days, $6 status, $7 submitted at; the evidence $8 account,
-- $9 action, $10 client ip, $11 user agent, $12 fingerprint, $13 document
-- sha256, $14 minhash, $15 text runes; the audit row $16 at (a test's
-- injected clock, or null), $17 actor id, $18 actor role, $19 action,
-- $20 subject type, $21 subject id, $22 summary.
WITH u AS (UPDATE bids SET price_fen = $3, proposal = $4, service_days = $5, status = $6, invalid_reason = '',
            needs_confirmation = false, submitted_at = $7, updated_at = $7
        WHERE project_id = $1 AND agency_id = $2
            AND (status <> $6 OR submitted_at <> $7 OR price_fen <> $3 OR proposal <> $4 OR service_days <> $5)
        RETURNING id),
    i AS (INSERT INTO bids (project_id, agency_id, price_fen, proposal, service_days, status,
        invalid_reason, submitted_at, updated_at) SELECT $1, $2, $3, $4, $5, $6, '', $7, $7 WHERE NOT EXISTS (SELECT FROM u)
        ON CONFLICT (project_id, agency_id) DO UPDATE SET price_fen = EXCLUDED.price_fen, proposal = EXCLUDED.proposal,
            service_days = EXCLUDED.service_days, status = EXCLUDED.status, invalid_reason = '',
            needs_confirmation = false, submitted_at = EXCLUDED.submitted_at, updated_at = EXCLUDED.updated_at
        RETURNING id),
    b AS (SELECT id FROM u UNION ALL SELECT id FROM i),
    e AS (INSERT INTO bid_evidence (project_id, agency_id, account_id, action, client_ip, user_agent,
        fingerprint, doc_sha256, minhash, text_runes, at) VALUES ($1, $2, $8, $9, $10, $11, $12, $13, $14, $15, $7)),
    -- the audit row's time is the database clock at the insert, as
    -- AppendAudit's, unless a test injected a clock ($16)
    a AS (INSERT INTO audit_log (at, actor_id, actor_role, action, subject_type, subject_id, summary)
        VALUES (COALESCE($16::timestamptz, clock_timestamp()), $17, $18, $19, $20, $21, $22))
