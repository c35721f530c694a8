package domain

import (
	"fmt"
	"slices"
)

// Media types of the Office documents and archives that bid (and notice)
// documents may also be; MediaPDF, MediaJPEG and MediaPNG are the others.
const (
	MediaDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	MediaXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	MediaZIP  = "application/zip"
)

// DocumentRules bound the documents attached to one thing (a bid, a
// notice): which media types, checked by content and never by file name,
// how large each, and how many at most.
type DocumentRules struct {
	MediaTypes []string
	MaxSize    int64
	MaxCount   int
}

// The limits of attached documents (响应文件, notice documents), one
// source for bids and notices.
const (
	MaxAttachmentSize = 20 << 20 // bytes of one document: 20 MB
	MaxAttachments    = 20       // documents of one bid or one notice
)

// AttachmentRules are the rules of attached documents (响应文件, notice
// documents): PDF, DOCX, XLSX, ZIP, JPEG or PNG, each at most 20 MB, at
// most 20 per bid or notice.
var AttachmentRules = DocumentRules{
	MediaTypes: []string{MediaPDF, MediaDOCX, MediaXLSX, MediaZIP, MediaJPEG, MediaPNG},
	MaxSize:    MaxAttachmentSize,
	MaxCount:   MaxAttachments,
}

// Errors of the attachment rules; Params carry the numbers for the pages.
var (
	ErrAttachmentType = &Error{Code: EINVALID, Reason: "attachment_type", Field: "file",
		Message: "The document must be a PDF, DOCX, XLSX, ZIP, JPEG or PNG file (checked by its content, not its name)."}
	ErrAttachmentTooLarge = &Error{Code: EINVALID, Reason: "attachment_too_large", Field: "file",
		Message: fmt.Sprintf("Each document must be at most %d MB.", AttachmentRules.MaxSize>>20), Params: map[string]any{"max_mb": AttachmentRules.MaxSize >> 20}}
	ErrAttachmentCount = &Error{Code: ECONFLICT, Reason: "attachment_count", Field: "file",
		Message: fmt.Sprintf("At most %d documents may be attached.", AttachmentRules.MaxCount), Params: map[string]any{"max": AttachmentRules.MaxCount}}
	ErrAttachmentEmpty = &Error{Code: EINVALID, Reason: "attachment_empty", Field: "file", Message: "The document is empty."}
)

// Check refuses a document of media type media and size bytes that would be
// the count-th one attached (count includes it).
func (r DocumentRules) Check(media string, size int64, count int) error {
	switch {
	case size <= 0:
		return ErrAttachmentEmpty
	case size > r.MaxSize:
		return ErrAttachmentTooLarge
	case !slices.Contains(r.MediaTypes, media):
		return ErrAttachmentType
	case count > r.MaxCount:
		return ErrAttachmentCount
	}
	return nil
}

// CheckDocument applies AttachmentRules: the one place that says which
// attached documents the platform takes.
func CheckDocument(media string, size int64, count int) error {
	return AttachmentRules.Check(media, size, count)
}
