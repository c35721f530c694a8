package jobrun

import (
	"context"
	"time"

	"marketplace/domain/kernel"
)

// Run is one execution of a scheduled job.
type Run struct {
	ID        int64      `json:"id"`
	Job       string     `json:"job"`
	StartedAt time.Time  `json:"started_at"`
	EndedAt   *time.Time `json:"ended_at"`
	Rows      int        `json:"rows"`
	Error     string     `json:"error,omitempty"`
	Replica   string     `json:"replica,omitempty"`
}

// Filter selects job runs: one job's (Job), or failed ones only.
type Filter struct {
	Job    string
	Failed bool
}

// Store records job runs and the jobs' health.
type Store interface {
	// SaveJobRun inserts the run (r.ID == 0, setting it) or updates it.
	SaveJobRun(ctx context.Context, r *Run) error
	FindJobRuns(ctx context.Context, f Filter, p kernel.Page) ([]*Run, int, error)
	// RecordJobSuccess notes a successful run ending at at (progressed: it
	// changed something); an idle success is written only when the stored
	// one is older than resolution or the job was failing.
	RecordJobSuccess(ctx context.Context, job string, at time.Time, progressed bool, resolution time.Duration) error
	// RecordJobFailure notes a failed run and its error.
	RecordJobFailure(ctx context.Context, job string, at time.Time, errText string) error
	// FindJobHealth returns the stored health of every job, by name.
	FindJobHealth(ctx context.Context) ([]*Health, error)
	// DeleteIdleJobRuns deletes runs that changed nothing and ended before t.
	DeleteIdleJobRuns(ctx context.Context, before time.Time) (int, error)
}

// Tx is the transaction a job's batch runs in: the job store, the
// platform clock and the job's advisory lock. A job's body receives the
// whole transaction (S), which is at least this.
type Tx interface {
	Store
	Now(ctx context.Context) (time.Time, error)
	// TryLock takes a transaction-scoped advisory lock and reports whether
	// it got it; one replica runs each job at a time.
	TryLock(ctx context.Context, key string) (bool, error)
}
