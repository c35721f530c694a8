package opendata_test

import (
	"strings"
	"testing"
	"time"

	"marketplace/domain/kernel"
	"marketplace/domain/opendata"
)

// A process as domain's loader hands it over: plain facts, links relative
// to BaseURI.
func noticeProcess() (*opendata.OCDSProcess, time.Time) {
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	ceiling := kernel.Money(10000000)
	amendment := int64(3)
	pr := &opendata.OCDSProcess{
		Project: opendata.OCDSProject{ID: 5, Title: "环评报告编制", ItemCode: "NAT-01", ItemName: "环境影响报告书（表）编制",
			Method: "composite", CeilingPrice: &ceiling, Weights: &opendata.OCDSWeights{Price: 40, Credit: 20, Technical: 40},
			PublishedAt: &t0, ClosesAt: t0.Add(72 * time.Hour), ServiceDays: 30},
		OCDSFacts: opendata.OCDSFacts{Buyer: opendata.OCDSOrg{AccountID: 1, Name: "某企业", USCC: "91110000MA0000002P"},
			Events: []opendata.OCDSEvent{{AuditID: 10, Action: "project.published", At: t0},
				{AuditID: 11, Action: "project.amended", At: t0.Add(time.Hour)}}},
		Documents: []opendata.OCDSNoticeDocument{
			{ID: 1, SupersededBy: &amendment, Title: "采购需求书", SHA256: "aa", MediaType: "application/pdf", Path: "/docs/1"},
			{ID: 2, AmendmentID: &amendment, Title: "采购需求书（更正）", SHA256: "bb", MediaType: "application/pdf", Path: "/docs/2"},
		},
		Amendments: []opendata.OCDSNoticeAmendment{{ID: 3, PublishedAt: t0.Add(time.Hour), Rationale: "补充要求",
			FieldNames: []string{"项目描述", "公告附件"}}},
		BaseURI: "https://example.org",
	}
	return pr, t0
}

func TestOCDSProcess_NoticeDocumentsAndAmendments(t *testing.T) {
	pr, _ := noticeProcess()
	rels := pr.Releases("ocds-test-")
	if len(rels) != 2 || rels[0].Tag[0] != "tender" || rels[1].Tag[0] != "tenderAmendment" {
		t.Fatalf("releases: %+v", rels)
	}
	first := rels[0].Tender
	if len(first.Documents) != 1 || first.Documents[0].URL != "https://example.org/docs/1" ||
		strings.Contains(first.Documents[0].Description, "已被更正") || len(first.Amendments) != 0 {
		t.Errorf("tender release: %+v %+v", first.Documents, first.Amendments)
	}
	amended := rels[1].Tender
	if len(amended.Documents) != 2 || !strings.HasSuffix(amended.Documents[0].Description, "；已被更正") ||
		amended.Documents[0].DateModified == nil || amended.Documents[1].Description != "SHA-256: bb" {
		t.Errorf("amended documents: %+v", amended.Documents)
	}
	if len(amended.Amendments) != 1 || amended.Amendments[0].Description != "更正：项目描述、公告附件" {
		t.Errorf("amendments: %+v", amended.Amendments)
	}
	if amended.AwardCriteria != "ratedCriteria" || amended.AwardCriteriaDetails != "价格40% 信用20% 技术40%" ||
		amended.ProcurementMethodDetails != "综合评分" {
		t.Errorf("composite mapping: %+v", amended)
	}
	if c := pr.Compiled("ocds-test-", rels); c.ID != "ocds-test-5-compiled" || c.Tender.Status != "active" {
		t.Errorf("compiled: %s %s", c.ID, c.Tender.Status)
	}
}

func TestOCDSProcess_SignedContractDocument(t *testing.T) {
	pr, t0 := noticeProcess()
	price := kernel.Money(9000000)
	signed := t0.Add(200 * time.Hour)
	pr.Project.ClosedAt = &pr.Project.ClosesAt
	pr.Candidates = []opendata.OCDSCandidate{{Rank: 1, Agency: opendata.OCDSOrg{AccountID: 9, Name: "某机构"}, Price: price,
		Status: "selected", Selected: true}}
	pr.ResultAt, pr.AwardedAt = &signed, &signed
	pr.ContractPrice, pr.OwnerSigned, pr.AgencySigned = &price, &signed, &signed
	pr.ContractDocument = &opendata.OCDSSignedContract{SHA256: strings.Repeat("c", 64), Signature: "sig", KeyID: "key-1",
		Path: "/api/v1/projects/5/contract/document", MediaType: "application/pdf"}
	pr.Events = append(pr.Events, opendata.OCDSEvent{AuditID: 20, Action: "contract.signed", At: signed})
	rels := pr.Releases("ocds-test-")
	c := rels[len(rels)-1].Contracts
	if len(c) != 1 || c[0].Status != "active" || len(c[0].Documents) != 1 {
		t.Fatalf("contract: %+v", c)
	}
	d := c[0].Documents[0]
	if d.URL != "https://example.org/api/v1/projects/5/contract/document" || d.Format != "application/pdf" ||
		!strings.Contains(d.Description, "key key-1") || !strings.Contains(d.Description, "https://example.org/api/v1/projects/5/contract/signature") {
		t.Errorf("contract document: %+v", d)
	}
}
