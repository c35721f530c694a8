package jobrun

import (
	"context"
	"time"

	"marketplace/domain/kernel"
)

// DefaultStaleAfter is how long a job may go without a successful run
// before it is flagged stale (JOB_STALE_AFTER): on the admin page and in the
// job_stale gauge an alert watches.
const DefaultStaleAfter = 5 * time.Minute

// SuccessResolution is how fresh a job's last success is kept while it
// has nothing to do: an idle run writes it at most this often, so that an
// idle scheduler does not write a row a second per job.
const SuccessResolution = 10 * time.Second

// Health is what an operator needs to know about one job: when it last
// succeeded, last made progress (changed something), last failed and why,
// and whether it has been failing, or silent, for too long.
type Health struct {
	Job            string     `json:"job"`
	LastSuccessAt  *time.Time `json:"last_success_at"`
	LastProgressAt *time.Time `json:"last_progress_at"`
	LastFailureAt  *time.Time `json:"last_failure_at"`
	LastError      string     `json:"last_error"`
	// FailingSince is the first failure after the last success (nil
	// while the job succeeds).
	FailingSince *time.Time `json:"failing_since"`
	// SinceProgress is the time since the last progress, in seconds
	// (nil when the job never changed anything).
	SinceProgress *float64 `json:"since_progress_seconds"`
	Stale         bool     `json:"stale"`
}

// judge fills the derived fields at now: a job is stale when its last
// success (or, never having succeeded, its first failure) is older than
// staleAfter — it has been failing, or has not run, for that long.
func (h *Health) judge(now time.Time, staleAfter time.Duration) {
	if h.LastProgressAt != nil {
		s := now.Sub(*h.LastProgressAt).Seconds()
		h.SinceProgress = &s
	}
	since := h.LastSuccessAt
	if since == nil {
		since = h.FailingSince
	}
	h.Stale = since != nil && now.Sub(*since) > staleAfter
}

// Overview is the admin's view of the scheduler: a page of recorded runs
// and the health of every job that has run.
type Overview struct {
	kernel.List[*Run]
	Health []*Health `json:"health"`
}

// Overview returns a page of runs and every job's health (admins only).
func (r *Runner[S]) Overview(ctx context.Context, actor kernel.Actor, f Filter, p kernel.Page) (*Overview, error) {
	if err := kernel.Authorize(actor, kernel.ActAdminister); err != nil {
		return nil, err
	}
	runs, err := r.List(ctx, actor, f, p)
	if err != nil {
		return nil, err
	}
	h, err := r.Health(ctx)
	if err != nil {
		return nil, err
	}
	return &Overview{List: runs, Health: h}, nil
}

// Health returns the health of every job that has run, judged at the
// platform clock. It reveals no project, bid or account, only job names
// and times, and feeds the metrics endpoint as well as the admin page.
func (r *Runner[S]) Health(ctx context.Context) ([]*Health, error) {
	hs, err := r.Store.FindJobHealth(ctx)
	if err != nil {
		return nil, err
	}
	now, err := r.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	staleAfter := r.StaleAfter
	if staleAfter <= 0 {
		staleAfter = DefaultStaleAfter
	}
	for _, h := range hs {
		h.judge(now, staleAfter)
	}
	return hs, nil
}
