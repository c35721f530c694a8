package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"marketplace/domain/opendata"
)

// TestMarketplace_Stats checks every figure against a hand-computed world:
//
//	agencies: A (NAT-01, 湖北省武汉市), B (NAT-01, NAT-02), C (nothing), D exited
//	P1 department budget project, ceiling 100000, bids A 80000 and B 90000,
//	   completed with A at 80000, paid 80000 in the year of the payment date
//	P2 enterprise project, ceiling 100000, bid A 60000, awarded at 60000, one objection
//	P3 enterprise project, min 2 bids, one bid (A 95000): failed at close
//	P4 bidding (B's sealed bid 12345 never counted), P5 draft (never counted)
//
//	agencies_total 3; by item NAT-01 2, NAT-02 1; by region 湖北省武汉市 1, 未填写 2
//	projects by status (no draft): bidding 1, completed 1, awarded 1, failed 1
//	closed projects 3; valid bids 2 + 1 + 1 → average 1.33
//	savings: (100000-80000)/100000 = 20 %, (100000-60000)/100000 = 40 % → 30.00 %;
//	   ceilings 200000.00, awarded 140000.00, saved 60000.00
//	publish → award: both published at T0, awarded at close + 72 h = T0 + 90 min + 1 s + 72 h
//	   → 73.50 h (median of two equal values)
//	without objection: 1 of 2 → 0.5
func TestMarketplace_Stats(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	entID := int64(0)
	deptID, dept := app.staff("department", "某市生态环境局")
	aID, a := app.agency("甲环境咨询有限公司", "NAT-01")
	bID, b := app.agency("乙环境咨询有限公司", "NAT-01", "NAT-02")
	app.agency("丙环境咨询有限公司")
	dID, _ := app.agency("丁环境咨询有限公司", "NAT-01")
	storagetestExec(t, app.testApp, fmt.Sprintf(`UPDATE accounts SET status = 'exited' WHERE id = %d`, dID))
	storagetestExec(t, app.testApp, fmt.Sprintf(`UPDATE accounts SET region = '湖北省武汉市' WHERE id = %d`, aID))
	storagetestExec(t, app.testApp, `UPDATE agency_profiles SET region = ''`)
	storagetestExec(t, app.testApp, fmt.Sprintf(`UPDATE accounts SET region = '' WHERE role = 'agency' AND id <> %d`, aID))
	storagetestCount(t, app.testApp, "SELECT id FROM accounts WHERE role = 'enterprise'", &entID)

	closeAt := app.now.Add(90 * time.Minute)
	at := map[string]any{"bidding_closes_at": closeAt.Format(time.RFC3339)}
	p1 := app.publishedProject(dept, map[string]any{"bidding_closes_at": closeAt.Format(time.RFC3339), "funding": "budget",
		"budget_code": "2026-ZJ-001", "min_bids": 2})
	p2 := app.publishedProject(ent, at)
	p3 := app.publishedProject(ent, map[string]any{"bidding_closes_at": closeAt.Format(time.RFC3339), "min_bids": 2})
	p4 := app.publishedProject(ent, nil)
	app.do("POST", "/api/v1/projects", ent, app.projectBody(nil)) // P5 draft
	bid := func(tok string, p projectJSON, price string) {
		t.Helper()
		if r := app.do("PUT", bidPath(p.ID), tok, map[string]any{"price": price}); r.Status != 200 {
			t.Fatalf("bid: %d %s", r.Status, r.Body)
		}
	}
	bid(a, p1, "80000.00")
	bid(b, p1, "90000.00")
	bid(a, p2, "60000.00")
	bid(a, p3, "95000.00")
	app.setNow(closeAt.Add(time.Second))
	bid(b, p4, "12345.00")
	if _, err := app.Jobs.RunOnce(context.Background(), "close_bidding"); err != nil {
		t.Fatal(err)
	}
	lifecycleSQL(t, app, p1.ID, aID, deptID, 8000000, "completed")
	lifecycleSQL(t, app, p2.ID, aID, entID, 6000000, "awarded")
	storagetestExec(t, app.testApp, fmt.Sprintf(`INSERT INTO objections (project_id, objector_id, candidate_id, reason, status, answer_due_at, created_at)
		VALUES (%d, %d, %d, '报价异常', 'rejected', now(), now())`, p2.ID, bID, aID))

	r := app.do("GET", "/api/v1/stats", "", nil)
	if r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var st opendata.Stats
	r.decode(t, &st)
	counts := func(cs []opendata.StatCount) string {
		var out []string
		for _, c := range cs {
			out = append(out, fmt.Sprintf("%s=%d", c.Key, c.Count))
		}
		return strings.Join(out, " ")
	}
	f := func(v *float64) string {
		if v == nil {
			return "nil"
		}
		return fmt.Sprintf("%.2f", *v)
	}
	year := app.now.Add(220 * time.Hour).Year()
	for _, c := range []struct{ name, got, want string }{
		{"agencies_total", fmt.Sprint(st.AgenciesTotal), "3"},
		{"agencies_by_item", counts(st.AgenciesByItem), "NAT-01=2 NAT-02=1"},
		{"agencies_by_region", counts(st.AgenciesByRegion), "未填写=2 湖北省武汉市=1"},
		{"projects_by_status", counts(st.ProjectsByStatus), "awarded=1 bidding=1 completed=1 failed=1"},
		{"projects_by_method", counts(st.ProjectsByMethod), "lowest_price=4"},
		{"method label", st.ProjectsByMethod[0].Label, "竞价选取"},
		{"closed_projects", fmt.Sprint(st.ClosedProjects), "3"},
		{"average_valid_bids", f(st.AverageValidBids), "1.33"},
		{"awarded_projects", fmt.Sprint(st.AwardedProjects), "2"},
		{"ceiling_total", st.CeilingTotal.String(), "200000.00"},
		{"awarded_total", st.AwardedTotal.String(), "140000.00"},
		{"saving_total", st.SavingTotal.String(), "60000.00"},
		{"average_saving_rate", f(st.AverageSavingRate), "30.00"},
		{"median_hours_to_award", f(st.MedianHoursToAward), "73.50"},
		{"awarded_without_objection", fmt.Sprint(st.AwardedWithoutObjection), "1"},
		{"share_without_objection", f(st.ShareWithoutObjection), "0.50"},
		{"department_spending", fmt.Sprintf("%d", len(st.DepartmentSpending)), "1"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %s, want %s", c.name, c.got, c.want)
		}
	}
	if len(st.DepartmentSpending) == 1 {
		d := st.DepartmentSpending[0]
		if d.DepartmentID != deptID || d.Year != year || d.Amount.String() != "80000.00" || d.Payments != 1 {
			t.Errorf("spending %+v", d)
		}
	}
	if strings.Contains(string(r.Body), "12345") {
		t.Error("a sealed bid shows in the statistics")
	}

	r = app.do("GET", "/api/v1/stats?format=csv", "", nil)
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	for _, line := range []string{"savings,average_saving_rate,平均节约率(%),30.00", "savings,saving_total,节约资金,60000.00",
		fmt.Sprintf("department_spending,%d/%d,某市生态环境局,80000.00", deptID, year)} {
		if !strings.Contains(string(r.Body), line) {
			t.Errorf("csv lacks %q:\n%s", line, r.Body)
		}
	}
	if r := app.do("GET", "/api/v1/stats?format=xml", "", nil); r.Status != 400 || r.errorCode(t) != "format_invalid" {
		t.Errorf("format=xml: %d", r.Status)
	}

	// The public data page shows the same figures, spending included.
	if code, body := newBrowser(t, app.testApp).get("/data"); code != 200 || !strings.Contains(body, "部门中介服务支出") ||
		!strings.Contains(body, "某市生态环境局") || !strings.Contains(body, "¥80,000.00") || strings.Contains(body, "12,345") {
		t.Errorf("data page: %d", code)
	}
}
