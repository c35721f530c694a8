package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
)

// SelectResultsBatch publishes the ranked result of the next batch of
// evaluating projects whose method the platform ranks alone (lowest price,
// random draw, reverse auction); job select_results. Rows are locked FOR
// UPDATE SKIP LOCKED; a project already published is no longer
// evaluating, so a second run changes nothing.
func (m *Marketplace) SelectResultsBatch(ctx context.Context, s Store, now time.Time) (int, bool, error) {
	return m.dueBatch(ctx, s, DueSelection, now, func(p *market.Project, l *market.Lifecycle) error {
		return m.PostAward().SelectResult(ctx, m.lifecycleTx(s), p, l, now)
	})
}

// LifecycleBatchSize is how many projects a lifecycle job takes per batch.
const LifecycleBatchSize = 100

// dueBatch runs fn on the next batch of projects due for stage, in
// ascending ID order, each project locked and its stage state read; more
// is whether the batch was full.
//
// The scheduler runs each batch in a transaction of its own
// (jobrun.RunBatched), so that a job holds its projects' locks a batch at
// a time and a shutdown stops it at a batch boundary. When a run was one
// transaction over all its batches, a second batch could come back to a
// lower ID (one a close still held when the first was taken) and
// deadlock with refresh_project_search, which CI met; the refresh now
// waits for no lock (migration 00424: it leaves a document a transition
// holds for its next run), which rules that out on its own
// (TestLifecycleJobs_EachBatchCommits,
// TestLifecycleJobs_SelectionAndSearchRefreshDoNotDeadlock).
func (m *Marketplace) dueBatch(ctx context.Context, s Store, stage string, now time.Time, fn func(*market.Project, *market.Lifecycle) error) (int, bool, error) {
	ids, err := s.FindProjectsDue(ctx, stage, now, LifecycleBatchSize)
	if err != nil {
		return 0, false, err
	}
	for i, id := range ids {
		p, err := s.FindProjectByID(ctx, id, market.LockUpdate)
		if err != nil {
			return i, false, err
		}
		l, err := s.FindLifecycle(ctx, id)
		if err != nil {
			return i, false, err
		}
		if err := fn(p, l); err != nil {
			return i, false, err
		}
	}
	return len(ids), len(ids) == LifecycleBatchSize, nil
}
