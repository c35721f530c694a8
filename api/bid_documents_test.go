package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"marketplace/domain/files"
	"marketplace/domain/market"
	"marketplace/storage"
)

// newBidDocsApp is a bidding app whose uploads go to a temporary directory.
func newBidDocsApp(t *testing.T) *biddingApp {
	t.Helper()
	app, _ := newBidDocsAppIn(t)
	return app
}

// newBidDocsAppIn is newBidDocsApp that also returns the upload directory.
func newBidDocsAppIn(t *testing.T) (*biddingApp, string) {
	t.Helper()
	app := newBiddingApp(t)
	dir := t.TempDir()
	files, err := storage.NewFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	app.Market.Files = files
	return app, dir
}

func bidDocsPath(id int64) string { return fmt.Sprintf("/api/v1/projects/%d/bids/mine/documents", id) }

// uploadBidDocument posts one file in the "file" part.
func (a *biddingApp) uploadBidDocument(token string, projectID int64, name string, content []byte) *response {
	a.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		a.t.Fatal(err)
	}
	fw.Write(content)
	w.Close()
	req, err := http.NewRequest("POST", a.URL+bidDocsPath(projectID), &buf)
	if err != nil {
		a.t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	return a.send(req)
}

// pdfBytes is a minimal PDF whose content (and so hash) varies with tag.
func pdfBytes(tag string) []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + tag + "\n%%EOF\n")
}

// docxBytes is a minimal Office Open XML word document.
func docxBytes(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`,
		"word/document.xml":   `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"></w:document>`,
	} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	z.Close()
	return buf.Bytes()
}

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

type bidDocJSON struct {
	ID        int64
	SHA256    string
	MediaType string `json:"media_type"`
	Size      int64
	FileName  string `json:"file_name"`
}

func TestBidDocuments_UploadRules(t *testing.T) {
	t.Parallel()
	app, dir := newBidDocsAppIn(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, bidder := app.agency("响应文件咨询有限公司", "NAT-01")
	p := app.publishedProject(ent, nil)

	// Documents attach to a bid: none yet.
	if r := app.uploadBidDocument(bidder, p.ID, "方案.pdf", pdfBytes("a")); r.Status != http.StatusNotFound || r.errorCode(t) != "bid_not_found" {
		t.Fatalf("upload before the bid: %d %s", r.Status, r.Body)
	}
	if r := app.do("PUT", bidPath(p.ID), bidder, map[string]any{"price": "50000.00"}); r.Status != 200 {
		t.Fatalf("bid: %d %s", r.Status, r.Body)
	}

	t.Run("typed by content, not by name", func(t *testing.T) {
		var d bidDocJSON
		r := app.uploadBidDocument(bidder, p.ID, "报价说明.txt", pdfBytes("typed"))
		if r.Status != http.StatusCreated {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		r.decode(t, &d)
		if d.MediaType != files.MediaPDF || d.SHA256 != sha(pdfBytes("typed")) || d.Size != int64(len(pdfBytes("typed"))) || d.FileName != "报价说明.txt" {
			t.Errorf("document %+v", d)
		}
		docx := docxBytes(t)
		r = app.uploadBidDocument(bidder, p.ID, "技术方案.bin", docx)
		r.decode(t, &d)
		if r.Status != http.StatusCreated || d.MediaType != files.MediaDOCX {
			t.Errorf("docx: %d %s", r.Status, r.Body)
		}
		r = app.uploadBidDocument(bidder, p.ID, "伪装.pdf", []byte("just text pretending to be a PDF"))
		if r.Status != http.StatusBadRequest || r.errorCode(t) != "attachment_type" {
			t.Errorf("text named .pdf: %d %s", r.Status, r.Body)
		}
		r = app.uploadBidDocument(bidder, p.ID, "again.pdf", pdfBytes("typed"))
		if r.Status != http.StatusConflict || r.errorCode(t) != "bid_document_duplicate" {
			t.Errorf("duplicate: %d %s", r.Status, r.Body)
		}
	})

	t.Run("20 MB each", func(t *testing.T) {
		big := append(pdfBytes("big"), make([]byte, files.AttachmentRules.MaxSize)...)
		r := app.uploadBidDocument(bidder, p.ID, "big.pdf", big)
		if r.Status != http.StatusBadRequest || r.errorCode(t) != "attachment_too_large" {
			t.Errorf("over 20 MB: %d %.200s", r.Status, r.Body)
		}
		fits := append(pdfBytes("fits"), make([]byte, files.AttachmentRules.MaxSize-int64(len(pdfBytes("fits"))))...)
		if r := app.uploadBidDocument(bidder, p.ID, "fits.pdf", fits); r.Status != http.StatusCreated {
			t.Errorf("exactly 20 MB: %d %.200s", r.Status, r.Body)
		}
	})

	t.Run("20 per bid", func(t *testing.T) {
		have := app.count(fmt.Sprintf("SELECT count(*) FROM bid_documents WHERE project_id = %d", p.ID))
		for i := int(have); i < files.AttachmentRules.MaxCount; i++ {
			if r := app.uploadBidDocument(bidder, p.ID, "附件.pdf", pdfBytes(fmt.Sprint("n", i))); r.Status != http.StatusCreated {
				t.Fatalf("document %d: %d %s", i+1, r.Status, r.Body)
			}
		}
		r := app.uploadBidDocument(bidder, p.ID, "one-too-many.pdf", pdfBytes("21"))
		if r.Status != http.StatusConflict || r.errorCode(t) != "attachment_count" {
			t.Errorf("21st: %d %s", r.Status, r.Body)
		}
	})

	t.Run("refused uploads change nothing", func(t *testing.T) {
		n := app.count(fmt.Sprintf("SELECT count(*) FROM bid_documents WHERE project_id = %d", p.ID))
		if n != int64(files.AttachmentRules.MaxCount) {
			t.Errorf("%d documents, want %d", n, files.AttachmentRules.MaxCount)
		}
		if n := app.count("SELECT count(*) FROM files WHERE media_type = 'application/pdf' AND size > 20971520"); n != 0 {
			t.Errorf("%d oversized files kept", n)
		}
		// Neither the refused files nor a staged copy stay on disk.
		for _, refused := range [][]byte{[]byte("just text pretending to be a PDF"), pdfBytes("21")} {
			if _, err := os.Stat(filepath.Join(dir, sha(refused)[:2], sha(refused))); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("refused file %s kept: %v", sha(refused), err)
			}
		}
		if staged, _ := os.ReadDir(filepath.Join(dir, "tmp")); len(staged) != 0 {
			t.Errorf("%d staged uploads left behind", len(staged))
		}
	})

	t.Run("removed while open, refused after the close", func(t *testing.T) {
		var mine struct{ Items []bidDocJSON }
		app.do("GET", bidDocsPath(p.ID), bidder, nil).decode(t, &mine)
		if len(mine.Items) != files.AttachmentRules.MaxCount {
			t.Fatalf("own list has %d", len(mine.Items))
		}
		if r := app.do("DELETE", fmt.Sprintf("%s/%d", bidDocsPath(p.ID), mine.Items[0].ID), bidder, nil); r.Status != http.StatusNoContent {
			t.Fatalf("delete: %d %s", r.Status, r.Body)
		}
		app.setNow(p.ClosesAt)
		if r := app.uploadBidDocument(bidder, p.ID, "late.pdf", pdfBytes("late")); r.Status != http.StatusConflict || r.errorCode(t) != "bidding_closed" {
			t.Errorf("upload at the deadline: %d %s", r.Status, r.Body)
		}
		if r := app.do("DELETE", fmt.Sprintf("%s/%d", bidDocsPath(p.ID), mine.Items[1].ID), bidder, nil); r.Status != http.StatusConflict {
			t.Errorf("delete after the deadline: %d %s", r.Status, r.Body)
		}
	})
}

// The receipt's digest is SHA-256 of its canonical text, which names the
// price, the time and every document's hash; the audit row it names carries
// the same digest and, once sealed, is the chain's link at audit_seq.
func TestBidDocuments_ReceiptMatchesAuditChain(t *testing.T) {
	t.Parallel()
	app := newBidDocsApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, bidder := app.agency("回执咨询有限公司", "NAT-01")
	p := app.publishedProject(ent, nil)
	receiptPath := fmt.Sprintf("/api/v1/projects/%d/bids/mine/receipt", p.ID)
	if r := app.do("PUT", bidPath(p.ID), bidder, map[string]any{"price": "61234.56", "proposal": "技术方案"}); r.Status != 200 {
		t.Fatalf("bid: %d %s", r.Status, r.Body)
	}
	a, b := pdfBytes("receipt-a"), docxBytes(t)
	for name, content := range map[string][]byte{"a.pdf": a, "b.docx": b} {
		if r := app.uploadBidDocument(bidder, p.ID, name, content); r.Status != http.StatusCreated {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
	}
	// A revision keeps the documents and seals a new receipt.
	app.setNow(app.now.Add(time.Minute))
	if r := app.do("PUT", bidPath(p.ID), bidder, map[string]any{"price": "60000.01", "proposal": "技术方案"}); r.Status != 200 {
		t.Fatalf("revise: %d %s", r.Status, r.Body)
	}
	if _, err := app.Market.Audit().Seal(context.Background(), 1000); err != nil {
		t.Fatal(err)
	}
	r := app.do("GET", receiptPath, bidder, nil)
	if r.Status != 200 {
		t.Fatalf("receipt: %d %s", r.Status, r.Body)
	}
	var rc market.BidReceipt
	r.decode(t, &rc)
	if rc.Price.String() != "60000.01" || !rc.SubmittedAt.Equal(app.now) || rc.ProjectID != p.ID || len(rc.Documents) != 2 {
		t.Errorf("receipt fields: %s", r.Body)
	}
	got := map[string]bool{}
	for _, d := range rc.Documents {
		got[d.SHA256] = true
	}
	if !got[sha(a)] || !got[sha(b)] {
		t.Errorf("receipt documents %v, want %s and %s", rc.Documents, sha(a), sha(b))
	}
	if sha([]byte(rc.Canonical)) != rc.Digest || !bytes.Contains([]byte(rc.Canonical), []byte(sha(a))) ||
		!bytes.Contains([]byte(rc.Canonical), []byte("price: 60000.01")) {
		t.Errorf("digest %s does not cover the canonical text:\n%s", rc.Digest, rc.Canonical)
	}
	// The audit row: same digest, sealed at audit_seq with audit_hash, and
	// the public chain agrees.
	var summaryDigest string
	if err := app.DB.SQL().QueryRowContext(context.Background(),
		"SELECT summary::jsonb->>'receipt_sha256' FROM audit_log WHERE id = $1 AND action = 'bid_receipt.sealed'", rc.AuditID).Scan(&summaryDigest); err != nil {
		t.Fatal(err)
	}
	if summaryDigest != rc.Digest {
		t.Errorf("audit row %d carries %s, receipt says %s", rc.AuditID, summaryDigest, rc.Digest)
	}
	if rc.AuditSeq == nil || rc.AuditHash == "" {
		t.Fatalf("receipt not placed in the chain: %s", r.Body)
	}
	var link struct{ Hash string }
	app.do("GET", fmt.Sprintf("/api/v1/audit/chain/%d", *rc.AuditSeq), "", nil).decode(t, &link)
	if link.Hash != rc.AuditHash {
		t.Errorf("chain link %d is %s, receipt says %s", *rc.AuditSeq, link.Hash, rc.AuditHash)
	}
	var v struct{ OK bool }
	app.do("GET", "/api/v1/audit/verify", "", nil).decode(t, &v)
	if !v.OK {
		t.Error("audit chain does not verify")
	}
	// The receipt is the agency's alone.
	if r := app.do("GET", receiptPath, ent, nil); r.Status != http.StatusForbidden {
		t.Errorf("owner reads the receipt: %d %s", r.Status, r.Body)
	}
	// Evidence records each document's hash.
	if n := app.count(fmt.Sprintf("SELECT count(*) FROM bid_evidence WHERE project_id = %d AND action = 'document_add' AND doc_sha256 IN ('%s', '%s')", p.ID, sha(a), sha(b))); n != 2 {
		t.Errorf("%d document evidence rows, want 2", n)
	}
}

// Concurrent uploads by one agency cannot pass the count rule together:
// the bid row is locked for each change.
func TestBidDocuments_CountHoldsUnderConcurrentUploads(t *testing.T) {
	t.Parallel()
	app := newBidDocsApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, bidder := app.agency("并发上传咨询有限公司", "NAT-01")
	p := app.publishedProject(ent, nil)
	if r := app.do("PUT", bidPath(p.ID), bidder, map[string]any{"price": "50000.00"}); r.Status != 200 {
		t.Fatalf("bid: %d %s", r.Status, r.Body)
	}
	max := files.AttachmentRules.MaxCount
	for i := 0; i < max-2; i++ {
		if r := app.uploadBidDocument(bidder, p.ID, "a.pdf", pdfBytes(fmt.Sprint("pre", i))); r.Status != http.StatusCreated {
			t.Fatalf("document %d: %d %s", i, r.Status, r.Body)
		}
	}
	const racers = 6
	statuses := make(chan int, racers)
	for i := 0; i < racers; i++ {
		go func() {
			statuses <- app.uploadBidDocument(bidder, p.ID, "race.pdf", pdfBytes(fmt.Sprint("race", i))).Status
		}()
	}
	created := 0
	for i := 0; i < racers; i++ {
		if <-statuses == http.StatusCreated {
			created++
		}
	}
	if n := app.count(fmt.Sprintf("SELECT count(*) FROM bid_documents WHERE project_id = %d", p.ID)); n != int64(max) || created != 2 {
		t.Errorf("%d documents (%d uploads accepted), want %d (2)", n, created, max)
	}
}

// fixedTyper names every document the same type.
type fixedTyper string

func (f fixedTyper) MediaType([]byte) string { return string(f) }

// A bid document is typed by the marketplace's one document typer, the
// one notice documents go through, not by a sniffer of its own.
func TestBidDocuments_TypedByTheMarketplaceTyper(t *testing.T) {
	t.Parallel()
	app := newBidDocsApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, bidder := app.agency("响应文件咨询有限公司", "NAT-01")
	p := app.publishedProject(ent, nil)
	if r := app.do("PUT", bidPath(p.ID), bidder, map[string]any{"price": "50000.00"}); r.Status != 200 {
		t.Fatalf("bid: %d %s", r.Status, r.Body)
	}
	app.Market.Typer = fixedTyper(files.MediaPNG)
	var d bidDocJSON
	r := app.uploadBidDocument(bidder, p.ID, "方案.pdf", pdfBytes("typer"))
	if r.Status != http.StatusCreated {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	r.decode(t, &d)
	if d.MediaType != files.MediaPNG {
		t.Errorf("media type %q, want the typer's %q", d.MediaType, files.MediaPNG)
	}
	// a type the typer does not know is refused with the attachment rules' code
	app.Market.Typer = fixedTyper("")
	if r := app.uploadBidDocument(bidder, p.ID, "方案2.pdf", pdfBytes("unknown")); r.Status != http.StatusBadRequest || r.errorCode(t) != "attachment_type" {
		t.Errorf("untyped: %d %s", r.Status, r.Body)
	}
}
