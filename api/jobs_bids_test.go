package api_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
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

// The reminder job runs every tick of the scheduler. Once a project's
// bidders are reminded, its next runs send the same few statements
// whatever the number of bids: it used to send one insert per live bid
// closing within 24 hours on every tick (about 1,200 statements a second
// under the load tool), each dropped by the dedupe key. A bidder who bids
// after the project entered the window is still reminded once.
func TestJobs_ClosingSoonStatementsDoNotGrowWithBids(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	tokens := make([]string, 5)
	for i := range tokens {
		_, tokens[i] = app.agency(fmt.Sprintf("第%d环境咨询有限公司", i+1), "NAT-01")
	}
	s := jobs.New(app.Market, slog.New(slog.NewJSONHandler(io.Discard, nil)), time.Second)
	run := func() int64 {
		t.Helper()
		before := app.DB.Statements()
		if _, err := s.RunOnce(context.Background(), "notify_closing_soon"); err != nil {
			t.Fatal(err)
		}
		return app.DB.Statements() - before
	}
	bid := func(tok string, p int64) {
		t.Helper()
		if r := app.do("PUT", bidPath(p), tok, map[string]any{"price": "66666.00"}); r.Status != 200 {
			t.Fatalf("bid: %d %s", r.Status, r.Body)
		}
	}
	p := app.publishedProject(ent, nil) // closes in 2 h
	bid(tokens[0], p.ID)
	run() // reminds the first bidder
	one := run()
	for _, tok := range tokens[1:] {
		bid(tok, p.ID)
	}
	run() // reminds the four who bid after the project entered the window
	five := run()
	if five != one {
		t.Errorf("a run with every bidder reminded sent %d statements with 5 bids, %d with 1", five, one)
	}
	for i, tok := range tokens {
		l := app.do("GET", "/api/v1/notifications", tok, nil)
		if got := bytes.Count(l.Body, []byte("project.closing_soon")); got != 1 {
			t.Errorf("bidder %d has %d closing reminders, want 1: %s", i+1, got, l.Body)
		}
	}
}
