package api_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestPages_AvoidListWithReasons: the owner picks a reason per entry on the
// form, and the notice shows the list with the reasons.
func TestPages_AvoidListWithReasons(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, token := app.register("enterprise", "回避测试企业有限公司")
	app.agency("前期咨询有限公司", "NAT-01")
	app.agency("环评咨询甲有限公司", "NAT-01")
	b := newBrowser(t, app.testApp)
	b.loginAs(token)
	_, body := b.get("/workspace/projects/new")
	mustContain(t, "form", body, `name="avoid_reason_code"`, `<option value="prior_involvement">前期参与同一投资项目</option>`, `for="avoid_agency_2"`)
	closes := app.now.Add(48 * time.Hour).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04")
	form := url.Values{"title": {"某厂房扩建环境影响评价"}, "item_code": {"NAT-01"}, "method": {"lowest_price"}, "ceiling_price": {"125000"},
		"bidding_closes_at": {closes}, "service_days": {"30"}, "min_bids": {"2"}, "description": {"编制环境影响报告表。"},
		"avoid_agency": {"前期咨询有限公司", "", ""}, "avoid_reason_code": {"prior_involvement", "affiliation", "affiliation"},
		"avoid_reason": {"承担本项目可行性研究", "", ""}}

	t.Run("another row without JavaScript, the input kept", func(t *testing.T) {
		form.Set("do", "avoid_more")
		code, body := b.submit("/workspace/projects/new", "/workspace/projects/new", form)
		if code != 200 {
			t.Fatalf("got %d", code)
		}
		mustContain(t, "form with a fourth row", body, `id="avoid_agency_3"`, `value="承担本项目可行性研究"`, `<option value="prior_involvement" selected>`)
	})
	t.Run("too narrow a field is said in Chinese, with the number", func(t *testing.T) {
		form.Set("do", "publish")
		code, body := b.submit("/workspace/projects/new", "/workspace/projects/new", form)
		if code != 400 {
			t.Fatalf("got %d", code)
		}
		mustContain(t, "refused form", body, "目前只有 1 家机构可以参与本项目，少于最少有效报价数 2")
	})
	t.Run("the notice shows the list with its reasons", func(t *testing.T) {
		form.Set("min_bids", "1")
		form.Set("title", "某厂房二期环境影响评价")
		_, body := b.submit("/workspace/projects/new", "/workspace/projects/new", form)
		mustContain(t, "notice", body, "回避名单", "前期咨询有限公司", "前期参与同一投资项目", "承担本项目可行性研究")
		if strings.Contains(body, "avoid.reason.") {
			t.Error("an untranslated reason key on the notice")
		}
	})
}

// TestPages_SecondDepartmentConfirmsAvoidList: the confirming department
// sees the list with its reasons on its violations page and confirms it.
func TestPages_SecondDepartmentConfirmsAvoidList(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, dept := app.staff("department", "某市生态环境局")
	_, dept2 := app.staff("department", "某市水利局")
	agID, _ := app.agency("局属环评所", "NAT-01")
	app.agency("环评咨询甲有限公司", "NAT-01")
	app.agency("环评咨询乙有限公司", "NAT-01")
	var p projectJSON
	app.do("POST", "/api/v1/projects", dept, app.projectBody(map[string]any{"title": "流域水环境质量评估", "budget_code": "HB-1", "min_bids": 2,
		"avoid": []any{map[string]any{"agency_id": agID, "reason_code": "affiliation", "reason": "原局属事业单位"}}})).decode(t, &p)

	own := newBrowser(t, app.testApp).loggedIn(dept)
	if _, body := own.get("/workspace/violations"); !strings.Contains(body, "流域水环境质量评估") || !strings.Contains(body, "待另一部门确认") {
		t.Error("the requesting department does not see its list waiting")
	}
	b := newBrowser(t, app.testApp).loggedIn(dept2)
	if _, body := b.get("/workspace"); !strings.Contains(body, "确认回避名单") || !strings.Contains(body, "流域水环境质量评估") {
		t.Error("the to-do list does not name the avoid list to confirm")
	}
	_, body := b.get("/workspace/violations")
	mustContain(t, "queue", body, "待确认的回避名单", "流域水环境质量评估", "某市生态环境局", "局属环评所", "隶属或挂靠关系", "原局属事业单位")
	m := regexpConfirmAction.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no confirm button")
	}
	if code, _ := b.submit("/workspace/violations", m[1], url.Values{}); code != 200 {
		t.Fatalf("confirm: %d", code)
	}
	if r := app.do("POST", fmt.Sprintf("/api/v1/projects/%d/publish", p.ID), dept, nil); r.Status != 200 {
		t.Errorf("publish after the page confirmation: %d %s", r.Status, r.Body)
	}
}

var regexpConfirmAction = regexp.MustCompile(`action="(/workspace/confirmations/\d+/confirm)"`)
