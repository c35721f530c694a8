package server

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"
)

// DefaultShutdownTimeout is SHUTDOWN_TIMEOUT's default: the process exits
// this long after SIGTERM at the latest.
const DefaultShutdownTimeout = 15 * time.Second

// shutdownReserve is the part of the timeout kept for closing the database
// and exiting after the drain. A fifth, at most a second: with a 5 s timeout
// on a loaded machine, half a second was not enough to close the pool and
// reach exit.
func shutdownReserve(timeout time.Duration) time.Duration { return min(time.Second, timeout/5) }

// shutdown drains within SHUTDOWN_TIMEOUT: the scheduler starts no new run
// and its running jobs stop at their next batch boundary while in-flight
// requests finish, both at once and both cut off before the deadline. The
// database then closes within what is left; a pool still waiting on a query
// is left to the process's exit, where PostgreSQL rolls the open
// transaction back. With HardExit set, the process ends at the deadline even
// if something (a query the database does not answer, a connection that will
// not close) still holds it up.
func (m *Main) shutdown(srv *http.Server) error {
	timeout := m.Config.ShutdownTimeout
	if timeout <= 0 {
		timeout = DefaultShutdownTimeout
	}
	deadline := time.Now().Add(timeout)
	m.Log.Info("shutting down", "timeout", timeout)
	if m.HardExit != nil {
		time.AfterFunc(timeout, func() {
			m.Log.Error("shutdown timeout passed; exiting with work unfinished", "timeout", timeout)
			m.HardExit(1)
		})
	}
	ctx, cancel := context.WithDeadline(context.Background(), deadline.Add(-shutdownReserve(timeout)))
	defer cancel()
	var wg sync.WaitGroup
	var httpErr, jobsErr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		if httpErr = srv.Shutdown(ctx); httpErr != nil {
			srv.Close()
		}
	}()
	go func() {
		defer wg.Done()
		if !m.Config.DisableScheduler {
			jobsErr = m.Scheduler.Stop(ctx)
		}
	}()
	wg.Wait()
	if jobsErr != nil {
		m.Log.Warn("jobs still running at the shutdown deadline; their open batch rolls back", "err", jobsErr)
	}
	m.closeBy(deadline)
	m.Log.Info("shut down")
	return errors.Join(httpErr, jobsErr)
}

// closeBy closes the database, waiting no later than deadline. sql.DB's
// Close waits for every query in progress, and a job cut off at the drain
// deadline may still be in one.
func (m *Main) closeBy(deadline time.Time) {
	done := make(chan struct{})
	go func() {
		m.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Until(deadline) - shutdownExitMargin):
		m.Log.Warn("database connections still closing at the shutdown deadline; exiting without waiting")
	}
}

// shutdownExitMargin is left between giving up on the pool and the deadline,
// for the process to write its last log line and exit.
const shutdownExitMargin = 100 * time.Millisecond
