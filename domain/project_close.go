package domain

import (
	"context"
	"time"
)

// CloseBatchSize is how many projects one batch of close_bidding closes in
// one transaction; a run loops over batches, and a shutdown stops it at a
// batch boundary.
const CloseBatchSize = 100

// CloseBiddingJob closes every project in bidding whose effective close
// (closes_at, which includes auction extensions) has passed, batch after
// batch in the caller's transaction (tests, demo data). The scheduler runs
// CloseBiddingBatch instead, one transaction a batch.
func (m *Marketplace) CloseBiddingJob(ctx context.Context, s Store, now time.Time) (int, error) {
	total := 0
	for {
		n, more, err := m.CloseBiddingBatch(ctx, s, now)
		total += n
		if err != nil || !more {
			return total, err
		}
	}
}

// CloseBiddingBatch closes up to CloseBatchSize projects whose close has
// passed: rows locked FOR NO KEY UPDATE SKIP LOCKED, so a second replica, or a
// project that a bid still holds FOR SHARE, is skipped and taken by the
// next batch or run. Running it twice closes nothing twice, because a
// closed project is no longer in bidding. more reports a full batch.
func (m *Marketplace) CloseBiddingBatch(ctx context.Context, s Store, now time.Time) (n int, more bool, err error) {
	due, err := s.FindProjectsToClose(ctx, now, CloseBatchSize)
	if err != nil {
		return 0, false, err
	}
	for _, p := range due {
		if err := closeProject(ctx, s, p, now, m.lowPriceDue(now)); err != nil {
			return 0, false, err
		}
	}
	return len(due), len(due) == CloseBatchSize, nil
}

// NextCloseIn says how long until close_bidding next has a project to
// close (the scheduler runs it then: a close on the second).
func (m *Marketplace) NextCloseIn(ctx context.Context) (time.Duration, bool, error) {
	return m.Store.NextCloseIn(ctx)
}

// closeDue closes one project at request time when its deadline has passed
// and it is still in bidding; it returns the project as it now stands.
func (m *Marketplace) closeDue(ctx context.Context, s Store, id int64) (*Project, error) {
	p, err := s.FindProjectByID(ctx, id, LockUpdate)
	if err != nil {
		return nil, err
	}
	now, err := s.Now(ctx)
	if err != nil {
		return nil, err
	}
	if p.Status == ProjectBidding && !now.Before(p.ClosesAt) {
		if err := closeProject(ctx, s, p, now, m.lowPriceDue(now)); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// closeProject settles the bids of a locked project whose deadline passed
// (settleBids); with fewer valid bids than min_bids the project fails
// (流标), otherwise it goes to evaluation, where abnormally low bids wait for
// their explanation until lowPriceDue. The caller holds the project row FOR
// UPDATE.
func closeProject(ctx context.Context, s Store, p *Project, now, lowPriceDue time.Time) error {
	valid, invalid, err := settleBids(ctx, s, p, now)
	if err != nil {
		return err
	}
	ev := EventClose
	if valid < p.MinBids {
		ev = EventCloseFailed
	}
	if err := fireProject(ctx, s, p, ev, SystemActor); err != nil {
		return err
	}
	p.ClosedAt = &now
	if err := s.UpdateProjectState(ctx, p); err != nil {
		return err
	}
	if HasLowPriceCheck(p.Method) && p.Status == ProjectEvaluating {
		// One statement for every bid, settled above, whatever their number.
		bids, err := s.FindBids(ctx, p.ID)
		if err != nil {
			return err
		}
		if err := flagLowPrices(ctx, s, p, bids, now, lowPriceDue); err != nil {
			return err
		}
	}
	if p.IsAuction() {
		ev := AuctionEvent{ProjectID: p.ID, Kind: AuctionEventClosed, Status: p.Status, ClosesAt: p.ClosesAt,
			Bids: p.AuctionBids, Extensions: p.Extensions, BestPrice: p.BestPrice, At: now}
		if err := s.NotifyAuction(ctx, ev); err != nil {
			return err
		}
	}
	return s.AppendAudit(ctx, NewAudit(SystemActor, "project.closed", "project", projectSubject(p.ID),
		map[string]any{"status": p.Status, "valid_bids": valid, "invalid_bids": invalid, "min_bids": p.MinBids, "closes_at": p.ClosesAt}))
}
