package domain

import (
	"context"
	"time"

	"marketplace/domain/jobrun"
)

// Jobs builds the job runner from the Marketplace's current fields.
func (m *Marketplace) Jobs() *jobrun.Runner[Store] {
	return &jobrun.Runner[Store]{Store: m.Store, InTx: txOf(m.Store, func(s Store) Store { return s }), StaleAfter: m.JobStaleAfter}
}

// PruneJobRunsJob deletes old idle job runs.
func (m *Marketplace) PruneJobRunsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return jobrun.PruneIdle(ctx, s, now)
}
