package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

const testInvestmentCode = "2026-420100-47-01-000123"

type investmentJSON struct {
	Code      string
	Purchases []struct {
		ProjectID  int64   `json:"project_id"`
		ItemCode   string  `json:"item_code"`
		Status     string  `json:"status"`
		AgencyID   *int64  `json:"agency_id"`
		AgencyName *string `json:"agency_name"`
		Price      *string `json:"price"`
	}
}

func TestInvestmentCode_OnProjects(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, dept := app.staff("department", "某市发展和改革局")
	for _, tc := range []struct {
		name, token string
		over        map[string]any
		status      int
		code        string
	}{
		{"bad format", ent, map[string]any{"investment_project_code": "2026-4201-47-01-000123"}, 400, "investment_code_format"},
		{"implausible year", ent, map[string]any{"investment_project_code": "1999-420100-47-01-000123"}, 400, "investment_code_year"},
		{"enterprise without code", ent, nil, 201, ""},
		{"enterprise with code", ent, map[string]any{"investment_project_code": " " + testInvestmentCode + " "}, 201, ""},
		{"department, approval-related item, no code", dept, map[string]any{"item_code": "YC2022-02", "budget_code": "2026-FG-01", "min_bids": 2}, 400, "investment_code_required"},
		{"department, approval-related item, code", dept, map[string]any{"item_code": "YC2022-02", "budget_code": "2026-FG-01", "min_bids": 2, "investment_project_code": testInvestmentCode}, 201, ""},
		{"department, other item, no code", dept, map[string]any{"budget_code": "2026-FG-01", "min_bids": 2}, 201, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := app.do("POST", "/api/v1/projects", tc.token, app.projectBody(tc.over))
			if r.Status != tc.status {
				t.Fatalf("%d, want %d: %s", r.Status, tc.status, r.Body)
			}
			if tc.code != "" {
				if got := r.errorCode(t); got != tc.code {
					t.Fatalf("code %q, want %q", got, tc.code)
				}
				return
			}
			var p struct {
				Code string `json:"investment_project_code"`
			}
			r.decode(t, &p)
			if want, _ := tc.over["investment_project_code"].(string); want != "" && p.Code != testInvestmentCode {
				t.Errorf("stored code %q", p.Code)
			}
		})
	}
}

func TestInvestmentProjects_TrailAndStageConflict(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	// The two items check each other on one investment project.
	storagetestExec(t, app.testApp, "INSERT INTO catalogue_item_conflicts (item_a, item_b, reason) VALUES ('NAT-01', 'NAT-03', '相互校核')")
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	winnerID, winner := app.agency("甲环评咨询有限公司", "NAT-01", "NAT-03")
	_, other := app.agency("乙水保咨询有限公司", "NAT-01", "NAT-03")

	report := app.closedProject(ent, map[string]any{"investment_project_code": testInvestmentCode}, bidder{winnerID, winner, "80000.00"})
	if n := app.run("select_results"); n != 1 {
		t.Fatalf("select_results: %d", n)
	}
	review := app.publishedProject(ent, map[string]any{"item_code": "NAT-03", "investment_project_code": testInvestmentCode,
		"bidding_closes_at": app.now.Add(3 * time.Hour).Format(time.RFC3339)})

	r := app.do("PUT", bidPath(review.ID), winner, map[string]any{"price": "50000.00"})
	if r.Status != http.StatusForbidden {
		t.Fatalf("conflicting bid: %d %s", r.Status, r.Body)
	}
	var e struct {
		Error struct {
			Code    string
			Message string
			Params  map[string]any
		}
	}
	r.decode(t, &e)
	if e.Error.Code != "stage_conflict" || e.Error.Params["ProjectID"] != float64(report.ID) {
		t.Fatalf("error: %s", r.Body)
	}
	if n := app.count(fmt.Sprintf("SELECT count(*) FROM bids WHERE project_id = %d", review.ID)); n != 0 {
		t.Errorf("a refused bid wrote %d rows", n)
	}
	// another agency bids; the winner may bid on the same item of another investment project
	if r := app.do("PUT", bidPath(review.ID), other, map[string]any{"price": "50000.00"}); r.Status != 200 {
		t.Fatalf("other agency: %d %s", r.Status, r.Body)
	}
	elsewhere := app.publishedProject(ent, map[string]any{"item_code": "NAT-03", "investment_project_code": "2026-420100-47-01-000999",
		"bidding_closes_at": app.now.Add(3 * time.Hour).Format(time.RFC3339)})
	if r := app.do("PUT", bidPath(elsewhere.ID), winner, map[string]any{"price": "50000.00"}); r.Status != 200 {
		t.Fatalf("other investment project: %d %s", r.Status, r.Body)
	}

	var trail investmentJSON
	r = app.do("GET", "/api/v1/investment-projects/"+testInvestmentCode, "", nil)
	r.decode(t, &trail)
	if r.Status != 200 || trail.Code != testInvestmentCode || len(trail.Purchases) != 2 {
		t.Fatalf("trail: %d %s", r.Status, r.Body)
	}
	first, second := trail.Purchases[0], trail.Purchases[1]
	if first.ProjectID != report.ID || first.AgencyID == nil || *first.AgencyID != winnerID || first.Price == nil || *first.Price != "80000.00" {
		t.Errorf("the awarded purchase: %s", r.Body)
	}
	if second.ProjectID != review.ID || second.AgencyID != nil || second.Price != nil {
		t.Errorf("the purchase in bidding shows a result (sealed bids leak): %s", r.Body)
	}
	app.expect(app.do("GET", "/api/v1/investment-projects/not-a-code", "", nil), 400, "investment_code_format")
}
