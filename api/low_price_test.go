package api_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/supervision"
)

// lowPriceWorld: an enterprise's lowest-price project (ceiling 100,000)
// with bids A 40,000, B 90,000, C 95,000. The median is 90,000, so the
// threshold is max(70 % × 90,000, 50 % × 100,000) = 63,000: A is
// abnormally low, B and C are not.
type lowPriceWorld struct {
	*lifeApp
	owner      string
	aID, bID   int64
	a, b, c    string
	cID        int64
	explainDur time.Duration
}

func newLowPriceWorld(t *testing.T) *lowPriceWorld {
	t.Helper()
	app := newLifeApp(t)
	w := &lowPriceWorld{lifeApp: app, explainDur: domain.HourPeriods().LowPriceExplanation.Duration()}
	_, w.owner = app.register("enterprise", "低价测试企业")
	w.aID, w.a = app.agency("甲低价咨询有限公司", "NAT-01")
	w.bID, w.b = app.agency("乙低价咨询有限公司", "NAT-01")
	w.cID, w.c = app.agency("丙低价咨询有限公司", "NAT-01")
	return w
}

func (w *lowPriceWorld) closed(over map[string]any) projectJSON {
	w.t.Helper()
	return w.closedProject(w.owner, over, bidder{w.aID, w.a, "40000.00"}, bidder{w.bID, w.b, "90000.00"}, bidder{w.cID, w.c, "95000.00"})
}

type lowPriceJSON struct {
	AgencyID       int64  `json:"agency_id"`
	Price          string `json:"price"`
	Threshold      string `json:"threshold"`
	Status         string `json:"status"`
	Explanation    string `json:"explanation"`
	DecisionReason string `json:"decision_reason"`
}

func (w *lowPriceWorld) lowPrices(id int64) []lowPriceJSON {
	w.t.Helper()
	r := w.do("GET", pp(id, ""), "", nil)
	var p struct {
		Result *struct {
			LowPrices []lowPriceJSON `json:"low_prices"`
		}
	}
	r.decode(w.t, &p)
	if p.Result == nil {
		return nil
	}
	return p.Result.LowPrices
}

func (w *lowPriceWorld) explain(id int64, token, text string) *response {
	return w.post(pp(id, "/low-price-explanation"), token, map[string]any{"explanation": text})
}

func (w *lowPriceWorld) decide(id int64, token string, agency int64, accept bool, reason string) *response {
	return w.post(pp(id, "/low-price-explanation/decision"), token, map[string]any{"agency_id": agency, "accept": accept, "reason": reason})
}

func TestLowPriceExplainedAcceptedAwardStands(t *testing.T) {
	t.Parallel()
	w := newLowPriceWorld(t)
	p := w.closed(nil)
	if n := w.count(fmt.Sprintf(`SELECT count(*) FROM low_price_bids WHERE project_id = %d AND agency_id = %d AND threshold_fen = 6300000
		AND status = 'pending'`, p.ID, w.aID)); n != 1 {
		t.Fatalf("A's low price not recorded with threshold 63000.00 (%d rows)", n)
	}
	if n := w.count(fmt.Sprintf(`SELECT count(*) FROM low_price_bids WHERE project_id = %d`, p.ID)); n != 1 {
		t.Errorf("%d low prices, want only A's", n)
	}
	if n := w.count(fmt.Sprintf(`SELECT count(*) FROM notifications n JOIN projects p ON p.owner_id = n.account_id
		WHERE p.id = %d AND n.kind = 'low_price.found'`, p.ID)); n != 1 {
		t.Errorf("owner told %d times at the close", n)
	}
	// The result waits for the explanation and the decision; the job does
	// not even pick the project up (a job never loops on a row it leaves).
	if n := w.run("select_results"); n != 0 {
		t.Errorf("select_results counted %d rows on a held project", n)
	}
	if got := w.project(p.ID); got.Status != "evaluating" {
		t.Fatalf("result published before the explanation: %s", got.Status)
	}
	w.expect(w.explain(p.ID, w.b, "我们的价格合理"), 404, "low_price_not_found")
	w.expect(w.decide(p.ID, w.owner, w.aID, true, "理由充分"), 409, "low_price_not_explained")
	w.expect(w.explain(p.ID, w.a, "我所在本地已有同类项目的基础数据，外业成本较低，报价可覆盖全部成本。"), 200, "")
	w.expect(w.explain(p.ID, w.a, "再说一次"), 409, "low_price_already_explained")
	w.expect(w.decide(p.ID, w.a, w.aID, true, "自己同意"), 403, "")
	w.expect(w.post(pp(p.ID, "/low-price-explanation/decision"), w.owner, map[string]any{"agency_id": w.aID, "reason": "x"}), 400, "accept_required")
	w.expect(w.decide(p.ID, w.owner, w.aID, true, ""), 400, "reason_required")
	w.expect(w.decide(p.ID, w.owner, w.aID, true, "成本说明可信，已核对基础数据来源"), 200, "")
	w.expect(w.decide(p.ID, w.owner, w.aID, false, "改主意"), 409, "low_price_already_decided")
	w.run("select_results")
	res, _ := w.result(p.ID)
	if res.AgencyID != w.aID || res.Price != "40000.00" {
		t.Fatalf("accepted low price should win: %+v", res)
	}
	lp := w.lowPrices(p.ID)
	if len(lp) != 1 || lp[0].Status != "accepted" || lp[0].Threshold != "63000.00" || !strings.Contains(lp[0].Explanation, "外业成本较低") ||
		lp[0].DecisionReason != "成本说明可信，已核对基础数据来源" {
		t.Errorf("published low prices %+v", lp)
	}
	for _, action := range []string{"low_price.found", "low_price.explained", "low_price.accepted"} {
		if n := w.count(fmt.Sprintf(`SELECT count(*) FROM audit_log WHERE action = '%s' AND subject_id = '%d'`, action, p.ID)); n != 1 {
			t.Errorf("audit %s: %d rows", action, n)
		}
	}
}

func TestLowPriceRejectedNextBidWins(t *testing.T) {
	t.Parallel()
	w := newLowPriceWorld(t)
	p := w.closed(nil)
	w.expect(w.explain(p.ID, w.a, "价格低是因为我们想赢"), 200, "")
	w.expect(w.decide(p.ID, w.owner, w.aID, false, "未说明成本构成，无法保证服务质量"), 200, "")
	w.run("select_results")
	res, _ := w.result(p.ID)
	if res.AgencyID != w.bID || res.Price != "90000.00" {
		t.Fatalf("after the rejection B should win: %+v", res)
	}
	for _, e := range res.Ranking {
		if e.AgencyID == w.aID {
			t.Errorf("the rejected bid is ranked: %+v", res.Ranking)
		}
	}
	if n := w.count(fmt.Sprintf(`SELECT count(*) FROM bids WHERE project_id = %d AND agency_id = %d AND status = 'invalid'
		AND invalid_reason = 'abnormally_low_price'`, p.ID, w.aID)); n != 1 {
		t.Error("the rejected bid is not invalid")
	}
	if lp := w.lowPrices(p.ID); len(lp) != 1 || lp[0].Status != "rejected" || lp[0].DecisionReason != "未说明成本构成，无法保证服务质量" {
		t.Errorf("published low prices %+v", lp)
	}
	// The notice publishes the explanation and the decision with the result.
	b := newBrowser(t, w.testApp)
	_, body := b.get(fmt.Sprintf("/projects/%d", p.ID))
	for _, want := range []string{"异常低价说明", "价格低是因为我们想赢", "说明未被采纳，投标无效", "未说明成本构成，无法保证服务质量", "¥63,000.00"} {
		if !strings.Contains(body, want) {
			t.Errorf("notice lacks %q", want)
		}
	}
	if _, body := b.get(fmt.Sprintf("/lang?to=en&back=/projects/%d", p.ID)); !strings.Contains(body, "Abnormally low prices") ||
		!strings.Contains(body, "Explanation rejected; bid invalid") {
		t.Error("the English notice lacks the low prices")
	}
}

func TestLowPriceMissingAfterDeadlineNextBidWins(t *testing.T) {
	t.Parallel()
	w := newLowPriceWorld(t)
	p := w.closed(nil)
	w.advance(w.explainDur - time.Second)
	w.run("select_results")
	if got := w.project(p.ID); got.Status != "evaluating" {
		t.Fatalf("result published before the deadline: %s", got.Status)
	}
	w.advance(time.Second)
	// The request itself sees the deadline passed, before any job runs.
	w.expect(w.explain(p.ID, w.a, "迟到的说明"), 409, "low_price_explanation_late")
	if n := w.count(fmt.Sprintf(`SELECT count(*) FROM low_price_bids WHERE project_id = %d AND status = 'missing'`, p.ID)); n != 1 {
		t.Fatal("the late request did not leave the explanation missing")
	}
	w.run("select_results")
	res, _ := w.result(p.ID)
	if res.AgencyID != w.bID {
		t.Fatalf("after a missing explanation B should win: %+v", res)
	}
}

func TestLowPriceJobMovesMissing(t *testing.T) {
	t.Parallel()
	w := newLowPriceWorld(t)
	p := w.closed(nil)
	w.advance(w.explainDur)
	w.run("select_results")
	res, _ := w.result(p.ID)
	if res.AgencyID != w.bID {
		t.Fatalf("the job should have marked A missing and ranked B first: %+v", res)
	}
	if lp := w.lowPrices(p.ID); len(lp) != 1 || lp[0].Status != "missing" {
		t.Errorf("published low prices %+v", lp)
	}
}

func TestLowPricePerItemOverride(t *testing.T) {
	t.Parallel()
	w := newLowPriceWorld(t)
	_, admin := w.staff(domain.RoleAdmin, "平台管理员")
	rule := func(median, ceiling int) *response {
		return w.do("PUT", "/api/v1/catalogue/items/NAT-01/low-price-rule", admin, map[string]any{"median_percent": median, "ceiling_percent": ceiling})
	}
	w.expect(w.do("PUT", "/api/v1/catalogue/items/NAT-01/low-price-rule", w.owner, map[string]any{"median_percent": 40, "ceiling_percent": 0}), 403, "")
	w.expect(rule(0, 0), 400, "median_percent_range")
	w.expect(rule(40, 101), 400, "ceiling_percent_range")
	w.expect(w.do("PUT", "/api/v1/catalogue/items/NOPE-99/low-price-rule", admin, map[string]any{"median_percent": 40, "ceiling_percent": 0}), 404, "")
	// 40 % of the median (36,000) and no ceiling term: 40,000 is not low.
	w.expect(rule(40, 0), 200, "")
	p := w.closed(nil)
	if n := w.count(fmt.Sprintf(`SELECT count(*) FROM low_price_bids WHERE project_id = %d`, p.ID)); n != 0 {
		t.Fatalf("%d low prices under the item's rule", n)
	}
	w.run("select_results")
	if res, _ := w.result(p.ID); res.AgencyID != w.aID {
		t.Errorf("A should win at once: %+v", res)
	}
	// 60 % of the median is 54,000: A is low again.
	w.expect(rule(60, 0), 200, "")
	w.setNow(w.now.Add(time.Minute))
	p = w.closed(nil)
	if n := w.count(fmt.Sprintf(`SELECT count(*) FROM low_price_bids WHERE project_id = %d AND threshold_fen = 5400000`, p.ID)); n != 1 {
		t.Errorf("threshold of the 60 %% rule not applied")
	}
	// Back to the default: 63,000 again.
	w.expect(w.do("DELETE", "/api/v1/catalogue/items/NAT-01/low-price-rule", admin, nil), 200, "")
	w.setNow(w.now.Add(time.Minute))
	p = w.closed(nil)
	if n := w.count(fmt.Sprintf(`SELECT count(*) FROM low_price_bids WHERE project_id = %d AND threshold_fen = 6300000`, p.ID)); n != 1 {
		t.Errorf("default rule not restored")
	}
	if n := w.count(`SELECT count(*) FROM audit_log WHERE action = 'catalogue.low_price_rule_set'`); n != 3 {
		t.Errorf("%d rule changes audited, want 3", n)
	}
}

func TestLowPriceAuctionsExcluded(t *testing.T) {
	t.Parallel()
	w := newLowPriceWorld(t)
	p := w.closedProject(w.owner, auctionBody(map[string]any{"min_bids": 1}),
		bidder{w.bID, w.b, "95000.00"}, bidder{w.cID, w.c, "90000.00"}, bidder{w.aID, w.a, "40000.00"})
	if n := w.count(fmt.Sprintf(`SELECT count(*) FROM low_price_bids WHERE project_id = %d`, p.ID)); n != 0 {
		t.Fatalf("a reverse auction got %d low prices", n)
	}
	w.run("select_results")
	if res, _ := w.result(p.ID); res.AgencyID != w.aID || res.Price != "40000.00" {
		t.Errorf("the auction's best price should win at once: %+v", res)
	}
}

// TestLowPriceSealedNothingBeforeClose: while bidding runs, nothing tells
// anyone that a bid is low — no row, no notification, no answer but 404.
func TestLowPriceSealedNothingBeforeClose(t *testing.T) {
	t.Parallel()
	w := newLowPriceWorld(t)
	p := w.publishedProject(w.owner, nil)
	for _, b := range []bidder{{w.aID, w.a, "40000.00"}, {w.bID, w.b, "90000.00"}, {w.cID, w.c, "95000.00"}} {
		if r := w.do("PUT", bidPath(p.ID), b.token, map[string]any{"price": b.price}); r.Status != 200 {
			t.Fatalf("bid: %d %s", r.Status, r.Body)
		}
	}
	w.expect(w.explain(p.ID, w.a, "提前说明"), 404, "low_price_not_found")
	if n := w.count(`SELECT count(*) FROM low_price_bids`); n != 0 {
		t.Errorf("%d low price rows before the close", n)
	}
	if n := w.count(`SELECT count(*) FROM notifications WHERE kind LIKE 'low_price%'`); n != 0 {
		t.Errorf("%d low price notifications before the close", n)
	}
	if n := w.count(`SELECT count(*) FROM audit_log WHERE action LIKE 'low_price%'`); n != 0 {
		t.Errorf("%d low price audit rows before the close", n)
	}
	r := w.do("GET", pp(p.ID, ""), w.owner, nil)
	if strings.Contains(string(r.Body), "low_price") || strings.Contains(string(r.Body), "40000") {
		t.Errorf("the project leaks a low bid before the close: %s", r.Body)
	}
}

// TestLowPricePersistentFlag: three rejections within a year make the
// agency's persistent_low_price flag; two do not.
func TestLowPricePersistentFlag(t *testing.T) {
	t.Parallel()
	w := newLowPriceWorld(t)
	_, dept := w.staffIn("湖北省", "湖北省发展改革委")
	reject := func() {
		p := w.closed(nil)
		w.expect(w.explain(p.ID, w.a, "说明"), 200, "")
		w.expect(w.decide(p.ID, w.owner, w.aID, false, "说明不足"), 200, "")
		w.setNow(w.now.Add(time.Minute))
	}
	flags := func() []supervision.RiskFlag {
		storagetestExec(t, w.testApp, `DELETE FROM risk_marks`)
		w.run("risk_history")
		return w.risks(dept, "?indicator=persistent_low_price").Items
	}
	reject()
	reject()
	if fs := flags(); len(fs) != 0 {
		t.Fatalf("two rejections flagged: %+v", fs)
	}
	reject()
	fs := flags()
	if len(fs) != 1 || len(fs[0].AgencyIDs) != 1 || fs[0].AgencyIDs[0] != w.aID || fs[0].Region != "湖北省武汉市" {
		t.Fatalf("flags %+v", fs)
	}
	if ev, _ := json.Marshal(fs[0].Evidence); !strings.Contains(string(ev), `"rejections":3`) || strings.Count(string(ev), ",") != 3 {
		t.Errorf("evidence %s", ev)
	}
}

// TestLowPricePagesExplainAndDecide: the agency explains and the owner
// rejects through the notice page's forms; a missing choice is a message
// beside the form, not an error page.
func TestLowPricePagesExplainAndDecide(t *testing.T) {
	t.Parallel()
	w := newLowPriceWorld(t)
	p := w.closed(nil)
	notice := fmt.Sprintf("/projects/%d", p.ID)
	ag := newBrowser(t, w.testApp).loggedIn(w.a)
	if _, body := ag.get(notice); !strings.Contains(body, "提交说明") || !strings.Contains(body, "¥63,000.00") {
		t.Fatal("the agency's notice lacks the explanation form")
	}
	if _, body := newBrowser(t, w.testApp).loggedIn(w.b).get(notice); strings.Contains(body, "提交说明") || strings.Contains(body, "甲低价咨询有限公司") {
		t.Error("another bidder sees A's low price")
	}
	if code, _ := ag.submit(notice, notice+"/low-price-explanation", url.Values{"explanation": {"外业数据已有，成本较低。"}}); code != 200 {
		t.Fatalf("explain: %d", code)
	}
	ow := newBrowser(t, w.testApp).loggedIn(w.owner)
	_, body := ow.get(notice)
	if !strings.Contains(body, "外业数据已有，成本较低。") || !strings.Contains(body, "提交审查意见") {
		t.Fatal("the owner's notice lacks the explanation or the decision form")
	}
	form := url.Values{"agency_id": {fmt.Sprint(w.aID)}, "reason": {"成本说明不足"}}
	if code, body := ow.submit(notice, notice+"/low-price-decision", form); code != 400 || !strings.Contains(body, "请选择采纳或不采纳。") {
		t.Fatalf("decision without a choice: %d", code)
	}
	form.Set("accept", "0")
	if code, _ := ow.submit(notice, notice+"/low-price-decision", form); code != 200 {
		t.Fatalf("decide: %d", code)
	}
	w.run("select_results")
	if res, _ := w.result(p.ID); res.AgencyID != w.bID {
		t.Errorf("B should win after the rejection: %+v", res)
	}
}

// TestLowPriceConcurrentDecisions: an accept and a reject sent at once —
// exactly one wins, the other is told it was already decided, and the bid
// ends as the winner said.
func TestLowPriceConcurrentDecisions(t *testing.T) {
	t.Parallel()
	w := newLowPriceWorld(t)
	p := w.closed(nil)
	w.expect(w.explain(p.ID, w.a, "成本说明"), 200, "")
	results := make(chan *response, 2)
	for _, accept := range []bool{true, false} {
		go func() { results <- w.decide(p.ID, w.owner, w.aID, accept, "并发审查") }()
	}
	r1, r2 := <-results, <-results
	if r1.Status == r2.Status || r1.Status+r2.Status != 200+409 {
		t.Fatalf("statuses %d and %d, want one 200 and one 409", r1.Status, r2.Status)
	}
	won := r1
	if r2.Status == 200 {
		won = r2
	}
	var l lowPriceJSON
	won.decode(t, &l)
	invalid := w.count(fmt.Sprintf(`SELECT count(*) FROM bids WHERE project_id = %d AND agency_id = %d AND status = 'invalid'`, p.ID, w.aID))
	if (l.Status == "rejected") != (invalid == 1) {
		t.Errorf("decision %s but %d invalid bids", l.Status, invalid)
	}
}
