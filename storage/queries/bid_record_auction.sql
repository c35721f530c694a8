-- bid_record_auction: the CTEs an auction bid adds to the writes of
-- bid_record_writes.sql ($1 to $23): the auction bid, the project's best
-- price and deadline, and the notice to the auction's listeners. Returns
-- the bid's id, the auction bid's id and the notify result.
-- Parameters: $24 the auction bid's seq (the project's new bid count),
-- $25 bidder number, $26 the project's new closes_at, $27 its extensions,
-- $28 the notify channel, $29 the event (JSON).
    ab AS (INSERT INTO auction_bids (project_id, agency_id, price_fen, at, seq, bidder_no)
        VALUES ($1, $2, $3, $7, $24, $25) RETURNING id),
    p AS (UPDATE projects SET best_fen = $3, auction_bids = $24, closes_at = $26, extensions = $27,
        updated_at = clock_timestamp() WHERE id = $1)
SELECT b.id, ab.id, pg_notify($28, $29)::text FROM b, ab
