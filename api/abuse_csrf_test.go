package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The JSON API cannot be driven by a cross-site form: unsafe methods need a
// JSON body (415 otherwise), and a request carrying only the session cookie
// also needs the CSRF token. Bearer tokens need neither token nor cookie.
func TestServer_APICrossSite(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	_, tok := app.register("enterprise", "跨站测试企业有限公司")
	hook := `{"url":"https://8.8.8.8/hook","event_types":["*"]}`

	// A browser session: the web login sets the session and CSRF cookies.
	b := newBrowser(t, app)
	email := "csrf@example.cn"
	if code, _ := b.submit("/register", "/register", url.Values{"role": {"enterprise"}, "name": {"会话测试企业有限公司"}, "uscc": {uscc()},
		"legal_representative": {"张三"}, "contact_phone": {"13800001111"}, "email": {email}, "password": {testPassword}, "password_confirm": {testPassword}, "accept_commitment_version": {"1"}}); code != 200 {
		t.Fatalf("register through the page: %d", code)
	}
	u, _ := url.Parse(app.URL)
	csrf := ""
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == "_csrf" {
			csrf = c.Value
		}
	}
	if csrf == "" {
		t.Fatal("no CSRF cookie after the page login")
	}
	post := func(client *http.Client, path, ctype, body string, header map[string]string) *response {
		t.Helper()
		req, _ := http.NewRequest("POST", app.URL+path, strings.NewReader(body))
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		r := &response{Status: res.StatusCode, Header: res.Header}
		r.Body = make([]byte, 0, 512)
		buf := make([]byte, 512)
		for {
			n, err := res.Body.Read(buf)
			r.Body = append(r.Body, buf[:n]...)
			if err != nil {
				break
			}
		}
		if strings.HasPrefix(path, "/api/v1/") {
			app.checkAgainstSpec(req, r)
		}
		return r
	}
	bearer := map[string]string{"Authorization": "Bearer " + tok}

	for _, c := range []struct {
		name, ctype string
	}{
		{"a form", "application/x-www-form-urlencoded"},
		{"a text/plain form", "text/plain"},
		{"a multipart form", "multipart/form-data; boundary=x"},
		{"no content type", ""},
	} {
		t.Run(c.name+" is refused with 415, with a token too", func(t *testing.T) {
			for _, client := range []struct {
				c *http.Client
				h map[string]string
			}{{b.c, nil}, {http.DefaultClient, bearer}} {
				if r := post(client.c, "/api/v1/webhooks", c.ctype, hook, client.h); r.Status != 415 || r.errorCode(t) != "json_required" {
					t.Errorf("%d %s", r.Status, r.Body)
				}
			}
			if r := post(http.DefaultClient, "/api/v1/auth/login", c.ctype, `{"email":"`+email+`","password":"`+testPassword+`"}`, nil); r.Status != 415 {
				t.Errorf("login: %d %s", r.Status, r.Body)
			}
		})
	}
	t.Run("JSON with the session cookie alone is refused", func(t *testing.T) {
		for _, h := range []map[string]string{nil, {"X-CSRF-Token": "forged"}, {"Sec-Fetch-Site": "cross-site"}} {
			if r := post(b.c, "/api/v1/webhooks", "application/json", hook, h); r.Status != 403 || r.errorCode(t) != "csrf" {
				t.Errorf("%v: %d %s", h, r.Status, r.Body)
			}
		}
		if r := post(b.c, "/api/v1/auth/logout", "", "", nil); r.Status != 403 {
			t.Errorf("logout without a body: %d %s", r.Status, r.Body)
		}
	})
	if n := countRows(t, app, "SELECT count(*) FROM webhook_endpoints"); n != 0 {
		t.Fatalf("%d endpoints written by refused requests", n)
	}
	t.Run("the session cookie with the CSRF token, or a same-origin fetch, is accepted", func(t *testing.T) {
		if r := post(b.c, "/api/v1/webhooks", "application/json; charset=utf-8", hook, map[string]string{"X-CSRF-Token": csrf}); r.Status != 201 {
			t.Errorf("%d %s", r.Status, r.Body)
		}
		if r := post(b.c, "/api/v1/webhooks", "application/json", hook, map[string]string{"Sec-Fetch-Site": "same-origin"}); r.Status != 201 {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("a bearer token needs no CSRF token, and a body-less POST no content type", func(t *testing.T) {
		if r := post(http.DefaultClient, "/api/v1/webhooks", "application/json", hook, bearer); r.Status != 201 {
			t.Errorf("%d %s", r.Status, r.Body)
		}
		if r := post(http.DefaultClient, "/api/v1/notifications/read-all", "", "", bearer); r.Status != 200 {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
}
