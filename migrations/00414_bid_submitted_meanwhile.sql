-- +goose Up
-- A sealed bid reads the documents its receipt names in its first round
-- trip, under the agency's bid row lock (docs/performance.md). When the
-- agency had no bid yet there was no row to lock: if another request of
-- the same agency submitted its first bid meanwhile, and a document was
-- attached to it, this bid's writes would revise that bid with a receipt
-- naming too few documents. Such a first bid refuses to revise: its
-- statement calls this function, which aborts the transaction, and the
-- domain submits the bid again as the revision it now is.
-- +goose StatementBegin
CREATE FUNCTION bid_submitted_meanwhile() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the agency''s bid on this project was submitted by another request meanwhile'
        USING ERRCODE = 'serialization_failure', CONSTRAINT = 'bids_submitted_meanwhile';
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION bid_submitted_meanwhile();
