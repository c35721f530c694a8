-- bid_record_sealed: what a sealed bid's statement returns after the
-- writes of bid_record_writes.sql ($1 to $23): the bid's id. (Its receipt
-- names the documents LockProjectForBidder read under the bid's row lock.)
-- A first bid that found the agency's bid submitted meanwhile ($23, b
-- empty) aborts here (migration 00414): that bid's documents were not
-- read under its lock.
SELECT COALESCE((SELECT id FROM b), bid_submitted_meanwhile())
