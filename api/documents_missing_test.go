package api_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"marketplace/storage"
)

// A published notice document whose stored file is gone answers 404 with
// its own code, never 500.
func TestNoticeDocuments_MissingFileIsNotFound(t *testing.T) {
	t.Parallel()
	app := newDocumentsApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	app.agency("湖北楚天咨询有限公司", "NAT-01") // one agency may bid: the notice can be published
	p := app.draftProject(ent, nil)
	r := app.uploadNoticeDocument(ent, p.ID, "采购需求书", "采购需求书.pdf", samplePDF)
	if r.Status != http.StatusCreated {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var d noticeDocJSON
	r.decode(t, &d)
	if r := app.do("POST", fmt.Sprintf("/api/v1/projects/%d/publish", p.ID), ent, nil); r.Status != http.StatusOK {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	download := fmt.Sprintf("/api/v1/projects/%d/documents/%d", p.ID, d.ID)
	if r := app.do("GET", download, "", nil); r.Status != http.StatusOK {
		t.Fatalf("download: %d %s", r.Status, r.Body)
	}
	files := app.Market.Files.(*storage.Files)
	if err := os.Remove(filepath.Join(files.Dir, d.SHA256[:2], d.SHA256)); err != nil {
		t.Fatal(err)
	}
	if r := app.do("GET", download, "", nil); r.Status != http.StatusNotFound || r.errorCode(t) != "stored_file_missing" {
		t.Errorf("download of a lost file: %d %s", r.Status, r.Body)
	}
}
