package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"marketplace/domain"
	"marketplace/storage"
)

// Catalogue items of the seed used by the agency tests.
const (
	itemPlain     = "YC2022-01" // retained, no statutory qualification
	itemQualified = "YC2022-03" // retained, statutory qualification 工程设计资质
	itemAbolished = "QX-01"     // abolished
)

// newAgencyApp is newTestApp with document uploads stored under a
// temporary directory, whose path it returns.
func newAgencyApp(t *testing.T) (*testApp, string) {
	t.Helper()
	app := newTestApp(t)
	dir := t.TempDir()
	files, err := storage.NewFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	app.Market.Files = files
	return app, dir
}

// agencyView is the profile as the tests read it; raw keeps the JSON keys.
type agencyView struct {
	ID                int64
	Name              string
	USCC              string
	Status            string
	ExitedAt          *string `json:"exited_at"`
	Region            string
	StaffCount        *int   `json:"staff_count"`
	ContactPublic     bool   `json:"contact_public"`
	ContactPhone      string `json:"contact_phone"`
	Email             string
	ServiceItems      []string `json:"service_items"`
	Qualifications    []qualificationView
	CreditScore       int      `json:"credit_score"`
	CreditGrade       string   `json:"credit_grade"`
	CompletedProjects int      `json:"completed_projects"`
	EvaluationCount   int      `json:"evaluation_count"`
	AverageEvaluation *float64 `json:"average_evaluation"`
	HasAffiliations   bool     `json:"has_affiliations"`
	Affiliations      []struct {
		ID           int64
		DepartmentID int64 `json:"department_id"`
		Relation     string
	}
	raw map[string]json.RawMessage
}

type qualificationView struct {
	ID         int64
	ItemCode   string `json:"item_code"`
	ValidUntil string `json:"valid_until"`
	Flagged    bool
	Valid      bool
	Document   *struct {
		SHA256    string `json:"sha256"`
		MediaType string `json:"media_type"`
		Size      int64
	}
}

// registerAgency registers an agency with the given USCC and a fresh
// e-mail, logs in and returns id, token and e-mail.
func (a *testApp) registerAgency(name, code string) (int64, string, string) {
	a.t.Helper()
	email := fmt.Sprintf("ag%d@example.cn", seq.Add(1))
	r := a.do("POST", "/api/v1/auth/register", "", map[string]any{"accept_commitment_version": 1,
		"role": "agency", "name": name, "uscc": code, "legal_representative": "张三",
		"contact_phone": "13912345678", "email": email, "password": testPassword,
	})
	if r.Status != http.StatusCreated {
		a.t.Fatalf("register agency: %d %s", r.Status, r.Body)
	}
	var acc struct{ ID int64 }
	r.decode(a.t, &acc)
	return acc.ID, a.login(email), email
}

func (a *testApp) agency(t *testing.T, id int64, token string) agencyView {
	t.Helper()
	r := a.do("GET", fmt.Sprintf("/api/v1/agencies/%d", id), token, nil)
	if r.Status != http.StatusOK {
		t.Fatalf("get agency %d: %d %s", id, r.Status, r.Body)
	}
	var v agencyView
	r.decode(t, &v)
	r.decode(t, &v.raw)
	return v
}

// count runs a counting query.
func (a *testApp) count(t *testing.T, sql string) int64 {
	t.Helper()
	var n int64
	storagetestCount(t, a, sql, &n)
	return n
}

// filesOnDisk counts regular files under dir, staging folder included.
func filesOnDisk(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// multipartBody builds an upload form; file is skipped when nil.
func multipartBody(t *testing.T, fields map[string]string, fileName string, file []byte) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if file != nil {
		fw, err := w.CreateFormFile("file", fileName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
	}
	w.Close()
	return w.FormDataContentType(), &buf
}

func (a *testApp) upload(t *testing.T, token string, fields map[string]string, fileName string, file []byte) *response {
	t.Helper()
	ct, body := multipartBody(t, fields, fileName, file)
	req, err := http.NewRequest("POST", a.URL+"/api/v1/agencies/me/qualifications", body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+token)
	return a.send(req)
}

func TestAgency_UpdateProfile(t *testing.T) {
	t.Parallel()
	app, _ := newAgencyApp(t)
	id, token := app.register("agency", "湖北楚天工程咨询有限公司")
	_, other := app.register("agency", "武汉另一家咨询有限公司")
	_, ent := app.register("enterprise", "武汉某企业有限公司")

	t.Run("OK", func(t *testing.T) {
		r := app.do("PATCH", "/api/v1/agencies/me", token, map[string]any{
			"description": "专业从事项目申请报告编制", "office_address": "武汉市洪山区珞喻路1号", "region": "湖北省武汉市",
			"website": "https://example.cn", "staff_count": 35, "contact_name": "李四", "contact_phone": "027-87654321",
			"service_items": []string{itemPlain, itemQualified, itemPlain},
		})
		if r.Status != http.StatusOK {
			t.Fatalf("patch: %d %s", r.Status, r.Body)
		}
		var got agencyView
		r.decode(t, &got)
		if want := []string{itemPlain, itemQualified}; strings.Join(got.ServiceItems, ",") != strings.Join(want, ",") {
			t.Errorf("items = %v, want %v", got.ServiceItems, want)
		}
		if got.StaffCount == nil || *got.StaffCount != 35 || got.Region != "湖北省武汉市" {
			t.Errorf("profile not saved: %s", r.Body)
		}
		if n := app.count(t, fmt.Sprintf("SELECT count(*) FROM audit_log WHERE action = 'agency.profile_updated' AND subject_id = '%d'", id)); n != 1 {
			t.Errorf("%d audit rows, want 1", n)
		}
	})

	t.Run("contact shown to the public only with opt-in", func(t *testing.T) {
		pub := app.agency(t, id, "")
		for _, k := range []string{"contact_phone", "email", "contact_name", "affiliations", "password_hash"} {
			if _, ok := pub.raw[k]; ok {
				t.Errorf("public profile shows %q without opt-in", k)
			}
		}
		if strings.Contains(fmt.Sprint(pub.raw), "argon2") {
			t.Error("public profile leaks the password hash")
		}
		own := app.agency(t, id, token)
		if own.ContactPhone != "027-87654321" || own.Email == "" {
			t.Errorf("own profile lacks contact: %+v", own)
		}
		if r := app.do("PATCH", "/api/v1/agencies/me", token, map[string]any{"contact_public": true}); r.Status != 200 {
			t.Fatalf("opt in: %d %s", r.Status, r.Body)
		}
		if pub := app.agency(t, id, ""); pub.ContactPhone != "027-87654321" || pub.Email == "" {
			t.Errorf("opted-in contact not public: %+v", pub.raw)
		}
	})

	bad := []struct {
		name string
		body any
		code string
	}{
		{"unknown item", map[string]any{"service_items": []string{itemPlain, "NO-SUCH-ITEM"}}, "unknown_item"},
		{"abolished item", map[string]any{"service_items": []string{itemPlain, itemAbolished}}, "item_abolished"},
		{"bad item code", map[string]any{"service_items": []string{"含空格 的代码"}}, "unknown_item"},
		{"website scheme", map[string]any{"website": "javascript:alert(1)"}, "website_format"},
		{"negative staff", map[string]any{"staff_count": -1}, "staff_count_range"},
		{"bad phone", map[string]any{"contact_phone": "12345"}, "phone_format"},
		{"long description", map[string]any{"description": strings.Repeat("长", 4001)}, "description_length"},
		{"threshold field", map[string]any{"registered_capital": "1000万"}, "unknown_field"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			before := app.agency(t, id, token)
			r := app.do("PATCH", "/api/v1/agencies/me", token, tc.body)
			if r.Status != 400 || r.errorCode(t) != tc.code {
				t.Errorf("got %d %s, want 400 %s", r.Status, r.Body, tc.code)
			}
			after := app.agency(t, id, token)
			if fmt.Sprint(before.raw) != fmt.Sprint(after.raw) {
				t.Errorf("refused patch changed the profile:\n%v\n%v", before.raw, after.raw)
			}
		})
	}

	t.Run("an item abolished after it was offered may stay", func(t *testing.T) {
		_, admin := app.staff(domain.RoleAdmin, "平台管理员")
		if r := app.do("PATCH", "/api/v1/catalogue/items/"+itemQualified, admin, map[string]any{"status": "abolished"}); r.Status != 200 {
			t.Fatalf("abolish: %d %s", r.Status, r.Body)
		}
		r := app.do("PATCH", "/api/v1/agencies/me", token, map[string]any{"description": "新简介", "service_items": []string{itemPlain, itemQualified}})
		if r.Status != 200 {
			t.Errorf("keeping an offered item: %d %s", r.Status, r.Body)
		}
		r = app.do("PATCH", "/api/v1/agencies/me", other, map[string]any{"service_items": []string{itemQualified}})
		if r.Status != 400 || r.errorCode(t) != "item_abolished" {
			t.Errorf("adding it anew: %d %s", r.Status, r.Body)
		}
	})

	t.Run("only agencies", func(t *testing.T) {
		if r := app.do("PATCH", "/api/v1/agencies/me", "", map[string]any{"region": "x"}); r.Status != 401 {
			t.Errorf("anonymous: %d", r.Status)
		}
		if r := app.do("PATCH", "/api/v1/agencies/me", ent, map[string]any{"region": "x"}); r.Status != 403 {
			t.Errorf("enterprise: %d", r.Status)
		}
		if r := app.do("GET", "/api/v1/agencies/me", ent, nil); r.Status != 403 {
			t.Errorf("enterprise me: %d", r.Status)
		}
	})

	t.Run("unknown agency", func(t *testing.T) {
		for _, p := range []string{"/api/v1/agencies/999999", "/api/v1/agencies/abc"} {
			if r := app.do("GET", p, "", nil); r.Status != 404 {
				t.Errorf("%s: %d %s", p, r.Status, r.Body)
			}
		}
		entID, _ := app.register("enterprise", "另一家企业有限公司")
		if r := app.do("GET", fmt.Sprintf("/api/v1/agencies/%d", entID), "", nil); r.Status != 404 {
			t.Errorf("an enterprise is not an agency: %d", r.Status)
		}
	})
}

func TestAgency_Departments(t *testing.T) {
	t.Parallel()
	app, _ := newAgencyApp(t)
	depID, _ := app.staff(domain.RoleDepartment, "武汉市生态环境局")
	app.staff(domain.RoleAdmin, "平台管理员")
	r := app.do("GET", "/api/v1/departments", "", nil)
	if r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var list struct {
		Items []map[string]any
		Total int
	}
	r.decode(t, &list)
	if list.Total != 1 || len(list.Items) != 1 || int64(list.Items[0]["id"].(float64)) != depID || list.Items[0]["region"] != "湖北省" {
		t.Errorf("departments = %s", r.Body)
	}
	if strings.Contains(string(r.Body), "@") {
		t.Errorf("departments list leaks e-mail: %s", r.Body)
	}
	if r := app.do("GET", "/api/v1/departments?per_page=500", "", nil); r.Status != 400 {
		t.Errorf("per_page=500: %d", r.Status)
	}
}
