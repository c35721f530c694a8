package domain

import (
	"context"
	"errors"
	"time"
)

// JobRunFilter selects job runs: one job's (Job), or failed ones only.
type JobRunFilter struct {
	Job    string
	Failed bool
}

// ListJobRuns returns recent job runs (admins only).
func (m *Marketplace) ListJobRuns(ctx context.Context, actor Actor, f JobRunFilter, p Page) (List[*JobRun], error) {
	if actor.Role != RoleAdmin {
		return List[*JobRun]{}, ErrForbidden
	}
	if err := p.Normalize(); err != nil {
		return List[*JobRun]{}, err
	}
	runs, total, err := m.Store.FindJobRuns(ctx, f, p)
	if err != nil {
		return List[*JobRun]{}, err
	}
	return NewList(runs, total, p), nil
}

// JobFunc is the body of a scheduled job: it runs inside one transaction
// that holds the job's advisory lock, with the platform clock's now, and
// returns how many rows it changed.
type JobFunc func(ctx context.Context, s Store, now time.Time) (int, error)

// JobBatchFunc is one batch of a job that works in batches: each call runs
// in a transaction of its own holding the job's advisory lock, and reports
// the rows it changed and whether more work remains.
type JobBatchFunc func(ctx context.Context, s Store, now time.Time) (rows int, more bool, err error)

// JobRecordTimeout bounds the recording of a failed run, which happens
// after the run's own context may have ended (a run that timed out is
// recorded all the same).
const JobRecordTimeout = 5 * time.Second

// RunJob runs body under the job's advisory lock so that only one replica
// runs it at a time, and records the run. ran is false when another replica
// held the lock. A failed body rolls back and is recorded with its error.
func (m *Marketplace) RunJob(ctx context.Context, name, replica string, body JobFunc) (run *JobRun, ran bool, err error) {
	return m.RunBatchedJob(ctx, name, replica, func(ctx context.Context, s Store, now time.Time) (int, bool, error) {
		n, err := body(ctx, s, now)
		return n, false, err
	})
}

// RunBatchedJob runs body batch after batch, each batch one transaction
// that takes the job's advisory lock and commits the batch's work together
// with the run's record so far. When ctx ends (shutdown) it starts no new
// batch: the batch under way finishes and commits, and the run stops there;
// what is left is found by the next run, in this replica or another. The
// batches work under a context detached from ctx's cancellation but not
// from its deadline, so that a shutdown never rolls back half a batch while
// a run that hangs still ends at its timeout.
//
// Runs that changed nothing are not written as rows (the scheduler counts
// them in a metric); every run updates the job's health (JobHealth). A
// failed run is recorded with its error, with a context of its own, since a
// run that timed out has none left.
func (m *Marketplace) RunBatchedJob(ctx context.Context, name, replica string, body JobBatchFunc) (run *JobRun, ran bool, err error) {
	bctx := context.WithoutCancel(ctx)
	if d, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		bctx, cancel = context.WithDeadline(bctx, d)
		defer cancel()
	}
	run = &JobRun{Job: name, Replica: replica}
	var got bool // this replica holds the lock in the current batch
	for more := true; more; {
		next := *run
		got = false
		err = m.Store.InTx(bctx, func(s Store) error {
			ok, err := s.TryLock(bctx, "job."+name)
			if err != nil || !ok {
				return err
			}
			got = true
			now, err := s.Now(bctx)
			if err != nil {
				return err
			}
			if next.StartedAt.IsZero() {
				next.StartedAt = now
			}
			var n int
			n, more, err = body(bctx, s, now)
			if err != nil {
				return err
			}
			end, err := s.Now(bctx)
			if err != nil {
				return err
			}
			next.Rows += n
			next.EndedAt = &end
			if next.Rows > 0 {
				if err := s.SaveJobRun(bctx, &next); err != nil {
					return err
				}
			}
			return s.RecordJobSuccess(bctx, name, end, n > 0, JobSuccessResolution)
		})
		if err != nil || !got {
			break
		}
		ran, *run = true, next
		if ctx.Err() != nil {
			break
		}
	}
	if err != nil && (ran || got) {
		return run, true, m.recordFailure(ctx, run, err)
	}
	return run, ran, err
}

// recordFailure writes a failed run: the row (with the rows its committed
// batches changed) and the job's health.
func (m *Marketplace) recordFailure(ctx context.Context, run *JobRun, cause error) error {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), JobRecordTimeout)
	defer cancel()
	end, err := m.Store.Now(rctx)
	if err != nil {
		end = time.Now().UTC()
	}
	run.EndedAt, run.Error = &end, cause.Error()
	if run.StartedAt.IsZero() {
		run.StartedAt = end
	}
	recErr := m.Store.InTx(rctx, func(s Store) error {
		if err := s.SaveJobRun(rctx, run); err != nil {
			return err
		}
		return s.RecordJobFailure(rctx, run.Job, end, run.Error)
	})
	return errors.Join(cause, recErr)
}

// RecordJobRun runs body outside any transaction (an outbound engine's
// round, which must not hold one across the network; leases keep replicas
// apart instead of the job lock) and records the run as RunBatchedJob does:
// a row only when it changed something or failed, and the job's health.
func (m *Marketplace) RecordJobRun(ctx context.Context, name, replica string, body func(ctx context.Context) (int, error)) (*JobRun, error) {
	run := &JobRun{Job: name, Replica: replica}
	start, err := m.Store.Now(ctx)
	if err != nil {
		return run, err
	}
	run.StartedAt = start
	rows, err := body(ctx)
	if err != nil {
		return run, m.recordFailure(ctx, run, err)
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), JobRecordTimeout)
	defer cancel()
	end, nerr := m.Store.Now(rctx)
	if nerr != nil {
		end = time.Now().UTC()
	}
	run.EndedAt, run.Rows = &end, rows
	recErr := m.Store.InTx(rctx, func(s Store) error {
		if rows > 0 {
			if err := s.SaveJobRun(rctx, run); err != nil {
				return err
			}
		}
		return s.RecordJobSuccess(rctx, name, end, rows > 0, JobSuccessResolution)
	})
	return run, recErr
}

// IdleRunRetention is how long runs that changed nothing are kept: jobs run
// every second, and an admin needs the recent ones plus every run that did
// something or failed, which are kept for good. Idle runs are no longer
// written (JobHealth carries their news); the prune clears older rows.
const IdleRunRetention = time.Hour

// PruneJobRunsJob deletes old idle job runs.
func (m *Marketplace) PruneJobRunsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return s.DeleteIdleJobRuns(ctx, now.Add(-IdleRunRetention))
}
