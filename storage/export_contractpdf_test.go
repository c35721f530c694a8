package storage

import "unicode/utf8"

// WrapRunes exposes wrapRunes with one unit per character.
func WrapRunes(text string, width float64) []string {
	return wrapRunes(text, width, func(s string) float64 { return float64(utf8.RuneCountInString(s)) })
}
