package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/identity"
	"marketplace/domain/supervision"
)

// bidAs places a sealed bid with a given User-Agent header.
func (a *biddingApp) bidAs(token string, ProjectID int64, ua, price, proposal string) {
	a.t.Helper()
	body, _ := json.Marshal(map[string]any{"price": price, "proposal": proposal})
	req, _ := http.NewRequest("PUT", a.URL+bidPath(ProjectID), bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("User-Agent", ua)
	if r := a.send(req); r.Status != http.StatusOK {
		a.t.Fatalf("bid: %d %s", r.Status, r.Body)
	}
}

// staffIn creates a department in a region and logs in.
func (a *testApp) staffIn(region, name string) (int64, string) {
	a.t.Helper()
	email := fmt.Sprintf("s%d@example.gov.cn", seq.Add(1))
	acc, err := a.Market.Accounts().CreateStaffAccount(context.Background(), identity.StaffAccountInput{Role: domain.RoleDepartment, Name: name,
		Email: email, Password: testPassword, Region: region})
	if err != nil {
		a.t.Fatal(err)
	}
	return acc.ID, a.login(email)
}

type riskList struct {
	Items []supervision.RiskFlag
	Total int
}

func (a *testApp) risks(token, query string) riskList {
	a.t.Helper()
	r := a.do("GET", "/api/v1/supervision/risks"+query, token, nil)
	if r.Status != http.StatusOK {
		a.t.Fatalf("risks%s: %d %s", query, r.Status, r.Body)
	}
	var l riskList
	r.decode(a.t, &l)
	return l
}

const ringProposal = "本公司拟组建由注册环评工程师牵头的项目组，完成现场踏勘、资料收集、工程分析、环境现状监测与影响预测，编制环境影响报告表并配合生态环境部门技术审查。"

// closedRingProject: agencies A and B bid from the same browser with the
// same proposal; A, B and C's prices step by 2,000 yuan. The project closes
// and risk_on_close runs.
func closedRingProject(t *testing.T) (app *biddingApp, ProjectID int64, ids [3]int64, tokens [3]string, ownerToken string) {
	app = newBiddingApp(t)
	_, ownerToken = app.register("enterprise", "某化工有限公司")
	for i, n := range []string{"甲咨询", "乙咨询", "丙咨询"} {
		ids[i], tokens[i] = app.agency(n+"有限公司", "NAT-01")
	}
	p := app.publishedProject(ownerToken, nil)
	app.bidAs(tokens[0], p.ID, "RingBrowser/1.0", "90000.00", ringProposal)
	app.bidAs(tokens[1], p.ID, "RingBrowser/1.0", "92000.00", ringProposal+"\n")
	app.bidAs(tokens[2], p.ID, "HonestBrowser/2.0", "94000.00", "我单位安排两名高级工程师驻场，开展区域污染源调查和声环境监测，结合园区规划环评结论提出污染防治措施。")
	app.setNow(app.now.Add(3 * time.Hour))
	ctx := context.Background()
	if _, err := app.Jobs.RunOnce(ctx, "close_bidding"); err != nil {
		t.Fatal(err)
	}
	if run, err := app.Jobs.RunOnce(ctx, "risk_on_close"); err != nil || run.Error != "" {
		t.Fatalf("risk_on_close: %v %+v", err, run)
	}
	return app, p.ID, ids, tokens, ownerToken
}

func TestSupervision_EvidenceCapturedWithTheBid(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, owner := app.register("enterprise", "某化工有限公司")
	id, tok := app.agency("甲咨询有限公司", "NAT-01")
	p := app.publishedProject(owner, nil)
	app.bidAs(tok, p.ID, "EvidenceBrowser/1.0", "90000.00", ringProposal)
	app.bidAs(tok, p.ID, "EvidenceBrowser/1.0", "89000.00", ringProposal)
	if r := app.do("DELETE", bidPath(p.ID), tok, nil); r.Status != http.StatusOK {
		t.Fatalf("withdraw: %d %s", r.Status, r.Body)
	}
	var actions string
	err := app.DB.SQL().QueryRow(`SELECT string_agg(action || '/' || client_ip || '/' || user_agent || '/' || length(doc_sha256) || '/' || length(minhash), ',' ORDER BY id)
		FROM bid_evidence WHERE project_id = $1 AND agency_id = $2`, p.ID, id).Scan(&actions)
	if err != nil {
		t.Fatal(err)
	}
	want := "submit/127.0.0.1/EvidenceBrowser/1.0/64/512,revise/127.0.0.1/EvidenceBrowser/1.0/64/512,withdraw/127.0.0.1/Go-http-client/1.1/64/512"
	if actions != want {
		t.Errorf("evidence rows:\n got %s\nwant %s", actions, want)
	}
	// a refused bid leaves no evidence: same transaction
	before := app.count(fmt.Sprintf("SELECT count(*) FROM bid_evidence WHERE project_id = %d", p.ID))
	if r := app.do("PUT", bidPath(p.ID), tok, map[string]any{"price": "999999.00"}); r.Status != http.StatusBadRequest {
		t.Fatalf("bid above ceiling: %d", r.Status)
	}
	if after := app.count(fmt.Sprintf("SELECT count(*) FROM bid_evidence WHERE project_id = %d", p.ID)); after != before {
		t.Errorf("a refused bid wrote evidence (%d → %d rows)", before, after)
	}
}

func TestSupervision_RiskOnCloseFlagsAndFilters(t *testing.T) {
	t.Parallel()
	app, pid, ids, _, _ := closedRingProject(t)
	_, dept := app.staff(domain.RoleDepartment, "湖北省生态环境厅")
	all := app.risks(dept, "")
	got := map[string]int{}
	for i, f := range all.Items {
		got[f.Indicator]++
		if i > 0 && f.Severity > all.Items[i-1].Severity {
			t.Errorf("not sorted by severity: %d after %d", f.Severity, all.Items[i-1].Severity)
		}
	}
	// every test agency registers with the same legal representative and
	// phone: three shared-identity pairs
	want := map[string]int{supervision.IndicatorSharedClient: 1, supervision.IndicatorIdenticalDocuments: 1, supervision.IndicatorPriceProgression: 1, supervision.IndicatorSharedIdentity: 3}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d flags, want %d (all: %v)", k, got[k], n, got)
		}
	}
	if l := app.risks(dept, "?indicator=shared_client"); l.Total != 1 || len(l.Items[0].AgencyIDs) != 2 || l.Items[0].AgencyIDs[0] != ids[0] {
		t.Errorf("shared_client filter: %+v", l)
	}
	if l := app.risks(dept, fmt.Sprintf("?agency_id=%d&project_id=%d", ids[2], pid)); l.Total != 3 {
		t.Errorf("agency C is in the progression and two identity pairs, got %d flags", l.Total)
	}
	if l := app.risks(dept, "?from=2000-01-01&to=2000-01-02"); l.Total != 0 {
		t.Errorf("date filter let %d flags through", l.Total)
	}
	// running the job again adds nothing
	if run, _ := app.Jobs.RunOnce(context.Background(), "risk_on_close"); run.Rows != 0 {
		t.Errorf("second risk_on_close changed %d rows", run.Rows)
	}
	// detail carries the evidence, with IP and user agent, to departments
	r := app.do("GET", fmt.Sprintf("/api/v1/supervision/risks/%d", app.risks(dept, "?indicator=shared_client").Items[0].ID), dept, nil)
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), "RingBrowser/1.0") || !strings.Contains(string(r.Body), "127.0.0.1") {
		t.Errorf("detail: %d %s", r.Status, r.Body)
	}
	// flags never punish: the agencies still bid as before
	var status string
	app.DB.SQL().QueryRow("SELECT status FROM accounts WHERE id = $1", ids[0]).Scan(&status)
	if status != domain.StatusActive {
		t.Errorf("a flag changed the agency's status to %s", status)
	}
}

func TestSupervision_OnlyDepartmentsAndAdminsReadFlags(t *testing.T) {
	t.Parallel()
	app, pid, _, tokens, owner := closedRingProject(t)
	_, dept := app.staff(domain.RoleDepartment, "湖北省生态环境厅")
	_, admin := app.staff(domain.RoleAdmin, "平台管理员")
	_, far := app.staffIn("广东省", "广东省生态环境厅")
	_, otherEnterprise := app.register("enterprise", "另一家企业")
	flag := app.risks(dept, "?indicator=shared_client").Items[0]
	detail := fmt.Sprintf("/api/v1/supervision/risks/%d", flag.ID)
	for name, tok := range map[string]string{"anonymous": "", "flagged agency": tokens[0], "other agency": tokens[2],
		"owner": owner, "other enterprise": otherEnterprise} {
		want := http.StatusForbidden
		if tok == "" {
			want = http.StatusUnauthorized
		}
		for _, path := range []string{"/api/v1/supervision/risks", detail} {
			if r := app.do("GET", path, tok, nil); r.Status != want {
				t.Errorf("%s GET %s: %d, want %d", name, path, r.Status, want)
			}
		}
		if r := app.do("POST", detail+"/cases", tok, map[string]any{}); r.Status != want {
			t.Errorf("%s opens a case: %d, want %d", name, r.Status, want)
		}
	}
	if l := app.risks(admin, ""); l.Total != 6 {
		t.Errorf("admin sees %d flags, want 6", l.Total)
	}
	if l := app.risks(far, ""); l.Total != 0 {
		t.Errorf("a department of another region sees %d flags", l.Total)
	}
	if r := app.do("GET", detail, far, nil); r.Status != http.StatusNotFound {
		t.Errorf("another region's department reads the flag: %d", r.Status)
	}
	// the bids the owner reads after close carry no client data
	r := app.do("GET", fmt.Sprintf("/api/v1/projects/%d/bids", pid), owner, nil)
	if r.Status != http.StatusOK || strings.Contains(string(r.Body), "RingBrowser") || strings.Contains(string(r.Body), "127.0.0.1") {
		t.Errorf("owner's bid list: %d %s", r.Status, r.Body)
	}
}

func TestSupervision_BadInput(t *testing.T) {
	t.Parallel()
	app, _, _, _, _ := closedRingProject(t)
	_, dept := app.staff(domain.RoleDepartment, "湖北省生态环境厅")
	for q, code := range map[string]string{"?severity=90": "unknown_filter", "?indicator=bribery": "unknown_indicator",
		"?agency_id=x": "id_format", "?from=yesterday": "date_format", "?from=2026-02-01&to=2026-01-01": "date_range", "?per_page=1000": "per_page_range"} {
		if r := app.do("GET", "/api/v1/supervision/risks"+q, dept, nil); r.Status != http.StatusBadRequest || r.errorCode(t) != code {
			t.Errorf("%s: %d %s, want 400 %s", q, r.Status, r.Body, code)
		}
	}
	if r := app.do("GET", "/api/v1/supervision/risks/999999", dept, nil); r.Status != http.StatusNotFound {
		t.Errorf("unknown flag: %d", r.Status)
	}
	if r := app.do("GET", "/api/v1/supervision/cases/999999", dept, nil); r.Status != http.StatusNotFound {
		t.Errorf("unknown case: %d", r.Status)
	}
}

func TestSupervision_AuctionBidEvidence(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, owner := app.register("enterprise", "某化工有限公司")
	a, ta := app.agency("甲咨询有限公司", "NAT-01")
	_, tb := app.agency("乙咨询有限公司", "NAT-01")
	p := app.publishedProject(owner, map[string]any{"method": "reverse_auction", "ceiling_price": "100000.00", "min_step": "1000.00"})
	for _, bid := range []struct{ tok, price string }{{ta, "98000.00"}, {tb, "96000.00"}, {ta, "94000.00"}} {
		if r := app.do("POST", fmt.Sprintf("/api/v1/projects/%d/auction/bids", p.ID), bid.tok, map[string]string{"price": bid.price}); r.Status != http.StatusCreated {
			t.Fatalf("auction bid: %d %s", r.Status, r.Body)
		}
	}
	var actions string
	if err := app.DB.SQL().QueryRow(`SELECT string_agg(action || '/' || client_ip, ',' ORDER BY id) FROM bid_evidence WHERE project_id = $1 AND agency_id = $2`,
		p.ID, a).Scan(&actions); err != nil {
		t.Fatal(err)
	}
	if actions != "submit/127.0.0.1,revise/127.0.0.1" {
		t.Errorf("auction evidence of agency A: %s", actions)
	}
}
