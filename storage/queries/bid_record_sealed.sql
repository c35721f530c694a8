-- bid_record_sealed: what a sealed bid's statement returns after the
-- writes of bid_record_writes.sql ($1 to $22): the bid's id and the sha256
-- of the documents it keeps, comma-separated, for its receipt. FindBidder
-- locked the bid row, so no document was attached since this statement's
-- snapshot.
SELECT id,
    COALESCE((SELECT string_agg(d.sha256, ',' ORDER BY d.id) FROM bid_documents d
        WHERE d.project_id = $1 AND d.agency_id = $2), '') FROM b
