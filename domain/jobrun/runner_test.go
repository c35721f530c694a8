package jobrun_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"marketplace/domain/jobrun"
	"marketplace/domain/kernel"
)

// jobs is the job store in memory; locked says whether another replica
// holds every job's lock.
type jobs struct {
	jobrun.Store // the reads these tests do not reach (the nil panics)
	locked       bool
	saved        []jobrun.Run
	successes    int
	failures     []string
	now          time.Time
}

func (j *jobs) Now(context.Context) (time.Time, error) {
	j.now = j.now.Add(time.Second)
	return j.now, nil
}
func (j *jobs) TryLock(context.Context, string) (bool, error) { return !j.locked, nil }
func (j *jobs) SaveJobRun(_ context.Context, r *jobrun.Run) error {
	if r.ID == 0 {
		r.ID = int64(len(j.saved) + 1)
		j.saved = append(j.saved, *r)
	} else {
		j.saved[r.ID-1] = *r
	}
	return nil
}
func (j *jobs) RecordJobSuccess(context.Context, string, time.Time, bool, time.Duration) error {
	j.successes++
	return nil
}
func (j *jobs) RecordJobFailure(_ context.Context, _ string, _ time.Time, errText string) error {
	j.failures = append(j.failures, errText)
	return nil
}

func runner(j *jobs) *jobrun.Runner[*jobs] {
	return &jobrun.Runner[*jobs]{Store: j, InTx: func(ctx context.Context, fn func(*jobs) error) error { return fn(j) }}
}

// TestRunner_RunBatched: batches run until the body has no more, and the
// run is one row with their rows; a run that changed nothing writes no
// row but counts as a success; a locked job does not run; a failure is
// recorded with the rows of the batches before it.
func TestRunner_RunBatched(t *testing.T) {
	ctx := context.Background()
	j := &jobs{now: time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC)}
	batches := 0
	run, ran, err := runner(j).RunBatched(ctx, "close_bidding", "r1", func(context.Context, *jobs, time.Time) (int, bool, error) {
		batches++
		return 10, batches < 3, nil
	})
	if err != nil || !ran || batches != 3 || run.Rows != 30 || len(j.saved) != 1 || j.saved[0].Rows != 30 || j.successes != 3 {
		t.Fatalf("three batches: %+v ran=%v err=%v, saved %+v, %d successes", run, ran, err, j.saved, j.successes)
	}

	if _, ran, err := runner(j).Run(ctx, "idle", "r1", func(context.Context, *jobs, time.Time) (int, error) { return 0, nil }); err != nil || !ran || len(j.saved) != 1 || j.successes != 4 {
		t.Errorf("an idle run: ran=%v err=%v, %d rows saved, %d successes", ran, err, len(j.saved), j.successes)
	}

	j.locked = true
	if _, ran, err := runner(j).Run(ctx, "close_bidding", "r2", func(context.Context, *jobs, time.Time) (int, error) {
		t.Error("the body ran without the lock")
		return 1, nil
	}); err != nil || ran {
		t.Errorf("a locked job: ran=%v err=%v", ran, err)
	}

	j.locked, batches = false, 0
	boom := errors.New("database gone")
	run, ran, err = runner(j).RunBatched(ctx, "close_bidding", "r1", func(context.Context, *jobs, time.Time) (int, bool, error) {
		batches++
		if batches == 2 {
			return 0, false, boom
		}
		return 5, true, nil
	})
	if !errors.Is(err, boom) || !ran || run.Rows != 5 || run.Error != boom.Error() || len(j.failures) != 1 || j.saved[len(j.saved)-1].Error != boom.Error() {
		t.Errorf("a failed second batch: %+v ran=%v err=%v failures %v", run, ran, err, j.failures)
	}
}

// TestRunner_List: only an administrator reads the runs.
func TestRunner_List(t *testing.T) {
	_, err := runner(&jobs{}).List(context.Background(), kernel.Actor{ID: 1, Role: kernel.RoleDepartment}, jobrun.Filter{}, kernel.Page{})
	if kernel.ErrorCode(err) != kernel.EFORBIDDEN {
		t.Errorf("a department listed job runs: %v", err)
	}
}
