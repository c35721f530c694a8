package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/calendar"
	"marketplace/domain/files"
)

// Minimal documents of each accepted type (the magic bytes are what counts).
var (
	pdfDoc  = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	pngDoc  = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 32)...)
	jpegDoc = append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00}, make([]byte, 32)...)
)

func certFields(item, number string) map[string]string {
	return map[string]string{"item_code": item, "number": number, "issuer": "湖北省住房和城乡建设厅",
		"valid_from": "2024-01-01", "valid_until": "2099-12-31"}
}

func TestAgency_Qualifications(t *testing.T) {
	t.Parallel()
	app, dir := newAgencyApp(t)
	id, token := app.register("agency", "湖北楚天设计咨询有限公司")
	_, otherToken := app.register("agency", "另一家设计咨询有限公司")
	_, depToken := app.staff(domain.RoleDepartment, "武汉市发展和改革委员会")
	_, entToken := app.register("enterprise", "武汉某企业有限公司")

	var qid int64
	t.Run("OK: PDF stored content-addressed", func(t *testing.T) {
		r := app.upload(t, token, certFields(itemQualified, "A142000001"), "证书.pdf", pdfDoc)
		if r.Status != http.StatusCreated {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		var q qualificationView
		r.decode(t, &q)
		sum := sha256.Sum256(pdfDoc)
		want := hex.EncodeToString(sum[:])
		if q.Document == nil || q.Document.SHA256 != want || q.Document.MediaType != "application/pdf" || q.Document.Size != int64(len(pdfDoc)) {
			t.Errorf("document = %+v, want sha256 %s", q.Document, want)
		}
		if !q.Valid || q.Flagged {
			t.Errorf("valid=%v flagged=%v", q.Valid, q.Flagged)
		}
		onDisk, err := os.ReadFile(filepath.Join(dir, want[:2], want))
		if err != nil || !bytes.Equal(onDisk, pdfDoc) {
			t.Errorf("file on disk: %v", err)
		}
		if n := app.count(t, "SELECT count(*) FROM files WHERE sha256 = '"+want+"'"); n != 1 {
			t.Errorf("files rows = %d", n)
		}
		qid = q.ID
	})

	t.Run("PNG and JPEG accepted; same bytes stored once", func(t *testing.T) {
		for i, doc := range [][]byte{pngDoc, jpegDoc} {
			if r := app.upload(t, token, certFields(itemPlain, fmt.Sprint("IMG-", i)), "scan.bin", doc); r.Status != 201 {
				t.Errorf("upload %d: %d %s", i, r.Status, r.Body)
			}
		}
		before := filesOnDisk(t, dir)
		if r := app.upload(t, otherToken, certFields(itemQualified, "B-1"), "copy.pdf", pdfDoc); r.Status != 201 {
			t.Fatalf("same document again: %d %s", r.Status, r.Body)
		}
		if after := filesOnDisk(t, dir); after != before {
			t.Errorf("identical document stored twice: %d files, was %d", after, before)
		}
	})

	big := make([]byte, files.MaxDocumentSize+1)
	copy(big, pdfDoc)
	huge := make([]byte, 12<<20)
	copy(huge, pdfDoc)
	reversed := certFields(itemQualified, "R-1")
	reversed["valid_from"], reversed["valid_until"] = "2025-06-01", "2025-05-31"
	bad := []struct {
		name   string
		token  string
		fields map[string]string
		file   []byte
		status int
		code   string
	}{
		{"a .pdf that is really text", token, certFields(itemQualified, "T-1"), []byte("just some text, not a PDF at all"), 400, "document_type"},
		{"empty file", token, certFields(itemQualified, "T-2"), []byte{}, 400, "document_type"},
		{"HTML named .png", token, certFields(itemQualified, "T-3"), []byte("<html><script>alert(1)</script></html>"), 400, "document_type"},
		{"one byte over 10 MB", token, certFields(itemQualified, "T-4"), big, 400, "file_too_large"},
		{"12 MB", token, certFields(itemQualified, "T-5"), huge, 400, "file_too_large"},
		{"dates reversed", token, reversed, pdfDoc, 400, "qualification_dates_reversed"},
		{"bad date", token, map[string]string{"item_code": itemQualified, "number": "D-1", "issuer": "x", "valid_from": "2025-02-30", "valid_until": "2026-01-01"}, pdfDoc, 400, "date_format"},
		{"unknown item", token, certFields("NO-SUCH-ITEM", "U-1"), pdfDoc, 400, "unknown_item"},
		{"abolished item", token, certFields(itemAbolished, "U-2"), pdfDoc, 400, "item_abolished"},
		{"no file", token, certFields(itemQualified, "N-1"), nil, 400, "file_required"},
		{"unknown field", token, map[string]string{"item_code": itemQualified, "number": "F-1", "issuer": "x", "valid_from": "2025-01-01", "valid_until": "2026-01-01", "registered_capital": "1000万"}, pdfDoc, 400, "unknown_field"},
		{"duplicate certificate", token, certFields(itemQualified, "A142000001"), pngDoc, 409, "qualification_duplicate"},
		{"enterprise", entToken, certFields(itemQualified, "E-1"), pdfDoc, 403, "forbidden"},
		{"department", depToken, certFields(itemQualified, "E-2"), pdfDoc, 403, "forbidden"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			rows := app.count(t, "SELECT count(*) FROM qualifications")
			fileRows := app.count(t, "SELECT count(*) FROM files")
			disk := filesOnDisk(t, dir)
			name := "certificate.pdf"
			if tc.file == nil {
				name = ""
			}
			r := app.upload(t, tc.token, tc.fields, name, tc.file)
			if r.Status != tc.status || r.errorCode(t) != tc.code {
				t.Errorf("got %d %s, want %d %s", r.Status, r.Body, tc.status, tc.code)
			}
			if got := app.count(t, "SELECT count(*) FROM qualifications"); got != rows {
				t.Errorf("qualification rows %d → %d", rows, got)
			}
			if got := app.count(t, "SELECT count(*) FROM files"); got != fileRows {
				t.Errorf("files rows %d → %d", fileRows, got)
			}
			if got := filesOnDisk(t, dir); got != disk {
				t.Errorf("files on disk %d → %d (orphan left behind)", disk, got)
			}
		})
	}

	t.Run("not multipart", func(t *testing.T) {
		r := app.do("POST", "/api/v1/agencies/me/qualifications", token, map[string]string{"item_code": itemQualified})
		if r.Status != 400 || r.errorCode(t) != "multipart_required" {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})

	t.Run("document readable by the agency, departments and admins only", func(t *testing.T) {
		path := fmt.Sprintf("/api/v1/qualifications/%d/document", qid)
		_, adminToken := app.staff(domain.RoleAdmin, "平台管理员")
		for _, who := range []string{token, depToken, adminToken} {
			r := app.do("GET", path, who, nil)
			if r.Status != 200 || !bytes.Equal(r.Body, pdfDoc) || r.Header.Get("Content-Type") != "application/pdf" {
				t.Errorf("GET document: %d %s %q", r.Status, r.Header.Get("Content-Type"), r.Body)
			}
			if !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") {
				t.Errorf("Content-Disposition = %q", r.Header.Get("Content-Disposition"))
			}
		}
		for who, want := range map[string]int{"": 401, otherToken: 403, entToken: 403} {
			if r := app.do("GET", path, who, nil); r.Status != want {
				t.Errorf("GET document as %q: %d, want %d", who, r.Status, want)
			}
		}
		if r := app.do("GET", "/api/v1/qualifications/999999/document", token, nil); r.Status != 404 {
			t.Errorf("unknown: %d", r.Status)
		}
	})

	t.Run("public profile shows valid qualifications", func(t *testing.T) {
		pub := app.agency(t, id, "")
		if len(pub.Qualifications) != 3 {
			t.Errorf("public qualifications = %d, want 3", len(pub.Qualifications))
		}
	})

	t.Run("another agency's qualification cannot be deleted", func(t *testing.T) {
		r := app.do("DELETE", fmt.Sprintf("/api/v1/agencies/me/qualifications/%d", qid), otherToken, nil)
		if r.Status != 404 || r.errorCode(t) != "qualification_not_found" {
			t.Errorf("%d %s", r.Status, r.Body)
		}
		if n := app.count(t, fmt.Sprintf("SELECT count(*) FROM qualifications WHERE id = %d", qid)); n != 1 {
			t.Error("another agency deleted the qualification")
		}
	})

	t.Run("own qualification deleted, audited, document kept", func(t *testing.T) {
		r := app.upload(t, token, certFields(itemPlain, "DEL-1"), "d.pdf", pdfDoc)
		var q qualificationView
		r.decode(t, &q)
		disk := filesOnDisk(t, dir)
		if r := app.do("DELETE", fmt.Sprintf("/api/v1/agencies/me/qualifications/%d", q.ID), token, nil); r.Status != 204 {
			t.Fatalf("delete: %d %s", r.Status, r.Body)
		}
		if n := app.count(t, fmt.Sprintf("SELECT count(*) FROM audit_log WHERE action = 'agency.qualification_deleted' AND subject_id = '%d'", q.ID)); n != 1 {
			t.Errorf("audit rows = %d", n)
		}
		if filesOnDisk(t, dir) != disk {
			t.Error("a shared document was removed")
		}
	})
}

func TestAgency_QualificationExpiry(t *testing.T) {
	t.Parallel()
	app, _ := newAgencyApp(t)
	cst := calendar.Beijing
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, cst)
	app.DB.Clock().Set(func() time.Time { return now })
	defer app.DB.Clock().Set(nil)
	id, token, email := app.registerAgency("到期测试咨询有限公司", uscc())
	f := certFields(itemQualified, "EXP-1")
	f["valid_from"], f["valid_until"] = "2025-07-01", "2026-06-30"
	if r := app.upload(t, token, f, "c.pdf", pdfDoc); r.Status != 201 {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	cases := []struct {
		at    time.Time
		valid bool
	}{
		{time.Date(2026, 6, 1, 10, 0, 0, 0, cst), true},
		{time.Date(2026, 6, 30, 23, 59, 0, 0, cst), true},       // last day counts
		{time.Date(2026, 6, 30, 16, 30, 0, 0, time.UTC), false}, // 00:30 on 1 July in China
		{time.Date(2027, 1, 1, 0, 0, 0, 0, cst), false},         // long expired
		{time.Date(2025, 6, 30, 12, 0, 0, 0, cst), false},       // not yet valid
	}
	for _, tc := range cases {
		now = tc.at
		token = app.login(email) // sessions live by the platform clock too
		own := app.agency(t, id, token)
		if len(own.Qualifications) != 1 || own.Qualifications[0].Valid != tc.valid {
			t.Errorf("at %s: own view %+v, want valid=%v", tc.at, own.Qualifications, tc.valid)
		}
		pub := app.agency(t, id, "")
		if got := len(pub.Qualifications) == 1; got != tc.valid {
			t.Errorf("at %s: public shows it = %v, want %v", tc.at, got, tc.valid)
		}
	}
}

func TestAgency_FlagQualification(t *testing.T) {
	t.Parallel()
	app, _ := newAgencyApp(t)
	id, token := app.register("agency", "虚假材料测试咨询有限公司")
	depID, depToken := app.staff(domain.RoleDepartment, "武汉市住房和城乡建设局")
	_, adminToken := app.staff(domain.RoleAdmin, "平台管理员")
	r := app.upload(t, token, certFields(itemQualified, "FAKE-1"), "c.pdf", pdfDoc)
	var q qualificationView
	r.decode(t, &q)
	path := fmt.Sprintf("/api/v1/qualifications/%d/flags", q.ID)
	evidence := map[string]string{"evidence": "发证机关复函：证书编号 FAKE-1 不存在（鄂建函〔2026〕12号）"}

	for _, tc := range []struct {
		name, token string
		body        any
		status      int
		code        string
	}{
		{"anonymous", "", evidence, 401, "unauthenticated"},
		{"agency", token, evidence, 403, "forbidden"},
		{"no evidence", depToken, map[string]string{"evidence": "  "}, 400, "evidence_length"},
		{"unknown qualification", depToken, evidence, 404, "qualification_not_found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := path
			if tc.status == 404 {
				p = "/api/v1/qualifications/999999/flags"
			}
			r := app.do("POST", p, tc.token, tc.body)
			if r.Status != tc.status || r.errorCode(t) != tc.code {
				t.Errorf("got %d %s, want %d %s", r.Status, r.Body, tc.status, tc.code)
			}
			if n := app.count(t, "SELECT count(*) FROM qualification_flags"); n != 0 {
				t.Errorf("%d flags stored", n)
			}
		})
	}

	t.Run("OK: recorded, audited, no longer counts", func(t *testing.T) {
		r := app.do("POST", path, depToken, evidence)
		if r.Status != 201 {
			t.Fatalf("flag: %d %s", r.Status, r.Body)
		}
		var f struct {
			AgencyID  int64 `json:"agency_id"`
			FlaggedBy int64 `json:"flagged_by"`
		}
		r.decode(t, &f)
		if f.AgencyID != id || f.FlaggedBy != depID {
			t.Errorf("flag = %s", r.Body)
		}
		if n := app.count(t, fmt.Sprintf("SELECT count(*) FROM audit_log WHERE action = 'qualification.flagged_false' AND subject_id = '%d' AND summary LIKE '%%FAKE-1%%'", q.ID)); n != 1 {
			t.Errorf("audit rows = %d", n)
		}
		if pub := app.agency(t, id, ""); len(pub.Qualifications) != 0 {
			t.Errorf("public still shows the flagged qualification: %+v", pub.Qualifications)
		}
		own := app.agency(t, id, token)
		if len(own.Qualifications) != 1 || !own.Qualifications[0].Flagged || own.Qualifications[0].Valid {
			t.Errorf("own view: %+v", own.Qualifications)
		}
	})

	t.Run("flagged once only", func(t *testing.T) {
		r := app.do("POST", path, adminToken, evidence)
		if r.Status != 409 || r.errorCode(t) != "qualification_already_flagged" {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})

	t.Run("flagged qualification is kept as evidence", func(t *testing.T) {
		r := app.do("DELETE", fmt.Sprintf("/api/v1/agencies/me/qualifications/%d", q.ID), token, nil)
		if r.Status != 409 || r.errorCode(t) != "qualification_flagged" {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
}
