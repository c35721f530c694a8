package storage_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"marketplace/domain"
	"marketplace/domain/search"
	"marketplace/storage/storagetest"
)

// relevanceCase is one query of the relevance set with the test for a
// right answer: a project label (plus a region when set) or an agency.
type relevanceCase struct {
	q, kind, label, region string
	agencies               []string // agency keys, for kind agency
}

var relevanceSet = []relevanceCase{
	{q: "环评", label: "eia"},
	{q: "环境影响评价", label: "eia"},
	{q: "环评报告", label: "eia"},
	{q: "地灾", label: "geo"},
	{q: "地灾评估", label: "geo"},
	{q: "地质灾害危险性评估", label: "geo"},
	{q: "水保", label: "water"},
	{q: "水土保持方案", label: "water"},
	{q: "土壤污染", label: "soil"},
	{q: "土壤 调查", label: "soil"},
	{q: "洪评", label: "flood"},
	{q: "洪水影响评价", label: "flood"},
	{q: "水资源论证", label: "waterres"},
	{q: "压矿", label: "mine"},
	{q: "压覆", label: "mine"},
	{q: "勘测定界", label: "survey"},
	{q: "不动产测绘", label: "estate"},
	{q: "林地", label: "forest"},
	{q: "震评", label: "quake"},
	{q: "地震安全性评价", label: "quake"},
	{q: "气候可行性论证", label: "climate"},
	{q: "雷评", label: "lightning"},
	{q: "防雷", label: "lpd"},
	{q: "文物影响评估", label: "relic"},
	{q: "安评", label: "safety"},
	{q: "安全预评价", label: "safety"},
	{q: "职业病危害", label: "occ"},
	{q: "工程造价", label: "cost"},
	{q: "交评", label: "traffic"},
	{q: "稳评", label: "stability"},
	{q: "社会稳定风险评估", label: "stability"},
	{q: "资产评估", label: "asset"},
	{q: "能评", label: "energy"},
	{q: "可研", label: "feasibility"},
	{q: "可行性研究报告", label: "feasibility"},
	{q: "武汉 环评", label: "eia", region: "武汉"},
	{q: "宜昌 地质灾害", label: "geo", region: "宜昌"},
	{q: "绿源", kind: "agency", agencies: []string{"lvyuan"}},
	{q: "中南勘察", kind: "agency", agencies: []string{"zhongnan"}},
	{q: "楚天测绘", kind: "agency", agencies: []string{"chutian"}},
	{q: "岩土", kind: "agency", agencies: []string{"changjiang", "zhongnan"}},
	{q: "华安", kind: "agency", agencies: []string{"huaan"}},
	{q: "天平评估", kind: "agency", agencies: []string{"tianping"}},
	{q: "环评", kind: "agency", agencies: []string{"lvyuan"}},
	{q: "水保", kind: "agency", agencies: []string{"jianghan"}},
	{q: "测绘", kind: "agency", agencies: []string{"chutian"}},
	{q: "地震", kind: "agency", agencies: []string{"dizhen"}},
}

// ranker returns the top ids for a case.
type ranker func(t *testing.T, c relevanceCase) []int64

func TestSearch_Relevance(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	f := loadFixture(t, db)
	ctx := context.Background()
	mustExec(t, db.SQL(), "CREATE EXTENSION IF NOT EXISTS pg_trgm")
	m := domain.NewMarketplace(db, storagetest.FastHasher, domain.HourPeriods())

	engine := func(synonyms bool) ranker {
		return func(t *testing.T, c relevanceCase) []int64 {
			kind := search.Projects
			if c.kind == "agency" {
				kind = search.Agencies
			}
			in := search.Input{Q: c.q, Type: kind, Page: domain.Page{PerPage: 5}}
			q, err := search.Parse(in)
			if err != nil {
				t.Fatal(err)
			}
			var res *search.Result
			if synonyms { // the whole use case, with its relaxed retry
				res, err = m.Searches().Search(ctx, in)
			} else { // the engine alone, words as typed
				for i := range q.Terms {
					q.Terms[i].Alternatives = q.Terms[i].Alternatives[:1]
				}
				res, err = db.Search(ctx, q)
			}
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, h := range res.Items {
				ids = append(ids, h.ID)
			}
			return ids
		}
	}
	// sqlRanker runs a baseline: every word as ILIKE '%word%' (newest
	// first, as a naive listing does), or pg_trgm word similarity.
	sqlRanker := func(trgm bool) ranker {
		return func(t *testing.T, c relevanceCase) []int64 {
			table, doc, order := "search_projects", "title || ' ' || item_name || ' ' || region || ' ' || description", "published_at DESC"
			if c.kind == "agency" {
				table, doc, order = "search_agencies", "name || ' ' || item_names || ' ' || region || ' ' || description", "credit_score DESC"
			}
			id := strings.TrimPrefix(table, "search_")
			id = map[string]string{"projects": "project_id", "agencies": "agency_id"}[id]
			var where []string
			var args []any
			for i, w := range strings.Fields(c.q) {
				where = append(where, fmt.Sprintf("%s ILIKE '%%' || $%d || '%%'", doc, i+1))
				args = append(args, w)
			}
			sqlText := fmt.Sprintf("SELECT %s FROM %s WHERE %s ORDER BY %s LIMIT 5", id, table, strings.Join(where, " AND "), order)
			if trgm {
				args = []any{c.q}
				sqlText = fmt.Sprintf("SELECT %s FROM %s WHERE $1 <%% (%s) ORDER BY word_similarity($1, %s) DESC, %s LIMIT 5", id, table, doc, doc, order)
			}
			rows, err := db.SQL().QueryContext(ctx, sqlText, args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var ids []int64
			for rows.Next() {
				var x int64
				rows.Scan(&x)
				ids = append(ids, x)
			}
			return ids
		}
	}
	rankers := []struct {
		name string
		run  ranker
	}{
		{"bigram AND + synonyms + relaxed retry (chosen)", engine(true)},
		{"bigram AND only (no synonyms, no retry)", engine(false)},
		{"ILIKE substring, newest first", sqlRanker(false)},
		{"pg_trgm word_similarity", sqlRanker(true)},
	}
	relevant := func(c relevanceCase, id int64) bool {
		if c.kind == "agency" {
			for _, k := range c.agencies {
				if f.agencyKey[id] == k {
					return true
				}
			}
			return false
		}
		return f.projectLabel[id] == c.label && strings.Contains(f.projectRegn[id], c.region)
	}
	nRelevant := func(c relevanceCase) int {
		if c.kind == "agency" {
			return len(c.agencies)
		}
		n := 0
		for id := range f.projectLabel {
			if relevant(c, id) {
				n++
			}
		}
		return n
	}
	scores := make([]float64, len(rankers))
	var misses []string
	for _, c := range relevanceSet {
		denom := min(5, nRelevant(c))
		if denom == 0 {
			t.Fatalf("query %q has no relevant fixture rows", c.q)
		}
		for i, r := range rankers {
			hits := 0
			for _, id := range r.run(t, c) {
				if relevant(c, id) {
					hits++
				}
			}
			p := float64(hits) / float64(denom)
			scores[i] += p
			if i == 0 && p < 1 {
				misses = append(misses, fmt.Sprintf("%s %q P@5=%.2f", c.kind, c.q, p))
			}
		}
	}
	sort.Strings(misses)
	for i, r := range rankers {
		scores[i] /= float64(len(relevanceSet))
		t.Logf("P@5 %-52s %.3f over %d queries", r.name, scores[i], len(relevanceSet))
	}
	for _, m := range misses {
		t.Logf("chosen engine below 1.0: %s", m)
	}
	if len(relevanceSet) < 30 {
		t.Errorf("relevance set has %d queries, want ≥ 30", len(relevanceSet))
	}
	if scores[0] < 0.95 {
		t.Errorf("chosen engine mean P@5 = %.3f, want ≥ 0.95", scores[0])
	}
	for i := 1; i < len(scores); i++ {
		if scores[i] > scores[0] {
			t.Errorf("%s (%.3f) beats the chosen engine (%.3f): revisit the choice", rankers[i].name, scores[i], scores[0])
		}
	}
}
