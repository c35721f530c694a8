package storage

import (
	"strings"
	"testing"
)

func TestDayWindowLexemes(t *testing.T) {
	t.Parallel()
	w := dayWindow("#p", "")
	// best first, whichever way the order runs
	for _, c := range []struct{ best, cut int64 }{{20530, 20528}, {20528, 20530}} {
		got := strings.Join(w.lexemes([2]int64{c.best, 1}, [2]int64{c.cut, 2}), " | ")
		if want := "'#p20528' | '#p20529' | '#p20530'"; got != want {
			t.Errorf("best %d cut %d: %s, want %s", c.best, c.cut, got, want)
		}
	}
	if got := w.lexemes([2]int64{20000 + maxWindowLexemes, 1}, [2]int64{20000, 2}); got != nil {
		t.Errorf("a window of %d days: %d lexemes, want none (read the band whole)", maxWindowLexemes+1, len(got))
	}
}

func TestScoreWindowLexemes(t *testing.T) {
	t.Parallel()
	// best score 103; cut-off: score 100, agency 2100 (id block 2)
	got := strings.Join(scoreWindow.lexemes([2]int64{103, 7}, [2]int64{100, 2100}), " ")
	want := "'#k101' '#k102' '#k103' '#k100/0' '#k100/1' '#k100/2'"
	if got != want {
		t.Errorf("score window: %s, want %s", got, want)
	}
	if got := scoreWindow.lexemes([2]int64{100, 1}, [2]int64{100, int64(maxWindowLexemes) << 10}); got != nil {
		t.Errorf("%d id blocks: %d lexemes, want none", maxWindowLexemes+1, len(got))
	}
}

func TestLexemeQuoting(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"湖北省武汉市": `'#r湖北省武汉市'`,
		`a'b`:    `'#ra''b'`,
		`a\b`:    `'#ra\\b'`,
	} {
		if got := lexeme("#r", in); got != want {
			t.Errorf("lexeme(%q) = %s, want %s", in, got, want)
		}
	}
}
