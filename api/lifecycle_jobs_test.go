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

// TestMarketplace_LifecycleJobsTwoReplicas runs every lifecycle job from two
// schedulers and two bare transactions at once (SKIP LOCKED, no advisory
// lock): each project moves exactly once.
func TestMarketplace_LifecycleJobsTwoReplicas(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	aID, a := app.agency("甲环境咨询有限公司", "NAT-01")
	bID, b := app.agency("乙环境咨询有限公司", "NAT-01")
	const n = 20
	var ids []int64
	for i := 0; i < n; i++ {
		p := app.publishedProject(ent, map[string]any{"min_bids": 2})
		app.do("PUT", bidPath(p.ID), a, map[string]any{"price": "90000.00"})
		app.do("PUT", bidPath(p.ID), b, map[string]any{"price": "80000.00"})
		ids = append(ids, p.ID)
	}
	app.advance(3 * time.Hour)
	app.run("close_bidding")

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s1, s2 := jobs.New(app.Market, log, time.Second), jobs.New(app.Market, log, time.Second)
	s1.Replica, s2.Replica = "replica-1", "replica-2"
	jobFns := map[string]func(context.Context, domain.Store, time.Time) (int, bool, error){
		"select_results": app.Market.SelectResultsBatch, "end_publicity": app.Market.EndPublicityBatch,
	}
	race := func(job string) int {
		var wg sync.WaitGroup
		var mu sync.Mutex
		total := 0
		add := func(k int) { mu.Lock(); total += k; mu.Unlock() }
		for _, s := range []*jobs.Scheduler{s1, s2} {
			wg.Add(1)
			go func(s *jobs.Scheduler) {
				defer wg.Done()
				r, err := s.RunOnce(context.Background(), job)
				if err != nil {
					t.Error(err)
					return
				}
				add(r.Rows)
			}(s)
		}
		for i := 0; i < 2; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := app.Market.Store.InTx(context.Background(), func(s domain.Store) error {
					now, _ := s.Now(context.Background())
					for more := true; more; {
						var k int
						var err error
						if k, more, err = jobFns[job](context.Background(), s, now); err != nil {
							return err
						}
						add(k)
					}
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		return total
	}
	start := time.Now()
	if got := race("select_results"); got != n {
		t.Errorf("select_results moved %d projects, want %d", got, n)
	}
	selectTime := time.Since(start)
	app.advance(testPublicity)
	if got := race("end_publicity"); got != n {
		t.Errorf("end_publicity moved %d projects, want %d", got, n)
	}
	for _, id := range ids {
		for action, want := range map[string]int64{"project.result_published": 1, "project.awarded": 1} {
			if got := app.count(fmt.Sprintf("SELECT count(*) FROM audit_log WHERE action = '%s' AND subject_id = '%d'", action, id)); got != want {
				t.Errorf("project %d: %d %s rows", id, got, action)
			}
		}
		if l := app.lifecycle(id); l.Status != "awarded" || *l.AwardedAgencyID != bID {
			t.Errorf("project %d: %+v", id, l)
		}
	}
	if got := app.count("SELECT count(*) FROM project_candidates"); got != 2*n {
		t.Errorf("%d candidates", got)
	}
	t.Logf("select_results for %d projects from four racing runners: %s", n, selectTime)
	_ = aID
}

// TestMarketplace_LifecycleRequestTime: a deadline passed while the
// scheduler was idle is enforced by the next request on the project.
func TestMarketplace_LifecycleRequestTime(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	aID, a := app.agency("甲环境咨询有限公司", "NAT-01")
	bID, b := app.agency("乙环境咨询有限公司", "NAT-01")
	p := app.closedProject(ent, map[string]any{"min_bids": 2}, bidder{aID, a, "80000.00"}, bidder{bID, b, "90000.00"})
	app.run("select_results")
	app.advance(testPublicity)
	// No end_publicity run: signing still works, the award happens first.
	app.expect(app.post(pp(p.ID, "/contract/sign"), ent, nil), 200, "")
	app.advance(testSigning)
	// No expire_signing run: a's late signature is refused, and the lapse
	// (credit event, next candidate) is committed all the same.
	app.expect(app.post(pp(p.ID, "/contract/sign"), a, nil), 409, "project_not_awarded")
	if l := app.lifecycle(p.ID); l.Status != "publicity" || *l.AwardedAgencyID != bID || app.creditEvents(aID, "signing_refused") != 1 {
		t.Fatalf("after the late signature: %+v", l)
	}
	if n := app.run("expire_signing"); n != 0 {
		t.Errorf("expire_signing found %d left to do", n)
	}
}

// TestMarketplace_SelectBeforeCloseJob: the owner's selection closes a
// project whose deadline passed before the close job ran.
func TestMarketplace_SelectBeforeCloseJob(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	aID, a := app.agency("甲环境咨询有限公司", "NAT-01")
	p := app.publishedProject(ent, map[string]any{"method": "direct", "min_bids": nil})
	app.expect(app.do("PUT", bidPath(p.ID), a, map[string]any{"price": "50000.00"}), 200, "")
	app.setNow(p.ClosesAt)
	app.expect(app.post(pp(p.ID, "/selection"), ent, map[string]any{"agency_id": aID}), 200, "")
	if l := app.lifecycle(p.ID); l.Status != "publicity" || *l.AwardedAgencyID != aID {
		t.Fatalf("%+v", l)
	}
	if n := app.run("close_bidding"); n != 0 {
		t.Errorf("close_bidding found %d", n)
	}
}
