package api_test

import (
	"context"
	_ "embed"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"marketplace/api"
	"marketplace/domain"
)

// axeSource is axe-core, vendored under testdata/axe (MPL-2.0).
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// axeViolation is one rule axe-core found broken on a page.
type axeViolation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target []string `json:"target"`
	} `json:"nodes"`
}

// auditPage injects axe-core into the page ctx shows and returns the
// violations of WCAG 2.1 A and AA.
func auditPage(ctx context.Context) ([]axeViolation, error) {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!window.axe"))
	if err != nil {
		return nil, fmt.Errorf("look for axe-core: %w", err)
	}
	if !loaded {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeSource+"\ntrue")); err != nil {
			return nil, fmt.Errorf("inject axe-core: %w", err)
		}
	}
	const run = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]}).then(r => r.violations)`
	return chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
}

// visitAudited opens path and fails the test on any accessibility violation.
func visitAudited(t *testing.T, ctx context.Context, base, path, state string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+path)); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	auditShown(t, ctx, path, state)
}

// visitAuditedAtWidths loads path once and audits it at each width in
// turn, laid out again in the same document: loading axe-core into a new
// document costs about 0.4 CPU-seconds, and the portal's pages run no
// script that depends on the width they were loaded at. then, when given,
// checks more of the page at each width.
func visitAuditedAtWidths(t *testing.T, ctx context.Context, base, path, state string, widths []int64, then func(width int64)) {
	t.Helper()
	for i, width := range widths {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			t.Fatal(err)
		}
		at := fmt.Sprintf("%s, %d px", state, width)
		if i == 0 {
			visitAudited(t, ctx, base, path, at)
		} else {
			if w, err := chromedp.Run(ctx, chromedp.Evaluate[int64]("window.innerWidth")); err != nil || w != width {
				t.Fatalf("%s (%s): the window is %d px wide (%v)", path, at, w, err)
			}
			auditShown(t, ctx, path, at)
		}
		if then != nil {
			then(width)
		}
	}
}

// auditShown fails the test on any accessibility violation of the page
// ctx shows, as it is laid out now.
func auditShown(t *testing.T, ctx context.Context, path, state string) {
	t.Helper()
	vs, err := auditPage(ctx)
	if err != nil {
		t.Fatalf("%s (%s): %v", path, state, err)
	}
	for _, v := range vs {
		var at []string
		for _, n := range v.Nodes {
			at = append(at, strings.Join(n.Target, " "))
		}
		t.Errorf("%s (%s): %s — %s at %s", path, state, v.ID, v.Help, strings.Join(at, ", "))
	}
}

// browserSession signs the browser in with an API session token.
func browserSession(t *testing.T, ctx context.Context, base, token string) {
	t.Helper()
	u, _ := url.Parse(base)
	if err := chromedp.Do(ctx); err != nil { // the tab must exist before a call reaches it
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: api.SessionCookie, Value: token, Domain: u.Hostname(), Path: "/"}); err != nil {
		t.Fatal(err)
	}
}

// Every role's pages pass an axe-core audit (WCAG 2.1 A/AA) at 1,366 and
// 390 px, and in 长者模式: the portal, the notice of a finished project, a
// live auction, and each role's workspace pages.
func TestBrowser_AccessibilityAudit(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	_, ent := app.register("enterprise", "无障碍测试企业有限公司")
	agID, ag := app.agency("无障碍测试甲中介有限公司", "NAT-01")
	done := app.closedProject(ent, nil, bidder{agID, ag, "80000.00"})
	app.run("select_results")
	app.finish(done.ID, ent, ag, agID)
	auction := app.publishedProject(ent, auctionBody(map[string]any{"title": "某项目竞价环评编制"}))
	open := app.publishedProject(ent, nil)
	_, dept := app.staff(domain.RoleDepartment, "某市发展和改革委员会")
	_, admin := app.staff(domain.RoleAdmin, "平台管理员")

	public := []string{"/", "/projects", "/results", "/terminated", "/agencies", "/catalogue", "/catalogue/NAT-01", "/credit", "/data",
		"/search?q=环评", fmt.Sprintf("/projects/%d", done.ID), fmt.Sprintf("/projects/%d", open.ID),
		fmt.Sprintf("/projects/%d/auction", auction.ID), fmt.Sprintf("/agencies/%d", agID), "/login", "/register", "/nope", "/guide", "/policies", "/notices"}
	roles := []struct {
		name, token string
		paths       []string
	}{
		{"anonymous", "", public},
		{"enterprise", ent, []string{"/workspace", "/workspace/projects", "/workspace/projects/new", fmt.Sprintf("/projects/%d", done.ID)}},
		{"agency", ag, []string{"/workspace", "/workspace/profile", "/workspace/qualifications", "/workspace/affiliations",
			"/workspace/matching", "/workspace/credit", fmt.Sprintf("/projects/%d", open.ID)}},
		{"department", dept, []string{"/workspace", "/workspace/monitor", "/workspace/violations", "/workspace/inspections",
			"/supervision/risks", "/workspace/complaints"}},
		{"admin", admin, []string{"/workspace", "/workspace/catalogue", "/workspace/catalogue/NAT-01", "/workspace/appeals",
			"/workspace/jobs", "/workspace/audit", "/workspace/maintenance", "/workspace/notices"}},
	}
	// The audit itself finds a broken page: an image without text, a field
	// without a label.
	ctx := newChrome(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(`data:text/html,<html lang="zh-CN"><title>t</title><main><img src="x.png"><input></main>`)); err != nil {
		t.Fatal(err)
	}
	if vs, err := auditPage(ctx); err != nil || len(vs) < 2 {
		t.Fatalf("axe-core on a page with an unlabelled image and field: %v violations, err %v", vs, err)
	}
	// Each role in each mode is a tab of its own (its own cookies), the ten
	// audited side by side. In the normal mode each page is loaded once and
	// audited at 1,366 px, then at 390 px (visitAuditedAtWidths): loading
	// axe-core into each new document was a third of the test's cost.
	// 长者模式 is a cookie the server renders differently, so it has pages of
	// its own.
	for _, role := range roles {
		for _, mode := range []struct {
			name   string
			widths []int64
			elder  bool
		}{{"1366 and 390 px", []int64{1366, 390}, false}, {"长者模式", []int64{1366}, true}} {
			t.Run(role.name+", "+mode.name, func(t *testing.T) {
				t.Parallel()
				ctx := newChromeFor(t, 5*time.Minute)
				if role.token != "" {
					browserSession(t, ctx, app.URL, role.token)
				}
				if mode.elder {
					if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/elder")); err != nil {
						t.Fatal(err)
					}
				}
				for _, path := range role.paths {
					visitAuditedAtWidths(t, ctx, app.URL, path, role.name+", "+mode.name, mode.widths, nil)
				}
			})
		}
	}
}

// focusState is what the page says about the focused element after a load.
type focusState struct {
	Tag, ID, Class, Value, Invalid, DescribedText string
	SameParagraph                                 bool
}

const focusJS = `(() => {
	const a = document.activeElement, ids = (a.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
	const err = a.classList.contains("field-error") ? a : document.querySelector("#price + small + .field-error, .field-error");
	return {Tag: a.tagName, ID: a.id, Class: a.className, Value: (document.getElementById("price") || {}).value || "", Invalid: a.getAttribute("aria-invalid") || "",
		DescribedText: ids.map(i => (document.getElementById(i) || {}).textContent || "").join(" "),
		SameParagraph: !!err && !!a.closest("p") && err.closest("p") === a.closest("p")};
})()`

// A keyboard user after a refused submit lands on the problem: the error
// message of an empty login, the price field of an empty bid (marked
// invalid and described by its message, holding what was typed, not the
// stored bid, its message inside its own paragraph); and the focus ring
// contrasts 3:1 with the white page and with the red header.
func TestBrowser_KeyboardAfterARefusedSubmit(t *testing.T) {
	t.Parallel()
	f := newPortalFixture(t)
	app := f.app
	ctx := newChrome(t)
	email := "keyboard@example.cn"
	id := registerEmail(t, app.testApp, "agency", "键盘用户中介有限公司", email)
	storagetestExec(t, app.testApp, fmt.Sprintf("INSERT INTO agency_items (agency_id, item_code) VALUES (%d, 'NAT-01')", id))

	focused := func() focusState {
		t.Helper()
		got, err := chromedp.Run(ctx, chromedp.Evaluate[focusState](focusJS))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	t.Run("empty login", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/login"), chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(".field-error"))); err != nil {
			t.Fatal(err)
		}
		if got := focused(); got.Class != "field-error" && got.Invalid != "true" {
			t.Errorf("focus after an empty login is on %+v, not on the error or an invalid field", got)
		}
	})
	browserLogin(t, ctx, app.URL, email)
	notice := fmt.Sprintf("%s/projects/%d", app.URL, f.project.ID)
	if err := chromedp.Do(ctx, chromedp.Navigate(notice), chromedp.SendKeys(chromedp.ID("price"), "88000"),
		chromedp.Click(chromedp.ID("bid-submit")), chromedp.WaitVisible(chromedp.CSS(".mine"))); err != nil {
		t.Fatal(err)
	}
	t.Run("empty price over a stored bid", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Clear(chromedp.ID("price")), chromedp.Click(chromedp.ID("bid-submit")),
			chromedp.WaitVisible(chromedp.CSS(".field-error"))); err != nil {
			t.Fatal(err)
		}
		got := focused()
		if got.ID != "price" || got.Invalid != "true" {
			t.Errorf("focus after an empty price is on %+v, want #price with aria-invalid", got)
		}
		if !strings.Contains(got.DescribedText, "金额") {
			t.Errorf("the price field is described by %q, not by its error", got.DescribedText)
		}
		if got.Value != "" {
			t.Errorf("the refused form shows %q in the price, not what was typed (nothing)", got.Value)
		}
		if !got.SameParagraph {
			t.Error("the price's error left the field's paragraph (nested <p>, split by the browser)")
		}
	})
	t.Run("focus ring contrast", func(t *testing.T) {
		const ringJS = `((sel) => {
			const el = document.querySelector(sel); el.focus();
			const lum = c => { const [r, g, b] = c.match(/\d+/g).slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 });
				return 0.2126 * r + 0.7152 * g + 0.0722 * b };
			let bg = el.parentElement; while (bg && getComputedStyle(bg).backgroundColor === "rgba(0, 0, 0, 0)") bg = bg.parentElement;
			const a = lum(getComputedStyle(el).outlineColor), b = lum(getComputedStyle(bg || document.body).backgroundColor);
			return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
		})`
		for _, sel := range []string{"main a", "header a"} {
			ratio, err := chromedp.Run(ctx, chromedp.Evaluate[float64](ringJS+"("+strconv.Quote(sel)+")"))
			if err != nil {
				t.Fatal(err)
			}
			if ratio < 3 {
				t.Errorf("focus ring of %s contrasts %.2f:1 with its background, want ≥ 3:1", sel, ratio)
			}
		}
	})
}
