package storage

import (
	"archive/zip"
	"bytes"
	"testing"

	"marketplace/domain/files"
)

func zipWith(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, n := range names {
		f, err := w.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte("<x/>"))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The typer reads the content only; Office files are told apart from a
// plain ZIP by their entries.
func TestMediaTyper(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		head []byte
		want string
	}{
		{"pdf", []byte("%PDF-1.7\n"), files.MediaPDF},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), files.MediaPNG},
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0}, files.MediaJPEG},
		{"docx", zipWith(t, "[Content_Types].xml", "_rels/.rels", "word/document.xml"), files.MediaDOCX},
		{"xlsx", zipWith(t, "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"), files.MediaXLSX},
		{"zip", zipWith(t, "图纸/一层.dwg"), files.MediaZIP},
		{"executable", append([]byte("MZ\x90\x00"), make([]byte, 60)...), ""},
		{"text", []byte("plain text"), ""},
		{"html", []byte("<!DOCTYPE html><html></html>"), ""},
	}
	for _, c := range cases {
		if got := (MediaTyper{}).MediaType(c.head); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
