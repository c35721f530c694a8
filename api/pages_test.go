package api_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// browser is a cookie-keeping client that follows the site's forms.
type browser struct {
	t   *testing.T
	app *testApp
	c   *http.Client
}

func newBrowser(t *testing.T, app *testApp) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, app: app, c: &http.Client{Jar: jar}}
}

func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	res, err := b.c.Get(b.app.URL + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

var csrfPattern = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// submit loads the form page for its CSRF token and posts the form.
func (b *browser) submit(formPage, action string, form url.Values) (int, string) {
	b.t.Helper()
	_, page := b.get(formPage)
	m := csrfPattern.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatalf("no CSRF token on %s", formPage)
	}
	form.Set("_csrf", m[1])
	res, err := b.c.PostForm(b.app.URL+action, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

func TestPages_Public(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	b := newBrowser(t, app)
	for _, p := range []string{"/", "/catalogue", "/catalogue?q=环境", "/catalogue/NAT-01"} {
		if code, body := b.get(p); code != 200 || !strings.Contains(body, `<html lang="zh-CN"`) {
			t.Errorf("%s: %d", p, code)
		}
	}
	if _, body := b.get("/catalogue/NAT-01"); !strings.Contains(body, "环境影响报告书（表）编制") || !strings.Contains(body, "设定依据") {
		t.Error("item page lacks the item name or its legal basis")
	}
	if code, body := b.get("/no-such-page"); code != 404 || !strings.Contains(body, "页面不存在") {
		t.Errorf("unknown page: %d", code)
	}

	t.Run("language switch", func(t *testing.T) {
		if _, body := b.get("/lang?to=en&back=/catalogue"); !strings.Contains(body, `<html lang="en"`) || !strings.Contains(body, "Catalogue of intermediary service items") {
			t.Errorf("English page not shown after switch:\n%.400s", body)
		}
		if _, body := b.get("/lang?to=zh-CN&back=//evil.example"); !strings.Contains(body, "首页") {
			t.Error("switch back to Chinese failed")
		}
	})
	t.Run("elder mode", func(t *testing.T) {
		if _, body := b.get("/elder?back=/"); !strings.Contains(body, `class="elder"`) {
			t.Error("elder mode class missing")
		}
	})
}

func TestPages_RegisterAndLogin(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	b := newBrowser(t, app)
	form := url.Values{"role": {"agency"}, "name": {"网页注册中介有限公司"}, "uscc": {"91110000MA0000001X"},
		"legal_representative": {"孙七"}, "contact_phone": {"13800001111"}, "email": {"web@example.cn"}, "password": {testPassword}, "password_confirm": {testPassword}, "accept_commitment_version": {"1"}}

	t.Run("a wrong check digit is shown beside the field and input is kept", func(t *testing.T) {
		code, body := b.submit("/register", "/register", form)
		if code != 400 || !strings.Contains(body, "统一社会信用代码校验位不正确") || !strings.Contains(body, `value="网页注册中介有限公司"`) {
			t.Errorf("got %d:\n%.2000s", code, body)
		}
	})
	t.Run("valid registration logs in", func(t *testing.T) {
		form.Set("uscc", uscc())
		code, body := b.submit("/register", "/register", form)
		if code != 200 || !strings.Contains(body, "网页注册中介有限公司 · 中介服务机构") {
			t.Errorf("got %d:\n%.1500s", code, body)
		}
	})
	t.Run("logout then login", func(t *testing.T) {
		b.submit("/", "/logout", url.Values{})
		if _, body := b.get("/"); strings.Contains(body, "网页注册中介有限公司 ·") {
			t.Fatal("still logged in after logout")
		}
		code, body := b.submit("/login", "/login", url.Values{"email": {"web@example.cn"}, "password": {"wrong-password-1"}})
		if code != 401 || !strings.Contains(body, "邮箱或密码错误") || !strings.Contains(body, `value="web@example.cn"`) {
			t.Errorf("wrong password: %d", code)
		}
		if _, body := b.submit("/login", "/login", url.Values{"email": {"web@example.cn"}, "password": {testPassword}}); !strings.Contains(body, "网页注册中介有限公司 ·") {
			t.Error("login failed")
		}
	})
	t.Run("a form without the CSRF token is refused", func(t *testing.T) {
		res, err := b.c.PostForm(app.URL+"/login", url.Values{"email": {"web@example.cn"}, "password": {testPassword}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 403 {
			t.Errorf("got %d, want 403", res.StatusCode)
		}
	})
}
