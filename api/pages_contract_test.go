package api_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
)

// TestPages_ContractNotice: once both parties signed through the forms, the
// project page shows the contract notice (合同公示) to everyone and the PDF
// download to the parties only.
func TestPages_ContractNotice(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	withContractDocs(t, app)
	_, ent := app.register("enterprise", "公示页面企业有限公司")
	agID, ag := app.agency("公示页面中介有限公司", "NAT-01")
	_, other := app.agency("无关中介有限公司", "NAT-01")
	p := app.closedProject(ent, nil, bidder{agID, ag, "100000.00"})
	app.run("select_results")
	app.advance(testPublicity + time.Second)
	app.run("end_publicity")
	owner, agency, stranger, public := newBrowser(t, app.testApp), newBrowser(t, app.testApp), newBrowser(t, app.testApp), newBrowser(t, app.testApp)
	owner.loginAs(ent)
	agency.loginAs(ag)
	stranger.loginAs(other)
	notice := fmt.Sprintf("/projects/%d", p.ID)
	if _, body := public.get(notice); strings.Contains(body, `id="contract-notice"`) {
		t.Fatal("a contract notice before signing")
	}
	for _, b := range []*browser{agency, owner} {
		if code, _ := b.submit(notice, notice+"/contract/sign", url.Values{}); code != 200 {
			t.Fatalf("sign: %d", code)
		}
	}
	var n domain.ContractNotice
	app.do("GET", pp(p.ID, "/contract/signature"), "", nil).decode(t, &n)
	download := `id="contract-download"`
	// html/template writes the base64 "+" as &#43;.
	_, body := public.get(notice)
	mustContain(t, "public notice", body, "合同公示", "公示页面企业有限公司", n.Owner.USCC, "公示页面中介有限公司", n.Agency.USCC,
		"¥100,000.00", "壹拾万元整", n.PeriodStart+" 至 "+n.PeriodEnd+"，共 30 日", n.DocumentSHA256, strings.ReplaceAll(n.Signature, "+", "&#43;"))
	if strings.Contains(body, download) {
		t.Error("the public is offered the PDF")
	}
	if _, body := stranger.get(notice); strings.Contains(body, download) {
		t.Error("another agency is offered the PDF")
	}
	for _, b := range []*browser{owner, agency} {
		_, body := b.get(notice)
		mustContain(t, "party's notice", body, download, pp(p.ID, "/contract/document"))
	}
}

// TestPages_ContractTemplateEditor: an administrator edits an item's
// template in the workspace; a typo in a placeholder is refused in Chinese
// and changes nothing.
func TestPages_ContractTemplateEditor(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	_, adminToken := app.staff("admin", "平台管理员")
	_, ent := app.register("enterprise", "模板页面企业有限公司")
	admin, owner := newBrowser(t, app.testApp), newBrowser(t, app.testApp)
	admin.loginAs(adminToken)
	owner.loginAs(ent)
	form := "/workspace/contract-templates/NAT-01"
	_, body := admin.get(form)
	mustContain(t, "editor", body, "合同模板", "{price_capitals}", "中介服务成果文件")

	code, body := admin.submit(form, form, url.Values{"deliverables": {"报告"}, "terms": {"{onwer}委托"}})
	if code != 400 {
		t.Fatalf("typo: %d", code)
	}
	mustContain(t, "typo", body, "未知的占位符 {onwer}", "{onwer}委托")
	code, body = admin.submit(form, form, url.Values{"deliverables": {"环评报告表"}, "terms": {"{owner}委托{agency}编制。"}})
	if code != 200 {
		t.Fatalf("save: %d", code)
	}
	mustContain(t, "saved", body, "模板已保存")
	var tpl struct{ Terms string }
	app.do("GET", "/api/v1/contract-templates/NAT-01", adminToken, nil).decode(t, &tpl)
	if tpl.Terms != "{owner}委托{agency}编制。" {
		t.Errorf("saved template %+v", tpl)
	}
	if code, _ := owner.get(form); code != 403 {
		t.Errorf("an enterprise opened the template editor: %d", code)
	}
}
