package domain

import "sort"

// uniqueIDs returns ids sorted, without repeats (never nil).
func uniqueIDs(ids []int64) []int64 {
	m := map[int64]bool{}
	for _, id := range ids {
		m[id] = true
	}
	out := make([]int64, 0, len(m))
	for id := range m {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// truncateRunes cuts s to at most n bytes on a rune boundary.
func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	for len(string(r)) > n {
		r = r[:len(r)-1]
	}
	return string(r)
}
