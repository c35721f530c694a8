package domain

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// OCDSDocument is a document of tender.documents. OCDS 1.1.5 has no hash
// field: the SHA-256 is published in description (and the file is served
// content-addressed, so the hash identifies it for good).
type OCDSDocument struct {
	ID            string     `json:"id"`
	DocumentType  string     `json:"documentType"`
	Title         string     `json:"title"`
	Description   string     `json:"description"`
	URL           string     `json:"url"`
	DatePublished *time.Time `json:"datePublished,omitempty"`
	DateModified  *time.Time `json:"dateModified,omitempty"`
	Format        string     `json:"format"`
	Language      string     `json:"language"`
}

// OCDSAmendment is one entry of tender.amendments: a 更正公告.
type OCDSAmendment struct {
	ID          string    `json:"id"`
	Date        time.Time `json:"date"`
	Rationale   string    `json:"rationale"`
	Description string    `json:"description"`
}

// AmendmentFieldNames are the Chinese names of the amendable fields, as
// the open data publishes them.
var AmendmentFieldNames = map[string]string{
	AmendDescription:  "项目描述",
	AmendCeilingPrice: "最高限价",
	AmendServiceDays:  "服务期限",
	AmendClosesAt:     "投标截止时间",
	AmendDocuments:    "公告附件",
}

// loadOCDSProcess is Store.LoadOCDSProcess with the notice's public
// documents and its amendments, and the base of its links.
func (m *Marketplace) loadOCDSProcess(ctx context.Context, id int64) (*OCDSProcess, error) {
	pr, err := m.Store.LoadOCDSProcess(ctx, id)
	if err != nil {
		return pr, err
	}
	if err := m.completeOCDSProcesses(ctx, map[int64]*OCDSProcess{id: pr}); err != nil {
		return nil, err
	}
	return pr, nil
}

// loadOCDSProcesses is loadOCDSProcess for the published projects among
// ids at once: a statement per kind of fact whatever their number.
func (m *Marketplace) loadOCDSProcesses(ctx context.Context, ids []int64) (map[int64]*OCDSProcess, error) {
	prs, err := m.Store.LoadOCDSProcesses(ctx, ids)
	if err != nil {
		return nil, err
	}
	if err := m.completeOCDSProcesses(ctx, prs); err != nil {
		return nil, err
	}
	return prs, nil
}

// completeOCDSProcesses adds to each process its notice's public documents,
// its amendments and the base of its links.
func (m *Marketplace) completeOCDSProcesses(ctx context.Context, prs map[int64]*OCDSProcess) error {
	var published []int64
	for id, pr := range prs {
		_, pr.BaseURI = m.ocdsPublisher()
		if pr.Project.PublishedAt != nil {
			published = append(published, id)
		}
	}
	if len(published) == 0 {
		return nil
	}
	docs, err := m.Store.FindNoticeDocumentsOf(ctx, published)
	if err != nil {
		return err
	}
	amendments, err := m.Store.FindAmendmentsOf(ctx, published)
	if err != nil {
		return err
	}
	for _, id := range published {
		pr := prs[id]
		for _, d := range docs[id] {
			if d.PublicOn(pr.Project) {
				pr.Documents = append(pr.Documents, d)
			}
		}
		pr.Amendments = amendments[id]
	}
	return nil
}

// amendmentTimes maps each amendment to its publication time.
func (pr *OCDSProcess) amendmentTimes() map[int64]time.Time {
	out := make(map[int64]time.Time, len(pr.Amendments))
	for _, a := range pr.Amendments {
		out[a.ID] = a.PublishedAt
	}
	return out
}

// tenderDocuments are the documents published by time at: those of the
// original notice and those of the amendments published by then; one
// superseded by then says so (已被更正) and stays listed.
func (pr *OCDSProcess) tenderDocuments(at time.Time) []OCDSDocument {
	times := pr.amendmentTimes()
	var out []OCDSDocument
	for _, d := range pr.Documents {
		published := *pr.Project.PublishedAt
		if d.AmendmentID != nil {
			published = times[*d.AmendmentID]
		}
		if published.After(at) {
			continue
		}
		od := OCDSDocument{ID: "doc-" + strconv.FormatInt(d.ID, 10), DocumentType: "biddingDocuments", Title: d.Title,
			Description: "SHA-256: " + d.SHA256, URL: pr.BaseURI + NoticeDocumentPath(d.ProjectID, d.ID),
			DatePublished: &published, Format: d.MediaType, Language: "zh"}
		if d.SupersededBy != nil {
			if t, ok := times[*d.SupersededBy]; ok && !t.After(at) {
				od.Description += "；已被更正"
				od.DateModified = &t
			}
		}
		out = append(out, od)
	}
	return out
}

// tenderAmendments are the amendments published by time at, oldest first.
func (pr *OCDSProcess) tenderAmendments(at time.Time) []OCDSAmendment {
	var out []OCDSAmendment
	for _, a := range pr.Amendments {
		if a.PublishedAt.After(at) {
			continue
		}
		names := make([]string, len(a.Changes))
		for i, c := range a.Changes {
			names[i] = AmendmentFieldNames[c.Field]
		}
		out = append(out, OCDSAmendment{ID: "amendment-" + strconv.FormatInt(a.ID, 10), Date: a.PublishedAt,
			Rationale: a.Rationale, Description: "更正：" + strings.Join(names, "、")})
	}
	return out
}
