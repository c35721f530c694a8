package api_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestPages_ObjectionComplaintPeriod: the notice shows the objector the
// complaint deadline beside the escalation button, withdraws the button
// when the period ends and then shows the objection as closed; a bidder is
// offered one objection per result.
func TestPages_ObjectionComplaintPeriod(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	_, ent := app.register("enterprise", "网页投诉期企业有限公司")
	aID, a := app.agency("网页投诉期甲中介有限公司", "NAT-01")
	bID, bt := app.agency("网页投诉期乙中介有限公司", "NAT-01")
	p := app.closedProject(ent, nil, bidder{aID, a, "80000.00"}, bidder{bID, bt, "85000.00"})
	app.run("select_results")
	owner, loser := newBrowser(t, app.testApp), newBrowser(t, app.testApp)
	owner.loginAs(ent)
	loser.loginAs(bt)
	notice := fmt.Sprintf("/projects/%d", p.ID)

	if code, _ := loser.submit(notice, notice+"/objection", url.Values{"reason": {"中选报价低于成本"}}); code != 200 {
		t.Fatalf("objection: %d", code)
	}
	if _, body := loser.get(notice); strings.Contains(body, `action="`+notice+`/objection"`) {
		t.Error("the objector is offered a second objection to the same result")
	}
	_, body := owner.get(notice)
	m := regexp.MustCompile(`action="(/projects/\d+/objections/(\d+)/answer)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the owner has no answer form")
	}
	if code, _ := owner.submit(notice, m[1], url.Values{"answer": {"报价经核实不低于成本"}}); code != 200 {
		t.Fatalf("answer: %d", code)
	}
	escalate := fmt.Sprintf("%s/objections/%s/escalate", notice, m[2])
	_, body = loser.get(notice)
	due := app.Market.Deadline(app.Market.Periods.Complaint, app.now)
	// The deadline says how it was counted (MARKET_COMPLAINT_PERIOD=72h here).
	mustContain(t, "answered objection", body, escalate, "投诉期限 3 天，至 "+due.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02 15:04"))

	app.setNow(due)
	_, body = loser.get(notice)
	if strings.Contains(body, escalate) {
		t.Error("escalation offered after the complaint period")
	}
	app.run("close_answered_objections")
	_, body = loser.get(notice)
	mustContain(t, "closed objection", body, "已办结（未投诉）")
}
