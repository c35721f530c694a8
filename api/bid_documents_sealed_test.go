package api_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"marketplace/domain/files"
)

// Before the close, nobody but the agency that attached them (owner, admin,
// department, public and other agencies alike) learns anything of the bid
// documents: every GET endpoint of openapi.yaml (listings, sizes,
// downloads, OCDS, search, statistics) answers the same before and after
// they are uploaded, and neither those answers nor the operators' metrics
// carry a document's hash or name. After the close the owner, departments
// and admins list and download them; other agencies and the public do not.
func TestBidDocuments_SealedUntilClose(t *testing.T) {
	t.Parallel()
	app := newBidDocsApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, dept := app.staff("department", "某市生态环境局")
	_, adm := app.staff("admin", "平台管理员")
	_, outsider := app.agency("旁观咨询有限公司", "NAT-01")
	id1, bidder1 := app.agency("投标咨询有限公司一", "NAT-01")
	id2, bidder2 := app.agency("投标咨询有限公司二", "NAT-01")
	p := app.publishedProject(ent, nil)
	for _, tok := range []string{bidder1, bidder2} {
		if r := app.do("PUT", bidPath(p.ID), tok, map[string]any{"price": "70000.00"}); r.Status != 200 {
			t.Fatalf("bid: %d %s", r.Status, r.Body)
		}
	}

	roles := map[string]string{"anonymous": "", "owner": ent, "other agency": outsider, "department": dept, "admin": adm}
	paths := getPaths(t)
	expand := func(path string) string {
		return "/api/v1" + pathParam.ReplaceAllString(path, fmt.Sprint(p.ID))
	}
	volatile := map[string]bool{"/audit/verify": true, "/admin/jobs": true, "/audit/chain/{seq}": true}
	snapshot := func() map[string][]byte {
		out := map[string][]byte{}
		for role, tok := range roles {
			for _, path := range paths {
				out[role+" "+path] = app.do("GET", expand(path), tok, nil).Body
			}
		}
		out["operator /metrics"] = app.opsGet("/metrics").Body
		return out
	}
	before := snapshot()

	shared, own := pdfBytes("密封共用响应文件"), docxBytes(t)
	upload := func(tok, name string, content []byte) int64 {
		var d bidDocJSON
		r := app.uploadBidDocument(tok, p.ID, name, content)
		if r.Status != http.StatusCreated {
			t.Fatalf("upload %s: %d %s", name, r.Status, r.Body)
		}
		r.decode(t, &d)
		return d.ID
	}
	doc1 := upload(bidder1, "绝密响应文件甲.pdf", shared)
	upload(bidder2, "绝密响应文件乙.pdf", shared)
	doc2 := upload(bidder2, "绝密技术标乙.docx", own)
	after := snapshot()

	secrets := []string{sha(shared), sha(own), "绝密响应文件甲", "绝密响应文件乙", "绝密技术标乙"}
	for key, body := range after {
		for _, s := range secrets {
			if bytes.Contains(body, []byte(s)) {
				t.Errorf("%s reveals %q: %.300s", key, s, body)
			}
		}
		path := strings.SplitN(key, " /", 2)
		if len(path) == 2 && (volatile["/"+path[1]] || strings.HasSuffix(key, "/metrics")) {
			continue
		}
		if !bytes.Equal(before[key], body) {
			t.Errorf("%s changed when documents were attached:\nbefore %.300s\nafter  %.300s", key, before[key], body)
		}
	}

	// A download answers alike whether the document exists or not: the seal
	// comes first, to everyone but the agency that attached it.
	download := func(tok string, docID int64) *response {
		return app.do("GET", fmt.Sprintf("/api/v1/projects/%d/bids/documents/%d", p.ID, docID), tok, nil)
	}
	roles["the other bidder"] = bidder1
	for role, tok := range roles {
		exists, missing := download(tok, doc2), download(tok, doc2+1000)
		if exists.Status != http.StatusConflict || exists.Status != missing.Status || !bytes.Equal(exists.Body, missing.Body) {
			t.Errorf("%s: download of a sealed document %d %s, of none %d %s", role, exists.Status, exists.Body, missing.Status, missing.Body)
		}
		if r := app.do("GET", fmt.Sprintf("/api/v1/projects/%d/bids/documents", p.ID), tok, nil); r.Status != http.StatusConflict {
			t.Errorf("%s: documents list before the close %d %s", role, r.Status, r.Body)
		}
	}
	delete(roles, "the other bidder")
	// The agency reads its own (which proves the searches above look for
	// the right strings).
	if r := download(bidder1, doc1); r.Status != 200 || !bytes.Equal(r.Body, shared) {
		t.Errorf("bidder's own document: %d", r.Status)
	}
	if r := app.do("GET", bidDocsPath(p.ID), bidder2, nil); !bytes.Contains(r.Body, []byte("绝密技术标乙")) || bytes.Contains(r.Body, []byte("绝密响应文件甲")) {
		t.Errorf("bidder's own list: %s", r.Body)
	}

	// After the close.
	app.setNow(p.ClosesAt.Add(time.Second))
	ctx := context.Background()
	if _, err := app.Jobs.RunOnce(ctx, "close_bidding"); err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{"owner", "department", "admin"} {
		var l struct{ Items []bidDocJSON }
		r := app.do("GET", fmt.Sprintf("/api/v1/projects/%d/bids/documents", p.ID), roles[role], nil)
		if r.Status != 200 {
			t.Fatalf("%s: list after the close %d %s", role, r.Status, r.Body)
		}
		r.decode(t, &l)
		if len(l.Items) != 3 {
			t.Errorf("%s lists %d documents, want 3", role, len(l.Items))
		}
		if r := download(roles[role], doc2); r.Status != 200 || !bytes.Equal(r.Body, own) || r.Header.Get("Content-Type") != files.MediaDOCX {
			t.Errorf("%s: download after the close %d %s", role, r.Status, r.Header.Get("Content-Type"))
		}
	}
	for role, want := range map[string]int{"other agency": http.StatusForbidden, "anonymous": http.StatusUnauthorized} {
		if r := download(roles[role], doc2); r.Status != want {
			t.Errorf("%s: download after the close %d, want %d", role, r.Status, want)
		}
	}
	if r := download(bidder1, doc2); r.Status != http.StatusForbidden {
		t.Errorf("a bidder downloads another's document after the close: %d", r.Status)
	}

	// identical_documents compares the files' hashes.
	if run, err := app.Jobs.RunOnce(ctx, "risk_on_close"); err != nil || run.Error != "" {
		t.Fatalf("risk_on_close: %v %+v", err, run)
	}
	l := app.risks(dept, fmt.Sprintf("?indicator=identical_documents&project_id=%d", p.ID))
	if l.Total != 1 || len(l.Items[0].AgencyIDs) != 2 || !(l.Items[0].AgencyIDs[0] == min(id1, id2) && l.Items[0].AgencyIDs[1] == max(id1, id2)) {
		t.Errorf("identical_documents flags: %+v", l)
	}
}
