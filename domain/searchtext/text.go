// Package searchtext holds the text rules both search engines share: how
// text splits into the runs and bigrams the index stores, the synonyms of
// the abbreviations people type, and the highlighted title and snippet of a
// hit. The query and its validation are domain/search's (query.go).
package searchtext

import (
	"html"
	"strings"
	"unicode"
)

// IsHan reports whether r is a Han character of the ranges the index
// tokenises (CJK Unified Ideographs and Extension A); it must agree with
// the character class in migrations/00041_search.sql.
func IsHan(r rune) bool {
	return (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0x3400 && r <= 0x4DBF)
}

func isASCIIWord(r rune) bool { return (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') }

// Runs splits text into the runs the index sees: maximal runs of
// Han characters and of ASCII letters and digits, lower-cased; everything
// else (punctuation, spaces, other scripts) separates runs.
func Runs(text string) []string {
	var out []string
	var cur []rune
	han := false
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range strings.ToLower(text) {
		switch {
		case IsHan(r):
			if !han {
				flush()
			}
			han = true
			cur = append(cur, r)
		case isASCIIWord(r):
			if han {
				flush()
			}
			han = false
			cur = append(cur, r)
		default:
			flush()
		}
	}
	flush()
	return out
}

// Bigrams returns the overlapping character pairs of a Han run (a lone
// character is its own token), the lexemes the index stores.
func Bigrams(run string) []string {
	rs := []rune(run)
	if len(rs) < 2 {
		return []string{run}
	}
	out := make([]string, 0, len(rs)-1)
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}

// Highlight HTML-escapes text and wraps every occurrence of the terms
// (case-insensitive for ASCII) in <mark>…</mark>. Terms should be longest
// first; overlapping occurrences merge into one mark.
func Highlight(text string, terms []string) string {
	if len(terms) == 0 || text == "" {
		return html.EscapeString(text)
	}
	lower := []rune(strings.ToLower(text))
	orig := []rune(text)
	if len(lower) != len(orig) { // ToLower changed the length: mark nothing rather than misplace
		return html.EscapeString(text)
	}
	marked := make([]bool, len(orig))
	for _, t := range terms {
		tr := []rune(strings.ToLower(t))
		if len(tr) == 0 {
			continue
		}
		for i := 0; i+len(tr) <= len(lower); i++ {
			if runesEqual(lower[i:i+len(tr)], tr) {
				for j := i; j < i+len(tr); j++ {
					marked[j] = true
				}
			}
		}
	}
	var b strings.Builder
	for i, r := range orig {
		if marked[i] && (i == 0 || !marked[i-1]) {
			b.WriteString("<mark>")
		}
		b.WriteString(html.EscapeString(string(r)))
		if marked[i] && (i == len(orig)-1 || !marked[i+1]) {
			b.WriteString("</mark>")
		}
	}
	return b.String()
}

// Snippet returns about width characters of text around its first match
// of terms (its start when nothing matches), highlighted, with "…" where
// it was cut.
func Snippet(text string, terms []string, width int) string {
	text = strings.Join(strings.FieldsFunc(text, unicode.IsSpace), " ")
	rs := []rune(text)
	if len(rs) <= width {
		return Highlight(text, terms)
	}
	lower := []rune(strings.ToLower(text))
	first := -1
	if len(lower) == len(rs) {
		for _, t := range terms {
			tr := []rune(strings.ToLower(t))
			for i := 0; len(tr) > 0 && i+len(tr) <= len(lower); i++ {
				if runesEqual(lower[i:i+len(tr)], tr) {
					if first < 0 || i < first {
						first = i
					}
					break
				}
			}
		}
	}
	start := 0
	if first > width/3 {
		start = first - width/3
	}
	end := start + width
	if end > len(rs) {
		end, start = len(rs), max(0, len(rs)-width)
	}
	out := Highlight(string(rs[start:end]), terms)
	if start > 0 {
		out = "…" + out
	}
	if end < len(rs) {
		out += "…"
	}
	return out
}

func runesEqual(a, b []rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
