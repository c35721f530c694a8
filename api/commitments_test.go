package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"marketplace/domain"
	"marketplace/domain/commitment"
	"marketplace/domain/credit"
)

func commitmentList(t *testing.T, app *testApp, query string) commitment.Texts {
	t.Helper()
	r := app.do("GET", "/api/v1/commitments"+query, "", nil)
	if r.Status != 200 {
		t.Fatalf("commitments: %d %s", r.Status, r.Body)
	}
	var out commitment.Texts
	r.decode(t, &out)
	return out
}

func publishCommitment(t *testing.T, app *testApp, admin, kind, text string) commitment.Text {
	t.Helper()
	r := app.do("POST", "/api/v1/commitments", admin, map[string]string{"kind": kind, "text": text})
	if r.Status != 201 {
		t.Fatalf("publish commitment: %d %s", r.Status, r.Body)
	}
	var out commitment.Text
	r.decode(t, &out)
	return out
}

func TestCommitment_VersionsPublicAdminPublishes(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	_, agency := w.register("agency", "湖北承诺测试咨询有限公司")

	list := commitmentList(t, w.testApp, "")
	if list.Current[commitment.Registration] != 1 || list.Current[commitment.Bidding] != 1 || len(list.Items) != 2 {
		t.Fatalf("seeded commitments: %+v", list)
	}
	for _, c := range list.Items {
		if c.SHA256 != commitment.Digest(c.Text) || !strings.Contains(c.Text, "承诺") {
			t.Errorf("version %s/%d: digest %s does not match its text", c.Kind, c.Version, c.SHA256)
		}
	}

	bad := []struct {
		name, token string
		body        map[string]string
		status      int
		code        string
	}{
		{"anonymous", "", map[string]string{"kind": "bidding", "text": "承诺"}, 401, "unauthenticated"},
		{"agency", agency, map[string]string{"kind": "bidding", "text": "承诺"}, 403, "forbidden"},
		{"department", w.dept, map[string]string{"kind": "bidding", "text": "承诺"}, 403, "forbidden"},
		{"unknown kind", w.admin, map[string]string{"kind": "exit", "text": "承诺"}, 400, "commitment_kind"},
		{"blank text", w.admin, map[string]string{"kind": "bidding", "text": "   "}, 400, "commitment_text"},
		{"too long", w.admin, map[string]string{"kind": "bidding", "text": strings.Repeat("诺", commitment.TextMax+1)}, 400, "commitment_text"},
	}
	for _, tc := range bad {
		if r := w.do("POST", "/api/v1/commitments", tc.token, tc.body); r.Status != tc.status || r.errorCode(t) != tc.code {
			t.Errorf("%s: got %d %s, want %d %s", tc.name, r.Status, r.Body, tc.status, tc.code)
		}
	}
	if n := w.count(t, "SELECT count(*) FROM commitment_texts"); n != 2 {
		t.Errorf("refused publications stored %d texts", n)
	}

	text := "本单位承诺：报价材料真实，不围标串标，与业主无利益关联。（第二版）"
	v2 := publishCommitment(t, w.testApp, w.admin, commitment.Bidding, text)
	if v2.Version != 2 || v2.SHA256 != commitment.Digest(text) || !v2.PublishedAt.Equal(w.now) {
		t.Errorf("published: %+v", v2)
	}
	list = commitmentList(t, w.testApp, "?kind=bidding")
	if list.Current[commitment.Bidding] != 2 || len(list.Items) != 2 || list.Items[0].Version != 2 {
		t.Errorf("bidding versions after publishing: %+v", list)
	}
	if r := w.do("GET", "/api/v1/commitments?kind=exit", "", nil); r.Status != 400 {
		t.Errorf("unknown kind filter: %d", r.Status)
	}
}

func TestCommitment_RegistrationRequiresAcceptance(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	body := func(version any) map[string]any {
		m := map[string]any{"role": "agency", "name": "湖北注册承诺咨询有限公司", "uscc": uscc(), "legal_representative": "张三",
			"contact_phone": "13912345678", "email": fmt.Sprintf("c%d@example.cn", seq.Add(1)), "password": testPassword}
		if version != nil {
			m["accept_commitment_version"] = version
		}
		return m
	}
	for _, tc := range []struct {
		name    string
		version any
		code    string
	}{{"missing", nil, "commitment_required"}, {"zero", 0, "commitment_required"}, {"stale", 7, "commitment_stale"}} {
		if r := app.do("POST", "/api/v1/auth/register", "", body(tc.version)); r.Status != 400 || r.errorCode(t) != tc.code {
			t.Errorf("%s: %d %s, want 400 %s", tc.name, r.Status, r.Body, tc.code)
		}
	}
	var n int64
	storagetestCount(t, app, "SELECT count(*) FROM accounts WHERE role = 'agency'", &n)
	if n != 0 {
		t.Fatalf("refused registrations created %d accounts", n)
	}
	r := app.do("POST", "/api/v1/auth/register", "", body(1))
	if r.Status != 201 {
		t.Fatalf("register with acceptance: %d %s", r.Status, r.Body)
	}
	var acc struct{ ID int64 }
	r.decode(t, &acc)
	storagetestCount(t, app, fmt.Sprintf(`SELECT count(*) FROM commitment_acceptances a JOIN commitment_texts t ON t.id = a.text_id
		WHERE a.account_id = %d AND t.kind = 'registration' AND t.version = 1`, acc.ID), &n)
	if n != 1 {
		t.Errorf("acceptance stored %d times, want once", n)
	}
}

func TestCommitment_ExistingAccountAcceptsNewVersion(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	agencyID, agency := w.register("agency", "湖北新版承诺咨询有限公司")
	v2 := publishCommitment(t, w.testApp, w.admin, commitment.Registration, "本单位承诺：注册信息真实有效。（第二版）")
	pending, err := w.Market.Commitments().Pending(context.Background(), domain.Actor{ID: agencyID, Role: domain.RoleAgency})
	if err != nil || pending == nil || pending.ID != v2.ID {
		t.Fatalf("pending after a new version: %+v %v", pending, err)
	}
	write := func() *response {
		return w.do("POST", "/api/v1/credit-events/999999/appeal", agency, map[string]string{"reason": "试写"})
	}
	if r := write(); r.Status != 403 || r.errorCode(t) != "commitment_required" {
		t.Errorf("a write before accepting the new version: %d %s", r.Status, r.Body)
	}
	if r := w.do("GET", "/api/v1/auth/me", agency, nil); r.Status != 200 {
		t.Errorf("a read before accepting: %d %s", r.Status, r.Body)
	}
	if r := w.do("POST", "/api/v1/violations/999999/confirm", w.dept, nil); r.Status == 403 {
		t.Errorf("a department is held by the registration commitment: %d %s", r.Status, r.Body)
	}
	list := commitmentList(t, w.testApp, "?kind=registration")
	v1 := list.Items[1]
	bidding := commitmentList(t, w.testApp, "?kind=bidding").Items[0]
	path := func(id int64) string { return fmt.Sprintf("/api/v1/commitments/%d/accept", id) }
	if r := w.do("POST", path(v1.ID), agency, nil); r.Status != 400 || r.errorCode(t) != "commitment_stale" {
		t.Errorf("accepting the old version: %d %s", r.Status, r.Body)
	}
	if r := w.do("POST", path(bidding.ID), agency, nil); r.Status != 409 || r.errorCode(t) != "commitment_kind" {
		t.Errorf("accepting the bidding text: %d %s", r.Status, r.Body)
	}
	if r := w.do("POST", path(v2.ID), w.dept, nil); r.Status != 403 {
		t.Errorf("department accepts: %d %s", r.Status, r.Body)
	}
	if r := w.do("POST", path(999999), agency, nil); r.Status != 404 {
		t.Errorf("unknown text: %d %s", r.Status, r.Body)
	}
	r := w.do("POST", path(v2.ID), agency, nil)
	if r.Status != 200 {
		t.Fatalf("accept: %d %s", r.Status, r.Body)
	}
	var a commitment.Acceptance
	r.decode(t, &a)
	if a.Version != 2 || a.SHA256 != v2.SHA256 || a.AccountID != agencyID {
		t.Errorf("acceptance: %+v", a)
	}
	if pending, _ := w.Market.Commitments().Pending(context.Background(), domain.Actor{ID: agencyID, Role: domain.RoleAgency}); pending != nil {
		t.Errorf("still pending after accepting: %+v", pending)
	}
	if r := write(); r.Status != 404 {
		t.Errorf("a write after accepting: %d %s, want the handler's 404", r.Status, r.Body)
	}
}

func TestCommitment_FalseCommitmentViolation(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	agencyID, agency := w.register("agency", "湖北虚假承诺咨询有限公司")
	v := w.violation(t, w.dept, map[string]any{"agency_id": agencyID, "kind": "false_commitment",
		"evidence": "核查报告：承诺无利益关联，实为业主关联企业", "reason": "虚假信用承诺"})
	if v.Status != "confirmed" || v.Points != -20 {
		t.Fatalf("false commitment violation: %+v", v)
	}
	c := w.credit(t, agencyID, "")
	if c.Score != 80 || c.Status != "suspended" || c.SuspendedUntil == nil || !c.SuspendedUntil.Equal(w.now.AddDate(0, 6, 0)) {
		t.Errorf("after a false commitment: score %d status %s until %v", c.Score, c.Status, c.SuspendedUntil)
	}
	if r := w.do("POST", fmt.Sprintf("/api/v1/credit-events/%d/appeal", *v.CreditEventID), agency, map[string]string{"reason": "承诺属实"}); r.Status != 201 {
		t.Errorf("a false commitment is appealable like any violation: %d %s", r.Status, r.Body)
	}
	var rules credit.Rules
	w.do("GET", "/api/v1/credit/rules", "", nil).decode(t, &rules)
	k, ok := credit.Kind{}, false
	for _, kk := range rules.Kinds {
		if kk.Kind == "false_commitment" {
			k, ok = kk, true
		}
	}
	if !ok || k.Points != -20 || k.SuspensionMonths != 6 || !k.Violation {
		t.Errorf("published rule for false_commitment: %+v", k)
	}
	b := newBrowser(t, w.testApp)
	if _, body := b.get("/credit"); !strings.Contains(body, "虚假信用承诺") || !strings.Contains(body, "暂停交易资格 6 个月") || !strings.Contains(body, "信用修复") {
		t.Errorf("public credit rules page lacks the false commitment or repair rules")
	}
}
