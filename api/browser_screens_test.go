package api_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowser_PhoneAndElderScreens walks the home page, a notice (with the
// purchaser's contact) and the agency workspace on a 390-px phone and in
// 长者模式, and the home search's tabs, and fails when a document is wider
// than its window. With SCREENSHOT_DIR set it saves each view, for the
// gallery in docs/web.md.
func TestBrowser_PhoneAndElderScreens(t *testing.T) {
	t.Parallel()
	f := newPortalFixture(t)
	app := f.app
	email := "screens@example.cn"
	id := registerEmail(t, app.testApp, "agency", "武汉华清环境咨询有限公司", email)
	storagetestExec(t, app.testApp, fmt.Sprintf("INSERT INTO agency_items (agency_id, item_code) VALUES (%d, 'NAT-01')", id))
	p := app.publishedProject(f.owner, map[string]any{"title": "某园区污水处理厂提标改造环境影响评价",
		"contact": map[string]any{"name": "李工", "phone": "027-87654321", "email": "caigou@example.cn"}})
	notice := fmt.Sprintf("/projects/%d", p.ID)

	ctx := newChromeFor(t, 3*time.Minute)
	browserLogin(t, ctx, app.URL, email)
	fits := func(shot string) {
		t.Helper()
		// as in TestBrowser_NoPageWiderThanTheWindow: a status or method
		// word broken over lines has text boxes at more than one height
		got, err := chromedp.Run(ctx, chromedp.Evaluate[layout](`({Doc: document.documentElement.scrollWidth, Win: window.innerWidth,
			Broken: [...document.querySelectorAll(".tag, td.nw, th.nw")].filter(e => {
				const w = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
				for (let n; (n = w.nextNode());) {
					const r = document.createRange(); r.selectNodeContents(n);
					if (new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1) return true;
				}
				return false;
			}).map(e => e.textContent.trim())})`))
		if err != nil {
			t.Fatalf("%s: %v", shot, err)
		}
		if got.Doc > got.Win {
			t.Errorf("%s: the page is %d px wide in a %d-px window", shot, got.Doc, got.Win)
		}
		if len(got.Broken) > 0 {
			t.Errorf("%s: wraps inside %q", shot, got.Broken)
		}
		screenshot(t, ctx, shot)
	}
	visit := func(path, shot string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+path)); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		fits(shot)
	}

	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1200, 900)); err != nil {
		t.Fatal(err)
	}
	visit("/search?q=环评", "search-tabs")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	visit("/", "phone-home")
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+notice), chromedp.ScrollIntoView(chromedp.CSS("dd.contact"))); err != nil {
		t.Fatalf("the notice shows no contact: %v", err)
	}
	fits("phone-notice-contact")
	visit("/workspace", "phone-agency-workspace")
	// the header's switch sets the 长者模式 cookie
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1200, 900), chromedp.Navigate(app.URL+"/elder")); err != nil {
		t.Fatal(err)
	}
	visit("/", "elder-home")
	visit(notice, "elder-notice")
	visit("/workspace", "elder-agency-workspace")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	visit(notice, "phone-elder-notice")
}
