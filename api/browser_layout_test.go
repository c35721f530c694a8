package api_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowser_NoPageWiderThanTheWindow loads the portal's pages on a phone
// (390 px) and a laptop (1,366 px), normal and 长者模式, and fails when a
// document is wider than the viewport, or when a status or selection method
// breaks inside a word (issue #22 §7).
func TestBrowser_NoPageWiderThanTheWindow(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	registerEmail(t, app.testApp, "enterprise", "版面测试企业有限公司", "layout@example.cn")
	ent := app.login("layout@example.cn")
	agID, ag := app.agency("版面测试甲中介有限公司", "NAT-01")
	done := app.closedProject(ent, nil, bidder{agID, ag, "80000.00"})
	app.run("select_results")
	app.finish(done.ID, ent, ag, agID)
	app.publishedProject(ent, auctionBody(map[string]any{"title": "某项目竞价环评编制"}))
	app.publishedProject(ent, nil)
	storagetestExec(t, app.testApp, fmt.Sprintf(`UPDATE accounts SET status = 'suspended' WHERE id = %[1]d; UPDATE agency_profiles SET suspended_until = now() + interval '90 days' WHERE account_id = %[1]d`, agID))

	paths := []string{"/", "/projects", "/results", "/agencies", "/catalogue", "/credit", "/data",
		fmt.Sprintf("/projects/%d", done.ID), fmt.Sprintf("/agencies/%d", agID), "/login", "/register",
		"/workspace", "/workspace/projects", "/workspace/projects/new", "/guide", "/policies", "/notices"}
	ctx := newChromeFor(t, 4*time.Minute)
	browserLogin(t, ctx, app.URL, "layout@example.cn")
	for _, elder := range []bool{false, true} {
		if elder { // the header's switch sets the 长者模式 cookie
			if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/elder")); err != nil {
				t.Fatal(err)
			}
		}
		// Each page is loaded once and measured at both widths, laid out
		// again in the same document: a page load was most of the test's
		// cost, and the portal's pages run no script that depends on the
		// width they were loaded at.
		for _, path := range paths {
			for i, width := range []int64{390, 1366} {
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
					t.Fatal(err)
				}
				if i == 0 {
					if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+path)); err != nil {
						t.Fatalf("%s: %v", path, err)
					}
				}
				// a word broken over lines has text boxes at more than one height
				const js = `({Doc: document.documentElement.scrollWidth, Win: window.innerWidth,
					Broken: [...document.querySelectorAll(".tag, td.nw")].filter(e => {
						const w = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
						for (let n; (n = w.nextNode());) {
							const r = document.createRange(); r.selectNodeContents(n);
							if (new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1) return true;
						}
						return false;
					}).map(e => e.textContent.trim())})`
				got, err := chromedp.Run(ctx, chromedp.Evaluate[layout](js))
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				if got.Win != int(width) {
					t.Fatalf("%s: the window is %d px wide, want %d", path, got.Win, width)
				}
				if got.Doc > got.Win {
					t.Errorf("elder=%t %d px: %s is %d px wide", elder, width, path, got.Doc)
				}
				if len(got.Broken) > 0 {
					t.Errorf("elder=%t %d px: %s wraps inside %q", elder, width, path, got.Broken)
				}
			}
		}
	}
}

// layout is what the page reports about its own width.
type layout struct {
	Doc, Win int
	Broken   []string
}
