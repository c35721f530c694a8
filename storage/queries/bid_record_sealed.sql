-- bid_record_sealed: what a sealed bid's statement returns after the
-- writes of bid_record_writes.sql ($1 to $22): the bid's id. (Its receipt
-- names the documents LockProjectForBidder read under the bid's row lock.)
SELECT id FROM b
