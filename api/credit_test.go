package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/credit"
)

// creditWorld is a test app with a movable clock, two departments and an admin.
type creditWorld struct {
	*testApp
	now                time.Time
	dept, dept2, admin string
	deptID, dept2ID    int64
	adminID            int64
}

func newCreditWorld(t *testing.T) *creditWorld {
	t.Helper()
	w := &creditWorld{testApp: newTestApp(t), now: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)}
	w.DB.Clock().Set(func() time.Time { return w.now })
	w.deptID, w.dept = w.staff(domain.RoleDepartment, "某市生态环境局")
	w.dept2ID, w.dept2 = w.staff(domain.RoleDepartment, "某市水利局")
	w.adminID, w.admin = w.staff(domain.RoleAdmin, "平台管理员")
	return w
}

// advance moves the platform clock; the tokens' sessions are extended so
// that they outlive the jump.
func (w *creditWorld) advance(d time.Duration) {
	w.now = w.now.Add(d)
	storagetestExec(w.t, w.testApp, fmt.Sprintf("UPDATE sessions SET expires_at = '%s'", w.now.Add(24*time.Hour).Format(time.RFC3339)))
}

func (w *creditWorld) advanceMonths(m int) {
	w.advance(w.now.AddDate(0, m, 0).Sub(w.now))
}

func (w *creditWorld) credit(t *testing.T, agencyID int64, token string) credit.AgencyCredit {
	t.Helper()
	r := w.do("GET", fmt.Sprintf("/api/v1/agencies/%d/credit", agencyID), token, nil)
	if r.Status != http.StatusOK {
		t.Fatalf("credit of %d: %d %s", agencyID, r.Status, r.Body)
	}
	var c credit.AgencyCredit
	r.decode(t, &c)
	return c
}

func (w *creditWorld) violation(t *testing.T, token string, body map[string]any) credit.Violation {
	t.Helper()
	r := w.do("POST", "/api/v1/violations", token, body)
	if r.Status != http.StatusCreated {
		t.Fatalf("violation: %d %s", r.Status, r.Body)
	}
	var v credit.Violation
	r.decode(t, &v)
	return v
}

func (w *creditWorld) runJob(t *testing.T, name string) int {
	t.Helper()
	run, err := w.Jobs.RunOnce(context.Background(), name)
	if err != nil {
		t.Fatalf("job %s: %v", name, err)
	}
	return run.Rows
}

func (w *creditWorld) accountStatus(t *testing.T, id int64) string {
	t.Helper()
	var s string
	if err := w.DB.SQL().QueryRowContext(context.Background(), "SELECT status FROM accounts WHERE id = $1", id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func (w *creditWorld) count(t *testing.T, sql string) int64 {
	t.Helper()
	var n int64
	storagetestCount(t, w.testApp, sql, &n)
	return n
}

func TestCredit_Rules(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	var rules credit.Rules
	r := app.do("GET", "/api/v1/credit/rules", "", nil)
	r.decode(t, &rules)
	if r := app.do("GET", "/api/v1/agencies/999999/credit", "", nil); r.Status != 404 || r.errorCode(t) != "agency_not_found" {
		t.Errorf("unknown agency: %d %s", r.Status, r.Body)
	}
	if r.Status != 200 || rules.Base != 100 || rules.DeductionExpiryMonths != 24 || len(rules.ExitRules) == 0 {
		t.Fatalf("rules: %d %s", r.Status, r.Body)
	}
	got := map[string]int{}
	for _, k := range rules.Kinds {
		got[k.Kind] = k.Points
	}
	if got["collusion"] != -40 || got["false_materials"] != -30 || got["inspection_failed"] != -10 || got["late_delivery"] != -3 {
		t.Errorf("published points: %v", got)
	}
}

func TestCredit_ViolationAppeal(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	agencyID, agency := w.register("agency", "湖北某环境咨询有限公司")
	_, other := w.register("agency", "湖北另一咨询有限公司")
	_, enterprise := w.register("enterprise", "武汉某制造有限公司")

	t.Run("bad input changes nothing", func(t *testing.T) {
		bad := []struct {
			name   string
			token  string
			body   map[string]any
			status int
			code   string
		}{
			{"no evidence", w.dept, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": 2}, 400, "evidence_required"},
			{"blank evidence", w.dept, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": 2, "evidence": "  "}, 400, "evidence_required"},
			{"unknown agency", w.dept, map[string]any{"agency_id": 999999, "kind": "violation", "severity": 2, "evidence": "文书"}, 404, "agency_not_found"},
			{"enterprise is not an agency", w.dept, map[string]any{"agency_id": w.deptID, "kind": "violation", "severity": 2, "evidence": "文书"}, 404, "agency_not_found"},
			{"bad severity", w.dept, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": 5, "evidence": "文书"}, 400, "severity_range"},
			{"bad severity name", w.dept, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": "awful", "evidence": "文书"}, 400, "severity_range"},
			{"bad kind", w.dept, map[string]any{"agency_id": agencyID, "kind": "late_delivery", "severity": 1, "evidence": "文书"}, 400, "violation_kind"},
			{"unknown project", w.dept, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": 1, "evidence": "文书", "project_id": 424242}, 404, "project_not_found"},
			{"enterprise", enterprise, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": 1, "evidence": "文书"}, 403, "forbidden"},
			{"admin records nothing", w.admin, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": 1, "evidence": "文书"}, 403, "forbidden"},
			{"anonymous", "", map[string]any{"agency_id": agencyID, "kind": "violation", "severity": 1, "evidence": "文书"}, 401, "unauthenticated"},
		}
		for _, tc := range bad {
			r := w.do("POST", "/api/v1/violations", tc.token, tc.body)
			if r.Status != tc.status || r.errorCode(t) != tc.code {
				t.Errorf("%s: got %d %s, want %d %s", tc.name, r.Status, r.Body, tc.status, tc.code)
			}
		}
		if n := w.count(t, "SELECT (SELECT count(*) FROM violations) + (SELECT count(*) FROM credit_events)"); n != 0 {
			t.Errorf("%d rows written by refused requests", n)
		}
	})

	v := w.violation(t, w.dept, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": "serious",
		"evidence": "现场检查笔录 2026-001：报告数据造假", "reason": "报告质量严重不符合规范"})
	if v.Status != "confirmed" || v.Points != -15 || v.CreditEventID == nil {
		t.Fatalf("violation: %+v", v)
	}
	evID := *v.CreditEventID

	t.Run("scores at once; evidence hidden from the public", func(t *testing.T) {
		pub := w.credit(t, agencyID, "")
		if pub.Score != 85 || pub.Grade != "B" || len(pub.Events) != 1 || pub.Events[0].Evidence != "" || pub.Events[0].Reason != "报告质量严重不符合规范" {
			t.Fatalf("public view: %+v %+v", pub, pub.Events)
		}
		if pub.Events[0].ExpiresAt == nil || !pub.Events[0].ExpiresAt.Equal(w.now.AddDate(2, 0, 0)) {
			t.Errorf("expires_at = %v, want 24 months on", pub.Events[0].ExpiresAt)
		}
		for _, tok := range []string{agency, w.dept2, w.admin} {
			if c := w.credit(t, agencyID, tok); c.Events[0].Evidence == "" {
				t.Errorf("privileged reader sees no evidence")
			}
		}
		if c := w.credit(t, agencyID, other); c.Events[0].Evidence != "" {
			t.Errorf("another agency sees the evidence")
		}
		var score int64
		storagetestCount(t, w.testApp, fmt.Sprintf("SELECT credit_score FROM agency_profiles WHERE account_id = %d", agencyID), &score)
		if score != 85 {
			t.Errorf("agency_profiles.credit_score = %d, want 85", score)
		}
	})

	path := fmt.Sprintf("/api/v1/credit-events/%d/appeal", evID)
	var appeal credit.Appeal
	t.Run("appeal: only the agency itself, once", func(t *testing.T) {
		if r := w.do("POST", path, other, map[string]string{"reason": "不是我"}); r.Status != 403 || r.errorCode(t) != "not_your_event" {
			t.Errorf("other agency: %d %s", r.Status, r.Body)
		}
		if r := w.do("POST", path, w.dept, map[string]string{"reason": "x"}); r.Status != 403 {
			t.Errorf("department: %d", r.Status)
		}
		if r := w.do("POST", path, agency, map[string]string{"reason": ""}); r.Status != 400 {
			t.Errorf("empty reason: %d", r.Status)
		}
		if r := w.do("POST", "/api/v1/credit-events/999999/appeal", agency, map[string]string{"reason": "x"}); r.Status != 404 {
			t.Errorf("unknown event: %d", r.Status)
		}
		r := w.do("POST", path, agency, map[string]string{"reason": "检查笔录有误，数据为笔误，已提交更正说明"})
		if r.Status != 201 {
			t.Fatalf("appeal: %d %s", r.Status, r.Body)
		}
		r.decode(t, &appeal)
		if r := w.do("POST", path, agency, map[string]string{"reason": "again"}); r.Status != 409 || r.errorCode(t) != "already_appealed" {
			t.Errorf("second appeal: %d %s", r.Status, r.Body)
		}
		if n := w.count(t, "SELECT count(*) FROM credit_appeals"); n != 1 {
			t.Errorf("%d appeals stored", n)
		}
	})

	t.Run("decision: admins only; upheld voids and recomputes", func(t *testing.T) {
		dpath := fmt.Sprintf("/api/v1/appeals/%d/decision", appeal.ID)
		body := map[string]any{"upheld": true, "reason": "复核属实，撤销扣分"}
		for _, tok := range []string{w.dept, agency} {
			if r := w.do("POST", dpath, tok, body); r.Status != 403 {
				t.Errorf("non-admin decision: %d", r.Status)
			}
		}
		if r := w.do("POST", dpath, w.admin, map[string]any{"reason": "x"}); r.Status != 400 {
			t.Errorf("missing upheld: %d", r.Status)
		}
		if n := w.count(t, "SELECT count(*) FROM credit_appeals WHERE status <> 'pending'"); n != 0 {
			t.Fatalf("refused decisions changed the appeal")
		}
		r := w.do("POST", dpath, w.admin, body)
		if r.Status != 200 {
			t.Fatalf("decision: %d %s", r.Status, r.Body)
		}
		c := w.credit(t, agencyID, "")
		if c.Score != 100 || c.Grade != "A" || len(c.Events) != 2 || c.Events[0].Kind != "void" || !c.Events[1].Voided {
			t.Errorf("after upheld appeal: %+v events %+v %+v", c, c.Events[0], c.Events[1])
		}
		if r := w.do("POST", dpath, w.admin, body); r.Status != 409 {
			t.Errorf("second decision: %d", r.Status)
		}
		if r := w.do("POST", path, agency, map[string]string{"reason": "again"}); r.Status != 409 {
			t.Errorf("appeal of a voided event: %d", r.Status)
		}
	})

	t.Run("credit_events is append-only", func(t *testing.T) {
		if err := storagetestExecErr(w.testApp, "UPDATE credit_events SET points = 0"); err == nil {
			t.Error("UPDATE succeeded")
		}
		if err := storagetestExecErr(w.testApp, "DELETE FROM credit_events"); err == nil {
			t.Error("DELETE succeeded")
		}
	})
}

// creditInsertProject creates a bidding project owned by owner directly in the
// schema (the projects issue owns the use cases).
func creditInsertProject(t *testing.T, app *testApp, owner int64) int64 {
	t.Helper()
	var id int64
	err := app.DB.SQL().QueryRowContext(context.Background(), `INSERT INTO projects (owner_id, title, item_code, funding, budget_code,
		method, bidding_closes_at, closes_at, service_days, min_bids, status)
		VALUES ($1, '测试项目', (SELECT min(code) FROM catalogue_items), 'budget', 'B-2026-01', 'lowest_price', now(), now(), 30, 2, 'contracted')
		RETURNING id`, owner).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestCredit_ViolationOnOwnProjectNeedsConfirmation(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	agencyID, _ := w.register("agency", "湖北某评估有限公司")
	project := creditInsertProject(t, w.testApp, w.deptID)

	v := w.violation(t, w.dept, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": 3, "evidence": "合同履约检查记录", "project_id": project})
	if v.Status != "pending" || v.CreditEventID != nil {
		t.Fatalf("own-project violation: %+v", v)
	}
	if c := w.credit(t, agencyID, ""); c.Score != 100 || len(c.Events) != 0 {
		t.Fatalf("pending violation scored: %+v", c)
	}
	var pending domain.List[credit.Violation]
	w.do("GET", "/api/v1/violations?status=pending", w.dept2, nil).decode(t, &pending)
	if pending.Total != 1 || pending.Items[0].ID != v.ID {
		t.Errorf("pending list: %+v", pending)
	}
	_, agencyToken := w.register("agency", "旁观咨询有限公司")
	if r := w.do("GET", "/api/v1/violations", agencyToken, nil); r.Status != 403 {
		t.Errorf("agency lists violations: %d", r.Status)
	}
	cpath := fmt.Sprintf("/api/v1/violations/%d/confirm", v.ID)
	if r := w.do("POST", cpath, w.dept, nil); r.Status != 403 || r.errorCode(t) != "self_confirmation" {
		t.Errorf("self-confirmation: %d %s", r.Status, r.Body)
	}
	if r := w.do("POST", cpath, w.dept2, nil); r.Status != 200 {
		t.Fatalf("confirm by a second department: %d %s", r.Status, r.Body)
	}
	if r := w.do("POST", cpath, w.admin, nil); r.Status != 409 {
		t.Errorf("second confirmation: %d", r.Status)
	}
	if c := w.credit(t, agencyID, ""); c.Score != 70 || c.Events[0].ProjectID == nil || *c.Events[0].ProjectID != project {
		t.Errorf("confirmed violation: %+v", c)
	}
	// Leaving project_id out does not dodge the rule while the agency holds
	// the department's open project.
	storagetestExec(t, w.testApp, fmt.Sprintf("UPDATE projects SET awarded_agency_id = %d WHERE id = %d", agencyID, project))
	if v := w.violation(t, w.dept, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": 1, "evidence": "记录"}); v.Status != "pending" {
		t.Errorf("violation without project_id against the department's contractor: %+v", v)
	}
	// Another department's violation on that project scores at once.
	if v := w.violation(t, w.dept2, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": 1, "evidence": "抽查记录", "project_id": project}); v.Status != "confirmed" {
		t.Errorf("other department: %+v", v)
	}
}

func TestCredit_MonitorAndPublicLists(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	a1, _ := w.register("agency", "监测一号咨询有限公司")
	a2, _ := w.register("agency", "监测二号咨询有限公司")
	storagetestExec(t, w.testApp, fmt.Sprintf("UPDATE agency_profiles SET region = '湖北省武汉市' WHERE account_id IN (%d, %d)", a1, a2))
	storagetestExec(t, w.testApp, fmt.Sprintf("INSERT INTO agency_items SELECT %d, min(code) FROM catalogue_items", a1))
	w.violation(t, w.dept, map[string]any{"agency_id": a1, "kind": "collusion", "evidence": "串标证据：报价文件雷同"})
	w.violation(t, w.dept, map[string]any{"agency_id": a2, "kind": "violation", "severity": 1, "evidence": "迟报材料"})

	if r := w.do("GET", "/api/v1/credit/monitor", "", nil); r.Status != 401 {
		t.Errorf("anonymous monitor: %d", r.Status)
	}
	_, agency := w.register("agency", "监测三号咨询有限公司")
	if r := w.do("GET", "/api/v1/credit/monitor", agency, nil); r.Status != 403 {
		t.Errorf("agency monitor: %d", r.Status)
	}
	var m credit.Monitor
	r := w.do("GET", "/api/v1/credit/monitor?region=湖北省武汉市", w.dept, nil)
	r.decode(t, &m)
	if r.Status != 200 || m.Grades.Total != 2 || m.Grades.Blacklisted != 1 || m.Grades.C != 1 || m.Grades.A != 1 {
		t.Fatalf("monitor: %d %s", r.Status, r.Body)
	}
	if len(m.Drops30) != 2 || m.Drops30[0].AgencyID != a1 || m.Drops30[0].Points != -40 || len(m.Blacklist) != 1 || len(m.ByItem) != 1 || len(m.ByRegion) != 1 {
		t.Errorf("monitor lists: %s", r.Body)
	}
	r = w.do("GET", "/api/v1/credit/monitor?format=csv", w.admin, nil)
	// The export starts with a UTF-8 BOM, and a negative drop is written
	// '-40 like every cell a spreadsheet would read as a formula.
	body, bom := strings.CutPrefix(string(r.Body), "\uFEFF")
	lines := strings.Split(strings.TrimSpace(body), "\n")
	if r.Status != 200 || !bom || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || len(lines) != 4 || !strings.HasPrefix(lines[0], "agency_id,name") {
		t.Errorf("csv: %d %s %q", r.Status, r.Header.Get("Content-Type"), lines)
	} else if !strings.HasSuffix(lines[1], ",'-40,'-40") {
		t.Errorf("csv drop cells: %q", lines[1])
	}
	if r := w.do("GET", "/api/v1/credit/monitor?format=xml", w.admin, nil); r.Status != 400 {
		t.Errorf("format=xml: %d", r.Status)
	}
	var bl domain.List[credit.Sanction]
	w.do("GET", "/api/v1/credit/blacklist", "", nil).decode(t, &bl)
	if bl.Total != 1 || bl.Items[0].AgencyID != a1 || bl.Items[0].Until == nil || bl.Items[0].Reason == "" {
		t.Errorf("blacklist: %+v", bl)
	}
	var su domain.List[credit.Sanction]
	w.do("GET", "/api/v1/credit/suspensions", "", nil).decode(t, &su)
	if su.Total != 0 {
		t.Errorf("suspensions: %+v", su)
	}
}
