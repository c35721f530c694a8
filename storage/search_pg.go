package storage

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"marketplace/domain"
)

// snippetWidth is the length of a result's snippet, in characters.
const snippetWidth = 80

// TSQuery renders the parsed query as a PostgreSQL tsquery over the bigram
// lexemes of migrations/00041_search.sql: a Han run is a phrase of its
// bigrams (地质 <-> 质灾 <-> 灾害: the exact substring), a lone Han character
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
	return "(" + strings.Join(bg, " <-> ") + ")"
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
	Total       int
}

type searchAgencyRow struct {
	AgencyID    int64
	Name        string
	Description string
	Region      string
	Status      string
	CreditGrade string
	CreditScore int
	ItemCodes   string // text[] read as its text form
	ItemNames   string
	Total       int
}

type facetRow struct {
	Facet string
	Value string
	N     int
}

// pgSearch is the PostgreSQL engine: GIN-indexed bigram tsvectors in
// search_projects and search_agencies, kept current by triggers.
func (s *DB) pgSearch(ctx context.Context, q *domain.SearchQuery) (*domain.SearchResult, error) {
	if q.Type == domain.SearchAgencies {
		return s.pgSearchAgencies(ctx, q)
	}
	return s.pgSearchProjects(ctx, q)
}

func (s *DB) pgSearchProjects(ctx context.Context, q *domain.SearchQuery) (*domain.SearchResult, error) {
	tq := TSQuery(q)
	var where []string
	args := []any{tq}
	if tq != "" {
		where = append(where, "d.tsv @@ x.tq")
	}
	add := func(cond, v string) {
		if v != "" {
			where = append(where, cond)
			args = append(args, v)
		}
	}
	add("d.item_code = ?", q.Item)
	add("d.region = ?", q.Region)
	add("d.status = ?", q.Status)
	add("d.funding = ?", q.Funding)
	cond := "true"
	if len(where) > 0 {
		cond = strings.Join(where, " AND ")
	}
	order := "d.published_at DESC NULLS LAST, d.project_id DESC"
	switch {
	case q.Sort == domain.SortDeadline:
		order = "(d.status = 'bidding') DESC, d.closes_at ASC, d.project_id"
	case q.Sort == domain.SortRelevance && tq != "":
		order = "ts_rank(d.tsv, x.tq) DESC, " + order
	}
	from := "search_projects d, (SELECT nullif(?, '')::tsquery AS tq) x"
	var rows []searchProjectRow
	sql := fmt.Sprintf(`SELECT d.project_id, d.title, d.description, d.item_code, d.item_name, d.region, d.funding,
		d.status, d.owner_name, d.closes_at, d.published_at, count(*) OVER () AS total
		FROM %s WHERE %s ORDER BY %s LIMIT %d OFFSET %d`, from, cond, order, q.Page.PerPage, q.Page.Offset())
	if err := s.db.WithContext(ctx).Raw(sql, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: search projects: %w", err)
	}
	res := &domain.SearchResult{}
	marks := q.Highlights()
	for _, r := range rows {
		closes := r.ClosesAt
		res.Items = append(res.Items, domain.SearchHit{
			Type: domain.SearchProjects, ID: r.ProjectID, Title: domain.HighlightText(r.Title, marks),
			Snippet:   domain.Snippet(r.Description, marks, snippetWidth),
			ItemCodes: []string{r.ItemCode}, ItemNames: []string{r.ItemName}, Region: r.Region, Status: r.Status,
			Funding: r.Funding, OwnerName: r.OwnerName, BiddingClosesAt: &closes, PublishedAt: r.PublishedAt,
		})
		res.Total = r.Total
	}
	if len(rows) == 0 && q.Page.Page > 1 {
		if err := s.db.WithContext(ctx).Raw("SELECT count(*) FROM "+from+" WHERE "+cond, args...).Scan(&res.Total).Error; err != nil {
			return nil, fmt.Errorf("storage: count search projects: %w", err)
		}
	}
	facets := fmt.Sprintf(`WITH m AS MATERIALIZED (SELECT d.item_code, d.region, d.status, d.funding FROM %s WHERE %s)
		SELECT 'item' AS facet, item_code AS value, count(*) AS n FROM m GROUP BY item_code
		UNION ALL SELECT 'region', region, count(*) FROM m GROUP BY region
		UNION ALL SELECT 'status', status, count(*) FROM m GROUP BY status
		UNION ALL SELECT 'funding', funding, count(*) FROM m GROUP BY funding`, from, cond)
	var err error
	if res.Facets, err = s.facets(ctx, facets, args, "item", "region", "status", "funding"); err != nil {
		return nil, err
	}
	return res, nil
}

func (s *DB) pgSearchAgencies(ctx context.Context, q *domain.SearchQuery) (*domain.SearchResult, error) {
	tq := TSQuery(q)
	var where []string
	args := []any{tq}
	if tq != "" {
		where = append(where, "d.tsv @@ x.tq")
	}
	add := func(cond, v string) {
		if v != "" {
			where = append(where, cond)
			args = append(args, v)
		}
	}
	add("d.item_codes @> ARRAY[?::text]", q.Item)
	add("d.region = ?", q.Region)
	add("d.status = ?", q.Status)
	add("d.credit_grade = ?", q.Grade)
	cond := "true"
	if len(where) > 0 {
		cond = strings.Join(where, " AND ")
	}
	order := "d.credit_score DESC, d.agency_id"
	switch {
	case q.Sort == domain.SortDate:
		order = "d.created_at DESC, d.agency_id DESC"
	case tq != "":
		order = "ts_rank(d.tsv, x.tq) DESC, " + order
	}
	from := "search_agencies d, (SELECT nullif(?, '')::tsquery AS tq) x"
	var rows []searchAgencyRow
	sql := fmt.Sprintf(`SELECT d.agency_id, d.name, d.description, d.region, d.status, d.credit_grade, d.credit_score,
		array_to_string(d.item_codes, ',') AS item_codes, d.item_names, count(*) OVER () AS total
		FROM %s WHERE %s ORDER BY %s LIMIT %d OFFSET %d`, from, cond, order, q.Page.PerPage, q.Page.Offset())
	if err := s.db.WithContext(ctx).Raw(sql, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: search agencies: %w", err)
	}
	res := &domain.SearchResult{}
	marks := q.Highlights()
	for _, r := range rows {
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
		res.Total = r.Total
	}
	if len(rows) == 0 && q.Page.Page > 1 {
		if err := s.db.WithContext(ctx).Raw("SELECT count(*) FROM "+from+" WHERE "+cond, args...).Scan(&res.Total).Error; err != nil {
			return nil, fmt.Errorf("storage: count search agencies: %w", err)
		}
	}
	facets := fmt.Sprintf(`WITH m AS MATERIALIZED (SELECT d.item_codes, d.region, d.status, d.credit_grade FROM %s WHERE %s)
		SELECT 'item' AS facet, c AS value, count(*) AS n FROM m, unnest(m.item_codes) c GROUP BY c
		UNION ALL SELECT 'region', region, count(*) FROM m GROUP BY region
		UNION ALL SELECT 'status', status, count(*) FROM m GROUP BY status
		UNION ALL SELECT 'grade', credit_grade, count(*) FROM m GROUP BY credit_grade`, from, cond)
	var err error
	if res.Facets, err = s.facets(ctx, facets, args, "item", "region", "status", "grade"); err != nil {
		return nil, err
	}
	return res, nil
}

// maxFacetValues bounds each facet's list (regions can be many).
const maxFacetValues = 50

func (s *DB) facets(ctx context.Context, sql string, args []any, names ...string) (map[string][]domain.FacetCount, error) {
	var rows []facetRow
	if err := s.db.WithContext(ctx).Raw(sql, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: search facets: %w", err)
	}
	out := map[string][]domain.FacetCount{}
	for _, n := range names {
		out[n] = []domain.FacetCount{}
	}
	for _, r := range rows {
		if r.Value == "" {
			continue
		}
		out[r.Facet] = append(out[r.Facet], domain.FacetCount{Value: r.Value, Count: r.N})
	}
	for k, v := range out {
		out[k] = topFacets(v)
	}
	return out, nil
}

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
