package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"marketplace/domain/credit"
)

// repairApply posts a repair application and returns the response.
func (w *creditWorld) repairApply(eventID int64, token, evidence string) *response {
	return w.do("POST", fmt.Sprintf("/api/v1/credit-events/%d/repair", eventID), token, map[string]string{"evidence": evidence})
}

func (w *creditWorld) repairDecide(t *testing.T, id int64, token string, granted bool) credit.Repair {
	t.Helper()
	r := w.do("POST", fmt.Sprintf("/api/v1/repairs/%d/decision", id), token, map[string]any{"granted": granted, "reason": "整改材料齐全，同意修复"})
	if r.Status != 200 {
		t.Fatalf("repair decision: %d %s", r.Status, r.Body)
	}
	var out credit.Repair
	r.decode(t, &out)
	return out
}

func (w *creditWorld) repairOK(t *testing.T, eventID int64, token string) credit.Repair {
	t.Helper()
	r := w.repairApply(eventID, token, "整改报告 2026-07：已重新培训从业人员并复核全部报告")
	if r.Status != 201 {
		t.Fatalf("repair application: %d %s", r.Status, r.Body)
	}
	var out credit.Repair
	r.decode(t, &out)
	return out
}

// profileFigures reads what the incremental (Go) path left on the profile.
func (w *creditWorld) profileFigures(t *testing.T, agencyID int64) (points, score int64) {
	t.Helper()
	storagetestCount(t, w.testApp, fmt.Sprintf("SELECT credit_points FROM agency_profiles WHERE account_id = %d", agencyID), &points)
	storagetestCount(t, w.testApp, fmt.Sprintf("SELECT credit_score FROM agency_profiles WHERE account_id = %d", agencyID), &score)
	return points, score
}

// recomputeAgrees wipes the agency's stored figures, runs the set-based SQL
// recompute and checks it rebuilds exactly what the Go path had written.
func (w *creditWorld) recomputeAgrees(t *testing.T, agencyID int64) {
	t.Helper()
	points, score := w.profileFigures(t, agencyID)
	storagetestExec(t, w.testApp, fmt.Sprintf("UPDATE agency_profiles SET credit_points = 999, credit_score = 0, credit_grade = 'D' WHERE account_id = %d", agencyID))
	if _, err := w.Market.Credit().Recompute(context.Background()); err != nil {
		t.Fatal(err)
	}
	if p, s := w.profileFigures(t, agencyID); p != points || s != score {
		t.Errorf("SQL recompute gives points %d score %d, the Go path %d %d", p, s, points, score)
	}
}

func TestCreditRepair_PeriodsAndNeverKinds(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	agencyID, agency := w.register("agency", "湖北修复测试咨询有限公司")
	_, other := w.register("agency", "湖北另一修复咨询有限公司")
	minor := w.violation(t, w.dept, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": "minor", "evidence": "检查笔录 1", "reason": "报告格式不规范"})
	serious := w.violation(t, w.dept, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": "serious", "evidence": "检查笔录 2", "reason": "报告数据错误"})
	collusionAgencyID, collusionAgency := w.register("agency", "湖北串标测试咨询有限公司")
	collusion := w.violation(t, w.dept, map[string]any{"agency_id": collusionAgencyID, "kind": "collusion", "evidence": "公安机关认定书", "reason": "串通投标"})

	refused := func(name string, eventID int64, token, evidence string, status int, code string) {
		t.Helper()
		if r := w.repairApply(eventID, token, evidence); r.Status != status || r.errorCode(t) != code {
			t.Errorf("%s: got %d %s, want %d %s", name, r.Status, r.Body, status, code)
		}
	}
	refused("minor too early", *minor.CreditEventID, agency, "整改报告", 409, "repair_too_early")
	refused("no evidence", *minor.CreditEventID, agency, "  ", 400, "evidence_required")
	refused("other agency", *minor.CreditEventID, other, "整改报告", 403, "not_your_event")
	refused("department applies", *minor.CreditEventID, w.dept, "整改报告", 403, "forbidden")
	refused("unknown event", 999999, agency, "整改报告", 404, "credit_event_not_found")
	refused("collusion never", *collusion.CreditEventID, collusionAgency, "整改报告", 409, "not_repairable")

	w.advanceMonths(3)
	w.repairOK(t, *minor.CreditEventID, agency)
	refused("second application", *minor.CreditEventID, agency, "整改报告", 409, "repair_exists")
	refused("serious at 3 months", *serious.CreditEventID, agency, "整改报告", 409, "repair_too_early")
	w.advanceMonths(9)
	w.repairOK(t, *serious.CreditEventID, agency)
	w.advanceMonths(12)
	refused("collusion still never", *collusion.CreditEventID, collusionAgency, "整改报告", 409, "not_repairable")
	if n := w.count(t, "SELECT count(*) FROM credit_repairs"); n != 2 {
		t.Errorf("%d repair applications stored, want 2", n)
	}
}

func TestCreditRepair_DecisionFractionAndRecompute(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	agencyID, agency := w.register("agency", "湖北分值修复咨询有限公司")
	_, enterprise := w.register("enterprise", "武汉某修复制造有限公司")
	minor := w.violation(t, w.dept, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": "minor", "evidence": "笔录 1"})
	serious := w.violation(t, w.dept, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": "serious", "evidence": "笔录 2"})
	if c := w.credit(t, agencyID, ""); c.Score != 80 {
		t.Fatalf("score before repair = %d, want 80", c.Score)
	}
	w.advanceMonths(12)
	rMinor := w.repairOK(t, *minor.CreditEventID, agency)
	rSerious := w.repairOK(t, *serious.CreditEventID, agency)

	path := fmt.Sprintf("/api/v1/repairs/%d/decision", rMinor.ID)
	for _, tok := range []string{agency, enterprise, ""} {
		if r := w.do("POST", path, tok, map[string]any{"granted": true, "reason": "同意"}); r.Status != 403 && r.Status != 401 {
			t.Errorf("decision by a non-official: %d %s", r.Status, r.Body)
		}
	}
	if r := w.do("POST", path, w.admin, map[string]any{"granted": true}); r.Status != 400 {
		t.Errorf("decision without a reason: %d %s", r.Status, r.Body)
	}
	if n := w.count(t, "SELECT count(*) FROM credit_repairs WHERE status <> 'pending'"); n != 0 {
		t.Fatalf("refused decisions changed %d repairs", n)
	}

	got := w.repairDecide(t, rMinor.ID, w.dept2, true)
	if got.Status != "granted" || got.EffectivePoints == nil || *got.EffectivePoints != 0 {
		t.Errorf("minor repair: %+v", got)
	}
	if c := w.credit(t, agencyID, ""); c.Score != 85 {
		t.Errorf("after minor repair score = %d, want 85 (the −5 counts 0)", c.Score)
	}
	w.recomputeAgrees(t, agencyID)

	got = w.repairDecide(t, rSerious.ID, w.admin, true)
	want := credit.RepairPolicies[1].EffectivePoints(-15)
	if got.EffectivePoints == nil || *got.EffectivePoints != want || want >= 0 || want <= -15 {
		t.Errorf("serious repair effective points: %+v, want %d", got.EffectivePoints, want)
	}
	if c := w.credit(t, agencyID, ""); c.Score != 100+want {
		t.Errorf("after serious repair score = %d, want %d", c.Score, 100+want)
	}
	w.recomputeAgrees(t, agencyID)
	if r := w.do("POST", fmt.Sprintf("/api/v1/repairs/%d/decision", rSerious.ID), w.admin, map[string]any{"granted": false, "reason": "再议"}); r.Status != 409 || r.errorCode(t) != "repair_decided" {
		t.Errorf("second decision: %d %s", r.Status, r.Body)
	}

	// When the deductions expire, what comes off is what they count now.
	w.advanceMonths(12)
	if c := w.credit(t, agencyID, ""); c.Score != 100 {
		t.Errorf("after expiry score = %d, want 100", c.Score)
	}
	w.violation(t, w.dept, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": "minor", "evidence": "笔录 3"})
	if c := w.credit(t, agencyID, ""); c.Score != 95 {
		t.Errorf("after expiry and a new −5 score = %d, want 95", c.Score)
	}
	w.recomputeAgrees(t, agencyID)
}

func TestCreditRepair_LiftsSuspensionAndProfileShowsRepaired(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	agencyID, agency := w.register("agency", "湖北暂停修复咨询有限公司")
	var third credit.Violation
	for i := range 3 {
		third = w.violation(t, w.dept, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": "minor", "evidence": fmt.Sprintf("笔录 %d", i)})
	}
	if s := w.accountStatus(t, agencyID); s != "suspended" {
		t.Fatalf("three violations: status %s, want suspended", s)
	}
	w.advanceMonths(3)
	rep := w.repairOK(t, *third.CreditEventID, agency)
	if s := w.accountStatus(t, agencyID); s != "suspended" {
		t.Fatalf("an application alone lifted the suspension: %s", s)
	}
	w.repairDecide(t, rep.ID, w.dept, true)
	if s := w.accountStatus(t, agencyID); s != "active" {
		t.Errorf("after the repair of the event that caused it, status %s, want active", s)
	}
	c := w.credit(t, agencyID, "")
	if c.Status != "active" || c.SuspendedUntil != nil || c.Score != 90 {
		t.Errorf("public credit after repair: %+v", c)
	}
	var repaired *credit.Event
	for _, ev := range c.Events {
		if ev.ID == *third.CreditEventID {
			repaired = ev
		}
	}
	if repaired == nil || repaired.Repair != "granted" || repaired.Voided || repaired.Points != -5 || repaired.EffectivePoints == nil || *repaired.EffectivePoints != 0 {
		t.Errorf("the repaired event stays on record, marked repaired: %+v", repaired)
	}
	page := w.do("GET", fmt.Sprintf("/agencies/%d", agencyID), "", nil)
	if page.Status != 200 || !strings.Contains(string(page.Body), "已修复") {
		t.Errorf("public profile page does not show 已修复: %d", page.Status)
	}
}

func TestCreditRepair_AppealAndRepairAreDistinct(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	agencyID, agency := w.register("agency", "湖北申诉修复咨询有限公司")
	v := w.violation(t, w.dept, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": "minor", "evidence": "笔录"})
	ev := *v.CreditEventID
	r := w.do("POST", fmt.Sprintf("/api/v1/credit-events/%d/appeal", ev), agency, map[string]string{"reason": "检查有误"})
	if r.Status != 201 {
		t.Fatalf("appeal: %d %s", r.Status, r.Body)
	}
	var appeal credit.Appeal
	r.decode(t, &appeal)
	w.advanceMonths(3)
	if r := w.repairApply(ev, agency, "整改报告"); r.Status != 409 || r.errorCode(t) != "appeal_pending" {
		t.Errorf("repair while the appeal is pending: %d %s", r.Status, r.Body)
	}
	if r := w.do("POST", fmt.Sprintf("/api/v1/appeals/%d/decision", appeal.ID), w.admin, map[string]any{"upheld": false, "reason": "事实清楚"}); r.Status != 200 {
		t.Fatalf("appeal decision: %d %s", r.Status, r.Body)
	}
	rep := w.repairOK(t, ev, agency)
	w.repairDecide(t, rep.ID, w.admin, true)
	c := w.credit(t, agencyID, agency)
	if len(c.Events) != 1 || c.Events[0].Voided || c.Events[0].Repair != "granted" || c.Events[0].Appeal != "rejected" {
		t.Errorf("a repair keeps the event (not voided) beside its rejected appeal: %+v", c.Events[0])
	}
	if n := w.count(t, "SELECT count(*) FROM credit_events WHERE kind = 'void'"); n != 0 {
		t.Errorf("a repair wrote %d void events", n)
	}
}
