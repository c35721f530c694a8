package api

import (
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

// DefaultReadYourWrites is how long after an account's write its own reads
// stay on the primary (READ_YOUR_WRITES), longer than a healthy replica lags.
const DefaultReadYourWrites = 5 * time.Second

// staleReadRoutes are the reads that may be answered by a streaming replica
// a few seconds behind: public pages and API lists, search, statistics and
// open data. Nothing a decision rests on is here; a project's own page and
// an agency's bid are read on the primary.
var staleReadRoutes = map[string]bool{
	"/api/v1/projects": true, "/api/v1/search": true, "/api/v1/stats": true,
	"/api/v1/agencies": true, "/api/v1/catalogue/items": true, "/api/v1/catalogue/items/:code": true,
	"/api/v1/ocds/releases": true, "/api/v1/ocds/records/:ocid": true,
	"/api/v1/credit/rules": true, "/api/v1/credit/blacklist": true, "/api/v1/credit/suspensions": true,
	"/": true, "/projects": true, "/results": true, "/terminated": true, "/agencies": true,
	"/search": true, "/data": true, "/catalogue": true, "/catalogue/:code": true, "/credit": true,
}

// recentWriters remembers, per account, until when its reads stay on the
// primary. It is per process: behind a load balancer without affinity the
// window also holds through the replica lag check, which keeps a replica
// more than READ_REPLICA_MAX_LAG behind out of service.
type recentWriters struct {
	mu    sync.Mutex
	until map[int64]time.Time
}

func (w *recentWriters) wrote(account int64, until time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.until == nil {
		w.until = map[int64]time.Time{}
	}
	now := time.Now()
	if len(w.until) > 10000 { // forget the expired ones now and then
		for id, t := range w.until {
			if t.Before(now) {
				delete(w.until, id)
			}
		}
	}
	w.until[account] = until
}

func (w *recentWriters) recent(account int64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return time.Now().Before(w.until[account])
}

// readConsistency marks the stale-tolerant reads (domain.AllowStaleReads)
// unless the account wrote within READ_YOUR_WRITES, and notes each account
// that writes. It runs after authentication.
func (s *Server) readConsistency(next echo.HandlerFunc) echo.HandlerFunc {
	window := s.ReadYourWrites
	if window <= 0 {
		window = DefaultReadYourWrites
	}
	return func(c echo.Context) error {
		actor := ActorOf(c)
		req := c.Request()
		if req.Method == http.MethodGet || req.Method == http.MethodHead {
			if staleReadRoutes[c.Path()] && (actor.IsAnonymous() || !s.writers.recent(actor.ID)) {
				c.SetRequest(req.WithContext(domain.AllowStaleReads(req.Context())))
			}
			return next(c)
		}
		if !actor.IsAnonymous() {
			// Before the write as well as after: a read racing the write's
			// response must not reach a replica that lacks it.
			s.writers.wrote(actor.ID, time.Now().Add(window))
			defer s.writers.wrote(actor.ID, time.Now().Add(window))
		}
		return next(c)
	}
}
