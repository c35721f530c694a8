package jobs

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Outcomes of a run, the label of job_runs_total. Idle runs are counted
// here instead of being written to the database.
const (
	outcomeProgress = "progress" // changed something (a row in job_runs)
	outcomeIdle     = "idle"     // had nothing to do
	outcomeFailed   = "failed"   // rolled back (a row in job_runs with the error)
	outcomeLocked   = "locked"   // another replica held the job's lock
)

// healthTimeout bounds the database read behind the job_stale gauge at
// each scrape.
const healthTimeout = 3 * time.Second

type metrics struct {
	runs *prometheus.CounterVec
}

func newMetrics() *metrics {
	return &metrics{runs: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "job_runs_total", Help: "Scheduled job runs in this replica by job and outcome (progress, idle, failed, locked).",
	}, []string{"job", "outcome"})}
}

func (m *metrics) count(job, outcome string) { m.runs.WithLabelValues(job, outcome).Inc() }

// Register adds the scheduler's metrics to reg: job_runs_total, counted in
// this replica, and job_stale, read from the database at each scrape so that
// every replica reports the cluster's state (1 for a job that has not
// succeeded for JOB_STALE_AFTER, which an alert watches). Labels are job
// names only: nothing about a project or a bid.
func (s *Scheduler) Register(reg prometheus.Registerer) error {
	if err := reg.Register(s.metrics.runs); err != nil {
		return err
	}
	return reg.Register(staleCollector{s})
}

var staleDesc = prometheus.NewDesc("job_stale", "1 when the job has not succeeded for longer than JOB_STALE_AFTER (failing or not running).", []string{"job"}, nil)

type staleCollector struct{ s *Scheduler }

func (c staleCollector) Describe(ch chan<- *prometheus.Desc) { ch <- staleDesc }

func (c staleCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), healthTimeout)
	defer cancel()
	hs, err := c.s.Market.Jobs().Health(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(staleDesc, err)
		return
	}
	for _, h := range hs {
		v := 0.0
		if h.Stale {
			v = 1
		}
		ch <- prometheus.MustNewConstMetric(staleDesc, prometheus.GaugeValue, v, h.Job)
	}
}
