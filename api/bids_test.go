package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

type bidJSON struct {
	ID            int64
	Price         string
	Proposal      string
	Status        string
	InvalidReason string `json:"invalid_reason"`
	ServiceDays   int    `json:"service_days"`
}

func TestMarketplace_PlaceBid(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	agID, ag := app.agency("湖北某环境咨询有限公司", "NAT-01")
	p := app.publishedProject(ent, nil)

	t.Run("submit, read, revise, withdraw, resubmit", func(t *testing.T) {
		r := app.do("PUT", bidPath(p.ID), ag, map[string]any{"price": "88000.50", "proposal": "技术方案甲"})
		var b bidJSON
		r.decode(t, &b)
		if r.Status != 200 || b.Price != "88000.50" || b.Status != "submitted" || b.ServiceDays != 30 {
			t.Fatalf("submit: %d %s", r.Status, r.Body)
		}
		r = app.do("PUT", bidPath(p.ID), ag, map[string]any{"price": "87000", "proposal": "技术方案乙", "service_days": 25})
		if r.Status != 200 {
			t.Fatalf("revise: %d %s", r.Status, r.Body)
		}
		app.do("GET", bidPath(p.ID), ag, nil).decode(t, &b)
		if b.Price != "87000.00" || b.Proposal != "技术方案乙" || b.ServiceDays != 25 {
			t.Errorf("mine after revise: %+v", b)
		}
		if n := app.count(fmt.Sprintf("SELECT count(*) FROM bids WHERE project_id = %d", p.ID)); n != 1 {
			t.Errorf("%d bid rows, want 1 (one live bid per agency)", n)
		}
		r = app.do("DELETE", bidPath(p.ID), ag, nil)
		r.decode(t, &b)
		if r.Status != 200 || b.Status != "withdrawn" {
			t.Errorf("withdraw: %d %s", r.Status, r.Body)
		}
		if r := app.do("DELETE", bidPath(p.ID), ag, nil); r.Status != 409 {
			t.Errorf("withdraw twice: %d", r.Status)
		}
		if r := app.do("PUT", bidPath(p.ID), ag, map[string]any{"price": "86000.00"}); r.Status != 200 {
			t.Errorf("resubmit: %d %s", r.Status, r.Body)
		}
		if n := auditRowsRevealingBids(t, app.testApp, p.ID); n != 0 {
			t.Errorf("%d audit rows reveal a sealed bid", n)
		}
	})

	bad := []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"exponent", map[string]any{"price": "1e5"}, 400, "money_format"},
		{"negative", map[string]any{"price": "-1"}, 400, "money_format"},
		{"three decimals", map[string]any{"price": "12.345"}, 400, "money_format"},
		{"full-width digits", map[string]any{"price": "１２３"}, 400, "money_format"},
		{"JSON number", map[string]any{"price": 123}, 400, "money_format"},
		{"zero", map[string]any{"price": "0.00"}, 400, "price_not_positive"},
		{"above ceiling", map[string]any{"price": "100000.01"}, 400, "price_above_ceiling"},
		{"missing price", map[string]any{"proposal": "x"}, 400, "invalid_required"},
		{"service days beyond project", map[string]any{"price": "1.00", "service_days": 31}, 400, "bid_service_days_range"},
		{"unknown field", map[string]any{"price": "1.00", "count": 3}, 400, "unknown_field"},
		{"not JSON", "price=1", 400, "malformed_json"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			before := app.count(fmt.Sprintf("SELECT price_fen FROM bids WHERE project_id = %d AND agency_id = %d", p.ID, agID))
			r := app.do("PUT", bidPath(p.ID), ag, tc.body)
			if r.Status != tc.status || r.errorCode(t) != tc.code {
				t.Errorf("got %d %s, want %d %s", r.Status, r.Body, tc.status, tc.code)
			}
			if after := app.count(fmt.Sprintf("SELECT price_fen FROM bids WHERE project_id = %d AND agency_id = %d", p.ID, agID)); after != before {
				t.Errorf("stored price changed %d → %d", before, after)
			}
		})
	}

	t.Run("project states", func(t *testing.T) {
		r := app.do("POST", "/api/v1/projects", ent, app.projectBody(nil))
		var draft projectJSON
		r.decode(t, &draft)
		if r := app.do("PUT", bidPath(draft.ID), ag, map[string]any{"price": "1.00"}); r.Status != 404 {
			t.Errorf("bid on a draft: %d %s", r.Status, r.Body)
		}
		cancelled := app.publishedProject(ent, nil)
		app.do("POST", fmt.Sprintf("/api/v1/projects/%d/cancel", cancelled.ID), ent, map[string]string{"reason": "计划取消"})
		if r := app.do("PUT", bidPath(cancelled.ID), ag, map[string]any{"price": "1.00"}); r.Status != 409 || r.errorCode(t) != "bidding_closed" {
			t.Errorf("bid on a cancelled project: %d %s", r.Status, r.Body)
		}
		if r := app.do("PUT", bidPath(99999), ag, map[string]any{"price": "1.00"}); r.Status != 404 {
			t.Errorf("bid on nothing: %d", r.Status)
		}
		if r := app.do("PUT", "/api/v1/projects/abc/bids/mine", ag, map[string]any{"price": "1.00"}); r.Status != 404 {
			t.Errorf("bid on a bad id: %d", r.Status)
		}
	})

	t.Run("after the deadline, scheduler stopped", func(t *testing.T) {
		q := app.publishedProject(ent, nil)
		if r := app.do("PUT", bidPath(q.ID), ag, map[string]any{"price": "50000.00"}); r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		saved := app.now
		app.setNow(q.ClosesAt) // exactly at the deadline: closed
		defer app.setNow(saved)
		for _, method := range []string{"PUT", "DELETE"} {
			r := app.do(method, bidPath(q.ID), ag, map[string]any{"price": "40000.00"})
			if r.Status != 409 || r.errorCode(t) != "bidding_closed" {
				t.Errorf("%s after close: %d %s", method, r.Status, r.Body)
			}
		}
		if n := app.count(fmt.Sprintf("SELECT count(*) FROM bids WHERE project_id = %d AND price_fen = 5000000 AND status = 'submitted'", q.ID)); n != 1 {
			t.Errorf("the bid changed after close")
		}
	})

	t.Run("enterprise cannot bid", func(t *testing.T) {
		if r := app.do("PUT", bidPath(p.ID), ent, map[string]any{"price": "1.00"}); r.Status != 403 {
			t.Errorf("%d", r.Status)
		}
		if r := app.do("PUT", bidPath(p.ID), "", map[string]any{"price": "1.00"}); r.Status != 401 {
			t.Errorf("%d", r.Status)
		}
	})
}

func TestMarketplace_Eligibility(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	deptID, dept := app.staff("department", "某市自然资源局")
	avoidedID, avoided := app.agency("被回避的测绘公司", "NAT-09")
	// The draft first: its avoid list waits for a second department, and it
	// is published once agencies that could bid exist (below).
	var p projectJSON
	app.do("POST", "/api/v1/projects", dept, app.projectBody(map[string]any{"item_code": "NAT-09", "service_days": 10, "budget_code": "ZR-2026-3", "min_bids": 2,
		"avoid": []map[string]any{{"agency_id": avoidedID, "reason": "该机构为本项目前期咨询单位"}}})).decode(t, &p)
	qual := func(agency int64, from, until string) int64 {
		var id int64
		storagetestCount(t, app.testApp, fmt.Sprintf(`INSERT INTO qualifications (agency_id, item_code, number, issuer, valid_from, valid_until)
			VALUES (%d, 'NAT-09', 'CH-%d', '自然资源厅', '%s', '%s') RETURNING id`, agency, agency, from, until), &id)
		return id
	}
	today := app.now.Add(8 * time.Hour) // the platform reads qualification dates in China time
	day := func(d int) string { return today.AddDate(0, 0, d).Format("2006-01-02") }

	okID, ok := app.agency("合格测绘公司", "NAT-09")
	qual(okID, day(-100), day(100))
	_, noItem := app.agency("没有该事项的公司", "NAT-01")
	_, noQual := app.agency("无资质测绘公司", "NAT-09")
	expiredID, expired := app.agency("资质过期测绘公司", "NAT-09")
	qual(expiredID, day(-400), day(-1))
	notYetID, notYet := app.agency("资质未生效测绘公司", "NAT-09")
	qual(notYetID, day(1), day(400))
	flaggedID, flagged := app.agency("资质造假测绘公司", "NAT-09")
	q := qual(flaggedID, day(-10), day(100))
	storagetestExec(t, app.testApp, fmt.Sprintf("INSERT INTO qualification_flags (qualification_id, flagged_by, evidence) VALUES (%d, %d, '证书编号不存在')", q, deptID))
	suspendedID, suspended := app.agency("被暂停测绘公司", "NAT-09")
	qual(suspendedID, day(-10), day(100))
	storagetestExec(t, app.testApp, fmt.Sprintf("UPDATE accounts SET status = 'suspended' WHERE id = %d", suspendedID))
	qual(avoidedID, day(-10), day(100))
	affID, affiliated := app.agency("下属事业单位测绘院", "NAT-09")
	qual(affID, day(-10), day(100))
	storagetestExec(t, app.testApp, fmt.Sprintf("INSERT INTO affiliations (agency_id, department_id, relation) VALUES (%d, %d, 'subordinate')", affID, deptID))
	// A withdrawn affiliation keeps counting for the cooling-off year.
	withdrawnID, withdrawn := app.agency("刚脱钩的测绘院", "NAT-09")
	qual(withdrawnID, day(-10), day(100))
	storagetestExec(t, app.testApp, fmt.Sprintf("INSERT INTO affiliations (agency_id, department_id, relation, ended_at) VALUES (%d, %d, 'former_staff', '%s')",
		withdrawnID, deptID, app.now.Add(-30*24*time.Hour).Format(time.RFC3339)))
	cooledID, cooled := app.agency("脱钩满一年的测绘院", "NAT-09")
	qual(cooledID, day(-10), day(100))
	storagetestExec(t, app.testApp, fmt.Sprintf("INSERT INTO affiliations (agency_id, department_id, relation, ended_at) VALUES (%d, %d, 'former_staff', '%s')",
		cooledID, deptID, app.now.Add(-400*24*time.Hour).Format(time.RFC3339)))
	_, dept2 := app.staff("department", "某市测绘地理信息局")
	confirmAvoidList(t, app.testApp, dept2, p.ID)
	if r := app.do("POST", fmt.Sprintf("/api/v1/projects/%d/publish", p.ID), dept, nil); r.Status != 200 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}

	tests := []struct {
		name, token string
		status      int
		code        string
	}{
		{"eligible", ok, 200, ""},
		{"item not offered", noItem, 403, "item_not_offered"},
		{"no qualification", noQual, 403, "qualification_missing"},
		{"expired qualification", expired, 403, "qualification_missing"},
		{"qualification not yet valid", notYet, 403, "qualification_missing"},
		{"flagged qualification", flagged, 403, "qualification_missing"},
		{"suspended", suspended, 403, "agency_not_active"},
		{"avoided", avoided, 403, "agency_avoided"},
		{"affiliated with the department", affiliated, 403, "agency_affiliated"},
		{"affiliation withdrawn a month ago", withdrawn, 403, "agency_affiliated"},
		{"affiliation withdrawn over a year ago", cooled, 200, ""},
		{"department", dept, 403, "forbidden"},
		{"enterprise", ent, 403, "forbidden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := app.do("PUT", bidPath(p.ID), tc.token, map[string]any{"price": "1000.00"})
			code := ""
			if r.Status != 200 {
				code = r.errorCode(t)
			}
			if r.Status != tc.status || (tc.code != "" && code != tc.code) {
				t.Errorf("got %d %s, want %d %s", r.Status, r.Body, tc.status, tc.code)
			}
		})
	}
	if n := app.count(fmt.Sprintf("SELECT count(*) FROM bids WHERE project_id = %d", p.ID)); n != 2 {
		t.Errorf("%d bids stored, want only the two eligible ones", n)
	}
	// The affiliation rule is for department projects only.
	ep := app.publishedProject(ent, map[string]any{"item_code": "NAT-09", "service_days": 10})
	if r := app.do("PUT", bidPath(ep.ID), affiliated, map[string]any{"price": "1000.00"}); r.Status != 200 {
		t.Errorf("affiliated agency on an enterprise project: %d %s", r.Status, r.Body)
	}
	_ = http.StatusOK
}

// auditRowsRevealingBids counts the audit rows that hold one of
// TestMarketplace_PlaceBid's prices (86000, 87000.00, 8800050 fen…), its
// proposals, or a price on the project. A price starts after a non-digit:
// the test's registration numbers (u8600@…, …MA0008700…) are not prices,
// and neither are the SHA-256 digests of receipts (64 hex digits), which
// are taken out before the prices are looked for.
func auditRowsRevealingBids(t *testing.T, app *testApp, projectID int64) int64 {
	t.Helper()
	return app.count(t, fmt.Sprintf(`SELECT count(*) FROM audit_log
		WHERE regexp_replace(summary::text, '[0-9a-f]{64}', '', 'g') ~ '(^|[^0-9])8[678]0[0-9]{2}'
		OR summary::text LIKE '%%技术方案%%' OR (subject_id = '%d' AND summary::text LIKE '%%"price"%%')`, projectID))
}

// The sealed-bid check of the audit log finds a price, and does not take
// for one a receipt's digest that happens to hold its digits
// (…a87012…), which a bid's receipt writes in about one run in fifty.
func TestAuditRowsRevealingBids(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	insert := func(summary string) {
		storagetestExec(t, app, fmt.Sprintf(`INSERT INTO audit_log (at, actor_id, actor_role, action, subject_type, subject_id, summary)
			VALUES (now(), 0, 'system', 'bid_receipt.sealed', 'project', '1', '%s')`, summary))
	}
	insert(`{"agency_id": 2, "receipt_sha256": "81f17f0b5fdc36b1434a0503a87012f8645796c04d160e642c10a1f1154e92ab"}`)
	if n := auditRowsRevealingBids(t, app, 1); n != 0 {
		t.Errorf("a receipt digest read as %d revealing rows", n)
	}
	insert(`{"agency_id": 2, "amount": "87000.00"}`)
	if n := auditRowsRevealingBids(t, app, 1); n != 1 {
		t.Errorf("a price read as %d revealing rows, want 1", n)
	}
}
