package api_test

import (
	"fmt"
	"net/http"
	"testing"
)

type directoryPage struct {
	Items []struct {
		ID                int64
		Name              string
		Status            string
		Region            string
		ServiceItems      []string `json:"service_items"`
		CreditScore       int      `json:"credit_score"`
		CreditGrade       string   `json:"credit_grade"`
		CompletedProjects int      `json:"completed_projects"`
		AverageEvaluation *float64 `json:"average_evaluation"`
	}
	Total   int
	Page    int
	PerPage int `json:"per_page"`
}

func (a *testApp) directory(t *testing.T, query string) directoryPage {
	t.Helper()
	r := a.do("GET", "/api/v1/agencies"+query, "", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("GET /agencies%s: %d %s", query, r.Status, r.Body)
	}
	var p directoryPage
	r.decode(t, &p)
	return p
}

func TestAgency_Directory(t *testing.T) {
	t.Parallel()
	app, _ := newAgencyApp(t)
	ownerID, _ := app.register("enterprise", "武汉某企业有限公司")
	type seed struct {
		name, region string
		items        []string
		score        int
		grade        string
		completed    int
	}
	seeds := []seed{
		{"甲咨询有限公司", "湖北省武汉市", []string{itemPlain}, 95, "A", 1},
		{"乙咨询有限公司", "湖北省宜昌市", []string{itemPlain, itemQualified}, 80, "B", 3},
		{"丙咨询有限公司", "湖南省长沙市", []string{itemQualified}, 62, "C", 0},
		{"丁咨询有限公司", "湖北省武汉市", nil, 100, "A", 2},
	}
	ids := map[string]int64{}
	for _, s := range seeds {
		id, token := app.register("agency", s.name)
		ids[s.name] = id
		if r := app.do("PATCH", "/api/v1/agencies/me", token, map[string]any{"region": s.region, "service_items": append([]string{}, s.items...)}); r.Status != 200 {
			t.Fatalf("patch %s: %d %s", s.name, r.Status, r.Body)
		}
		// The credit issue keeps these columns; here they are set directly.
		storagetestExec(t, app, fmt.Sprintf("UPDATE agency_profiles SET credit_score = %d, credit_grade = '%s' WHERE account_id = %d", s.score, s.grade, id))
		for i := 0; i < s.completed; i++ {
			p := insertProject(t, app, ownerID, "completed", id)
			storagetestExec(t, app, fmt.Sprintf(`INSERT INTO evaluations (project_id, agency_id, owner_id, quality, timeliness, attitude, fee, created_at)
				VALUES (%d, %d, %d, 5, 4, 5, %d, now())`, p, id, ownerID, 3+i%2))
		}
	}
	names := func(p directoryPage) string {
		s := ""
		for _, it := range p.Items {
			s += it.Name[:3]
		}
		return s
	}

	t.Run("default sort: credit", func(t *testing.T) {
		p := app.directory(t, "")
		if got, want := names(p), "丁甲乙丙"; got != want || p.Total != 4 {
			t.Errorf("order %s total %d, want %s 4", got, p.Total, want)
		}
	})
	t.Run("sort by completed projects and by name", func(t *testing.T) {
		if got, want := names(app.directory(t, "?sort=completed")), "乙丁甲丙"; got != want {
			t.Errorf("completed: %s, want %s", got, want)
		}
		p := app.directory(t, "?sort=name")
		for i := 1; i < len(p.Items); i++ {
			if p.Items[i-1].Name > p.Items[i].Name {
				t.Errorf("not sorted by name: %s", names(p))
			}
		}
	})
	t.Run("filters", func(t *testing.T) {
		cases := map[string]string{
			"?item=" + itemQualified:     "乙丙",
			"?region=湖北省":                "丁甲乙",
			"?grade=A":                   "丁甲",
			"?grade=C&item=" + itemPlain: "",
			"?status=active&grade=B":     "乙",
			"?region=" + "%25":           "", // a LIKE wildcard matches literally
		}
		for q, want := range cases {
			if got := names(app.directory(t, q)); got != want {
				t.Errorf("%s: %s, want %s", q, got, want)
			}
		}
		if p := app.directory(t, "?region=湖北省武汉市"); p.Total != 2 {
			t.Errorf("Wuhan total = %d", p.Total)
		}
	})
	t.Run("figures", func(t *testing.T) {
		p := app.directory(t, "?item="+itemQualified+"&grade=B")
		if len(p.Items) != 1 {
			t.Fatalf("items = %d", len(p.Items))
		}
		it := p.Items[0]
		// three evaluations: (5+4+5+3)/4, (5+4+5+4)/4, (5+4+5+3)/4 → 4.33
		if it.CompletedProjects != 3 || it.AverageEvaluation == nil || *it.AverageEvaluation != 4.33 || it.CreditScore != 80 {
			t.Errorf("figures: %+v", it)
		}
		v := app.agency(t, ids["乙咨询有限公司"], "")
		if v.CompletedProjects != 3 || v.EvaluationCount != 3 || v.AverageEvaluation == nil || *v.AverageEvaluation != 4.33 || v.CreditGrade != "B" {
			t.Errorf("profile figures: %+v", v)
		}
		if v := app.agency(t, ids["丙咨询有限公司"], ""); v.AverageEvaluation != nil || v.CompletedProjects != 0 {
			t.Errorf("no evaluations: %+v", v)
		}
	})
	t.Run("pagination", func(t *testing.T) {
		seen := map[int64]bool{}
		for page := 1; page <= 2; page++ {
			p := app.directory(t, fmt.Sprintf("?per_page=3&page=%d", page))
			if p.Total != 4 || p.Page != page || p.PerPage != 3 {
				t.Errorf("page %d envelope: %+v", page, p)
			}
			for _, it := range p.Items {
				seen[it.ID] = true
			}
		}
		if len(seen) != 4 {
			t.Errorf("pages covered %d agencies, want 4", len(seen))
		}
	})
	t.Run("bad filters", func(t *testing.T) {
		for q, code := range map[string]string{"?grade=E": "grade_value", "?status=gone": "agency_status_value",
			"?sort=price": "sort_value", "?per_page=201": "per_page_range", "?page=x": "page_format"} {
			r := app.do("GET", "/api/v1/agencies"+q, "", nil)
			if r.Status != 400 || r.errorCode(t) != code {
				t.Errorf("%s: %d %s, want 400 %s", q, r.Status, r.Body, code)
			}
		}
	})
}
