package api_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/market"
)

// TestMarketplace_BudgetCompositeWeights: on a budget-funded composite
// project the price weight is at least 10 and the technical weight at most
// 90 (财政部令第87号 第五十五条), so the department's own technical score
// cannot pick the winner alone; an enterprise keeps its freedom.
func TestMarketplace_BudgetCompositeWeights(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, dept := app.staff(domain.RoleDepartment, "某市生态环境局")
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	budget := func(w market.Weights) map[string]any {
		return app.projectBody(map[string]any{"method": "composite", "weights": w, "funding": "budget", "budget_code": "2026-HB-001", "min_bids": 2})
	}
	for _, c := range []struct {
		name   string
		token  string
		body   map[string]any
		status int
		code   string
	}{
		{"department, price 0 technical 100", dept, budget(market.Weights{Price: 0, Credit: 0, Technical: 100}), 400, "weights_budget_price"},
		{"department, price 9 technical 91", dept, budget(market.Weights{Price: 9, Credit: 0, Technical: 91}), 400, "weights_budget_price"},
		{"department, price 5 credit 5 technical 90", dept, budget(market.Weights{Price: 5, Credit: 5, Technical: 90}), 400, "weights_budget_price"},
		{"department, price 10 technical 90", dept, budget(market.Weights{Price: 10, Credit: 0, Technical: 90}), 201, ""},
		{"enterprise, price 0 technical 100", ent, app.projectBody(map[string]any{"method": "composite", "weights": market.Weights{Technical: 100}}), 201, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := app.do("POST", "/api/v1/projects", c.token, c.body)
			if r.Status != c.status {
				t.Fatalf("got %d, want %d: %s", r.Status, c.status, r.Body)
			}
			if c.code == "" {
				return
			}
			var e struct {
				Error struct{ Code, Message, Field string }
			}
			r.decode(t, &e)
			if e.Error.Code != c.code || e.Error.Field != "weights" || !strings.Contains(e.Error.Message, "87") {
				t.Errorf("error %+v, want %s on weights citing 财政部令第87号", e.Error, c.code)
			}
		})
	}

	t.Run("the department's form shows the rule beside the weights", func(t *testing.T) {
		b := newBrowser(t, app.testApp)
		b.loginAs(dept)
		closes := app.now.Add(48 * time.Hour).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04")
		form := url.Values{"title": {"某流域水环境质量评估"}, "item_code": {"NAT-01"}, "method": {"composite"}, "ceiling_price": {"300000"},
			"budget_code": {"2026-HB-001"}, "bidding_closes_at": {closes}, "service_days": {"30"}, "min_bids": {"2"},
			"w_price": {"0"}, "w_credit": {"0"}, "w_technical": {"100"}, "do": {"draft"}}
		code, body := b.submit("/workspace/projects/new", "/workspace/projects/new", form)
		if code != 400 {
			t.Fatalf("got %d", code)
		}
		i := strings.Index(body, `id="w_technical"`)
		j := strings.LastIndex(body, "不得低于 10")
		k := strings.Index(body, `id="min_bids"`)
		if i < 0 || !(i < j && j < k) {
			t.Errorf("the rule is not shown beside the weights (%d %d %d)", i, j, k)
		}
		mustContain(t, "refused form", body, "财政部令第87号", `<a href="#w_price">`, `value="某流域水环境质量评估"`)
	})
}
