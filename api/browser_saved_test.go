package api_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestSavedSearch_PagesAccessible: the saved-search page, with a search
// listed, and the lists with their 「保存为订阅」 link pass axe-core (WCAG 2.1
// A/AA) and fit the window at 1,366 and 390 px.
func TestSavedSearch_PagesAccessible(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ag := app.agency("无障碍订阅中介有限公司", "NAT-01")
	app.saveSearch(ag, map[string]any{"q": "环评", "region": "湖北省", "ceiling_min": "1000.00", "frequency": "daily"})
	ctx := newChrome(t)
	browserSession(t, ctx, app.URL, ag)
	for _, path := range []string{"/workspace/saved-searches", "/workspace/saved-searches?from=/projects?q=环评", "/projects?q=环评", "/search?q=土壤"} {
		visitAuditedAtWidths(t, ctx, app.URL, path, "agency", []int64{1366, 390}, func(width int64) {
			got, err := chromedp.Run(ctx, chromedp.Evaluate[layout](`({Doc: document.documentElement.scrollWidth, Win: window.innerWidth})`))
			if err != nil {
				t.Fatal(err)
			}
			if got.Doc > got.Win {
				t.Errorf("%d px: %s is %d px wide", width, path, got.Doc)
			}
		})
	}
}
