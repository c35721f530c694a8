package opendata

import (
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

// OCDSNoticeDocument is a public document of the notice as the releases
// need it (domain fills it from the market's notice document).
type OCDSNoticeDocument struct {
	ID int64
	// AmendmentID is the amendment that published it (nil: the original
	// notice); SupersededBy the amendment that replaced it.
	AmendmentID  *int64
	SupersededBy *int64
	Title        string
	SHA256       string
	MediaType    string
	// Path is the document's download path, relative to BaseURI.
	Path string
}

// OCDSNoticeAmendment is a published 更正公告: its time, its rationale and
// the Chinese names of the fields it changed.
type OCDSNoticeAmendment struct {
	ID          int64
	PublishedAt time.Time
	Rationale   string
	FieldNames  []string
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
			Description: "SHA-256: " + d.SHA256, URL: pr.BaseURI + d.Path,
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
		out = append(out, OCDSAmendment{ID: "amendment-" + strconv.FormatInt(a.ID, 10), Date: a.PublishedAt,
			Rationale: a.Rationale, Description: "更正：" + strings.Join(a.FieldNames, "、")})
	}
	return out
}
