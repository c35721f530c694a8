package search_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"marketplace/domain/kernel"
	"marketplace/domain/search"
)

// FuzzParseSearchQuery: `go test -fuzz=FuzzParseSearchQuery ./domain/search`
// explores. A refusal is a coded EINVALID error (never a panic or an
// internal error); an accepted query is valid text within the limit.
func FuzzParseSearchQuery(f *testing.F) {
	for _, s := range []string{"环境影响评价", "环评 武汉", "", "   ", "!!!", "a\x00b", "\xff", strings.Repeat("长", 300), "🙂 emoji", "NAT-01 OR 1=1", "安全评价'; DROP TABLE projects;--"} {
		f.Add(s, "project", "relevance")
	}
	f.Add("环评", "agency", "date")
	f.Add("环评", "agency", "deadline")
	f.Add("环评", "other", "")
	f.Fuzz(func(t *testing.T, q, typ, sort string) {
		sq, err := search.Parse(search.Input{Q: q, Type: typ, Sort: sort})
		if err != nil {
			if kernel.ErrorCode(err) != kernel.EINVALID {
				t.Fatalf("%q: refused with %v, want an EINVALID error", q, err)
			}
			return
		}
		if n := utf8.RuneCountInString(sq.Q); n > search.MaxQueryLen || !utf8.ValidString(sq.Q) || strings.ContainsRune(sq.Q, 0) {
			t.Fatalf("%q accepted as %q", q, sq.Q)
		}
		for _, term := range sq.Terms {
			if len(term.Alternatives) == 0 {
				t.Fatalf("%q: a term without alternatives", q)
			}
		}
		if sq.NoMatch && len(sq.Terms) > 0 {
			t.Fatalf("%q: NoMatch with terms", q)
		}
	})
}
