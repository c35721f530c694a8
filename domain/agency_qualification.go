package domain

import (
	"bytes"
	"context"
	"io"
	"path"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxDocumentSize is the largest qualification document accepted: 10 MB.
const MaxDocumentSize = 10 << 20

// Document media types accepted for qualification documents.
const (
	MediaPDF  = "application/pdf"
	MediaJPEG = "image/jpeg"
	MediaPNG  = "image/png"
)

// Qualification is a certificate an agency holds for one service item.
type Qualification struct {
	ID       int64  `json:"id"`
	AgencyID int64  `json:"agency_id"`
	ItemCode string `json:"item_code"`
	// ItemName is the catalogue's name of ItemCode, for pages.
	ItemName   string    `json:"-"`
	Number     string    `json:"number"`
	Issuer     string    `json:"issuer"`
	ValidFrom  string    `json:"valid_from"`
	ValidUntil string    `json:"valid_until"`
	Document   *Document `json:"document"`
	// Flagged: a department or admin found it false; it never counts again.
	Flagged bool `json:"flagged"`
	// Valid is computed with the platform clock when the qualification is
	// read: not flagged, and today (CST) within [valid_from, valid_until].
	Valid     bool      `json:"valid"`
	CreatedAt time.Time `json:"created_at"`
}

// Document describes an uploaded file, stored content-addressed by SHA-256.
type Document struct {
	SHA256    string `json:"sha256"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
	FileName  string `json:"file_name"`
}

// CountsOn reports whether q counts on the platform date of now.
func (q *Qualification) CountsOn(now time.Time) bool {
	today := now.In(PlatformZone).Format(DateLayout)
	return !q.Flagged && q.ValidFrom <= today && today <= q.ValidUntil
}

// QualificationInput is the form of a qualification upload.
type QualificationInput struct {
	ItemCode   string
	Number     string
	Issuer     string
	ValidFrom  string
	ValidUntil string
	FileName   string
}

// Validate checks the certificate fields; the file is checked by content.
func (in *QualificationInput) Validate() error {
	in.ItemCode = strings.TrimSpace(in.ItemCode)
	in.Number = strings.TrimSpace(in.Number)
	in.Issuer = strings.TrimSpace(in.Issuer)
	in.FileName = path.Base(strings.ReplaceAll(strings.TrimSpace(in.FileName), `\`, "/"))
	if in.FileName == "." || in.FileName == "/" {
		in.FileName = ""
	}
	if !itemCodePattern.MatchString(in.ItemCode) {
		return FieldError("item_code", "unknown_item", "%q is not a service item code of the catalogue.", in.ItemCode)
	}
	if n := utf8.RuneCountInString(in.Number); n < 1 || n > MaxCertificateNumberRunes {
		return FieldError("number", "certificate_number_length", "The certificate number must be 1 to %d characters.", MaxCertificateNumberRunes)
	}
	if n := utf8.RuneCountInString(in.Issuer); n < 1 || n > MaxCertificateIssuerRunes {
		return FieldError("issuer", "issuer_length", "The issuing authority must be 1 to %d characters.", MaxCertificateIssuerRunes)
	}
	if utf8.RuneCountInString(in.FileName) > MaxCertificateFileNameRunes {
		in.FileName = string([]rune(in.FileName)[:MaxCertificateFileNameRunes])
	}
	from, err := ParseDate("valid_from", in.ValidFrom, "2025-01-31")
	if err != nil {
		return err
	}
	until, err := ParseDate("valid_until", in.ValidUntil, "2030-01-31")
	if err != nil {
		return err
	}
	if until.Before(from) {
		return FieldError("valid_until", "qualification_dates_reversed", "valid_until (%s) is before valid_from (%s).", in.ValidUntil, in.ValidFrom)
	}
	return nil
}

// SniffDocument returns the media type of a document from its first bytes,
// or "" when it is not a PDF, JPEG or PNG: the file name and the client's
// Content-Type are never trusted.
func SniffDocument(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return MediaPDF
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return MediaJPEG
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return MediaPNG
	}
	return ""
}

// ErrStoredFileMissing answers a download whose document is on record but
// whose stored file is gone (lost or removed by hand): a 404 with its own
// code, not an internal error.
var ErrStoredFileMissing = &Error{Code: ENOTFOUND, Reason: "stored_file_missing", Message: "The stored file of this document is missing."}

// ErrFileStorageUnavailable answers a download when the file storage
// cannot be read (an outage: try again later).
var ErrFileStorageUnavailable = &Error{Code: EUNAVAILABLE, Reason: "file_storage_unavailable", Message: "The document storage is unavailable; try again later."}

// Files keeps uploaded documents content-addressed (storage.Files on a
// local directory). Uploads are staged first, so that a refused request
// leaves nothing behind.
type Files interface {
	// Stage copies at most limit+1 bytes of r into a temporary file and
	// reports their SHA-256, size and first bytes; a Size above limit means
	// the upload was too large.
	Stage(ctx context.Context, r io.Reader, limit int64) (StagedFile, error)
	// Open reads a kept file: ErrStoredFileMissing when it is gone, an
	// EUNAVAILABLE error when the storage cannot be read.
	Open(ctx context.Context, sha256 string) (io.ReadCloser, error)
	// Remove deletes a kept file (used only to undo a Keep whose
	// transaction then failed to commit).
	Remove(ctx context.Context, sha256 string) error
}

// StagedFile is an upload waiting for its transaction.
type StagedFile interface {
	SHA256() string
	Size() int64
	Head() []byte
	// Keep moves the file to its content address; created is false when an
	// identical file was already there.
	Keep() (created bool, err error)
	// Discard removes the temporary file; it does nothing after Keep.
	Discard() error
}

// QualificationFlag is a department's or admin's finding that a
// qualification is false, with its evidence: an audited, recorded fact that
// the credit rules read (false materials).
type QualificationFlag struct {
	ID              int64     `json:"id"`
	QualificationID int64     `json:"qualification_id"`
	AgencyID        int64     `json:"agency_id"`
	FlaggedBy       int64     `json:"flagged_by"`
	Evidence        string    `json:"evidence"`
	CreatedAt       time.Time `json:"created_at"`
}

// Errors of the qualification rules.
var (
	ErrQualificationNotFound  = &Error{Code: ENOTFOUND, Reason: "qualification_not_found", Message: "Qualification not found."}
	ErrQualificationFlagged   = &Error{Code: ECONFLICT, Reason: "qualification_flagged", Message: "This qualification was flagged as false; it is kept as evidence and cannot be deleted."}
	ErrAlreadyFlagged         = &Error{Code: ECONFLICT, Reason: "qualification_already_flagged", Message: "This qualification has already been flagged as false."}
	ErrDuplicateQualification = &Error{Code: ECONFLICT, Reason: "qualification_duplicate", Message: "This certificate (same item, issuer and number) is already recorded."}
	ErrDocumentType           = &Error{Code: EINVALID, Reason: "document_type", Field: "file", Message: "The document must be a PDF, JPEG or PNG file (checked by its content, not its name)."}
	ErrDocumentTooLarge       = &Error{Code: EINVALID, Reason: "file_too_large", Field: "file", Message: "The document must be at most 10 MB."}
	ErrDocumentMissing        = &Error{Code: EINVALID, Reason: "file_required", Field: "file", Message: "A certificate document (PDF, JPEG or PNG) is required in the \"file\" part."}
	ErrUploadsDisabled        = &Error{Code: ECONFLICT, Reason: "uploads_unavailable", Message: "Document uploads are not configured on this server."}
)
