package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestMarketplace_CreateProject(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, dept := app.staff("department", "某市生态环境局")
	agID, ag := app.agency("湖北某环境咨询有限公司", "NAT-01")
	_, adm := app.staff("admin", "平台管理员")

	t.Run("OK enterprise", func(t *testing.T) {
		r := app.do("POST", "/api/v1/projects", ent, app.projectBody(map[string]any{
			"avoid": []map[string]any{{"agency_id": agID, "reason": "该机构股东为本企业关联方"}}}))
		if r.Status != http.StatusCreated {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		var p projectJSON
		r.decode(t, &p)
		if p.Status != "draft" || p.Funding != "self" || len(p.Avoid) != 1 || p.Avoid[0].Reason == "" {
			t.Errorf("got %+v", p)
		}
	})
	t.Run("OK department defaults", func(t *testing.T) {
		r := app.do("POST", "/api/v1/projects", dept, app.projectBody(map[string]any{"budget_code": "2026-EE-01", "min_bids": nil}))
		if r.Status != http.StatusCreated {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		var p projectJSON
		r.decode(t, &p)
		if p.Funding != "budget" || p.MinBids != 3 {
			t.Errorf("got %+v", p)
		}
	})

	bad := []struct {
		name   string
		token  string
		over   map[string]any
		status int
		code   string
	}{
		{"anonymous", "", nil, 401, "unauthenticated"},
		{"agency", ag, nil, 403, "forbidden"},
		{"admin", adm, nil, 403, "forbidden"},
		{"department direct", dept, map[string]any{"budget_code": "B-1", "method": "direct"}, 400, "direct_not_allowed"},
		{"department no budget code", dept, nil, 400, "budget_code_required"},
		{"department no ceiling", dept, map[string]any{"budget_code": "B-1", "ceiling_price": nil}, 400, "ceiling_required"},
		{"department min_bids 1", dept, map[string]any{"budget_code": "B-1"}, 400, "min_bids_range"},
		{"department self funding", dept, map[string]any{"budget_code": "B-1", "funding": "self"}, 400, "funding_department_budget"},
		{"enterprise budget funding", ent, map[string]any{"funding": "budget", "budget_code": "B"}, 400, "funding_enterprise_self"},
		{"unknown item", ent, map[string]any{"item_code": "NOPE-1"}, 400, "item_not_found"},
		{"abolished item", ent, map[string]any{"item_code": "QX-01", "service_days": 5}, 400, "item_abolished"},
		{"service days beyond limit", ent, map[string]any{"service_days": 61}, 400, "service_days_exceed_limit"},
		{"auction without step", ent, map[string]any{"method": "reverse_auction"}, 400, "min_step_required"},
		{"auction step too small", ent, map[string]any{"method": "reverse_auction", "min_step": "499.99"}, 400, "min_step_range"},
		{"auction step too large", ent, map[string]any{"method": "reverse_auction", "min_step": "3000.01"}, 400, "min_step_range"},
		{"auction without ceiling", ent, map[string]any{"method": "reverse_auction", "min_step": "500.00", "ceiling_price": nil}, 400, "ceiling_required"},
		{"composite weights 90", ent, map[string]any{"method": "composite", "weights": map[string]int{"price": 50, "credit": 10, "technical": 30}}, 400, "weights_sum"},
		{"composite no weights", ent, map[string]any{"method": "composite"}, 400, "weights_required"},
		{"min_bids 0", ent, map[string]any{"min_bids": 0}, 400, "min_bids_range"},
		{"avoid without reason", ent, map[string]any{"avoid": []map[string]any{{"agency_id": agID, "reason": ""}}}, 400, "avoid_reason_required"},
		{"avoid not an agency", ent, map[string]any{"avoid": []map[string]any{{"agency_id": 999999, "reason": "关联方"}}}, 400, "avoid_not_agency"},
		{"registered capital", ent, map[string]any{"description": "投标人注册资本不低于 500 万元"}, 400, "restricted_phrase"},
		{"local office full-width", ent, map[string]any{"description": "须在本市　设立　办公场所"}, 400, "restricted_phrase"},
		{"years in business", ent, map[string]any{"title": "环评编制（成立满３年）"}, 400, "restricted_phrase"},
		{"ceiling as number", ent, map[string]any{"ceiling_price": 100000}, 400, "money_format"},
		{"ceiling with exponent", ent, map[string]any{"ceiling_price": "1e5"}, 400, "money_format"},
		{"ceiling negative", ent, map[string]any{"ceiling_price": "-1"}, 400, "money_format"},
		{"ceiling three decimals", ent, map[string]any{"ceiling_price": "12.345"}, 400, "money_format"},
		{"ceiling full-width", ent, map[string]any{"ceiling_price": "１２３"}, 400, "money_format"},
		{"bad deadline", ent, map[string]any{"bidding_closes_at": "tomorrow"}, 400, "malformed_json"},
		{"unknown field", ent, map[string]any{"registered_capital": "500"}, 400, "unknown_field"},
		{"missing method", ent, map[string]any{"method": nil}, 400, "invalid_required"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			before := app.count("SELECT count(*) FROM projects")
			r := app.do("POST", "/api/v1/projects", tc.token, app.projectBody(tc.over))
			if r.Status != tc.status || r.errorCode(t) != tc.code {
				t.Errorf("got %d %s, want %d %s", r.Status, r.Body, tc.status, tc.code)
			}
			if after := app.count("SELECT count(*) FROM projects"); after != before {
				t.Errorf("projects %d → %d: something was written", before, after)
			}
		})
	}
	t.Run("restriction error names the phrase", func(t *testing.T) {
		r := app.do("POST", "/api/v1/projects", ent, app.projectBody(map[string]any{"description": "须具有分支机构"}))
		if r.Status != 400 || !strings.Contains(string(r.Body), "分支机构") {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
}

func TestMarketplace_PublishProject(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	ownerID, ent := app.register("enterprise", "武汉某制造有限公司")
	_, other := app.register("enterprise", "另一家企业有限公司")
	app.agency("发布测试中介有限公司", "NAT-01") // a project no agency could bid on is not published
	create := func(over map[string]any) int64 {
		r := app.do("POST", "/api/v1/projects", ent, app.projectBody(over))
		if r.Status != 201 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		var p projectJSON
		r.decode(t, &p)
		return p.ID
	}
	publish := func(id int64, token string) *response {
		return app.do("POST", fmt.Sprintf("/api/v1/projects/%d/publish", id), token, nil)
	}

	t.Run("draft visible only to owner", func(t *testing.T) {
		id := create(nil)
		for _, tok := range []string{"", other} {
			if r := app.do("GET", fmt.Sprintf("/api/v1/projects/%d", id), tok, nil); r.Status != 404 {
				t.Errorf("draft to non-owner: %d", r.Status)
			}
			var l struct{ Total int }
			app.do("GET", fmt.Sprintf("/api/v1/projects?owner=%d", ownerID), tok, nil).decode(t, &l)
			if l.Total != 0 {
				t.Errorf("listing shows a draft to a non-owner: %d", l.Total)
			}
		}
		if r := app.do("GET", fmt.Sprintf("/api/v1/projects/%d", id), ent, nil); r.Status != 200 {
			t.Errorf("owner: %d", r.Status)
		}
		if r := publish(id, other); r.Status != 404 {
			t.Errorf("publish someone else's draft: %d %s", r.Status, r.Body)
		}
	})
	t.Run("window measured from publication", func(t *testing.T) {
		id := create(map[string]any{"bidding_closes_at": app.now.Add(90 * time.Minute).Format(time.RFC3339)})
		app.setNow(app.now.Add(31 * time.Minute)) // 59 minutes left < 1h
		defer app.setNow(app.now.Add(-31 * time.Minute))
		if r := publish(id, ent); r.Status != 400 || r.errorCode(t) != "bidding_window_too_short" {
			t.Errorf("%d %s", r.Status, r.Body)
		}
		if got := app.count(fmt.Sprintf("SELECT count(*) FROM projects WHERE id = %d AND status = 'draft'", id)); got != 1 {
			t.Errorf("project left draft")
		}
	})
	t.Run("item abolished after the draft", func(t *testing.T) {
		id := create(map[string]any{"item_code": "NAT-02", "service_days": 10})
		storagetestExec(t, app.testApp, "UPDATE catalogue_items SET status = 'abolished' WHERE code = 'NAT-02'")
		defer storagetestExec(t, app.testApp, "UPDATE catalogue_items SET status = 'retained' WHERE code = 'NAT-02'")
		if r := publish(id, ent); r.Status != 400 || r.errorCode(t) != "item_abolished" {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("publish, twice, cancel", func(t *testing.T) {
		id := create(nil)
		if r := publish(id, ent); r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if r := publish(id, ent); r.Status != 409 || r.errorCode(t) != "not_draft" {
			t.Errorf("second publish: %d %s", r.Status, r.Body)
		}
		cancel := fmt.Sprintf("/api/v1/projects/%d/cancel", id)
		if r := app.do("POST", cancel, ent, map[string]string{"reason": ""}); r.Status != 400 {
			t.Errorf("cancel without reason: %d %s", r.Status, r.Body)
		}
		if r := app.do("POST", cancel, other, map[string]string{"reason": "不要了"}); r.Status != 403 {
			t.Errorf("cancel by another: %d %s", r.Status, r.Body)
		}
		r := app.do("POST", cancel, ent, map[string]string{"reason": "项目计划调整"})
		var p projectJSON
		r.decode(t, &p)
		if r.Status != 200 || p.Status != "cancelled" {
			t.Errorf("cancel: %d %s", r.Status, r.Body)
		}
		if r := app.do("POST", cancel, ent, map[string]string{"reason": "再取消"}); r.Status != 409 {
			t.Errorf("cancel twice: %d", r.Status)
		}
	})
	t.Run("cancel refused after the deadline", func(t *testing.T) {
		p := app.publishedProject(ent, nil)
		app.setNow(p.ClosesAt)
		defer app.setNow(app.now.Add(-2 * time.Hour))
		r := app.do("POST", fmt.Sprintf("/api/v1/projects/%d/cancel", p.ID), ent, map[string]string{"reason": "太晚了"})
		if r.Status != 409 || r.errorCode(t) != "bidding_closed" {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
}

func TestMarketplace_ListProjects(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	entID, ent := app.register("enterprise", "武汉某制造有限公司")
	_, dept := app.staff("department", "某市水利局")
	app.agency("列表测试中介甲有限公司", "NAT-01", "NAT-03") // agencies that could bid on the projects below
	app.agency("列表测试中介乙有限公司", "NAT-03")
	a := app.publishedProject(ent, map[string]any{"bidding_closes_at": app.now.Add(5 * time.Hour).Format(time.RFC3339)})
	b := app.publishedProject(dept, map[string]any{"item_code": "NAT-03", "region": "湖北省宜昌市", "budget_code": "B-9", "min_bids": 2,
		"service_days": 20, "bidding_closes_at": app.now.Add(3 * time.Hour).Format(time.RFC3339)})
	app.do("POST", "/api/v1/projects", ent, app.projectBody(nil)) // a draft, never listed publicly

	list := func(q, token string) []int64 {
		t.Helper()
		r := app.do("GET", "/api/v1/projects"+q, token, nil)
		if r.Status != 200 {
			t.Fatalf("%s: %d %s", q, r.Status, r.Body)
		}
		var l struct{ Items []projectJSON }
		r.decode(t, &l)
		var ids []int64
		for _, p := range l.Items {
			ids = append(ids, p.ID)
		}
		return ids
	}
	tests := []struct {
		q    string
		want []int64
	}{
		{"", []int64{b.ID, a.ID}},
		{"?sort=deadline", []int64{b.ID, a.ID}},
		{"?sort=date", []int64{b.ID, a.ID}},
		{"?funding=budget", []int64{b.ID}},
		{"?item=NAT-01", []int64{a.ID}},
		{"?region=湖北省宜昌", []int64{b.ID}},
		{fmt.Sprintf("?owner=%d", entID), []int64{a.ID}},
		{"?status=bidding&per_page=1&page=2", []int64{a.ID}},
		{"?status=failed", nil},
	}
	for _, tc := range tests {
		if got := list(tc.q, ""); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: got %v, want %v", tc.q, got, tc.want)
		}
	}
	if got := list("?status=draft", ent); len(got) != 1 {
		t.Errorf("owner's drafts: %v", got)
	}
	for _, q := range []string{"?sort=price", "?status=open", "?funding=x", "?per_page=500", "?owner=abc"} {
		if r := app.do("GET", "/api/v1/projects"+q, "", nil); r.Status != 400 {
			t.Errorf("%s: %d", q, r.Status)
		}
	}
}
