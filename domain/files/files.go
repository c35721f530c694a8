// Package files holds what every kind of uploaded document shares: its
// content-addressed record, the file storage port and its staged uploads,
// the sniffing of media types by content, and the errors of an upload and
// of a download. Agency certificates, bid and notice documents, deliveries
// and contracts all use it, so it is a leaf that each of them imports
// rather than a part of any one context.
package files

import (
	"bytes"
	"context"
	"io"

	"marketplace/domain/kernel"
)

// MaxDocumentSize is the largest certificate, delivery or contract
// document accepted: 10 MB (attachments have their own AttachmentRules).
const MaxDocumentSize = 10 << 20

// Document media types accepted for qualification documents.
const (
	MediaPDF  = "application/pdf"
	MediaJPEG = "image/jpeg"
	MediaPNG  = "image/png"
)

// Document describes an uploaded file, stored content-addressed by SHA-256.
type Document struct {
	SHA256    string `json:"sha256"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
	FileName  string `json:"file_name"`
}

// Sniff returns the media type of a document from its first bytes, or ""
// when it is not a PDF, JPEG or PNG: the file name and the client's
// Content-Type are never trusted.
func Sniff(head []byte) string {
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

// Errors of an upload.
var (
	ErrDocumentType     = &kernel.Error{Code: kernel.EINVALID, Reason: "document_type", Field: "file", Message: "The document must be a PDF, JPEG or PNG file (checked by its content, not its name)."}
	ErrDocumentTooLarge = &kernel.Error{Code: kernel.EINVALID, Reason: "file_too_large", Field: "file", Message: "The document must be at most 10 MB."}
	ErrDocumentMissing  = &kernel.Error{Code: kernel.EINVALID, Reason: "file_required", Field: "file", Message: "A certificate document (PDF, JPEG or PNG) is required in the \"file\" part."}
	ErrUploadsDisabled  = &kernel.Error{Code: kernel.ECONFLICT, Reason: "uploads_unavailable", Message: "Document uploads are not configured on this server."}
)

// ErrStoredFileMissing answers a download whose document is on record but
// whose stored file is gone (lost or removed by hand): a 404 with its own
// code, not an internal error.
var ErrStoredFileMissing = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "stored_file_missing", Message: "The stored file of this document is missing."}

// ErrFileStorageUnavailable answers a download when the file storage
// cannot be read (an outage: try again later).
var ErrFileStorageUnavailable = &kernel.Error{Code: kernel.EUNAVAILABLE, Reason: "file_storage_unavailable", Message: "The document storage is unavailable; try again later."}

// Storage keeps uploaded documents content-addressed (storage.Files on a
// local directory). Uploads are staged first, so that a refused request
// leaves nothing behind.
type Storage interface {
	// Stage copies at most limit+1 bytes of r into a temporary file and
	// reports their SHA-256, size and first bytes; a Size above limit means
	// the upload was too large.
	Stage(ctx context.Context, r io.Reader, limit int64) (Staged, error)
	// Open reads a kept file: ErrStoredFileMissing when it is gone, an
	// EUNAVAILABLE error when the storage cannot be read.
	Open(ctx context.Context, sha256 string) (io.ReadCloser, error)
	// Remove deletes a kept file (used only to undo a Keep whose
	// transaction then failed to commit).
	Remove(ctx context.Context, sha256 string) error
}

// Staged is an upload waiting for its transaction.
type Staged interface {
	SHA256() string
	Size() int64
	Head() []byte
	// Keep moves the file to its content address; created is false when an
	// identical file was already there.
	Keep() (created bool, err error)
	// Discard removes the temporary file; it does nothing after Keep.
	Discard() error
}

// StageDocument stages an upload of at most MaxDocumentSize bytes in st and
// types it by content (a PDF, JPEG or PNG); it returns the staged file,
// which the caller keeps or discards, with its record named fileName. A
// refused upload is discarded before the error is returned.
func StageDocument(ctx context.Context, st Storage, r io.Reader, fileName string) (Staged, *Document, error) {
	if st == nil {
		return nil, nil, ErrUploadsDisabled
	}
	staged, err := st.Stage(ctx, r, MaxDocumentSize)
	if err != nil {
		return nil, nil, err
	}
	if staged.Size() > MaxDocumentSize {
		staged.Discard()
		return nil, nil, ErrDocumentTooLarge
	}
	media := Sniff(staged.Head())
	if media == "" {
		staged.Discard()
		return nil, nil, ErrDocumentType
	}
	return staged, &Document{SHA256: staged.SHA256(), MediaType: media, Size: staged.Size(), FileName: fileName}, nil
}

// Keeper is a staged file that moves to its content address (Staged, and
// the contract's rendered PDF).
type Keeper interface {
	// Keep moves the file; created is false when an identical file was
	// already there.
	Keep() (created bool, err error)
}

// KeepLast runs a transaction whose last step is keep: a staged file
// reaches its content address only once every row is written, so a
// failure before that rolls the rows back and leaves no file. When the
// transaction fails after keep (its commit), a file keep created is
// removed again: a refused upload leaves nothing behind. keep does nothing
// for a nil file (a request with no upload).
func KeepLast(ctx context.Context, st Storage, run func(keep func(f Keeper, sha256 string) error) error) error {
	var created []string
	err := run(func(f Keeper, sha256 string) error {
		if f == nil {
			return nil
		}
		c, err := f.Keep()
		if c {
			created = append(created, sha256)
		}
		return err
	})
	if err != nil {
		for _, sha := range created {
			_ = st.Remove(ctx, sha)
		}
	}
	return err
}
