package storage

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"sort"
	"strings"

	"gorm.io/gorm"

	"marketplace/domain/searchtext"
)

// The search index marks a document with =环评 when it holds every bigram
// of one of 环评's expansions (search_synonym_lexemes, used by the
// search_project_doc and search_agency_doc index expressions), so that the
// abbreviation is one lexeme at query time. searchtext.Synonyms is the one
// table: after the migrations, syncSearchSynonyms rewrites the SQL function
// from it when the two differ and rebuilds the indexes that use it. The
// function must stay IMMUTABLE (it is inside index expressions), which is why
// it is generated code rather than a lookup in a table.

// synonymRules is an abbreviation → its expansions, each as its bigrams
// joined by "&", sorted: the form in which the Go table and the SQL
// function are compared.
type synonymRules map[string][]string

func synonymRulesOf(table map[string][]string) synonymRules {
	r := synonymRules{}
	for abbr, exps := range table {
		for _, e := range exps {
			r[abbr] = append(r[abbr], strings.Join(searchtext.Bigrams(e), "&"))
		}
		sort.Strings(r[abbr])
	}
	return r
}

var (
	synonymCaseRE  = regexp.MustCompile(`CASE WHEN (.*?) THEN mark \|\| '=((?:[^']|'')+)' END`)
	synonymQueryRE = regexp.MustCompile(`v @@ '((?:[^']|'')*)'`)
	synonymTermRE  = regexp.MustCompile(`'([^']*)'`)
)

// parseSynonymLexemes reads the rules back from the function's source.
func parseSynonymLexemes(src string) synonymRules {
	r := synonymRules{}
	for _, c := range synonymCaseRE.FindAllStringSubmatch(src, -1) {
		abbr := strings.ReplaceAll(c[2], "''", "'")
		for _, q := range synonymQueryRE.FindAllStringSubmatch(c[1], -1) {
			var terms []string
			for _, t := range synonymTermRE.FindAllStringSubmatch(strings.ReplaceAll(q[1], "''", "'"), -1) {
				terms = append(terms, t[1])
			}
			r[abbr] = append(r[abbr], strings.Join(terms, "&"))
		}
		sort.Strings(r[abbr])
	}
	return r
}

func (r synonymRules) equal(o synonymRules) bool {
	if len(r) != len(o) {
		return false
	}
	for k, v := range r {
		if strings.Join(v, "|") != strings.Join(o[k], "|") {
			return false
		}
	}
	return true
}

// synonymLexemesSQL is the CREATE OR REPLACE of search_synonym_lexemes for
// the rules, abbreviations in a stable order.
func synonymLexemesSQL(r synonymRules) string {
	abbrs := make([]string, 0, len(r))
	for a := range r {
		abbrs = append(abbrs, a)
	}
	sort.Strings(abbrs)
	quote := func(s string) string { return strings.ReplaceAll(s, "'", "''") }
	var b strings.Builder
	b.WriteString("CREATE OR REPLACE FUNCTION search_synonym_lexemes(mark text, v tsvector) RETURNS text[]\n" +
		"LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$\n    SELECT array_remove(ARRAY[\n")
	for i, a := range abbrs {
		var conds []string
		for _, exp := range r[a] {
			var terms []string
			for _, t := range strings.Split(exp, "&") {
				terms = append(terms, "'"+t+"'")
			}
			conds = append(conds, "v @@ '"+quote(strings.Join(terms, " & "))+"'")
		}
		fmt.Fprintf(&b, "        CASE WHEN %s THEN mark || '=%s' END", strings.Join(conds, " OR "), quote(a))
		if i < len(abbrs)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("    ], NULL)\n$$")
	return b.String()
}

// syncSearchSynonyms makes the database follow searchtext.Synonyms: when
// the function's rules differ from the table, it replaces the function and
// rebuilds every index whose expression uses it, in one transaction under an
// advisory lock (replicas migrating together do it once). Equal rules cost
// one catalogue read.
func (s *DB) syncSearchSynonyms(ctx context.Context, table map[string][]string, log *slog.Logger) error {
	want := synonymRulesOf(table)
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", advisoryKey("search_synonyms")).Error; err != nil {
			return fmt.Errorf("storage: search synonyms lock: %w", err)
		}
		var src string
		if err := tx.Table("pg_proc").Select("prosrc").Where("proname = 'search_synonym_lexemes'").Scan(&src).Error; err != nil {
			return fmt.Errorf("storage: read search synonyms: %w", err)
		}
		if src == "" || parseSynonymLexemes(src).equal(want) {
			return nil // no search schema yet, or already the table
		}
		if err := tx.Exec(synonymLexemesSQL(want)).Error; err != nil {
			return fmt.Errorf("storage: write search synonyms: %w", err)
		}
		var indexes []string
		if err := tx.Table("pg_indexes").Select("quote_ident(indexname)").
			Where("schemaname = current_schema() AND (indexdef LIKE '%search_project_doc(%' OR indexdef LIKE '%search_agency_doc(%')").
			Order("indexname").Scan(&indexes).Error; err != nil {
			return fmt.Errorf("storage: list search indexes: %w", err)
		}
		for _, ix := range indexes {
			if err := tx.Exec("REINDEX INDEX " + ix).Error; err != nil {
				return fmt.Errorf("storage: reindex %s: %w", ix, err)
			}
		}
		if log != nil {
			log.Info("search synonyms rewritten from the domain table", "abbreviations", len(want), "indexes_rebuilt", len(indexes))
		}
		return nil
	})
}
