package agency

import (
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/calendar"
	"marketplace/domain/files"
	"marketplace/domain/kernel"
)

// Qualification is a certificate an agency holds for one service item.
type Qualification struct {
	ID       int64  `json:"id"`
	AgencyID int64  `json:"agency_id"`
	ItemCode string `json:"item_code"`
	// ItemName is the catalogue's name of ItemCode, for pages.
	ItemName   string          `json:"-"`
	Number     string          `json:"number"`
	Issuer     string          `json:"issuer"`
	ValidFrom  string          `json:"valid_from"`
	ValidUntil string          `json:"valid_until"`
	Document   *files.Document `json:"document"`
	// Flagged: a department or admin found it false; it never counts again.
	Flagged bool `json:"flagged"`
	// Valid is computed with the platform clock when the qualification is
	// read: not flagged, and today (CST) within [valid_from, valid_until].
	Valid     bool      `json:"valid"`
	CreatedAt time.Time `json:"created_at"`
}

// CountsOn reports whether q counts on the platform date of now.
func (q *Qualification) CountsOn(now time.Time) bool {
	today := now.In(calendar.Beijing).Format(kernel.DateLayout)
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
	if !kernel.ItemCodePattern.MatchString(in.ItemCode) {
		return kernel.FieldError("item_code", "unknown_item", "%q is not a service item code of the catalogue.", in.ItemCode)
	}
	if n := utf8.RuneCountInString(in.Number); n < 1 || n > MaxCertificateNumberRunes {
		return kernel.FieldError("number", "certificate_number_length", "The certificate number must be 1 to %d characters.", MaxCertificateNumberRunes)
	}
	if n := utf8.RuneCountInString(in.Issuer); n < 1 || n > MaxCertificateIssuerRunes {
		return kernel.FieldError("issuer", "issuer_length", "The issuing authority must be 1 to %d characters.", MaxCertificateIssuerRunes)
	}
	if utf8.RuneCountInString(in.FileName) > MaxCertificateFileNameRunes {
		in.FileName = string([]rune(in.FileName)[:MaxCertificateFileNameRunes])
	}
	from, err := kernel.ParseDate("valid_from", in.ValidFrom, "2025-01-31")
	if err != nil {
		return err
	}
	until, err := kernel.ParseDate("valid_until", in.ValidUntil, "2030-01-31")
	if err != nil {
		return err
	}
	if until.Before(from) {
		return kernel.FieldError("valid_until", "qualification_dates_reversed", "valid_until (%s) is before valid_from (%s).", in.ValidUntil, in.ValidFrom)
	}
	return nil
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

// Errors of the qualification rules (the upload's own errors are those of
// domain/files: ErrDocumentType, ErrDocumentTooLarge, …).
var (
	ErrQualificationNotFound  = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "qualification_not_found", Message: "Qualification not found."}
	ErrQualificationFlagged   = &kernel.Error{Code: kernel.ECONFLICT, Reason: "qualification_flagged", Message: "This qualification was flagged as false; it is kept as evidence and cannot be deleted."}
	ErrAlreadyFlagged         = &kernel.Error{Code: kernel.ECONFLICT, Reason: "qualification_already_flagged", Message: "This qualification has already been flagged as false."}
	ErrDuplicateQualification = &kernel.Error{Code: kernel.ECONFLICT, Reason: "qualification_duplicate", Message: "This certificate (same item, issuer and number) is already recorded."}
)
