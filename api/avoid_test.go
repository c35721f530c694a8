package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"marketplace/domain/market"
)

// TestProjects_AvoidListCannotDesignate is issue #18.2: a department named
// every agency offering the item but one on its avoid list, and published.
func TestProjects_AvoidListCannotDesignate(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, dept := app.staff("department", "某市生态环境局")
	_, dept2 := app.staff("department", "某市水利局")
	var ids []int64
	for i := 0; i < 4; i++ {
		id, _ := app.agency(fmt.Sprintf("环评咨询%d号有限公司", i+1), "NAT-01")
		ids = append(ids, id)
	}
	avoid := func(ids ...int64) []map[string]any {
		var out []map[string]any
		for _, id := range ids {
			out = append(out, map[string]any{"agency_id": id, "reason_code": "prior_involvement", "reason": "参与本投资项目可行性研究"})
		}
		return out
	}
	create := func(token string, over map[string]any) *response {
		t.Helper()
		return app.do("POST", "/api/v1/projects", token, app.projectBody(over))
	}

	t.Run("more entries than the share of the field: refused at creation", func(t *testing.T) {
		fifthID, _ := app.agency("环评咨询5号有限公司", "NAT-01")
		defer storagetestExec(t, app.testApp, fmt.Sprintf("DELETE FROM agency_items WHERE agency_id = %d", fifthID))
		r := create(dept, map[string]any{"budget_code": "HB-1", "min_bids": 2, "avoid": avoid(ids...)})
		if r.Status != 400 || r.errorCode(t) != "avoid_too_many" {
			t.Fatalf("four of five avoided: %d %s", r.Status, r.Body)
		}
	})

	t.Run("one agency left: publishing says how many could bid", func(t *testing.T) {
		r := create(dept, map[string]any{"budget_code": "HB-2", "min_bids": 2, "avoid": avoid(ids[:3]...)})
		if r.Status != http.StatusCreated {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		var p projectJSON
		r.decode(t, &p)
		confirmAvoidList(t, app.testApp, dept2, p.ID)
		r = app.do("POST", fmt.Sprintf("/api/v1/projects/%d/publish", p.ID), dept, nil)
		if r.Status != 400 || r.errorCode(t) != "field_too_narrow" || !strings.Contains(string(r.Body), "Only 1 agencies could bid") {
			t.Fatalf("publish with one agency left: %d %s", r.Status, r.Body)
		}
		if n := app.count(fmt.Sprintf("SELECT count(*) FROM projects WHERE id = %d AND status = 'draft'", p.ID)); n != 1 {
			t.Error("the refused publication changed the project")
		}
	})

	t.Run("a qualification one agency holds narrows the field the same way", func(t *testing.T) {
		_, ent := app.register("enterprise", "武汉某置业有限公司")
		holder, _ := app.agency("持证测绘院", "NAT-09")
		app.agency("无证测绘公司甲", "NAT-09")
		app.agency("无证测绘公司乙", "NAT-09")
		day := app.now.Add(8 * 3600e9)
		storagetestExec(t, app.testApp, fmt.Sprintf(`INSERT INTO qualifications (agency_id, item_code, number, issuer, valid_from, valid_until)
			VALUES (%d, 'NAT-09', 'CH-1', '自然资源厅', '%s', '%s')`, holder, day.AddDate(0, 0, -10).Format("2006-01-02"), day.AddDate(1, 0, 0).Format("2006-01-02")))
		r := create(ent, map[string]any{"item_code": "NAT-09", "service_days": 10, "min_bids": 2})
		var p projectJSON
		r.decode(t, &p)
		r = app.do("POST", fmt.Sprintf("/api/v1/projects/%d/publish", p.ID), ent, nil)
		if r.Status != 400 || r.errorCode(t) != "field_too_narrow" || !strings.Contains(string(r.Body), "Only 1 agencies") {
			t.Errorf("one qualified agency, min_bids 2: %d %s", r.Status, r.Body)
		}
	})

	t.Run("within the share and with a wide enough field it publishes", func(t *testing.T) {
		r := create(dept, map[string]any{"budget_code": "HB-3", "min_bids": 2, "avoid": avoid(ids[:2]...)})
		var p projectJSON
		r.decode(t, &p)
		confirmAvoidList(t, app.testApp, dept2, p.ID)
		r = app.do("POST", fmt.Sprintf("/api/v1/projects/%d/publish", p.ID), dept, nil)
		if r.Status != 200 {
			t.Fatalf("publish: %d %s", r.Status, r.Body)
		}
		r.decode(t, &p)
		if len(p.Avoid) != 2 || p.Avoid[0].ReasonCode != market.AvoidPriorInvolvement || p.Avoid[0].Reason == "" || p.Avoid[0].AgencyName == "" {
			t.Errorf("published avoid list: %+v", p.Avoid)
		}
	})
}

// confirmAvoidList has a second department confirm the avoid list of draft
// project id through the confirmation queue.
func confirmAvoidList(t *testing.T, app *testApp, token string, ProjectID int64) {
	t.Helper()
	var queue struct {
		Items []struct {
			ID        int64
			SubjectID int64 `json:"subject_id"`
		}
	}
	app.do("GET", "/api/v1/confirmations?status=pending&subject=avoid_list&per_page=200", token, nil).decode(t, &queue)
	for _, c := range queue.Items {
		if c.SubjectID == ProjectID {
			if r := app.do("POST", fmt.Sprintf("/api/v1/confirmations/%d/confirm", c.ID), token, nil); r.Status != 200 {
				t.Fatalf("confirm avoid list: %d %s", r.Status, r.Body)
			}
			return
		}
	}
	t.Fatalf("project %d's avoid list is not in the queue: %+v", ProjectID, queue)
}

func TestProjects_AvoidReasons(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	agID, _ := app.agency("关联咨询有限公司", "NAT-01")
	app.agency("另一咨询有限公司", "NAT-01")
	tests := []struct {
		name   string
		entry  any
		status int
		code   string // error code, or the stored reason_code
	}{
		{"a reason from the set, no text", map[string]any{"agency_id": agID, "reason_code": "kinship_shareholding"}, 201, "kinship_shareholding"},
		{"affiliation with a detail", map[string]any{"agency_id": agID, "reason_code": "affiliation", "reason": "本企业控股子公司"}, 201, "affiliation"},
		{"text only, as clients sent before: other", map[string]any{"agency_id": agID, "reason": "该机构股东为本企业关联方"}, 201, "other"},
		{"other without text", map[string]any{"agency_id": agID, "reason_code": "other"}, 400, "avoid_reason_required"},
		{"unknown reason", map[string]any{"agency_id": agID, "reason_code": "competitor"}, 400, "avoid_reason_unknown"},
		{"a bare agency id", agID, 400, "avoid_reason_required"},
		{"unknown field in an entry", map[string]any{"agency_id": agID, "reason": "关联方", "why": "x"}, 400, "unknown_field"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := app.do("POST", "/api/v1/projects", ent, app.projectBody(map[string]any{"avoid": []any{tc.entry}}))
			if r.Status != tc.status {
				t.Fatalf("got %d %s", r.Status, r.Body)
			}
			if tc.status != 201 {
				if r.errorCode(t) != tc.code {
					t.Errorf("code %s, want %s", r.errorCode(t), tc.code)
				}
				return
			}
			var p projectJSON
			r.decode(t, &p)
			if len(p.Avoid) != 1 || p.Avoid[0].ReasonCode != tc.code {
				t.Errorf("avoid = %+v, want reason_code %s", p.Avoid, tc.code)
			}
		})
	}
	t.Run("an enterprise's list needs no department to publish", func(t *testing.T) {
		p := app.publishedProject(ent, map[string]any{"avoid": []any{map[string]any{"agency_id": agID, "reason_code": "affiliation"}}})
		if p.Status != "bidding" {
			t.Errorf("status %s", p.Status)
		}
	})
}

// TestProjects_DepartmentAvoidListNeedsSecondDepartment: the avoid list of
// a department's project waits in the same queue as its violations.
func TestProjects_DepartmentAvoidListNeedsSecondDepartment(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, dept := app.staff("department", "某市生态环境局")
	_, dept2 := app.staff("department", "某市水利局")
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	agID, _ := app.agency("局属事业单位环评所", "NAT-01")
	app.agency("环评咨询甲有限公司", "NAT-01")
	app.agency("环评咨询乙有限公司", "NAT-01")
	body := app.projectBody(map[string]any{"budget_code": "HB-9", "min_bids": 2,
		"avoid": []any{map[string]any{"agency_id": agID, "reason_code": "affiliation", "reason": "原局属事业单位，脱钩未满三年"}}})
	r := app.do("POST", "/api/v1/projects", dept, body)
	var p projectJSON
	r.decode(t, &p)
	publish := fmt.Sprintf("/api/v1/projects/%d/publish", p.ID)
	if r := app.do("POST", publish, dept, nil); r.Status != 409 || r.errorCode(t) != "avoid_unconfirmed" {
		t.Fatalf("publish before confirmation: %d %s", r.Status, r.Body)
	}
	var queue struct {
		Items []struct {
			ID      int64
			Project *struct {
				ID    int64
				Title string
				Avoid []market.Avoid
			}
		}
	}
	app.do("GET", "/api/v1/confirmations?status=pending&subject=avoid_list", dept2, nil).decode(t, &queue)
	if len(queue.Items) != 1 || queue.Items[0].Project == nil || queue.Items[0].Project.ID != p.ID ||
		len(queue.Items[0].Project.Avoid) != 1 || queue.Items[0].Project.Avoid[0].Reason != "原局属事业单位，脱钩未满三年" {
		t.Fatalf("the second department does not see what to confirm: %+v", queue)
	}
	confirm := fmt.Sprintf("/api/v1/confirmations/%d/confirm", queue.Items[0].ID)
	if r := app.do("POST", confirm, dept, nil); r.Status != 403 || r.errorCode(t) != "self_confirmation" {
		t.Errorf("self-confirmation: %d %s", r.Status, r.Body)
	}
	if r := app.do("POST", confirm, ent, nil); r.Status != 403 {
		t.Errorf("enterprise confirms: %d", r.Status)
	}
	if r := app.do("POST", confirm, dept2, nil); r.Status != 200 {
		t.Fatalf("second department: %d %s", r.Status, r.Body)
	}
	if r := app.do("POST", publish, dept, nil); r.Status != 200 {
		t.Fatalf("publish after confirmation: %d %s", r.Status, r.Body)
	}

	t.Run("a cancelled draft leaves the queue", func(t *testing.T) {
		body["budget_code"] = "HB-10"
		var d projectJSON
		app.do("POST", "/api/v1/projects", dept, body).decode(t, &d)
		if r := app.do("POST", fmt.Sprintf("/api/v1/projects/%d/cancel", d.ID), dept, map[string]any{"reason": "需求调整"}); r.Status != 200 {
			t.Fatalf("cancel: %d %s", r.Status, r.Body)
		}
		var list struct{ Total int }
		app.do("GET", "/api/v1/confirmations?status=pending", dept2, nil).decode(t, &list)
		if list.Total != 0 {
			t.Errorf("%d requests still pending", list.Total)
		}
	})
}

// TestProjects_AvoidConfirmRacesPublishAndCancel sends the confirmation, the
// publication and the cancellation of one draft together: no request fails
// with a server error (a deadlock would), and a published project always
// has its avoid list confirmed.
func TestProjects_AvoidConfirmRacesPublishAndCancel(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, dept := app.staff("department", "某市生态环境局")
	_, dept2 := app.staff("department", "某市水利局")
	agID, _ := app.agency("局属环评所", "NAT-01")
	app.agency("环评咨询甲有限公司", "NAT-01")
	app.agency("环评咨询乙有限公司", "NAT-01")
	for round := 0; round < 8; round++ {
		var p projectJSON
		app.do("POST", "/api/v1/projects", dept, app.projectBody(map[string]any{"budget_code": fmt.Sprintf("HB-%d", round), "min_bids": 2,
			"avoid": []any{map[string]any{"agency_id": agID, "reason_code": "affiliation"}}})).decode(t, &p)
		var queue struct {
			Items []struct {
				ID        int64
				SubjectID int64 `json:"subject_id"`
			}
		}
		app.do("GET", "/api/v1/confirmations?status=pending&subject=avoid_list", dept2, nil).decode(t, &queue)
		var cid int64
		for _, c := range queue.Items {
			if c.SubjectID == p.ID {
				cid = c.ID
			}
		}
		reqs := []func() *response{
			func() *response {
				return app.do("POST", fmt.Sprintf("/api/v1/confirmations/%d/confirm", cid), dept2, nil)
			},
			func() *response { return app.do("POST", fmt.Sprintf("/api/v1/projects/%d/publish", p.ID), dept, nil) },
			func() *response {
				if round%2 == 0 {
					return app.do("POST", fmt.Sprintf("/api/v1/projects/%d/publish", p.ID), dept, nil)
				}
				return app.do("POST", fmt.Sprintf("/api/v1/projects/%d/cancel", p.ID), dept, map[string]any{"reason": "需求调整"})
			},
		}
		var wg sync.WaitGroup
		statuses := make([]int, len(reqs))
		for i, do := range reqs {
			wg.Add(1)
			go func() { defer wg.Done(); statuses[i] = do().Status }()
		}
		wg.Wait()
		for i, st := range statuses {
			if st >= 500 {
				t.Errorf("round %d request %d: %d", round, i, st)
			}
		}
		if n := app.count(fmt.Sprintf(`SELECT count(*) FROM projects p WHERE p.id = %d AND p.status = 'bidding'
			AND NOT EXISTS (SELECT 1 FROM confirmations c WHERE c.subject = 'avoid_list' AND c.subject_id = p.id AND c.status = 'confirmed')`, p.ID)); n != 0 {
			t.Errorf("round %d: published without a confirmed avoid list", round)
		}
	}
}
