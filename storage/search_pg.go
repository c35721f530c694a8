package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"marketplace/domain"
)

// snippetWidth is the length of a result's snippet, in characters.
const snippetWidth = 80

// TSQuery renders the parsed query as a PostgreSQL tsquery over the bigram
// lexemes of migrations/00041_search.sql: a Han run is the AND of its
// bigrams (地质 & 质灾 & 灾害), a lone Han character
// or an ASCII word is a prefix; runs of one word are ANDed, a word's
// synonym alternatives ORed, words ANDed. Lexemes hold only Han characters,
// a–z and 0–9, so quoting them cannot be escaped. Empty when there are no terms.
func TSQuery(q *domain.SearchQuery) string {
	var words []string
	for _, t := range q.Terms {
		var alts []string
		for _, alt := range t.Alternatives {
			var runs []string
			for _, run := range domain.SearchRuns(alt) {
				if q.Relaxed {
					runs = append(runs, relaxedRunQuery(run))
				} else {
					runs = append(runs, runQuery(run))
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

func runQuery(run string) string {
	r := []rune(run)
	if !domain.IsHan(r[0]) || len(r) == 1 {
		return "'" + run + "':*"
	}
	bg := domain.Bigrams(run)
	for i := range bg {
		bg[i] = "'" + bg[i] + "'"
	}
	return "(" + strings.Join(bg, " & ") + ")"
}

// relaxedRunQuery matches a Han run as consecutive two-character words in
// any order (天平评估 → 天平 & 评估; an odd last character is a prefix).
func relaxedRunQuery(run string) string {
	r := []rune(run)
	if !domain.IsHan(r[0]) || len(r) < 4 {
		return runQuery(run)
	}
	var parts []string
	for i := 0; i < len(r); i += 2 {
		if i+1 < len(r) {
			parts = append(parts, "'"+string(r[i:i+2])+"'")
		} else {
			parts = append(parts, "'"+string(r[i])+"':*")
		}
	}
	return "(" + strings.Join(parts, " & ") + ")"
}

// searchMeta is the total and facets (JSON) every row of build's answer
// carries (named fields: gorm does not scan into an unexported embedded
// struct).
type searchMeta interface {
	meta() (total int, facets string, blk, pages, tier int)
}

func (r *searchProjectRow) meta() (int, string, int, int, int) {
	return r.Total, r.Facets, r.Blk, r.Pages, r.Tier
}
func (r *searchAgencyRow) meta() (int, string, int, int, int) {
	return r.Total, r.Facets, r.Blk, r.Pages, r.Tier
}

type searchProjectRow struct {
	Total       int
	Facets      string
	Blk, Pages  int // sample position (build)
	Tier        int // pageSQL: the window's first-band matches
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
	Blk, Pages  int // sample position (build)
	Tier        int // pageSQL: the window's first-band matches
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

// pgSearch is the PostgreSQL engine: GIN-indexed bigram tsvectors in
// search_projects and search_agencies, kept current by triggers.
func (s *DB) pgSearch(ctx context.Context, q *domain.SearchQuery) (*domain.SearchResult, error) {
	if q.Type == domain.SearchAgencies {
		return s.pgSearchAgencies(ctx, q)
	}
	return s.pgSearchProjects(ctx, q)
}

// searchSQL builds one statement that scans the matches once: m holds
// every match with its facet columns and sort keys, p the requested page,
// f the total and the facet counts (as JSON); f LEFT JOIN p answers one
// row even for a page past the end, so the total and facets still come
// back. Filters are bound parameters; only fixed SQL is interpolated.
type searchSQL struct {
	table, key string   // search_projects, project_id
	title      string   // indexed title vector over t
	keep       string   // columns of d kept in m (facets and sort keys)
	facets     []string // facet name = SQL over m yielding (v) rows
	order      string   // ORDER BY over m
	keys       string   // sort-key columns of d selected by pageSQL's tiers
	window     bool     // broad queries may read the page from the newest documents
	page       string   // columns of the page's rows, over d
}

// filters keeps the conditions (SQL, value pairs) whose value is set.
func filters(conds []string) ([]string, []any) {
	var filt []string
	var vals []any
	for i := 0; i+1 < len(conds); i += 2 {
		if conds[i+1] != "" {
			filt = append(filt, conds[i])
			vals = append(vals, conds[i+1])
		}
	}
	return filt, vals
}

// where is the match condition over d: the text (when there is one) and
// the filters.
func matchWhere(tq, vector string, filt []string) string {
	where := []string{"true"}
	if tq != "" {
		where = append(where, vector+" @@ x.tq")
	}
	return strings.Join(append(where, filt...), " AND ")
}

// build returns the statement for page, total and facets. m, the
// matches, is cut after limit+1 rows: when it holds at most limit rows
// everything is exact; when it is full the caller knows the query is broad,
// keeps m as the facets' sample and asks pageSQL and estimateSQL for the
// rest, so no statement visits every match.
func (b searchSQL) build(q *domain.SearchQuery, tq, vector string, limit int, conds ...string) (string, []any) {
	// filters over d (for m) and over t (for the title matches), bound
	// once each, in the order the placeholders appear: x, tm, m
	filt, vals := filters(conds)
	args := []any{tq}
	rank, titles := "0", "SELECT NULL::bigint AS id WHERE false"
	if tq != "" && q.Sort == domain.SortRelevance {
		// Matching in the title (or name) ranks first, found through the
		// title index (with the filters, so the planner can AND bitmaps);
		// scoring every match with ts_rank would compute each document's
		// vector, which costs more than the whole lookup. Title matches
		// are matches, so limit+1 of them suffice.
		tw := append([]string{b.title + " @@ x.tq"}, filt...)
		titles = fmt.Sprintf("SELECT t.%s AS id FROM %s t, x WHERE %s LIMIT %d", b.key, b.table,
			strings.ReplaceAll(strings.Join(tw, " AND "), "d.", "t."), limit+1)
		rank = "(d." + b.key + " IN (SELECT id FROM tm))::int"
		args = append(args, vals...)
	}
	args = append(args, vals...)
	var fs []string
	for _, f := range b.facets {
		name, expr, _ := strings.Cut(f, "=")
		fs = append(fs, fmt.Sprintf(`'%s', (SELECT coalesce(jsonb_agg(jsonb_build_object('value', v, 'count', n) ORDER BY n DESC, v), '[]')
			FROM (SELECT v, count(*) AS n FROM (%s) vs WHERE v <> '' GROUP BY v ORDER BY n DESC, v LIMIT %d) s)`, name, expr, maxFacetValues))
	}
	return fmt.Sprintf(`WITH x AS (SELECT nullif(?, '')::tsquery AS tq),
		tm AS MATERIALIZED (%[11]s),
		m AS MATERIALIZED (SELECT d.%[2]s AS id, %[3]s AS rank, (d.ctid::text::point)[0]::int AS blk, %[4]s FROM %[1]s d, x WHERE %[5]s LIMIT %[12]d),
		p AS (SELECT id, row_number() OVER (ORDER BY %[6]s) AS rn FROM m ORDER BY %[6]s LIMIT %[7]d OFFSET %[8]d),
		f AS (SELECT (SELECT count(*) FROM m) AS total, jsonb_build_object(%[9]s)::text AS facets,
			(SELECT coalesce(max(blk), 0) FROM m) AS blk, (SELECT relpages FROM pg_class WHERE oid = '%[1]s'::regclass) AS pages)
		SELECT f.total, f.facets, f.blk, f.pages, %[10]s
		FROM f LEFT JOIN (p JOIN %[1]s d ON d.%[2]s = p.id) ON true
		ORDER BY p.rn`, b.table, b.key, rank, b.keep, matchWhere(tq, vector, filt), b.order, q.Page.PerPage, q.Page.Offset(),
		strings.Join(fs, ", "), b.page, titles, limit+1), args
}

// pageTier is one band of a broad query's page order: the matches that
// also meet cond (SQL over d and x) come before the others; both bands
// are ordered by order (over id and the sort keys in searchSQL.keys).
type pageTier struct{ cond, order string }

// pageSQL returns the page of a broad query, read from the matches
// published at or after cutoff (nil: all matches). The window's matches
// come from one bitmap (the GIN index ANDed with the published_at btree),
// so only the window's rows are visited. Each row also carries, as tier,
// how many of the window's matches are in the first band: the caller
// keeps the page only when that fills offset+per_page.
func (b searchSQL) pageSQL(q *domain.SearchQuery, tq, vector string, t pageTier, cutoff *time.Time, conds ...string) (string, []any) {
	filt, vals := filters(conds)
	if cutoff != nil {
		filt, vals = append(filt, "d.published_at >= ?"), append(vals, *cutoff)
	}
	order := "tier, " + t.order
	return fmt.Sprintf(`WITH x AS (SELECT nullif(?, '')::tsquery AS tq),
		w AS MATERIALIZED (SELECT d.%[7]s AS id, %[8]s, CASE WHEN %[9]s THEN 0 ELSE 1 END AS tier FROM %[6]s d, x WHERE %[10]s),
		p AS (SELECT id, row_number() OVER (ORDER BY %[2]s) AS rn FROM w ORDER BY %[2]s LIMIT %[3]d OFFSET %[4]d)
		SELECT 0 AS total, '' AS facets, (SELECT count(*) FROM w WHERE tier = 0) AS tier, %[5]s
		FROM p JOIN %[6]s d ON d.%[7]s = p.id
		ORDER BY p.rn`, "", order, q.Page.PerPage, q.Page.Offset(), b.page, b.table, b.key, b.keys, t.cond, matchWhere(tq, vector, filt)),
		append([]any{tq}, vals...)
}

// estimateSQL asks the planner how many documents match (EXPLAIN only:
// nothing is read but the statistics).
func (b searchSQL) estimateSQL(tq, vector string, conds ...string) (string, []any) {
	filt, vals := filters(conds)
	return fmt.Sprintf("EXPLAIN (FORMAT JSON) WITH x AS (SELECT nullif(?, '')::tsquery AS tq) SELECT 1 FROM %s d, x WHERE %s",
		b.table, matchWhere(tq, vector, filt)), append([]any{tq}, vals...)
}

// estimate returns the planner's row estimate for the matches.
func (s *DB) estimate(ctx context.Context, sql string, args []any) (int, error) {
	var plan string
	if err := s.db.WithContext(ctx).Raw(sql, args...).Row().Scan(&plan); err != nil {
		return 0, fmt.Errorf("storage: search estimate: %w", err)
	}
	var out []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		} `json:"Plan"`
	}
	if err := json.Unmarshal([]byte(plan), &out); err != nil || len(out) == 0 {
		return 0, fmt.Errorf("storage: search estimate: unexpected plan %q", plan)
	}
	return int(out[0].Plan.Rows), nil
}

// scaleFacets extrapolates facet counts from a sample of n matches to an
// estimated total (at least 1 for a value that was seen).
func scaleFacets(f map[string][]domain.FacetCount, n, total int) {
	for _, vs := range f {
		for i := range vs {
			vs[i].Count = max(1, int(float64(vs[i].Count)*float64(total)/float64(n)+0.5))
		}
	}
}

// The indexed vector expressions, exactly as in migrations/00041_search.sql
// (the planner matches an expression index only on the same expression).
const (
	ProjectVectorSQL   = "search_tsv(d.title, d.item_name || ' ' || d.owner_name || ' ' || d.awarded_name, d.region || ' ' || d.description)"
	projectTitleVector = "array_to_tsvector(search_tokens(t.title))"
	agencyVectorSQL    = "search_tsv(d.name, d.item_names, d.region || ' ' || d.description)"
	agencyTitleVector  = "array_to_tsvector(search_tokens(t.name))"
)

func decodeFacets(raw string) (map[string][]domain.FacetCount, error) {
	out := map[string][]domain.FacetCount{}
	if raw == "" {
		return out, nil
	}
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		return nil, fmt.Errorf("storage: search facets: %w", err)
	}
	return out, nil
}

// runSearch runs build's statement and, when the matches overflow the
// exact limit, replaces the total with the planner's estimate, scales the
// sampled facets, and reads the page with pageSQL. It returns the page's
// rows (rows whose key is zero are build's placeholder for an empty page).
func runSearch[R any](ctx context.Context, s *DB, q *domain.SearchQuery, b searchSQL, tq, vector string, tier pageTier, conds ...string) ([]R, *domain.SearchResult, error) {
	limit := s.search.searchExactLimit()
	if !b.window {
		// no index order to stop early in: stay exact
		limit = 1 << 30
	}
	sql, args := b.build(q, tq, vector, limit, conds...)
	var rows []R
	if err := s.db.WithContext(ctx).Raw(sql, args...).Scan(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("storage: search %s: %w", b.table, err)
	}
	res := &domain.SearchResult{}
	blk, pages := 0, 0
	for i := range rows {
		total, facets, bk, pg, _ := any(&rows[i]).(searchMeta).meta()
		res.Total, blk, pages = total, bk, pg
		if res.Facets == nil {
			var err error
			if res.Facets, err = decodeFacets(facets); err != nil {
				return nil, nil, err
			}
		}
	}
	if res.Total <= limit {
		return rows, res, nil
	}
	// The sample is the first limit+1 matches in physical order (a bitmap
	// heap scan reads blocks in order), found within blocks 0..blk of
	// pages: the matches' density there gives the estimate.
	sample := res.Total
	res.Total, res.TotalIsEstimate = max(limit+1, sample*max(pages, blk+1)/(blk+1)), true
	scaleFacets(res.Facets, sample, res.Total)
	// The page: read only the newest documents, enough of them to hold
	// the page twice over at the estimated density; the window is right
	// when its first tier alone fills offset+per_page, otherwise widen it
	// 8 times, then give up the window.
	n := q.Page.Offset() + q.Page.PerPage
	var docs int
	if err := s.db.WithContext(ctx).Raw("SELECT reltuples::bigint FROM pg_class WHERE oid = ?::regclass", b.table).Row().Scan(&docs); err != nil {
		return nil, nil, fmt.Errorf("storage: search %s size: %w", b.table, err)
	}
	docs = max(docs, res.Total) // reltuples is -1 before the first ANALYZE
	w := 2*n*docs/res.Total + s.search.windowSlack
	for try := 0; try < 3; try++ {
		var cutoff *time.Time
		if try < 2 {
			var c []time.Time
			if err := s.db.WithContext(ctx).Raw(fmt.Sprintf("SELECT published_at FROM %s WHERE published_at IS NOT NULL ORDER BY published_at DESC NULLS LAST, %s DESC OFFSET ? LIMIT 1", b.table, b.key), w).
				Scan(&c).Error; err != nil {
				return nil, nil, fmt.Errorf("storage: search %s window: %w", b.table, err)
			}
			if len(c) == 0 {
				try = 1 // the window would be the whole table
				continue
			}
			cutoff = &c[0]
		}
		sql, args = b.pageSQL(q, tq, vector, tier, cutoff, conds...)
		rows = nil
		if err := s.db.WithContext(ctx).Raw(sql, args...).Scan(&rows).Error; err != nil {
			return nil, nil, fmt.Errorf("storage: search %s page: %w", b.table, err)
		}
		if cutoff == nil {
			break
		}
		if len(rows) > 0 {
			if _, _, _, _, first := any(&rows[0]).(searchMeta).meta(); first >= n {
				break
			}
		}
		w *= 8
	}
	return rows, res, nil
}

// titleTier orders a broad relevance query: title (or name) matches
// first, then the other matches, each by order.
func titleTier(title, order string) pageTier {
	return pageTier{strings.Replace(title, "t.", "d.", 1) + " @@ x.tq", order}
}

func (s *DB) pgSearchProjects(ctx context.Context, q *domain.SearchQuery) (*domain.SearchResult, error) {
	tq := TSQuery(q)
	order := "published_at DESC NULLS LAST, id DESC"
	tier := pageTier{"true", order}
	switch {
	case q.Sort == domain.SortDeadline:
		order = "(status = 'bidding') DESC, closes_at ASC, id"
	case q.Sort == domain.SortRelevance && tq != "":
		tier = titleTier(projectTitleVector, order)
		order = "rank DESC, " + order
	}
	b := searchSQL{table: "search_projects", key: "project_id", title: projectTitleVector,
		keep:   "d.item_code, d.region, d.status, d.funding, d.published_at, d.closes_at",
		facets: []string{"item=SELECT item_code AS v FROM m", "region=SELECT region AS v FROM m", "status=SELECT status AS v FROM m", "funding=SELECT funding AS v FROM m"},
		order:  order, keys: "d.published_at, d.closes_at", window: q.Sort != domain.SortDeadline,
		page: `coalesce(d.project_id, 0) AS project_id, coalesce(d.title, '') AS title, coalesce(d.description, '') AS description,
			coalesce(d.item_code, '') AS item_code, coalesce(d.item_name, '') AS item_name, coalesce(d.region, '') AS region,
			coalesce(d.funding, '') AS funding, coalesce(d.status, '') AS status, coalesce(d.owner_name, '') AS owner_name,
			coalesce(d.closes_at, 'epoch') AS closes_at, d.published_at`}
	rows, res, err := runSearch[searchProjectRow](ctx, s, q, b, tq, ProjectVectorSQL,
		tier, "d.item_code = ?", q.Item, "d.region = ?", q.Region, "d.status = ?", q.Status, "d.funding = ?", q.Funding)
	if err != nil {
		return nil, err
	}
	marks := q.Highlights()
	for _, r := range rows {
		if r.ProjectID == 0 {
			continue
		}
		closes := r.ClosesAt
		res.Items = append(res.Items, domain.SearchHit{
			Type: domain.SearchProjects, ID: r.ProjectID, Title: domain.HighlightText(r.Title, marks),
			Snippet:   domain.Snippet(r.Description, marks, snippetWidth),
			ItemCodes: []string{r.ItemCode}, ItemNames: []string{r.ItemName}, Region: r.Region, Status: r.Status,
			Funding: r.Funding, OwnerName: r.OwnerName, BiddingClosesAt: &closes, PublishedAt: r.PublishedAt,
		})
	}
	return res, nil
}

func (s *DB) pgSearchAgencies(ctx context.Context, q *domain.SearchQuery) (*domain.SearchResult, error) {
	tq := TSQuery(q)
	order := "credit_score DESC, id"
	tier := pageTier{"true", order}
	switch {
	case q.Sort == domain.SortDate:
		order = "created_at DESC, id DESC"
		tier = pageTier{"true", order}
	case tq != "":
		tier = titleTier(agencyTitleVector, order)
		order = "rank DESC, " + order
	}
	b := searchSQL{table: "search_agencies", key: "agency_id", title: agencyTitleVector,
		keep:   "d.item_codes, d.region, d.status, d.credit_grade, d.credit_score, d.created_at",
		facets: []string{"item=SELECT unnest(item_codes) AS v FROM m", "region=SELECT region AS v FROM m", "status=SELECT status AS v FROM m", "grade=SELECT credit_grade AS v FROM m"},
		order:  order, keys: "d.credit_score, d.created_at",
		page: `coalesce(d.agency_id, 0) AS agency_id, coalesce(d.name, '') AS name, coalesce(d.description, '') AS description,
			coalesce(d.region, '') AS region, coalesce(d.status, '') AS status, coalesce(d.credit_grade, '') AS credit_grade,
			coalesce(d.credit_score, 0) AS credit_score, coalesce(array_to_string(d.item_codes, ','), '') AS item_codes,
			coalesce(d.item_names, '') AS item_names`}
	rows, res, err := runSearch[searchAgencyRow](ctx, s, q, b, tq, agencyVectorSQL,
		tier, "d.item_codes @> ARRAY[?::text]", q.Item, "d.region = ?", q.Region, "d.status = ?", q.Status, "d.credit_grade = ?", q.Grade)
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
		res.Items = append(res.Items, domain.SearchHit{
			Type: domain.SearchAgencies, ID: r.AgencyID, Title: domain.HighlightText(r.Name, marks),
			Snippet: domain.Snippet(body, marks, snippetWidth), ItemCodes: codes, ItemNames: names,
			Region: r.Region, Status: r.Status, CreditGrade: r.CreditGrade, CreditScore: &score,
		})
	}
	return res, nil
}

// maxFacetValues bounds each facet's list (regions can be many).
const maxFacetValues = 50

// topFacets orders by count, then value, and keeps the first maxFacetValues.
func topFacets(v []domain.FacetCount) []domain.FacetCount {
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
