package api

import (
	"io"
	"mime/multipart"

	"marketplace/domain"
)

// checkUploadParts refuses a text part outside fields, a text part sent
// twice, and a file part other than "file" (the uploads of the API share it).
func checkUploadParts(form *multipart.Form, fields map[string]bool) error {
	for k, v := range form.Value {
		if !fields[k] {
			return &domain.Error{Code: domain.EINVALID, Reason: "unknown_field", Field: k, Message: "Unknown field \"" + k + "\"."}
		}
		if len(v) != 1 {
			return &domain.Error{Code: domain.EINVALID, Reason: "repeated_field", Field: k, Message: "Field \"" + k + "\" must be sent once."}
		}
	}
	for k := range form.File {
		if k != "file" {
			return &domain.Error{Code: domain.EINVALID, Reason: "unknown_field", Field: k, Message: "Unknown file part \"" + k + "\"; send the document as \"file\"."}
		}
	}
	return nil
}

// uploadPart returns the text part k, or "" when it was not sent.
func uploadPart(form *multipart.Form, k string) string {
	if v := form.Value[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// uploadedFile opens the optional document in the "file" part; a second one
// is refused with tooMany. The caller closes f when it is not nil.
func uploadedFile(form *multipart.Form, tooMany string) (f multipart.File, name string, err error) {
	fhs := form.File["file"]
	switch {
	case len(fhs) > 1:
		return nil, "", &domain.Error{Code: domain.EINVALID, Reason: "repeated_field", Field: "file", Message: tooMany}
	case len(fhs) == 0:
		return nil, "", nil
	}
	if f, err = fhs[0].Open(); err != nil {
		return nil, "", domain.Errorf(domain.EINVALID, "malformed_multipart", "The uploaded file could not be read.")
	}
	return f, fhs[0].Filename, nil
}

// readerOf is f as an io.Reader, nil when there is no file (not a typed nil).
func readerOf(f multipart.File) io.Reader {
	if f == nil {
		return nil
	}
	return f
}
