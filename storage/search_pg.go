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
	page       string   // columns of the page's rows, over d
}

func (b searchSQL) build(q *domain.SearchQuery, tq, vector string, conds ...string) (string, []any) {
	// filters over d (for m) and over t (for the title matches), bound
	// once each, in the order the placeholders appear: x, tm, m
	var filt []string
	var vals []any
	for i := 0; i+1 < len(conds); i += 2 {
		if conds[i+1] != "" {
			filt = append(filt, conds[i])
			vals = append(vals, conds[i+1])
		}
	}
	args := []any{tq}
	where := []string{"true"}
	if tq != "" {
		where = append(where, vector+" @@ x.tq")
	}
	where = append(where, filt...)
	rank, titles := "0", "SELECT NULL::bigint AS id WHERE false"
	if tq != "" && q.Sort == domain.SortRelevance {
		// Matching in the title (or name) ranks first, found through the
		// title index (with the filters, so the planner can AND bitmaps);
		// scoring every match with ts_rank would compute each document's
		// vector, which costs more than the whole lookup.
		tw := append([]string{b.title + " @@ x.tq"}, filt...)
		titles = fmt.Sprintf("SELECT t.%s AS id FROM %s t, x WHERE %s", b.key, b.table, strings.ReplaceAll(strings.Join(tw, " AND "), "d.", "t."))
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
		m AS MATERIALIZED (SELECT d.%[2]s AS id, %[3]s AS rank, %[4]s FROM %[1]s d, x WHERE %[5]s),
		p AS (SELECT id, row_number() OVER (ORDER BY %[6]s) AS rn FROM m ORDER BY %[6]s LIMIT %[7]d OFFSET %[8]d),
		f AS (SELECT (SELECT count(*) FROM m) AS total, jsonb_build_object(%[9]s)::text AS facets)
		SELECT f.total, f.facets, %[10]s
		FROM f LEFT JOIN (p JOIN %[1]s d ON d.%[2]s = p.id) ON true
		ORDER BY p.rn`, b.table, b.key, rank, b.keep, strings.Join(where, " AND "), b.order, q.Page.PerPage, q.Page.Offset(),
		strings.Join(fs, ", "), b.page, titles), args
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

func (s *DB) pgSearchProjects(ctx context.Context, q *domain.SearchQuery) (*domain.SearchResult, error) {
	tq := TSQuery(q)
	order := "published_at DESC NULLS LAST, id DESC"
	switch {
	case q.Sort == domain.SortDeadline:
		order = "(status = 'bidding') DESC, closes_at ASC, id"
	case q.Sort == domain.SortRelevance && tq != "":
		order = "rank DESC, " + order
	}
	b := searchSQL{table: "search_projects", key: "project_id", title: projectTitleVector,
		keep:   "d.item_code, d.region, d.status, d.funding, d.published_at, d.closes_at",
		facets: []string{"item=SELECT item_code AS v FROM m", "region=SELECT region AS v FROM m", "status=SELECT status AS v FROM m", "funding=SELECT funding AS v FROM m"},
		order:  order,
		page: `coalesce(d.project_id, 0) AS project_id, coalesce(d.title, '') AS title, coalesce(d.description, '') AS description,
			coalesce(d.item_code, '') AS item_code, coalesce(d.item_name, '') AS item_name, coalesce(d.region, '') AS region,
			coalesce(d.funding, '') AS funding, coalesce(d.status, '') AS status, coalesce(d.owner_name, '') AS owner_name,
			coalesce(d.closes_at, 'epoch') AS closes_at, d.published_at`}
	sql, args := b.build(q, tq, ProjectVectorSQL, "d.item_code = ?", q.Item, "d.region = ?", q.Region, "d.status = ?", q.Status, "d.funding = ?", q.Funding)
	var rows []searchProjectRow
	if err := s.db.WithContext(ctx).Raw(sql, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: search projects: %w", err)
	}
	res := &domain.SearchResult{}
	marks := q.Highlights()
	for _, r := range rows {
		res.Total = r.Total
		var err error
		if res.Facets == nil {
			if res.Facets, err = decodeFacets(r.Facets); err != nil {
				return nil, err
			}
		}
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
	switch {
	case q.Sort == domain.SortDate:
		order = "created_at DESC, id DESC"
	case tq != "":
		order = "rank DESC, " + order
	}
	b := searchSQL{table: "search_agencies", key: "agency_id", title: agencyTitleVector,
		keep:   "d.item_codes, d.region, d.status, d.credit_grade, d.credit_score, d.created_at",
		facets: []string{"item=SELECT unnest(item_codes) AS v FROM m", "region=SELECT region AS v FROM m", "status=SELECT status AS v FROM m", "grade=SELECT credit_grade AS v FROM m"},
		order:  order,
		page: `coalesce(d.agency_id, 0) AS agency_id, coalesce(d.name, '') AS name, coalesce(d.description, '') AS description,
			coalesce(d.region, '') AS region, coalesce(d.status, '') AS status, coalesce(d.credit_grade, '') AS credit_grade,
			coalesce(d.credit_score, 0) AS credit_score, coalesce(array_to_string(d.item_codes, ','), '') AS item_codes,
			coalesce(d.item_names, '') AS item_names`}
	sql, args := b.build(q, tq, agencyVectorSQL, "d.item_codes @> ARRAY[?::text]", q.Item, "d.region = ?", q.Region, "d.status = ?", q.Status, "d.credit_grade = ?", q.Grade)
	var rows []searchAgencyRow
	if err := s.db.WithContext(ctx).Raw(sql, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: search agencies: %w", err)
	}
	res := &domain.SearchResult{}
	marks := q.Highlights()
	for _, r := range rows {
		res.Total = r.Total
		var err error
		if res.Facets == nil {
			if res.Facets, err = decodeFacets(r.Facets); err != nil {
				return nil, err
			}
		}
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
