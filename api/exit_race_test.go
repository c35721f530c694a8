package api_test

import (
	"fmt"
	"sync"
	"testing"
)

// An agency's bid and its own voluntary exit, sent together, never both
// succeed: the exit would otherwise leave a live bid from an exited agency.
func TestAgencyExit_RacesBid(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "退出竞态测试企业有限公司")
	app.agency("退出竞态测试在场中介有限公司", "NAT-01") // a project no agency could bid on is not published
	p := app.publishedProject(ent, nil)
	for i := 0; i < 12; i++ {
		_, tok := app.agency(fmt.Sprintf("退出竞态测试中介%d号有限公司", i), "NAT-01")
		var wg sync.WaitGroup
		var bidStatus, exitStatus int
		wg.Add(2)
		go func() {
			defer wg.Done()
			bidStatus = app.do("PUT", bidPath(p.ID), tok, map[string]any{"price": "50000.00", "proposal": "方案"}).Status
		}()
		go func() {
			defer wg.Done()
			exitStatus = app.do("POST", "/api/v1/agencies/me/exit", tok, nil).Status
		}()
		wg.Wait()
		if bidStatus == 200 && exitStatus == 200 {
			t.Fatalf("round %d: the bid and the exit both succeeded", i)
		}
	}
	if n := app.count(fmt.Sprintf(`SELECT count(*) FROM bids b JOIN accounts a ON a.id = b.agency_id
		WHERE b.project_id = %d AND b.status = 'submitted' AND a.status = 'exited'`, p.ID)); n != 0 {
		t.Errorf("%d live bids from exited agencies", n)
	}
}
