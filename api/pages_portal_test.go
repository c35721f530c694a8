package api_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/credit"
	"marketplace/domain/market"
	"marketplace/storage"
)

// loginAs gives the browser an existing session (token from app.register).
func (b *browser) loginAs(token string) {
	u, _ := url.Parse(b.app.URL)
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: api.SessionCookie, Value: token, Path: "/"}})
}

// submitMultipart posts a multipart form with one file, CSRF token from formPage.
func (b *browser) submitMultipart(formPage, action string, fields map[string]string, fileName string, file []byte) (int, string) {
	b.t.Helper()
	_, page := b.get(formPage)
	m := csrfPattern.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatalf("no CSRF token on %s", formPage)
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("_csrf", m[1])
	for k, v := range fields {
		w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile("file", fileName)
	fw.Write(file)
	w.Close()
	res, err := b.c.Post(b.app.URL+action, w.FormDataContentType(), &buf)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

func mustContain(t *testing.T, where, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", where, w)
		}
	}
}

// portalFixture publishes a lowest-price project with one sealed bid and a
// reverse auction.
type portalFixture struct {
	app                    *biddingApp
	owner, agency, agency2 string
	agencyID               int64
	project, auction       projectJSON
}

func newPortalFixture(t *testing.T) *portalFixture {
	app := newBiddingApp(t)
	f := &portalFixture{app: app}
	_, f.owner = app.register("enterprise", "网页测试企业有限公司")
	f.agencyID, f.agency = app.agency("网页测试甲中介有限公司", "NAT-01")
	_, f.agency2 = app.agency("网页测试乙中介有限公司", "NAT-01")
	f.project = app.publishedProject(f.owner, nil)
	f.auction = app.publishedProject(f.owner, auctionBody(map[string]any{"title": "某项目竞价环评编制"}))
	if r := app.do("PUT", bidPath(f.project.ID), f.agency, map[string]any{"price": "87654.32", "proposal": "方案"}); r.Status != 200 && r.Status != 201 {
		t.Fatalf("bid: %d %s", r.Status, r.Body)
	}
	return f
}

func TestPages_Portal(t *testing.T) {
	t.Parallel()
	f := newPortalFixture(t)
	app := f.app
	b := newBrowser(t, app.testApp)
	notice := fmt.Sprintf("/projects/%d", f.project.ID)
	pages := map[string][]string{
		"/":         {"最新采购公告", "某工业园区新建厂房环境影响报告表编制", "报名中"},
		"/projects": {"关于《某工业园区新建厂房环境影响报告表编制》中介服务采购的公告", "¥100,000.00", "共 2 条"},
		"/projects?q=竞价&method=reverse_auction": {"共 1 条", `value="竞价"`, `value="reverse_auction" selected`},
		notice: {"关于《某工业园区新建厂房环境影响报告表编制》中介服务采购的公告", "网页测试企业有限公司", "/catalogue/NAT-01",
			"自筹", "¥100,000.00", "最低价", "截止后报价最低的有效报价中选", "还剩 2 小时 0 分", "北京时间", "服务期限"},
		fmt.Sprintf("/projects/%d", f.auction.ID):         {"网上竞价", "进入竞价大厅"},
		fmt.Sprintf("/projects/%d/auction", f.auction.ID): {"当前最低价", "¥1,000.00", "auction.js"},
		"/results":                              {"结果公示", "共 0 条"},
		"/agencies":                             {"网页测试甲中介有限公司"},
		fmt.Sprintf("/agencies/%d", f.agencyID): {"网页测试甲中介有限公司", "信用记录", "资质证书"},
		"/credit":                               {"黑名单", "暂停名单", "信用评价规则", "串通投标"},
		"/data":                                 {"报名中", "入驻主体"},
	}
	for path, want := range pages {
		code, body := b.get(path)
		if code != 200 {
			t.Errorf("%s: %d\n%.600s", path, code, body)
			continue
		}
		mustContain(t, path, body, want...)
		if strings.Contains(body, "87,654.32") || strings.Contains(body, "87654.32") {
			t.Errorf("%s shows the sealed price before close", path)
		}
		if len(body) > 200_000 {
			t.Errorf("%s weighs %d bytes", path, len(body))
		}
		t.Logf("%s: %d bytes of HTML", path, len(body))
	}

	t.Run("the owner does not see the sealed price before close either", func(t *testing.T) {
		ob := newBrowser(t, app.testApp)
		ob.loginAs(f.owner)
		if _, body := ob.get(notice); strings.Contains(body, "87,654.32") {
			t.Error("owner sees the sealed price before close")
		}
	})
	t.Run("the bidder sees its own price; another agency does not", func(t *testing.T) {
		ab := newBrowser(t, app.testApp)
		ab.loginAs(f.agency)
		_, body := ab.get(notice)
		mustContain(t, "own notice", body, "我的报价", "¥87,654.32", "修改报价", "撤回报价")
		other := newBrowser(t, app.testApp)
		other.loginAs(f.agency2)
		if _, body := other.get(notice); strings.Contains(body, "87,654.32") || !strings.Contains(body, "提交报价") {
			t.Error("another agency sees the price or has no bid form")
		}
	})
	t.Run("after close the owner sees the bids", func(t *testing.T) {
		app.setNow(app.now.Add(3 * time.Hour))
		if _, err := app.Jobs.RunOnce(context.Background(), "close_bidding"); err != nil {
			t.Fatal(err)
		}
		ob := newBrowser(t, app.testApp)
		ob.loginAs(f.owner)
		_, body := ob.get(notice)
		mustContain(t, "owner's notice after close", body, "评审中", "收到的报价", "网页测试甲中介有限公司", "¥87,654.32")
		_, body = ob.get("/workspace")
		mustContain(t, "owner's to-do after close", body, "确定中选机构")
	})
	t.Run("a result is shown with its ranking and how to verify", func(t *testing.T) {
		storagetestExec(t, app.testApp, fmt.Sprintf(`UPDATE projects SET status = 'publicity', result = '{"ranking":[{"rank":1,"agency_id":%d,"agency_name":"网页测试甲中介有限公司","price":"87654.32","score":91.5}],"draw":{"input":"ocds|x","seed":"abc123","algorithm":"sha256"}}' WHERE id = %d`, f.agencyID, f.project.ID))
		_, body := b.get(notice)
		mustContain(t, "result notice", body, "《某工业园区新建厂房环境影响报告表编制》中介服务选取结果公示", "公示中", "¥87,654.32", "91.50", "如何验证", "abc123")
		_, body = b.get("/results")
		mustContain(t, "results", body, "共 2 条", "选取结果公示", "《某项目竞价环评编制》流标公告", "流标")
	})
	t.Run("lists keep their filters in pager links, 20 a page", func(t *testing.T) {
		for i := 0; i < 21; i++ {
			app.publishedProject(f.owner, map[string]any{"title": fmt.Sprintf("分页测试项目%02d", i)})
		}
		_, body := b.get("/projects?q=分页测试")
		mustContain(t, "paged list", body, "共 21 条", "1 / 2", `href="/projects?q=%E5%88%86%E9%A1%B5%E6%B5%8B%E8%AF%95&amp;page=2"`)
		if n := strings.Count(body, "分页测试项目"); n != 20 {
			t.Errorf("page 1 shows %d rows, want 20", n)
		}
	})
	t.Run("English", func(t *testing.T) {
		_, body := b.get("/lang?to=en&back=" + url.QueryEscape(notice))
		mustContain(t, "English notice", body, "Selection result: 某工业园区新建厂房环境影响报告表编制", "China Standard Time")
	})
}

func TestPages_EnterpriseWorkspace(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, token := app.register("enterprise", "工作台测试企业有限公司")
	app.agency("工作台测试中介有限公司", "NAT-01") // a project no agency could bid on is not published
	b := newBrowser(t, app.testApp)
	b.loginAs(token)
	_, body := b.get("/workspace/projects/new")
	mustContain(t, "form", body, `<fieldset>`, `value="direct"`, `<label for="title">`)
	closes := app.now.Add(48 * time.Hour).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04")
	form := url.Values{"title": {"某厂房扩建环境影响评价"}, "item_code": {"NAT-01"}, "region": {"湖北省武汉市"}, "method": {"lowest_price"},
		"ceiling_price": {"125000"}, "bidding_closes_at": {closes}, "service_days": {"30"}, "min_bids": {"1"}, "do": {"publish"},
		"description": {"投标人注册资本不少于500万元。"}}

	t.Run("a restriction phrase is named beside the description and the input is kept", func(t *testing.T) {
		code, body := b.submit("/workspace/projects/new", "/workspace/projects/new", form)
		if code != 400 {
			t.Fatalf("got %d", code)
		}
		mustContain(t, "refused form", body, `class="field-error"`, "「注册资本不少于500万元」", `value="某厂房扩建环境影响评价"`, "投标人注册资本不少于500万元。")
		i := strings.Index(body, `id="description"`)
		j := strings.LastIndex(body, "「注册资本不少于500万元」")
		k := strings.Index(body, `id="bidding_closes_at"`)
		if !(i < j && j < k) {
			t.Error("the message is not beside the description field")
		}
		if !strings.Contains(body, `class="error-summary"`) || !strings.Contains(body, `<a href="#description">`) {
			t.Error("no error summary linking to the field")
		}
	})
	t.Run("a bad amount is shown beside its field", func(t *testing.T) {
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("description", "编制报告。")
		bad.Set("ceiling_price", "十万")
		code, body := b.submit("/workspace/projects/new", "/workspace/projects/new", bad)
		if code != 400 || !strings.Contains(body, "金额格式不正确") {
			t.Errorf("got %d", code)
		}
	})
	t.Run("a valid form publishes the notice", func(t *testing.T) {
		form.Set("description", "编制环境影响报告表。")
		code, body := b.submit("/workspace/projects/new", "/workspace/projects/new", form)
		mustContain(t, "published notice", body, "关于《某厂房扩建环境影响评价》中介服务采购的公告", "¥125,000.00", "报名中")
		if code != 200 {
			t.Errorf("got %d", code)
		}
	})
	t.Run("a draft is listed with its publish button; the to-do list names it", func(t *testing.T) {
		form.Set("title", "草稿测试项目")
		form.Set("do", "draft")
		_, body := b.submit("/workspace/projects/new", "/workspace/projects/new", form)
		mustContain(t, "my projects", body, "草稿测试项目", "某厂房扩建环境影响评价", "草稿", "报名中")
		_, body = b.get("/workspace")
		mustContain(t, "to-do", body, "发布草稿", "草稿测试项目", "等待报价截止", `<span class="badge">待办 2</span>`)
	})
	t.Run("another role's pages are refused", func(t *testing.T) {
		if code, _ := b.get("/workspace/monitor"); code != 403 {
			t.Errorf("enterprise on the monitor: %d", code)
		}
	})
}

func TestPages_DepartmentWorkspace(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, token := app.staff(domain.RoleDepartment, "某市生态环境局")
	for i := 1; i <= market.DefaultMinBids; i++ { // a department's project needs min_bids agencies that could bid
		app.agency(fmt.Sprintf("部门工作台测试中介%d号有限公司", i), "NAT-01")
	}
	b := newBrowser(t, app.testApp)
	b.loginAs(token)
	_, body := b.get("/workspace/projects/new")
	if strings.Contains(body, `value="direct"`) {
		t.Error("a department is offered direct selection")
	}
	mustContain(t, "department form", body, `id="budget_code"`, `value="random_draw"`)
	closes := app.now.Add(48 * time.Hour).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04")
	form := url.Values{"title": {"某流域水环境质量评估"}, "item_code": {"NAT-01"}, "method": {"direct"}, "ceiling_price": {"300000"},
		"budget_code": {"2026-HB-001"}, "bidding_closes_at": {closes}, "service_days": {"30"}, "do": {"publish"}}
	code, body := b.submit("/workspace/projects/new", "/workspace/projects/new", form)
	if code != 400 || !strings.Contains(body, "必须采用竞争方式选取") || !strings.Contains(body, `value="2026-HB-001"`) {
		t.Errorf("forged direct selection: %d", code)
	}
	form.Set("method", "random_draw")
	_, body = b.submit("/workspace/projects/new", "/workspace/projects/new", form)
	mustContain(t, "department notice", body, "财政预算", "2026-HB-001", "随机抽取")
	t.Run("record a violation: evidence is required, then it is listed", func(t *testing.T) {
		app.register("agency", "违规测试中介有限公司")
		form := url.Values{"agency": {"违规测试中介有限公司"}, "kind": {"violation"}, "severity": {"2"}, "reason": {"出具虚假结论"}}
		code, body := b.submit("/workspace/violations", "/workspace/violations", form)
		if code != 400 || !strings.Contains(body, "请填写证据") || !strings.Contains(body, `value="出具虚假结论"`) {
			t.Errorf("no evidence: %d", code)
		}
		form.Set("evidence", "鄂环罚〔2026〕12号")
		_, body = b.submit("/workspace/violations", "/workspace/violations", form)
		mustContain(t, "violations", body, "出具虚假结论", "鄂环罚〔2026〕12号", "共 1 条")
	})
	t.Run("draw an inspection and record a failure", func(t *testing.T) {
		agencyID, _ := app.register("agency", "抽查测试中介有限公司")
		code, body := b.submit("/workspace/inspections", "/workspace/inspections", url.Values{"sample_size": {"1"}, "inspectors": {""}})
		if code != 400 || !strings.Contains(body, "检查人员") || !strings.Contains(body, `class="field-error"`) {
			t.Errorf("no inspectors: %d", code)
		}
		_, body = b.submit("/workspace/inspections", "/workspace/inspections", url.Values{"sample_size": {"1"}, "inspectors": {"王五\n赵六"}, "inspectors_per_agency": {"1"}})
		mustContain(t, "inspection", body, "随机种子", "合格")
		m := regexp.MustCompile(`action="(/workspace/inspections/\d+/results)"[^>]*>(?:<[^>]+>)*?<input type="hidden" name="agency_id" value="(\d+)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no result form:\n%.3000s", body)
		}
		page := strings.TrimSuffix(m[1], "/results")
		code, body = b.submit(page, m[1], url.Values{"agency_id": {m[2]}, "result": {"fail"}})
		if code != 400 || !strings.Contains(body, "不合格须填写检查发现") {
			t.Errorf("fail without findings: %d", code)
		}
		_, body = b.submit(page, m[1], url.Values{"agency_id": {m[2]}, "result": {"fail"}, "findings": {"报告结论无依据"}})
		mustContain(t, "recorded", body, "不合格", "报告结论无依据")
		_ = agencyID
	})
	for path, want := range map[string]string{"/workspace/monitor": "<svg", "/workspace/violations": "违规记录", "/workspace/inspections": "双随机抽查", "/workspace": "待办"} {
		code, body := b.get(path)
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("%s: %d, want %q", path, code, want)
		}
	}
}

func TestPages_AgencyWorkspace(t *testing.T) {
	t.Parallel()
	f := newPortalFixture(t)
	app := f.app
	files, err := storage.NewFiles(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	app.Market.Files = files
	b := newBrowser(t, app.testApp)
	b.loginAs(f.agency2)
	notice := fmt.Sprintf("/projects/%d", f.project.ID)

	t.Run("a price above the ceiling is shown beside the price", func(t *testing.T) {
		code, body := b.submit(notice, notice+"/bid", url.Values{"price": {"120000"}, "proposal": {"我的方案"}})
		if code != 400 || !strings.Contains(body, "报价高于最高限价") || !strings.Contains(body, "我的方案") {
			t.Errorf("got %d", code)
		}
	})
	t.Run("submit, revise and withdraw a sealed bid", func(t *testing.T) {
		_, body := b.submit(notice, notice+"/bid", url.Values{"price": {"90000"}})
		mustContain(t, "after bid", body, "¥90,000.00", "已提交")
		_, body = b.submit(notice, notice+"/bid", url.Values{"price": {"89,500.00"}})
		mustContain(t, "after revise", body, "¥89,500.00")
		_, body = b.submit(notice, notice+"/bid/withdraw", url.Values{})
		mustContain(t, "after withdraw", body, "已撤回")
	})
	t.Run("workspace pages", func(t *testing.T) {
		for path, want := range map[string]string{"/workspace": "某工业园区新建厂房环境影响报告表编制", "/workspace/matching": "某工业园区新建厂房环境影响报告表编制",
			"/workspace/profile": "NAT-01", "/workspace/qualifications": "上传", "/workspace/affiliations": "申报关联关系", "/workspace/credit": "我的信用"} {
			code, body := b.get(path)
			if code != 200 || !strings.Contains(body, want) {
				t.Errorf("%s: %d, want %q", path, code, want)
			}
		}
	})
	t.Run("profile save keeps the items", func(t *testing.T) {
		_, body := b.submit("/workspace/profile", "/workspace/profile", url.Values{"service_items": {"NAT-01 NAT-02"}, "region": {"湖北省武汉市"}, "description": {"专业环评机构"}})
		if i := strings.Index(body, "field-error"); i > 0 {
			t.Log(body[i : i+300])
		}
		mustContain(t, "saved profile", body, "已保存", `value="NAT-01" selected`, `value="NAT-02" selected`, "专业环评机构")
	})
	t.Run("a qualification is uploaded as a multipart form", func(t *testing.T) {
		fields := map[string]string{"item_code": "NAT-01", "number": "HP-2026-0001", "issuer": "生态环境部", "valid_from": "2026-01-01", "valid_until": "2028-12-31"}
		code, body := b.submitMultipart("/workspace/qualifications", "/workspace/qualifications", fields, "cert.pdf", []byte("%PDF-1.4\n%test\n"))
		if code != 200 || !strings.Contains(body, "HP-2026-0001") {
			t.Errorf("upload: %d\n%.300s", code, body[strings.Index(body, "field-error"):])
		}
		code, body = b.submitMultipart("/workspace/qualifications", "/workspace/qualifications", fields, "cert.exe", []byte("MZ not a document"))
		if code < 400 || !strings.Contains(body, `class="field-error"`) || !strings.Contains(body, `value="HP-2026-0001"`) {
			t.Errorf("bad file: %d", code)
		}
	})
	t.Run("exit needs the box ticked and is refused with an open bid", func(t *testing.T) {
		code, body := b.submit("/workspace/profile", "/workspace/exit", url.Values{})
		if code != 400 || !strings.Contains(body, "请勾选确认") {
			t.Errorf("unconfirmed exit: %d", code)
		}
		b.submit(notice, notice+"/bid", url.Values{"price": {"91000"}})
		code, body = b.submit("/workspace/profile", "/workspace/exit", url.Values{"confirm": {"1"}})
		if code != 409 || !strings.Contains(body, "暂不能退出") {
			t.Errorf("exit with an open bid: %d", code)
		}
	})
	t.Run("the auction page takes a bid without JavaScript", func(t *testing.T) {
		page := fmt.Sprintf("/projects/%d/auction", f.auction.ID)
		_, body := b.submit(page, page+"/bid", url.Values{"price": {"99000"}})
		mustContain(t, "auction after bid", body, "¥99,000.00", "竞价人 1")
		code, body := b.submit(page, page+"/bid", url.Values{"price": {"98999"}})
		if code != 409 && code != 400 || !strings.Contains(body, `class="field-error"`) {
			t.Errorf("too small a step: %d", code)
		}
	})
}

func TestPages_AdminWorkspace(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	_, token := app.staff(domain.RoleAdmin, "平台管理员")
	b := newBrowser(t, app)
	b.loginAs(token)
	for path, want := range map[string]string{"/workspace/catalogue": "NAT-01", "/workspace/jobs": "定时任务", "/workspace/audit": "审计链",
		"/workspace/appeals": "信用申诉处理", "/workspace/monitor": "<svg", "/workspace": "待办"} {
		code, body := b.get(path)
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("%s: %d, want %q", path, code, want)
		}
	}
	_, body := b.get("/workspace/catalogue/NAT-01")
	mustContain(t, "item form", body, `id="time_limit_days"`)
	code, body := b.submit("/workspace/catalogue/NAT-01", "/workspace/catalogue/NAT-01", url.Values{"name": {"环境影响报告书（表）编制"}, "time_limit_days": {"三十"}, "status": {"retained"}})
	if code != 400 || !strings.Contains(body, "请填写整数") {
		t.Errorf("bad time limit: %d", code)
	}
	code, body = b.submit("/workspace/appeals", "/workspace/appeals", url.Values{"appeal_id": {"999999"}, "upheld": {"1"}, "reason": {"证据不足"}})
	if code != 404 && !strings.Contains(body, `field-error`) {
		t.Errorf("unknown appeal: %d", code)
	}
	if code, body := newBrowser(t, app).get("/workspace/jobs"); code != 200 || !strings.Contains(body, `name="back"`) {
		t.Errorf("anonymous workspace does not lead to the login form: %d", code)
	}
}

func TestPages_CreditAppealRoundTrip(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	agencyID, agencyToken := app.register("agency", "申诉测试中介有限公司")
	ctx := context.Background()
	err := app.Market.Store.InTx(ctx, func(s domain.Store) error {
		return app.Market.RecordCreditEvent(ctx, s, credit.Event{AgencyID: agencyID, Kind: credit.KindLateDelivery,
			Points: -3, Source: "system", Reason: "逾期交付测试"})
	})
	if err != nil {
		t.Fatal(err)
	}
	ab := newBrowser(t, app)
	ab.loginAs(agencyToken)
	_, body := ab.get("/workspace/credit")
	mustContain(t, "my credit", body, "逾期交付", "-3", "申诉理由")
	m := regexp.MustCompile(`action="(/workspace/credit/\d+/appeal)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no appeal form")
	}
	_, body = ab.submit("/workspace/credit", m[1], url.Values{"reason": {"已按期交付，有签收单。"}})
	mustContain(t, "after appeal", body, "申诉已提交")
	code, body := ab.submit("/workspace/credit", m[1], url.Values{"reason": {"再次申诉"}})
	if code != 409 || !strings.Contains(body, "只能申诉一次") {
		t.Errorf("second appeal: %d", code)
	}

	_, adminToken := app.staff(domain.RoleAdmin, "平台管理员")
	b := newBrowser(t, app)
	b.loginAs(adminToken)
	_, body = b.get("/workspace")
	mustContain(t, "admin to-do", body, "处理信用申诉", "已按期交付，有签收单。")
	_, body = b.get("/workspace/appeals")
	// the appeal is known by its agency, the credit event and the dates,
	// never by a number
	queue := visibleText(t, body)
	mustContain(t, "appeal queue names", queue, "申诉测试中介有限公司", "逾期交付（-3 分，", "逾期交付测试")
	if m := internalNumber.FindString(queue); m != "" {
		t.Errorf("the appeal queue prints the internal number %q", m)
	}
	id := regexp.MustCompile(`name="appeal_id" value="(\d+)"`).FindStringSubmatch(body)
	if id == nil {
		t.Fatal("pending appeal not listed")
	}
	_, body = b.submit("/workspace/appeals", "/workspace/appeals", url.Values{"appeal_id": {id[1]}, "upheld": {"1"}, "reason": {"签收单属实"}})
	mustContain(t, "decided", body, "已支持", "共 0 条", "申诉测试中介有限公司 的申诉已处理")
}

// untranslated finds a message id that reached the page instead of its text.
var untranslated = regexp.MustCompile(`[>\s"](?:nav|ws|todo|form|notice|project|projects|status|method|funding|grade|agency|agency_status|credit|creditkind|bid|auction|result|qual|aff|relation|appeal|monitor|jobs|audit|data|home|time|list|error|severity|violation|inspection)\.[a-z_A-Z]+[<\s"]`)

func TestPages_EveryMessageTranslated(t *testing.T) {
	t.Parallel()
	f := newPortalFixture(t)
	app := f.app
	_, dep := app.staff(domain.RoleDepartment, "翻译检查部门")
	_, admin := app.staff(domain.RoleAdmin, "翻译检查管理员")
	public := []string{"/", "/projects", "/results", "/agencies", "/credit", "/data", fmt.Sprintf("/projects/%d", f.project.ID),
		fmt.Sprintf("/projects/%d/auction", f.auction.ID), fmt.Sprintf("/agencies/%d", f.agencyID)}
	byRole := map[string][]string{
		f.owner:  {"/workspace", "/workspace/projects", "/workspace/projects/new"},
		f.agency: {"/workspace", "/workspace/matching", "/workspace/profile", "/workspace/qualifications", "/workspace/affiliations", "/workspace/credit"},
		dep:      {"/workspace", "/workspace/projects/new", "/workspace/monitor", "/workspace/violations", "/workspace/inspections"},
		admin:    {"/workspace", "/workspace/catalogue", "/workspace/catalogue/NAT-01", "/workspace/appeals", "/workspace/jobs", "/workspace/audit"},
		"":       public,
	}
	for _, lang := range []string{"zh-CN", "en"} {
		for token, paths := range byRole {
			b := newBrowser(t, app.testApp)
			if token != "" {
				b.loginAs(token)
			}
			b.get("/lang?to=" + lang)
			for _, p := range paths {
				code, body := b.get(p)
				if code != 200 {
					t.Errorf("%s %s: %d", lang, p, code)
				}
				if m := untranslated.FindString(body); m != "" {
					t.Errorf("%s %s shows the message id %q", lang, p, m)
				}
			}
		}
	}
}

func TestPages_AgencyExit(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	_, token := app.register("agency", "退出测试中介有限公司")
	b := newBrowser(t, app)
	b.loginAs(token)
	_, body := b.submit("/workspace/profile", "/workspace/exit", url.Values{"confirm": {"1"}})
	mustContain(t, "after exit", body, `<span class="tag ag-exited">已退出</span>`)
}
