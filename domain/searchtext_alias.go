package domain

import "marketplace/domain/searchtext"

// The text rules of search live in domain/searchtext. These names keep the
// ones storage's two engines and the search use cases already call.

// SearchSynonyms is searchtext.Synonyms: abbreviation → full terms.
var SearchSynonyms = searchtext.Synonyms

// IsHan reports whether r is a Han character the index tokenises.
func IsHan(r rune) bool { return searchtext.IsHan(r) }

// SearchRuns splits text into the runs the index sees (searchtext.Runs).
func SearchRuns(text string) []string { return searchtext.Runs(text) }

// Bigrams returns the overlapping character pairs of a Han run.
func Bigrams(run string) []string { return searchtext.Bigrams(run) }

// ExpandSynonyms returns word and its alternatives (searchtext.ExpandSynonyms).
func ExpandSynonyms(word string) []string { return searchtext.ExpandSynonyms(word) }

// HighlightText HTML-escapes text and marks the terms (searchtext.Highlight).
func HighlightText(text string, terms []string) string { return searchtext.Highlight(text, terms) }

// Snippet returns about width characters of text around its first match,
// highlighted (searchtext.Snippet).
func Snippet(text string, terms []string, width int) string {
	return searchtext.Snippet(text, terms, width)
}
