package kernel

// TruncateRunes cuts s to at most n bytes without splitting a character
// (a column's byte limit: an IP address, a user agent, a file name).
func TruncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	for len(string(r)) > n {
		r = r[:len(r)-1]
	}
	return string(r)
}
