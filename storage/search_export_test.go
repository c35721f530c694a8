package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"marketplace/domain/search"
)

// SetSearchWindowSlack lets tests make a broad query's first window of
// newest documents tight (0), so the fixture exercises windows that hold
// the page and windows that must widen.
func (s *DB) SetSearchWindowSlack(n int) { s.search.windowSlack = n }

// SetSearchSampling replaces the sample moduli and the minimum sample
// (nil restores the defaults): the fixture is too small for 1/16.
func (s *DB) SetSearchSampling(mods []int, minSample int) {
	s.search.sampleMods, s.search.minSample = mods, minSample
}

// SearchSessionSetting reads a setting as a search's statements see it
// (search_pool.go) and as other statements on s do.
func (s *DB) SearchSessionSetting(ctx context.Context, name string) (search, other string, err error) {
	const q = "SELECT current_setting(?)"
	if err = s.onSearchPool(ctx).db.WithContext(ctx).Raw(q, name).Scan(&search).Error; err != nil {
		return "", "", err
	}
	err = s.db.WithContext(ctx).Raw(q, name).Scan(&other).Error
	return search, other, err
}

// SearchPlans returns, by name, the plans PostgreSQL chooses (with
// sequential scans discouraged, as on a large table) for the statements a
// search for text runs: each sample, the exact statement, a band, and the
// windows' cut-off queries. generic asks for the plans a search's
// sessions use (search_pool.go): each statement is prepared and its
// generic plan, made without the parameters' values, explained.
func (s *DB) SearchPlans(ctx context.Context, text string, generic bool) (map[string]string, error) {
	q, err := search.Parse(search.Input{Q: text})
	if err != nil {
		return nil, err
	}
	q.Page.Normalize()
	stmts := map[string]struct {
		sql  string
		args []any
	}{}
	add := func(name, sql string, args ...any) {
		stmts[name] = struct {
			sql  string
			args []any
		}{sql, args}
	}
	for _, d := range []pgDocs{projectDocs, agencyDocs} {
		match := and(TSQuery(q), lexeme("#r", "湖北省武汉市"))
		for _, mod := range searchSampleMods {
			sql, args := d.sampleSQL(mod, match, and(match, textQuery(q, "~")))
			add(fmt.Sprintf("%s sample %d", d.table, mod), sql, args...)
		}
		sql, args := d.exactSQL(q, match, TSQuery(q), "id", 2000)
		add(d.table+" exact", sql, args...)
		sql, args = d.bandSQL(match, "id", 0, 20)
		add(d.table+" band", sql, args...)
	}
	for name, w := range map[string]pgWindow{"project date": projectDateWindow, "project bidding": projectBiddingWindow,
		"project closed": projectClosedWindow, "agency score": scoreWindow, "agency date": agencyDateWindow} {
		add(name+" window", w.sql(), 100)
	}
	out := map[string]string{}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("SET LOCAL enable_seqscan = off").Error; err != nil {
			return err
		}
		if generic {
			for k, v := range searchSessionParams {
				if err := tx.Exec(fmt.Sprintf("SET LOCAL %s = %s", k, v)).Error; err != nil {
					return err
				}
			}
		}
		k := 0
		// A PREPARE outlives the transaction: each is deallocated by name on
		// the transaction's connection (pgx's own prepared statements there
		// stay). After an error the transaction refuses them, and the
		// failed test's database goes with it.
		defer func() {
			for i := 1; i <= k; i++ {
				tx.Exec(fmt.Sprintf("DEALLOCATE plan_%d", i))
			}
		}()
		for name, st := range stmts {
			var lines []string
			explain := tx.Raw("EXPLAIN "+st.sql, st.args...)
			if generic {
				k++
				prepared, execute := preparedForm(st.sql, st.args)
				if err := tx.Exec(fmt.Sprintf("PREPARE plan_%d AS %s", k, prepared)).Error; err != nil {
					return fmt.Errorf("%s: %w", name, err)
				}
				explain = tx.Raw(fmt.Sprintf("EXPLAIN EXECUTE plan_%d%s", k, execute))
			}
			if err := explain.Scan(&lines).Error; err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			out[name] = strings.Join(lines, "\n")
		}
		return nil
	})
	return out, err
}

// preparedForm turns a statement with ? placeholders into the text of a
// PREPARE ($1, $2, …) and the argument list of its EXECUTE, as literals.
func preparedForm(sql string, args []any) (string, string) {
	var b strings.Builder
	n := 0
	for _, r := range sql {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	var lits []string
	for _, a := range args {
		switch v := a.(type) {
		case string:
			lits = append(lits, "'"+strings.ReplaceAll(v, "'", "''")+"'")
		default:
			lits = append(lits, fmt.Sprint(v))
		}
	}
	if len(lits) == 0 {
		return b.String(), ""
	}
	return b.String(), "(" + strings.Join(lits, ", ") + ")"
}

// SyncSearchSynonyms runs the post-migration synonym sync with a given table.
func (s *DB) SyncSearchSynonyms(ctx context.Context, table map[string][]string) error {
	return s.syncSearchSynonyms(ctx, table, nil)
}

// SearchSynonymRulesInDB reads back the rules of the database's function, in
// the form the sync compares them.
func (s *DB) SearchSynonymRulesInDB(ctx context.Context) (map[string][]string, error) {
	var src string
	err := s.db.WithContext(ctx).Raw("SELECT prosrc FROM pg_proc WHERE proname = 'search_synonym_lexemes'").Scan(&src).Error
	return parseSynonymLexemes(src), err
}

// SearchSynonymRulesOf is the compared form of a Go table.
func SearchSynonymRulesOf(table map[string][]string) map[string][]string {
	return synonymRulesOf(table)
}

// SearchProbe returns what a search for text asks the document index of
// table (search_projects or search_agencies), and the bigrams it checks on
// the rows instead.
func (s *DB) SearchProbe(ctx context.Context, table, text string) (string, []string, error) {
	q, err := search.Parse(search.Input{Q: text})
	if err != nil {
		return "", nil, err
	}
	query, contain, _ := probe(q, s.search.common.stats(ctx, s, table).freq)
	return query, contain, nil
}

// UseCommonLexemes makes searches read the lexeme frequencies again
// (true) or use none, asking the index for every bigram (false).
func (s *DB) UseCommonLexemes(on bool) {
	c := &s.search.common
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tables, c.read = nil, time.Time{}
	if !on {
		c.tables, c.read = map[string]lexemeStats{}, time.Now().Add(100*365*24*time.Hour)
	}
}

// CloseSearchPool closes the searches' pool alone (a pooler refusing its
// connections looks the same to Ping).
func (s *DB) CloseSearchPool() error { return s.search.pool.Close() }
