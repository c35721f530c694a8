package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/audit"
	"marketplace/domain/catalogue"
	"marketplace/domain/identity"
)

func TestRegister(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	valid := func() map[string]string {
		return map[string]string{"role": "agency", "name": "湖北测试环境咨询有限公司", "uscc": uscc(),
			"legal_representative": "王五", "contact_phone": "027-87654321", "email": "agency@example.cn", "password": testPassword, "accept_commitment_version": "1"}
	}

	t.Run("OK: active at once and can log in", func(t *testing.T) {
		r := app.do("POST", "/api/v1/auth/register", "", valid())
		if r.Status != http.StatusCreated {
			t.Fatalf("got %d %s", r.Status, r.Body)
		}
		var acc struct {
			ID     int64
			Status string
		}
		r.decode(t, &acc)
		if got, want := acc.Status, "active"; got != want {
			t.Errorf("status = %q, want %q", got, want)
		}
		token := app.login("agency@example.cn")
		me := app.do("GET", "/api/v1/auth/me", token, nil)
		if me.Status != http.StatusOK || !strings.Contains(string(me.Body), "湖北测试环境咨询有限公司") {
			t.Errorf("me: %d %s", me.Status, me.Body)
		}
	})

	bad := []struct {
		name   string
		mutate func(map[string]string)
		status int
		code   string
	}{
		{"wrong length", func(m map[string]string) { m["uscc"] = "91110000MA0000001" }, 400, "uscc_length"},
		{"wrong check digit", func(m map[string]string) { m["uscc"] = flipCheck(m["uscc"]) }, 400, "uscc_check_digit"},
		{"lowercase", func(m map[string]string) { m["uscc"] = strings.ToLower(m["uscc"][:10]) + m["uscc"][10:] }, 400, "uscc_lowercase"},
		{"letter I", func(m map[string]string) { m["uscc"] = "91110000MAI" + m["uscc"][11:] }, 400, "uscc_character"},
		{"letter O", func(m map[string]string) { m["uscc"] = "91110000MAO" + m["uscc"][11:] }, 400, "uscc_character"},
		{"letter Z", func(m map[string]string) { m["uscc"] = "91110000MAZ" + m["uscc"][11:] }, 400, "uscc_character"},
		{"department role", func(m map[string]string) { m["role"] = "department" }, 400, "role_not_self_service"},
		{"admin role", func(m map[string]string) { m["role"] = "admin" }, 400, "role_not_self_service"},
		{"bad email", func(m map[string]string) { m["email"] = "not-an-email" }, 400, "email_format"},
		{"bad phone", func(m map[string]string) { m["contact_phone"] = "12345" }, 400, "phone_format"},
		{"short password", func(m map[string]string) { m["password"] = "short" }, 400, "password_too_short"},
		{"missing name", func(m map[string]string) { delete(m, "name") }, 400, "invalid_required"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			in := valid()
			in["email"] = "x" + in["uscc"] + "@example.cn"
			tc.mutate(in)
			r := app.do("POST", "/api/v1/auth/register", "", in)
			if r.Status != tc.status || r.errorCode(t) != tc.code {
				t.Errorf("got %d %s, want %d %s", r.Status, r.Body, tc.status, tc.code)
			}
		})
	}

	t.Run("duplicate USCC and e-mail", func(t *testing.T) {
		first := valid()
		first["email"] = "first@example.cn"
		if r := app.do("POST", "/api/v1/auth/register", "", first); r.Status != 201 {
			t.Fatalf("first: %d %s", r.Status, r.Body)
		}
		again := valid()
		again["uscc"], again["email"] = first["uscc"], "second@example.cn"
		if r := app.do("POST", "/api/v1/auth/register", "", again); r.Status != 409 || r.errorCode(t) != "uscc_taken" {
			t.Errorf("same USCC: %d %s", r.Status, r.Body)
		}
		sameMail := valid()
		sameMail["email"] = "FIRST@example.cn"
		if r := app.do("POST", "/api/v1/auth/register", "", sameMail); r.Status != 409 || r.errorCode(t) != "email_taken" {
			t.Errorf("same e-mail: %d %s", r.Status, r.Body)
		}
	})

	t.Run("malformed, unknown field, oversized", func(t *testing.T) {
		if r := app.do("POST", "/api/v1/auth/register", "", `{"role":`); r.Status != 400 || r.errorCode(t) != "malformed_json" {
			t.Errorf("malformed: %d %s", r.Status, r.Body)
		}
		in := valid()
		in["capital"] = "1000万"
		if r := app.do("POST", "/api/v1/auth/register", "", in); r.Status != 400 || r.errorCode(t) != "unknown_field" {
			t.Errorf("unknown field: %d %s", r.Status, r.Body)
		}
		big := `{"name":"` + strings.Repeat("x", 2<<20) + `"}`
		if r := app.do("POST", "/api/v1/auth/register", "", big); r.Status != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized: %d %.200s", r.Status, r.Body)
		}
	})

	t.Run("nothing written by bad input", func(t *testing.T) {
		var n int64
		storagetestCount(t, app, "SELECT count(*) FROM accounts WHERE email LIKE 'x%'", &n)
		if n != 0 {
			t.Errorf("%d accounts written by refused registrations", n)
		}
	})
}

func flipCheck(code string) string {
	last := code[17]
	repl := byte('0')
	if last == '0' {
		repl = '1'
	}
	return code[:17] + string(repl)
}

func TestLogin(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	_, token := app.register("enterprise", "武汉测试企业有限公司")

	t.Run("unknown e-mail and wrong password look the same", func(t *testing.T) {
		a := app.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "nobody@example.cn", "password": "whatever-password"})
		b := app.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "nobody2@example.cn", "password": "whatever-password"})
		if a.Status != 401 || string(a.Body) != string(b.Body) {
			t.Errorf("unknown: %d %s / %s", a.Status, a.Body, b.Body)
		}
	})

	t.Run("logout revokes the token", func(t *testing.T) {
		if r := app.do("GET", "/api/v1/auth/me", token, nil); r.Status != 200 {
			t.Fatalf("me before logout: %d", r.Status)
		}
		if r := app.do("POST", "/api/v1/auth/logout", token, nil); r.Status != 204 {
			t.Fatalf("logout: %d %s", r.Status, r.Body)
		}
		if r := app.do("GET", "/api/v1/auth/me", token, nil); r.Status != 401 || r.errorCode(t) != "token_expired" {
			t.Errorf("me after logout: %d %s", r.Status, r.Body)
		}
	})

	t.Run("garbage token", func(t *testing.T) {
		if r := app.do("GET", "/api/v1/auth/me", "not-a-token", nil); r.Status != 401 {
			t.Errorf("got %d", r.Status)
		}
	})

	t.Run("rate limited per account", func(t *testing.T) {
		_, _ = app.register("agency", "限流测试中介有限公司")
		email := "limit@example.cn"
		app.do("POST", "/api/v1/auth/register", "", map[string]any{"accept_commitment_version": 1, "role": "agency", "name": "限流中介二号有限公司", "uscc": uscc(),
			"legal_representative": "赵六", "contact_phone": "13912345678", "email": email, "password": testPassword})
		for i := 0; i < identity.LoginFailuresPerAccountAddress; i++ {
			if r := app.do("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": "wrong-password-x"}); r.Status != 401 {
				t.Fatalf("attempt %d: %d", i, r.Status)
			}
		}
		r := app.do("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": testPassword})
		if r.Status != http.StatusTooManyRequests {
			t.Errorf("after %d failures the right password got %d, want 429", identity.LoginFailuresPerAccountAddress, r.Status)
		}
	})
}

func TestSessionExpiry(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	_, token := app.register("agency", "过期测试中介有限公司")
	now, _ := app.DB.Now(t.Context())
	app.DB.Clock().Set(func() time.Time { return now.Add(app.Market.Periods.SessionTTL + time.Second) })
	if r := app.do("GET", "/api/v1/auth/me", token, nil); r.Status != 401 || r.errorCode(t) != "token_expired" {
		t.Errorf("expired token: %d %s", r.Status, r.Body)
	}
}

func TestCatalogue(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	_, adminToken := app.staff(domain.RoleAdmin, "平台管理员")
	_, deptToken := app.staff(domain.RoleDepartment, "某市自然资源局")

	t.Run("public list has the shipped items", func(t *testing.T) {
		r := app.do("GET", "/api/v1/catalogue/items?per_page=200", "", nil)
		var list struct {
			Items []catalogue.Item
			Total int
		}
		r.decode(t, &list)
		if list.Total < 30 || len(list.Items) != list.Total {
			t.Fatalf("total %d, items %d", list.Total, len(list.Items))
		}
		var eia *catalogue.Item
		for i := range list.Items {
			if list.Items[i].Name == "环境影响报告书（表）编制" {
				eia = &list.Items[i]
			}
		}
		if eia == nil || eia.LegalBasis == "" || eia.TimeLimitDays == 0 || len(eia.Workflow) == 0 {
			t.Errorf("environmental impact item missing or incomplete: %+v", eia)
		}
	})

	t.Run("pagination bounds", func(t *testing.T) {
		if r := app.do("GET", "/api/v1/catalogue/items?per_page=201", "", nil); r.Status != 400 {
			t.Errorf("per_page=201: %d", r.Status)
		}
		if r := app.do("GET", "/api/v1/catalogue/items?page=abc", "", nil); r.Status != 400 {
			t.Errorf("page=abc: %d", r.Status)
		}
		r := app.do("GET", "/api/v1/catalogue/items?per_page=5&page=2", "", nil)
		var list struct {
			Items []any
			Page  int
		}
		r.decode(t, &list)
		if len(list.Items) != 5 || list.Page != 2 {
			t.Errorf("page 2: %d items, page %d", len(list.Items), list.Page)
		}
	})

	item := map[string]any{"code": "TEST-01", "name": "测试评估报告编制", "department": "测试局", "legal_basis": "《测试条例》",
		"time_limit_days": 20, "workflow": []string{"受理", "编制", "提交"}, "fee_type": "market"}

	t.Run("only admins edit", func(t *testing.T) {
		if r := app.do("POST", "/api/v1/catalogue/items", "", item); r.Status != 401 {
			t.Errorf("anonymous: %d", r.Status)
		}
		if r := app.do("POST", "/api/v1/catalogue/items", deptToken, item); r.Status != 403 {
			t.Errorf("department: %d", r.Status)
		}
	})

	t.Run("admin creates, edits, abolishes; each audited", func(t *testing.T) {
		if r := app.do("POST", "/api/v1/catalogue/items", adminToken, item); r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		if r := app.do("POST", "/api/v1/catalogue/items", adminToken, item); r.Status != 409 {
			t.Errorf("duplicate: %d", r.Status)
		}
		if r := app.do("PATCH", "/api/v1/catalogue/items/TEST-01", adminToken, map[string]any{"time_limit_days": 0}); r.Status != 400 {
			t.Errorf("bad patch: %d %s", r.Status, r.Body)
		}
		r := app.do("PATCH", "/api/v1/catalogue/items/TEST-01", adminToken, map[string]any{"status": "abolished"})
		if r.Status != 200 || !strings.Contains(string(r.Body), `"abolished"`) {
			t.Fatalf("abolish: %d %s", r.Status, r.Body)
		}
		if r := app.do("GET", "/api/v1/catalogue/items/TEST-01", "", nil); !strings.Contains(string(r.Body), `"time_limit_days":20`) {
			t.Errorf("refused patch changed the item: %s", r.Body)
		}
		var n int64
		storagetestCount(t, app, "SELECT count(*) FROM audit_log WHERE subject_type = 'item' AND subject_id = 'TEST-01'", &n)
		if n != 2 {
			t.Errorf("audit rows for the item = %d, want 2 (create, abolish)", n)
		}
		if r := app.do("GET", "/api/v1/catalogue/items/NOPE", "", nil); r.Status != 404 {
			t.Errorf("unknown code: %d", r.Status)
		}
	})
}

func TestAuditChain(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	for i := 0; i < 5; i++ {
		app.register("agency", "审计链测试中介有限公司")
	}
	var v audit.Verification
	app.do("GET", "/api/v1/audit/verify", "", nil).decode(t, &v)
	if !v.OK || v.Checked < 5 || v.Unsealed != 0 {
		t.Fatalf("fresh chain: %+v", v)
	}

	t.Run("append-only", func(t *testing.T) {
		if err := storagetestExecErr(app, "DELETE FROM audit_log"); err == nil {
			t.Error("DELETE on audit_log succeeded")
		}
		if err := storagetestExecErr(app, "UPDATE audit_log SET action = 'x' WHERE id = 1"); err == nil {
			t.Error("UPDATE on audit_log succeeded")
		}
	})

	t.Run("tampering behind the application's back is detected", func(t *testing.T) {
		storagetestExec(t, app, "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update")
		storagetestExec(t, app, `UPDATE audit_log SET summary = '{"role":"agency","name":"forged"}' WHERE seq = 3`)
		var v audit.Verification
		app.do("GET", "/api/v1/audit/verify", "", nil).decode(t, &v)
		if v.OK || v.BrokenAt == nil || *v.BrokenAt != 3 {
			t.Errorf("tampered chain verified: %+v", v)
		}
	})
}

func TestHealthAndMetrics(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	for _, p := range []string{"/healthz", "/readyz", "/api/v1/openapi.yaml"} {
		if r := app.do("GET", p, "", nil); r.Status != 200 {
			t.Errorf("%s: %d", p, r.Status)
		}
	}
	app.do("GET", "/api/v1/catalogue/items", "", nil)
	r := app.opsGet("/metrics")
	if !strings.Contains(string(r.Body), `http_requests_total{method="GET",route="/api/v1/catalogue/items",status="200"}`) {
		t.Errorf("metrics lack the request counter:\n%.1000s", r.Body)
	}
	if r := app.do("GET", "/api/v1/nope", "", nil); r.Status != 404 || r.errorCode(t) != "no_such_endpoint" {
		t.Errorf("unknown endpoint: %d %s", r.Status, r.Body)
	}
}
