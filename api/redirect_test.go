package api_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// hostileBacks are `back` values as they appear in a query string, each a
// way to leave the site that a prefix check lets through or that a browser
// repairs into one (it drops tabs and newlines, reads \ as /).
var hostileBacks = []string{
	"/%09/evil.example",   // tab, dropped by browsers: //evil.example
	"/%2F/evil.example",   // decodes to //evil.example
	"/%252F/evil.example", // an encoded slash in the target itself
	"/%5Cevil.example",    // /\evil.example
	`/\evil.example`,      // sent raw
	"/%255Cevil.example",  // encoded backslash in the target
	"//evil.example",
	"/%0D%0A/evil.example", // CR LF
	"/%20/evil.example",    // whitespace
	"https://evil.example/",
	"javascript:alert(1)",
	"evil.example",
}

// noFollow is a client that keeps cookies and shows redirects instead of
// following them.
func noFollow() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func locationOf(t *testing.T, c *http.Client, req *http.Request) string {
	t.Helper()
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s %s: %d, want 303", req.Method, req.URL, res.StatusCode)
	}
	return res.Header.Get("Location")
}

func TestPages_NoOpenRedirect(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	_, _ = app.register("agency", "重定向测试中介有限公司")
	email := "redirect@example.cn"
	if r := app.do("POST", "/api/v1/auth/register", "", map[string]any{"accept_commitment_version": 1, "role": "enterprise", "name": "重定向测试企业有限公司", "uscc": uscc(),
		"legal_representative": "赵六", "contact_phone": "13912345678", "email": email, "password": testPassword}); r.Status != 201 {
		t.Fatalf("register: %d %s", r.Status, r.Body)
	}

	get := func(t *testing.T, path, rawBack string) string {
		req, _ := http.NewRequest("GET", app.URL+path+"?back="+rawBack, nil)
		return locationOf(t, noFollow(), req)
	}
	login := func(t *testing.T, back string) string {
		c := noFollow()
		res, err := c.Get(app.URL + "/login")
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		m := csrfPattern.FindStringSubmatch(string(page))
		if m == nil {
			t.Fatal("no CSRF token on /login")
		}
		form := url.Values{"email": {email}, "password": {testPassword}, "back": {back}, "_csrf": {m[1]}}
		req, _ := http.NewRequest("POST", app.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return locationOf(t, c, req)
	}

	for _, raw := range hostileBacks {
		t.Run(raw, func(t *testing.T) {
			for _, path := range []string{"/lang", "/elder"} {
				if loc := get(t, path, raw); loc != "/" {
					t.Errorf("%s?back=%s redirects to %q, want /", path, raw, loc)
				}
			}
			// The login form posts back what the page was given, decoded.
			decoded, err := url.QueryUnescape(raw)
			if err != nil {
				decoded = raw
			}
			if loc := login(t, decoded); loc != "/workspace" {
				t.Errorf("login with back=%q redirects to %q, want /workspace", decoded, loc)
			}
		})
	}
	t.Run("same-site targets are kept", func(t *testing.T) {
		if loc := get(t, "/lang", url.QueryEscape("/projects?q=环评&page=2")); loc != "/projects?q=环评&page=2" {
			t.Errorf("lang: %q", loc)
		}
		if loc := login(t, "/workspace/profile"); loc != "/workspace/profile" {
			t.Errorf("login: %q", loc)
		}
	})
}
