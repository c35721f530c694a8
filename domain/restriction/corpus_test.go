package restriction_test

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"

	"marketplace/domain/restriction"
)

// corpusLine is one sentence of testdata/restrictions.tsv.
type corpusLine struct {
	line    int
	classes []string // empty for a neutral sentence
	text    string
}

func readRestrictionCorpus(t *testing.T) []corpusLine {
	t.Helper()
	f, err := os.Open("testdata/restrictions.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusLine
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		raw := sc.Text()
		if strings.TrimSpace(raw) == "" || strings.HasPrefix(raw, "#") {
			continue
		}
		cls, text, ok := strings.Cut(raw, "\t")
		if !ok || text == "" {
			t.Fatalf("testdata/restrictions.tsv:%d: want <classes><TAB><sentence>", n)
		}
		l := corpusLine{line: n, text: text}
		if cls != "-" {
			l.classes = strings.Split(cls, ",")
			slices.Sort(l.classes)
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRestrictionCorpus runs the blocker over sentences written as real
// notices phrase them: every restrictive sentence is caught with exactly its
// classes, every neutral one passes.
func TestRestrictionCorpus(t *testing.T) {
	lines := readRestrictionCorpus(t)
	var restrictive, neutral int
	known := map[string]bool{}
	for _, c := range restriction.Classes {
		known[c.ID] = true
	}
	for _, l := range lines {
		if len(l.classes) == 0 {
			neutral++
		} else {
			restrictive++
		}
		for _, c := range l.classes {
			if !known[c] {
				t.Fatalf("line %d: unknown class %q", l.line, c)
			}
		}
		found := restriction.Find(l.text)
		var got []string
		for _, f := range found {
			if f.Phrase == "" || !strings.Contains(l.text, f.Phrase) {
				t.Errorf("line %d %q: phrase %q is not a piece of the text", l.line, l.text, f.Phrase)
			}
			if !slices.Contains(got, f.Class) {
				got = append(got, f.Class)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, l.classes) {
			t.Errorf("line %d %q: classes %v, want %v (found %+v)", l.line, l.text, got, l.classes, found)
		}
	}
	if restrictive < 100 || neutral < 100 {
		t.Errorf("corpus has %d restrictive and %d neutral sentences, want at least 100 of each", restrictive, neutral)
	}
}
