package storage_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"marketplace/domain"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// Bid transactions are admitted BID_CONCURRENCY at a time
// (storage/bid_gate.go): the others wait without a connection, are let in
// in the order they came, and one whose request goes away leaves without
// running or taking a turn.
func TestBidGate_AdmitsAFewAtATimeInArrivalOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.MustOpen(t)
	if err := db.SetBidConcurrency(0); err == nil {
		t.Error("a concurrency of 0 was accepted")
	}
	if err := db.SetBidConcurrency(storage.MaxBidTransactions + 1); err == nil {
		t.Error("a concurrency above MaxBidTransactions was accepted")
	}
	const slots = 2
	if err := db.SetBidConcurrency(slots); err != nil {
		t.Fatal(err)
	}
	// await polls count until it reads want: what the bids do happens in
	// their goroutines.
	await := func(what string, count func() int, want int) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for count() != want {
			if time.Now().After(deadline) {
				t.Fatalf("%d bids %s, want %d", count(), what, want)
			}
			time.Sleep(time.Millisecond)
		}
	}
	waiting := func() int { return int(testutil.ToFloat64(db.BidCollectors()[0])) }
	awaitWaiting := func(n int) { t.Helper(); await("waiting", waiting, n) }

	// Two bids hold the slots; every bid runs a statement in its
	// transaction so that it holds a connection as a real bid does.
	var mu sync.Mutex
	var order []string
	bid := func(name string, hold chan struct{}) func(context.Context) error {
		return func(ctx context.Context) error {
			return db.InBidTx(ctx, func(s domain.Store) error {
				if _, err := s.Now(ctx); err != nil {
					return err
				}
				mu.Lock()
				order = append(order, name)
				mu.Unlock()
				if hold != nil {
					<-hold
				}
				return nil
			})
		}
	}
	// Each holder is let go on its own, and the third holds its turn too:
	// two bids admitted together would record themselves in either order.
	release := map[string]chan struct{}{"first": make(chan struct{}), "second": make(chan struct{}), "third": make(chan struct{})}
	errs := make(chan error, 8)
	inside := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(order)
	}
	for _, name := range []string{"first", "second"} {
		go func() { errs <- bid(name, release[name])(ctx) }()
	}
	await("inside", inside, 2)

	// Three more arrive one after the other and wait; one of them gives up.
	gone, giveUp := context.WithCancel(ctx)
	go func() { errs <- bid("third", release["third"])(ctx) }()
	awaitWaiting(1)
	abandoned := make(chan error, 1)
	go func() { abandoned <- bid("abandoned", nil)(gone) }()
	awaitWaiting(2)
	go func() { errs <- bid("fourth", nil)(ctx) }()
	awaitWaiting(3)
	if n := db.SQL().Stats().InUse; n > slots {
		t.Errorf("%d connections in use while %d bids wait, want at most %d", n, waiting(), slots)
	}
	giveUp()
	if err := <-abandoned; !errors.Is(err, context.Canceled) {
		t.Errorf("the bid whose request went away: %v, want context.Canceled", err)
	}
	awaitWaiting(2)

	close(release["first"])
	await("inside", inside, 3)
	close(release["second"])
	close(release["third"])
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := waiting(); got != 0 {
		t.Errorf("%d bids still counted as waiting", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(order) != 4 || order[2] != "third" || order[3] != "fourth" {
		t.Errorf("bids entered as %v, want first and second, then third, then fourth (the abandoned one never)", order)
	}
}
