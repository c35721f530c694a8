package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

var fieldErrors = regexp.MustCompile(`<p class="field-error"[^>]*>[^<]*</p>`)

// The owner attaches documents to a draft and amends the published notice
// from the notice page; the public sees the documents, the amendments in
// date order, the 更正公告 list and a printable notice naming the platform
// and the notice's address.
func TestPages_NoticeDocumentsAndAmendments(t *testing.T) {
	t.Parallel()
	app := newDocumentsApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, agency := app.agency("湖北楚天咨询有限公司", "NAT-01")
	p := app.draftProject(ent, nil)
	notice := fmt.Sprintf("/projects/%d", p.ID)
	owner := newBrowser(t, app.testApp).loggedIn(ent)

	code, body := owner.submitMultipart(notice, notice+"/documents", map[string]string{"title": "采购需求书"}, "需求.pdf", sampleEXE)
	if code != http.StatusBadRequest || !strings.Contains(body, "附件须为 PDF、DOCX、XLSX、ZIP、JPEG 或 PNG 文件") {
		t.Errorf("exe upload: %d %v", code, fieldErrors.FindAllString(body, -1))
	}
	code, body = owner.submitMultipart(notice, notice+"/documents", map[string]string{"title": "采购需求书"}, "需求.pdf", samplePDF)
	_, docs := app.noticeDocs(ent, p.ID)
	if code != http.StatusOK || len(docs) != 1 || !strings.Contains(body, docs[0].SHA256) || !strings.Contains(body, "下载公告") {
		t.Fatalf("pdf upload: %d %+v", code, docs)
	}
	if r := app.do("POST", fmt.Sprintf("/api/v1/projects/%d/publish", p.ID), ent, nil); r.Status != http.StatusOK {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	if r := app.do("PUT", bidPath(p.ID), agency, map[string]any{"price": "90000.00"}); r.Status != http.StatusOK {
		t.Fatalf("bid: %d %s", r.Status, r.Body)
	}

	public := newBrowser(t, app.testApp)
	_, body = public.get(notice)
	for _, want := range []string{"采购需求书", docs[0].SHA256, docs[0].DownloadURL, "本项目无更正公告"} {
		if !strings.Contains(body, want) {
			t.Errorf("public notice lacks %q", want)
		}
	}
	if strings.Contains(body, `action="`+notice+`/documents"`) || strings.Contains(body, `action="`+notice+`/amendment"`) {
		t.Error("the public sees the owner's forms")
	}

	// The form comes with the current terms; only what differs changes.
	_, form := owner.get(notice)
	closes := regexp.MustCompile(`name="closes_at" type="datetime-local" value="([^"]+)"`).FindStringSubmatch(form)
	if closes == nil {
		t.Fatalf("no amendment form for the owner:\n%.2000s", form)
	}
	values := url.Values{"rationale": {"调整最高限价"}, "description": {"编制环境影响报告表并配合审批。"},
		"ceiling_price": {"95000.00"}, "service_days": {"30"}, "closes_at": {closes[1]}}
	earlier := url.Values{"rationale": {"提前截止"}, "closes_at": {p.ClosesAt.Add(-time.Hour).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04")}}
	if code, body := owner.submit(notice, notice+"/amendment", earlier); code != http.StatusBadRequest || !strings.Contains(body, "截止时间只能延后") {
		t.Errorf("earlier close: %d %.300s", code, body)
	}
	if code, body := owner.submit(notice, notice+"/amendment", values); code != http.StatusOK || !strings.Contains(body, "调整最高限价") {
		t.Fatalf("amend: %d %.500s", code, body)
	}
	if n := app.count("SELECT count(*) FROM project_amendments"); n != 1 {
		t.Fatalf("%d amendments", n)
	}

	_, body = public.get(notice)
	for _, want := range []string{`id="amendments"`, "更正原因", "调整最高限价", "最高限价", "95000.00", "投标截止时间已顺延"} {
		if !strings.Contains(body, want) {
			t.Errorf("amended notice lacks %q", want)
		}
	}
	// a change is a cell of its own (with its phone label); the unchanged
	// terms have none
	if !strings.Contains(body, ">最高限价</td>") {
		t.Error("the changed ceiling is not listed as a change")
	}
	if strings.Contains(body, ">项目描述</td>") || strings.Contains(body, ">服务期限（天）</td>") {
		t.Error("unchanged terms listed as changes")
	}

	// The agency is asked to confirm its bid, and can.
	bidder := newBrowser(t, app.testApp).loggedIn(agency)
	if _, body := bidder.get(notice); !strings.Contains(body, "确认投标") {
		t.Error("the bidder is not asked to confirm")
	}
	if code, body := bidder.submit(notice, notice+"/bid/confirm", url.Values{}); code != http.StatusOK || strings.Contains(body, `action="`+notice+`/bid/confirm"`) {
		t.Errorf("confirm: %d", code)
	}

	_, body = public.get("/amendments")
	if !strings.Contains(body, `href="/amendments" aria-current="page"`) || !strings.Contains(body, "某工业园区新建厂房环境影响报告表编制") || !strings.Contains(body, "最高限价") {
		t.Errorf("amendment list:\n%.1500s", body)
	}
	_, body = public.get(notice + "/print")
	if !strings.Contains(body, "中介服务网上交易平台") || !strings.Contains(body, app.URL+notice) || !strings.Contains(body, docs[0].SHA256) {
		t.Errorf("print view lacks the platform, the notice URL or the documents:\n%.1500s", body)
	}

	// In English, every text is English: no message id shows through.
	en := newBrowser(t, app.testApp)
	en.get("/lang?to=en&back=/")
	for _, path := range []string{"/amendments", notice, notice + "/print"} {
		_, body := en.get(path)
		if strings.Contains(body, "amend.") || strings.Contains(body, "docs.") || strings.Contains(body, "更正原因") {
			t.Errorf("%s shows an untranslated text", path)
		}
	}
	if _, body := en.get("/amendments"); !strings.Contains(body, "Amendments") {
		t.Error("English list is not titled Amendments")
	}
}
