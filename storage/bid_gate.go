package storage

import (
	"context"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/semaphore"
)

// DefaultBidTransactions is how many bid transactions one server runs on
// PostgreSQL at once (BID_CONCURRENCY). Bids beyond it wait in the server,
// in arrival order, before they take a connection.
//
// Why a limit: every bid locks its project row and its agency's row and
// holds them across two round trips. With 16 clients bidding on a 2-core
// machine, 16 backends ran such transactions at once; PostgreSQL then
// spent its CPU switching between them and recording their shared row
// locks, and the same machine did about a fifth more bids a second with 2
// to 8 of them admitted at once than with 16 (docs/performance.md, "Bids
// admitted a few at a time"). A bid's deadline is still judged by
// PostgreSQL's clock after the project's row lock: a bid that waits here
// waits as it would have waited for the lock or a CPU.
const DefaultBidTransactions = 8

// MaxBidTransactions bounds BID_CONCURRENCY: half the connection pool, so
// that bids never take the connections the jobs and pages need.
const MaxBidTransactions = poolSize / 2

// bidGate admits bid transactions a few at a time. golang.org/x/sync's
// weighted semaphore serves its waiters first come, first served, so a bid
// that arrived earlier is never overtaken by a later one while it waits.
type bidGate struct {
	slots   *semaphore.Weighted
	waiting prometheus.Gauge
}

func newBidGate(n int) *bidGate {
	return &bidGate{slots: semaphore.NewWeighted(int64(n)),
		waiting: prometheus.NewGauge(prometheus.GaugeOpts{Name: "marketplace_bid_transactions_waiting",
			Help: "Bids waiting for one of the BID_CONCURRENCY bid transactions a server runs at once (platform-wide; no project or agency)."})}
}

// enter waits for a slot; the caller calls leave when its transaction has
// ended. A request that goes away meanwhile gets its context's error and
// has touched nothing.
func (g *bidGate) enter(ctx context.Context) error {
	if g.slots.TryAcquire(1) {
		return nil
	}
	g.waiting.Inc()
	defer g.waiting.Dec()
	if err := g.slots.Acquire(ctx, 1); err != nil {
		return fmt.Errorf("storage: bid transaction: %w", err)
	}
	return nil
}

func (g *bidGate) leave() { g.slots.Release(1) }

// SetBidConcurrency sets how many bid transactions run at once
// (BID_CONCURRENCY, 1 to MaxBidTransactions). Call it before serving:
// bids already inside the old gate finish there.
func (s *DB) SetBidConcurrency(n int) error {
	if n < 1 || n > MaxBidTransactions {
		return fmt.Errorf("storage: bid concurrency %d: want 1 to %d", n, MaxBidTransactions)
	}
	s.bids.slots = semaphore.NewWeighted(int64(n))
	return nil
}

// BidCollectors are the bid gate's metrics.
func (s *DB) BidCollectors() []prometheus.Collector {
	return []prometheus.Collector{s.bids.waiting}
}
