package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/PuerkitoBio/goquery"

	"marketplace/domain"
	"marketplace/domain/supervision"
	"marketplace/jobs"
	"marketplace/web"
)

// latinAllowed are the Latin words a Chinese page may show: units and
// formats, standards and proper names. Everything else is a word the reader
// should have had in Chinese.
var latinAllowed = []string{
	"SHA-256", "UTF-8", "OCDS", "CSV", "PDF", "JSON", "API", "IP", "USCC", "RFC", "UTC", "MinHash", "Fisher", "Yates",
	"mod", "uniform", "inspection", // the published draw formulas and seed prefix
	"Fisher–Yates", "GB", // proper names: the shuffle, the national standard of the USCC
	"HHI",                    // the Herfindahl–Hirschman index of market concentration, named so in Chinese too
	"Ctrl", "Mac", "Command", // the keys a multi-select needs, as printed on keyboards
	"JPEG", "PNG", "MB", // file formats and sizes of uploads
	"PostgreSQL", "Meilisearch", // the search engines an admin rebuilds
	"go", "run", "reindex", // the command line an admin may type instead
	"English", // the language switch names the other language in itself
	// the user agents the test's bidders sent: data, shown as sent
	"RingBrowser", "HonestBrowser", "Go-http-client",
}

var (
	latinWord = regexp.MustCompile(`[A-Za-z0-9]+(?:[-–_.][A-Za-z0-9]+)*`)
	// A word with a digit is an identifier (item and project codes, USCCs,
	// hashes, dates); a single letter is a grade or a formula's variable;
	// e-mail addresses and URLs are identifiers too.
	latinCode = regexp.MustCompile(`^(?:.*\d.*|[A-Za-z])$`)
	latinSkip = regexp.MustCompile(`\S+@\S+|https?://\S+|/[a-z0-9/_?=&.-]+`)
	cjkRun    = regexp.MustCompile(`[\p{Han}]+`)
)

// pageText is what a reader reads: the title and body text, without
// scripts, styles, code (hashes, seeds, published inputs) and attributes.
func pageText(t *testing.T, body string) string {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	d.Find("script, style, code, noscript").Remove()
	// one text node a line, so that neighbouring cells do not run together
	var b strings.Builder
	d.Find("title, body, body *").Contents().Each(func(_ int, s *goquery.Selection) {
		if goquery.NodeName(s) == "#text" {
			b.WriteString(s.Text())
			b.WriteByte('\n')
		}
	})
	return b.String()
}

// foreignLatin lists the Latin words of a Chinese page that are not allowed.
func foreignLatin(text string) []string {
	text = latinSkip.ReplaceAllString(text, " ")
	var out []string
	for _, w := range latinWord.FindAllString(text, -1) {
		if !strings.ContainsFunc(w, unicode.IsLetter) || latinCode.MatchString(w) || slices.Contains(latinAllowed, w) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// foreignHan lists the Chinese runs of an English page that are not data
// (a name, a title, an item, a region as stored).
func foreignHan(text string, data []string) []string {
	var out []string
	for _, run := range cjkRun.FindAllString(text, -1) {
		if !slices.ContainsFunc(data, func(d string) bool { return strings.Contains(d, run) }) && !slices.Contains(hanAllowed, run) {
			out = append(out, run)
		}
	}
	return out
}

// hanAllowed are the Chinese words an English page may show: the language
// switch names the other language in itself.
var hanAllowed = []string{"中文"}

// TestPages_ReaderLanguageEverywhere renders every page of a world where
// every platform-written text occurs (blacklist and suspension reasons, a
// violation recorded without a reason, every risk indicator with its
// details, bid evidence, an inspection draw, job runs) in both languages: a
// Chinese page shows no Latin word outside the whitelist, an English page no
// Chinese outside the data.
func TestPages_ReaderLanguageEverywhere(t *testing.T) {
	t.Parallel()
	app, projectID, ids, tokens, owner := closedRingProject(t)
	ctx := context.Background()
	_, dept := app.staff(domain.RoleDepartment, "湖北省生态环境厅")
	_, admin := app.staff(domain.RoleAdmin, "平台管理员")

	// An inspection draw over the item's agencies.
	r := app.do("POST", "/api/v1/inspections", dept, map[string]any{"item_code": "NAT-01", "sample_size": 1, "inspectors": []string{"张检查", "李检查"}})
	if r.Status != http.StatusCreated {
		t.Fatalf("inspection: %d %s", r.Status, r.Body)
	}
	var insp struct{ ID int64 }
	r.decode(t, &insp)

	// A blacklist (collusion), and a suspension (grade D) after violations
	// recorded without a reason.
	violation := func(body map[string]any) {
		t.Helper()
		if r := app.do("POST", "/api/v1/violations", dept, body); r.Status != http.StatusCreated {
			t.Fatalf("violation: %d %s", r.Status, r.Body)
		}
	}
	violation(map[string]any{"agency_id": ids[0], "kind": "collusion", "evidence": "投标文件雷同"})
	grave := map[string]any{"agency_id": ids[1], "kind": "violation", "severity": 3, "evidence": "检查记录"}
	violation(grave)
	violation(grave)
	for _, job := range []string{"lift_suspensions", "seal_audit"} {
		if _, err := app.Jobs.RunOnce(ctx, job); err != nil {
			t.Fatal(err)
		}
	}
	statuses := map[string]bool{}
	for _, id := range ids[:2] {
		var s string
		if err := app.DB.SQL().QueryRow("SELECT status FROM accounts WHERE id = $1", id).Scan(&s); err != nil {
			t.Fatal(err)
		}
		statuses[s] = true
	}
	if !statuses[domain.StatusBlacklisted] || !statuses[domain.StatusSuspended] {
		t.Fatalf("world lacks a sanction: %v", statuses)
	}

	// Every risk summary the domain can write: the ring raised the per-project
	// ones; the history ones (which need months of awards) are written as the
	// history job writes them.
	flagged := map[string]bool{}
	rows, err := app.DB.SQL().Query("SELECT summary_text->>'code' FROM risk_flags WHERE summary_text IS NOT NULL")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			t.Fatal(err)
		}
		flagged[code] = true
	}
	rows.Close()
	if len(flagged) < 3 {
		t.Fatalf("the ring raised only %v", flagged)
	}
	for _, id := range domain.TextIDs() {
		if !strings.HasPrefix(id, "risk.summary.") || flagged[id] {
			continue
		}
		ind, _, _ := strings.Cut(strings.TrimPrefix(id, "risk.summary."), ".")
		txt := domain.T(id, "Agencies", 2, "Project", projectID, "Percent", "92", "Prices", 3, "Projects", 5, "Winners", 3,
			"GroupWins", 4, "Lowest", ids[0], "Times", 3, "Winner", ids[1], "Agency", ids[2], "Won", 4, "Owner", 1, "BidOn", 5, "Expected", "1.3",
			"Item", "NAT-01", "Region", "湖北省", "Year", 2026, "HHI", "3600.00", "CR4", "90.00", "MaxShare", "55.00", "Files", 2,
			"Questions", 1, "ProjectA", projectID, "ItemA", "NAT-01", "ProjectB", projectID, "ItemB", "NAT-17", "Code", "2026-420100-74-01-000001",
			"Rejections", 3)
		if id == supervision.TextRiskStagePairAffiliated {
			txt = txt.WithTerms("Fields", supervision.RiskFieldText("contact_phone"))
		}
		if id == supervision.TextRiskSharedIdentity {
			txt = txt.WithTerms("Fields", supervision.RiskFieldText("contact_phone"), supervision.RiskFieldText("email"))
		}
		f := &supervision.RiskFlag{Indicator: ind, Severity: 60, AgencyIDs: []int64{ids[0], ids[1]}, Region: "湖北省", Key: "lang:" + id,
			Summary: txt.English(), SummaryText: &txt, Source: "history", Evidence: riskEvidence[ind]}
		if _, err := app.DB.SaveRiskFlag(ctx, f, app.now); err != nil {
			t.Fatal(err)
		}
	}
	var flagIDs []int64
	if rows, err = app.DB.SQL().Query("SELECT id FROM risk_flags ORDER BY id"); err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		flagIDs = append(flagIDs, id)
	}
	rows.Close()

	// A platform notice, and a case opened on the first flag.
	r = app.do("POST", "/api/v1/notices", admin, map[string]string{"title": "系统维护通知", "body": "本周六凌晨进行系统维护。"})
	if r.Status != http.StatusCreated {
		t.Fatalf("notice: %d %s", r.Status, r.Body)
	}
	var notice struct{ ID int64 }
	r.decode(t, &notice)
	flagPath := fmt.Sprintf("/supervision/risks/%d", flagIDs[0])
	_, body := newBrowser(t, app.testApp).loggedIn(dept).submit(flagPath, flagPath+"/cases", url.Values{"note": {"调取登录记录。"}})
	casePath := regexp.MustCompile(`action="(/supervision/cases/\d+)/notes"`).FindStringSubmatch(body)
	if casePath == nil {
		t.Fatal("no case opened")
	}

	// The data an English page may show in Chinese: what people typed or
	// the catalogue holds.
	var data []string
	for _, table := range []string{"accounts", "projects", "catalogue_items", "agency_profiles", "violations", "inspections", "bids", "platform_notices", "risk_cases", "risk_case_notes", "commitment_texts"} {
		q := fmt.Sprintf("SELECT row_to_json(t)::text FROM %s t", table)
		rows, err := app.DB.SQL().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if rows.Scan(&s) == nil {
				data = append(data, s)
			}
		}
		rows.Close()
	}

	public := []string{"/", "/catalogue", "/catalogue/NAT-01", "/projects", fmt.Sprintf("/projects/%d", projectID), "/results", "/terminated",
		"/agencies", fmt.Sprintf("/agencies/%d", ids[0]), fmt.Sprintf("/agencies/%d", ids[1]), "/credit", "/data", "/search?q=" + "咨询",
		"/guide", "/policies", "/notices", fmt.Sprintf("/notices/%d", notice.ID), "/login", "/register"}
	deptPages := []string{"/workspace", "/supervision/risks", casePath[1], "/workspace/monitor", "/workspace/violations", "/workspace/inspections",
		fmt.Sprintf("/workspace/inspections/%d", insp.ID)}
	for _, id := range flagIDs {
		deptPages = append(deptPages, fmt.Sprintf("/supervision/risks/%d", id))
	}
	roles := []struct {
		name, token string
		pages       []string
	}{
		{"anonymous", "", public},
		{"department", dept, deptPages},
		{"admin", admin, []string{"/workspace", "/workspace/jobs", "/workspace/appeals", "/workspace/audit", "/workspace/catalogue", "/workspace/notices",
			"/workspace/complaints", "/workspace/maintenance"}},
		{"owner", owner, []string{"/workspace", "/workspace/projects", "/workspace/projects/new", fmt.Sprintf("/projects/%d", projectID)}},
		{"blacklisted agency", tokens[0], []string{"/workspace", "/workspace/credit"}},
		{"suspended agency", tokens[1], []string{"/workspace", "/workspace/credit"}},
		{"agency", tokens[2], []string{"/workspace", "/workspace/credit", "/workspace/profile", "/workspace/qualifications", "/workspace/affiliations", "/workspace/matching",
			fmt.Sprintf("/projects/%d", projectID)}},
	}
	seen := 0
	for _, role := range roles {
		for _, lang := range []string{"zh-CN", "en"} {
			b := newBrowser(t, app.testApp)
			if role.token != "" {
				b.loggedIn(role.token)
			}
			if lang == "en" {
				b.get("/lang?to=en")
			}
			for _, path := range role.pages {
				code, body := b.get(path)
				if code != http.StatusOK {
					t.Errorf("%s %s %s: %d", role.name, lang, path, code)
					continue
				}
				seen++
				text := pageText(t, body)
				for _, cell := range unlabelledCells(t, body) {
					t.Errorf("%s %s %s: a list cell without its phone label (data-label): %s", role.name, lang, path, cell)
				}
				if lang == "zh-CN" {
					if words := foreignLatin(text); len(words) > 0 {
						t.Errorf("%s %s on a Chinese page: %q", role.name, path, dedupe(words))
					}
				} else if runs := foreignHan(text, data); len(runs) > 0 {
					t.Errorf("%s %s on an English page: %q", role.name, path, dedupe(runs))
				}
			}
		}
	}
	if seen < 2*30 {
		t.Errorf("only %d pages rendered", seen)
	}
}

// unlabelledCells lists the cells of list tables that a phone would show
// without their column's name: below 600 px a list table stacks its cells,
// each preceded by its data-label (web/static/site.css). A cell spanning the
// whole row (the "no records" line) needs none.
func unlabelledCells(t *testing.T, body string) []string {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	doc.Find("table.list td").Each(func(_ int, td *goquery.Selection) {
		if _, spans := td.Attr("colspan"); spans {
			return
		}
		if label, _ := td.Attr("data-label"); strings.TrimSpace(label) == "" {
			html, _ := goquery.OuterHtml(td)
			out = append(out, html[:min(len(html), 120)])
		}
	})
	return out
}

// riskEvidence is the evidence each history indicator records (the keys of
// domain/risk_history.go), for the flags the test writes.
var riskEvidence = map[string]map[string]any{
	supervision.IndicatorBidRotation:          {"project_ids": []int64{1, 2}, "winners": 2, "group_wins": 3},
	supervision.IndicatorLowestYields:         {"project_ids": []int64{1, 2}, "lowest": 1, "winner": 2},
	supervision.IndicatorOwnerConcentration:   {"project_ids": []int64{1, 2}, "bid_on": 5, "expected_wins": 1.3, "p_value": 0.01},
	supervision.IndicatorSingleBidNearCeiling: {"project_ids": []int64{1, 2}},
	supervision.IndicatorSharedIdentity:       {"shared": []string{"contact_phone", "email"}},
	supervision.IndicatorSimilarProposals:     {"similarity": 0.92},
	supervision.IndicatorIdenticalDocuments:   {"doc_sha256": "ab12"},
	supervision.IndicatorPriceProgression:     {"prices": []string{"90000.00", "92000.00", "94000.00"}, "step": "ratio"},
	supervision.IndicatorSharedClient:         {"evidence_ids": []int64{1, 2}, "agencies": 2},
}

func dedupe(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// TestPages_EveryJobHasAName: the admin's job pages name every scheduled job
// in both languages.
func TestPages_EveryJobHasAName(t *testing.T) {
	t.Parallel()
	files, err := web.MessageFiles()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]map[string]string{}
	for _, lang := range []string{"zh-CN", "en"} {
		names[lang] = map[string]string{}
		for file, b := range files {
			if strings.HasSuffix(file, "."+lang+".json") {
				var m map[string]string
				if err := json.Unmarshal(b, &m); err != nil {
					t.Fatal(err)
				}
				maps.Copy(names[lang], m)
			}
		}
	}
	all := jobs.StandardJobs(nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if len(all) < 10 {
		t.Fatalf("only %d jobs", len(all))
	}
	for _, j := range all {
		for lang, m := range names {
			if m["job."+j.Name] == "" {
				t.Errorf("job %s has no %s name", j.Name, lang)
			}
		}
	}
}

// TestPages_ErrorsInTheReaderLanguage: a refused form on a Chinese page
// explains itself in Chinese even where the rule has no message of its own
// (the error's code then speaks), and on an English page in English.
func TestPages_ErrorsInTheReaderLanguage(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, dept := app.staff(domain.RoleDepartment, "湖北省生态环境厅")
	agency, _ := app.agency("甲咨询有限公司", "NAT-01")
	form := url.Values{"agency_id": {fmt.Sprint(agency)}, "kind": {"violation"}, "severity": {"7"}, "evidence": {"检查记录"}}
	for _, lang := range []string{"zh-CN", "en"} {
		b := newBrowser(t, app.testApp).loggedIn(dept)
		if lang == "en" {
			b.get("/lang?to=en")
		}
		code, body := b.submit("/workspace/violations", "/workspace/violations", form)
		if code != http.StatusBadRequest {
			t.Fatalf("%s: %d", lang, code)
		}
		d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		msg := strings.TrimSpace(d.Find(".field-error, [role=alert], .error").Text())
		if msg == "" {
			t.Fatalf("%s: no error shown\n%.2000s", lang, body)
		}
		if lang == "zh-CN" && (len(foreignLatin(msg)) > 0 || !cjkRun.MatchString(msg)) {
			t.Errorf("Chinese page explains %q", msg)
		}
		if lang == "en" && cjkRun.MatchString(msg) {
			t.Errorf("English page explains %q", msg)
		}
	}
	if n := app.count("SELECT count(*) FROM violations"); n != 0 {
		t.Errorf("%d violations written", n)
	}
}

// TestPages_AuditBreakInTheReaderLanguage: why the audit chain does not
// verify reads in the admin's language; the API keeps its English.
func TestPages_AuditBreakInTheReaderLanguage(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, admin := app.staff(domain.RoleAdmin, "平台管理员")
	app.agency("甲咨询有限公司", "NAT-01")
	app.agency("乙咨询有限公司", "NAT-01")
	if _, err := app.Jobs.RunOnce(context.Background(), "seal_audit"); err != nil {
		t.Fatal(err)
	}
	if n := app.count("SELECT count(*) FROM audit_log WHERE seq IS NOT NULL"); n < 3 {
		t.Fatalf("only %d sealed rows", n)
	}
	storagetestExec(t, app.testApp, "BEGIN; SET LOCAL session_replication_role = replica; DELETE FROM audit_log WHERE seq = 2; COMMIT")

	zh := newBrowser(t, app.testApp).loggedIn(admin)
	code, body := zh.get("/workspace/audit")
	if code != http.StatusOK || !strings.Contains(body, "序号不连续") {
		t.Errorf("Chinese audit page: %d\n%.3000s", code, body)
	}
	if words := foreignLatin(pageText(t, body)); len(words) > 0 {
		t.Errorf("Latin words on the Chinese audit page: %q", words)
	}
	en := newBrowser(t, app.testApp).loggedIn(admin)
	en.get("/lang?to=en")
	if _, body := en.get("/workspace/audit"); !strings.Contains(body, "sequence gap: a row is missing") {
		t.Errorf("English audit page lacks the reason")
	}
	r := app.do("GET", "/api/v1/audit/verify", admin, nil)
	if !strings.Contains(string(r.Body), `"reason":"sequence gap: a row is missing"`) || !strings.Contains(string(r.Body), `"code":"audit.broken.sequence_gap"`) {
		t.Errorf("API: %d %s", r.Status, r.Body)
	}
}
