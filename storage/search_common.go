package storage

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"marketplace/domain/search"
	"marketplace/domain/searchtext"
)

// Common bigrams (docs/search.md, "Common bigrams"). A long Han word is
// the AND of its bigrams (社会稳定风险评估: seven), and GIN intersects
// every one of their posting lists, walking the long lists of the common
// ones (评估 is in a quarter of the projects) to each candidate of the
// short ones: at 1M projects, 社会稳定风险评估 in one city took 10.6 ms in
// the index with all seven, 3.5 ms with its two rarest (the same 729
// rows). So the index is asked for the rarest bigrams of such a word, and
// the rows it returns are checked for the others in their text: a Han
// bigram is a lexeme of a document exactly when it occurs in one of the
// fields search_project_doc (search_agency_doc) tokenises, which are
// joined by spaces (no Han run crosses a space), so the check gives the
// same rows as the index would.

// probeKeep is how many of a word's bigrams the index is always asked
// for, the rarest first.
const probeKeep = 2

// commonRefresh is how long the lexeme frequencies are used before they
// are read again (ANALYZE, by autovacuum, changes them slowly).
const commonRefresh = 10 * time.Minute

// commonRetry is how soon a failed read of the frequencies is tried again.
const commonRetry = time.Minute

// searchText is the text the document functions tokenise, per table,
// joined as they join it (migrations/00090_search_windows.sql).
var searchText = map[string]string{
	"search_projects": "(d.title || ' ' || d.item_name || ' ' || d.owner_name || ' ' || d.awarded_name || ' ' || d.region || ' ' || d.description)",
	"search_agencies": "(d.name || ' ' || d.item_names || ' ' || d.region || ' ' || d.description)",
}

// commonLexemes holds, per table, the frequency of its commonest lexemes,
// from PostgreSQL's statistics of the document index (most_common_elems,
// gathered by ANALYZE); a lexeme not listed is rarer than every listed one.
type commonLexemes struct {
	mu     sync.Mutex
	read   time.Time
	tables map[string]lexemeStats
}

// lexemeStats is one table's statistics: its documents (the planner's
// count), the frequency of its commonest lexemes, and the lowest of those
// frequencies, which every lexeme not listed is below.
type lexemeStats struct {
	docs  float64
	freq  map[string]float64
	floor float64
}

// share is an upper bound of the fraction of documents that hold every
// one of lexemes (0 when nothing is known): a document holding them all
// holds the rarest, and a lexeme the statistics do not list is rarer than
// every listed one.
func (st lexemeStats) share(lexemes []string) float64 {
	if len(st.freq) == 0 || len(lexemes) == 0 {
		return 0
	}
	out := 1.0
	for _, l := range lexemes {
		f, ok := st.freq[l]
		if !ok {
			f = st.floor
		}
		out = min(out, f)
	}
	return out
}

// stats returns the statistics of table's document index, read again
// after commonRefresh. A failed read (a cancelled request, a replica
// going away) is an empty table for a minute: every word is then asked of
// the index whole and every search samples from the coarsest level, as
// before; it is not an error.
func (c *commonLexemes) stats(ctx context.Context, s *DB, table string) lexemeStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tables == nil || time.Since(c.read) > commonRefresh {
		var err error
		c.tables, err = readCommonLexemes(ctx, s)
		c.read = time.Now()
		if err != nil {
			c.read = c.read.Add(commonRetry - commonRefresh)
		}
	}
	return c.tables[table]
}

// commonLexemesSQL: queries/search_common_lexemes.sql.
var commonLexemesSQL = loadQuery("search_common_lexemes")

// readCommonLexemes reads most_common_elems of both document indexes, one
// row per lexeme, and the number of documents of their tables.
func readCommonLexemes(ctx context.Context, s *DB) (map[string]lexemeStats, error) {
	var rows []struct {
		Tablename string
		Lexeme    string
		Freq      float64
		Docs      float64
	}
	err := s.db.WithContext(ctx).Raw(commonLexemesSQL).Scan(&rows).Error
	out := map[string]lexemeStats{}
	if err != nil {
		return out, fmt.Errorf("storage: search statistics: %w", err)
	}
	for _, r := range rows {
		table := strings.TrimSuffix(r.Tablename, "_doc_idx")
		st, ok := out[table]
		if !ok {
			st = lexemeStats{docs: r.Docs, freq: map[string]float64{}, floor: 1}
		}
		st.freq[r.Lexeme], st.floor = r.Freq, min(st.floor, r.Freq)
		out[table] = st
	}
	return out, nil
}

// probe is TSQuery asking the index only for the rarest bigrams of each
// word that is one run of bigrams (no synonym, not relaxed), with the
// common ones it leaves out: every row must then contain those in its
// text. required is every bigram of those words, each of which a match
// holds. freq is the table's lexeme frequencies; without them (a table
// never analysed) nothing is left out.
func probe(q *search.Query, freq map[string]float64) (query string, contain, required []string) {
	if q.Relaxed || len(freq) == 0 {
		return TSQuery(q), nil, nil
	}
	var words []string
	for _, t := range q.Terms {
		one := search.Query{Terms: []search.Term{t}}
		alt := t.Alternatives[0]
		if len(t.Alternatives) > 1 {
			words = append(words, textQuery(&one, ""))
			continue
		}
		var ops, bigrams []string
		for _, run := range searchtext.Runs(alt) {
			r := []rune(run)
			if !searchtext.IsHan(r[0]) || len(r) < 2 {
				ops = append(ops, runQuery(run, ""))
				continue
			}
			for _, bg := range searchtext.Bigrams(run) {
				if !slices.Contains(bigrams, bg) {
					bigrams = append(bigrams, bg)
				}
			}
		}
		required = append(required, bigrams...)
		slices.SortStableFunc(bigrams, func(a, b string) int {
			switch fa, fb := freq[a], freq[b]; {
			case fa < fb:
				return -1
			case fa > fb:
				return 1
			}
			return 0
		})
		for i, bg := range bigrams {
			if i >= probeKeep && freq[bg] > 0 {
				contain = append(contain, bg)
				continue
			}
			ops = append(ops, "'"+bg+"'")
		}
		words = append(words, "("+strings.Join(ops, " & ")+")")
	}
	return strings.Join(words, " & "), contain, required
}

// containsSQL is the check of the left-out bigrams on a row's text (d),
// empty when there are none: one LIKE ALL joins the fields once, where a
// strpos per bigram joined them for each (4.5 ms against 3.6 ms for the
// 729 rows above). Bigrams are two Han characters, so they need no
// escaping, neither in the quotes nor for LIKE.
func containsSQL(text string, contain []string) string {
	if len(contain) == 0 {
		return ""
	}
	pats := make([]string, len(contain))
	for i, bg := range contain {
		pats[i] = "'%" + bg + "%'"
	}
	return fmt.Sprintf(" AND %s LIKE ALL (ARRAY[%s])", text, strings.Join(pats, ", "))
}
