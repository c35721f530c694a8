package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
	"marketplace/domain/opendata"
)

// CloseBiddingJob closes every project in bidding whose effective close
// (closes_at, which includes auction extensions) has passed, batches of
// market.CloseBatchSize in the caller's transaction (tests, demo data). The
// scheduler runs CloseBiddingBatch instead, one transaction a batch.
func (m *Marketplace) CloseBiddingJob(ctx context.Context, s Store, now time.Time) (int, error) {
	total := 0
	for {
		n, more, err := m.closeBidding(ctx, s, now, market.CloseBatchSize)
		total += n
		if err != nil || !more {
			return total, err
		}
	}
}

// CloseBiddingBatch closes the next batch of projects whose close has
// passed (job close_bidding, run by market.CloseWorkers runners at once):
// a few on the second, a hundred behind a backlog (market.CloseBatchLimit).
func (m *Marketplace) CloseBiddingBatch(ctx context.Context, s Store, now time.Time) (n int, more bool, err error) {
	in, ok, err := s.NextCloseIn(ctx)
	if err != nil || !ok {
		return 0, false, err
	}
	return m.closeBidding(ctx, s, now, market.CloseBatchLimit(-in))
}

// closeBidding closes up to limit projects whose close has passed: rows
// locked FOR NO KEY UPDATE SKIP LOCKED, so another runner or replica, or a
// project that a bid still holds FOR SHARE, is skipped and taken by the
// next batch or run. Running it twice closes nothing twice, because a
// closed project is no longer in bidding. more reports a full batch.
func (m *Marketplace) closeBidding(ctx context.Context, s Store, now time.Time, limit int) (n int, more bool, err error) {
	due, err := s.FindProjectsToClose(ctx, now, limit)
	if err != nil {
		return 0, false, err
	}
	if err := market.CloseProjects(ctx, closeTx{s}, due, now, m.lowPriceDue(now)); err != nil {
		return 0, false, err
	}
	return len(due), len(due) == limit, nil
}

// NextCloseIn says how long until close_bidding next has a project to
// close, negative when one is overdue (the scheduler runs it then: a close
// on the second).
func (m *Marketplace) NextCloseIn(ctx context.Context) (time.Duration, bool, error) {
	return m.Store.NextCloseIn(ctx)
}

// closeDue closes one project at request time when its deadline has passed
// and it is still in bidding (market.CloseDue); it returns the project as
// it now stands.
func (m *Marketplace) closeDue(ctx context.Context, s Store, id int64) (*market.Project, error) {
	return market.CloseDue(ctx, closeTx{s}, id, m.lowPriceDue)
}

// closeTx is a close's view of a transaction: the aggregate store, with
// the in-app notices written through open data's notifications.
type closeTx struct{ Store }

// WriteInboxEach writes each notice to its account, in one statement.
func (t closeTx) WriteInboxEach(ctx context.Context, ns []market.InboxNotice) error {
	out := make([]*opendata.Notification, len(ns))
	for i, n := range ns {
		out[i] = notificationOf(n.AgencyNotice)
		out[i].AccountID = n.AccountID
	}
	return t.CreateEachNotification(ctx, out)
}
