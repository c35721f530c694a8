package api_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"marketplace/domain"
	"marketplace/domain/identity"
)

// browserLogin signs in through the login form.
func browserLogin(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS(".ws-menu")),
	); err != nil {
		t.Fatalf("login %s: %v", email, err)
	}
}

// registerEmail registers over the JSON API with a known e-mail address.
func registerEmail(t *testing.T, app *testApp, role, name, email string) int64 {
	t.Helper()
	r := app.do("POST", "/api/v1/auth/register", "", map[string]any{"accept_commitment_version": 1, "role": role, "name": name, "uscc": uscc(),
		"legal_representative": "张三", "contact_phone": "13912345678", "email": email, "password": testPassword})
	if r.Status != http.StatusCreated {
		t.Fatalf("register: %d %s", r.Status, r.Body)
	}
	var acc struct{ ID int64 }
	r.decode(t, &acc)
	return acc.ID
}

func TestBrowser_AgencyBidsOnANotice(t *testing.T) {
	t.Parallel()
	f := newPortalFixture(t)
	app := f.app
	ctx := newChrome(t)
	text := must[string](t)
	email := "bidder@example.cn"
	id := registerEmail(t, app.testApp, "agency", "浏览器投标中介有限公司", email)
	storagetestExec(t, app.testApp, fmt.Sprintf("INSERT INTO agency_items (agency_id, item_code) VALUES (%d, 'NAT-01')", id))

	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/projects")); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "announcements")
	browserLogin(t, ctx, app.URL, email)
	screenshot(t, ctx, "agency-workspace")
	notice := fmt.Sprintf("%s/projects/%d", app.URL, f.project.ID)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(notice),
		chromedp.SendKeys(chromedp.ID("price"), "120000"),
		chromedp.Click(chromedp.ID("bid-submit")),
		chromedp.WaitVisible(chromedp.CSS(".field-error")),
	); err != nil {
		t.Fatal(err)
	}
	if got := text(chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".field-error")))); !strings.Contains(got, "高于最高限价") {
		t.Errorf("price error = %q", got)
	}
	if err := chromedp.Do(ctx,
		chromedp.Clear(chromedp.ID("price")),
		chromedp.SendKeys(chromedp.ID("price"), "88000"),
		chromedp.Click(chromedp.ID("bid-submit")),
		chromedp.WaitVisible(chromedp.CSS(".mine")),
	); err != nil {
		t.Fatal(err)
	}
	if got := text(chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".mine")))); !strings.Contains(got, "¥88,000.00") {
		t.Errorf("own bid shows %q", got)
	}
	screenshot(t, ctx, "notice-with-my-bid")
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/agencies/%d", app.URL, f.agencyID))); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "agency-profile")
}

func TestBrowser_EnterprisePostsAProject(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	ctx := newChrome(t)
	text := must[string](t)
	registerEmail(t, app.testApp, "enterprise", "浏览器发布企业有限公司", "owner@example.cn")
	app.agency("浏览器测试咨询有限公司", "NAT-01") // publishing needs a field that could bid
	browserLogin(t, ctx, app.URL, "owner@example.cn")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(app.URL+"/workspace/projects/new"),
		chromedp.SendKeys(chromedp.ID("title"), "某新建仓库环境影响评价"),
		chromedp.SetValue(chromedp.ID("item_code"), "NAT-01"),
		chromedp.SendKeys(chromedp.ID("description"), "投标人须在本市注册并设立办公场所。"),
		chromedp.SendKeys(chromedp.ID("ceiling_price"), "80000"),
		chromedp.SendKeys(chromedp.ID("min_bids"), "1"),
		chromedp.Click(chromedp.ID("publish")),
		chromedp.WaitVisible(chromedp.CSS(".field-error")),
	); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "enterprise-restriction-error")
	if got := text(chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".field-error")))); !strings.Contains(got, "「本市注册") {
		t.Errorf("restriction error = %q", got)
	}
	if got := text(chromedp.Run(ctx, chromedp.Value(chromedp.ID("title")))); got != "某新建仓库环境影响评价" {
		t.Errorf("typed title lost: %q", got)
	}
	if err := chromedp.Do(ctx,
		chromedp.Clear(chromedp.ID("description")),
		chromedp.SendKeys(chromedp.ID("description"), "编制环境影响报告表。"),
		chromedp.Click(chromedp.ID("publish")),
		chromedp.WaitVisible(chromedp.CSS("article.notice")),
	); err != nil {
		t.Fatal(err)
	}
	if got := text(chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))); got != "关于《某新建仓库环境影响评价》中介服务采购的公告" {
		t.Errorf("notice title = %q", got)
	}
	screenshot(t, ctx, "notice")
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/workspace")); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "enterprise-workspace")
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/")); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "home-with-projects")
}

func TestBrowser_DepartmentCannotPickDirect(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	ctx := newChrome(t)
	email := "dept@example.gov.cn"
	if _, err := app.Market.Accounts().CreateStaffAccount(context.Background(), identity.StaffAccountInput{Role: domain.RoleDepartment,
		Name: "某市自然资源和规划局", Email: email, Password: testPassword, Region: "湖北省"}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"监管图表甲中介有限公司", "监管图表乙中介有限公司", "监管图表丙中介有限公司"} {
		app.register("agency", name)
	}
	browserLogin(t, ctx, app.URL, email)
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/workspace/projects/new")); err != nil {
		t.Fatal(err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('input[name=method]').length`))
	if err != nil {
		t.Fatal(err)
	}
	direct, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('input[name=method][value=direct]') !== null`))
	if err != nil {
		t.Fatal(err)
	}
	if direct || n != 4 {
		t.Errorf("department sees %d methods, direct offered: %v", n, direct)
	}
	screenshot(t, ctx, "department-project-form")
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/workspace/monitor"), chromedp.WaitVisible(chromedp.CSS("svg.chart"))); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "department-credit-monitor")
}

func TestBrowser_LiveAuctionUpdates(t *testing.T) {
	t.Parallel()
	f := newPortalFixture(t)
	app := f.app
	feed, err := app.DB.ListenAuctions(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { feed.Close() })
	app.Market.Auctions = feed
	ctx := newChrome(t)
	text := must[string](t)
	id := registerEmail(t, app.testApp, "agency", "浏览器竞价中介有限公司", "live@example.cn")
	storagetestExec(t, app.testApp, fmt.Sprintf("INSERT INTO agency_items (agency_id, item_code) VALUES (%d, 'NAT-01')", id))
	browserLogin(t, ctx, app.URL, "live@example.cn")
	page := fmt.Sprintf("%s/projects/%d/auction", app.URL, f.auction.ID)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(page),
		chromedp.SendKeys(chromedp.ID("price"), "99000"),
		chromedp.Submit(chromedp.ID("price")),
		// the page after the form's redirect names this bidder
		chromedp.WaitVisible(chromedp.CSS("#my-label[data-bid]")),
	); err != nil {
		t.Fatal(err)
	}
	if got := text(chromedp.Run(ctx, chromedp.Text(chromedp.ID("my-label")))); got != "竞价人 1" {
		t.Errorf("my label = %q", got)
	}
	// wait until the stream is open and has delivered its first state
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById('auction').dataset.connected === '1'`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal(err)
	}
	// another bidder bids through the JSON API; the open page must follow
	if r := auctionBid(app, f.auction.ID, f.agency, "97000.00"); r.Status != http.StatusOK && r.Status != http.StatusCreated {
		t.Fatalf("API bid: %d %s", r.Status, r.Body)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById('best-price').textContent === '¥97,000.00'`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		dump, _ := chromedp.Run(context.WithoutCancel(ctx), chromedp.Evaluate[string](`document.getElementById('auction').innerText`))
		t.Fatalf("the page did not update: %v\n%s", err, dump)
	}
	if got := text(chromedp.Run(ctx, chromedp.Text(chromedp.ID("bid-count")))); got != "2" {
		t.Errorf("bid count = %q", got)
	}
	if got := text(chromedp.Run(ctx, chromedp.Text(chromedp.ID("live")))); !strings.Contains(got, "竞价人 2") {
		t.Errorf("live region = %q", got)
	}
	// the rows the stream wrote keep their phone labels, the "#" column too
	// (auction.js copies the header text, as the template does)
	if got := text(chromedp.Run(ctx, chromedp.Evaluate[string](`(function () {
		var rows = document.querySelectorAll('#history tr');
		if (rows.length < 2) return 'rows: ' + rows.length;
		var bad = [];
		document.querySelectorAll('#history td').forEach(function (td) { if (!(td.dataset.label || '').trim()) bad.push(td.textContent); });
		return bad.join(' | ');
	})()`))); got != "" {
		t.Errorf("live auction history cells without a phone label: %s", got)
	}
	screenshot(t, ctx, "auction-live")
}

func TestBrowser_PhoneAndCreditPages(t *testing.T) {
	t.Parallel()
	f := newPortalFixture(t)
	app := f.app
	ctx := newChrome(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/credit")); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "credit")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(fmt.Sprintf("%s/projects/%d", app.URL, f.project.ID))); err != nil {
		t.Fatal(err)
	}
	// nothing may be wider than the phone screen
	w, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if w > 390 {
		t.Errorf("page is %d px wide on a 390-px phone", w)
	}
	screenshot(t, ctx, "phone-notice")
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/lang?to=en&back=/projects")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil || got != "Announcements" {
		t.Errorf("English list title = %q, %v", got, err)
	}
}
