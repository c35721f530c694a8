package api_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A purchase with its documents, walked in the browser: the owner posts a
// notice with a document, an agency asks, the owner answers, the owner
// amends (the close moves so that the minimum time remains), the agency
// bids with a response document and opens its receipt, the project closes,
// and the owner downloads the bid document, byte for byte.
func TestBrowser_NoticeDocumentsQuestionsAmendmentBidDocuments(t *testing.T) {
	t.Parallel()
	app := newDocumentsApp(t)
	app.Market.Periods.QuestionCutoff = 30 * time.Minute
	app.Market.Periods.SessionTTL = 365 * 24 * time.Hour
	_, owner := app.register("enterprise", "浏览器文件企业有限公司")
	agencyID, agency := app.agency("浏览器文件咨询有限公司", "NAT-01")

	r := app.do("POST", "/api/v1/projects", owner, app.projectBody(map[string]any{"min_bids": 1, "title": "某厂区环境影响评价报告编制"}))
	if r.Status != http.StatusCreated {
		t.Fatalf("draft: %d %s", r.Status, r.Body)
	}
	var p projectJSON
	r.decode(t, &p)
	notice := fmt.Sprintf("%s/projects/%d", app.URL, p.ID)

	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	requirement := write("采购需求书.pdf", "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	responseDoc := "%PDF-1.4\n% 响应文件\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
	response := write("响应文件.pdf", responseDoc)

	ctx := newChromeFor(t, 3*time.Minute)
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}

	// The owner attaches the requirement document to the draft, then publishes.
	browserSession(t, ctx, app.URL, owner)
	if err := chromedp.Do(ctx, chromedp.Navigate(notice),
		chromedp.SendKeys(chromedp.CSS("#doc-title"), "采购需求书"),
		chromedp.SetUploadFiles(chromedp.CSS("#doc-file"), []string{requirement}),
		chromedp.Submit(chromedp.CSS("#doc-title")),
		chromedp.WaitVisible(chromedp.Search(`//*[contains(text(), "采购需求书")]`)),
	); err != nil {
		t.Fatalf("upload the notice document: %v", err)
	}
	if r := app.do("POST", fmt.Sprintf("/api/v1/projects/%d/publish", p.ID), owner, nil); r.Status != http.StatusOK {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}

	// The agency asks a question on the published notice.
	browserSession(t, ctx, app.URL, agency)
	if err := chromedp.Do(ctx, chromedp.Navigate(notice),
		chromedp.SendKeys(chromedp.CSS("#question"), "是否需要现场踏勘？"),
		chromedp.Submit(chromedp.CSS("#question")),
		chromedp.WaitVisible(chromedp.Search(`//*[contains(text(), "是否需要现场踏勘")]`)),
	); err != nil {
		t.Fatalf("ask: %v", err)
	}

	// The owner answers it, then amends the ceiling: 2 hours remain, less
	// than the minimum, so the close moves.
	browserSession(t, ctx, app.URL, owner)
	if err := chromedp.Do(ctx, chromedp.Navigate(notice),
		chromedp.SendKeys(chromedp.CSS(`textarea[id^="answer-q"]`), "需要，请于报价前踏勘。"),
		chromedp.Submit(chromedp.CSS(`textarea[id^="answer-q"]`)),
		chromedp.WaitVisible(chromedp.Search(`//*[contains(text(), "请于报价前踏勘")]`)),
	); err != nil {
		t.Fatalf("answer: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(notice),
		chromedp.SendKeys(chromedp.CSS("#amend-rationale"), "最高限价调整"),
		chromedp.SetValue(chromedp.CSS("#amend-ceiling"), "95000.00"),
		chromedp.Submit(chromedp.CSS("#amend-rationale")),
		chromedp.WaitVisible(chromedp.Search(`//*[contains(text(), "最高限价调整")]`)),
	); err != nil {
		t.Fatalf("amend: %v", err)
	}
	var moved projectJSON
	app.do("GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), "", nil).decode(t, &moved)
	if want := app.now.Add(app.Market.Periods.AmendmentMinRemaining); !moved.ClosesAt.Equal(want) {
		t.Fatalf("the amendment left the close at %v, want %v", moved.ClosesAt, want)
	}

	// The agency bids, attaches its response document and opens its receipt.
	browserSession(t, ctx, app.URL, agency)
	if err := chromedp.Do(ctx, chromedp.Navigate(notice),
		chromedp.SendKeys(chromedp.CSS("#price"), "88000"),
		chromedp.Click(chromedp.CSS("#bid-submit")),
		chromedp.WaitVisible(chromedp.CSS(".mine")),
		chromedp.SetUploadFiles(chromedp.CSS("#bid-file"), []string{response}),
		chromedp.Click(chromedp.CSS("#bid-doc-upload")),
		// The section's heading already says 响应文件: wait for the file's
		// row, which only the page after the upload has.
		chromedp.WaitVisible(chromedp.Search(`//*[@id="bid-docs"]//table//a[text()="响应文件.pdf"]`)),
	); err != nil {
		t.Fatalf("bid with a document: %v", err)
	}
	sum := sha256.Sum256([]byte(responseDoc))
	if err := chromedp.Do(ctx, chromedp.Navigate(notice+"/bid/receipt")); err != nil {
		t.Fatal(err)
	}
	if body := text("body"); !strings.Contains(body, hex.EncodeToString(sum[:])) || !strings.Contains(body, "88,000.00") {
		t.Errorf("the receipt lacks the price or the document's SHA-256:\n%.600s", body)
	}

	// The close; then the owner downloads the response document.
	app.setNow(moved.ClosesAt.Add(time.Second))
	if _, err := app.Jobs.RunOnce(t.Context(), "close_bidding"); err != nil {
		t.Fatal(err)
	}
	browserSession(t, ctx, app.URL, owner)
	if err := chromedp.Do(ctx, chromedp.Navigate(notice)); err != nil {
		t.Fatal(err)
	}
	attr, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`#bid-docs-received a[href*="/bid/documents/"]`), "href"))
	if err != nil {
		t.Fatalf("the owner's view of the bid documents: %v", err)
	}
	href := attr.Value
	req, _ := http.NewRequest("GET", app.URL+href, nil)
	req.AddCookie(&http.Cookie{Name: "mk_session", Value: owner})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	got, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || string(got) != responseDoc {
		t.Errorf("owner's download of agency %d's document: %d, %d bytes", agencyID, res.StatusCode, len(got))
	}
}
