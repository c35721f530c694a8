package api_test

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The agency attaches a document from its bid on the notice page and prints
// the receipt; the owner reads nothing of it before the close, and each
// bid's proposal and documents after.
func TestPages_BidDocuments(t *testing.T) {
	t.Parallel()
	app := newBidDocsApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, bidderTok := app.agency("页面响应文件咨询有限公司", "NAT-01")
	p := app.publishedProject(ent, nil)
	notice := fmt.Sprintf("/projects/%d", p.ID)
	agency := newBrowser(t, app.testApp)
	agency.loginAs(bidderTok)
	if code, body := agency.submit(notice, notice+"/bid", url.Values{"price": {"58888.00"}, "proposal": {"页面技术方案正文"}}); code != 200 {
		t.Fatalf("bid: %d %.300s", code, body)
	}

	// Refused by content, the message beside the field, in Chinese.
	code, body := agency.submitMultipart(notice, notice+"/bid/documents", nil, "伪装.pdf", []byte("plain text"))
	if code != 400 || !strings.Contains(body, "按文件内容识别") {
		t.Errorf("text upload: %d %.300s", code, body)
	}
	doc := pdfBytes("页面上传")
	code, body = agency.submitMultipart(notice, notice+"/bid/documents", nil, "页面响应文件.pdf", doc)
	if code != 200 || !strings.Contains(body, "页面响应文件.pdf") || !strings.Contains(body, sha(doc)) {
		t.Fatalf("upload: %d, notice lacks the document", code)
	}

	// The receipt page shows the numbers the API and the audit log hold.
	code, body = agency.get(notice + "/bid/receipt")
	mustContain(t, "receipt page", body, "报价回执", sha(doc), "58,888.00")
	var digest string
	if err := app.DB.SQL().QueryRowContext(context.Background(),
		`SELECT l.summary::jsonb->>'receipt_sha256' FROM bid_receipts r JOIN audit_log l ON l.id = r.audit_id WHERE r.project_id = $1`, p.ID).Scan(&digest); err != nil {
		t.Fatal(err)
	}
	if code != 200 || !strings.Contains(body, digest) {
		t.Errorf("receipt page %d lacks the audit digest %s", code, digest)
	}
	if !strings.Contains(html.UnescapeString(body), "price: 58888.00") {
		t.Error("receipt page lacks the canonical text")
	}

	// The owner: nothing before the close, everything after.
	owner := newBrowser(t, app.testApp)
	owner.loginAs(ent)
	_, body = owner.get(notice)
	for _, secret := range []string{"页面响应文件", sha(doc), "页面技术方案正文"} {
		if strings.Contains(body, secret) {
			t.Errorf("owner's notice shows %q before the close", secret)
		}
	}
	app.setNow(p.ClosesAt.Add(time.Second))
	if _, err := app.Jobs.RunOnce(context.Background(), "close_bidding"); err != nil {
		t.Fatal(err)
	}
	_, body = owner.get(notice)
	mustContain(t, "owner's notice after the close", body, "页面响应文件.pdf", sha(doc), "页面技术方案正文")
	var docID int64
	app.DB.SQL().QueryRowContext(context.Background(), "SELECT id FROM bid_documents WHERE project_id = $1", p.ID).Scan(&docID)
	if code, got := owner.get(fmt.Sprintf("%s/bid/documents/%d", notice, docID)); code != 200 || got != string(doc) {
		t.Errorf("owner's download: %d", code)
	}
}
