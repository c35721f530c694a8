package domain

import (
	"context"
	"time"
)

// bidCount is how a project's submitted bids were judged at its close.
type bidCount struct{ valid, invalid int }

// settleBids judges every submitted bid of locked projects at their close:
// a bid becomes valid, or invalid with the reason when its agency is no
// longer eligible (suspended, blacklisted, qualification expired…). The
// facts are read and the statuses written as sets, two statements whatever
// the number of bids and projects, so that a close with thousands of bids
// stays within its deadline budget; the rule itself is EligibilityError,
// the one the bid request applies.
func settleBids(ctx context.Context, s Store, ps []*Project, now time.Time) (map[int64]bidCount, error) {
	bids, err := s.FindSubmittedBidFacts(ctx, ps, now)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*Project, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
	}
	counts := make(map[int64]bidCount, len(ps))
	settled := make([]BidSettlement, len(bids))
	for i, b := range bids {
		c := counts[b.ProjectID]
		settled[i] = BidSettlement{BidID: b.BidID, Status: BidValid}
		if b.NeedsConfirmation {
			settled[i].Status, settled[i].Reason = BidInvalid, BidInvalidUnconfirmed
			c.invalid++
		} else if e, ok := AsError(EligibilityError(byID[b.ProjectID], &b.Facts, now)); ok {
			settled[i].Status, settled[i].Reason = BidInvalid, e.Reason
			c.invalid++
		} else {
			c.valid++
		}
		counts[b.ProjectID] = c
	}
	return counts, s.SettleBids(ctx, settled, now)
}
