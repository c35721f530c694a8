package api_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"testing"

	"marketplace/storage"
)

// newDocumentsApp is a bidding app that keeps uploads under a temporary
// directory and types them by content as production does.
func newDocumentsApp(t *testing.T) *biddingApp {
	t.Helper()
	app := newBiddingApp(t)
	files, err := storage.NewFiles(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	app.Market.Files, app.Market.Typer = files, storage.MediaTyper{}
	return app
}

// uploadNoticeDocument posts a notice document as multipart.
func (a *biddingApp) uploadNoticeDocument(token string, projectID int64, title, fileName string, content []byte) *response {
	a.t.Helper()
	t := a.t.(*testing.T)
	fields := map[string]string{}
	if title != "" {
		fields["title"] = title
	}
	ct, body := multipartBody(t, fields, fileName, content)
	req, err := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/projects/%d/documents", a.URL, projectID), body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+token)
	return a.send(req)
}

// draftProject creates an unpublished project as token's owner.
func (a *biddingApp) draftProject(token string, over map[string]any) projectJSON {
	a.t.Helper()
	r := a.do("POST", "/api/v1/projects", token, a.projectBody(over))
	if r.Status != http.StatusCreated {
		a.t.Fatalf("create project: %d %s", r.Status, r.Body)
	}
	var p projectJSON
	r.decode(a.t, &p)
	return p
}

type noticeDocJSON struct {
	ID           int64
	Title        string
	FileName     string `json:"file_name"`
	MediaType    string `json:"media_type"`
	Size         int64
	SHA256       string
	Pending      bool
	SupersededBy *int64 `json:"superseded_by"`
	DownloadURL  string `json:"download_url"`
}

func (a *biddingApp) noticeDocs(token string, projectID int64) (int, []noticeDocJSON) {
	a.t.Helper()
	r := a.do("GET", fmt.Sprintf("/api/v1/projects/%d/documents", projectID), token, nil)
	var l struct{ Items []noticeDocJSON }
	if r.Status == http.StatusOK {
		r.decode(a.t, &l)
	}
	return r.Status, l.Items
}

// Sample documents: only their leading bytes matter to the typer.
var (
	samplePDF = append([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), bytes.Repeat([]byte(" "), 100)...)
	samplePNG = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"), bytes.Repeat([]byte{0}, 64)...)
	// sampleEXE is a Windows executable's header (MZ … PE).
	sampleEXE = append(append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), bytes.Repeat([]byte{0}, 44)...),
		append([]byte{0x40, 0, 0, 0}, append([]byte("PE\x00\x00\x4c\x01"), bytes.Repeat([]byte{0}, 200)...)...)...)
)

// zipOf builds a ZIP archive with the named entries.
func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, n := range names {
		f, err := w.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(f, "<x>%s</x>", n)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sampleDOCX is the skeleton of a Word document: a ZIP whose entries name it.
func sampleDOCX(t *testing.T) []byte {
	return zipOf(t, "[Content_Types].xml", "_rels/.rels", "word/document.xml")
}
