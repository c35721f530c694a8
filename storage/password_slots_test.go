package storage

import (
	"sync"
	"testing"
)

// A burst of password hashes runs at most as many at once as there are
// hash slots (one per core), so that a burst of logins or registrations
// holds that many hashes' memory, not one per request; every hash still
// verifies.
func TestArgon2id_BurstRunsInSlots(t *testing.T) {
	t.Parallel()
	h := Argon2id{Memory: 4 * 1024, Time: 1, Threads: 1}
	burst := 2*cap(hashSlots) + 2 // more than the slots, whatever the cores
	var wg sync.WaitGroup
	hashes := make([]string, burst)
	errs := make([]error, burst)
	for i := range burst {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hashes[i], errs[i] = h.Hash("correct horse battery staple")
		}()
	}
	wg.Wait()
	for i := range burst {
		if errs[i] != nil || !h.Verify(hashes[i], "correct horse battery staple") {
			t.Fatalf("hash %d: %v, or it does not verify", i, errs[i])
		}
	}
	if n, slots := hashesAtMost.Load(), int32(cap(hashSlots)); n < 1 || n > slots {
		t.Errorf("%d hashes ran at once, want at most %d (one per core)", n, slots)
	}
}
