package domain

import "marketplace/domain/files"

// The rules of attached documents (响应文件, notice documents) live in
// domain/files, with the typer that names a document's kind by content.

// Media types of Office documents and archives (files).
const (
	MediaDOCX = files.MediaDOCX
	MediaXLSX = files.MediaXLSX
	MediaZIP  = files.MediaZIP
)

// DocumentRules bound the documents attached to one thing (files).
type DocumentRules = files.DocumentRules

// The limits of attached documents (files).
const (
	MaxAttachmentSize = files.MaxAttachmentSize
	MaxAttachments    = files.MaxAttachments
)

// AttachmentRules are the rules of attached documents (files).
var AttachmentRules = files.AttachmentRules

// Errors of the attachment rules (files).
var (
	ErrAttachmentType     = files.ErrAttachmentType
	ErrAttachmentTooLarge = files.ErrAttachmentTooLarge
	ErrAttachmentCount    = files.ErrAttachmentCount
	ErrAttachmentEmpty    = files.ErrAttachmentEmpty
)

// CheckDocument applies AttachmentRules: the one place that says which
// attached documents the platform takes.
func CheckDocument(media string, size int64, count int) error {
	return AttachmentRules.Check(media, size, count)
}
