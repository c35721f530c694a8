package api_test

import (
	"net/http"
	"testing"

	"marketplace/domain"
)

// Text with NUL or another C0 control character is refused with 400
// invalid_text wherever it comes in (JSON, path, query, multipart form),
// never reaching PostgreSQL as a 500; dates outside 1900–2200 are refused.
func TestInput_ControlCharactersAndDates(t *testing.T) {
	t.Parallel()
	app, _ := newAgencyApp(t)
	_, admin := app.staff(domain.RoleAdmin, "平台管理员")
	_, dep := app.staff(domain.RoleDepartment, "武汉市发展和改革委员会")
	_, agency := app.register("agency", "湖北楚天设计咨询有限公司")
	_, ent := app.register("enterprise", "武汉某企业有限公司")

	want := func(t *testing.T, r *response, code string) {
		t.Helper()
		if r.Status != http.StatusBadRequest || r.errorCode(t) != code {
			t.Fatalf("got %d %s, want 400 %s", r.Status, r.Body, code)
		}
	}
	t.Run("login e-mail with NUL", func(t *testing.T) {
		want(t, app.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "a\u0000@example.cn", "password": "x"}), "invalid_text")
	})
	t.Run("catalogue fields with NUL and ESC", func(t *testing.T) {
		body := map[string]any{"code": "FZ-01", "name": "测试\u0000事项", "department": "发改委", "legal_basis": "依据",
			"time_limit_days": 5, "fee_type": "market"}
		want(t, app.do("POST", "/api/v1/catalogue/items", admin, body), "invalid_text")
		body["name"], body["conditions"] = "测试事项", "条件\u001b[31m"
		want(t, app.do("POST", "/api/v1/catalogue/items", admin, body), "invalid_text")
	})
	t.Run("tab and newlines stay allowed", func(t *testing.T) {
		body := map[string]any{"code": "FZ-02", "name": "测试事项", "department": "发改委", "legal_basis": "第一条\r\n第二条\t附则",
			"time_limit_days": 5, "fee_type": "market"}
		if r := app.do("POST", "/api/v1/catalogue/items", admin, body); r.Status != http.StatusCreated {
			t.Fatalf("got %d %s", r.Status, r.Body)
		}
	})
	t.Run("path with NUL", func(t *testing.T) {
		want(t, app.do("GET", "/api/v1/catalogue/items/%00", "", nil), "invalid_text")
		req, _ := http.NewRequest("GET", app.URL+"/catalogue/%00", nil)
		if r := app.send(req); r.Status != http.StatusBadRequest {
			t.Fatalf("page: got %d", r.Status)
		}
	})
	t.Run("query with NUL or invalid UTF-8", func(t *testing.T) {
		want(t, app.do("GET", "/api/v1/projects?region=%00", "", nil), "invalid_text")
		want(t, app.do("GET", "/api/v1/catalogue/items?q=%ff%fe", "", nil), "invalid_text")
	})
	t.Run("inspection item_code with NUL", func(t *testing.T) {
		want(t, app.do("POST", "/api/v1/inspections", dep, map[string]any{"item_code": "\u0000", "sample_size": 1, "inspectors": []string{"张三"}}), "invalid_text")
	})
	t.Run("multipart field with NUL", func(t *testing.T) {
		f := certFields(itemQualified, "A14\u00000001")
		want(t, app.upload(t, agency, f, "证书.pdf", pdfDoc), "invalid_text")
	})
	t.Run("qualification dates outside 1900-2200", func(t *testing.T) {
		f := certFields(itemQualified, "A142000001")
		f["valid_from"] = "0000-01-01"
		want(t, app.upload(t, agency, f, "证书.pdf", pdfDoc), "date_out_of_range")
		f["valid_from"], f["valid_until"] = "2024-01-01", "2201-01-01"
		want(t, app.upload(t, agency, f, "证书.pdf", pdfDoc), "date_out_of_range")
	})
	t.Run("bidding close in the year 2300", func(t *testing.T) {
		body := map[string]any{"title": "某工业园区新建厂房环境影响报告表编制", "description": "编制环境影响报告表并配合审批。",
			"item_code": "NAT-01", "region": "湖北省武汉市", "funding": "self", "ceiling_price": "50000.00",
			"method": "lowest_price", "bidding_closes_at": "2300-01-01T00:00:00Z", "service_days": 30}
		want(t, app.do("POST", "/api/v1/projects", ent, body), "date_out_of_range")
	})
}
