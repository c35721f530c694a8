package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/market"
)

// TestPages_LifecycleLowestPrice walks a lowest-price project from
// publicity to completed through the web forms only.
func TestPages_LifecycleLowestPrice(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	_, ent := app.register("enterprise", "网页履约企业有限公司")
	agID, ag := app.agency("网页履约甲中介有限公司", "NAT-01")
	p := app.closedProject(ent, nil, bidder{agID, ag, "80000.00"})
	app.run("select_results")
	p = app.project(p.ID)
	if p.Status != "publicity" {
		t.Fatalf("after close: %s", p.Status)
	}
	owner, agency := newBrowser(t, app.testApp), newBrowser(t, app.testApp)
	owner.loginAs(ent)
	agency.loginAs(ag)
	notice := fmt.Sprintf("/projects/%d", p.ID)

	_, body := agency.get(notice)
	mustContain(t, "publicity notice", body, `id="life"`)
	if strings.Contains(body, notice+"/objection\"") {
		t.Error("the selected agency is offered an objection form")
	}
	app.advance(testPublicity + time.Second)
	app.run("end_publicity")

	_, body = owner.get(notice)
	mustContain(t, "awarded notice (owner)", body, notice+"/contract/sign")
	code, body := agency.submit(notice, notice+"/contract/sign", url.Values{})
	if code != 200 || strings.Contains(body, notice+"/contract/decline") {
		t.Fatalf("agency sign: %d", code)
	}
	if code, _ = owner.submit(notice, notice+"/contract/sign", url.Values{}); code != 200 || app.lifecycle(p.ID).Status != "contracted" {
		t.Fatalf("owner sign: %d %s", code, app.lifecycle(p.ID).Status)
	}

	if _, body = agency.get("/workspace"); !strings.Contains(body, "提交服务成果") {
		t.Error("the agency's 待办 lacks the delivery")
	}
	code, body = agency.submitMultipart(notice, notice+"/deliver", map[string]string{"note": "报告初稿"}, "report.pdf", []byte("%PDF-1.4\n%%EOF\n"))
	if code != 200 || app.lifecycle(p.ID).Status != "delivered" {
		t.Fatalf("deliver: %d %s", code, app.lifecycle(p.ID).Status)
	}
	mustContain(t, "after delivery", body, "报告初稿", "application/pdf", "sha256 ")

	// returning needs a reason: the message stands beside the field
	code, body = owner.submit(notice, notice+"/acceptance", url.Values{"accept": {"0"}, "reason": {""}})
	if code != http.StatusBadRequest {
		t.Fatalf("return without reason: %d", code)
	}
	mustContain(t, "return refused", body, `class="field-error"`)
	if code, _ = owner.submit(notice, notice+"/acceptance", url.Values{"accept": {"0"}, "reason": {"缺少附图"}}); code != 200 || app.lifecycle(p.ID).Status != "contracted" {
		t.Fatalf("return: %d %s", code, app.lifecycle(p.ID).Status)
	}
	agency.submit(notice, notice+"/deliver", url.Values{"note": {"补充附图"}})
	if code, _ = owner.submit(notice, notice+"/acceptance", url.Values{"accept": {"1"}}); code != 200 || app.lifecycle(p.ID).Status != "accepted" {
		t.Fatalf("accept: %d %s", code, app.lifecycle(p.ID).Status)
	}

	code, body = owner.submit(notice, notice+"/evaluate", url.Values{"quality": {"9"}, "timeliness": {"4"}, "attitude": {"5"}, "fee": {"4"}, "comment": {"专业"}})
	if code != http.StatusBadRequest || !strings.Contains(body, ">专业</textarea>") {
		t.Fatalf("rating 9 accepted or comment lost: %d", code)
	}
	code, _ = owner.submit(notice, notice+"/evaluate", url.Values{"quality": {"5"}, "timeliness": {"4"}, "attitude": {"5"}, "fee": {"4"}, "comment": {"专业、及时"}})
	if code != 200 || app.lifecycle(p.ID).Status != "completed" {
		t.Fatalf("evaluate: %d %s", code, app.lifecycle(p.ID).Status)
	}
	code, body = agency.submit(notice, notice+"/reply", url.Values{"reply": {"感谢评价"}})
	if code != 200 {
		t.Fatalf("reply: %d", code)
	}
	mustContain(t, "completed notice", body, "专业、及时", "感谢评价")
	if strings.Contains(body, notice+"/reply\"") {
		t.Error("the reply form is still offered after the reply")
	}
	if l := app.lifecycle(p.ID); l.Evaluation == nil || l.Evaluation.Reply == nil {
		t.Fatalf("evaluation: %+v", l)
	}
}

// TestPages_LifecycleCompositeScores scores a composite project through the
// form; a score of 101 is refused beside its field with the input kept.
func TestPages_LifecycleCompositeScores(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	_, ent := app.register("enterprise", "网页评分企业有限公司")
	aID, a := app.agency("网页评分甲中介有限公司", "NAT-01")
	bID, bt := app.agency("网页评分乙中介有限公司", "NAT-01")
	p := app.closedProject(ent, map[string]any{"method": "composite", "min_bids": 2, "weights": market.Weights{Price: 40, Credit: 10, Technical: 50}},
		bidder{aID, a, "90000.00"}, bidder{bID, bt, "95000.00"})
	if p.Status != "evaluating" {
		t.Fatalf("composite after close: %s", p.Status)
	}
	owner := newBrowser(t, app.testApp)
	owner.loginAs(ent)
	notice := fmt.Sprintf("/projects/%d", p.ID)
	_, body := owner.get(notice)
	fields := regexp.MustCompile(`name="(score_\d+)"`).FindAllStringSubmatch(body, -1)
	if len(fields) != 2 {
		t.Fatalf("%d score fields, want 2", len(fields))
	}
	for _, f := range fields { // each bid's proposal beside its score field
		id := strings.TrimPrefix(f[1], "score_")
		at := strings.Index(body, `id="proposal_`+id+`"`)
		if at < 0 || !strings.Contains(body[at:min(len(body), at+200)], "技术方案") {
			t.Errorf("no proposal beside %s", f[1])
		}
	}
	form := url.Values{fields[0][1]: {"101"}, fields[1][1]: {"60"}}
	code, body := owner.submit(notice, notice+"/select", form)
	if code != http.StatusBadRequest {
		t.Fatalf("score 101: %d", code)
	}
	at := strings.Index(body, `id="`+fields[0][1]+`"`)
	if at < 0 || !strings.Contains(body[at:at+200], `value="101"`) || !strings.Contains(body[at:at+300], "field-error") {
		t.Fatalf("the error is not beside the 101 field")
	}
	if app.lifecycle(p.ID).Status != "evaluating" {
		t.Fatal("a refused score changed the project")
	}
	// the second bidder's technical score outweighs its higher price
	form = url.Values{fields[0][1]: {"20"}, fields[1][1]: {"100"}}
	if code, _ = owner.submit(notice, notice+"/select", form); code != 200 {
		t.Fatalf("scores: %d", code)
	}
	l := app.lifecycle(p.ID)
	if l.Status != "publicity" || l.AwardedAgencyID == nil {
		t.Fatalf("after scores: %+v", l)
	}
	// The published result breaks each score down: price score (lowest
	// 90,000 over the price), credit and technical, with their weights.
	_, public := newBrowser(t, app.testApp).get(notice)
	mustContain(t, "published composite result", public, "价格分（权重 40）", "信用分（权重 10）", "技术分（权重 50）",
		">100.00<", ">94.74<", ">20<", ">100<", "综合得分 =（价格分 × 40", "技术分 × 50）÷ 100")
	if other := newBrowser(t, app.testApp); true {
		other.loginAs(a)
		if code, _ := other.submit(notice, notice+"/select", form); code != http.StatusForbidden {
			t.Errorf("an agency entered scores: %d", code)
		}
	}
}

// TestPages_ObjectionToComplaint: an agency objects, the owner answers, the
// agency escalates and an admin decides, all through the pages.
func TestPages_ObjectionToComplaint(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	_, ent := app.register("enterprise", "网页异议企业有限公司")
	aID, a := app.agency("网页异议甲中介有限公司", "NAT-01")
	bID, bt := app.agency("网页异议乙中介有限公司", "NAT-01")
	p := app.closedProject(ent, nil, bidder{aID, a, "80000.00"}, bidder{bID, bt, "85000.00"})
	app.run("select_results")
	owner, loser, admin := newBrowser(t, app.testApp), newBrowser(t, app.testApp), newBrowser(t, app.testApp)
	owner.loginAs(ent)
	loser.loginAs(bt)
	_, adm := app.staff(domain.RoleAdmin, "网页管理员")
	admin.loginAs(adm)
	notice := fmt.Sprintf("/projects/%d", p.ID)

	code, body := loser.submit(notice, notice+"/objection", url.Values{"reason": {""}})
	if code != http.StatusBadRequest || !strings.Contains(body, "field-error") {
		t.Fatalf("empty objection: %d", code)
	}
	if code, body = loser.submit(notice, notice+"/objection", url.Values{"reason": {"中选报价低于成本"}}); code != 200 {
		t.Fatalf("objection: %d", code)
	}
	mustContain(t, "objection raised", body, "中选报价低于成本")
	_, body = owner.get(notice)
	m := regexp.MustCompile(`action="(/projects/\d+/objections/(\d+)/answer)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the owner has no answer form")
	}
	if _, body = owner.get("/workspace"); !strings.Contains(body, "答复异议") {
		t.Error("the owner's 待办 lacks the objection")
	}
	if _, body = loser.get(notice); strings.Contains(body, "/objections/"+m[2]+"/escalate") {
		t.Error("escalation offered before the answer or its deadline")
	}
	if code, _ = owner.submit(notice, m[1], url.Values{"answer": {"报价经核实不低于成本"}}); code != 200 {
		t.Fatalf("answer: %d", code)
	}
	escalate := fmt.Sprintf("/projects/%d/objections/%s/escalate", p.ID, m[2])
	if _, body = loser.get(notice); !strings.Contains(body, escalate) {
		t.Fatal("the objector is not offered escalation")
	}
	if code, _ = loser.submit(notice, escalate, url.Values{}); code != 200 {
		t.Fatalf("escalate: %d", code)
	}

	if _, body = admin.get("/workspace"); !strings.Contains(body, "处理投诉") {
		t.Error("the admin's 待办 lacks the complaint")
	}
	code, body = admin.get("/workspace/complaints")
	if code != 200 {
		t.Fatalf("complaints page: %d", code)
	}
	mustContain(t, "complaints", body, "中选报价低于成本", "报价经核实不低于成本", `value="`+m[2]+`"`)
	code, body = admin.submit("/workspace/complaints", "/workspace/complaints", url.Values{"objection_id": {m[2]}, "reason": {"理由"}})
	if code != http.StatusBadRequest || !strings.Contains(body, "field-error") || !strings.Contains(body, ">理由</textarea>") {
		t.Fatalf("decision without a choice: %d", code)
	}
	if code, body = admin.submit("/workspace/complaints", "/workspace/complaints", url.Values{"objection_id": {m[2]}, "upheld": {"1"}, "reason": {"成本核算有误"}}); code != 200 {
		t.Fatalf("decide: %d", code)
	}
	if strings.Contains(body, `value="`+m[2]+`"`) {
		t.Error("the decided complaint is still listed")
	}
	if l := app.lifecycle(p.ID); l.AwardedAgencyID == nil || *l.AwardedAgencyID != bID {
		t.Fatalf("upheld complaint did not promote the runner-up: %+v", l)
	}
	if code, _ := loser.get("/workspace/complaints"); code == 200 {
		t.Error("an agency opened the complaints page")
	}
}

// TestPages_LifecycleDirectPickAndPayment: an enterprise picks the agency
// of a direct project from the form; a department records a payment on its
// budget project, a bad amount shown beside its field.
func TestPages_LifecycleDirectPickAndPayment(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	_, ent := app.register("enterprise", "网页直选企业有限公司")
	_, dept := app.staff(domain.RoleDepartment, "网页某市生态环境局")
	aID, a := app.agency("网页直选甲中介有限公司", "NAT-01")

	direct := app.closedProject(ent, map[string]any{"method": "direct"}, bidder{aID, a, "70000.00"})
	app.run("select_results")
	owner := newBrowser(t, app.testApp)
	owner.loginAs(ent)
	notice := fmt.Sprintf("/projects/%d", direct.ID)
	_, body := owner.get(notice)
	mustContain(t, "direct notice", body, `name="agency_id"`, fmt.Sprintf(`<option value="%d">`, aID))
	if code, _ := owner.submit(notice, notice+"/select", url.Values{"agency_id": {fmt.Sprint(aID)}}); code != 200 {
		t.Fatalf("pick: %d", code)
	}
	if l := app.lifecycle(direct.ID); l.Status != "publicity" || l.AwardedAgencyID == nil || *l.AwardedAgencyID != aID {
		t.Fatalf("after pick: %+v", l)
	}

	bID, b := app.agency("网页直选乙中介有限公司", "NAT-01")
	p := app.closedProject(dept, map[string]any{"budget_code": "2026-EE-09", "min_bids": 2}, bidder{aID, a, "60000.00"}, bidder{bID, b, "65000.00"})
	app.run("select_results")
	app.advance(testPublicity + time.Second)
	app.run("end_publicity")
	app.expect(app.post(pp(p.ID, "/contract/sign"), a, nil), 200, "")
	app.expect(app.post(pp(p.ID, "/contract/sign"), dept, nil), 200, "")
	db := newBrowser(t, app.testApp)
	db.loginAs(dept)
	notice = fmt.Sprintf("/projects/%d", p.ID)
	code, body := db.submit(notice, notice+"/payment", url.Values{"amount": {"六万"}, "paid_on": {"2026-12-01"}})
	if code != http.StatusBadRequest || !strings.Contains(body, `value="六万"`) {
		t.Fatalf("bad amount: %d", code)
	}
	at := strings.Index(body, `id="amount"`)
	if at < 0 || !strings.Contains(body[at:at+300], "field-error") {
		t.Error("the amount error is not beside the field")
	}
	if code, body = db.submit(notice, notice+"/payment", url.Values{"amount": {"30,000.00"}, "paid_on": {"2026-12-01"}}); code != 200 {
		t.Fatalf("payment: %d", code)
	}
	mustContain(t, "payments", body, "2026-12-01", "¥30,000.00")
	if n := app.count(fmt.Sprintf("SELECT count(*) FROM payments WHERE project_id = %d", p.ID)); n != 1 {
		t.Errorf("%d payments", n)
	}
}

// An admin starts the search-index rebuild from the web and follows its
// progress until it finishes; other roles cannot start it.
func TestPages_MaintenanceReindex(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, adm := app.staff("admin", "平台管理员")
	_, ent := app.register("enterprise", "维护测试企业有限公司")
	app.agency("维护测试中介有限公司", "NAT-01") // a project no agency could bid on is not published
	app.publishedProject(ent, nil)
	b := newBrowser(t, app.testApp).loggedIn(adm)
	if code, body := b.get("/workspace/maintenance"); code != 200 || !strings.Contains(body, "重建搜索索引") {
		t.Fatalf("maintenance page: %d", code)
	}
	if code, body := b.submit("/workspace/maintenance", "/workspace/maintenance/reindex", url.Values{}); code != 200 || !strings.Contains(body, "reindex-state") {
		t.Fatalf("start: %d", code)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, body := b.get("/workspace/maintenance")
		if strings.Contains(body, "已完成") {
			if !strings.Contains(body, "projects 1/1") && !strings.Contains(body, "agencies") {
				t.Errorf("finished without progress shown")
			}
			break
		}
		if strings.Contains(body, "失败") {
			t.Fatalf("rebuild failed:\n%s", body)
		}
		if time.Now().After(deadline) {
			t.Fatal("the rebuild did not finish in 30 s")
		}
		runtime.Gosched()
	}
	if code, _ := newBrowser(t, app.testApp).loggedIn(ent).submit("/workspace", "/workspace/maintenance/reindex", url.Values{}); code != http.StatusForbidden {
		t.Errorf("an enterprise starts a rebuild: %d", code)
	}
}
