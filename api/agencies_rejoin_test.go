package api_test

import (
	"fmt"
	"net/url"
	"testing"

	"marketplace/domain"
)

// TestRegister_ExitedUSCCCannotBeClaimed: the directory publishes an exited
// agency's USCC, so registering with it must not hand its account (and its
// history, contact data and login) to whoever asks.
func TestRegister_ExitedUSCCCannotBeClaimed(t *testing.T) {
	t.Parallel()
	app, _ := newAgencyApp(t)
	code := uscc()
	id, token, email := app.registerAgency("被冒领测试咨询有限公司", code)
	if r := app.do("POST", "/api/v1/agencies/me/exit", token, nil); r.Status != 200 {
		t.Fatalf("exit: %d %s", r.Status, r.Body)
	}
	before := app.do("GET", "/api/v1/agencies/me", token, nil)
	if before.Status != 200 {
		t.Fatalf("me before: %d %s", before.Status, before.Body)
	}

	r := app.do("POST", "/api/v1/auth/register", "", map[string]any{"accept_commitment_version": 1,
		"role": "agency", "name": "冒领者咨询有限公司", "uscc": code, "legal_representative": "钱七",
		"contact_phone": "13800000002", "email": "claimer@example.cn", "password": "attacker-long-password",
	})
	if r.Status != 409 || r.errorCode(t) != "uscc_taken" {
		t.Fatalf("claim by USCC: %d %s, want 409 uscc_taken", r.Status, r.Body)
	}

	after := app.do("GET", "/api/v1/agencies/me", token, nil)
	if after.Status != 200 || string(after.Body) != string(before.Body) {
		t.Errorf("victim's session or data changed: %d\nbefore %s\nafter  %s", after.Status, before.Body, after.Body)
	}
	if r := app.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "claimer@example.cn", "password": "attacker-long-password"}); r.Status != 401 {
		t.Errorf("attacker logs in: %d %s", r.Status, r.Body)
	}
	app.login(email) // the owner's own credentials still work
	if n := app.count(t, "SELECT count(*) FROM accounts WHERE uscc = '"+code+"'"); n != 1 {
		t.Errorf("%d accounts hold the USCC", n)
	}
	if n := app.count(t, fmt.Sprintf("SELECT count(*) FROM audit_log WHERE subject_id = '%d' AND action <> 'agency.exited' AND action <> 'account.registered'", id)); n != 0 {
		t.Errorf("%d audit rows written for the victim by the refused claim", n)
	}
}

// TestAgency_Rejoin: an exited agency returns (重新入驻) through its own
// login, keeping its id and history.
func TestAgency_Rejoin(t *testing.T) {
	t.Parallel()
	app, _ := newAgencyApp(t)
	id, token, email := app.registerAgency("重新入驻测试咨询有限公司", uscc())

	t.Run("refused while active", func(t *testing.T) {
		r := app.do("POST", "/api/v1/agencies/me/rejoin", token, nil)
		if r.Status != 409 || r.errorCode(t) != "agency_not_exited" {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("only the agency itself", func(t *testing.T) {
		_, dep := app.staff(domain.RoleDepartment, "某局")
		if r := app.do("POST", "/api/v1/agencies/me/rejoin", dep, nil); r.Status != 403 {
			t.Errorf("department: %d", r.Status)
		}
		if r := app.do("POST", "/api/v1/agencies/me/rejoin", "", nil); r.Status != 401 {
			t.Errorf("anonymous: %d", r.Status)
		}
	})
	t.Run("exit, log in again, rejoin: same account, active", func(t *testing.T) {
		if r := app.do("POST", "/api/v1/agencies/me/exit", token, nil); r.Status != 200 {
			t.Fatalf("exit: %d %s", r.Status, r.Body)
		}
		token = app.login(email)
		r := app.do("POST", "/api/v1/agencies/me/rejoin", token, nil)
		if r.Status != 200 {
			t.Fatalf("rejoin: %d %s", r.Status, r.Body)
		}
		var v agencyView
		r.decode(t, &v)
		if v.ID != id || v.Status != "active" || v.ExitedAt != nil {
			t.Errorf("after rejoin: %+v", v)
		}
		if r := app.do("PATCH", "/api/v1/agencies/me", token, map[string]any{"region": "湖北省"}); r.Status != 200 {
			t.Errorf("edit after rejoin: %d %s", r.Status, r.Body)
		}
		if n := app.count(t, fmt.Sprintf("SELECT count(*) FROM audit_log WHERE action = 'agency.rejoined' AND subject_id = '%d'", id)); n != 1 {
			t.Errorf("audit rows = %d", n)
		}
		if r := app.do("POST", "/api/v1/agencies/me/rejoin", token, nil); r.Status != 409 || r.errorCode(t) != "agency_not_exited" {
			t.Errorf("rejoin twice: %d %s", r.Status, r.Body)
		}
	})
	t.Run("the workspace button", func(t *testing.T) {
		if r := app.do("POST", "/api/v1/agencies/me/exit", token, nil); r.Status != 200 {
			t.Fatalf("exit: %d %s", r.Status, r.Body)
		}
		b := newBrowser(t, app)
		b.loginAs(token)
		_, page := b.get("/workspace/profile")
		mustContain(t, "exited profile", page, `action="/workspace/rejoin"`, "重新入驻")
		code, body := b.submit("/workspace/profile", "/workspace/rejoin", url.Values{})
		if code != 200 {
			t.Fatalf("rejoin form: %d", code)
		}
		mustContain(t, "after rejoin", body, `action="/workspace/exit"`)
		if v := app.agency(t, id, ""); v.Status != "active" {
			t.Errorf("status %q after the rejoin button", v.Status)
		}
	})
}
