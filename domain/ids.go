package domain

import (
	"slices"

	"marketplace/domain/kernel"
)

// uniqueIDs returns ids sorted, without repeats (never nil).
func uniqueIDs(ids []int64) []int64 {
	out := append([]int64{}, ids...)
	slices.Sort(out)
	return slices.Compact(out)
}

// truncateRunes cuts s to at most n bytes on a character boundary (kernel).
func truncateRunes(s string, n int) string { return kernel.TruncateRunes(s, n) }
