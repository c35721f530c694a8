package api_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/jobs"
)

func TestMarketplace_CloseBidding(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, other := app.register("enterprise", "另一家企业有限公司")
	_, dept := app.staff("department", "某市生态环境局")
	_, adm := app.staff("admin", "平台管理员")
	_, a := app.agency("甲环境咨询有限公司", "NAT-01")
	bID, b := app.agency("乙环境咨询有限公司", "NAT-01")
	_, c := app.agency("丙环境咨询有限公司", "NAT-01")

	failing := app.publishedProject(ent, map[string]any{"min_bids": 2})
	passing := app.publishedProject(ent, map[string]any{"min_bids": 2})
	for _, tok := range []string{a, b} {
		for _, p := range []projectJSON{failing, passing} {
			if r := app.do("PUT", bidPath(p.ID), tok, map[string]any{"price": "90000.00", "proposal": "方案"}); r.Status != 200 {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
		}
	}
	app.do("PUT", bidPath(passing.ID), c, map[string]any{"price": "91000.00"})
	app.do("PUT", bidPath(failing.ID), c, map[string]any{"price": "91000.00"})
	app.do("DELETE", bidPath(failing.ID), c, nil) // withdrawn: never counted
	bidsURL := func(id int64) string { return fmt.Sprintf("/api/v1/projects/%d/bids", id) }

	t.Run("sealed before close", func(t *testing.T) {
		for _, tok := range []string{ent, dept, adm} {
			if r := app.do("GET", bidsURL(passing.ID), tok, nil); r.Status != 409 || r.errorCode(t) != "bids_sealed" {
				t.Errorf("%d %s", r.Status, r.Body)
			}
		}
	})

	// b is suspended before the deadline: its bid turns invalid at close.
	storagetestExec(t, app.testApp, fmt.Sprintf("UPDATE accounts SET status = 'suspended' WHERE id = %d", bID))
	app.setNow(passing.ClosesAt.Add(time.Second))

	t.Run("request-time close when the scheduler has not run", func(t *testing.T) {
		r := app.do("GET", bidsURL(passing.ID), ent, nil)
		var l struct {
			Items []bidJSON
			Total int
		}
		r.decode(t, &l)
		if r.Status != 200 || l.Total != 3 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		var p projectJSON
		app.do("GET", fmt.Sprintf("/api/v1/projects/%d", passing.ID), "", nil).decode(t, &p)
		if p.Status != "evaluating" || p.ClosedAt == nil {
			t.Errorf("status %s", p.Status)
		}
		for _, tok := range []string{dept, adm} {
			if r := app.do("GET", bidsURL(passing.ID), tok, nil); r.Status != 200 {
				t.Errorf("staff: %d %s", r.Status, r.Body)
			}
		}
		for tok, want := range map[string]int{"": 401, a: 403, other: 403} {
			if r := app.do("GET", bidsURL(passing.ID), tok, nil); r.Status != want {
				t.Errorf("got %d, want %d", r.Status, want)
			}
		}
	})

	t.Run("job closes the rest once", func(t *testing.T) {
		run, err := app.Jobs.RunOnce(context.Background(), "close_bidding")
		if err != nil || run.Rows != 1 {
			t.Fatalf("run %+v %v", run, err)
		}
		run, _ = app.Jobs.RunOnce(context.Background(), "close_bidding")
		if run.Rows != 0 {
			t.Errorf("second run closed %d", run.Rows)
		}
		var p projectJSON
		app.do("GET", fmt.Sprintf("/api/v1/projects/%d", failing.ID), "", nil).decode(t, &p)
		if p.Status != "failed" {
			t.Errorf("status %s, want failed (one valid bid of 2)", p.Status)
		}
		var l struct{ Items []bidJSON }
		app.do("GET", bidsURL(failing.ID), ent, nil).decode(t, &l)
		got := map[string]int{}
		for _, b := range l.Items {
			got[b.Status+"/"+b.InvalidReason]++
		}
		// the withdrawn bid stays withdrawn, and out of the owner's list
		if got["valid/"] != 1 || got["invalid/agency_not_active"] != 1 || got["withdrawn/"] != 0 {
			t.Errorf("bid statuses %v", got)
		}
		if n := app.count(fmt.Sprintf("SELECT count(*) FROM bids WHERE project_id = %d AND status = 'withdrawn'", failing.ID)); n != 1 {
			t.Errorf("%d withdrawn bids stored, want 1", n)
		}
		for _, method := range []string{"PUT", "DELETE"} {
			if r := app.do(method, bidPath(passing.ID), a, map[string]any{"price": "1.00"}); r.Status != 409 || r.errorCode(t) != "bidding_closed" {
				t.Errorf("%s on an evaluating project: %d %s", method, r.Status, r.Body)
			}
		}
		if n := app.count("SELECT count(*) FROM audit_log WHERE action = 'project.closed'"); n != 2 {
			t.Errorf("%d close audit rows, want 2", n)
		}
	})

	t.Run("repost a failed project", func(t *testing.T) {
		url := fmt.Sprintf("/api/v1/projects/%d/repost", failing.ID)
		body := map[string]string{"bidding_closes_at": app.now.Add(3 * time.Hour).Format(time.RFC3339)}
		if r := app.do("POST", url, other, body); r.Status != 403 {
			t.Errorf("repost by another: %d", r.Status)
		}
		if r := app.do("POST", fmt.Sprintf("/api/v1/projects/%d/repost", passing.ID), ent, body); r.Status != 409 {
			t.Errorf("repost of an evaluating project: %d", r.Status)
		}
		r := app.do("POST", url, ent, body)
		var p projectJSON
		r.decode(t, &p)
		if r.Status != 201 || p.Status != "draft" || p.PreviousRoundID == nil || *p.PreviousRoundID != failing.ID {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if r := app.do("POST", fmt.Sprintf("/api/v1/projects/%d/publish", p.ID), ent, nil); r.Status != 200 {
			t.Errorf("publish the new round: %d %s", r.Status, r.Body)
		}
	})
}

// Two schedulers on one database, run at once, close each project exactly
// once; so do two bare job bodies racing without the advisory lock (SKIP
// LOCKED alone keeps them apart).
func TestMarketplace_CloseBiddingConcurrent(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, ag := app.agency("甲环境咨询有限公司", "NAT-01")
	const n = 60
	start := app.now
	var ids []int64
	for i := 0; i < n; i++ {
		p := app.publishedProject(ent, map[string]any{"bidding_closes_at": start.Add(2*time.Hour + time.Duration(i)*time.Second).Format(time.RFC3339)})
		app.do("PUT", bidPath(p.ID), ag, map[string]any{"price": "1000.00"})
		ids = append(ids, p.ID)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s1, s2 := jobs.New(app.Market, log, time.Second), jobs.New(app.Market, log, time.Second)
	s1.Replica, s2.Replica = "replica-1", "replica-2"

	app.setNow(start.Add(2*time.Hour + n/2*time.Second)) // half are due
	var wg sync.WaitGroup
	for _, s := range []*jobs.Scheduler{s1, s2} {
		wg.Add(1)
		go func(s *jobs.Scheduler) {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				if _, err := s.RunOnce(context.Background(), "close_bidding"); err != nil {
					t.Error(err)
				}
			}
		}(s)
	}
	wg.Wait()

	app.setNow(start.Add(3 * time.Hour)) // the rest are due
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := app.Market.Store.InTx(context.Background(), func(s domain.Store) error {
				now, _ := s.Now(context.Background())
				_, err := app.Market.CloseBiddingJob(context.Background(), s, now)
				return err
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()

	if got := app.count("SELECT count(*) FROM audit_log WHERE action = 'project.closed'"); got != n {
		t.Errorf("%d close audit rows, want %d", got, n)
	}
	if got := app.count("SELECT count(*) FROM (SELECT subject_id FROM audit_log WHERE action = 'project.closed' GROUP BY subject_id HAVING count(*) > 1) d"); got != 0 {
		t.Errorf("%d projects closed more than once", got)
	}
	if got := app.count("SELECT count(*) FROM projects WHERE status = 'evaluating' AND closed_at IS NOT NULL"); got != n {
		t.Errorf("%d projects evaluating, want %d", got, n)
	}
}
