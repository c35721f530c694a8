package api_test

import (
	"fmt"
	"testing"
)

// Publishing a result costs the same statements whatever the number of
// valid bids: the candidates' credit scores are read in one statement, not
// one per bidder (a project with thousands of bids is awarded by the same
// job run that awards one with three).
func TestAward_StatementsDoNotGrowWithBids(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	_, ent := app.register("enterprise", "语句计数测试企业有限公司")
	var bidders []bidder
	for i := range 7 {
		id, token := app.agency(fmt.Sprintf("语句计数第%d中介有限公司", i+1), "NAT-01")
		bidders = append(bidders, bidder{id, token, fmt.Sprintf("%d.00", 80000+500*i)})
	}
	award := func(n int) int64 {
		t.Helper()
		p := app.closedProject(ent, nil, bidders[:n]...)
		if p.Status != "evaluating" {
			t.Fatalf("project with %d bids is %s after the close", n, p.Status)
		}
		before := app.DB.Statements()
		if rows := app.run("select_results"); rows != 1 {
			t.Fatalf("select_results took %d projects, want 1", rows)
		}
		spent := app.DB.Statements() - before
		if got := app.project(p.ID).Status; got != "publicity" {
			t.Fatalf("project with %d bids is %s after select_results", n, got)
		}
		return spent
	}
	three, seven := award(3), award(7)
	t.Logf("select_results: %d statements with 3 valid bids, %d with 7", three, seven)
	if seven != three {
		t.Errorf("publishing a result sent %d statements with 7 valid bids and %d with 3: it grows with the bids", seven, three)
	}
}
