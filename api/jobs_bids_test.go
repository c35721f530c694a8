package api_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"marketplace/jobs"
)

// While bidding is open, nothing the scheduler records or logs carries a
// per-project number of bids or bidders: the reminder job's run for a
// project with two bids reads exactly as the run for a project with none.
func TestJobs_ClosingSoonCountsNoBids(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, adm := app.staff("admin", "平台管理员")
	_, a := app.agency("甲环境咨询有限公司", "NAT-01")
	_, b := app.agency("乙环境咨询有限公司", "NAT-01")
	var logs bytes.Buffer
	s := jobs.New(app.Market, slog.New(slog.NewJSONHandler(&logs, nil)), time.Second)
	run := func() int {
		t.Helper()
		r, err := s.RunOnce(context.Background(), "notify_closing_soon")
		if err != nil {
			t.Fatal(err)
		}
		return r.Rows
	}

	app.publishedProject(ent, nil) // closes in 2 h, no bid
	quiet := run()
	p := app.publishedProject(ent, nil)
	for _, tok := range []string{a, b} {
		if r := app.do("PUT", bidPath(p.ID), tok, map[string]any{"price": "66666.00"}); r.Status != 200 {
			t.Fatalf("bid: %d %s", r.Status, r.Body)
		}
	}
	busy := run()
	if quiet != busy || busy != 1 {
		t.Errorf("rows: project without bids %d, project with two bids %d; want 1 and 1 (one project entered the window each time)", quiet, busy)
	}
	var l struct {
		Items []struct {
			Job  string
			Rows int
		}
	}
	app.do("GET", "/api/v1/admin/jobs?job=notify_closing_soon", adm, nil).decode(t, &l)
	for _, r := range l.Items {
		if r.Rows != 1 {
			t.Errorf("/admin/jobs records %d rows for a run", r.Rows)
		}
	}
	if strings.Contains(logs.String(), `"rows":2`) {
		t.Errorf("the log counts the bidders: %s", logs.String())
	}
	// The bidders were reminded all the same.
	for _, tok := range []string{a, b} {
		if n := app.do("GET", "/api/v1/notifications", tok, nil); !bytes.Contains(n.Body, []byte("project.closing_soon")) {
			t.Errorf("bidder not reminded: %s", n.Body)
		}
	}
}
