package jobs

import (
	"time"
)

// punctualRetry is the least gap between two runs of a punctual job: a
// run that left due work behind (a project that a bid held FOR SHARE, or
// another replica's run) looks again this much later, not a tick later.
const punctualRetry = 50 * time.Millisecond

// punctual runs j whenever its work falls due, by the database clock, and
// at least once every Interval. On a tick a project would close up to a
// whole interval after its deadline, and a run that skipped a locked
// project would leave it for the next tick; the goal is a close within a
// second of the deadline (docs/performance.md). Runs follow each other,
// never overlap, and go through RunBatchedJob's advisory lock like any
// run, so two replicas never close the same batch.
func (s *Scheduler) punctual(j Job) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-s.base.Done():
			return
		case <-timer.C:
		}
		s.runOnce(s.base, j)
		wait := s.Interval
		if in, ok, err := j.DueIn(s.base); err == nil && ok {
			wait = min(wait, max(in, punctualRetry))
		}
		timer.Reset(wait)
	}
}
