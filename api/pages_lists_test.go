package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// listDoc fetches a page and parses it.
func listDoc(t *testing.T, b *browser, path string) *goquery.Document {
	t.Helper()
	status, body := b.get(path)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, status, body)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// insertListProject publishes a project straight into the table (the
// search index follows by trigger), with the given status.
func insertListProject(t *testing.T, app *testApp, owner int64, title, item, status string) int64 {
	t.Helper()
	var id int64
	err := app.DB.SQL().QueryRow(fmt.Sprintf(`INSERT INTO projects (owner_id, title, description, item_code, region, funding, method,
		bidding_closes_at, closes_at, service_days, min_bids, status, published_at, ceiling_fen)
		VALUES (%d, $1, '项目位于光谷，需编制相关报告。', $2, '湖北省武汉市', 'self', 'lowest_price', now() + interval '5 days',
		now() + interval '5 days', 30, 1, $3, now(), 12000000) RETURNING id`, owner), title, item, status).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Section 1: the list pages answer a text query with the search engine
// (abbreviations, synonyms), as /api/v1/search does.
func TestPortalLists_SearchUsesTheEngine(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	ownerID, _ := app.register("enterprise", "武汉光谷新材料有限公司")
	insertListProject(t, app, ownerID, "光谷新材料产业园环境影响报告书编制", "NAT-01", "bidding")
	insertListProject(t, app, ownerID, "光谷厂区地质灾害危险性评估", "NAT-06", "bidding")
	insertListProject(t, app, ownerID, "光谷实验楼环境影响评价", "NAT-01", "publicity")
	b := newBrowser(t, app)

	doc := listDoc(t, b, "/projects?q=环评")
	if got := strings.TrimSpace(doc.Find("p.count").Text()); got != "共 1 条" {
		t.Errorf("/projects?q=环评 count = %q, want 共 1 条", got)
	}
	if doc.Find("table.list tbody tr a[href^='/projects/']").Length() != 1 {
		t.Errorf("/projects?q=环评 rows: %s", doc.Find("table.list tbody").Text())
	}
	doc = listDoc(t, b, "/results?q=环评")
	if got := strings.TrimSpace(doc.Find("p.count").Text()); got != "共 1 条" {
		t.Errorf("/results?q=环评 count = %q, want 共 1 条", got)
	}
	if !strings.Contains(doc.Find("table.list tbody").Text(), "实验楼") {
		t.Errorf("/results?q=环评 lacks the publicity project: %s", doc.Find("table.list tbody").Text())
	}
	// the selection method, which the index does not hold, still narrows
	// a text query
	doc = listDoc(t, b, "/projects?q=光谷&method=composite")
	if got := strings.TrimSpace(doc.Find("p.count").Text()); got != "共 0 条" {
		t.Errorf("/projects?q=光谷&method=composite count = %q, want 共 0 条", got)
	}
	// the facets offer names, with counts, never a code to type
	doc = listDoc(t, b, "/projects?q=光谷&status=bidding")
	if got := doc.Find("nav.facets a[href*='item=NAT-06']").Text(); !strings.Contains(got, "(1)") || strings.Contains(got, "NAT-06") {
		t.Errorf("item facet = %q, want a name with its count", got)
	}
}

// Section 1: the agency directory searches with the engine and filters on
// qualification and grade, by names from lists.
func TestPortalLists_AgencyDirectory(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	green, _ := app.register("agency", "湖北绿源环境科技有限公司")
	app.register("agency", "武汉天平资产评估事务所")
	if _, err := app.DB.SQL().Exec(`INSERT INTO qualifications (agency_id, item_code, number, issuer, valid_from, valid_until)
		VALUES ($1, 'NAT-01', 'Q-1', '湖北省生态环境厅', now() - interval '1 year', now() + interval '1 year')`, green); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, app)
	doc := listDoc(t, b, "/agencies?q=绿源")
	if got := strings.TrimSpace(doc.Find("p.count").Text()); got != "共 1 条" {
		t.Errorf("/agencies?q=绿源 count = %q, want 共 1 条", got)
	}
	if !strings.Contains(doc.Find("table.list tbody").Text(), "绿源") {
		t.Errorf("/agencies?q=绿源 rows: %s", doc.Find("table.list tbody").Text())
	}
	doc = listDoc(t, b, "/agencies?qualified=NAT-01")
	if got := strings.TrimSpace(doc.Find("p.count").Text()); got != "共 1 条" {
		t.Errorf("/agencies?qualified=NAT-01 count = %q, want 共 1 条", got)
	}
	// filters are chosen from names: no input asks for a code
	if doc.Find("select#qualified option[value='NAT-01']").Length() != 1 || doc.Find("select#item option[value='NAT-01']").Length() != 1 {
		t.Errorf("qualification and item are not offered as lists")
	}
	if label := doc.Find("select#item option[value='NAT-01']").Text(); strings.Contains(label, "NAT-01") || label == "" {
		t.Errorf("item option label = %q, want the item's name", label)
	}
	if doc.Find("input#item").Length() != 0 {
		t.Errorf("the directory still asks for an item code")
	}
}

// Section 4: the catalogue, the home page and the public data page agree
// and count everything; the terminated list has its own page.
func TestPortalLists_CountsAndCatalogue(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	ownerID, _ := app.register("enterprise", "武汉光谷新材料有限公司")
	insertListProject(t, app, ownerID, "光谷厂区环境影响评价", "NAT-01", "delivered")
	insertListProject(t, app, ownerID, "光谷厂区地质灾害危险性评估", "NAT-06", "accepted")
	cancelled := insertListProject(t, app, ownerID, "光谷厂区水土保持方案", "NAT-01", "bidding")
	if _, err := app.DB.SQL().Exec(`UPDATE projects SET status = 'cancelled', cancel_reason = '需求取消' WHERE id = $1`, cancelled); err != nil {
		t.Fatal(err)
	}
	insertListProject(t, app, ownerID, "光谷厂区节能评估", "NAT-01", "failed")
	b := newBrowser(t, app)

	data := listDoc(t, b, "/data").Text()
	for _, st := range []string{"已交付（待验收）", "已验收", "流标", "已终止", "公示中", "已完成"} {
		if !strings.Contains(data, st) {
			t.Errorf("/data does not count %s", st)
		}
	}
	home := strings.TrimSpace(listDoc(t, b, "/").Find(".card:has(a[href='/catalogue']) p.big").Text())
	cat := listDoc(t, b, "/catalogue?per_page=200")
	if got := cat.Find("p.count [data-retained]").AttrOr("data-retained", ""); got != home {
		t.Errorf("home counts %s items, the catalogue %q retained", home, got)
	}
	// abolished items come after every retained one, marked
	statuses := cat.Find("table.list tbody tr .tag").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	seenAbolished := false
	for _, s := range statuses {
		if s == "已取消" {
			seenAbolished = true
		} else if seenAbolished {
			t.Fatalf("a retained item after an abolished one: %v", statuses)
		}
	}
	if !seenAbolished {
		t.Errorf("no abolished item marked on the catalogue: %v", statuses)
	}
	// the catalogue search knows the abbreviations of the search engine
	if !strings.Contains(listDoc(t, b, "/catalogue?q=环评").Find("table.list tbody").Text(), "NAT-01") {
		t.Errorf("/catalogue?q=环评 does not find the environmental impact item")
	}
	// 终止/流标公告: cancelled and failed projects, with their own list
	term := listDoc(t, b, "/terminated")
	rows := term.Find("table.list tbody").Text()
	if !strings.Contains(rows, "水土保持") || !strings.Contains(rows, "节能评估") || strings.Contains(rows, "地质灾害") {
		t.Errorf("/terminated rows: %s", rows)
	}
}

// Section 4: the announcement and result lists have the columns people
// look for, and no column reveals a sealed price or a bid count.
func TestPortalLists_Columns(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	ownerID, _ := app.register("enterprise", "武汉光谷新材料有限公司")
	insertListProject(t, app, ownerID, "光谷厂区地质灾害危险性评估", "NAT-06", "bidding")
	won := insertListProject(t, app, ownerID, "光谷实验楼环境影响评价", "NAT-01", "publicity")
	if _, err := app.DB.SQL().Exec(`UPDATE projects SET result = '{"method":"lowest_price","agency_id":1,"agency_name":"湖北绿源环境科技有限公司","price":"98000.00","published_at":"2026-03-02T10:00:00+08:00"}' WHERE id = $1`, won); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, app)
	headers := func(path string) string {
		return listDoc(t, b, path).Find("table.list thead th").Text()
	}
	for path, want := range map[string][]string{
		"/projects": {"发布时间", "项目名称", "服务事项", "采购人", "选取方式", "最高限价", "截止时间"},
		"/results":  {"项目名称", "中选机构", "中选金额", "公示起止", "状态"},
	} {
		h := headers(path)
		for _, w := range want {
			if !strings.Contains(h, w) {
				t.Errorf("%s columns %q lack %s", path, h, w)
			}
		}
	}
	doc := listDoc(t, b, "/projects")
	row := doc.Find("table.list tbody tr").First().Text()
	for _, w := range []string{"武汉光谷新材料有限公司", "地质灾害", "¥120,000.00"} {
		if !strings.Contains(row, w) {
			t.Errorf("/projects row %q lacks %s", row, w)
		}
	}
	row = listDoc(t, b, "/results").Find("table.list tbody tr").First().Text()
	for _, w := range []string{"湖北绿源环境科技有限公司", "¥98,000.00", "2026-03-02", "公示中"} {
		if !strings.Contains(row, w) {
			t.Errorf("/results row %q lacks %s", row, w)
		}
	}
}

// Section 1: the home search box searches notices, results, agencies and
// items at once, in tabs with counts.
func TestPortalLists_HomeSearchTabs(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	ownerID, _ := app.register("enterprise", "武汉光谷新材料有限公司")
	app.register("agency", "湖北环评咨询有限公司")
	insertListProject(t, app, ownerID, "光谷新材料产业园环境影响报告书编制", "NAT-01", "bidding")
	insertListProject(t, app, ownerID, "光谷实验楼环境影响评价", "NAT-01", "publicity")
	b := newBrowser(t, app)

	home := listDoc(t, b, "/")
	if action := home.Find("form.search").AttrOr("action", ""); action != "/search" {
		t.Errorf("the home search box posts to %q, want /search", action)
	}
	doc := listDoc(t, b, "/search?q=环评")
	tabs := doc.Find("nav.tabs a").Map(func(_ int, s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), "") })
	// the items tab counts what the catalogue's own search finds
	items := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(listDoc(t, b, "/catalogue?q=环评").Find("p.count").Contents().First().Text()), "共 "), " 条 ·")
	want := []string{"采购公告(1)", "结果公示(1)", "中介机构(1)", "服务事项(" + items + ")"}
	if strings.Join(tabs, "|") != strings.Join(want, "|") {
		t.Errorf("tabs = %v, want %v", tabs, want)
	}
	if !strings.Contains(doc.Find("table.list tbody").Text(), "产业园") {
		t.Errorf("the first tab does not list the open notice: %s", doc.Find("table.list tbody").Text())
	}
	doc = listDoc(t, b, "/search?q=环评&tab=agencies")
	if !strings.Contains(doc.Find("table.list tbody").Text(), "湖北环评咨询有限公司") {
		t.Errorf("the agencies tab: %s", doc.Find("table.list tbody").Text())
	}
	doc = listDoc(t, b, "/search?q=环评&tab=items")
	if !strings.Contains(doc.Find("table.list tbody").Text(), "环境影响报告书") {
		t.Errorf("the items tab: %s", doc.Find("table.list tbody").Text())
	}
}

// Section 5: the notice shows a readable 项目编号; the ocid stays in open data.
func TestPortalLists_NoticeNumber(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	ownerID, _ := app.register("enterprise", "武汉光谷新材料有限公司")
	id := insertListProject(t, app, ownerID, "光谷厂区地质灾害危险性评估", "NAT-06", "bidding")
	doc := listDoc(t, newBrowser(t, app), fmt.Sprintf("/projects/%d", id))
	// no promise of a feature the platform does not have (questions
	// through the platform, attachments)
	if body := doc.Find("main").Text(); strings.Contains(body, "通过平台") || strings.Contains(body, "详见附件") {
		t.Errorf("the notice promises a missing feature")
	}
	meta := doc.Find("p.meta").Text()
	if want := fmt.Sprintf("-%06d", id); !strings.Contains(meta, "项目编号 ZJCS-") || !strings.Contains(meta, want) || strings.Contains(meta, "ocds-") {
		t.Errorf("notice meta %q: want a readable 项目编号 ending %s, no ocid", meta, want)
	}
}
