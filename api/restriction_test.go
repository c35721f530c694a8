package api_test

import (
	"net/url"
	"slices"
	"testing"
	"time"
)

// multiRestriction holds three restrictions of three classes, one written
// with spaces, as an owner might type them.
const multiRestriction = "仅限省内机构报名，注 册 资 本不低于300万元，须具有本地业绩。"

// TestProjectCreate_RestrictionErrorNamesEveryPhrase: the API refusal keeps
// the code restricted_phrase and carries every offending phrase with its
// class, so a client can render it in its own language.
func TestProjectCreate_RestrictionErrorNamesEveryPhrase(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "排斥条款测试企业有限公司")
	before := app.count("SELECT count(*) FROM projects")
	r := app.do("POST", "/api/v1/projects", ent, app.projectBody(map[string]any{"description": multiRestriction}))
	var e struct {
		Error struct {
			Code, Field string
			Params      struct {
				Restrictions []struct{ Class, Phrase string }
			}
		}
	}
	r.decode(t, &e)
	if r.Status != 400 || e.Error.Code != "restricted_phrase" || e.Error.Field != "description" {
		t.Fatalf("got %d %s", r.Status, r.Body)
	}
	want := []struct{ Class, Phrase string }{
		{"region", "仅限省内机构"}, {"capital_size", "注 册 资 本不低于300万元"}, {"regional_performance", "本地业绩"},
	}
	if !slices.Equal(e.Error.Params.Restrictions, want) {
		t.Errorf("restrictions = %+v, want %+v", e.Error.Params.Restrictions, want)
	}
	if after := app.count("SELECT count(*) FROM projects"); after != before {
		t.Errorf("projects %d → %d: a refused project was written", before, after)
	}
}

// TestPages_RestrictionErrorInTheReadersLanguage: the project form names
// every phrase with its class, in Chinese and in English.
func TestPages_RestrictionErrorInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, token := app.register("enterprise", "排斥条款页面测试企业有限公司")
	b := newBrowser(t, app.testApp)
	b.loginAs(token)
	closes := app.now.Add(48 * time.Hour).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04")
	form := url.Values{"title": {"某厂房扩建环境影响评价"}, "item_code": {"NAT-01"}, "region": {"湖北省武汉市"}, "method": {"lowest_price"},
		"ceiling_price": {"125000"}, "bidding_closes_at": {closes}, "service_days": {"30"}, "min_bids": {"1"}, "do": {"publish"},
		"description": {multiRestriction}}
	code, body := b.submit("/workspace/projects/new", "/workspace/projects/new", form)
	if code != 400 {
		t.Fatalf("got %d", code)
	}
	mustContain(t, "Chinese form", body, "「仅限省内机构」（地域限制）", "「注 册 资 本不低于300万元」（注册资本与规模）", "「本地业绩」（地域业绩）")
	b.get("/lang?to=en&back=/")
	code, body = b.submit("/workspace/projects/new", "/workspace/projects/new", form)
	if code != 400 {
		t.Fatalf("got %d", code)
	}
	mustContain(t, "English form", body, "“仅限省内机构” (region)", "“注 册 资 本不低于300万元” (registered capital or size)",
		"“本地业绩” (past performance in a region)")
}
