package api_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The whole redirect flow in a browser: the button on the login page, the
// provider's login form, the role choice, the workspace, then a logout that
// ends the provider's session too and comes back to the platform.
func TestOIDCBrowserRedirectFlow(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := startTestOP(t, app)
	code := uscc()
	op.addUser(opUser{Subject: "sub-browser", Username: "browser-user", USCC: code, Name: "浏览器统一认证咨询有限公司"})
	ctx := newChrome(t)
	text := must[string](t)

	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/login"), chromedp.WaitVisible(chromedp.ID("sso-login"))); err != nil {
		t.Fatal(err)
	}
	if got := text(chromedp.Run(ctx, chromedp.Text(chromedp.ID("sso-login")))); got != "使用政务服务统一身份认证登录" {
		t.Errorf("SSO button = %q", got)
	}
	screenshot(t, ctx, "oidc-login")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("sso-login")),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "browser-user"),
		chromedp.SendKeys(chromedp.ID("password"), testOIDCOPPassword),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/auth/oidc/create"]`)),
	); err != nil {
		t.Fatal(err)
	}
	if got := text(chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))); !strings.Contains(got, "浏览器统一认证咨询有限公司") || !strings.Contains(got, code) {
		t.Errorf("the role form does not show the verified name and USCC: %q", got)
	}
	screenshot(t, ctx, "oidc-choose-role")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[name="role"][value="enterprise"]`)),
		chromedp.SendKeys(chromedp.ID("legal_representative"), "赵六"),
		chromedp.SendKeys(chromedp.ID("contact_phone"), "13800003333"),
		chromedp.SendKeys(chromedp.ID("email"), "sso-browser@example.cn"),
		chromedp.Submit(chromedp.ID("email")),
		chromedp.WaitVisible(chromedp.CSS(".who")),
	); err != nil {
		t.Fatal(err)
	}
	if got := text(chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".who")))); !strings.Contains(got, "浏览器统一认证咨询有限公司") {
		t.Errorf("after SSO the header shows %q", got)
	}

	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/login"]`)),
	); err != nil {
		t.Fatal(err)
	}
	if got := text(chromedp.Run(ctx, chromedp.Location())); got != app.URL+"/" {
		t.Errorf("after logout the browser is at %s, want the platform's home", got)
	}
	if n := op.storage.endSessions.Load(); n != 1 {
		t.Errorf("the provider saw %d end-session requests, want 1", n)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/workspace"), chromedp.WaitVisible(chromedp.ID("password"))); err != nil {
		t.Fatalf("after logout /workspace did not ask to log in: %v", err)
	}
}
