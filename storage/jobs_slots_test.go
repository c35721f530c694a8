package storage_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// Runners of one job in different slots run their batches at once; two
// runners in the same slot (two replicas) do not. Both bodies of the first
// pair must be inside their transactions together, which only two advisory
// locks allow; the second pair's second runner finds the slot's lock taken.
func TestJobs_SlotsRunAtOnceOneRunnerPerSlot(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	m := domain.NewMarketplace(db, storage.DefaultHasher, domain.DefaultPeriods())
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	run := func(slots [2]int, body func() error) (ran [2]bool, errs [2]error) {
		var wg sync.WaitGroup
		for i, slot := range slots {
			wg.Go(func() {
				_, ran[i], errs[i] = m.Jobs().RunBatchedInSlot(ctx, "slots", slot, "test", func(context.Context, domain.Store, time.Time) (int, bool, error) {
					return 1, false, body()
				})
			})
		}
		wg.Wait()
		return ran, errs
	}

	// Slots 0 and 1: each body waits until the other has begun.
	var inside sync.WaitGroup
	inside.Add(2)
	both := make(chan struct{})
	go func() { inside.Wait(); close(both) }()
	ran, errs := run([2]int{0, 1}, func() error {
		inside.Done()
		select {
		case <-both:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	if !ran[0] || !ran[1] || errs[0] != nil || errs[1] != nil {
		t.Fatalf("slots 0 and 1: ran %v, errors %v; want both inside at once", ran, errs)
	}

	// Slot 1 twice: the first holds the slot's lock until the second has
	// tried it, and the second does not run.
	aInside, bDone := make(chan struct{}), make(chan struct{})
	var aRan bool
	var aErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		_, aRan, aErr = m.Jobs().RunBatchedInSlot(ctx, "slots", 1, "replica a", func(context.Context, domain.Store, time.Time) (int, bool, error) {
			close(aInside)
			select {
			case <-bDone:
				return 1, false, nil
			case <-ctx.Done():
				return 0, false, ctx.Err()
			}
		})
	})
	<-aInside
	_, bRan, bErr := m.Jobs().RunBatchedInSlot(ctx, "slots", 1, "replica b", func(context.Context, domain.Store, time.Time) (int, bool, error) {
		return 1, false, nil
	})
	close(bDone)
	wg.Wait()
	if !aRan || aErr != nil || bRan || bErr != nil {
		t.Errorf("slot 1 twice: first ran %v (%v), second ran %v (%v); want only the first", aRan, aErr, bRan, bErr)
	}
}

// A runner other than 0 that found nothing to do leaves the job's health
// alone: its idle batch must not clear the failure another runner keeps
// meeting (a close that fails every time). A batch of it that changed
// something is a success like any.
func TestJobs_IdleRunnerLeavesAFailureStanding(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	m := domain.NewMarketplace(db, storage.DefaultHasher, domain.DefaultPeriods())
	ctx := context.Background()
	batch := func(rows int, err error) func(context.Context, domain.Store, time.Time) (int, bool, error) {
		return func(context.Context, domain.Store, time.Time) (int, bool, error) { return rows, false, err }
	}
	failingSince := func() *time.Time {
		t.Helper()
		hs, err := db.FindJobHealth(ctx)
		if err != nil || len(hs) != 1 {
			t.Fatalf("health: %v %v", hs, err)
		}
		return hs[0].FailingSince
	}
	if _, _, err := m.Jobs().RunBatchedInSlot(ctx, "close", 0, "test", batch(0, errors.New("a project refuses its close"))); err == nil {
		t.Fatal("the failing batch reported no error")
	}
	if failingSince() == nil {
		t.Fatal("the failure was not recorded")
	}
	if _, ran, err := m.Jobs().RunBatchedInSlot(ctx, "close", 3, "test", batch(0, nil)); err != nil || !ran {
		t.Fatalf("idle batch of runner 3: ran %v, %v", ran, err)
	}
	if failingSince() == nil {
		t.Error("an idle batch of runner 3 cleared the job's failure")
	}
	if _, _, err := m.Jobs().RunBatchedInSlot(ctx, "close", 3, "test", batch(2, nil)); err != nil {
		t.Fatal(err)
	}
	if f := failingSince(); f != nil {
		t.Errorf("a batch of runner 3 that closed two projects left the job failing since %v", f)
	}
}
