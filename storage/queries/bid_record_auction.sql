-- bid_record_auction: the CTEs an auction bid adds to the writes of
-- bid_record_writes.sql ($1 to $22): the auction bid, the project's best
-- price and deadline, and the notice to the auction's listeners. Returns
-- the bid's id, the auction bid's id and the notify result.
-- Parameters: $23 the auction bid's seq (the project's new bid count),
-- $24 bidder number, $25 the project's new closes_at, $26 its extensions,
-- $27 the notify channel, $28 the event (JSON).
    ab AS (INSERT INTO auction_bids (project_id, agency_id, price_fen, at, seq, bidder_no)
        VALUES ($1, $2, $3, $7, $23, $24) RETURNING id),
    p AS (UPDATE projects SET best_fen = $3, auction_bids = $23, closes_at = $25, extensions = $26,
        updated_at = clock_timestamp() WHERE id = $1)
SELECT b.id, ab.id, pg_notify($27, $28)::text FROM b, ab
