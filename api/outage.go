package api

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"time"
)

// RetryAfter is what a refused request is told to wait before retrying.
const RetryAfter = 2 * time.Second

// outageProbeEvery is how often a watcher checks whether the database is
// back while requests are being refused.
const outageProbeEvery = 500 * time.Millisecond

// retryAfterHeader is RetryAfter in the whole seconds of the Retry-After header.
var retryAfterHeader = strconv.Itoa(int(RetryAfter / time.Second))

// outage turns a database outage into two log lines instead of one per
// request: one when the first request is refused, one when the database
// answers again, with how many requests were refused in between.
type outage struct {
	log   *slog.Logger
	probe func(ctx context.Context) error
	stop  <-chan struct{}

	mu      sync.Mutex
	down    bool
	since   time.Time
	refused int64
}

// refuse counts one request answered 503; the first of an outage logs it
// and starts watching for the database to return.
func (o *outage) refuse(cause error) { o.note(cause, 1) }

// note marks the database unreachable, counting refused requests.
func (o *outage) note(cause error, refused int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.refused += refused
	if o.down {
		return
	}
	o.down, o.since = true, time.Now()
	o.log.Error("database unreachable: answering 503 until it returns", "err", cause)
	go o.watch()
}

// watch probes until the database answers, then logs the outage's end.
// Without a probe the next refusal after a quiet period cannot be told
// from the same outage, so the outage ends at the first probe-less tick.
func (o *outage) watch() {
	t := time.NewTicker(outageProbeEvery)
	defer t.Stop()
	for {
		select {
		case <-o.stop:
			return
		case <-t.C:
		}
		if o.probe != nil {
			ctx, cancel := context.WithTimeout(context.Background(), RetryAfter)
			err := o.probe(ctx)
			cancel()
			if err != nil {
				continue
			}
		}
		o.mu.Lock()
		n, d := o.refused, time.Since(o.since)
		o.down, o.refused = false, 0
		o.mu.Unlock()
		o.log.Info("database reachable again", "refused_requests", n, "outage", d.Round(time.Millisecond).String())
		return
	}
}

// NoteUnavailable records that the database could not be reached outside a
// request (a scheduled job), so that the outage is logged once, by the same
// two lines, whoever meets it first.
func (s *Server) NoteUnavailable(err error) {
	if s.outage != nil {
		s.outage.note(err, 0)
	}
}
