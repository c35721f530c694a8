package api_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestPages_QuestionsOnTheNotice(t *testing.T) {
	t.Parallel()
	app := newQuestionsApp(t)
	_, ent := app.register("enterprise", "网页答疑企业有限公司")
	_, ag := app.agency("网页提问甲咨询有限公司", "NAT-01")
	p := app.publishedProject(ent, map[string]any{"investment_project_code": testInvestmentCode})
	owner, agency, public := newBrowser(t, app.testApp), newBrowser(t, app.testApp), newBrowser(t, app.testApp)
	owner.loginAs(ent)
	agency.loginAs(ag)
	notice := fmt.Sprintf("/projects/%d", p.ID)

	_, body := agency.get(notice)
	mustContain(t, "notice before questions", body, "答疑澄清", "暂无提问", `action="`+notice+`/questions"`,
		`href="/investment-projects/`+testInvestmentCode+`"`)

	// a refused question comes back in Chinese with the text kept
	code, body := agency.submit(notice, notice+"/questions", url.Values{"question": {strings.Repeat("长", 2001)}})
	if code != 400 {
		t.Fatalf("long question: %d", code)
	}
	mustContain(t, "refused question", body, "问题须为1至2000个字")
	if code, _ = agency.submit(notice, notice+"/questions", url.Values{"question": {"报告是否需要专家评审？"}}); code != 200 {
		t.Fatalf("ask: %d", code)
	}

	// the owner sees the question, not the asker, and is offered the amendment path
	_, body = owner.get(notice)
	mustContain(t, "owner's notice", body, "报告是否需要专家评审？", "更正公告", `name="answer"`)
	for _, b := range []string{body, func() string { _, s := public.get(notice); return s }()} {
		if strings.Contains(b, "网页提问甲咨询") {
			t.Error("a notice names the asker")
		}
	}
	// 待办: the unanswered question appears once the question deadline passes
	if _, ws := owner.get("/workspace"); strings.Contains(ws, "待答复的提问") {
		t.Error("the 待办 lists a question before its deadline")
	}
	app.setNow(p.ClosesAt.Add(-10 * time.Minute))
	_, ws := owner.get("/workspace")
	mustContain(t, "owner's 待办 past the question deadline", ws, "待答复的提问", "某工业园区新建厂房环境影响报告表编制")
	var qid int64
	storagetestCount(t, app.testApp, fmt.Sprintf("SELECT id FROM questions WHERE project_id = %d", p.ID), &qid)
	answer := fmt.Sprintf("%s/questions/%d/answer", notice, qid)
	code, body = owner.submit(notice, answer, url.Values{"answer": {"需要，且仅限省内机构参加。"}})
	if code != 400 {
		t.Fatalf("restricted answer: %d", code)
	}
	mustContain(t, "restricted answer", body, "含有排斥性条款", "仅限省内机构")
	if code, _ = owner.submit(notice, answer, url.Values{"answer": {"需要组织专家评审。"}}); code != 200 {
		t.Fatalf("answer: %d", code)
	}
	if _, ws := owner.get("/workspace"); strings.Contains(ws, "待答复的提问") {
		t.Error("the 待办 still lists the answered question")
	}
	_, body = public.get(notice)
	mustContain(t, "public notice after the answer", body, "报告是否需要专家评审？", "需要组织专家评审。")

	// the investment project's page lists the purchase
	_, body = public.get("/investment-projects/" + testInvestmentCode)
	mustContain(t, "investment project page", body, testInvestmentCode, notice, "某工业园区新建厂房环境影响报告表编制")
	if code, _ := public.get("/investment-projects/2026-4201"); code != 400 {
		t.Errorf("bad code page: %d", code)
	}
}

// A department posting an approval-related item on the guided form is
// asked for the investment project code, in Chinese, with its input kept.
func TestPages_ProjectFormInvestmentCode(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, dept := app.staff("department", "某市发展和改革局")
	b := newBrowser(t, app.testApp)
	b.loginAs(dept)
	_, body := b.get("/workspace/projects/new")
	mustContain(t, "form", body, `name="investment_project_code"`, "投资项目代码")
	closes := app.now.Add(48 * time.Hour).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04")
	form := url.Values{"title": {"某产业园项目可行性研究报告编制"}, "item_code": {"YC2022-02"}, "method": {"lowest_price"},
		"ceiling_price": {"125000"}, "bidding_closes_at": {closes}, "service_days": {"30"}, "min_bids": {"2"},
		"budget_code": {"2026-FG-01"}, "description": {"编制可行性研究报告。"}}
	code, body := b.submit("/workspace/projects/new", "/workspace/projects/new", form)
	if code != 400 {
		t.Fatalf("without a code: %d", code)
	}
	mustContain(t, "refused form", body, "须填写投资项目代码")
	form.Set("investment_project_code", "2026-4201-47")
	code, body = b.submit("/workspace/projects/new", "/workspace/projects/new", form)
	if code != 400 {
		t.Fatalf("malformed code: %d", code)
	}
	mustContain(t, "refused form", body, "YYYY-DDDDDD-DD-DD-DDDDDD", `value="2026-4201-47"`)
	form.Set("investment_project_code", testInvestmentCode)
	if code, _ = b.submit("/workspace/projects/new", "/workspace/projects/new", form); code != 200 {
		t.Fatalf("with the code: %d", code)
	}
	if n := app.count("SELECT count(*) FROM projects WHERE investment_project_code = '" + testInvestmentCode + "'"); n != 1 {
		t.Errorf("%d projects carry the code", n)
	}
}
