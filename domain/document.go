package domain

import "marketplace/domain/files"

// The rules of attached documents (响应文件, notice documents) live in
// domain/files, with the typer that names a document's kind by content.

// CheckDocument applies AttachmentRules: the one place that says which
// attached documents the platform takes.
func CheckDocument(media string, size int64, count int) error {
	return files.AttachmentRules.Check(media, size, count)
}
