package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The notice's documents are in tender.documents and each amendment in
// tender.amendments and a tenderAmendment release, valid against OCDS 1.1.5.
func TestAmendment_OCDS(t *testing.T) {
	t.Parallel()
	app := newDocumentsApp(t)
	releaseSchema, recordSchema := ocdsSchemas(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	app.agency("投标咨询有限公司", "NAT-01")
	p := app.draftProject(ent, nil)
	var orig, repl noticeDocJSON
	app.uploadNoticeDocument(ent, p.ID, "采购需求书", "采购需求书.pdf", samplePDF).decode(t, &orig)
	if r := app.do("POST", fmt.Sprintf("/api/v1/projects/%d/publish", p.ID), ent, nil); r.Status != http.StatusOK {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	app.setNow(app.now.Add(10 * time.Minute)) // the amendment comes after the notice
	app.uploadNoticeDocument(ent, p.ID, "技术规范（更正）", "技术规范.docx", sampleDOCX(t)).decode(t, &repl)
	r := app.do("POST", amendPath(p.ID), ent, map[string]any{"rationale": "更正技术规范", "service_days": 20,
		"add_documents": []int64{repl.ID}, "supersede_documents": []int64{orig.ID}})
	if r.Status != http.StatusCreated {
		t.Fatalf("amend: %d %s", r.Status, r.Body)
	}

	var pj struct{ OCID string }
	app.do("GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), "", nil).decode(t, &pj)
	r = app.do("GET", "/api/v1/ocds/records/"+pj.OCID, "", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("record: %d %s", r.Status, r.Body)
	}
	validateOCDS(t, recordSchema, r.Body, "record with documents and an amendment")
	var rec struct {
		Records []struct {
			Releases []struct {
				Tag    []string
				Tender struct {
					Documents []struct {
						ID, Title, Description, URL, Format string
					}
					Amendments []struct{ Rationale, Description string }
				}
			}
			CompiledRelease struct {
				Tender struct {
					Documents []struct {
						ID, Title, Description, URL, Format string
					}
					Amendments []struct{ Rationale, Description string }
				}
			} `json:"compiledRelease"`
		}
	}
	r.decode(t, &rec)
	rels := rec.Records[0].Releases
	if len(rels) != 2 || rels[0].Tag[0] != "tender" || rels[1].Tag[0] != "tenderAmendment" {
		t.Fatalf("releases %+v", rels)
	}
	if d := rels[0].Tender.Documents; len(d) != 1 || d[0].Title != "采购需求书" || strings.Contains(d[0].Description, "已被更正") ||
		len(rels[0].Tender.Amendments) != 0 {
		t.Errorf("tender release: %+v", rels[0].Tender)
	}
	docs := rec.Records[0].CompiledRelease.Tender.Documents
	if len(docs) != 2 || !strings.Contains(docs[0].Description, orig.SHA256) || !strings.Contains(docs[0].Description, "已被更正") ||
		!strings.HasSuffix(docs[0].URL, orig.DownloadURL) || docs[1].Format != repl.MediaType || strings.Contains(docs[1].Description, "已被更正") {
		t.Errorf("compiled documents %+v", docs)
	}
	if a := rec.Records[0].CompiledRelease.Tender.Amendments; len(a) != 1 || a[0].Rationale != "更正技术规范" ||
		!strings.Contains(a[0].Description, "服务期限") || !strings.Contains(a[0].Description, "公告附件") {
		t.Errorf("compiled amendments %+v", a)
	}
	r = app.do("GET", "/api/v1/ocds/releases?per_page=200", "", nil)
	validateOCDS(t, releaseSchema, r.Body, "release feed with an amendment")
	if !strings.Contains(string(r.Body), `"tenderAmendment"`) {
		t.Errorf("feed has no tenderAmendment release")
	}
}
