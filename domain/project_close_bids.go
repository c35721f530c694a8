package domain

import (
	"context"
	"time"
)

// settleBids judges every submitted bid of a locked project at its close:
// a bid becomes valid, or invalid with the reason when its agency is no
// longer eligible (suspended, blacklisted, qualification expired…). The
// facts are read and the statuses written as sets, two statements whatever
// the number of bids, so that a close with thousands of bids stays within
// its deadline budget; the rule itself is EligibilityError, the one the bid
// request applies.
func settleBids(ctx context.Context, s Store, p *Project, now time.Time) (valid, invalid int, err error) {
	bids, err := s.FindSubmittedBidFacts(ctx, p, now)
	if err != nil || len(bids) == 0 {
		return 0, 0, err
	}
	settled := make([]BidSettlement, len(bids))
	for i, b := range bids {
		settled[i] = BidSettlement{BidID: b.BidID, Status: BidValid}
		if b.NeedsConfirmation {
			settled[i].Status, settled[i].Reason = BidInvalid, BidInvalidUnconfirmed
			invalid++
		} else if e, ok := AsError(EligibilityError(p, &b.Facts, now)); ok {
			settled[i].Status, settled[i].Reason = BidInvalid, e.Reason
			invalid++
		} else {
			valid++
		}
	}
	return valid, invalid, s.SettleBids(ctx, p.ID, settled, now)
}
