package api_test

import (
	"fmt"
	"strings"
	"testing"

	"marketplace/domain"
)

// insertProject writes a project row straight into the database (the
// bidding issue owns the API that creates them) and returns its id.
func insertProject(t *testing.T, app *testApp, ownerID int64, status string, awarded int64) int64 {
	t.Helper()
	awardedSQL := "NULL"
	if awarded != 0 {
		awardedSQL = fmt.Sprint(awarded)
	}
	var id int64
	err := app.DB.SQL().QueryRow(`INSERT INTO projects (owner_id, title, item_code, funding, method, bidding_closes_at,
		closes_at, service_days, min_bids, status, awarded_agency_id)
		VALUES ($1, '测试项目', $2, 'self', 'lowest_price', now() + interval '3 days', now() + interval '3 days', 30, 1, $3, `+awardedSQL+`)
		RETURNING id`, ownerID, itemPlain, status).Scan(&id)
	if err != nil {
		t.Fatalf("insert project: %v", err)
	}
	return id
}

func TestAgency_Exit(t *testing.T) {
	t.Parallel()
	app, dir := newAgencyApp(t)
	code := uscc()
	id, token, email := app.registerAgency("退出测试咨询有限公司", code)
	ownerID, _ := app.register("enterprise", "武汉某企业有限公司")
	if r := app.upload(t, token, certFields(itemQualified, "KEEP-1"), "c.pdf", pdfDoc); r.Status != 201 {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}

	bidding := insertProject(t, app, ownerID, "bidding", 0)
	storagetestExec(t, app, fmt.Sprintf(`INSERT INTO bids (project_id, agency_id, price_fen, service_days, submitted_at, updated_at)
		VALUES (%d, %d, 100000, 30, now(), now())`, bidding, id))
	award := insertProject(t, app, ownerID, "publicity", id)
	contract := insertProject(t, app, ownerID, "contracted", id)
	insertProject(t, app, ownerID, "completed", id) // finished work does not block exit

	t.Run("refused while a bid, award or contract is open, naming them", func(t *testing.T) {
		r := app.do("POST", "/api/v1/agencies/me/exit", token, nil)
		if r.Status != 409 || r.errorCode(t) != "open_engagements" {
			t.Fatalf("got %d %s", r.Status, r.Body)
		}
		for _, p := range []int64{bidding, award, contract} {
			if !strings.Contains(string(r.Body), fmt.Sprintf("project %d ", p)) {
				t.Errorf("message does not name project %d: %s", p, r.Body)
			}
		}
		if v := app.agency(t, id, ""); v.Status != "active" || v.ExitedAt != nil {
			t.Errorf("refused exit changed status: %+v", v)
		}
	})

	t.Run("withdrawn bid and finished work no longer block", func(t *testing.T) {
		storagetestExec(t, app, fmt.Sprintf("UPDATE bids SET status = 'withdrawn' WHERE project_id = %d", bidding))
		storagetestExec(t, app, fmt.Sprintf("UPDATE projects SET status = 'completed' WHERE id IN (%d, %d)", award, contract))
		r := app.do("POST", "/api/v1/agencies/me/exit", token, nil)
		if r.Status != 200 {
			t.Fatalf("exit: %d %s", r.Status, r.Body)
		}
		var v agencyView
		r.decode(t, &v)
		if v.Status != "exited" || v.ExitedAt == nil {
			t.Errorf("after exit: status %q exited_at %v", v.Status, v.ExitedAt)
		}
		if n := app.count(t, fmt.Sprintf("SELECT count(*) FROM audit_log WHERE action = 'agency.exited' AND subject_id = '%d'", id)); n != 1 {
			t.Errorf("audit rows = %d", n)
		}
	})

	t.Run("exited: public profile shows it, history kept, login works, no edits", func(t *testing.T) {
		pub := app.agency(t, id, "")
		if pub.Status != "exited" || pub.ExitedAt == nil || pub.CompletedProjects != 3 || len(pub.Qualifications) != 1 {
			t.Errorf("public profile after exit: %+v", pub)
		}
		token = app.login(email)
		if r := app.do("GET", "/api/v1/agencies/me", token, nil); r.Status != 200 {
			t.Errorf("me after exit: %d", r.Status)
		}
		if r := app.do("PATCH", "/api/v1/agencies/me", token, map[string]any{"region": "湖北省"}); r.Status != 409 || r.errorCode(t) != "agency_exited" {
			t.Errorf("patch after exit: %d %s", r.Status, r.Body)
		}
		disk := filesOnDisk(t, dir)
		if r := app.upload(t, token, certFields(itemQualified, "AFTER-1"), "c.pdf", pngDoc); r.Status != 409 || r.errorCode(t) != "agency_exited" {
			t.Errorf("upload after exit: %d %s", r.Status, r.Body)
		}
		if got := filesOnDisk(t, dir); got != disk {
			t.Errorf("refused upload left a file: %d → %d", disk, got)
		}
		if r := app.do("POST", "/api/v1/agencies/me/exit", token, nil); r.Status != 409 || r.errorCode(t) != "agency_already_exited" {
			t.Errorf("exit twice: %d %s", r.Status, r.Body)
		}
		list := app.do("GET", "/api/v1/agencies?status=exited", "", nil)
		if !strings.Contains(string(list.Body), fmt.Sprintf(`"id":%d`, id)) {
			t.Errorf("exited agency missing from ?status=exited: %s", list.Body)
		}
	})

	t.Run("registering again with the USCC is refused, nothing changed", func(t *testing.T) {
		r := app.do("POST", "/api/v1/auth/register", "", map[string]any{"accept_commitment_version": 1,
			"role": "agency", "name": "退出测试咨询有限公司（重新入驻）", "uscc": code, "legal_representative": "赵六",
			"contact_phone": "13800000000", "email": "back@example.cn", "password": "another-long-password",
		})
		if r.Status != 409 || r.errorCode(t) != "uscc_taken" {
			t.Errorf("%d %s", r.Status, r.Body)
		}
		if v := app.agency(t, id, ""); v.Status != "exited" || v.Name != "退出测试咨询有限公司" {
			t.Errorf("after a refused registration: %+v", v)
		}
	})

	t.Run("rejoining through its own login keeps the account and history", func(t *testing.T) {
		r := app.do("POST", "/api/v1/agencies/me/rejoin", token, nil)
		if r.Status != 200 {
			t.Fatalf("rejoin: %d %s", r.Status, r.Body)
		}
		v := app.agency(t, id, "")
		if v.Status != "active" || v.ExitedAt != nil || v.CompletedProjects != 3 || len(v.Qualifications) != 1 {
			t.Errorf("after rejoining: %+v", v)
		}
		if n := app.count(t, "SELECT count(*) FROM accounts WHERE uscc = '"+code+"'"); n != 1 {
			t.Errorf("%d accounts for the USCC", n)
		}
	})

	t.Run("an active agency's USCC stays taken", func(t *testing.T) {
		r := app.do("POST", "/api/v1/auth/register", "", map[string]any{"accept_commitment_version": 1,
			"role": "agency", "name": "冒名咨询有限公司", "uscc": code, "legal_representative": "钱七",
			"contact_phone": "13800000001", "email": "squat@example.cn", "password": "another-long-password",
		})
		if r.Status != 409 || r.errorCode(t) != "uscc_taken" {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})

	t.Run("a suspended agency cannot exit", func(t *testing.T) {
		sid, stoken := app.register("agency", "停牌咨询有限公司")
		storagetestExec(t, app, fmt.Sprintf("UPDATE accounts SET status = 'suspended' WHERE id = %d", sid))
		r := app.do("POST", "/api/v1/agencies/me/exit", stoken, nil)
		if r.Status != 409 || r.errorCode(t) != "agency_not_active" {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})

	t.Run("only agencies exit", func(t *testing.T) {
		_, dep := app.staff(domain.RoleDepartment, "某局")
		if r := app.do("POST", "/api/v1/agencies/me/exit", dep, nil); r.Status != 403 {
			t.Errorf("department: %d", r.Status)
		}
		if r := app.do("POST", "/api/v1/agencies/me/exit", "", nil); r.Status != 401 {
			t.Errorf("anonymous: %d", r.Status)
		}
	})
}

func TestAgency_Affiliations(t *testing.T) {
	t.Parallel()
	app, _ := newAgencyApp(t)
	id, token := app.register("agency", "脱钩测试咨询有限公司")
	otherID, otherToken := app.register("agency", "另一家咨询有限公司")
	depID, depToken := app.staff(domain.RoleDepartment, "武汉市自然资源和规划局")
	_, adminToken := app.staff(domain.RoleAdmin, "平台管理员")

	var afID int64
	t.Run("OK", func(t *testing.T) {
		r := app.do("POST", "/api/v1/agencies/me/affiliations", token, map[string]any{"department_id": depID, "relation": "subordinate"})
		if r.Status != 201 {
			t.Fatalf("declare: %d %s", r.Status, r.Body)
		}
		var af struct {
			ID             int64
			DepartmentName string `json:"department_name"`
		}
		r.decode(t, &af)
		afID = af.ID
		if af.DepartmentName != "武汉市自然资源和规划局" {
			t.Errorf("department_name = %q", af.DepartmentName)
		}
	})

	t.Run("departments and admins see details; the public and other agencies see only that one exists", func(t *testing.T) {
		for _, who := range []string{depToken, adminToken, token} {
			v := app.agency(t, id, who)
			if !v.HasAffiliations || len(v.Affiliations) != 1 || v.Affiliations[0].DepartmentID != depID || v.Affiliations[0].Relation != "subordinate" {
				t.Errorf("privileged view: %+v", v.raw["affiliations"])
			}
		}
		for _, who := range []string{"", otherToken} {
			v := app.agency(t, id, who)
			if _, ok := v.raw["affiliations"]; ok || !v.HasAffiliations {
				t.Errorf("public view: has=%v affiliations=%s", v.HasAffiliations, v.raw["affiliations"])
			}
		}
		if v := app.agency(t, otherID, ""); v.HasAffiliations {
			t.Error("has_affiliations true for an agency without declarations")
		}
	})

	bad := []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"unknown relation", map[string]any{"department_id": depID, "relation": "friendship"}, 400, "relation_value"},
		{"not a department", map[string]any{"department_id": otherID, "relation": "shareholding"}, 400, "not_a_department"},
		{"no such account", map[string]any{"department_id": 999999, "relation": "shareholding"}, 400, "not_a_department"},
		{"other without note", map[string]any{"department_id": depID, "relation": "other"}, 400, "note_required"},
		{"duplicate", map[string]any{"department_id": depID, "relation": "subordinate"}, 409, "affiliation_duplicate"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			r := app.do("POST", "/api/v1/agencies/me/affiliations", token, tc.body)
			if r.Status != tc.status || r.errorCode(t) != tc.code {
				t.Errorf("got %d %s, want %d %s", r.Status, r.Body, tc.status, tc.code)
			}
			if n := app.count(t, "SELECT count(*) FROM affiliations"); n != 1 {
				t.Errorf("%d affiliation rows", n)
			}
		})
	}

	t.Run("another agency's declaration cannot be removed", func(t *testing.T) {
		r := app.do("DELETE", fmt.Sprintf("/api/v1/agencies/me/affiliations/%d", afID), otherToken, nil)
		if r.Status != 404 || app.count(t, "SELECT count(*) FROM affiliations") != 1 {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})

	t.Run("removed, audited", func(t *testing.T) {
		if r := app.do("DELETE", fmt.Sprintf("/api/v1/agencies/me/affiliations/%d", afID), token, nil); r.Status != 204 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if v := app.agency(t, id, ""); v.HasAffiliations {
			t.Error("has_affiliations still true")
		}
		if n := app.count(t, "SELECT count(*) FROM audit_log WHERE action IN ('agency.affiliation_declared', 'agency.affiliation_removed')"); n != 2 {
			t.Errorf("audit rows = %d", n)
		}
	})
}
