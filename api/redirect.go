package api

import (
	"net/url"
	"strings"
	"unicode"
)

// maxBackLength bounds a redirect target; longer ones fall back to "/".
const maxBackLength = 2048

// SafeBack returns back when it is a same-site relative path, else "/". It
// is the one check for every `back` and post-login target. Browsers repair
// what a prefix check lets through: they drop tabs and newlines and read \
// as /, so "/\t/host" and "/\host" both become "//host", another site. So
// the raw value may hold no control character, white space or backslash,
// the path no encoded slash or backslash (%2F, %5C) that a proxy or the
// next hop might decode, and the parsed URL must have no scheme, no host
// and a path that starts with exactly one slash.
func SafeBack(back string) string {
	if back == "" || len(back) > maxBackLength || hasUnsafeRune(back) {
		return "/"
	}
	path, _, _ := strings.Cut(back, "?")
	path, _, _ = strings.Cut(path, "#")
	if p := strings.ToLower(path); strings.Contains(p, "%2f") || strings.Contains(p, "%5c") {
		return "/"
	}
	u, err := url.Parse(back)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || hasUnsafeRune(u.Path) {
		return "/"
	}
	return back
}

func hasUnsafeRune(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return r == '\\' || unicode.IsControl(r) || unicode.IsSpace(r) || r == unicode.ReplacementChar
	})
}
