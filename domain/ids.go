package domain

import "marketplace/domain/kernel"

// truncateRunes cuts s to at most n bytes on a character boundary (kernel).
func truncateRunes(s string, n int) string { return kernel.TruncateRunes(s, n) }
