package domain

import (
	"context"
	"time"

	"marketplace/domain/jobrun"
)

// Running scheduled jobs under their locks, their runs and health live in
// domain/jobrun. These aliases keep the names api/, web/, jobs/ and
// storage/ write.
type (
	JobRun       = jobrun.Run
	JobRunFilter = jobrun.Filter
	JobHealth    = jobrun.Health
	JobsOverview = jobrun.Overview
	// JobFunc is the body of a scheduled job, in one transaction holding
	// the job's lock (jobrun.Func).
	JobFunc = jobrun.Func[Store]
	// JobBatchFunc is one batch of a job that works in batches.
	JobBatchFunc = jobrun.BatchFunc[Store]
	// JobStore records job runs and the jobs' health.
	JobStore = jobrun.Store
)

// The scheduler's periods (jobrun).
const (
	DefaultJobStaleAfter = jobrun.DefaultStaleAfter
	JobSuccessResolution = jobrun.SuccessResolution
	JobRecordTimeout     = jobrun.RecordTimeout
	IdleRunRetention     = jobrun.IdleRunRetention
)

// Jobs builds the job runner from the Marketplace's current fields.
func (m *Marketplace) Jobs() *jobrun.Runner[Store] {
	return &jobrun.Runner[Store]{Store: m.Store, InTx: txOf(m.Store, func(s Store) Store { return s }), StaleAfter: m.JobStaleAfter}
}

// PruneJobRunsJob deletes old idle job runs.
func (m *Marketplace) PruneJobRunsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return jobrun.PruneIdle(ctx, s, now)
}
