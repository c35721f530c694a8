package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"marketplace/domain"
	"marketplace/domain/search"
)

// TestSavedSearch_Pages: 「保存为订阅」 on /projects pre-fills the workspace
// form from the list's filters; the page saves, lists with the feed
// address, refuses bad input beside the field in the user's language, and
// deletes; every role's menu links it.
func TestSavedSearch_Pages(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	_, tok := app.register("agency", "甲环境咨询有限公司")
	b := newBrowser(t, app)
	b.loginAs(tok)

	_, list := b.get("/projects?q=%E7%8E%AF%E8%AF%84&region=%E6%B9%96%E5%8C%97%E7%9C%81&funding=self")
	m := regexp.MustCompile(`href="(/workspace/saved-searches\?from=[^"]+)"`).FindStringSubmatch(list)
	if m == nil || !strings.Contains(list, "保存为订阅") {
		t.Fatalf("no 保存为订阅 link on /projects")
	}
	status, form := b.get(strings.ReplaceAll(m[1], "&amp;", "&"))
	if status != http.StatusOK {
		t.Fatalf("form: %d", status)
	}
	mustContain(t, "pre-filled form", form, `name="q" value="环评"`, `name="region" value="湖北省"`, `value="self" selected`,
		`href="/workspace/saved-searches"`, "我的订阅")
	_, searchPage := b.get("/search?q=%E5%9C%9F%E5%A3%A4")
	mustContain(t, "/search", searchPage, "保存为订阅")

	status, page := b.submit("/workspace/saved-searches", "/workspace/saved-searches", url.Values{"name": {"湖北环评"}, "q": {"环评"},
		"region": {"湖北省"}, "funding": {"self"}, "ceiling_min": {"1000"}, "frequency": {"daily"}})
	if status != http.StatusOK {
		t.Fatalf("save: %d", status)
	}
	mustContain(t, "saved", page, "已保存订阅", "湖北环评", "每日汇总", "/feeds/saved-searches/")
	list2, err := app.Market.Searches().ListSaved(t.Context(), domain.Actor{ID: mustAccount(t, app, tok), Role: domain.RoleAgency})
	if err != nil || len(list2) != 1 || list2[0].Frequency != search.Daily || list2[0].CeilingMin == nil || *list2[0].CeilingMin != 100000 {
		t.Fatalf("stored: %+v %v", list2, err)
	}
	if r := app.do("GET", list2[0].FeedPath, "", nil); r.Status != http.StatusOK {
		t.Errorf("the listed feed: %d", r.Status)
	}

	status, page = b.submit("/workspace/saved-searches", "/workspace/saved-searches", url.Values{"ceiling_min": {"9"}, "ceiling_max": {"1"}})
	if status != http.StatusBadRequest {
		t.Errorf("reversed range: %d", status)
	}
	mustContain(t, "refused", page, "限价上限不能低于下限", `value="9"`)
	eb := newBrowser(t, app)
	eb.loginAs(tok)
	eb.get("/lang?to=en&back=/workspace")
	status, page = eb.submit("/workspace/saved-searches", "/workspace/saved-searches", url.Values{"name": {"x"}})
	if status != http.StatusBadRequest || !strings.Contains(page, "Give at least one condition") || !strings.Contains(page, "Saved searches") {
		t.Errorf("English refusal: %d", status)
	}

	status, page = b.submit("/workspace/saved-searches", fmt.Sprintf("/workspace/saved-searches/%d/delete", list2[0].ID), url.Values{})
	if status != http.StatusOK || !strings.Contains(page, "订阅已删除") {
		t.Errorf("delete: %d", status)
	}
	if r := app.do("GET", list2[0].FeedPath, "", nil); r.Status != http.StatusNotFound {
		t.Errorf("the deleted search's feed: %d", r.Status)
	}
	for _, role := range []string{domain.RoleEnterprise, domain.RoleDepartment, domain.RoleAdmin} {
		var tok string
		if role == domain.RoleEnterprise {
			_, tok = app.register(role, "某某建设有限公司")
		} else {
			_, tok = app.staff(role, "某某"+role)
		}
		rb := newBrowser(t, app)
		rb.loginAs(tok)
		if status, ws := rb.get("/workspace/saved-searches"); status != http.StatusOK || !strings.Contains(ws, `href="/workspace/saved-searches"`) {
			t.Errorf("%s: %d or no menu entry", role, status)
		}
	}
	anon := newBrowser(t, app)
	if _, login := anon.get("/workspace/saved-searches"); !strings.Contains(login, `action="/login"`) || strings.Contains(login, "我的订阅") {
		t.Errorf("anonymous visitors are not sent to the login page")
	}
}

func mustAccount(t *testing.T, app *testApp, token string) int64 {
	t.Helper()
	var me struct{ ID int64 }
	app.do("GET", "/api/v1/auth/me", token, nil).decode(t, &me)
	if me.ID == 0 {
		t.Fatal("no account")
	}
	return me.ID
}
