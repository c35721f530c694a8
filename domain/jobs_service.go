package domain

import (
	"context"
	"errors"
	"time"
)

// ListJobRuns returns recent job runs (admins only).
func (m *Marketplace) ListJobRuns(ctx context.Context, actor Actor, job string, p Page) (List[*JobRun], error) {
	if actor.Role != RoleAdmin {
		return List[*JobRun]{}, ErrForbidden
	}
	if err := p.Normalize(); err != nil {
		return List[*JobRun]{}, err
	}
	runs, total, err := m.Store.FindJobRuns(ctx, job, p)
	if err != nil {
		return List[*JobRun]{}, err
	}
	return NewList(runs, total, p), nil
}

// JobFunc is the body of a scheduled job: it runs inside one transaction
// that holds the job's advisory lock, with the platform clock's now, and
// returns how many rows it changed.
type JobFunc func(ctx context.Context, s Store, now time.Time) (int, error)

// RunJob runs body under the job's advisory lock so that only one replica
// runs it at a time, and records the run. ran is false when another replica
// held the lock. A failed body rolls back and is recorded with its error.
func (m *Marketplace) RunJob(ctx context.Context, name, replica string, body JobFunc) (run *JobRun, ran bool, err error) {
	run = &JobRun{Job: name, Replica: replica}
	err = m.Store.InTx(ctx, func(s Store) error {
		ok, err := s.TryLock(ctx, "job."+name)
		if err != nil || !ok {
			return err
		}
		ran = true
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		run.StartedAt = now
		run.Rows, err = body(ctx, s, now)
		if err != nil {
			return err
		}
		end, err := s.Now(ctx)
		if err != nil {
			return err
		}
		run.EndedAt = &end
		return s.CreateJobRun(ctx, run)
	})
	if err != nil && ran {
		end := time.Now().UTC()
		run.EndedAt, run.Error, run.Rows = &end, err.Error(), 0
		if run.StartedAt.IsZero() {
			run.StartedAt = end
		}
		if recErr := m.Store.CreateJobRun(ctx, run); recErr != nil {
			return run, ran, errors.Join(err, recErr)
		}
	}
	return run, ran, err
}

// RecordJobRun runs body outside any transaction (an outbound engine's
// round, which must not hold one across the network; leases keep replicas
// apart instead of the job lock) and records the run.
func (m *Marketplace) RecordJobRun(ctx context.Context, name, replica string, body func(ctx context.Context) (int, error)) (*JobRun, error) {
	run := &JobRun{Job: name, Replica: replica}
	start, err := m.Store.Now(ctx)
	if err != nil {
		return run, err
	}
	run.StartedAt = start
	rows, err := body(ctx)
	end, nerr := m.Store.Now(context.WithoutCancel(ctx))
	if nerr != nil {
		end = time.Now().UTC()
	}
	run.EndedAt, run.Rows = &end, rows
	if err != nil {
		run.Error, run.Rows = err.Error(), 0
	}
	if recErr := m.Store.CreateJobRun(context.WithoutCancel(ctx), run); recErr != nil {
		return run, errors.Join(err, recErr)
	}
	return run, err
}

// IdleRunRetention is how long runs that changed nothing are kept: jobs run
// every second, and an admin needs the recent ones plus every run that did
// something or failed, which are kept for good.
const IdleRunRetention = time.Hour

// PruneJobRunsJob deletes old idle job runs.
func (m *Marketplace) PruneJobRunsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return s.DeleteIdleJobRuns(ctx, now.Add(-IdleRunRetention))
}
