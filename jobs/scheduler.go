// Package jobs runs the scheduled jobs with robfig/cron. Jobs hold no rules
// and no SQL: each calls one domain method, which takes its advisory lock,
// reads the platform clock and records its run. Correctness never rests on
// the scheduler: requests enforce every deadline themselves, the jobs only
// move states along.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"marketplace/domain"
	"marketplace/domain/jobrun"
	"marketplace/domain/market"
	"marketplace/domain/opendata"
)

// Job is one named job body: Run (one transaction), Batch (one
// transaction a batch, stopped at a batch boundary on shutdown), or
// Deliver, an outbound engine that holds no transaction across the
// network (Start runs it continuously, RunOnce one round).
type Job struct {
	Name    string
	Run     jobrun.Func[domain.Store]
	Batch   jobrun.BatchFunc[domain.Store]
	Deliver *Deliverer
	// DueIn, when set, says how long until the job next has work (ok
	// false: none in sight); Start then runs the job when that work falls
	// due instead of on the interval's tick (punctual.go).
	DueIn func(ctx context.Context) (in time.Duration, ok bool, err error)
	// Workers, for a Batch job with DueIn, is how many runners take its
	// batches at once, each under an advisory lock of its own (zero: one).
	Workers int
	// Every, when longer than the scheduler's interval, is the job's own:
	// for a job with no deadline to keep whose run reads a set that grows
	// with the data, so that it does not read it every second.
	Every time.Duration
}

// DefaultTimeout bounds one run of a job.
const DefaultTimeout = 30 * time.Second

// Scheduler runs every job at its interval in every replica; the advisory
// lock taken by domain.Marketplace.Jobs().Run lets one replica at a time run each.
type Scheduler struct {
	Market   *domain.Marketplace
	Log      *slog.Logger
	Interval time.Duration
	Replica  string
	Jobs     []Job
	// Timeout bounds one run (zero: DefaultTimeout); a run past it rolls
	// back and is recorded as failed.
	Timeout time.Duration
	// Unavailable, when set, is told of a job that found the database
	// unreachable instead of logging every failed run during an outage.
	Unavailable func(error)

	cron    *cron.Cron
	base    context.Context // ends when Stop begins: running jobs stop at a batch boundary
	cancel  context.CancelFunc
	metrics *metrics
	engines sync.WaitGroup
}

// New returns a scheduler for the marketplace's standard jobs.
func New(m *domain.Marketplace, log *slog.Logger, interval time.Duration) *Scheduler {
	host, _ := os.Hostname()
	base, cancel := context.WithCancel(context.Background())
	return &Scheduler{Market: m, Log: log, Interval: interval, Replica: fmt.Sprintf("%s/%d", host, os.Getpid()), Jobs: StandardJobs(m, log),
		base: base, cancel: cancel, metrics: newMetrics()}
}

// StandardJobs lists the jobs of SPEC §5 that exist so far.
func StandardJobs(m *domain.Marketplace, log *slog.Logger) []Job {
	return []Job{
		{Name: "close_bidding", Batch: m.CloseBiddingBatch, DueIn: m.NextCloseIn, Workers: market.CloseWorkers},
		{Name: "refresh_project_search", Batch: m.RefreshProjectSearchBatch},
		{Name: "seal_audit", Run: m.SealAuditJob},
		{Name: "audit_checkpoint", Run: m.AuditCheckpointJob},
		{Name: "prune_job_runs", Run: m.PruneJobRunsJob},
		{Name: "lift_suspensions", Run: m.LiftSuspensionsJob},
		{Name: "recompute_credit", Run: m.RecomputeCreditJob},
		{Name: "refresh_credit_search", Batch: m.RefreshCreditSearchBatch},
		{Name: "sync_search", Run: m.SyncSearchJob},
		{Name: "select_results", Batch: m.SelectResultsBatch},
		{Name: "end_publicity", Batch: m.EndPublicityBatch},
		{Name: "escalate_objections", Batch: m.EscalateObjectionsBatch},
		{Name: "close_answered_objections", Batch: m.CloseAnsweredObjectionsBatch},
		{Name: "expire_signing", Batch: m.ExpireSigningBatch},
		{Name: "flag_overdue", Batch: m.FlagOverdueBatch},
		{Name: "default_evaluations", Batch: m.DefaultEvaluationsBatch},
		{Name: "risk_on_close", Batch: m.RiskOnCloseBatch},
		{Name: "risk_history", Run: m.RiskHistoryJob},
		{Name: "risk_purge_evidence", Run: m.RiskPurgeJob},
		{Name: "dispatch_events", Run: m.DispatchEventsJob},
		{Name: "deliver_webhooks", Deliver: NewDeliverer(m, opendata.WebhookTopic, log)},
		{Name: "send_email", Deliver: NewDeliverer(m, opendata.EmailTopic, log)},
		{Name: "prune_deliveries", Run: m.PruneDeliveriesJob},
		{Name: "notify_closing_soon", Run: m.ClosingSoonJob, Every: opendata.ClosingSoonEvery},
		{Name: "prune_idempotency_keys", Run: m.PruneIdempotencyKeysJob},
		{Name: "match_saved_searches", Run: m.MatchSavedSearchesJob},
		{Name: "saved_search_digest", Run: m.SavedSearchDigestJob},
	}
}

// Names returns the job names, sorted.
func (s *Scheduler) Names() []string {
	var out []string
	for _, j := range s.Jobs {
		out = append(out, j.Name)
	}
	sort.Strings(out)
	return out
}

// Start schedules every job. An interval below one second is refused.
func (s *Scheduler) Start() error {
	if s.Interval < time.Second {
		return fmt.Errorf("jobs: interval %s is below cron's one-second resolution", s.Interval)
	}
	logger := cron.VerbosePrintfLogger(slog.NewLogLogger(s.Log.Handler(), slog.LevelDebug))
	s.cron = cron.New(cron.WithSeconds(), cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	for _, j := range s.Jobs {
		j := j
		if j.Deliver != nil {
			s.engines.Go(func() { j.Deliver.Run(s.base) })
			continue
		}
		if j.DueIn != nil {
			for slot := range max(1, j.Workers) {
				s.engines.Go(func() { s.punctual(j, slot) })
			}
			continue
		}
		spec := fmt.Sprintf("@every %s", max(s.Interval, j.Every))
		if _, err := s.cron.AddFunc(spec, func() {
			if s.base.Err() == nil { // no new run once shutdown has begun
				s.runOnce(s.base, j, 0)
			}
		}); err != nil {
			return fmt.Errorf("jobs: schedule %s: %w", j.Name, err)
		}
	}
	s.cron.Start()
	return nil
}

// Stop stops scheduling, tells running jobs to stop at their next batch
// boundary, and waits for them until ctx ends; it returns ctx's error when
// a job is still running then (the caller exits anyway: whatever that job
// had not committed is rolled back with its connection).
func (s *Scheduler) Stop(ctx context.Context) error {
	s.cancel()
	done := make(chan struct{})
	go func() {
		if s.cron != nil {
			<-s.cron.Stop().Done()
		}
		// Outbound engines see s.base end: they cut their sends short and
		// record what they did.
		s.engines.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// RunOnce runs the named job now (command line, tests); it returns the run.
func (s *Scheduler) RunOnce(ctx context.Context, name string) (*jobrun.Run, error) {
	for _, j := range s.Jobs {
		if j.Name == name {
			return s.runOnce(ctx, j, 0)
		}
	}
	return nil, fmt.Errorf("jobs: no job named %q (have %v)", name, s.Names())
}

// RunAll runs every job once, in order (tests step the world with it).
func (s *Scheduler) RunAll(ctx context.Context) error {
	for _, j := range s.Jobs {
		if _, err := s.runOnce(ctx, j, 0); err != nil {
			return err
		}
	}
	return nil
}

// runOnce runs j once as runner slot (0 for a job's only runner).
func (s *Scheduler) runOnce(ctx context.Context, j Job, slot int) (*jobrun.Run, error) {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var (
		run *jobrun.Run
		ran bool
		err error
	)
	if j.Deliver != nil {
		run, err = s.Market.Jobs().Record(ctx, j.Name, s.Replica, j.Deliver.RunOnce)
		ran = true
	} else if j.Batch != nil {
		run, ran, err = s.Market.Jobs().RunBatchedInSlot(ctx, j.Name, slot, s.Replica, j.Batch)
	} else {
		run, ran, err = s.Market.Jobs().Run(ctx, j.Name, s.Replica, j.Run)
	}
	switch {
	case domain.ErrorCode(err) == domain.EUNAVAILABLE:
		if s.Unavailable != nil {
			s.Unavailable(err)
		} else {
			s.Log.Debug("job skipped: database unreachable", "job", j.Name, "err", err)
		}
	case err != nil:
		s.metrics.count(j.Name, outcomeFailed)
		s.Log.Error("job failed", "job", j.Name, "err", err)
	case !ran:
		s.metrics.count(j.Name, outcomeLocked)
	case run.Rows > 0:
		s.metrics.count(j.Name, outcomeProgress)
		s.Log.Info("job ran", "job", j.Name, "rows", run.Rows)
	default:
		s.metrics.count(j.Name, outcomeIdle)
	}
	return run, err
}
