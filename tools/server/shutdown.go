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
// and exiting after the drain.
func shutdownReserve(timeout time.Duration) time.Duration { return min(time.Second, timeout/10) }

// shutdown drains within SHUTDOWN_TIMEOUT: the scheduler starts no new run
// and its running jobs stop at their next batch boundary while in-flight
// requests finish, both at once and both cut off before the deadline. With
// HardExit set, the process ends at the deadline even if something (a query
// the database does not answer, a connection that will not close) still
// holds it up.
func (m *Main) shutdown(srv *http.Server) error {
	timeout := m.Config.ShutdownTimeout
	if timeout <= 0 {
		timeout = DefaultShutdownTimeout
	}
	m.Log.Info("shutting down", "timeout", timeout)
	if m.HardExit != nil {
		time.AfterFunc(timeout, func() {
			m.Log.Error("shutdown timeout passed; exiting with work unfinished", "timeout", timeout)
			m.HardExit(1)
		})
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout-shutdownReserve(timeout))
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
	m.Log.Info("shut down")
	return errors.Join(httpErr, jobsErr)
}
