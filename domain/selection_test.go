package domain_test

import (
	"testing"
	"time"

	"marketplace/domain/market"
)

var t0 = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func TestRankRandomDraw(t *testing.T) {
	cands := []market.Candidate{{BidID: 11}, {BidID: 5}, {BidID: 8}}
	r, d := market.RankRandomDraw(7, t0, cands)
	if err := market.VerifyDraw(d); err != nil {
		t.Fatal(err)
	}
	for i, c := range r {
		if c.BidID != d.Order[i] || c.Rank != i+1 {
			t.Errorf("rank %d is bid %d, draw order %v", i+1, c.BidID, d.Order)
		}
	}
	if d.Input != "project:7|closed_at:2026-11-25T09:00:00Z|bids:5,8,11" {
		t.Errorf("input %q", d.Input)
	}
}
