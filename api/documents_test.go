package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"marketplace/domain/files"
	"marketplace/domain/market"
)

// A notice document is typed by its content: the name and the client's
// Content-Type are never believed.
func TestNoticeDocuments_TypedByContent(t *testing.T) {
	t.Parallel()
	app := newDocumentsApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	p := app.draftProject(ent, nil)

	cases := []struct {
		name, file string
		content    []byte
		status     int
		want       string // media type, or the error reason
	}{
		{"png named .pdf", "采购需求.pdf", samplePNG, http.StatusCreated, files.MediaPNG},
		{"pdf", "采购需求.pdf", samplePDF, http.StatusCreated, files.MediaPDF},
		{"docx", "技术规范.docx", sampleDOCX(t), http.StatusCreated, files.MediaDOCX},
		{"plain zip", "图纸.zip", zipOf(t, "图纸/一层.dwg"), http.StatusCreated, files.MediaZIP},
		{"exe renamed .pdf", "采购需求.pdf", sampleEXE, http.StatusBadRequest, "notice_document_type"},
		{"text named .docx", "说明.docx", []byte("just some text, not a document"), http.StatusBadRequest, "notice_document_type"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := app.uploadNoticeDocument(ent, p.ID, "采购需求书", c.file, c.content)
			if r.Status != c.status {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
			if c.status != http.StatusCreated {
				if got := r.errorCode(t); got != c.want {
					t.Errorf("reason %q, want %q", got, c.want)
				}
				return
			}
			var d noticeDocJSON
			r.decode(t, &d)
			sum := sha256.Sum256(c.content)
			if d.MediaType != c.want || d.SHA256 != hex.EncodeToString(sum[:]) || d.Size != int64(len(c.content)) || d.FileName != c.file {
				t.Errorf("got %+v", d)
			}
		})
	}
	if n := app.count(fmt.Sprintf("SELECT count(*) FROM project_documents WHERE project_id = %d", p.ID)); n != 4 {
		t.Errorf("%d documents stored, want the 4 accepted", n)
	}
}

// Size and count limits, and the fields.
func TestNoticeDocuments_Limits(t *testing.T) {
	t.Parallel()
	app := newDocumentsApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, other := app.register("enterprise", "另一家企业有限公司")
	p := app.draftProject(ent, nil)

	t.Run("20 MB is accepted, one byte more is refused", func(t *testing.T) {
		big := append(append([]byte{}, samplePDF...), make([]byte, market.MaxNoticeDocumentSize-len(samplePDF))...)
		start := time.Now()
		if r := app.uploadNoticeDocument(ent, p.ID, "图纸", "图纸.pdf", big); r.Status != http.StatusCreated {
			t.Fatalf("20 MB: %d %.300s", r.Status, r.Body)
		}
		t.Logf("a 20 MB upload took %v (staged, hashed, typed, kept)", time.Since(start).Round(time.Millisecond))
		r := app.uploadNoticeDocument(ent, p.ID, "图纸", "图纸.pdf", append(big, 0))
		if r.Status != http.StatusBadRequest || r.errorCode(t) != "document_too_large" {
			t.Errorf("20 MB + 1: %d %.300s", r.Status, r.Body)
		}
	})
	t.Run("fields", func(t *testing.T) {
		if r := app.uploadNoticeDocument(ent, p.ID, "", "a.pdf", samplePDF); r.Status != http.StatusBadRequest || r.errorCode(t) != "document_title_length" {
			t.Errorf("no title: %d %s", r.Status, r.Body)
		}
		if r := app.uploadNoticeDocument(ent, p.ID, "说明", "", nil); r.Status != http.StatusBadRequest {
			t.Errorf("no file: %d %s", r.Status, r.Body)
		}
		if r := app.uploadNoticeDocument(other, p.ID, "说明", "a.pdf", samplePDF); r.Status != http.StatusNotFound {
			t.Errorf("another owner's draft: %d %s", r.Status, r.Body)
		}
	})
	t.Run("at most 20", func(t *testing.T) {
		_, docs := app.noticeDocs(ent, p.ID)
		for i := len(docs); i < market.MaxNoticeDocuments; i++ {
			if r := app.uploadNoticeDocument(ent, p.ID, fmt.Sprintf("附件%d", i+1), "a.pdf", samplePDF); r.Status != http.StatusCreated {
				t.Fatalf("document %d: %d %s", i+1, r.Status, r.Body)
			}
		}
		r := app.uploadNoticeDocument(ent, p.ID, "附件21", "a.pdf", samplePDF)
		if r.Status != http.StatusConflict || r.errorCode(t) != "too_many_documents" {
			t.Errorf("21st: %d %s", r.Status, r.Body)
		}
		// A draft's document may be removed, which makes room again.
		_, docs = app.noticeDocs(ent, p.ID)
		if r := app.do("DELETE", fmt.Sprintf("/api/v1/projects/%d/documents/%d", p.ID, docs[0].ID), ent, nil); r.Status != http.StatusNoContent {
			t.Fatalf("remove: %d %s", r.Status, r.Body)
		}
		if r := app.uploadNoticeDocument(ent, p.ID, "附件21", "a.pdf", samplePDF); r.Status != http.StatusCreated {
			t.Errorf("after a removal: %d %s", r.Status, r.Body)
		}
	})
}

// Documents are public once the notice is, downloadable under their
// Chinese name, and never change or disappear afterwards.
func TestNoticeDocuments_PublicAfterPublish(t *testing.T) {
	t.Parallel()
	app := newDocumentsApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, agency := app.agency("湖北楚天咨询有限公司", "NAT-01")
	p := app.draftProject(ent, nil)
	r := app.uploadNoticeDocument(ent, p.ID, "采购需求书", "采购需求书.pdf", samplePDF)
	if r.Status != http.StatusCreated {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var d noticeDocJSON
	r.decode(t, &d)
	download := fmt.Sprintf("/api/v1/projects/%d/documents/%d", p.ID, d.ID)

	for name, tok := range map[string]string{"anonymous": "", "agency": agency} {
		if st, _ := app.noticeDocs(tok, p.ID); st != http.StatusNotFound {
			t.Errorf("%s lists a draft's documents: %d", name, st)
		}
		if r := app.do("GET", download, tok, nil); r.Status != http.StatusNotFound {
			t.Errorf("%s downloads a draft's document: %d", name, r.Status)
		}
	}

	if r := app.do("POST", fmt.Sprintf("/api/v1/projects/%d/publish", p.ID), ent, nil); r.Status != http.StatusOK {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	st, docs := app.noticeDocs("", p.ID)
	if st != http.StatusOK || len(docs) != 1 || docs[0].SHA256 != d.SHA256 || docs[0].Size != int64(len(samplePDF)) || docs[0].DownloadURL != download {
		t.Fatalf("public list: %d %+v", st, docs)
	}
	r = app.do("GET", download, "", nil)
	if r.Status != http.StatusOK || !bytes.Equal(r.Body, samplePDF) || r.Header.Get("Content-Type") != files.MediaPDF {
		t.Fatalf("download: %d %s", r.Status, r.Header)
	}
	cd := r.Header.Get("Content-Disposition")
	if !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "filename*=utf-8''%E9%87%87%E8%B4%AD%E9%9C%80%E6%B1%82%E4%B9%A6.pdf") ||
		!strings.Contains(cd, fmt.Sprintf(`filename=document-%d.pdf`, d.ID)) {
		t.Errorf("Content-Disposition %q", cd)
	}

	// Published: it cannot be removed, and a new upload is only pending.
	if r := app.do("DELETE", download, ent, nil); r.Status != http.StatusConflict || r.errorCode(t) != "document_published" {
		t.Errorf("remove a published document: %d %s", r.Status, r.Body)
	}
	r = app.uploadNoticeDocument(ent, p.ID, "补充说明", "补充说明.pdf", samplePDF)
	var pending noticeDocJSON
	r.decode(t, &pending)
	if r.Status != http.StatusCreated || !pending.Pending {
		t.Fatalf("upload after publish: %d %s", r.Status, r.Body)
	}
	if _, docs := app.noticeDocs("", p.ID); len(docs) != 1 {
		t.Errorf("a pending document is public: %+v", docs)
	}
	if r := app.do("GET", pending.DownloadURL, agency, nil); r.Status != http.StatusNotFound {
		t.Errorf("a pending document downloads: %d", r.Status)
	}
}
