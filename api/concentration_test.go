package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/concentration"
)

// concentrationWorld inserts standing awards of item NAT-01 (the hand
// world of domain/concentration's tests, in yuan):
//
//	2026 湖北省武汉市, 12 awards: A 5 × 110,000; B 70,000, 70,000, 60,000;
//	  C 100,000; D, E, F 50,000 → HHI 3600, CR4 90, max 55 (A), 6 winners
//	2026 湖北省宜昌市: G 1,000,000 → 湖北省 2026: HHI 3400, CR4 92.5, max 50 (G)
//	2025 湖北省武汉市: A 40,000, B 30,000, C 30,000 → HHI 3400, CR4 100
//	plus a sealed bid of 1,234,567 on a project still bidding (never counted)
//	and an award in publicity (not standing yet: not counted).
func concentrationWorld(t *testing.T, app *biddingApp) map[string]int64 {
	t.Helper()
	ids := map[string]int64{}
	tokens := map[string]string{}
	for _, n := range []string{"A", "B", "C", "D", "E", "F", "G"} {
		ids[n], tokens[n] = app.agency(n+"集中度咨询有限公司", "NAT-01")
	}
	owner, _ := app.staffIn("湖北省武汉市", "集中度业主")
	seqNo := 0
	award := func(status, region string, year int, agency string, yuan int64) {
		seqNo++
		closed := time.Date(year, 6, 1, 2, 0, 0, 0, time.UTC).Format(time.RFC3339)
		storagetestExec(t, app.testApp, fmt.Sprintf(`WITH p AS (INSERT INTO projects (owner_id, title, item_code, region, funding, method,
			bidding_closes_at, closes_at, service_days, min_bids, status, published_at, closed_at, awarded_agency_id)
			VALUES (%d, '集中度项目%d', 'NAT-01', '%s', 'self', 'lowest_price', '%s', '%s', 30, 1, '%s', '%s', '%s', %d) RETURNING id)
			INSERT INTO project_candidates (project_id, rank, agency_id, price_fen, status) SELECT id, 1, %d, %d, 'selected' FROM p`,
			owner, seqNo, region, closed, closed, status, closed, closed, ids[agency], ids[agency], yuan*100))
	}
	for range 5 {
		award("awarded", "湖北省武汉市洪山区", 2026, "A", 110000)
	}
	award("completed", "湖北省武汉市", 2026, "B", 70000)
	award("contracted", "湖北省武汉市", 2026, "B", 70000)
	award("awarded", "湖北省武汉市", 2026, "B", 60000)
	award("awarded", "湖北省武汉市", 2026, "C", 100000)
	award("awarded", "湖北省武汉市", 2026, "D", 50000)
	award("awarded", "湖北省武汉市", 2026, "E", 50000)
	award("awarded", "湖北省武汉市", 2026, "F", 50000)
	award("awarded", "湖北省宜昌市", 2026, "G", 1000000)
	award("publicity", "湖北省武汉市", 2026, "G", 900000)
	award("awarded", "湖北省武汉市", 2025, "A", 40000)
	award("awarded", "湖北省武汉市", 2025, "B", 30000)
	award("awarded", "湖北省武汉市", 2025, "C", 30000)
	_, ent := app.register("enterprise", "集中度企业")
	p := app.publishedProject(ent, map[string]any{"ceiling_price": "2000000.00"})
	if r := app.do("PUT", bidPath(p.ID), tokens["G"], map[string]any{"price": "1234567.00"}); r.Status != 200 {
		t.Fatalf("bid: %d %s", r.Status, r.Body)
	}
	return ids
}

func figuresIn(t *testing.T, r domain.ConcentrationReport, level, region string, year int) concentration.Figures {
	t.Helper()
	for _, f := range r.Markets {
		if f.Level == level && f.Region == region && f.Year == year {
			return f
		}
	}
	t.Fatalf("no market %s %s %d", level, region, year)
	return concentration.Figures{}
}

// TestConcentrationAPIExactFigures checks the public monitor against the
// hand world, its filters, its CSV and its refusals.
func TestConcentrationAPIExactFigures(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	ids := concentrationWorld(t, app)

	var all domain.ConcentrationReport
	r := app.do("GET", "/api/v1/stats/concentration?item=NAT-01", "", nil)
	if r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	r.decode(t, &all)
	if len(all.Markets) != 5 {
		t.Fatalf("markets = %d, want 5: %s", len(all.Markets), r.Body)
	}
	wh := figuresIn(t, all, "city", "湖北省武汉市", 2026)
	if wh.Projects != 12 || wh.Winners != 6 || wh.HHI != 3600 || wh.CR4 != 90 || wh.MaxShare != 55 ||
		wh.LargestAgency != ids["A"] || wh.Amount != "1000000.00" || wh.Shares[0].Name != "A集中度咨询有限公司" {
		t.Errorf("武汉 2026 = %+v", wh)
	}
	if wh.PreviousHHI == nil || *wh.PreviousHHI != 3400 || *wh.HHIChange != 200 || *wh.CR4Change != -10 {
		t.Errorf("武汉 trend = %v %v %v", wh.PreviousHHI, wh.HHIChange, wh.CR4Change)
	}
	if strings.Join(wh.Alerts, ",") != "hhi,dominant,cr4" {
		t.Errorf("武汉 alerts = %v", wh.Alerts)
	}
	hb := figuresIn(t, all, "province", "湖北省", 2026)
	if hb.Projects != 13 || hb.HHI != 3400 || hb.CR4 != 92.5 || hb.MaxShare != 50 || hb.LargestAgency != ids["G"] ||
		strings.Join(hb.Alerts, ",") != "hhi,cr4" {
		t.Errorf("湖北 2026 = %+v", hb)
	}
	if strings.Contains(string(r.Body), "1234567") || strings.Contains(string(r.Body), "900000") {
		t.Error("a sealed bid or an award still in publicity is counted")
	}

	var one domain.ConcentrationReport
	r = app.do("GET", "/api/v1/stats/concentration?item=NAT-01&region="+"%E6%B9%96%E5%8C%97%E7%9C%81%E6%AD%A6%E6%B1%89%E5%B8%82"+"&year=2026", "", nil)
	r.decode(t, &one)
	if len(one.Markets) != 1 || one.Markets[0].HHI != 3600 || one.Markets[0].PreviousHHI == nil {
		t.Errorf("filtered = %s", r.Body)
	}
	if r := app.do("GET", "/api/v1/stats/concentration?item=NAT-02", "", nil); r.Status != 200 || !strings.Contains(string(r.Body), `"markets":[]`) {
		t.Errorf("other item: %d %s", r.Status, r.Body)
	}

	r = app.do("GET", "/api/v1/stats/concentration?item=NAT-01&year=2026&format=csv", "", nil)
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	for _, line := range []string{
		"NAT-01,",
		",city,湖北省武汉市,2026,12,1000000.00,6,3600.00,90.00,55.00," + fmt.Sprint(ids["A"]) + ",A集中度咨询有限公司,3400.00,200.00,100.00,'-10.00,hhi dominant cr4",
		",province,湖北省,2026,13,2000000.00,7,3400.00,92.50,50.00," + fmt.Sprint(ids["G"]) + ",G集中度咨询有限公司,3400.00,0.00,100.00,'-7.50,hhi cr4",
	} {
		if !strings.Contains(string(r.Body), line) {
			t.Errorf("csv lacks %q:\n%s", line, r.Body)
		}
	}
	for _, q := range []struct{ query, reason string }{
		{"year=abc", "year_invalid"}, {"year=1999", "year_range"}, {"format=xml", "format_invalid"},
		{"item=" + strings.Repeat("x", 65), "item_length"},
	} {
		if r := app.do("GET", "/api/v1/stats/concentration?"+q.query, "", nil); r.Status != 400 || r.errorCode(t) != q.reason {
			t.Errorf("%s: %d %s", q.query, r.Status, r.Body)
		}
	}
}

// TestConcentrationAlertFlagsByRegion checks that the risk_history job turns
// alerts into market_concentration flags that the departments of the
// market's region see, and nobody else.
func TestConcentrationAlertFlagsByRegion(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	ids := concentrationWorld(t, app)
	if _, err := app.Jobs.RunOnce(context.Background(), "risk_history"); err != nil {
		t.Fatal(err)
	}
	_, hubei := app.staffIn("湖北省", "湖北省发展改革委")
	_, wuhan := app.staffIn("湖北省武汉市", "武汉市发展改革委")
	_, yichang := app.staffIn("湖北省宜昌市", "宜昌市发展改革委")
	_, hunan := app.staffIn("湖南省", "湖南省发展改革委")
	regions := func(l riskList) string {
		var out []string
		for _, f := range l.Items {
			out = append(out, f.Region)
		}
		return strings.Join(out, ",")
	}
	q := "?indicator=market_concentration"
	if got := regions(app.risks(hubei, q)); got != "湖北省武汉市,湖北省" && got != "湖北省,湖北省武汉市" {
		t.Errorf("湖北省 sees %q, want the province and 武汉 flags", got)
	}
	if got := regions(app.risks(wuhan, q)); got != "湖北省武汉市" {
		t.Errorf("武汉 sees %q", got)
	}
	if got := regions(app.risks(yichang, q)); got != "" {
		t.Errorf("宜昌 sees %q (one award: no alert)", got)
	}
	if got := regions(app.risks(hunan, q)); got != "" {
		t.Errorf("湖南 sees %q", got)
	}
	l := app.risks(wuhan, q)
	if len(l.Items) == 1 {
		f := l.Items[0]
		if f.Severity != 36 || len(f.AgencyIDs) != 4 || f.Evidence["hhi"] != 3600.0 || f.Evidence["year"] != 2026.0 {
			t.Errorf("flag = %+v", f)
		}
		want := []int64{ids["A"], ids["B"], ids["C"], ids["D"]}
		for _, id := range want {
			found := false
			for _, g := range f.AgencyIDs {
				found = found || g == id
			}
			if !found {
				t.Errorf("flag agencies %v lack %d", f.AgencyIDs, id)
			}
		}
	}
}

// TestConcentrationPages checks the public page linked from /data (Chinese
// and English, chart, CSV link, a bad year as a message) and the department
// monitor's page (the department's region only).
func TestConcentrationPages(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	concentrationWorld(t, app)
	b := newBrowser(t, app.testApp)
	if _, body := b.get("/data"); !strings.Contains(body, `href="/data/concentration"`) {
		t.Error("/data does not link the concentration page")
	}
	code, body := b.get("/data/concentration?c_item=NAT-01&c_year=2026")
	if code != 200 {
		t.Fatalf("data: %d", code)
	}
	for _, want := range []string{"市场集中度", "湖北省武汉市", "3600.00", "90.00%", "55.00%", "A集中度咨询有限公司", "&#43;200.00",
		"单一机构超过 50%", "前四家超过 80%", "HHI 超过 2500", `<svg class="chart"`, "湖北省武汉市 · NAT-01 · 2026 HHI 3600",
		"/api/v1/stats/concentration?format=csv&amp;item=NAT-01&amp;year=2026"} {
		if !strings.Contains(body, want) {
			t.Errorf("data page lacks %q", want)
		}
	}
	if strings.Contains(body, "1,234,567") || strings.Contains(body, "1234567") {
		t.Error("a sealed bid shows on /data")
	}
	if _, body := b.get("/data/concentration?c_year=abc"); !strings.Contains(body, `class="field-error"`) {
		t.Error("a bad year is not shown as a message")
	}
	if _, body := b.get("/lang?to=en&back=" + "/data/concentration%3Fc_item%3DNAT-01"); !strings.Contains(body, "Market concentration") ||
		!strings.Contains(body, "One agency above 50 %") || strings.Contains(body, "市场集中度") {
		t.Error("the English /data lacks the section or keeps Chinese labels")
	}

	_, wuhan := app.staffIn("湖北省武汉市", "武汉市监管局")
	_, body = newBrowser(t, app.testApp).loggedIn(wuhan).get("/workspace/monitor/concentration?c_item=NAT-01")
	if !strings.Contains(body, "市场集中度") || !strings.Contains(body, "3600.00") || strings.Contains(body, "湖北省宜昌市") {
		t.Errorf("武汉 monitor: section missing or shows 宜昌:\n%s", body)
	}
}
