package restriction

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRestrictionNormalise checks the normaliser the blocker matches on: it
// is idempotent, leaves no white space, maps every output rune back to the
// input it came from, and folds full-width forms the same as ASCII. The
// phrases Find reports are always pieces of the input. The seeds
// run in plain `go test`.
func FuzzRestrictionNormalise(f *testing.F) {
	for _, s := range []string{
		"", "限省内机构", "注 册 资 本 500 万", "注\u3000册资金须达到１００万元", "ＩＳＯ９００１认证",
		"本\u200b市\u200d注册", "成立满３年\t以上", "仅限 本省（含省直管市）注册的机构",
		"Use ArcGIS", "\xff\xfe限本地", "İstanbul ǅ", "须在本市设有办公场所，成立满5年，净资产不少于500万元。",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := normaliseForRestrictions(s)
		if again := normaliseForRestrictions(n.text).text; again != n.text {
			t.Fatalf("not idempotent: %q → %q → %q", s, n.text, again)
		}
		if strings.IndexFunc(n.text, isIgnorable) >= 0 {
			t.Fatalf("white space left in %q", n.text)
		}
		if len(n.start) != len(n.text) || len(n.end) != len(n.text) {
			t.Fatalf("offset maps %d/%d for %d bytes", len(n.start), len(n.end), len(n.text))
		}
		for i, r := range n.text {
			piece := s[n.start[i]:n.end[i]]
			if got := normaliseForRestrictions(piece).text; got != string(r) {
				t.Fatalf("byte %d of %q maps to %q, which normalises to %q", i, n.text, piece, got)
			}
		}
		if isPrintableASCII(s) {
			if wide := normaliseForRestrictions(toFullWidth(s)).text; wide != n.text {
				t.Fatalf("full-width %q → %q, ASCII → %q", toFullWidth(s), wide, n.text)
			}
		}
		if utf8.ValidString(s) {
			for _, fd := range Find(s) {
				if fd.Phrase == "" || !strings.Contains(s, fd.Phrase) {
					t.Fatalf("phrase %q is not a piece of %q", fd.Phrase, s)
				}
			}
		}
	})
}

func isPrintableASCII(s string) bool {
	for _, r := range s {
		if r < '!' || r > '~' {
			return false
		}
	}
	return true
}

// toFullWidth writes printable ASCII in its full-width forms (Ａ for A).
func toFullWidth(s string) string {
	return strings.Map(func(r rune) rune { return r + 0xFEE0 }, s)
}
