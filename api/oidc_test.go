package api_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"marketplace/api"
)

// ssoLogin drives b through the provider as username: the platform's
// /auth/oidc/login, the provider's login form, back to the callback and
// wherever the platform sends the browser then. It returns that last
// response's path, status and body.
func ssoLogin(t *testing.T, b *browser, op *testOP, username string) (string, int, string) {
	t.Helper()
	res, err := b.c.Get(b.app.URL + "/auth/oidc/login")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	id := res.Request.URL.Query().Get("authRequestID")
	if id == "" {
		t.Fatalf("the platform did not lead to the provider's login form but to %s (%d)", res.Request.URL, res.StatusCode)
	}
	res, err = b.c.PostForm(op.URL+"/login/username", url.Values{"id": {id}, "username": {username}, "password": {testOIDCOPPassword}})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.Request.URL.Path, res.StatusCode, string(body)
}

// registerWith self-registers an account with a known USCC and e-mail.
func registerWith(t *testing.T, app *testApp, role, name, code, email string) int64 {
	t.Helper()
	r := app.do("POST", "/api/v1/auth/register", "", map[string]any{"accept_commitment_version": 1,
		"role": role, "name": name, "uscc": code, "legal_representative": "张三",
		"contact_phone": "13912345678", "email": email, "password": testPassword,
	})
	if r.Status != http.StatusCreated {
		t.Fatalf("register: %d %s", r.Status, r.Body)
	}
	var acc struct{ ID int64 }
	r.decode(t, &acc)
	return acc.ID
}

// me is the account the browser's session cookie belongs to (0: none).
func me(t *testing.T, b *browser) (id int64, role, name, code string) {
	t.Helper()
	req, _ := http.NewRequest("GET", b.app.URL+"/api/v1/auth/me", nil)
	res, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode == http.StatusUnauthorized {
		return 0, "", "", ""
	}
	raw, _ := io.ReadAll(res.Body)
	r := &response{Status: res.StatusCode, Body: raw}
	var a struct {
		ID               int64
		Role, Name, USCC string
	}
	r.decode(t, &a)
	return a.ID, a.Role, a.Name, a.USCC
}

func identityCount(t *testing.T, app *testApp, accountID int64) int64 {
	t.Helper()
	var n int64
	storagetestCount(t, app, fmt.Sprintf("SELECT count(*) FROM account_identities WHERE account_id = %d", accountID), &n)
	return n
}

func TestOIDCLinksExistingAccountAfterPasswordConfirmation(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := startTestOP(t, app)
	code := uscc()
	email := fmt.Sprintf("link%d@example.cn", seq.Add(1))
	agencyID := registerWith(t, app, "agency", "关联测试评估有限公司", code, email)
	op.addUser(opUser{Subject: "sub-link", Username: "link-user", USCC: code, Name: "关联测试评估有限公司"})

	b := newBrowser(t, app)
	path, status, body := ssoLogin(t, b, op, "link-user")
	if path != "/auth/oidc/finish" || status != http.StatusOK || !strings.Contains(body, `action="/auth/oidc/link"`) {
		t.Fatalf("first SSO login ended at %s (%d), want the password confirmation", path, status)
	}
	if id, _, _, _ := me(t, b); id != 0 {
		t.Fatalf("logged in as %d before confirming the password", id)
	}

	status, body = b.submit("/auth/oidc/finish", "/auth/oidc/link", url.Values{"password": {"wrong-password-123"}})
	if status != http.StatusUnauthorized || !strings.Contains(body, "邮箱或密码错误") {
		t.Errorf("wrong password: %d, want 401 with the message", status)
	}
	if n := identityCount(t, app, agencyID); n != 0 {
		t.Fatalf("a wrong password linked the identity (%d links)", n)
	}

	status, _ = b.submit("/auth/oidc/finish", "/auth/oidc/link", url.Values{"password": {testPassword}})
	if status != http.StatusOK {
		t.Fatalf("confirming the password: %d", status)
	}
	if id, _, _, _ := me(t, b); id != agencyID {
		t.Fatalf("after linking, session of %d, want %d", id, agencyID)
	}
	if n := identityCount(t, app, agencyID); n != 1 {
		t.Fatalf("links after confirmation = %d, want 1", n)
	}

	// The next SSO login goes straight in, with no password asked.
	b2 := newBrowser(t, app)
	if path, status, _ := ssoLogin(t, b2, op, "link-user"); path != "/workspace" || status != http.StatusOK {
		t.Fatalf("second SSO login ended at %s (%d), want /workspace", path, status)
	}
	if id, _, _, _ := me(t, b2); id != agencyID {
		t.Errorf("second SSO login as %d, want %d", id, agencyID)
	}
}

func TestOIDCCreatesNewAgency(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := startTestOP(t, app)
	code := uscc()
	op.addUser(opUser{Subject: "sub-new", Username: "new-user", USCC: code, Name: "统一认证新建咨询有限公司"})

	b := newBrowser(t, app)
	path, _, body := ssoLogin(t, b, op, "new-user")
	if path != "/auth/oidc/finish" || !strings.Contains(body, `action="/auth/oidc/create"`) || !strings.Contains(body, "统一认证新建咨询有限公司") {
		t.Fatalf("SSO login of an unknown legal person ended at %s without the role form", path)
	}
	email := fmt.Sprintf("new%d@example.cn", seq.Add(1))
	form := func(role string) url.Values {
		return url.Values{"role": {role}, "legal_representative": {"李四"}, "contact_phone": {"13800001111"}, "email": {email}}
	}
	// Department staff are never created by single sign-on.
	if status, body := b.submit("/auth/oidc/finish", "/auth/oidc/create", form("department")); status != http.StatusBadRequest || !strings.Contains(body, "field-error") {
		t.Errorf("role department: %d, want 400 with a form message", status)
	}
	if status, _ := b.submit("/auth/oidc/finish", "/auth/oidc/create", form("agency")); status != http.StatusOK {
		t.Fatalf("create agency: %d", status)
	}
	id, role, name, got := me(t, b)
	if id == 0 || role != "agency" || name != "统一认证新建咨询有限公司" || got != code {
		t.Fatalf("created account = %d %s %q %s, want a new agency named by the provider with USCC %s", id, role, name, got, code)
	}
	var profiles int64
	storagetestCount(t, app, fmt.Sprintf("SELECT count(*) FROM agency_profiles WHERE account_id = %d", id), &profiles)
	if profiles != 1 || identityCount(t, app, id) != 1 {
		t.Errorf("agency profile rows %d, links %d: want 1 and 1", profiles, identityCount(t, app, id))
	}
	// No password was set, so none opens the account.
	r := app.do("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": "Sso-Placeholder-7319-Unused"})
	if r.Status != http.StatusUnauthorized {
		t.Errorf("password login of an SSO account: %d, want 401", r.Status)
	}
	// The pending identity is spent: the form cannot create a second account.
	if status, _ := b.submit("/auth/oidc/finish", "/auth/oidc/create", form("enterprise")); status == http.StatusOK {
		t.Error("the pending identity was used twice")
	}
}

func TestOIDCRefusesTokenForAnotherAudience(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := startTestOP(t, app)
	op.addUser(opUser{Subject: "sub-aud", Username: "aud-user", USCC: uscc(), Name: "受众测试有限公司"})
	op.issueForOtherAudience()

	b := newBrowser(t, app)
	path, status, body := ssoLogin(t, b, op, "aud-user")
	if path != "/auth/oidc/callback" || status != http.StatusBadRequest || !strings.Contains(body, "无法验证统一身份认证平台的应答") {
		t.Fatalf("token for another audience: ended at %s (%d), want 400 with the refusal", path, status)
	}
	if id, _, _, _ := me(t, b); id != 0 {
		t.Errorf("a token for another audience opened a session for %d", id)
	}
	var pending int64
	storagetestCount(t, app, "SELECT count(*) FROM oidc_pending_identities", &pending)
	if pending != 0 {
		t.Errorf("%d pending identities kept from a refused token", pending)
	}
}

func TestOIDCRefusesReplayedState(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := startTestOP(t, app)
	op.addUser(opUser{Subject: "sub-replay", Username: "replay-user", USCC: uscc(), Name: "重放测试有限公司"})

	b := newBrowser(t, app)
	var callback *url.URL
	b.c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Path == "/auth/oidc/callback" {
			callback = req.URL
			return http.ErrUseLastResponse // keep the callback for the test to send
		}
		return nil
	}
	ssoLogin(t, b, op, "replay-user")
	if callback == nil || callback.Query().Get("state") == "" {
		t.Fatal("the provider did not redirect to the callback with a state")
	}
	b.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	state := callback.Query().Get("state")
	send := func() int {
		// The attacker replays the state cookie too: only the server can refuse.
		u, _ := url.Parse(app.URL)
		b.c.Jar.SetCookies(u, []*http.Cookie{{Name: "mk_oidc_state", Value: state, Path: "/"}})
		res, err := b.c.Get(callback.String())
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := send(); got != http.StatusSeeOther {
		t.Fatalf("first callback: %d, want 303", got)
	}
	if got := send(); got != http.StatusBadRequest {
		t.Fatalf("replayed callback: %d, want 400", got)
	}

	// A callback whose state the browser did not start is refused as well.
	b3 := newBrowser(t, app)
	b3.c.CheckRedirect = b.c.CheckRedirect
	res, err := b3.c.Get(app.URL + "/auth/oidc/callback?code=x&state=" + url.QueryEscape(state))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("callback without the state cookie: %d, want 400", res.StatusCode)
	}
}

func TestOIDCStaffLinkedByAdminOnly(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	op := startTestOP(t, app)
	deptID, deptToken := app.staff("department", "统一认证测试局")
	_, adminToken := app.staff("admin", "平台管理员")
	agencyID, _ := app.register("agency", "员工关联测试机构")
	op.addUser(opUser{Subject: "sub-staff", Username: "staff-user", Name: "王五"}) // a natural person: no USCC

	// Unlinked, a natural person is not let in.
	b := newBrowser(t, app)
	if path, status, _ := ssoLogin(t, b, op, "staff-user"); path != "/auth/oidc/callback" || status != http.StatusForbidden {
		t.Fatalf("unlinked natural person: %s (%d), want 403 at the callback", path, status)
	}

	link := func(id int64, token string) *response {
		return app.do("POST", fmt.Sprintf("/api/v1/admin/accounts/%d/oidc-link", id), token, map[string]string{"subject": "sub-staff"})
	}
	if r := link(deptID, deptToken); r.Status != http.StatusForbidden {
		t.Errorf("department linking itself: %d, want 403", r.Status)
	}
	if r := link(agencyID, adminToken); r.Status != http.StatusBadRequest || r.errorCode(t) != "oidc_staff_only" {
		t.Errorf("admin linking an agency: %d, want 400", r.Status)
	}
	if r := link(deptID, adminToken); r.Status != http.StatusCreated {
		t.Fatalf("admin linking department staff: %d %s", r.Status, r.Body)
	}
	if r := link(deptID, adminToken); r.Status != http.StatusConflict {
		t.Errorf("linking the same subject twice: %d, want 409", r.Status)
	}

	b2 := newBrowser(t, app)
	if path, _, _ := ssoLogin(t, b2, op, "staff-user"); path != "/workspace" {
		t.Fatalf("linked staff SSO login ended at %s", path)
	}
	if id, role, _, _ := me(t, b2); id != deptID || role != "department" {
		t.Errorf("linked staff logged in as %d %s, want %d department", id, role, deptID)
	}
}

func TestOIDCStatusAndLoginButton(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	var st struct {
		Enabled  bool
		LoginURL string `json:"login_url"`
	}
	app.do("GET", "/api/v1/auth/oidc", "", nil).decode(t, &st)
	b := newBrowser(t, app)
	if _, body := b.get("/login"); st.Enabled || strings.Contains(body, "统一身份认证") {
		t.Error("single sign-on shows while unconfigured")
	}
	if status, _ := b.get("/auth/oidc/login"); status != http.StatusNotFound {
		t.Errorf("/auth/oidc/login while off: %d, want 404", status)
	}
	startTestOP(t, app)
	app.do("GET", "/api/v1/auth/oidc", "", nil).decode(t, &st)
	if !st.Enabled || st.LoginURL != "/auth/oidc/login" {
		t.Errorf("status while on = %+v", st)
	}
	if _, body := b.get("/login"); !strings.Contains(body, "使用政务服务统一身份认证登录") {
		t.Error("the login page lacks 「使用政务服务统一身份认证登录」")
	}
}

// A provider that cannot be reached gives a readable page, in the user's
// language, and password login stays available.
func TestOIDCProviderUnreachable(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close() // its port now refuses connections
	app.Server.OIDC = api.NewOIDCClient(api.OIDCConfig{Issuer: gone.URL, ClientID: testOIDCClientID,
		RedirectURL: app.URL + "/auth/oidc/callback"})
	b := newBrowser(t, app)
	status, body := b.get("/auth/oidc/login")
	if status != http.StatusServiceUnavailable || !strings.Contains(body, "暂时无法连接政务服务统一身份认证平台") || !strings.Contains(body, `name="password"`) {
		t.Errorf("unreachable provider: %d, want 503 with the message beside the password form", status)
	}
}
