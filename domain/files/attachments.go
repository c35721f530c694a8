package files

import (
	"context"
	"fmt"
	"io"
	"slices"

	"marketplace/domain/kernel"
)

// Media types of the Office documents and archives that bid and notice
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
	ErrAttachmentType = &kernel.Error{Code: kernel.EINVALID, Reason: "attachment_type", Field: "file",
		Message: "The document must be a PDF, DOCX, XLSX, ZIP, JPEG or PNG file (checked by its content, not its name)."}
	ErrAttachmentTooLarge = &kernel.Error{Code: kernel.EINVALID, Reason: "attachment_too_large", Field: "file",
		Message: fmt.Sprintf("Each document must be at most %d MB.", AttachmentRules.MaxSize>>20), Params: map[string]any{"max_mb": AttachmentRules.MaxSize >> 20}}
	ErrAttachmentCount = &kernel.Error{Code: kernel.ECONFLICT, Reason: "attachment_count", Field: "file",
		Message: fmt.Sprintf("At most %d documents may be attached.", AttachmentRules.MaxCount), Params: map[string]any{"max": AttachmentRules.MaxCount}}
	ErrAttachmentEmpty = &kernel.Error{Code: kernel.EINVALID, Reason: "attachment_empty", Field: "file", Message: "The document is empty."}
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

// TypeHeadSize is how many leading bytes a Typer is given: an Office file
// is a ZIP whose first entries name its kind, so it needs more than a
// magic number.
const TypeHeadSize = 8 << 10

// Typer names a document's media type from its leading bytes, never from
// its name or the client's Content-Type; "" when it is none of the types
// it knows. The content sniffer lives outside the domain.
type Typer interface {
	MediaType(head []byte) string
}

// TypeOf names head's media type with t, or with Sniff (PDF, JPEG, PNG)
// when there is no typer.
func TypeOf(t Typer, head []byte) string {
	if t != nil {
		return t.MediaType(head)
	}
	return Sniff(head)
}

// StageTyped stages at most limit+1 bytes of r in st and names their media
// type with t from the first TypeHeadSize bytes; the caller checks the size
// and type against its rules, and keeps or discards the staged file.
func StageTyped(ctx context.Context, st Storage, t Typer, r io.Reader, limit int64) (Staged, string, error) {
	head := &headWriter{}
	staged, err := st.Stage(ctx, io.TeeReader(r, head), limit)
	if err != nil {
		return nil, "", err
	}
	return staged, TypeOf(t, head.b), nil
}

// headWriter keeps the first TypeHeadSize bytes written to it.
type headWriter struct{ b []byte }

func (h *headWriter) Write(p []byte) (int, error) {
	if room := TypeHeadSize - len(h.b); room > 0 {
		h.b = append(h.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}
