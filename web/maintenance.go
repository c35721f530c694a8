package web

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
)

// longTask is a long maintenance action (rebuilding the search index) run in
// the background of the replica that received the request, with the
// progress its page shows. One runs at a time per replica.
type longTask struct {
	mu       sync.Mutex
	running  bool
	progress taskProgress
}

// taskProgress is a snapshot of a long task for the page.
type taskProgress struct {
	Started  *time.Time
	Finished *time.Time
	Stage    string
	Done     int
	Total    int
	Err      string
}

// Percent is the share done of the current stage.
func (t taskProgress) Percent() int {
	if t.Total <= 0 {
		return 0
	}
	return t.Done * 100 / t.Total
}

func (t *longTask) snapshot() (taskProgress, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.progress, t.running
}

// start runs fn unless a run is under way; it reports whether it started.
func (t *longTask) start(fn func(progress func(stage string, done, total int)) error) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.running {
		return false
	}
	now := time.Now()
	t.running, t.progress = true, taskProgress{Started: &now}
	go func() {
		err := fn(func(stage string, done, total int) {
			t.mu.Lock()
			t.progress.Stage, t.progress.Done, t.progress.Total = stage, done, total
			t.mu.Unlock()
		})
		t.mu.Lock()
		end := time.Now()
		t.running, t.progress.Finished = false, &end
		if err != nil {
			t.progress.Err = domain.ErrorMessage(err)
		}
		t.mu.Unlock()
	}()
	return true
}

type maintenanceView struct {
	Reindex taskProgress
	Running bool
}

func (p *Portal) handleMaintenance(c echo.Context) error {
	v, err := p.wsPage(c, "ws.maintenance", domain.ActAdminister)
	if err != nil {
		return err
	}
	prog, running := p.reindex.snapshot()
	v.Refresh = running
	return p.renderWS(c, http.StatusOK, "ws_maintenance", v, maintenanceView{Reindex: prog, Running: running})
}

// handleReindexStart starts rebuilding the search index; the page then
// follows its progress. The request itself returns at once.
func (p *Portal) handleReindexStart(c echo.Context) error {
	// ReindexSearch acts for no account: the page asks the domain first.
	if err := domain.Authorize(api.ActorOf(c), domain.ActAdminister); err != nil {
		return err
	}
	p.reindex.start(func(progress func(string, int, int)) error {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Hour)
		defer cancel()
		return p.market.Searches().Reindex(ctx, progress)
	})
	return c.Redirect(http.StatusSeeOther, "/workspace/maintenance")
}
