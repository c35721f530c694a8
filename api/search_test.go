package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"marketplace/domain"
	"marketplace/domain/search"
)

type searchBody struct {
	Items []struct {
		ID      int64
		Type    string
		Title   string
		Snippet string
		Status  string
	}
	Total           int
	TotalIsEstimate bool `json:"total_is_estimate"`
	Facets          map[string][]search.FacetCount
	Engine          string
}

func TestSearch_API(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	owner, _ := app.register(domain.RoleEnterprise, "武汉光谷新材料有限公司")
	agency, _ := app.register(domain.RoleAgency, "湖北绿源环境科技有限公司")
	insert := func(title, item, status string) int64 {
		var id int64
		err := app.DB.SQL().QueryRow(fmt.Sprintf(`INSERT INTO projects (owner_id, title, description, item_code, region, funding, method,
			bidding_closes_at, closes_at, service_days, min_bids, status, published_at)
			VALUES (%d, $1, '项目位于光谷，需编制相关报告。', $2, '湖北省武汉市', 'self', 'lowest_price', now() + interval '5 days',
			now() + interval '5 days', 30, 1, $3, CASE WHEN $3 = 'draft' THEN NULL ELSE now() END) RETURNING id`, owner), title, item, status).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	pub := insert("光谷新材料产业园环境影响报告书编制", "NAT-01", "bidding")
	insert("光谷实验楼环境影响报告表编制（草稿）", "NAT-01", "draft")
	insert("光谷厂区地质灾害危险性评估", "NAT-06", "bidding")

	get := func(params url.Values) *response { return app.do("GET", "/api/v1/search?"+params.Encode(), "", nil) }

	r := get(url.Values{"q": {"环评"}})
	var b searchBody
	r.decode(t, &b)
	if r.Status != http.StatusOK || b.Total != 1 || b.Items[0].ID != pub || b.Engine != "postgres" ||
		!strings.Contains(b.Items[0].Title, "<mark>环境影响报告</mark>") || b.Facets["item"][0].Value != "NAT-01" {
		t.Fatalf("环评: %d %s", r.Status, r.Body)
	}
	// over the exact-count limit (lowered to 1 here) the total is flagged
	// as an estimate; the page is still every hit, newest first
	app.DB.SetSearchExactLimit(1)
	r = get(url.Values{"q": {"光谷"}, "sort": {"date"}})
	r.decode(t, &b)
	app.DB.SetSearchExactLimit(0)
	if r.Status != http.StatusOK || !b.TotalIsEstimate || b.Total < 2 || len(b.Items) != 2 || b.Items[1].ID != pub {
		t.Errorf("broad query: %d %s", r.Status, r.Body)
	}
	if r = get(url.Values{"q": {"光谷"}}); !strings.Contains(string(r.Body), `"total_is_estimate":false`) {
		t.Errorf("exact total not flagged as exact: %s", r.Body)
	}
	r = get(url.Values{"q": {"光谷"}, "item": {"NAT-06"}, "sort": {"deadline"}})
	r.decode(t, &b)
	if b.Total != 1 || b.Items[0].Type != "project" {
		t.Errorf("filtered by item: %s", r.Body)
	}
	r = get(url.Values{"q": {"绿源"}, "type": {"agency"}})
	r.decode(t, &b)
	if r.Status != http.StatusOK || b.Total != 1 || b.Items[0].ID != agency {
		t.Errorf("agency by partial name: %s", r.Body)
	}
	r = get(url.Values{"type": {"agency"}, "grade": {"A"}})
	r.decode(t, &b)
	if b.Total != 1 || len(b.Facets["grade"]) != 1 {
		t.Errorf("agencies by grade, no text: %s", r.Body)
	}

	// bad queries: a clear 400 or an empty answer, never a 500
	for q, want := range map[string]string{
		strings.Repeat("环", 101): "query_too_long",
		"":                       "",
		"，。！？":                   "",
		"%%%":                    "",
		"' OR 1=1 --":            "",
		"\\":                     "",
		"a:* & !b | (c":          "",
	} {
		r := get(url.Values{"q": {q}})
		if want != "" {
			if r.Status != http.StatusBadRequest || r.errorCode(t) != want {
				t.Errorf("q=%q: %d %s, want 400 %s", q, r.Status, r.Body, want)
			}
			continue
		}
		if r.Status != http.StatusOK {
			t.Errorf("q=%q: %d %s", q, r.Status, r.Body)
		}
	}
	for params, want := range map[string]string{
		"type=bid": "search_type", "sort=price": "search_sort", "status=draft": "search_status",
		"type=agency&grade=Z": "search_grade", "per_page=500": "per_page_range", "page=x": "page_format",
		"funding=state": "search_funding", "region=%00": "invalid_text", "item=%FF": "invalid_text",
		"q=%E7%8E%AF%00": "invalid_text", // control characters and bad UTF-8 are refused where input is bound
	} {
		r := app.do("GET", "/api/v1/search?"+params, "", nil)
		if r.Status != http.StatusBadRequest || r.errorCode(t) != want {
			t.Errorf("%s: %d %s, want 400 %s", params, r.Status, r.Body, want)
		}
	}
}

func TestSearch_SealedBidNeverFound(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	owner, _ := app.register(domain.RoleEnterprise, "襄阳汽车零部件有限公司")
	agency, _ := app.register(domain.RoleAgency, "襄阳天平资产评估事务所")
	var pid int64
	err := app.DB.SQL().QueryRow(fmt.Sprintf(`INSERT INTO projects (owner_id, title, item_code, region, funding, method,
		bidding_closes_at, closes_at, service_days, min_bids, status, published_at)
		VALUES (%d, '襄阳厂区资产评估', 'NAT-20', '湖北省襄阳市', 'self', 'lowest_price', now() + interval '5 days',
		now() + interval '5 days', 30, 1, 'bidding', now()) RETURNING id`, owner)).Scan(&pid)
	if err != nil {
		t.Fatal(err)
	}
	storagetestExec(t, app, fmt.Sprintf(`INSERT INTO bids (project_id, agency_id, price_fen, proposal, service_days, submitted_at, updated_at)
		VALUES (%d, %d, 4321000, '麒麟独家评估方法论与报价四万三千二百一十元', 15, now(), now())`, pid, agency))
	for _, q := range []string{"麒麟", "独家评估方法论", "四万三千", "43210", "4321000"} {
		for _, typ := range []string{"project", "agency"} {
			r := app.do("GET", "/api/v1/search?"+url.Values{"q": {q}, "type": {typ}}.Encode(), "", nil)
			var b searchBody
			r.decode(t, &b)
			if r.Status != http.StatusOK || b.Total != 0 || strings.Contains(string(r.Body), "麒麟") {
				t.Errorf("sealed bid text %q found in %s search: %s", q, typ, r.Body)
			}
		}
	}
	// the project itself is found, without anything of the bid
	r := app.do("GET", "/api/v1/search?q="+url.QueryEscape("资产评估"), "", nil)
	if !strings.Contains(string(r.Body), "襄阳厂区") || strings.Contains(string(r.Body), "4321") || strings.Contains(string(r.Body), "price") || strings.Contains(string(r.Body), "proposal") {
		t.Errorf("project search: %s", r.Body)
	}
}
