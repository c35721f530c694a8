package storage

import (
	"strings"
	"testing"
)

// The sealed and the auction bid write the bid, its evidence and its audit
// row with the same CTEs (queries/bid_record_writes.sql, which both
// statements start with).
func TestBidRecordQueries_ShareTheirCTEs(t *testing.T) {
	t.Parallel()
	shared := func(name, q string) string {
		from, to := strings.Index(q, "WITH b AS ("), strings.Index(q, "$21, $22))")
		if from < 0 || to < from {
			t.Fatalf("%s: the b, e and a CTEs not found", name)
		}
		return q[from : to+len("$21, $22))")]
	}
	if s, a := shared("bid_record_sealed", sealedBidWrite), shared("bid_record_auction", auctionBidWrite); s != a {
		t.Errorf("the CTEs of bid_record_sealed.sql and bid_record_auction.sql differ:\n%s\n---\n%s", s, a)
	}
}
