package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
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
	if err := closeProjects(ctx, s, due, now, m.lowPriceDue(now)); err != nil {
		return 0, false, err
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

// closeProject closes one locked project whose deadline passed (see
// closeProjects). The caller holds the project row FOR UPDATE.
func closeProject(ctx context.Context, s Store, p *Project, now, lowPriceDue time.Time) error {
	return closeProjects(ctx, s, []*Project{p}, now, lowPriceDue)
}

// closeProjects settles the bids of locked projects whose deadline passed
// (settleBids); a project with fewer valid bids than min_bids fails (流标),
// the others go to evaluation, where abnormally low bids wait for their
// explanation until lowPriceDue. A batch is closed as sets: the same
// statements for one project or a hundred (bids, statuses, bids read
// back, low prices, notifications, audit rows), so that closes due in the
// same second are all on time; only an item's low-price rule and an
// auction's closing event cost a statement each. The caller holds the
// rows locked.
func closeProjects(ctx context.Context, s Store, ps []*Project, now, lowPriceDue time.Time) error {
	if len(ps) == 0 {
		return nil
	}
	counts, err := settleBids(ctx, s, ps, now)
	if err != nil {
		return err
	}
	evs := make([]ProjectEvent, len(ps))
	for i, p := range ps {
		evs[i] = EventClose
		if counts[p.ID].valid < p.MinBids {
			evs[i] = EventCloseFailed
		}
	}
	if err := market.CloseRows(ctx, s, ps, evs, now); err != nil {
		return err
	}
	var checked []*Project
	for _, p := range ps {
		if market.InLowPriceCheck(p) {
			checked = append(checked, p)
		}
	}
	var flags lowPriceFlags
	if len(checked) > 0 {
		ids := make([]int64, len(checked))
		for i, p := range checked {
			ids[i] = p.ID
		}
		// One statement for every bid of every such project, settled above.
		bids, err := s.FindBidsOf(ctx, ids)
		if err != nil {
			return err
		}
		rules := &lowPriceRules{s: s}
		for _, p := range checked {
			rule, err := rules.of(ctx, p.ItemCode)
			if err != nil {
				return err
			}
			flagLowPrices(p, bids[p.ID], rule, now, lowPriceDue, &flags)
		}
		if err := s.CreateLowPriceBids(ctx, flags.bids); err != nil {
			return err
		}
		if err := s.CreateEachNotification(ctx, flags.notes); err != nil {
			return err
		}
	}
	audits := flags.audits
	for _, p := range ps {
		if p.IsAuction() {
			ev := AuctionEvent{ProjectID: p.ID, Kind: AuctionEventClosed, Status: p.Status, ClosesAt: p.ClosesAt,
				Bids: p.AuctionBids, Extensions: p.Extensions, BestPrice: p.BestPrice, At: now}
			if err := s.NotifyAuction(ctx, ev); err != nil {
				return err
			}
		}
		c := counts[p.ID]
		audits = append(audits, NewAudit(SystemActor, "project.closed", "project", projectSubject(p.ID),
			map[string]any{"status": p.Status, "valid_bids": c.valid, "invalid_bids": c.invalid, "min_bids": p.MinBids, "closes_at": p.ClosesAt}))
	}
	return s.AppendAudits(ctx, audits)
}
