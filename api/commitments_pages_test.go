package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"marketplace/domain/commitment"
)

func accountEmail(t *testing.T, app *testApp, id int64) string {
	t.Helper()
	var email string
	if err := app.DB.SQL().QueryRowContext(context.Background(), "SELECT email FROM accounts WHERE id = $1", id).Scan(&email); err != nil {
		t.Fatal(err)
	}
	return email
}

func TestCommitment_PagesAskAtLoginAndShowOnProfile(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	// The web login's cookie expires by the real clock, so this world's
	// clock starts from it.
	w.now = time.Now().UTC().Truncate(time.Second)
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	agencyID, _ := w.register("agency", "湖北页面承诺咨询有限公司")
	b := newBrowser(t, w.testApp)
	profile := fmt.Sprintf("/agencies/%d", agencyID)

	_, body := b.get(profile)
	mustContain(t, "profile after registration", body, "已签署信用承诺", "第 1 版", w.now.In(shanghai).Format(time.DateOnly))
	_, body = b.get("/commitments")
	mustContain(t, "public commitment versions", body, "注册信用承诺", "报价信用承诺", "现行", "围标")

	w.advance(24 * time.Hour)
	v2 := publishCommitment(t, w.testApp, w.admin, commitment.Registration, "本单位承诺：注册信息真实，如有虚假自愿接受惩戒。（第二版）")
	login := url.Values{"email": {accountEmail(t, w.testApp, agencyID)}, "password": {testPassword}}
	code, body := b.submit("/login", "/login", login)
	if code != 200 || !strings.Contains(body, "（第二版）") || !strings.Contains(body, `name="text_id" value="`+strconv.FormatInt(v2.ID, 10)+`"`) {
		t.Fatalf("login with a new version pending does not ask: %d\n%.1500s", code, body)
	}
	code, body = b.submit("/workspace/commitment", "/workspace/commitment", url.Values{"text_id": {strconv.FormatInt(v2.ID, 10)}, "back": {"/workspace"}})
	if code != http.StatusBadRequest || !strings.Contains(body, "请先阅读并签署现行的注册信用承诺") {
		t.Errorf("unticked box: %d\n%.800s", code, body)
	}
	if n := w.count(t, fmt.Sprintf("SELECT count(*) FROM commitment_acceptances WHERE account_id = %d", agencyID)); n != 1 {
		t.Errorf("an unticked form stored an acceptance (%d rows)", n)
	}
	code, body = b.submit("/workspace/commitment", "/workspace/commitment", url.Values{"text_id": {strconv.FormatInt(v2.ID, 10)}, "accept": {"1"}, "back": {"/workspace"}})
	if code != 200 || strings.Contains(body, "（第二版）") {
		t.Errorf("accepting did not lead on to the workspace: %d", code)
	}
	_, body = b.get(profile)
	mustContain(t, "profile after accepting version 2", body, "已签署信用承诺", "第 2 版", w.now.In(shanghai).Format(time.DateOnly))

	// Signed once, the next login goes straight to the workspace.
	b2 := newBrowser(t, w.testApp)
	if code, body := b2.submit("/login", "/login", login); code != 200 || strings.Contains(body, "（第二版）") {
		t.Errorf("second login asked again: %d", code)
	}

	en := newBrowser(t, w.testApp)
	en.get("/lang?to=en")
	_, body = en.get("/commitments")
	mustContain(t, "English commitments page", body, "Credit commitments", "Registration commitment", "In force")
}

var repairFormPattern = regexp.MustCompile(`action="(/workspace/credit/\d+/repair)"`)

func TestCreditRepair_Pages(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	agencyID, agency := w.register("agency", "湖北页面修复咨询有限公司")
	w.violation(t, w.dept, map[string]any{"agency_id": agencyID, "kind": "violation", "severity": "minor", "evidence": "笔录"})
	collusionID, collusion := w.register("agency", "湖北页面串标咨询有限公司")
	w.violation(t, w.dept, map[string]any{"agency_id": collusionID, "kind": "collusion", "evidence": "认定书"})
	cb := newBrowser(t, w.testApp)
	cb.loginAs(collusion)
	if code, body := cb.get("/workspace/credit"); code != 200 || !strings.Contains(body, "串通投标") || repairFormPattern.MatchString(body) {
		t.Errorf("a collusion record offers a repair form (or is not shown): %d", code)
	}
	ab := newBrowser(t, w.testApp)
	ab.loginAs(agency)
	_, body := ab.get("/workspace/credit")
	m := repairFormPattern.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no repair form on the agency's credit record")
	}
	code, body := ab.submit("/workspace/credit", m[1], url.Values{"evidence": {"整改报告"}})
	if code != http.StatusConflict || !strings.Contains(body, "未满最短修复期限") || !strings.Contains(body, "2026-04-05") {
		t.Errorf("too early through the page: %d\n%.600s", code, body)
	}
	w.advanceMonths(3)
	if code, body := ab.submit("/workspace/credit", m[1], url.Values{"evidence": {"整改报告：已完成培训"}}); code != 200 || !strings.Contains(body, "修复申请待处理") {
		t.Errorf("application through the page: %d", code)
	}

	db := newBrowser(t, w.testApp)
	db.loginAs(w.dept2)
	_, body = db.get("/workspace/repairs")
	mustContain(t, "department's repair queue", body, "信用修复审核", "整改报告：已完成培训")
	// the queue names the agency and the credit record, not their numbers
	queue := visibleText(t, body)
	mustContain(t, "repair queue names", queue, "湖北页面修复咨询有限公司", "违规行为（")
	if m := internalNumber.FindString(queue); m != "" {
		t.Errorf("the repair queue prints the internal number %q", m)
	}
	var id int64
	storagetestCount(t, w.testApp, "SELECT id FROM credit_repairs", &id)
	code, body = db.submit("/workspace/repairs", "/workspace/repairs", url.Values{"repair_id": {strconv.FormatInt(id, 10)}, "granted": {"1"}, "reason": {"整改到位"}})
	if code != 200 || !strings.Contains(body, "已同意") || !strings.Contains(body, "湖北页面修复咨询有限公司 的信用修复申请已处理") {
		t.Errorf("decision through the page: %d\n%.600s", code, body)
	}
	pub := newBrowser(t, w.testApp)
	_, body = pub.get(fmt.Sprintf("/agencies/%d", agencyID))
	mustContain(t, "public profile after repair", body, "已修复", "现计 0 分")
	pub.get("/lang?to=en")
	_, body = pub.get(fmt.Sprintf("/agencies/%d", agencyID))
	mustContain(t, "English public profile after repair", body, "Repaired", "now counts 0", "Credit commitment signed")
	if code, _ := ab.get("/workspace/repairs"); code != http.StatusForbidden {
		t.Errorf("an agency opens the repair queue: %d", code)
	}
}
