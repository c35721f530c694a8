package domain

import "marketplace/domain/files"

// The uploaded-document port and rules live in domain/files, a leaf that
// the agency package (certificates) and the use cases here (bid and notice
// documents, deliveries, contracts) both import. These aliases keep the
// names the rest of the code writes.

// Document is files.Document: an uploaded file's content-addressed record.
type Document = files.Document

// Files is files.Storage: the content-addressed document storage.
type Files = files.Storage

// StagedFile is files.Staged: an upload waiting for its transaction.
type StagedFile = files.Staged

// MaxDocumentSize is the largest certificate, delivery or contract document: 10 MB.
const MaxDocumentSize = files.MaxDocumentSize

// Media types sniffed by content (files).
const (
	MediaPDF  = files.MediaPDF
	MediaJPEG = files.MediaJPEG
	MediaPNG  = files.MediaPNG
)

// SniffDocument returns a document's media type from its first bytes.
func SniffDocument(head []byte) string { return files.Sniff(head) }

// Errors of uploads and downloads (files).
var (
	ErrDocumentType           = files.ErrDocumentType
	ErrDocumentTooLarge       = files.ErrDocumentTooLarge
	ErrDocumentMissing        = files.ErrDocumentMissing
	ErrUploadsDisabled        = files.ErrUploadsDisabled
	ErrStoredFileMissing      = files.ErrStoredFileMissing
	ErrFileStorageUnavailable = files.ErrFileStorageUnavailable
)
