package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"marketplace/domain/search"
	"marketplace/domain/searchtext"
)

// snippetWidth is the length of a result's snippet, in characters.
const snippetWidth = 80

// TSQuery renders the text of the parsed query as a PostgreSQL tsquery
// over the bigram lexemes of migrations/00041_search.sql: a Han run is the
// AND of its bigrams (地质 & 质灾 & 灾害), a lone Han character or an ASCII
// word is a prefix; runs of one word are ANDed, a word's synonym
// alternatives ORed, words ANDed. Lexemes hold only Han characters, a–z
// and 0–9, so quoting them cannot be escaped. Empty when there are no terms.
func TSQuery(q *search.Query) string { return textQuery(q, "") }

// textQuery is TSQuery with every lexeme prefixed by mark: "~" asks for
// the title (or agency name) lexemes of migrations/00090_search_windows.sql.
//
// A word that is an abbreviation (searchtext.Synonyms), with all its
// expansions among its alternatives, matches them through one lexeme,
// =环评, which migrations/00090 adds to every document holding one: the same matches as the OR of the
// expansions' bigrams, with one index entry instead of many. A relaxed
// query (a retry) keeps the expansions, whose runs it loosens.
func textQuery(q *search.Query, mark string) string {
	var words []string
	for _, t := range q.Terms {
		var alts []string
		indexed := map[string]bool{}
		if exps := searchtext.Synonyms[t.Alternatives[0]]; !q.Relaxed && len(exps) > 0 && containsAll(t.Alternatives, exps) {
			for _, e := range exps {
				indexed[e] = true
			}
			alts = append(alts, "('"+mark+"="+t.Alternatives[0]+"')")
		}
		for _, alt := range t.Alternatives {
			if indexed[alt] {
				continue
			}
			var runs []string
			for _, run := range searchtext.Runs(alt) {
				if q.Relaxed {
					runs = append(runs, relaxedRunQuery(run, mark))
				} else {
					runs = append(runs, runQuery(run, mark))
				}
			}
			if len(runs) > 0 {
				alts = append(alts, "("+strings.Join(runs, " & ")+")")
			}
		}
		if len(alts) > 0 {
			words = append(words, "("+strings.Join(alts, " | ")+")")
		}
	}
	return strings.Join(words, " & ")
}

// containsAll reports whether every one of want is in have.
func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

func runQuery(run, mark string) string {
	r := []rune(run)
	if !searchtext.IsHan(r[0]) || len(r) == 1 {
		return "'" + mark + run + "':*"
	}
	bg := searchtext.Bigrams(run)
	for i := range bg {
		bg[i] = "'" + mark + bg[i] + "'"
	}
	return "(" + strings.Join(bg, " & ") + ")"
}

// relaxedRunQuery matches a Han run as consecutive two-character words in
// any order (天平评估 → 天平 & 评估; an odd last character is a prefix).
func relaxedRunQuery(run, mark string) string {
	r := []rune(run)
	if !searchtext.IsHan(r[0]) || len(r) < 4 {
		return runQuery(run, mark)
	}
	var parts []string
	for i := 0; i < len(r); i += 2 {
		if i+1 < len(r) {
			parts = append(parts, "'"+mark+string(r[i:i+2])+"'")
		} else {
			parts = append(parts, "'"+mark+string(r[i])+"':*")
		}
	}
	return "(" + strings.Join(parts, " & ") + ")"
}

// lexeme quotes a marker lexeme (#r湖北省武汉市) as a tsquery operand.
// Filter values come from the caller, so quotes and backslashes are
// escaped: inside the quotes a quote is doubled and a backslash escapes
// the next character.
func lexeme(marker, value string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(marker+value) + "'"
}

// and joins the non-empty tsquery parts with &.
func and(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, "("+p+")")
		}
	}
	return strings.Join(keep, " & ")
}

// or joins operands with |.
func or(ops []string) string { return strings.Join(ops, " | ") }

// The PostgreSQL engine (docs/search.md, "Scale"). Every question a search
// asks is a query on one GIN index per table (migrations/00090): the
// text, the title band, the filters and the sort windows are all lexemes
// of one document vector, so GIN's fast scan intersects them and no
// filter is checked row by row on the heap. A search runs in three steps:
//
//  1. Sample: count the matches and their facets in the coarsest of the
//     partial indexes over 1/1024, 1/128 and 1/16 of the documents that
//     holds enough of them (searchSampleMods, searchMinSample).
//  2. Few matches by the sample (at most the exact limit): one statement
//     reads every match, ranks, pages and counts facets exactly.
//  3. Many: total and facets are the sample's, scaled and flagged as
//     estimates; the page is read band by band (title matches first, …),
//     each from a window of its newest (or best) documents, so only the
//     window's matches are read, however many there are in all.

// pgDocs describes one searchable table to the statements below.
type pgDocs struct {
	table, key string
	vector     string // the indexed document expression over d
	contain    string // this search's check of the bigrams its tsquery leaves out (containsSQL)
	// expect bounds this search's matches from above (0: unknown): its
	// first sample is the coarsest expected to hold the minimum
	expect float64
	keep   string   // facet and sort columns of d
	facets []string // name=SQL over m yielding (v) rows
	page   string   // the page's columns over d
}

// pgBand is one part of a search's order: its matches (a tsquery), how
// they are ordered (SQL over id and the keep columns), the window its
// first documents are read from, and how many matches the sample saw.
type pgBand struct {
	query   string
	order   string
	window  pgWindow
	sampled int
}

// pgWindow bounds a band's first documents: keys selects (sort value,
// key) of the table's documents best first, through a btree; bucket is
// the SQL of a document's bucket over its sort value (%s); lexemes turns
// the best and the cut-off document's (bucket, key) into the bucket
// lexemes of every document up to the cut-off (and a few after it). Every
// document outside the window sorts after every document inside it, so
// when the window holds offset+per_page of a band's matches, they are its
// first.
type pgWindow struct {
	keys    string
	bucket  string
	lexemes func(best, cut [2]int64) []string
}

// sql is the statement of the best and the n-th document's (bucket, key),
// n the one argument. The bucket is computed on those two rows only:
// computed in keys it was computed for every row OFFSET skips, 1.1 ms for
// 4,600 rows where reading them from the index takes 0.25 ms
// (docs/search.md, "Windows").
func (w pgWindow) sql() string {
	return fmt.Sprintf("SELECT %s AS b0, b.k AS k0, %s AS b1, c.k AS k1 FROM (%s LIMIT 1) b(v, k) LEFT JOIN (%s OFFSET ? LIMIT 1) c(v, k) ON true",
		fmt.Sprintf(w.bucket, "b.v"), fmt.Sprintf(w.bucket, "c.v"), w.keys, w.keys)
}

// maxWindowLexemes bounds a window's bucket lexemes; a window that would
// need more is not worth it (the band is read whole instead).
const maxWindowLexemes = 400

// dayWindow has one bucket per UTC day (search_day), marked marker.
func dayWindow(marker, keys string) pgWindow {
	return pgWindow{keys: keys, bucket: "search_day(%s)", lexemes: func(best, cut [2]int64) []string {
		lo, hi := min(best[0], cut[0]), max(best[0], cut[0])
		if hi-lo >= maxWindowLexemes {
			return nil
		}
		var out []string
		for d := lo; d <= hi; d++ {
			out = append(out, lexeme(marker, strconv.FormatInt(d, 10)))
		}
		return out
	}}
}

// scoreWindow orders agencies by credit score, best first, then id: the
// window is every score above the cut-off's and, at the cut-off's score,
// the id blocks of 1024 up to its own (a score many agencies share, as
// the starting score is, would otherwise make one huge bucket).
var scoreWindow = pgWindow{
	keys:   "SELECT d.credit_score, d.agency_id FROM search_agencies d ORDER BY d.credit_score DESC, d.agency_id",
	bucket: "%s",
	lexemes: func(best, cut [2]int64) []string {
		if best[0]-cut[0]+cut[1]>>10 >= maxWindowLexemes {
			return nil
		}
		var out []string
		for v := cut[0] + 1; v <= best[0]; v++ {
			out = append(out, lexeme("#k", strconv.FormatInt(v, 10)))
		}
		for blk := int64(0); blk <= cut[1]>>10; blk++ {
			out = append(out, lexeme("#k", fmt.Sprintf("%d/%d", cut[0], blk)))
		}
		return out
	},
}

var (
	projectDateWindow = dayWindow("#p", `SELECT d.published_at, d.project_id FROM search_projects d
		WHERE d.published_at IS NOT NULL ORDER BY d.published_at DESC NULLS LAST, d.project_id DESC`)
	projectBiddingWindow = dayWindow("#b", `SELECT d.closes_at, d.project_id FROM search_projects d
		WHERE d.status = 'bidding' ORDER BY d.closes_at, d.project_id`)
	projectClosedWindow = dayWindow("#c", `SELECT d.closes_at, d.project_id FROM search_projects d
		ORDER BY d.closes_at DESC, d.project_id DESC`)
	agencyDateWindow = dayWindow("#p", `SELECT d.created_at, d.agency_id FROM search_agencies d
		ORDER BY d.created_at DESC, d.agency_id DESC`)
)

// searchRow is a row of a page statement: the statement's count (all
// matches, or the window's) and facets, then the document.
type searchRow interface {
	meta() (total int, facets string)
	id() int64
}

func (r *searchProjectRow) meta() (int, string) { return r.Total, r.Facets }
func (r *searchProjectRow) id() int64           { return r.ProjectID }
func (r *searchAgencyRow) meta() (int, string)  { return r.Total, r.Facets }
func (r *searchAgencyRow) id() int64            { return r.AgencyID }

type searchProjectRow struct {
	Total       int
	Facets      string
	ProjectID   int64
	Title       string
	Description string
	ItemCode    string
	ItemName    string
	Region      string
	Funding     string
	Status      string
	OwnerName   string
	ClosesAt    time.Time
	PublishedAt *time.Time
}

type searchAgencyRow struct {
	Total       int
	Facets      string
	AgencyID    int64
	Name        string
	Description string
	Region      string
	Status      string
	CreditGrade string
	CreditScore int
	ItemCodes   string // text[] joined with commas
	ItemNames   string
}

// sampleRow is the answer of sampleSQL.
type sampleRow struct {
	Total  int    // matches in the sample
	First  int    // of which in the first band
	Facets string // over the sample's matches
	Docs   int64  // documents in the table (the planner's count)
}

// matches is the condition of a match on d: the tsquery (the statement's
// argument) and the check of the bigrams it leaves out.
func (b pgDocs) matches() string { return b.vector + " @@ ?::tsquery" + b.contain }

// facetsSQL is a jsonb object of every facet's counts over m.
func (b pgDocs) facetsSQL() string {
	var fs []string
	for _, f := range b.facets {
		name, expr, _ := strings.Cut(f, "=")
		fs = append(fs, fmt.Sprintf(`'%s', (SELECT coalesce(jsonb_agg(jsonb_build_object('value', v, 'count', n) ORDER BY n DESC, v), '[]')
			FROM (SELECT v, count(*) AS n FROM (%s) vs WHERE v <> '' GROUP BY v ORDER BY n DESC, v LIMIT %d) s)`, name, expr, maxFacetValues))
	}
	return "jsonb_build_object(" + strings.Join(fs, ", ") + ")::text"
}

// sampleSQL counts match (and first, the first band, when set) among the
// documents in the sample of 1/mod (mod a power of two: those whose id
// hashes, with seed 7919, to a multiple of mod), with the facets of those matches. The
// predicate is spelled as in the partial indexes of migrations/00090, so
// the planner picks the sample's index.
func (b pgDocs) sampleSQL(mod int, match, first string) (string, []any) {
	args := []any{match}
	firstSQL := "0"
	if first != "" {
		firstSQL = fmt.Sprintf("(SELECT count(*) FROM %s d WHERE hashint8extended(d.%s, 7919) & %d = 0 AND %s)", b.table, b.key, mod-1, b.matches())
		args = append(args, first)
	}
	return fmt.Sprintf(`WITH m AS MATERIALIZED (SELECT %[4]s FROM %[1]s d WHERE hashint8extended(d.%[2]s, 7919) & %[3]d = 0 AND %[5]s)
		SELECT (SELECT count(*) FROM m) AS total, %[6]s AS first, %[7]s AS facets,
			(SELECT reltuples::bigint FROM pg_class WHERE oid = '%[1]s'::regclass) AS docs`,
		b.table, b.key, mod-1, b.keep, b.matches(), firstSQL, b.facetsSQL()), args
}

// exactSQL is one statement for page, total and facets over every match
// (cut after limit+1: more means the sample was wrong and the caller
// estimates). rank is 1 for the matches whose title (or name) matches
// titleQuery, when set, read from the stored title_tsv of the rows
// already visited. f LEFT JOIN p answers one row even for a page past the
// end.
func (b pgDocs) exactSQL(q *search.Query, match, titleQuery, order string, limit int) (string, []any) {
	rank, args := "0", []any{match}
	if titleQuery != "" {
		rank = "(d.title_tsv @@ ?::tsquery)::int"
		args = []any{titleQuery, match}
	}
	return fmt.Sprintf(`WITH m AS MATERIALIZED (SELECT d.%[2]s AS id, %[3]s AS rank, %[4]s FROM %[1]s d WHERE %[5]s LIMIT %[6]d),
		p AS (SELECT id, row_number() OVER (ORDER BY %[7]s) AS rn FROM m ORDER BY %[7]s LIMIT %[8]d OFFSET %[9]d),
		f AS (SELECT (SELECT count(*) FROM m) AS total, %[10]s AS facets)
		SELECT f.total, f.facets, %[11]s
		FROM f LEFT JOIN (p JOIN %[1]s d ON d.%[2]s = p.id) ON true
		ORDER BY p.rn`, b.table, b.key, rank, b.keep, b.matches(), limit+1, order,
		q.Page.PerPage, q.Page.Offset(), b.facetsSQL(), b.page), args
}

// bandSQL reads rows skip..skip+take of the matches of query in order,
// with the number of matches as total.
func (b pgDocs) bandSQL(query, order string, skip, take int) (string, []any) {
	return fmt.Sprintf(`WITH w AS MATERIALIZED (SELECT d.%[2]s AS id, %[3]s FROM %[1]s d WHERE %[4]s),
		p AS (SELECT id, row_number() OVER (ORDER BY %[5]s) AS rn FROM w ORDER BY %[5]s LIMIT %[6]d OFFSET %[7]d)
		SELECT c.n AS total, '' AS facets, %[8]s
		FROM (SELECT count(*) AS n FROM w) c LEFT JOIN (p JOIN %[1]s d ON d.%[2]s = p.id) ON true
		ORDER BY p.rn`, b.table, b.key, b.keep, b.matches(), order, take, skip, b.page), []any{query}
}

// window returns the bucket lexemes of the first n documents by w, or
// nil when the table holds no more than n or the window needs too many.
func (s *DB) window(ctx context.Context, w pgWindow, n int) ([]string, error) {
	var r struct {
		B0, K0 int64
		B1, K1 *int64
	}
	if err := s.db.WithContext(ctx).Raw(w.sql(), n).Scan(&r).Error; err != nil {
		return nil, fmt.Errorf("storage: search window: %w", err)
	}
	if r.B1 == nil {
		return nil, nil
	}
	return w.lexemes([2]int64{r.B0, r.K0}, [2]int64{*r.B1, *r.K1}), nil
}

// scan runs a page statement.
func scan[R any](ctx context.Context, s *DB, what, sql string, args []any) ([]R, error) {
	var rows []R
	if err := s.db.WithContext(ctx).Raw(sql, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: search %s: %w", what, err)
	}
	return rows, nil
}

// runSearch answers q over b: match is every condition as one tsquery,
// rankQuery the text to find in titles (exact path), order the exact
// path's order, bands the same order as window-readable parts.
func runSearch[R any, PR interface {
	*R
	searchRow
}](ctx context.Context, s *DB, q *search.Query, b pgDocs, match, rankQuery, order string, bands []pgBand) ([]R, *search.Result, error) {
	limit := s.search.searchExactLimit()
	mods, minSample := s.search.sampling()
	first := ""
	if len(bands) > 1 {
		first = bands[0].query
	}
	// 1. the coarsest sample that holds minSample matches, from the
	// coarsest the bound on the matches expects to hold them: 环评 (57,000
	// of a million, at most 5.7 % by the statistics) starts at 1/128, not
	// at 1/1024 where it would find 56
	var smp sampleRow
	mod, start := 0, 0
	for start < len(mods)-1 && b.expect > 0 && b.expect/float64(mods[start]) < float64(minSample) {
		start++
	}
	for i := start; ; {
		mod = mods[i]
		sql, args := b.sampleSQL(mod, match, first)
		if err := s.db.WithContext(ctx).Raw(sql, args...).Scan(&smp).Error; err != nil {
			return nil, nil, fmt.Errorf("storage: search %s sample: %w", b.table, err)
		}
		if smp.Total >= minSample || i == len(mods)-1 || surelyFew(smp.Total, mod, limit) {
			break
		}
		// skip the levels expected to hold too few as well
		i++
		for i < len(mods)-1 && smp.Total*mod/mods[i] < minSample {
			i++
		}
	}
	res := &search.Result{}
	estimate := smp.Total * mod
	// 2. few matches: exact
	if smp.Total < minSample || estimate <= limit {
		sql, args := b.exactSQL(q, match, rankQuery, order, limit)
		rows, err := scan[R](ctx, s, b.table, sql, args)
		if err != nil {
			return nil, nil, err
		}
		var facets string
		for i := range rows {
			res.Total, facets = PR(&rows[i]).meta()
		}
		if res.Facets, err = decodeFacets(facets); err != nil {
			return nil, nil, err
		}
		if res.Total <= limit {
			return rows, res, nil
		}
		if estimate <= limit {
			// the sample missed them: more than limit is all we know,
			// and the facets are those of the first limit+1 matches
			res.TotalIsEstimate = true
			return bandPages[R, PR](ctx, s, q, b, bands, mod, max(int(smp.Docs), res.Total), res)
		}
	}
	// 3. many: the sample's total and facets, scaled
	res.Total, res.TotalIsEstimate = max(limit+1, estimate), true
	var err error
	if res.Facets, err = decodeFacets(smp.Facets); err != nil {
		return nil, nil, err
	}
	for _, vs := range res.Facets {
		for i := range vs {
			vs[i].Count *= mod
		}
	}
	if len(bands) > 1 {
		bands[0].sampled, bands[1].sampled = smp.First, smp.Total-smp.First
	} else {
		bands[0].sampled = smp.Total
	}
	return bandPages[R, PR](ctx, s, q, b, bands, mod, max(int(smp.Docs), res.Total), res)
}

// surelyFew reports whether a sample of 1/mod holding n matches leaves
// no doubt that all of them fit in the exact path's limit: even the high
// end of what n lets the whole hold (about three standard deviations
// above n, and never below 6 matches for none) is within limit. The finer
// samples would only confirm it: 社会稳定风险评估 in one city (729 of a
// million) shows 5 at 1/128 and goes straight to the exact statement
// instead of reading 45 at 1/16 first. When the sample was wrong after
// all, the exact statement stops at limit+1 and the total is an estimate
// (runSearch, "the sample missed them").
func surelyFew(n, mod, limit int) bool {
	high := float64(n) + 3*math.Sqrt(float64(n+1)) + 3
	return high*float64(mod) <= float64(limit)
}

// bandPages reads the requested page band by band: the first band's rows
// offset..offset+per_page, and when it ends before that, the next band's.
func bandPages[R any, PR interface {
	*R
	searchRow
}](ctx context.Context, s *DB, q *search.Query, b pgDocs, bands []pgBand, mod, docs int, res *search.Result) ([]R, *search.Result, error) {
	skip, take := q.Page.Offset(), q.Page.PerPage
	var page []R
	for _, band := range bands {
		rows, count, err := bandPage[R, PR](ctx, s, b, band, skip, take, mod, docs)
		if err != nil {
			return nil, nil, err
		}
		got := 0
		for i := range rows {
			if PR(&rows[i]).id() != 0 {
				page = append(page, rows[i])
				got++
			}
		}
		if got == take {
			break
		}
		// the band ended within the page: count is all of it
		skip, take = max(0, skip-count), take-got
	}
	return page, res, nil
}

// bandPage reads rows skip..skip+take of one band. It tries windows sized
// to hold the rows twice over at the band's sampled density, widened 8×
// twice; a window is good when it holds skip+take matches. Otherwise it
// reads the band whole, and count is then the band's exact size.
func bandPage[R any, PR interface {
	*R
	searchRow
}](ctx context.Context, s *DB, b pgDocs, band pgBand, skip, take, mod, docs int) ([]R, int, error) {
	n := skip + take
	est := max(band.sampled*mod, mod/2) // a band the sample missed may still be there
	w := 2*n*docs/max(est, 1) + s.search.windowSlack
	for try := 0; try < 3 && w < docs; try, w = try+1, w*8 {
		lex, err := s.window(ctx, band.window, w)
		if err != nil {
			return nil, 0, err
		}
		if lex == nil {
			break
		}
		sql, args := b.bandSQL(and(band.query, or(lex)), band.order, skip, take)
		rows, err := scan[R](ctx, s, b.table+" window", sql, args)
		if err != nil {
			return nil, 0, err
		}
		if len(rows) > 0 {
			if count, _ := PR(&rows[0]).meta(); count >= n {
				return rows, count, nil
			}
		}
	}
	sql, args := b.bandSQL(band.query, band.order, skip, take)
	rows, err := scan[R](ctx, s, b.table+" band", sql, args)
	if err != nil || len(rows) == 0 {
		return rows, 0, err
	}
	count, _ := PR(&rows[0]).meta()
	return rows, count, nil
}

func decodeFacets(raw string) (map[string][]search.FacetCount, error) {
	out := map[string][]search.FacetCount{}
	if raw == "" {
		return out, nil
	}
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		return nil, fmt.Errorf("storage: search facets: %w", err)
	}
	return out, nil
}

// The indexed document expressions, exactly as in
// migrations/00090_search_windows.sql (the planner matches an expression
// index only on the same expression).
const (
	ProjectVectorSQL = "search_project_doc(d.title, d.item_name, d.owner_name, d.awarded_name, d.region, d.description, d.item_code, d.status, d.funding, d.published_at, d.closes_at)"
	agencyVectorSQL  = "search_agency_doc(d.agency_id, d.name, d.item_names, d.region, d.description, d.item_codes, d.status, d.credit_grade, d.credit_score, d.created_at)"
)

// filterLexemes is the AND of a marker lexeme per filter that is set
// (marker, value pairs).
func filterLexemes(pairs ...string) string {
	var out []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			out = append(out, lexeme(pairs[i], pairs[i+1]))
		}
	}
	return strings.Join(out, " & ")
}

// markerLexemes is the marker lexeme of each filter that is set (marker,
// value pairs), unquoted.
func markerLexemes(pairs ...string) []string {
	var out []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			out = append(out, pairs[i]+pairs[i+1])
		}
	}
	return out
}

// anyLexeme is the OR of a marker lexeme per value, in parentheses so
// that it ANDs with the rest; empty without values.
func anyLexeme(marker string, values []string) string {
	var out []string
	for _, v := range values {
		out = append(out, lexeme(marker, v))
	}
	if len(out) == 0 {
		return ""
	}
	return "(" + or(out) + ")"
}

// titleBands orders text matches: those in the title (or name) first.
// The title lexemes of a word imply its other lexemes, so the first band
// needs only them and the filters (fewer entries for GIN to check).
func titleBands(q *search.Query, match, filters string, by pgBand) (rank string, bands []pgBand) {
	title := textQuery(q, "~")
	first, rest := by, by
	first.query, rest.query = and(title, filters), and(match, "!("+title+")")
	return TSQuery(q), []pgBand{first, rest}
}

func (s *DB) pgSearch(ctx context.Context, q *search.Query) (*search.Result, error) {
	s = s.onSearchPool(ctx)
	if q.Type == search.Agencies {
		return s.pgSearchAgencies(ctx, q)
	}
	return s.pgSearchProjects(ctx, q)
}

var projectDocs = pgDocs{table: "search_projects", key: "project_id", vector: ProjectVectorSQL,
	keep:   "d.item_code, d.region, d.status, d.funding, d.published_at, d.closes_at",
	facets: []string{"item=SELECT item_code AS v FROM m", "region=SELECT region AS v FROM m", "status=SELECT status AS v FROM m", "funding=SELECT funding AS v FROM m"},
	page: `coalesce(d.project_id, 0) AS project_id, coalesce(d.title, '') AS title, coalesce(d.description, '') AS description,
		coalesce(d.item_code, '') AS item_code, coalesce(d.item_name, '') AS item_name, coalesce(d.region, '') AS region,
		coalesce(d.funding, '') AS funding, coalesce(d.status, '') AS status, coalesce(d.owner_name, '') AS owner_name,
		coalesce(d.closes_at, 'epoch') AS closes_at, d.published_at`}

func (s *DB) pgSearchProjects(ctx context.Context, q *search.Query) (*search.Result, error) {
	docs := projectDocs
	st := s.search.common.stats(ctx, s, docs.table)
	text, contain, required := probe(q, st.freq)
	docs.contain = containsSQL(searchText[docs.table], contain)
	docs.expect = st.docs * st.share(append(required, markerLexemes("#i", q.Item, "#r", q.Region, "#s", q.Status, "#f", q.Funding)...))
	filters := and(filterLexemes("#i", q.Item, "#r", q.Region, "#s", q.Status, "#f", q.Funding), anyLexeme("#s", q.Statuses))
	match := and(text, filters)
	if match == "" {
		match = "'#*'"
	}
	byDate := pgBand{query: match, order: "published_at DESC NULLS LAST, id DESC", window: projectDateWindow}
	order, rank, bands := byDate.order, "", []pgBand{byDate}
	switch {
	case q.Sort == search.SortDeadline:
		// still bidding first, closing soonest first; then the others,
		// most recently closed first
		bid := lexeme("#s", "bidding")
		order = `(status = 'bidding') DESC, CASE WHEN status = 'bidding' THEN closes_at END, closes_at DESC,
			CASE WHEN status = 'bidding' THEN id END, id DESC`
		open := pgBand{query: and(match, bid), order: "closes_at, id", window: projectBiddingWindow}
		closed := pgBand{query: and(match, "!"+bid), order: "closes_at DESC, id DESC", window: projectClosedWindow}
		switch q.Status {
		case "":
			bands = []pgBand{open, closed}
		case "bidding":
			bands = []pgBand{open}
		default:
			bands = []pgBand{closed}
		}
	case q.Sort == search.SortRelevance && text != "":
		order = "rank DESC, " + order
		rank, bands = titleBands(q, match, filters, byDate)
	}
	rows, res, err := runSearch[searchProjectRow](ctx, s, q, docs, match, rank, order, bands)
	if err != nil {
		return nil, err
	}
	marks := q.Highlights()
	for _, r := range rows {
		if r.ProjectID == 0 {
			continue
		}
		closes := r.ClosesAt
		res.Items = append(res.Items, search.Hit{
			Type: search.Projects, ID: r.ProjectID, Title: searchtext.Highlight(r.Title, marks),
			Snippet:   searchtext.Snippet(r.Description, marks, snippetWidth),
			ItemCodes: []string{r.ItemCode}, ItemNames: []string{r.ItemName}, Region: r.Region, Status: r.Status,
			Funding: r.Funding, OwnerName: r.OwnerName, BiddingClosesAt: &closes, PublishedAt: r.PublishedAt,
		})
	}
	return res, nil
}

var agencyDocs = pgDocs{table: "search_agencies", key: "agency_id", vector: agencyVectorSQL,
	keep:   "d.item_codes, d.region, d.status, d.credit_grade, d.credit_score, d.created_at",
	facets: []string{"item=SELECT unnest(item_codes) AS v FROM m", "region=SELECT region AS v FROM m", "status=SELECT status AS v FROM m", "grade=SELECT credit_grade AS v FROM m"},
	page: `coalesce(d.agency_id, 0) AS agency_id, coalesce(d.name, '') AS name, coalesce(d.description, '') AS description,
		coalesce(d.region, '') AS region, coalesce(d.status, '') AS status, coalesce(d.credit_grade, '') AS credit_grade,
		coalesce(d.credit_score, 0) AS credit_score, coalesce(array_to_string(d.item_codes, ','), '') AS item_codes,
		coalesce(d.item_names, '') AS item_names`}

func (s *DB) pgSearchAgencies(ctx context.Context, q *search.Query) (*search.Result, error) {
	docs := agencyDocs
	st := s.search.common.stats(ctx, s, docs.table)
	text, contain, required := probe(q, st.freq)
	docs.contain = containsSQL(searchText[docs.table], contain)
	docs.expect = st.docs * st.share(append(required, markerLexemes("#i", q.Item, "#r", q.Region, "#s", q.Status, "#g", q.Grade)...))
	filters := filterLexemes("#i", q.Item, "#r", q.Region, "#s", q.Status, "#g", q.Grade)
	match := and(text, filters)
	if match == "" {
		match = "'#*'"
	}
	byScore := pgBand{query: match, order: "credit_score DESC, id", window: scoreWindow}
	order, rank, bands := byScore.order, "", []pgBand{byScore}
	switch {
	case q.Sort == search.SortDate:
		byDate := pgBand{query: match, order: "created_at DESC, id DESC", window: agencyDateWindow}
		order, bands = byDate.order, []pgBand{byDate}
	case text != "":
		order = "rank DESC, " + order
		rank, bands = titleBands(q, match, filters, byScore)
	}
	rows, res, err := runSearch[searchAgencyRow](ctx, s, q, docs, match, rank, order, bands)
	if err != nil {
		return nil, err
	}
	marks := q.Highlights()
	for _, r := range rows {
		if r.AgencyID == 0 {
			continue
		}
		score := r.CreditScore
		body := r.Description
		if strings.TrimSpace(body) == "" {
			body = r.ItemNames
		}
		codes := []string{}
		if r.ItemCodes != "" {
			codes = strings.Split(r.ItemCodes, ",")
		}
		names := strings.Fields(r.ItemNames)
		if names == nil {
			names = []string{}
		}
		res.Items = append(res.Items, search.Hit{
			Type: search.Agencies, ID: r.AgencyID, Title: searchtext.Highlight(r.Name, marks),
			Snippet: searchtext.Snippet(body, marks, snippetWidth), ItemCodes: codes, ItemNames: names,
			Region: r.Region, Status: r.Status, CreditGrade: r.CreditGrade, CreditScore: &score,
		})
	}
	return res, nil
}

// maxFacetValues bounds each facet's list (regions can be many).
const maxFacetValues = 50

// topFacets orders by count, then value, and keeps the first maxFacetValues.
func topFacets(v []search.FacetCount) []search.FacetCount {
	sort.Slice(v, func(i, j int) bool {
		if v[i].Count != v[j].Count {
			return v[i].Count > v[j].Count
		}
		return v[i].Value < v[j].Value
	})
	if len(v) > maxFacetValues {
		v = v[:maxFacetValues]
	}
	return v
}
