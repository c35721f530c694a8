package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"marketplace/domain"
	"marketplace/domain/calendar"
	"marketplace/domain/supervision"
)

// insertRegionProject publishes a bidding project in region with a
// ceiling (fen) straight into the table.
func insertRegionProject(t *testing.T, app *testApp, owner int64, title, region string, ceilingFen int64) {
	t.Helper()
	id := insertListProject(t, app, owner, title, "NAT-01", "bidding")
	if _, err := app.DB.SQL().Exec(`UPDATE projects SET region = $1, ceiling_fen = $2 WHERE id = $3`, region, ceilingFen, id); err != nil {
		t.Fatal(err)
	}
}

// listTitles is the text of a list's rows.
func listTitles(doc *goquery.Document) string { return doc.Find("table.list tbody").Text() }

// Section 1: the project lists filter by region (a province select, then
// the cities of the chosen province) and by a ceiling range in yuan.
func TestPortalNames_ProjectFacets(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	owner, _ := app.register("enterprise", "武汉光谷新材料有限公司")
	insertRegionProject(t, app, owner, "武汉厂区环评甲", "湖北省武汉市洪山区", 5_000_000)
	insertRegionProject(t, app, owner, "宜昌厂区环评乙", "湖北省宜昌市", 20_000_000)
	insertRegionProject(t, app, owner, "长沙厂区环评丙", "湖南省长沙市", 8_000_000)
	b := newBrowser(t, app)

	doc := listDoc(t, b, "/projects")
	provinces := doc.Find("select#province option").Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("value", "") })
	if strings.Join(provinces, ",") != ",湖北省,湖南省" {
		t.Errorf("province options = %v, want the provinces of the projects", provinces)
	}
	if doc.Find("select#city option[value!='']").Length() != 0 {
		t.Errorf("cities offered before a province is chosen")
	}
	if doc.Find("input#region").Length() != 0 {
		t.Errorf("the list still asks to type a region")
	}

	doc = listDoc(t, b, "/projects?province="+url.QueryEscape("湖北省"))
	cities := doc.Find("select#city option[value!='']").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if strings.Join(cities, ",") != "宜昌市,武汉市" {
		t.Errorf("cities of 湖北省 = %v", cities)
	}
	if rows := listTitles(doc); !strings.Contains(rows, "武汉厂区") || !strings.Contains(rows, "宜昌厂区") || strings.Contains(rows, "长沙厂区") {
		t.Errorf("湖北省 rows: %s", rows)
	}
	doc = listDoc(t, b, "/projects?province="+url.QueryEscape("湖北省")+"&city="+url.QueryEscape("武汉市"))
	if rows := listTitles(doc); !strings.Contains(rows, "武汉厂区") || strings.Contains(rows, "宜昌厂区") {
		t.Errorf("湖北省武汉市 rows: %s", rows)
	}
	if doc.Find("select#city option[selected]").AttrOr("value", "") != "武汉市" {
		t.Errorf("the chosen city is not kept selected")
	}
	// a city of another province (the province changed) is dropped
	doc = listDoc(t, b, "/projects?province="+url.QueryEscape("湖南省")+"&city="+url.QueryEscape("武汉市"))
	if rows := listTitles(doc); !strings.Contains(rows, "长沙厂区") || strings.Contains(rows, "武汉厂区") {
		t.Errorf("湖南省 with a stale city rows: %s", rows)
	}

	// the ceiling range, in yuan, bounds included
	doc = listDoc(t, b, "/projects?ceiling_min=60000&ceiling_max=200000")
	if rows := listTitles(doc); !strings.Contains(rows, "长沙厂区") || !strings.Contains(rows, "宜昌厂区") || strings.Contains(rows, "武汉厂区") {
		t.Errorf("ceiling 60000–200000 rows: %s", rows)
	}
	if v := doc.Find("input#ceiling_min").AttrOr("value", ""); v != "60000" {
		t.Errorf("ceiling_min kept as %q", v)
	}
	// with a text query too (the engine does not hold the ceiling)
	doc = listDoc(t, b, "/projects?q="+url.QueryEscape("厂区")+"&ceiling_max=100000")
	if rows := listTitles(doc); !strings.Contains(rows, "长沙厂区") || strings.Contains(rows, "宜昌厂区") {
		t.Errorf("q=厂区 ceiling ≤ 100000 rows: %s", rows)
	}
	// bad amounts and a crossed range are refused, not a 500
	for _, q := range []string{"ceiling_min=abc", "ceiling_min=9&ceiling_max=1"} {
		if status, body := b.get("/projects?" + q); status != 400 {
			t.Errorf("/projects?%s: %d %.200s", q, status, body)
		}
	}
	// the item filter is a list of names
	if label := doc.Find("select#item option[value='NAT-01']").Text(); label == "" || strings.Contains(label, "NAT-01") {
		t.Errorf("item option = %q, want a name", label)
	}
}

// Section 1: the directory filters by region (province → city),
// qualification and grade, all chosen from lists.
func TestPortalNames_DirectoryFacets(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	wuhan, _ := app.register("agency", "湖北绿源环境科技有限公司")
	yichang, _ := app.register("agency", "宜昌三峡评估事务所")
	changsha, _ := app.register("agency", "长沙湘江咨询有限公司")
	for id, set := range map[int64]string{
		wuhan:    `region = '湖北省武汉市', credit_grade = 'A'`,
		yichang:  `region = '湖北省宜昌市', credit_grade = 'B'`,
		changsha: `region = '湖南省长沙市', credit_grade = 'A'`,
	} {
		if _, err := app.DB.SQL().Exec(`UPDATE agency_profiles SET `+set+` WHERE account_id = $1`, id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := app.DB.SQL().Exec(`INSERT INTO qualifications (agency_id, item_code, number, issuer, valid_from, valid_until)
		VALUES ($1, 'NAT-01', 'Q-1', '湖南省生态环境厅', now() - interval '1 year', now() + interval '1 year')`, changsha); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, app)
	hubei := "/agencies?province=" + url.QueryEscape("湖北省")
	doc := listDoc(t, b, hubei)
	if rows := listTitles(doc); !strings.Contains(rows, "绿源") || !strings.Contains(rows, "三峡") || strings.Contains(rows, "湘江") {
		t.Errorf("湖北省 rows: %s", rows)
	}
	if cities := doc.Find("select#city option[value!='']").Length(); cities != 2 {
		t.Errorf("湖北省 offers %d cities, want 2", cities)
	}
	doc = listDoc(t, b, hubei+"&city="+url.QueryEscape("宜昌市"))
	if rows := listTitles(doc); !strings.Contains(rows, "三峡") || strings.Contains(rows, "绿源") {
		t.Errorf("湖北省宜昌市 rows: %s", rows)
	}
	doc = listDoc(t, b, "/agencies?grade=A")
	if rows := listTitles(doc); !strings.Contains(rows, "绿源") || !strings.Contains(rows, "湘江") || strings.Contains(rows, "三峡") {
		t.Errorf("grade A rows: %s", rows)
	}
	doc = listDoc(t, b, "/agencies?grade=A&qualified=NAT-01")
	if rows := listTitles(doc); !strings.Contains(rows, "湘江") || strings.Contains(rows, "绿源") {
		t.Errorf("grade A qualified NAT-01 rows: %s", rows)
	}
	if doc.Find("select#grade").Length() != 1 || doc.Find("select#qualified").Length() != 1 || doc.Find("input#region").Length() != 0 {
		t.Errorf("the directory's filters are not all lists")
	}
}

// Section 3: service items read 名称（代码） in the directory, the profile
// and the qualifications, and the profile editor is a multi-select of
// names, not a string of codes to type.
func TestPortalNames_ItemLabels(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	id, token := app.register("agency", "湖北绿源环境科技有限公司")
	var nat01, nat02 string
	if err := app.DB.SQL().QueryRow(`SELECT (SELECT name FROM catalogue_items WHERE code = 'NAT-01'),
		(SELECT name FROM catalogue_items WHERE code = 'NAT-02')`).Scan(&nat01, &nat02); err != nil {
		t.Fatal(err)
	}
	label1, label2 := nat01+"（NAT-01）", nat02+"（NAT-02）"
	b := newBrowser(t, app).loggedIn(token)

	editor := listDoc(t, b, "/workspace/profile")
	if editor.Find("select#service_items[multiple] optgroup option[value='NAT-01']").Text() != label1 {
		t.Fatalf("the editor does not offer %s by name: %q", label1, editor.Find("select#service_items option[value='NAT-01']").Text())
	}
	if editor.Find("input#service_items").Length() != 0 {
		t.Errorf("the editor still asks for a string of codes")
	}
	// the browser posts one value per option picked
	_, body := b.submit("/workspace/profile", "/workspace/profile", url.Values{"service_items": {"NAT-01", "NAT-02"},
		"region": {"湖北省武汉市"}, "description": {"专业环评机构"}})
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	picked := doc.Find("select#service_items option[selected]").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if strings.Join(picked, "|") != label1+"|"+label2 {
		t.Errorf("picked after save = %v, want %s and %s", picked, label1, label2)
	}

	if _, err := app.DB.SQL().Exec(`INSERT INTO qualifications (agency_id, item_code, number, issuer, valid_from, valid_until)
		VALUES ($1, 'NAT-01', 'Q-1', '湖北省生态环境厅', now() - interval '1 year', now() + interval '1 year')`, id); err != nil {
		t.Fatal(err)
	}
	public := newBrowser(t, app)
	row := listDoc(t, public, "/agencies").Find("table.list tbody tr").First().Find("td").Eq(2).Text()
	if row != label1+"、"+label2 {
		t.Errorf("directory items = %q", row)
	}
	profile := listDoc(t, public, fmt.Sprintf("/agencies/%d", id))
	if items := profile.Find("ul li a[href^='/catalogue/']").Map(func(_ int, s *goquery.Selection) string { return s.Text() }); strings.Join(items, "|") != label1+"|"+label2 {
		t.Errorf("profile items = %v", items)
	}
	if got := profile.Find("table.list tbody tr td").First().Text(); got != label1 {
		t.Errorf("profile qualification item = %q, want %s", got, label1)
	}
	quals := listDoc(t, b, "/workspace/qualifications")
	if got := quals.Find("table.list tbody tr td").First().Text(); got != label1 {
		t.Errorf("qualifications item = %q, want %s", got, label1)
	}
	if quals.Find("select#item_code option[value='NAT-01']").Text() != label1 || quals.Find("input#item_code").Length() != 0 {
		t.Errorf("the qualification form does not offer the items by name")
	}
}

// Section 3: a form that must name an agency takes its name or USCC,
// resolves it on the server, offers the candidates when several match,
// and never asks for an internal id; the lookup answers as one types.
func TestPortalNames_AgencyPicker(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	green, _ := app.register("agency", "湖北绿源环境科技有限公司")
	app.register("agency", "湖北绿源检测有限公司")
	var greenUSCC string
	if err := app.DB.SQL().QueryRow(`SELECT uscc FROM accounts WHERE id = $1`, green).Scan(&greenUSCC); err != nil {
		t.Fatal(err)
	}
	var found struct {
		Items []struct {
			ID   int64
			Name string
			USCC string
		}
	}
	app.do("GET", "/api/v1/agencies/lookup?q="+url.QueryEscape("绿源"), "", nil).decode(t, &found)
	if len(found.Items) != 2 {
		t.Errorf("lookup 绿源 = %+v, want both agencies", found.Items)
	}
	app.do("GET", "/api/v1/agencies/lookup?q="+greenUSCC, "", nil).decode(t, &found)
	if len(found.Items) != 1 || found.Items[0].ID != green {
		t.Errorf("lookup by USCC = %+v", found.Items)
	}

	_, dept := app.staff("department", "湖北省生态环境厅")
	b := newBrowser(t, app).loggedIn(dept)
	form := listDoc(t, b, "/workspace/violations")
	if form.Find("input#agency[list]").Length() != 1 || form.Find("input[name='agency_id']").Length() != 0 {
		t.Fatalf("the violation form does not name the agency by name")
	}
	record := func(agency string, extra url.Values) (int, *goquery.Document) {
		t.Helper()
		v := url.Values{"agency": {agency}, "kind": {"violation"}, "severity": {"1"}, "reason": {"出具虚假结论"}, "evidence": {"鄂环罚〔2026〕1号"}}
		for k, vs := range extra {
			v[k] = vs
		}
		code, body := b.submit("/workspace/violations", "/workspace/violations", v)
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		return code, doc
	}
	countFor := func(id int64) int {
		var n int
		if err := app.DB.SQL().QueryRow(`SELECT count(*) FROM violations WHERE agency_id = $1`, id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// several match: the candidates are offered by name, nothing recorded
	code, doc := record("绿源", nil)
	if code != 400 || doc.Find("fieldset.candidates input[name='agency_pick']").Length() != 2 ||
		!strings.Contains(doc.Find("fieldset.candidates").Text(), "湖北绿源检测有限公司") {
		t.Errorf("ambiguous name: %d %s", code, doc.Find("form.form").Text())
	}
	if countFor(green) != 0 {
		t.Fatalf("an ambiguous name recorded a violation")
	}
	// unknown: a message in Chinese with what was typed
	if code, doc = record("不存在的机构", nil); code != 400 || !strings.Contains(doc.Find(".field-error").Text(), "不存在的机构") {
		t.Errorf("unknown agency: %d %q", code, doc.Find(".field-error").Text())
	}
	// the candidate picked, the full name, or the USCC each resolve
	record("绿源", url.Values{"agency_pick": {itoa(green)}})
	record("湖北绿源环境科技有限公司", nil)
	record(greenUSCC, nil)
	if n := countFor(green); n != 3 {
		t.Errorf("violations recorded for the agency = %d, want 3", n)
	}
	if rows := listDoc(t, b, "/workspace/violations").Find("table.list tbody").First().Text(); !strings.Contains(rows, "湖北绿源环境科技有限公司") {
		t.Errorf("the violation list does not name the agency: %s", rows)
	}
}

// internalNumber is an internal id printed as text: #41, 项目 6, 机构 9, 业主 4.
// (a date such as 核查案件 2026-03-02 is not one).
var internalNumber = regexp.MustCompile(`#\d+|(?:项目|机构|业主|案件)[ \t]*\d+(?:$|[^\d\-年/:.])`)

// visibleText is a page's text without its tags (ids in URLs and
// attributes are fine) and without scripts, one line per text node (so that
// a label and the figure in the next cell are not read as one phrase).
func visibleText(t *testing.T, body string) string {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	doc.Find("script, style").Remove()
	var lines []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			lines = append(lines, strings.TrimSpace(n.Data))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range doc.Find("body").Nodes {
		walk(n)
	}
	return strings.Join(lines, "\n")
}

// Section 3: no page of a world with a risk flag and its case, a violation,
// an inspection and a credit event tied to a project prints an internal
// id; the risk pages name the project, the owner and the agencies.
func TestPortalNames_NoInternalNumbers(t *testing.T) {
	t.Parallel()
	app, projectID, ids, _, _ := closedRingProject(t)
	_, dept := app.staff(domain.RoleDepartment, "湖北省生态环境厅")
	d := newBrowser(t, app.testApp).loggedIn(dept)

	check := func(path, body string, want ...string) {
		t.Helper()
		text := visibleText(t, body)
		if m := internalNumber.FindString(text); m != "" {
			t.Errorf("%s prints the internal number %q", path, m)
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s does not name %s", path, w)
			}
		}
	}
	_, body := d.get("/supervision/risks?indicator=shared_client")
	flag := regexp.MustCompile(`href="(/supervision/risks/\d+)"`).FindStringSubmatch(body)
	if flag == nil {
		t.Fatal("no flag on the risk list")
	}
	var title string
	if err := app.DB.SQL().QueryRow(`SELECT title FROM projects WHERE id = $1`, projectID).Scan(&title); err != nil {
		t.Fatal(err)
	}
	_, body = d.get(flag[1])
	check(flag[1], body, title, "某化工有限公司", "甲咨询有限公司")
	_, body = d.submit(flag[1], flag[1]+"/cases", url.Values{"note": {"调取登录记录。"}})
	casePath := regexp.MustCompile(`action="(/supervision/cases/\d+)/notes"`).FindStringSubmatch(body)
	if casePath == nil {
		t.Fatal("no case opened")
	}
	check(casePath[1], body, title, "某化工有限公司", "甲咨询有限公司")
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	if opts := doc.Find("select#agency_id option").Text(); !strings.Contains(opts, "甲咨询有限公司") {
		t.Errorf("the conversion offers %q, want agency names", opts)
	}

	// a violation, recorded by name, tied to the project
	d.submit("/workspace/violations", "/workspace/violations", url.Values{"agency": {"乙咨询有限公司"}, "kind": {"violation"},
		"severity": {"1"}, "reason": {"出具虚假结论"}, "evidence": {"鄂环罚〔2026〕2号"}, "project_id": {itoa(projectID)}})
	_, body = d.get("/workspace/violations")
	check("/workspace/violations", body, "乙咨询有限公司")
	// a credit event tied to the project, on the agency's public profile
	if _, err := app.DB.SQL().Exec(`INSERT INTO credit_events (agency_id, kind, points, source, reason, project_id, created_at)
		VALUES ($1, 'late_delivery', 5, 'scheduler', '按期提交成果', $2, now())`, ids[2], projectID); err != nil {
		t.Fatal(err)
	}
	profile := "/agencies/" + itoa(ids[2])
	_, body = newBrowser(t, app.testApp).get(profile)
	check(profile, body, title)
	// an inspection's drawn agencies
	_, body = d.submit("/workspace/inspections", "/workspace/inspections", url.Values{"sample_size": {"2"}, "inspectors": {"王五\n赵六"}, "inspectors_per_agency": {"1"}})
	if !strings.Contains(body, "随机种子") {
		t.Fatalf("no inspection drawn: %.300s", visibleText(t, body))
	}
	check("inspection", body, "咨询有限公司")
	for _, path := range []string{"/projects/" + itoa(projectID), "/workspace/inspections"} {
		_, body = d.get(path)
		check(path, body)
	}
	// the risk list names the project and the agencies, not a stored
	// English sentence with numbers
	_, body = d.get("/supervision/risks")
	check("/supervision/risks", body, title, "甲咨询有限公司")
}

// Section 3: where a form identifies a project, an agency or a service item
// it offers names (a select, or a picker resolved by name or USCC); no form
// of the violation, avoid list, inspection or case pages takes a typed
// internal id or code. The violation form offers the department's own
// projects by title and 项目编号, and the choice ties the finding to the
// project.
func TestPortalNames_FormsTakeNoTypedID(t *testing.T) {
	t.Parallel()
	app, _, _, _, _ := closedRingProject(t)
	_, dept := app.staff(domain.RoleDepartment, "湖北省生态环境厅")
	own := app.publishedProject(dept, map[string]any{"title": "某园区规划环境影响评价技术审查", "funding": "budget",
		"budget_code": "2026-HB-009", "min_bids": 2})
	d := newBrowser(t, app.testApp).loggedIn(dept)

	typedID := func(path, body string) {
		t.Helper()
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		doc.Find("form input, form textarea").Each(func(_ int, s *goquery.Selection) {
			typ, _ := s.Attr("type")
			name, _ := s.Attr("name")
			switch typ {
			case "hidden", "radio", "checkbox", "submit":
				return
			}
			if name == "id" || strings.HasSuffix(name, "_id") || strings.HasSuffix(name, "_code") && name != "budget_code" && name != "investment_project_code" {
				t.Errorf("%s: the form asks to type %q", path, name)
			}
		})
	}
	_, body := d.get("/supervision/risks?indicator=shared_client")
	flag := regexp.MustCompile(`href="(/supervision/risks/\d+)"`).FindStringSubmatch(body)
	if flag == nil {
		t.Fatal("no flag on the risk list")
	}
	_, body = d.submit(flag[1], flag[1]+"/cases", url.Values{"note": {"调取登录记录。"}})
	casePath := regexp.MustCompile(`action="(/supervision/cases/\d+)/notes"`).FindStringSubmatch(body)
	if casePath == nil {
		t.Fatal("no case opened")
	}
	typedID(casePath[1], body)
	for _, path := range []string{"/workspace/violations", "/workspace/inspections", "/workspace/projects/new", flag[1]} {
		_, body := d.get(path)
		typedID(path, body)
	}

	_, body = d.get("/workspace/violations")
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	opts := doc.Find("select#project_id option")
	number := fmt.Sprintf("ZJCS-%d-%06d", app.now.In(calendar.Beijing).Year(), own.ID)
	if text := opts.Text(); !strings.Contains(text, "某园区规划环境影响评价技术审查（"+number+"）") {
		t.Errorf("the violation form offers %q, want the department's project by title and number", text)
	}
	if strings.Contains(opts.Text(), "新建厂房") || opts.Length() != 2 {
		t.Errorf("the violation form offers other owners' projects: %q", opts.Text())
	}
	if _, body := d.get("/workspace/inspections"); !strings.Contains(body, ">环境影响报告书（表）编制（NAT-01）</option>") {
		t.Errorf("the inspection form does not offer the items by name")
	}
	code, _ := d.submit("/workspace/violations", "/workspace/violations", url.Values{"agency": {"乙咨询有限公司"}, "kind": {"violation"},
		"severity": {"1"}, "reason": {"出具虚假结论"}, "evidence": {"鄂环罚〔2026〕3号"}, "project_id": {itoa(own.ID)}})
	if code != http.StatusOK {
		t.Fatalf("record through the select: %d", code)
	}
	var tied int64
	if err := app.DB.SQL().QueryRow(`SELECT project_id FROM violations WHERE evidence = '鄂环罚〔2026〕3号'`).Scan(&tied); err != nil || tied != own.ID {
		t.Errorf("violation tied to %d (%v), want %d", tied, err, own.ID)
	}
}

// Section 2 and 3: the API keeps a risk flag's stable English summary,
// which may name internal ids, and its summary_text code and params; the
// params name what the ids refer to (project title, owner, agencies in the
// order of agency_ids), so that no client has to show "project 6".
func TestPortalNames_RiskFlagParamsCarryNames(t *testing.T) {
	t.Parallel()
	app, projectID, ids, _, _ := closedRingProject(t)
	_, dept := app.staff(domain.RoleDepartment, "湖北省生态环境厅")
	list := app.risks(dept, "?indicator=shared_client")
	if len(list.Items) == 0 {
		t.Fatal("no shared_client flag")
	}
	var title string
	if err := app.DB.SQL().QueryRow(`SELECT title FROM projects WHERE id = $1`, projectID).Scan(&title); err != nil {
		t.Fatal(err)
	}
	names := map[int64]string{ids[0]: "甲咨询有限公司", ids[1]: "乙咨询有限公司", ids[2]: "丙咨询有限公司"}
	check := func(where string, f supervision.RiskFlag) {
		t.Helper()
		if f.Summary == "" || f.SummaryText == nil || f.SummaryText.ID == "" {
			t.Fatalf("%s: summary %q, text %+v: want the English and the code", where, f.Summary, f.SummaryText)
		}
		p := f.SummaryText.Params
		if p["project_title"] != title || p["owner_name"] != "某化工有限公司" {
			t.Errorf("%s: params %v, want the project title %q and the owner's name", where, p, title)
		}
		got, _ := p["agency_names"].([]any)
		if len(got) != len(f.AgencyIDs) || len(got) == 0 {
			t.Fatalf("%s: agency_names %v for agency_ids %v", where, got, f.AgencyIDs)
		}
		for i, id := range f.AgencyIDs {
			if got[i] != names[id] {
				t.Errorf("%s: agency_names[%d] = %v, want %s", where, i, got[i], names[id])
			}
		}
	}
	check("list", list.Items[0])
	var d struct{ Flag supervision.RiskFlag }
	app.do("GET", fmt.Sprintf("/api/v1/supervision/risks/%d", list.Items[0].ID), dept, nil).decode(t, &d)
	check("detail", d.Flag)
}
