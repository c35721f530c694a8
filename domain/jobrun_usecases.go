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

// jobRunner builds the job runner from the Marketplace's current fields.
func (m *Marketplace) jobRunner() *jobrun.Runner[Store] {
	return &jobrun.Runner[Store]{Store: m.Store, InTx: txOf(m.Store, func(s Store) Store { return s }), StaleAfter: m.JobStaleAfter}
}

// ListJobRuns returns recent job runs (admins only).
func (m *Marketplace) ListJobRuns(ctx context.Context, actor Actor, f JobRunFilter, p Page) (List[*JobRun], error) {
	return m.jobRunner().List(ctx, actor, f, p)
}

// RunJob runs body under the job's advisory lock and records the run.
func (m *Marketplace) RunJob(ctx context.Context, name, replica string, body JobFunc) (run *JobRun, ran bool, err error) {
	return m.jobRunner().Run(ctx, name, replica, body)
}

// RunBatchedJob runs body batch after batch, each in a transaction of its
// own holding the job's lock (jobrun.Runner.RunBatched).
func (m *Marketplace) RunBatchedJob(ctx context.Context, name, replica string, body JobBatchFunc) (run *JobRun, ran bool, err error) {
	return m.jobRunner().RunBatched(ctx, name, replica, body)
}

// RecordJobRun runs body outside any transaction and records the run.
func (m *Marketplace) RecordJobRun(ctx context.Context, name, replica string, body func(ctx context.Context) (int, error)) (*JobRun, error) {
	return m.jobRunner().Record(ctx, name, replica, body)
}

// PruneJobRunsJob deletes old idle job runs.
func (m *Marketplace) PruneJobRunsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return jobrun.PruneIdle(ctx, s, now)
}

// JobsOverview returns a page of runs and every job's health (admins only).
func (m *Marketplace) JobsOverview(ctx context.Context, actor Actor, f JobRunFilter, p Page) (*JobsOverview, error) {
	return m.jobRunner().Overview(ctx, actor, f, p)
}

// JobHealth returns the health of every job that has run.
func (m *Marketplace) JobHealth(ctx context.Context) ([]*JobHealth, error) {
	return m.jobRunner().Health(ctx)
}
