package jobs

import (
	"time"
)

// punctualRetry is the least gap between two runs of a punctual job: a
// run that left due work behind (a project that a bid held FOR SHARE, or
// another replica's run) looks again this much later, not a tick later.
const punctualRetry = 50 * time.Millisecond

// punctual runs j whenever its work falls due, by the database clock; slot
// is the runner's number among j.Workers. On a tick a project would close
// up to a whole interval after its deadline, and a run that skipped a
// locked project would leave it for the next tick; the goal is a close
// within a second of the deadline (docs/performance.md). A runner's runs
// follow each other and go through RunBatchedInSlot's advisory lock of its
// slot, so two replicas never run the same slot at once, and the batches'
// rows are locked SKIP LOCKED, so no two runners close the same project.
//
// Runner 0 also runs once every Interval when nothing is due (the run
// records the job's health); the others only ask how long until work is
// due, one indexed statement and no transaction, and run only then.
func (s *Scheduler) punctual(j Job, slot int) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-s.base.Done():
			return
		case <-timer.C:
		}
		if slot > 0 {
			if in, ok, err := j.DueIn(s.base); err != nil || !ok || in > 0 {
				timer.Reset(punctualWait(s.Interval, in, err == nil && ok, false))
				continue
			}
		}
		run, err := s.runOnce(s.base, j, slot)
		failed := err != nil || (run != nil && run.Error != "")
		in, ok, err := j.DueIn(s.base)
		timer.Reset(punctualWait(s.Interval, in, err == nil && ok, failed))
	}
}

// punctualWait is how long a runner waits before it looks again: until
// the next work falls due (at least punctualRetry, at most interval), or
// the whole interval after a failed run. A close that fails every time
// (a project whose close a constraint refuses) would otherwise be retried
// by every runner twenty times a second, each failure a job run row and a
// log line; an interval later is soon enough to succeed once the cause
// is gone.
func punctualWait(interval, in time.Duration, due, failed bool) time.Duration {
	if failed || !due {
		return interval
	}
	return min(interval, max(in, punctualRetry))
}
