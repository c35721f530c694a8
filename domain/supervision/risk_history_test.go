package supervision_test

import (
	"testing"

	"marketplace/domain/kernel"
	"marketplace/domain/supervision"
)

// hp builds a closed lowest-price project: bidders with prices, the winner.
func hp(id, owner int64, winner int64, bids ...supervision.HistoryBid) supervision.HistoryProject {
	ceiling := kernel.Money(10000000)
	h := supervision.HistoryProject{ID: id, OwnerID: owner, Funding: fundingSelf, Method: methodLowestPrice,
		Region: "湖北省武汉市", Ceiling: &ceiling, ClosedAt: riskNow, AwardedAgency: winner, Bids: bids}
	for _, b := range bids {
		if b.AgencyID == winner {
			h.AwardPrice = b.Price
		}
	}
	return h
}

func hb(agency int64, price kernel.Money) supervision.HistoryBid {
	return supervision.HistoryBid{AgencyID: agency, Price: price, Status: supervision.BidValid}
}

func TestDetectBidRotation(t *testing.T) {
	cfg := supervision.DefaultRiskConfig
	ring := func(id, winner int64) supervision.HistoryProject {
		return hp(id, 100+id, winner, hb(1, 9000000), hb(2, 9500000), hb(3, 9700000), hb(int64(50+id), 9900000))
	}
	rotating := []supervision.HistoryProject{ring(1, 1), ring(2, 2), ring(3, 3), ring(4, 1), ring(5, 2)}
	got := supervision.DetectBidRotation(rotating, cfg)
	if len(got) != 1 || len(got[0].AgencyIDs) != 3 {
		t.Fatalf("rotation: %+v, want one flag naming agencies 1, 2, 3", got)
	}
	// the same group where one member always wins is no rotation
	same := []supervision.HistoryProject{ring(1, 1), ring(2, 1), ring(3, 1), ring(4, 1), ring(5, 1)}
	if got := supervision.DetectBidRotation(same, cfg); len(got) != 0 {
		t.Errorf("one winner flagged as rotation: %+v", got)
	}
	// too few shared projects
	if got := supervision.DetectBidRotation(rotating[:3], cfg); len(got) != 0 {
		t.Errorf("three projects flagged: %+v", got)
	}
	// outsiders winning most of the group's projects: competition, not a ring
	var lost []supervision.HistoryProject
	for i := int64(1); i <= 6; i++ {
		w := int64(50 + i)
		if i <= 3 {
			w = i
		}
		lost = append(lost, ring(i, w))
	}
	if got := supervision.DetectBidRotation(lost, cfg); len(got) != 0 {
		t.Errorf("group winning half its projects flagged: %+v", got)
	}
}

func TestDetectLowestYields(t *testing.T) {
	cfg := supervision.DefaultRiskConfig
	withdrawn := supervision.HistoryBid{AgencyID: 1, Price: 8000000, Status: supervision.BidWithdrawn}
	declined := supervision.HistoryBid{AgencyID: 1, Price: 8000000, Status: supervision.BidValid, Candidate: "declined"}
	p1 := hp(1, 10, 2, withdrawn, hb(2, 9800000), hb(3, 9900000))
	p2 := hp(2, 11, 2, declined, hb(2, 9700000), hb(4, 9900000))
	if got := supervision.DetectLowestYields([]supervision.HistoryProject{p1, p2}, cfg); len(got) != 1 || got[0].AgencyIDs[0] != 1 || got[0].AgencyIDs[1] != 2 {
		t.Fatalf("got %+v, want one flag on agencies 1 and 2", got)
	}
	if got := supervision.DetectLowestYields([]supervision.HistoryProject{p1}, cfg); len(got) != 0 {
		t.Errorf("one yield flagged: %+v", got)
	}
	p3 := hp(3, 12, 3, withdrawn, hb(3, 9700000))
	if got := supervision.DetectLowestYields([]supervision.HistoryProject{p1, p3}, cfg); len(got) != 0 {
		t.Errorf("yields to different winners flagged: %+v", got)
	}
	honest := hp(4, 13, 1, hb(1, 8000000), hb(2, 9000000))
	if got := supervision.DetectLowestYields([]supervision.HistoryProject{honest, honest}, cfg); len(got) != 0 {
		t.Errorf("lowest bidder winning flagged: %+v", got)
	}
}

func TestDetectOwnerConcentration(t *testing.T) {
	cfg := supervision.DefaultRiskConfig
	var favoured, fair []supervision.HistoryProject
	for i := int64(1); i <= 6; i++ {
		bids := []supervision.HistoryBid{hb(1, 9000000), hb(2, 9100000), hb(3, 9200000), hb(4, 9300000), hb(5, 9400000)}
		favoured = append(favoured, hp(i, 10, 1, bids...))
		fair = append(fair, hp(i, 10, 1+(i%5), bids...))
	}
	got := supervision.DetectOwnerConcentration(favoured, cfg)
	if len(got) != 1 || got[0].AgencyIDs[0] != 1 || *got[0].OwnerID != 10 {
		t.Fatalf("favoured agency: %+v", got)
	}
	if got := supervision.DetectOwnerConcentration(fair, cfg); len(got) != 0 {
		t.Errorf("spread awards flagged: %+v", got)
	}
	// an enterprise choosing directly is within its rights
	for i := range favoured {
		favoured[i].Method = supervision.MethodDirect
	}
	if got := supervision.DetectOwnerConcentration(favoured, cfg); len(got) != 0 {
		t.Errorf("direct selection flagged: %+v", got)
	}
}

func TestDetectSingleBidNearCeiling(t *testing.T) {
	cfg := supervision.DefaultRiskConfig
	dept := func(id int64, price kernel.Money, bids ...supervision.HistoryBid) supervision.HistoryProject {
		h := hp(id, 20, 7, bids...)
		h.Funding, h.AwardPrice = supervision.FundingBudget, price
		return h
	}
	lone := func(id int64) supervision.HistoryProject { return dept(id, 9900000, hb(7, 9900000)) }
	if got := supervision.DetectSingleBidNearCeiling([]supervision.HistoryProject{lone(1), lone(2)}, cfg); len(got) != 1 {
		t.Fatalf("two lone near-ceiling awards: %+v", got)
	}
	cheap := dept(3, 7000000, hb(7, 7000000))
	contested := dept(4, 9900000, hb(7, 9900000), hb(8, 9950000))
	enterprise := lone(5)
	enterprise.Funding = fundingSelf
	if got := supervision.DetectSingleBidNearCeiling([]supervision.HistoryProject{lone(1), cheap, contested, enterprise}, cfg); len(got) != 0 {
		t.Errorf("flagged without a second lone near-ceiling department award: %+v", got)
	}
}

// A project's funding and method other than the ones the indicators single
// out (domain's FundingSelf and MethodLowestPrice).
const (
	fundingSelf       = "self"
	methodLowestPrice = "lowest_price"
)
