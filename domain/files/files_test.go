package files_test

import (
	"testing"

	"marketplace/domain/files"
)

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		want string
	}{
		{"PDF", "%PDF-1.7\n", files.MediaPDF},
		{"PNG", "\x89PNG\r\n\x1a\n....", files.MediaPNG},
		{"JPEG", "\xff\xd8\xff\xe1....", files.MediaJPEG},
		{"text named .pdf", "this is not a PDF", ""},
		{"PDF marker later in the file", "junk %PDF-1.4", ""},
		{"GIF", "GIF89a", ""},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := files.Sniff([]byte(tc.head)); got != tc.want {
				t.Errorf("Sniff = %q, want %q", got, tc.want)
			}
		})
	}
}
