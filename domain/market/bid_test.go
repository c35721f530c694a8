package market

import (
	"errors"
	"strings"
	"testing"
	"time"

	"marketplace/domain/kernel"
)

func reason(err error) string {
	var e *kernel.Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

func TestBidTerms_Validate(t *testing.T) {
	ceiling := kernel.Money(100000)
	p := &Project{CeilingPrice: &ceiling, ServiceDays: 30}
	for _, c := range []struct {
		name   string
		in     BidTerms
		reason string
	}{
		{"ok", BidTerms{Price: 90000, Proposal: " 方案 "}, ""},
		{"zero price", BidTerms{Price: 0}, "price_not_positive"},
		{"above ceiling", BidTerms{Price: 100001}, "price_above_ceiling"},
		{"long proposal", BidTerms{Price: 1, Proposal: strings.Repeat("字", MaxProposalRunes+1)}, "proposal_length"},
		{"days above", BidTerms{Price: 1, ServiceDays: 31}, "bid_service_days_range"},
	} {
		in := c.in
		if got := reason(in.Validate(p)); got != c.reason {
			t.Errorf("%s: reason %q, want %q", c.name, got, c.reason)
		}
	}
	in := BidTerms{Price: 1, Proposal: " 方案 "}
	if err := in.Validate(p); err != nil || in.Proposal != "方案" || in.ServiceDays != 30 {
		t.Errorf("normalised to %+v (%v), want the proposal trimmed and the project's 30 days", in, err)
	}
}

func TestAuctionRules(t *testing.T) {
	ceiling, step := kernel.Money(100000), kernel.Money(1000)
	closes := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	p := &Project{ID: 7, CeilingPrice: &ceiling, MinStep: &step, ClosesAt: closes}
	if got := reason(CheckAuctionPrice(p, 99001)); got != "price_not_below_best" {
		t.Errorf("first bid above ceiling less step: %q", got)
	}
	if err := CheckAuctionPrice(p, 99000); err != nil {
		t.Errorf("first bid at ceiling less step: %v", err)
	}
	best := kernel.Money(90000)
	p.BestPrice = &best
	if got := reason(CheckAuctionPrice(p, 89500)); got != "price_not_below_best" {
		t.Errorf("bid within a step of the best: %q", got)
	}
	if got := reason(CheckAuctionPrice(p, 0)); got != "price_not_positive" {
		t.Errorf("zero price: %q", got)
	}

	ExtendAuction(p, closes.Add(-10*time.Minute), 5*time.Minute, 1)
	if p.Extensions != 0 || !p.ClosesAt.Equal(closes) {
		t.Errorf("a bid well before the close extended the auction: %v, %d", p.ClosesAt, p.Extensions)
	}
	ExtendAuction(p, closes.Add(-time.Minute), 5*time.Minute, 1)
	ExtendAuction(p, closes.Add(-time.Minute), 5*time.Minute, 1)
	if p.Extensions != 1 || !p.ClosesAt.Equal(closes.Add(5*time.Minute)) {
		t.Errorf("late bids: closes %v after %d extensions, want one extension", p.ClosesAt, p.Extensions)
	}

	bids := []*AuctionBid{{AgencyID: 3, BidderNo: 1, Price: 95000, Seq: 1}, {AgencyID: 4, BidderNo: 2, Price: 90000, Seq: 2}}
	st := NewAuctionState(p, bids, 3, kernel.Actor{ID: 4, Role: kernel.RoleAgency})
	if len(st.History) != 2 || st.History[0].Bidder != "竞价人 1" || st.MyBidder != "竞价人 2" || st.MaxExtension != 3 {
		t.Errorf("state %+v", st)
	}
	if st := NewAuctionState(p, bids, 3, kernel.Actor{ID: 4, Role: kernel.RoleEnterprise}); st.MyBidder != "" {
		t.Errorf("a non-agency viewer got label %q", st.MyBidder)
	}
}
