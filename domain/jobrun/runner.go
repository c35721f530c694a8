package jobrun

import (
	"context"
	"errors"
	"strconv"
	"time"

	"marketplace/domain/kernel"
)

// Runner runs scheduled jobs under their advisory locks and records their
// runs and health. S is the whole transaction a job's body works in (the
// aggregate store in domain), at least a Tx. It is cheap to build and
// holds no state; domain.Marketplace builds one per call.
type Runner[S Tx] struct {
	// Store reads and records outside a transaction.
	Store S
	// InTx runs a function in one transaction over S.
	InTx kernel.TxFunc[S]
	// StaleAfter is how long a job may go without success before it is
	// flagged stale (zero: DefaultStaleAfter).
	StaleAfter time.Duration
}

// List returns recent job runs (admins only).
func (r *Runner[S]) List(ctx context.Context, actor kernel.Actor, f Filter, p kernel.Page) (kernel.List[*Run], error) {
	if actor.Role != kernel.RoleAdmin {
		return kernel.List[*Run]{}, kernel.ErrForbidden
	}
	if err := p.Normalize(); err != nil {
		return kernel.List[*Run]{}, err
	}
	runs, total, err := r.Store.FindJobRuns(ctx, f, p)
	if err != nil {
		return kernel.List[*Run]{}, err
	}
	return kernel.NewList(runs, total, p), nil
}

// Func is the body of a scheduled job: it runs inside one transaction
// that holds the job's advisory lock, with the platform clock's now, and
// returns how many rows it changed.
type Func[S any] func(ctx context.Context, s S, now time.Time) (int, error)

// BatchFunc is one batch of a job that works in batches: each call runs
// in a transaction of its own holding the job's advisory lock, and reports
// the rows it changed and whether more work remains.
type BatchFunc[S any] func(ctx context.Context, s S, now time.Time) (rows int, more bool, err error)

// RecordTimeout bounds the recording of a failed run, which happens
// after the run's own context may have ended (a run that timed out is
// recorded all the same).
const RecordTimeout = 5 * time.Second

// Run runs body under the job's advisory lock so that only one replica
// runs it at a time, and records the run. ran is false when another replica
// held the lock. A failed body rolls back and is recorded with its error.
func (r *Runner[S]) Run(ctx context.Context, name, replica string, body Func[S]) (run *Run, ran bool, err error) {
	return r.RunBatched(ctx, name, replica, func(ctx context.Context, s S, now time.Time) (int, bool, error) {
		n, err := body(ctx, s, now)
		return n, false, err
	})
}

// RunBatched runs body batch after batch, each batch one transaction
// that takes the job's advisory lock and commits the batch's work together
// with the run's record so far. When ctx ends (shutdown) it starts no new
// batch: the batch under way finishes and commits, and the run stops there;
// what is left is found by the next run, in this replica or another. The
// batches work under a context detached from ctx's cancellation but not
// from its deadline, so that a shutdown never rolls back half a batch while
// a run that hangs still ends at its timeout.
//
// Runs that changed nothing are not written as rows (the scheduler counts
// them in a metric); every run updates the job's health (Health). A
// failed run is recorded with its error, with a context of its own, since a
// run that timed out has none left.
func (r *Runner[S]) RunBatched(ctx context.Context, name, replica string, body BatchFunc[S]) (run *Run, ran bool, err error) {
	return r.RunBatchedInSlot(ctx, name, 0, replica, body)
}

// RunBatchedInSlot is RunBatched for one of a job's concurrent runners:
// slot 0 holds the job's advisory lock, slot k > 0 a lock of its own, so
// that up to n runners (in any number of replicas) run batches at once.
// Their bodies must not take the same rows (close_bidding locks its
// projects SKIP LOCKED). Runs and health are recorded under the job's name;
// a runner other than 0 records a success only when its batch changed
// something.
func (r *Runner[S]) RunBatchedInSlot(ctx context.Context, name string, slot int, replica string, body BatchFunc[S]) (run *Run, ran bool, err error) {
	lock := "job." + name
	if slot > 0 {
		lock += "#" + strconv.Itoa(slot)
	}
	bctx := context.WithoutCancel(ctx)
	if d, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		bctx, cancel = context.WithDeadline(bctx, d)
		defer cancel()
	}
	run = &Run{Job: name, Replica: replica}
	var got bool // this replica holds the lock in the current batch
	for more := true; more; {
		next := *run
		got = false
		err = r.InTx(bctx, func(s S) error {
			ok, err := s.TryLock(bctx, lock)
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
			if slot > 0 && n == 0 {
				// Only runner 0 reports the job's idle health: an idle
				// batch of another runner (it found every due project
				// taken) must not clear a failure that runner 0 or a
				// third runner keeps meeting, nor queue on the job's
				// health row behind the other runners' commits.
				return nil
			}
			return s.RecordJobSuccess(bctx, name, end, n > 0, SuccessResolution)
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
		return run, true, r.recordFailure(ctx, run, err)
	}
	return run, ran, err
}

// recordFailure writes a failed run: the row (with the rows its committed
// batches changed) and the job's health.
func (r *Runner[S]) recordFailure(ctx context.Context, run *Run, cause error) error {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), RecordTimeout)
	defer cancel()
	end, err := r.Store.Now(rctx)
	if err != nil {
		end = time.Now().UTC()
	}
	run.EndedAt, run.Error = &end, cause.Error()
	if run.StartedAt.IsZero() {
		run.StartedAt = end
	}
	recErr := r.InTx(rctx, func(s S) error {
		if err := s.SaveJobRun(rctx, run); err != nil {
			return err
		}
		return s.RecordJobFailure(rctx, run.Job, end, run.Error)
	})
	return errors.Join(cause, recErr)
}

// Record runs body outside any transaction (an outbound engine's round,
// which must not hold one across the network; leases keep replicas apart
// instead of the job lock) and records the run as RunBatched does:
// a row only when it changed something or failed, and the job's health.
func (r *Runner[S]) Record(ctx context.Context, name, replica string, body func(ctx context.Context) (int, error)) (*Run, error) {
	run := &Run{Job: name, Replica: replica}
	start, err := r.Store.Now(ctx)
	if err != nil {
		return run, err
	}
	run.StartedAt = start
	rows, err := body(ctx)
	if err != nil {
		return run, r.recordFailure(ctx, run, err)
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), RecordTimeout)
	defer cancel()
	end, nerr := r.Store.Now(rctx)
	if nerr != nil {
		end = time.Now().UTC()
	}
	run.EndedAt, run.Rows = &end, rows
	recErr := r.InTx(rctx, func(s S) error {
		if rows > 0 {
			if err := s.SaveJobRun(rctx, run); err != nil {
				return err
			}
		}
		return s.RecordJobSuccess(rctx, name, end, rows > 0, SuccessResolution)
	})
	return run, recErr
}

// IdleRunRetention is how long runs that changed nothing are kept: jobs run
// every second, and an admin needs the recent ones plus every run that did
// something or failed, which are kept for good. Idle runs are no longer
// written (Health carries their news); the prune clears older rows.
const IdleRunRetention = time.Hour

// PruneIdle is the prune_job_runs job: it deletes old idle job runs.
func PruneIdle(ctx context.Context, s Store, now time.Time) (int, error) {
	return s.DeleteIdleJobRuns(ctx, now.Add(-IdleRunRetention))
}
