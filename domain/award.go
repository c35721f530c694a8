package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
)

// SelectResultsJob publishes the ranked result of every evaluating project
// whose method the platform ranks alone (lowest price, random draw, reverse
// auction). Rows are locked FOR UPDATE SKIP LOCKED; a project already
// published is no longer evaluating, so a second run changes nothing.
func (m *Marketplace) SelectResultsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.eachDue(ctx, s, DueSelection, now, func(p *market.Project, l *market.Lifecycle) error {
		return m.PostAward().SelectResult(ctx, m.lifecycleTx(s), p, l, now)
	})
}

// LifecycleBatchSize is how many projects a lifecycle job takes per batch.
const LifecycleBatchSize = 100

// eachDue runs fn on every project due for stage, batch by batch, each
// project locked and its stage state read.
func (m *Marketplace) eachDue(ctx context.Context, s Store, stage string, now time.Time, fn func(*market.Project, *market.Lifecycle) error) (int, error) {
	total := 0
	for {
		ids, err := s.FindProjectsDue(ctx, stage, now, LifecycleBatchSize)
		if err != nil {
			return total, err
		}
		for _, id := range ids {
			p, err := s.FindProjectByID(ctx, id, market.LockUpdate)
			if err != nil {
				return total, err
			}
			l, err := s.FindLifecycle(ctx, id)
			if err != nil {
				return total, err
			}
			if err := fn(p, l); err != nil {
				return total, err
			}
		}
		total += len(ids)
		if len(ids) < LifecycleBatchSize {
			return total, nil
		}
	}
}
