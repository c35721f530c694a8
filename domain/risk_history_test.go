package domain_test

import (
	"testing"

	"marketplace/domain"
)

// hp builds a closed lowest-price project: bidders with prices, the winner.
func hp(id, owner int64, winner int64, bids ...domain.HistoryBid) domain.HistoryProject {
	ceiling := domain.Money(10000000)
	h := domain.HistoryProject{ID: id, OwnerID: owner, Funding: domain.FundingSelf, Method: domain.MethodLowestPrice,
		Region: "湖北省武汉市", Ceiling: &ceiling, ClosedAt: riskNow, AwardedAgency: winner, Bids: bids}
	for _, b := range bids {
		if b.AgencyID == winner {
			h.AwardPrice = b.Price
		}
	}
	return h
}

func hb(agency int64, price domain.Money) domain.HistoryBid {
	return domain.HistoryBid{AgencyID: agency, Price: price, Status: domain.BidValid}
}

func TestDetectBidRotation(t *testing.T) {
	cfg := domain.DefaultRiskConfig
	ring := func(id, winner int64) domain.HistoryProject {
		return hp(id, 100+id, winner, hb(1, 9000000), hb(2, 9500000), hb(3, 9700000), hb(int64(50+id), 9900000))
	}
	rotating := []domain.HistoryProject{ring(1, 1), ring(2, 2), ring(3, 3), ring(4, 1), ring(5, 2)}
	got := domain.DetectBidRotation(rotating, cfg)
	if len(got) != 1 || len(got[0].AgencyIDs) != 3 {
		t.Fatalf("rotation: %+v, want one flag naming agencies 1, 2, 3", got)
	}
	// the same group where one member always wins is no rotation
	same := []domain.HistoryProject{ring(1, 1), ring(2, 1), ring(3, 1), ring(4, 1), ring(5, 1)}
	if got := domain.DetectBidRotation(same, cfg); len(got) != 0 {
		t.Errorf("one winner flagged as rotation: %+v", got)
	}
	// too few shared projects
	if got := domain.DetectBidRotation(rotating[:3], cfg); len(got) != 0 {
		t.Errorf("three projects flagged: %+v", got)
	}
	// outsiders winning most of the group's projects: competition, not a ring
	var lost []domain.HistoryProject
	for i := int64(1); i <= 6; i++ {
		w := int64(50 + i)
		if i <= 3 {
			w = i
		}
		lost = append(lost, ring(i, w))
	}
	if got := domain.DetectBidRotation(lost, cfg); len(got) != 0 {
		t.Errorf("group winning half its projects flagged: %+v", got)
	}
}

func TestDetectLowestYields(t *testing.T) {
	cfg := domain.DefaultRiskConfig
	withdrawn := domain.HistoryBid{AgencyID: 1, Price: 8000000, Status: domain.BidWithdrawn}
	declined := domain.HistoryBid{AgencyID: 1, Price: 8000000, Status: domain.BidValid, Candidate: "declined"}
	p1 := hp(1, 10, 2, withdrawn, hb(2, 9800000), hb(3, 9900000))
	p2 := hp(2, 11, 2, declined, hb(2, 9700000), hb(4, 9900000))
	if got := domain.DetectLowestYields([]domain.HistoryProject{p1, p2}, cfg); len(got) != 1 || got[0].AgencyIDs[0] != 1 || got[0].AgencyIDs[1] != 2 {
		t.Fatalf("got %+v, want one flag on agencies 1 and 2", got)
	}
	if got := domain.DetectLowestYields([]domain.HistoryProject{p1}, cfg); len(got) != 0 {
		t.Errorf("one yield flagged: %+v", got)
	}
	p3 := hp(3, 12, 3, withdrawn, hb(3, 9700000))
	if got := domain.DetectLowestYields([]domain.HistoryProject{p1, p3}, cfg); len(got) != 0 {
		t.Errorf("yields to different winners flagged: %+v", got)
	}
	honest := hp(4, 13, 1, hb(1, 8000000), hb(2, 9000000))
	if got := domain.DetectLowestYields([]domain.HistoryProject{honest, honest}, cfg); len(got) != 0 {
		t.Errorf("lowest bidder winning flagged: %+v", got)
	}
}

func TestDetectOwnerConcentration(t *testing.T) {
	cfg := domain.DefaultRiskConfig
	var favoured, fair []domain.HistoryProject
	for i := int64(1); i <= 6; i++ {
		bids := []domain.HistoryBid{hb(1, 9000000), hb(2, 9100000), hb(3, 9200000), hb(4, 9300000), hb(5, 9400000)}
		favoured = append(favoured, hp(i, 10, 1, bids...))
		fair = append(fair, hp(i, 10, 1+(i%5), bids...))
	}
	got := domain.DetectOwnerConcentration(favoured, cfg)
	if len(got) != 1 || got[0].AgencyIDs[0] != 1 || *got[0].OwnerID != 10 {
		t.Fatalf("favoured agency: %+v", got)
	}
	if got := domain.DetectOwnerConcentration(fair, cfg); len(got) != 0 {
		t.Errorf("spread awards flagged: %+v", got)
	}
	// an enterprise choosing directly is within its rights
	for i := range favoured {
		favoured[i].Method = domain.MethodDirect
	}
	if got := domain.DetectOwnerConcentration(favoured, cfg); len(got) != 0 {
		t.Errorf("direct selection flagged: %+v", got)
	}
}

func TestDetectSingleBidNearCeiling(t *testing.T) {
	cfg := domain.DefaultRiskConfig
	dept := func(id int64, price domain.Money, bids ...domain.HistoryBid) domain.HistoryProject {
		h := hp(id, 20, 7, bids...)
		h.Funding, h.AwardPrice = domain.FundingBudget, price
		return h
	}
	lone := func(id int64) domain.HistoryProject { return dept(id, 9900000, hb(7, 9900000)) }
	if got := domain.DetectSingleBidNearCeiling([]domain.HistoryProject{lone(1), lone(2)}, cfg); len(got) != 1 {
		t.Fatalf("two lone near-ceiling awards: %+v", got)
	}
	cheap := dept(3, 7000000, hb(7, 7000000))
	contested := dept(4, 9900000, hb(7, 9900000), hb(8, 9950000))
	enterprise := lone(5)
	enterprise.Funding = domain.FundingSelf
	if got := domain.DetectSingleBidNearCeiling([]domain.HistoryProject{lone(1), cheap, contested, enterprise}, cfg); len(got) != 0 {
		t.Errorf("flagged without a second lone near-ceiling department award: %+v", got)
	}
}
