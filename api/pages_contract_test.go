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
