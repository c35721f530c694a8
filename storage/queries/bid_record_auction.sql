-- bid_record_auction: the writes of an auction bid in one statement, as
-- data-modifying CTEs (PostgreSQL runs every one of them, referenced or
-- not, and the deadline trigger on bids aborts them all together): the bid
-- (inserted, or replacing the agency's earlier bid), its bid_evidence row,
-- its audit row, the auction bid, the project's best price and deadline,
-- and the notice to the auction's listeners. Returns the bid's id, the
-- auction bid's id and the notify result.
-- Parameters: $1 to $22 as in bid_record_sealed.sql; then $23 the auction
-- bid's seq (the project's new bid count), $24 bidder number, $25 the
-- project's new closes_at, $26 its extensions, $27 the notify channel,
-- $28 the event (JSON).
-- The b, e and a CTEs are those of bid_record_sealed.sql, word for word.
WITH b AS (INSERT INTO bids (project_id, agency_id, price_fen, proposal, service_days, status,
        invalid_reason, submitted_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, '', $7, $7)
        ON CONFLICT (project_id, agency_id) DO UPDATE SET price_fen = EXCLUDED.price_fen, proposal = EXCLUDED.proposal,
            service_days = EXCLUDED.service_days, status = EXCLUDED.status, invalid_reason = '',
            needs_confirmation = false, submitted_at = EXCLUDED.submitted_at, updated_at = EXCLUDED.updated_at
        RETURNING id),
    e AS (INSERT INTO bid_evidence (project_id, agency_id, account_id, action, client_ip, user_agent,
        fingerprint, doc_sha256, minhash, text_runes, at) VALUES ($1, $2, $8, $9, $10, $11, $12, $13, $14, $15, $7)),
    -- the audit row's time is the database clock at the insert, as
    -- AppendAudit's, unless a test injected a clock ($16)
    a AS (INSERT INTO audit_log (at, actor_id, actor_role, action, subject_type, subject_id, summary)
        VALUES (COALESCE($16::timestamptz, clock_timestamp()), $17, $18, $19, $20, $21, $22)),
    ab AS (INSERT INTO auction_bids (project_id, agency_id, price_fen, at, seq, bidder_no)
        VALUES ($1, $2, $3, $7, $23, $24) RETURNING id),
    p AS (UPDATE projects SET best_fen = $3, auction_bids = $23, closes_at = $25, extensions = $26,
        updated_at = clock_timestamp() WHERE id = $1)
SELECT b.id, ab.id, pg_notify($27, $28)::text FROM b, ab
