package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/credit"
	"marketplace/domain/supervision"
)

type caseJSON struct {
	ID          int64
	Status      string
	ViolationID *int64 `json:"violation_id"`
	Notes       []struct{ Body string }
}

func TestSupervision_Cases(t *testing.T) {
	t.Parallel()
	app, _, ids, _, _ := closedRingProject(t)
	_, dept := app.staff(domain.RoleDepartment, "湖北省生态环境厅")
	_, colleague := app.staff(domain.RoleDepartment, "湖北省市场监管局")
	_, far := app.staffIn("广东省", "广东省生态环境厅")
	_, admin := app.staff(domain.RoleAdmin, "平台管理员")
	flag := app.risks(dept, "?indicator=shared_client").Items[0]
	flagPath := fmt.Sprintf("/api/v1/supervision/risks/%d/cases", flag.ID)

	r := app.do("POST", flagPath, dept, map[string]any{"note": "两家机构由同一终端投标，调取登录记录。"})
	if r.Status != http.StatusCreated {
		t.Fatalf("open case: %d %s", r.Status, r.Body)
	}
	var c caseJSON
	r.decode(t, &c)
	casePath := fmt.Sprintf("/api/v1/supervision/cases/%d", c.ID)
	if r := app.do("POST", flagPath, colleague, map[string]any{}); r.Status != http.StatusConflict || r.errorCode(t) != "case_already_open" {
		t.Errorf("second open case on the flag: %d %s", r.Status, r.Body)
	}
	if r := app.do("POST", flagPath, far, map[string]any{}); r.Status != http.StatusNotFound {
		t.Errorf("another region opens a case: %d", r.Status)
	}
	// someone else's case
	if r := app.do("POST", casePath+"/notes", colleague, map[string]any{"body": "我来补充"}); r.Status != http.StatusForbidden || r.errorCode(t) != "case_not_yours" {
		t.Errorf("note on someone else's case: %d %s", r.Status, r.Body)
	}
	if r := app.do("POST", casePath+"/close", colleague, map[string]any{"reason": "无"}); r.Status != http.StatusForbidden {
		t.Errorf("close someone else's case: %d", r.Status)
	}
	if r := app.do("POST", casePath+"/convert", colleague, map[string]any{"agency_id": ids[0]}); r.Status != http.StatusForbidden {
		t.Errorf("convert someone else's case: %d", r.Status)
	}
	if r := app.do("POST", casePath+"/notes", far, map[string]any{"body": "x"}); r.Status != http.StatusNotFound {
		t.Errorf("note from another region: %d", r.Status)
	}
	// bad input
	if r := app.do("POST", casePath+"/notes", dept, map[string]any{"body": "x", "extra": 1}); r.Status != http.StatusBadRequest {
		t.Errorf("unknown field: %d", r.Status)
	}
	if r := app.do("POST", casePath+"/close", dept, map[string]any{"reason": "  "}); r.Status != http.StatusBadRequest {
		t.Errorf("blank reason: %d", r.Status)
	}
	if r := app.do("POST", casePath+"/convert", dept, map[string]any{"agency_id": ids[2]}); r.Status != http.StatusBadRequest || r.errorCode(t) != "agency_not_flagged" {
		t.Errorf("convert against an agency the flag does not name: %d %s", r.Status, r.Body)
	}
	if r := app.do("POST", casePath+"/convert", dept, map[string]any{"agency_id": ids[0], "kind": "bribery"}); r.Status != http.StatusBadRequest {
		t.Errorf("unknown violation kind: %d", r.Status)
	}
	if r := app.do("POST", casePath+"/convert", admin, map[string]any{"agency_id": ids[0]}); r.Status != http.StatusForbidden {
		t.Errorf("admin records a violation: %d", r.Status)
	}
	if r := app.do("POST", casePath+"/notes", dept, map[string]any{"body": "经核查，两家机构由同一代理人操作。"}); r.Status != http.StatusCreated {
		t.Fatalf("note: %d %s", r.Status, r.Body)
	}
	r = app.do("GET", casePath, colleague, nil)
	r.decode(t, &c)
	if r.Status != http.StatusOK || len(c.Notes) != 2 {
		t.Errorf("a department of the region reads the case: %d, %d notes", r.Status, len(c.Notes))
	}
	// convert: collusion → violation → credit event → blacklist
	r = app.do("POST", casePath+"/convert", dept, map[string]any{"agency_id": ids[0], "reason": "串通投标"})
	if r.Status != http.StatusOK {
		t.Fatalf("convert: %d %s", r.Status, r.Body)
	}
	var out struct {
		Case      caseJSON
		Violation struct {
			ID     int64
			Kind   string
			Status string
		}
	}
	r.decode(t, &out)
	if out.Case.Status != supervision.CaseConverted || out.Case.ViolationID == nil || *out.Case.ViolationID != out.Violation.ID ||
		out.Violation.Kind != credit.KindCollusion || out.Violation.Status != credit.ViolationConfirmed {
		t.Errorf("converted: %+v", out)
	}
	var status string
	app.DB.SQL().QueryRow("SELECT status FROM accounts WHERE id = $1", ids[0]).Scan(&status)
	if status != domain.StatusBlacklisted {
		t.Errorf("collusion left the agency %s, want blacklisted", status)
	}
	// a closed case is final
	for _, step := range []struct {
		path string
		body map[string]any
	}{{"/convert", map[string]any{"agency_id": ids[1]}}, {"/close", map[string]any{"reason": "x"}}, {"/notes", map[string]any{"body": "x"}}} {
		if r := app.do("POST", casePath+step.path, dept, step.body); r.Status != http.StatusConflict || r.errorCode(t) != "case_closed" {
			t.Errorf("%s on a converted case: %d %s", step.path, r.Status, r.Body)
		}
	}
	// a new case on the same flag, closed as unfounded by an admin
	r = app.do("POST", flagPath, colleague, map[string]any{})
	r.decode(t, &c)
	if r := app.do("POST", fmt.Sprintf("/api/v1/supervision/cases/%d/close", c.ID), admin, map[string]any{"reason": "同一代理公司代为上传，已说明。"}); r.Status != http.StatusOK {
		t.Errorf("admin closes unfounded: %d %s", r.Status, r.Body)
	}
	r = app.do("GET", fmt.Sprintf("/api/v1/supervision/risks/%d", flag.ID), dept, nil)
	var d struct{ Cases []caseJSON }
	r.decode(t, &d)
	if len(d.Cases) != 2 || d.Cases[0].Status != supervision.CaseConverted || d.Cases[1].Status != supervision.CaseUnfounded {
		t.Errorf("cases of the flag: %+v", d.Cases)
	}
}

func TestSupervision_EvidencePurgedAfterRetention(t *testing.T) {
	t.Parallel()
	app, pid, _, _, _ := closedRingProject(t)
	_, dept := app.staff(domain.RoleDepartment, "湖北省生态环境厅")
	// an open case holds its project's evidence
	flag := app.risks(dept, "?indicator=shared_client").Items[0]
	if r := app.do("POST", fmt.Sprintf("/api/v1/supervision/risks/%d/cases", flag.ID), dept, map[string]any{}); r.Status != http.StatusCreated {
		t.Fatal(r.Status)
	}
	// a second project, no case
	_, owner := app.register("enterprise", "另一家企业")
	_, tok := app.agency("丁咨询有限公司", "NAT-01")
	p2 := app.publishedProject(owner, nil)
	app.bidAs(tok, p2.ID, "Other/1.0", "50000.00", "")
	ctx := context.Background()
	countEvidence := func(p int64) int64 {
		return app.count(fmt.Sprintf("SELECT count(*) FROM bid_evidence WHERE project_id = %d", p))
	}
	if run, _ := app.Jobs.RunOnce(ctx, "risk_purge_evidence"); run.Rows != 0 {
		t.Errorf("fresh evidence purged: %d rows", run.Rows)
	}
	app.setNow(app.now.Add(supervision.DefaultRiskConfig.EvidenceRetention + 24*time.Hour))
	if run, _ := app.Jobs.RunOnce(ctx, "risk_purge_evidence"); run.Rows != 1 {
		t.Errorf("purge removed %d rows, want the 1 of the project without a case", run.Rows)
	}
	if countEvidence(p2.ID) != 0 || countEvidence(pid) != 3 {
		t.Errorf("after purge: %d rows on the plain project, %d on the one under a case", countEvidence(p2.ID), countEvidence(pid))
	}
}
