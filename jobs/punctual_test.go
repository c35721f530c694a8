package jobs

import (
	"testing"
	"time"
)

// A runner looks again when the next work falls due, bounded by
// punctualRetry and the interval, and a whole interval after a failed run:
// a close that fails every time is not retried twenty times a second by
// every runner.
func TestPunctualWait(t *testing.T) {
	const interval = time.Second
	for _, c := range []struct {
		name        string
		in          time.Duration
		due, failed bool
		want        time.Duration
	}{
		{"next close in 300 ms", 300 * time.Millisecond, true, false, 300 * time.Millisecond},
		{"a close overdue, skipped (held by a bid)", -2 * time.Second, true, false, punctualRetry},
		{"next close in an hour", time.Hour, true, false, interval},
		{"nothing in bidding", 0, false, false, interval},
		{"the run failed, a close still overdue", -2 * time.Second, true, true, interval},
	} {
		if got := punctualWait(interval, c.in, c.due, c.failed); got != c.want {
			t.Errorf("%s: wait %s, want %s", c.name, got, c.want)
		}
	}
}
