package market

import (
	"context"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/files"
	"marketplace/domain/kernel"
)

// Limits of a notice's documents (招标文件/附件).
const (
	// MaxNoticeDocumentSize is the largest notice document, as for bids.
	MaxNoticeDocumentSize = files.MaxAttachmentSize
	// MaxNoticeDocuments is how many current (not superseded) documents a
	// project may carry, as for bids.
	MaxNoticeDocuments = files.MaxAttachments
	// MaxNoticeDocumentTitle is the longest title, in characters.
	MaxNoticeDocumentTitle = 200
)

// NoticeMediaTypes are the accepted types of a notice document: those of
// every attachment (files.AttachmentRules).
var NoticeMediaTypes = files.AttachmentRules.MediaTypes

// NoticeDocument is one document of a project's notice.
type NoticeDocument struct {
	ID        int64  `json:"id"`
	ProjectID int64  `json:"project_id"`
	Title     string `json:"title"`
	FileName  string `json:"file_name"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
	// Pending: uploaded to a published project, private until an
	// amendment publishes it.
	Pending bool `json:"pending"`
	// AmendmentID is the amendment that published it (nil: the original notice).
	AmendmentID *int64 `json:"amendment_id"`
	// SupersededBy is the amendment that replaced it (已被更正); it stays downloadable.
	SupersededBy *int64    `json:"superseded_by"`
	CreatedAt    time.Time `json:"created_at"`
	DownloadURL  string    `json:"download_url"`
}

// Current reports whether d is part of the notice as it now stands.
func (d *NoticeDocument) Current() bool { return d.SupersededBy == nil }

// PublicOn reports whether anyone may see d on project p: the notice is
// published and d is not waiting for an amendment.
func (d *NoticeDocument) PublicOn(p *Project) bool { return p.Status != ProjectDraft && !d.Pending }

// NoticeDocumentPath is the download path of a document (API).
func NoticeDocumentPath(projectID, docID int64) string {
	return "/api/v1/projects/" + ProjectSubject(projectID) + "/documents/" + ProjectSubject(docID)
}

// NoticeDocumentInput is an upload's text: its title and the client's file name.
type NoticeDocumentInput struct {
	Title    string
	FileName string
}

// Validate trims the title and file name and checks the title's length.
func (in *NoticeDocumentInput) Validate() error {
	in.Title = strings.TrimSpace(in.Title)
	in.FileName = path.Base(strings.ReplaceAll(strings.TrimSpace(in.FileName), `\`, "/"))
	if in.FileName == "." || in.FileName == "/" {
		in.FileName = ""
	}
	if utf8.RuneCountInString(in.FileName) > MaxNoticeDocumentTitle {
		in.FileName = string([]rune(in.FileName)[:MaxNoticeDocumentTitle])
	}
	if n := utf8.RuneCountInString(in.Title); n < 1 || n > MaxNoticeDocumentTitle {
		return &kernel.Error{Code: kernel.EINVALID, Reason: "document_title_length", Field: "title",
			Message: "The document title must be 1 to 200 characters.", Params: map[string]any{"max": MaxNoticeDocumentTitle}}
	}
	return nil
}

// Errors of notice documents.
var (
	ErrNoticeDocumentNotFound = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "notice_document_not_found", Message: "No such document on this project."}
	ErrNoticeDocumentType     = &kernel.Error{Code: kernel.EINVALID, Reason: "notice_document_type", Field: "file",
		Message: "The document must be a PDF, DOCX, XLSX, ZIP, JPEG or PNG file (checked by its content)."}
	ErrNoticeDocumentTooLarge = &kernel.Error{Code: kernel.EINVALID, Reason: "document_too_large", Field: "file",
		Message: "The document is larger than 20 MB.", Params: map[string]any{"max_mb": MaxNoticeDocumentSize >> 20}}
	ErrNoticeDocumentsFull = &kernel.Error{Code: kernel.ECONFLICT, Reason: "too_many_documents", Field: "file",
		Message: "A project carries at most 20 documents.", Params: map[string]any{"max": MaxNoticeDocuments}}
	// ErrNoticeDocumentPublished refuses to delete a published document:
	// only an amendment supersedes it.
	ErrNoticeDocumentPublished = &kernel.Error{Code: kernel.ECONFLICT, Reason: "document_published",
		Message: "A published document cannot be removed; publish an amendment that supersedes it."}
)

// NoticeStore persists notice documents and amendments.
type NoticeStore interface {
	CreateNoticeDocument(ctx context.Context, d *NoticeDocument) error
	// FindNoticeDocuments returns the project's documents in upload order.
	FindNoticeDocuments(ctx context.Context, projectID int64) ([]*NoticeDocument, error)
	DeleteNoticeDocument(ctx context.Context, projectID, docID int64) error
	// CreateAmendment inserts a and sets its ID.
	CreateAmendment(ctx context.Context, a *Amendment) error
	// FindAmendments returns the project's amendments, oldest first.
	FindAmendments(ctx context.Context, projectID int64) ([]*Amendment, error)
	// FindRecentAmendments pages every amendment of every project, newest first.
	FindRecentAmendments(ctx context.Context, p kernel.Page) ([]*Amendment, int, error)
	// PublishNoticeDocuments marks pending documents as published by amendmentID.
	PublishNoticeDocuments(ctx context.Context, projectID, amendmentID int64, docIDs []int64) error
	// SupersedeNoticeDocuments marks documents as replaced by amendmentID.
	SupersedeNoticeDocuments(ctx context.Context, projectID, amendmentID int64, docIDs []int64) error
	// UpdateProjectTerms writes the amendable terms: description, ceiling
	// price, service days and the close (bidding_closes_at and closes_at).
	UpdateProjectTerms(ctx context.Context, p *Project) error
	// MarkBidsNeedConfirmation flags every submitted bid on the project and
	// returns the agencies whose bids were flagged.
	MarkBidsNeedConfirmation(ctx context.Context, projectID int64) ([]int64, error)
	// ConfirmBid clears the flag of the agency's submitted bid.
	ConfirmBid(ctx context.Context, projectID, agencyID int64, now time.Time) error
	// FindInterestedAgencies returns every agency that bid on the project
	// (whatever became of the bid). Others who take an interest in a
	// project (those who asked a question) are added here.
	FindInterestedAgencies(ctx context.Context, projectID int64) ([]int64, error)
}
