package api_test

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/jobs"
)

// A job with its own interval (Job.Every) runs at that interval, not on
// every tick of the scheduler: notify_closing_soon reads every live bid
// in its 24-hour window and runs once a minute.
func TestScheduler_JobRunsAtItsOwnInterval(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	var ticks, hourly atomic.Int32
	count := func(c *atomic.Int32) func(context.Context, domain.Store, time.Time) (int, error) {
		return func(context.Context, domain.Store, time.Time) (int, error) { c.Add(1); return 0, nil }
	}
	s := jobs.New(app.Market, slog.New(slog.DiscardHandler), time.Second)
	s.Jobs = []jobs.Job{{Name: "every_tick", Run: count(&ticks)}, {Name: "every_hour", Run: count(&hourly), Every: time.Hour}}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	defer s.Stop(context.Background())
	eventually(t, "the tick job runs twice", func() bool { return ticks.Load() >= 2 })
	if n := hourly.Load(); n != 0 {
		t.Errorf("the hourly job ran %d times in two ticks", n)
	}
	var closing jobs.Job
	for _, j := range jobs.StandardJobs(app.Market, slog.New(slog.DiscardHandler)) {
		if j.Name == "notify_closing_soon" {
			closing = j
		}
	}
	if closing.Every < time.Minute {
		t.Errorf("notify_closing_soon runs every %s; it reads every live bid in its window", closing.Every)
	}
}
