package web

import "testing"

// BenchmarkParsePages times parsing every page with the shared templates,
// most of the server's start-up CPU (docs/performance.md).
func BenchmarkParsePages(b *testing.B) {
	for b.Loop() {
		if _, err := ParsePages(templateFuncs()); err != nil {
			b.Fatal(err)
		}
	}
}
