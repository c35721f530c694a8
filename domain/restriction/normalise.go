package restriction

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// normalised is text prepared for the restriction patterns, with a map back
// to the input so that an error can quote the owner's own words ("注 册 资 本"
// as typed, not the folded "注册资本").
type normalised struct {
	text string
	// start[i] and end[i] are the byte range of the input rune that produced
	// byte i of text.
	start, end []int
}

// normaliseForRestrictions folds full-width ASCII variants (Ａ１，→ a1,),
// drops every white-space and zero-width character (so "注 册 资 本" and
// "注\u3000册资本" match) and lower-cases, so that no pattern has to spell out
// these variants.
func normaliseForRestrictions(s string) normalised {
	var b strings.Builder
	n := normalised{start: make([]int, 0, len(s)), end: make([]int, 0, len(s))}
	for i, r := range s {
		_, size := utf8.DecodeRuneInString(s[i:]) // 1 for an invalid byte
		if isIgnorable(r) {
			continue
		}
		out := foldRune(r)
		before := b.Len()
		b.WriteRune(out)
		for range b.Len() - before {
			n.start = append(n.start, i)
			n.end = append(n.end, i+size)
		}
	}
	n.text = b.String()
	return n
}

// foldRune maps a full-width ASCII variant to ASCII, then lower-cases.
func foldRune(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFEE0
	}
	return unicode.ToLower(r)
}

// isIgnorable reports the characters the blocker reads as absent: white
// space (the ideographic space included) and the zero-width characters that
// can be pasted between two ideographs.
func isIgnorable(r rune) bool {
	return unicode.IsSpace(r) || r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF
}

// original returns the input bytes behind text[a:b].
func (n normalised) original(s string, a, b int) string {
	if a >= b {
		return ""
	}
	return s[n.start[a]:n.end[b-1]]
}
