package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"testing"
)

// TestViolations_PendingRevealsNoBid records the same violation against
// three agencies that could all bid on a department's sealed project: one
// bid, one bid and withdrew, one did not. Sent as the department would send
// it, the answers and the pending lists must not tell them apart.
func TestViolations_PendingRevealsNoBid(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, dept := app.staff("department", "某市生态环境局")
	_, dept2 := app.staff("department", "某市水利局")
	_, admin := app.staff("admin", "平台管理员")
	bidderID, bidder := app.agency("投了标的环评公司", "NAT-01")
	withdrawnID, withdrawer := app.agency("撤回投标的环评公司", "NAT-01")
	quietID, _ := app.agency("未投标的环评公司", "NAT-01")
	strangerID, _ := app.agency("不做环评的测绘公司", "NAT-09")
	p := app.publishedProject(dept, map[string]any{"budget_code": "HB-2026-07", "min_bids": 2})
	if r := app.do("PUT", bidPath(p.ID), bidder, map[string]any{"price": "90000.00", "proposal": "方案"}); r.Status != 200 {
		t.Fatalf("bid: %d %s", r.Status, r.Body)
	}
	if r := app.do("PUT", bidPath(p.ID), withdrawer, map[string]any{"price": "91000.00", "proposal": "方案"}); r.Status != 200 {
		t.Fatalf("bid: %d %s", r.Status, r.Body)
	}
	if r := app.do("DELETE", bidPath(p.ID), withdrawer, nil); r.Status != 200 && r.Status != 204 {
		t.Fatalf("withdraw: %d %s", r.Status, r.Body)
	}

	// record posts the violation and returns the answer without the fields
	// that name the violation itself (its id and the agency).
	record := func(agencyID int64) (int, map[string]any) {
		t.Helper()
		r := app.do("POST", "/api/v1/violations", dept, map[string]any{"agency_id": agencyID, "kind": "violation",
			"severity": 1, "evidence": "现场检查笔录 2026-015", "reason": "报告编制不规范"})
		var v map[string]any
		if err := json.Unmarshal([]byte(r.Body), &v); err != nil {
			t.Fatalf("answer: %d %s", r.Status, r.Body)
		}
		delete(v, "id")
		delete(v, "agency_id")
		return r.Status, v
	}
	bidStatus, bidAnswer := record(bidderID)
	wdStatus, wdAnswer := record(withdrawnID)
	quietStatus, quietAnswer := record(quietID)
	if bidStatus != quietStatus || wdStatus != quietStatus || !reflect.DeepEqual(bidAnswer, quietAnswer) || !reflect.DeepEqual(wdAnswer, quietAnswer) {
		t.Errorf("the answer tells a bidder apart:\nbid       %d %v\nwithdrawn %d %v\nno bid    %d %v",
			bidStatus, bidAnswer, wdStatus, wdAnswer, quietStatus, quietAnswer)
	}
	// All three could compete for the department's open project (a public
	// fact), so all three wait for a second department.
	if quietAnswer["status"] != "pending" {
		t.Errorf("a violation against an agency that could bid on the department's project: %v", quietAnswer["status"])
	}
	// An agency with no tie to the department's business scores at once.
	if _, v := record(strangerID); v["status"] != "confirmed" {
		t.Errorf("violation against an agency with no tie: %v", v["status"])
	}

	for _, tok := range []string{dept, dept2, admin} {
		pending := map[int64]bool{}
		var list struct {
			Items []struct {
				AgencyID int64 `json:"agency_id"`
			}
		}
		app.do("GET", "/api/v1/violations?status=pending", tok, nil).decode(t, &list)
		for _, v := range list.Items {
			pending[v.AgencyID] = true
		}
		if pending[bidderID] != pending[quietID] || pending[withdrawnID] != pending[quietID] {
			t.Errorf("the pending violations tell a bidder apart: %v", pending)
		}
		var queue struct {
			Items []struct {
				Subject   string
				Violation *struct {
					AgencyID int64 `json:"agency_id"`
				}
			}
		}
		if r := app.do("GET", "/api/v1/confirmations?status=pending&subject=violation", tok, nil); r.Status != http.StatusOK {
			t.Fatalf("confirmation queue: %d %s", r.Status, r.Body)
		} else {
			r.decode(t, &queue)
		}
		queued := map[int64]bool{}
		for _, c := range queue.Items {
			queued[c.Violation.AgencyID] = true
		}
		if len(queued) != 3 || !queued[bidderID] || !queued[withdrawnID] || !queued[quietID] {
			t.Errorf("confirmation queue: %v", queued)
		}
	}
}

// TestConfirmations_ViolationThroughTheQueue confirms a pending violation
// through the shared queue: the same rule as /violations/{id}/confirm.
func TestConfirmations_ViolationThroughTheQueue(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	agencyID, _ := w.register("agency", "湖北某评估有限公司")
	project := creditInsertProject(t, w.testApp, w.deptID)
	v := w.violation(t, w.dept, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": 1, "evidence": "检查记录", "project_id": project})
	var queue struct {
		Total int
		Items []struct {
			ID              int64
			Subject         string
			SubjectID       int64  `json:"subject_id"`
			RequestedByName string `json:"requested_by_name"`
		}
	}
	w.do("GET", "/api/v1/confirmations?status=pending", w.admin, nil).decode(t, &queue)
	if queue.Total != 1 || queue.Items[0].Subject != "violation" || queue.Items[0].SubjectID != v.ID || queue.Items[0].RequestedByName != "某市生态环境局" {
		t.Fatalf("queue: %+v", queue)
	}
	path := fmt.Sprintf("/api/v1/confirmations/%d/confirm", queue.Items[0].ID)
	_, agency := w.register("agency", "旁观咨询有限公司")
	for _, tc := range []struct {
		token  string
		status int
		code   string
	}{{w.dept, 403, "self_confirmation"}, {agency, 403, "forbidden"}, {"", 401, "unauthenticated"}} {
		if r := w.do("POST", path, tc.token, nil); r.Status != tc.status || r.errorCode(t) != tc.code {
			t.Errorf("confirm: got %d %s, want %d %s", r.Status, r.Body, tc.status, tc.code)
		}
	}
	if r := w.do("GET", "/api/v1/confirmations", agency, nil); r.Status != 403 {
		t.Errorf("agency reads the queue: %d", r.Status)
	}
	if r := w.do("GET", "/api/v1/confirmations?status=maybe", w.admin, nil); r.Status != 400 || r.errorCode(t) != "confirmation_status" {
		t.Errorf("bad status filter: %d %s", r.Status, r.Body)
	}
	if r := w.do("POST", "/api/v1/confirmations/999999/confirm", w.admin, nil); r.Status != 404 {
		t.Errorf("unknown request: %d", r.Status)
	}
	if r := w.do("POST", path, w.dept2, nil); r.Status != 200 {
		t.Fatalf("second department: %d %s", r.Status, r.Body)
	}
	if c := w.credit(t, agencyID, ""); c.Score != 95 || len(c.Events) != 1 {
		t.Errorf("confirmed violation did not score: %+v", c)
	}
	if r := w.do("POST", path, w.admin, nil); r.Status != 409 || r.errorCode(t) != "confirmation_not_pending" {
		t.Errorf("second confirmation: %d %s", r.Status, r.Body)
	}
	if r := w.do("POST", fmt.Sprintf("/api/v1/violations/%d/confirm", v.ID), w.admin, nil); r.Status != 409 {
		t.Errorf("confirmed again by the violation's path: %d %s", r.Status, r.Body)
	}
}
