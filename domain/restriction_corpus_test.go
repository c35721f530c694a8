package domain_test

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"

	"marketplace/domain"
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
	for _, c := range domain.RestrictionClasses {
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
		found := domain.FindRestrictions(l.text)
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

// TestCheckRestrictions_NamesEveryPhrase: the error carries the stable code,
// and every offending phrase with its class as parameters, so a page can
// render it in the reader's language.
func TestCheckRestrictions_NamesEveryPhrase(t *testing.T) {
	text := "仅限省内机构报名，注 册 资 本不低于300万元，成立满5年。"
	err := domain.CheckRestrictions("description", text)
	e, ok := domain.AsError(err)
	if !ok || e.Code != domain.EINVALID || e.Reason != "restricted_phrase" || e.Field != "description" {
		t.Fatalf("got %#v", err)
	}
	found, _ := e.Params["restrictions"].([]domain.RestrictionFinding)
	want := []domain.RestrictionFinding{
		{Class: domain.RestrictionRegion, Phrase: "仅限省内机构"},
		{Class: domain.RestrictionCapitalSize, Phrase: "注 册 资 本不低于300万元"},
		{Class: domain.RestrictionYearsInBusiness, Phrase: "成立满5年"},
	}
	if !slices.Equal(found, want) {
		t.Errorf("params = %+v, want %+v", found, want)
	}
	for _, f := range want {
		if !strings.Contains(e.Message, f.Phrase) {
			t.Errorf("message %q does not name %q", e.Message, f.Phrase)
		}
	}
	if err := domain.CheckRestrictions("title", "某厂房扩建环境影响评价"); err != nil {
		t.Errorf("neutral title refused: %v", err)
	}
}
