package storage

import (
	"slices"

	"github.com/gabriel-vasile/mimetype"

	"marketplace/domain/market"
)

// MediaTyper implements files.Typer with the mimetype library,
// which reads the content (magic numbers, and for Office files the ZIP
// entries' names), never the file name.
type MediaTyper struct{}

// MediaType implements files.Typer: the most specific accepted
// type the content has (a DOCX is also a ZIP; any other ZIP-based file is
// a ZIP), or "".
func (MediaTyper) MediaType(head []byte) string {
	for t := mimetype.Detect(head); t != nil; t = t.Parent() {
		mt := t.String()
		// mimetype appends parameters (charset) to text types only; none is accepted.
		if slices.Contains(market.NoticeMediaTypes, mt) {
			return mt
		}
	}
	return ""
}
