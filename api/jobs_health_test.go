package api_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/jobrun"
	"marketplace/jobs"
)

type jobsOverview struct {
	Items []struct {
		Job   string
		Rows  int
		Error string
	}
	Total  int
	Health []jobHealthJSON
}

type jobHealthJSON struct {
	Job            string
	LastSuccessAt  *time.Time `json:"last_success_at"`
	LastProgressAt *time.Time `json:"last_progress_at"`
	LastFailureAt  *time.Time `json:"last_failure_at"`
	LastError      string     `json:"last_error"`
	Stale          bool
}

// Operators see the scheduler's health: a run that times out is recorded
// with its error, idle runs are counted in a metric instead of written, each
// job shows its last success, progress and failure, and a job failing for
// longer than JOB_STALE_AFTER is flagged on the page and in job_stale —
// while /readyz keeps answering about requests only.
func TestJobs_Health(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, adm := app.staff("admin", "平台管理员")
	s := jobs.New(app.Market, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Second)
	if err := s.Register(app.Server.Metrics); err != nil {
		t.Fatal(err)
	}
	// A job whose work outlasts its timeout, as a query stuck behind a lock does.
	s.Jobs = append(s.Jobs, jobs.Job{Name: "stuck", Run: func(ctx context.Context, st domain.Store, now time.Time) (int, error) {
		<-ctx.Done()
		return 0, ctx.Err()
	}})
	ctx := context.Background()
	// The stuck job runs with a short timeout; every other run with the
	// default, so that a slow machine cannot time the real jobs out.
	runStuck := func() error {
		s.Timeout = 300 * time.Millisecond
		defer func() { s.Timeout = 0 }()
		_, err := s.RunOnce(ctx, "stuck")
		return err
	}
	overview := func(query string) jobsOverview {
		t.Helper()
		r := app.do("GET", "/api/v1/admin/jobs"+query, adm, nil)
		if r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		var o jobsOverview
		r.decode(t, &o)
		return o
	}
	health := func(t *testing.T, o jobsOverview, job string) jobHealthJSON {
		t.Helper()
		for _, h := range o.Health {
			if h.Job == job {
				return h
			}
		}
		t.Fatalf("no health for %s in %+v", job, o.Health)
		return jobHealthJSON{}
	}

	t.Run("a run that times out is recorded as failed", func(t *testing.T) {
		if err := runStuck(); err == nil {
			t.Fatal("the stuck job succeeded")
		}
		o := overview("?failed=true")
		if o.Total != 1 || o.Items[0].Job != "stuck" || !strings.Contains(o.Items[0].Error, "deadline") {
			t.Errorf("failed runs: %+v", o)
		}
		h := health(t, o, "stuck")
		if h.LastFailureAt == nil || !strings.Contains(h.LastError, "deadline") || h.LastSuccessAt != nil || h.Stale {
			t.Errorf("health of stuck: %+v", h)
		}
	})

	t.Run("idle runs are counted, not written", func(t *testing.T) {
		for i := 0; i < 3; i++ {
			if _, err := s.RunOnce(ctx, "lift_suspensions"); err != nil {
				t.Fatal(err)
			}
		}
		o := overview("?job=lift_suspensions")
		if o.Total != 0 {
			t.Errorf("%d idle runs written", o.Total)
		}
		if h := health(t, o, "lift_suspensions"); h.LastSuccessAt == nil || h.LastProgressAt != nil || h.LastFailureAt != nil || h.Stale {
			t.Errorf("health of an idle job: %+v", h)
		}
		if m := string(app.opsGet("/metrics").Body); !strings.Contains(m, `job_runs_total{job="lift_suspensions",outcome="idle"} 3`) {
			t.Errorf("idle runs not counted:\n%s", grepLines(m, "job_"))
		}
	})

	t.Run("failing past JOB_STALE_AFTER is flagged, readiness is not", func(t *testing.T) {
		app.setNow(app.now.Add(jobrun.DefaultStaleAfter + time.Minute))
		runStuck()
		if h := health(t, overview(""), "stuck"); !h.Stale {
			t.Errorf("not stale: %+v", h)
		}
		m := string(app.opsGet("/metrics").Body)
		if !strings.Contains(m, `job_stale{job="stuck"} 1`) {
			t.Errorf("gauge:\n%s", grepLines(m, "job_"))
		}
		b := newBrowser(t, app.testApp)
		b.loginAs(adm)
		if code, body := b.get("/workspace/jobs"); code != 200 || !strings.Contains(body, "已停滞") || !strings.Contains(body, "deadline") {
			t.Errorf("jobs page: %d", code)
		}
		if r := app.do("GET", "/readyz", "", nil); r.Status != 200 {
			t.Errorf("readyz %d with a stale job", r.Status)
		}
	})

	t.Run("a success ends the failure", func(t *testing.T) {
		s.Jobs[len(s.Jobs)-1].Run = func(ctx context.Context, st domain.Store, now time.Time) (int, error) { return 1, nil }
		if _, err := s.RunOnce(ctx, "stuck"); err != nil {
			t.Fatal(err)
		}
		h := health(t, overview(""), "stuck")
		if h.Stale || h.LastSuccessAt == nil || h.LastProgressAt == nil {
			t.Errorf("after success: %+v", h)
		}
		if m := string(app.opsGet("/metrics").Body); !strings.Contains(m, `job_stale{job="stuck"} 0`) {
			t.Errorf("gauge:\n%s", grepLines(m, "job_"))
		}
	})
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
