package storage_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"marketplace/domain"
	"marketplace/domain/search"
	"marketplace/domain/searchtext"
	"marketplace/storage"
)

// TestSearch_BroadQueriesEstimate lowers the exact-count limit, the
// samples (1/4 and 1/2 of the documents instead of 1/1024 … 1/16) and the
// window slack so that the fixture's broad queries take the estimate
// path, and checks that the page is exactly the page of the exact path
// (same hits, same order, first and later pages, every band of every
// sort, windows that hold the page and windows that must widen), while
// total and facets are flagged as estimates and stay plausible. Queries
// under the limit stay exact.
func TestSearch_BroadQueriesEstimate(t *testing.T) {
	t.Parallel()
	db, m, _ := newSearchWorld(t)
	// spread the fixture over every band: a third of the projects closed
	// (the deadline sort's second band), agencies over several scores
	conn := db.SQL()
	mustExec(t, conn, "UPDATE projects SET status = 'completed' WHERE id % 3 = 0")
	mustExec(t, conn, "UPDATE agency_profiles SET credit_score = 80 + account_id % 7")
	const limit = 5
	cases := []search.Input{
		{Q: "评估"},
		{Q: "评估", Page: domain.Page{PerPage: 3}},
		{Q: "评估", Page: domain.Page{Page: 2, PerPage: 7}},
		{Q: "环评", Sort: search.SortDate},
		{Q: "环评", Sort: search.SortDate, Page: domain.Page{Page: 3, PerPage: 2}},
		{}, // browse: every project
		{Page: domain.Page{Page: 4, PerPage: 5}},
		{Q: "评价", Status: "bidding"},
		{Q: "评估", Sort: search.SortDeadline, Page: domain.Page{PerPage: 30}},
		{Q: "评估", Sort: search.SortDeadline, Page: domain.Page{Page: 3, PerPage: 7}},
		{Sort: search.SortDeadline},
		{Sort: search.SortDeadline, Page: domain.Page{Page: 2, PerPage: 40}},
		{Sort: search.SortDeadline, Status: "bidding", Page: domain.Page{Page: 2, PerPage: 4}},
		{Sort: search.SortDeadline, Status: "completed"},
		{Type: search.Agencies},
		{Type: search.Agencies, Page: domain.Page{Page: 3, PerPage: 4}},
		{Type: search.Agencies, Q: "评估"},
		{Type: search.Agencies, Q: "评估", Page: domain.Page{Page: 2, PerPage: 4}},
		{Type: search.Agencies, Sort: search.SortDate, Page: domain.Page{Page: 2, PerPage: 3}},
		// pages of one or two make the agencies' windows smaller than the table
		{Type: search.Agencies, Page: domain.Page{Page: 2, PerPage: 1}},
		{Type: search.Agencies, Q: "评估", Page: domain.Page{Page: 1, PerPage: 1}},
		{Type: search.Agencies, Q: "评估", Page: domain.Page{Page: 3, PerPage: 2}},
		{Type: search.Agencies, Sort: search.SortDate, Page: domain.Page{Page: 1, PerPage: 2}},
	}
	exact := make([]*search.Result, len(cases))
	for i, in := range cases {
		exact[i] = runSearch(t, m, in)
		if exact[i].TotalIsEstimate {
			t.Fatalf("%+v: estimate under the default limit (total %d)", in, exact[i].Total)
		}
		if exact[i].Total <= limit {
			t.Fatalf("%+v: only %d matches; the case needs more than %d", in, exact[i].Total, limit)
		}
	}
	db.SetSearchExactLimit(limit)
	db.SetSearchWindowSlack(0)
	db.SetSearchSampling([]int{4, 2}, 3)
	t.Cleanup(func() { db.SetSearchExactLimit(0); db.SetSearchWindowSlack(100); db.SetSearchSampling(nil, 0) })
	for i, in := range cases {
		got := runSearch(t, m, in)
		if !got.TotalIsEstimate || got.Total <= limit {
			t.Errorf("%+v: total %d, estimate %v; want an estimate above %d", in, got.Total, got.TotalIsEstimate, limit)
		}
		if len(got.Items) != len(exact[i].Items) {
			t.Errorf("%+v: %d hits, exact path %d", in, len(got.Items), len(exact[i].Items))
			continue
		}
		for j := range got.Items {
			if got.Items[j].ID != exact[i].Items[j].ID || got.Items[j].Title != exact[i].Items[j].Title {
				t.Errorf("%+v: hit %d is %d %q, exact path %d %q", in, j, got.Items[j].ID, got.Items[j].Title,
					exact[i].Items[j].ID, exact[i].Items[j].Title)
				break
			}
		}
		// every sampled facet value is a real one, counted at least once
		for name, vs := range got.Facets {
			real := map[string]bool{}
			for _, fc := range exact[i].Facets[name] {
				real[fc.Value] = true
			}
			for _, fc := range vs {
				if !real[fc.Value] || fc.Count < 1 {
					t.Errorf("%+v: facet %s value %q count %d is not in the exact facets", in, name, fc.Value, fc.Count)
				}
			}
		}
		if len(got.Facets["region"]) == 0 {
			t.Errorf("%+v: no region facet on the estimate path", in)
		}
	}
	// a sample too small for a broad query (1/1024 of 168 projects holds
	// one at most): the exact statement overflows, the answer is "more
	// than the limit", flagged, with the same page
	db.SetSearchSampling([]int{1024}, 3)
	for i, in := range cases[:4] {
		got := runSearch(t, m, in)
		if !got.TotalIsEstimate || got.Total <= limit {
			t.Errorf("%+v with a tiny sample: total %d, estimate %v; want an estimate above %d", in, got.Total, got.TotalIsEstimate, limit)
		}
		for j := range got.Items {
			if j >= len(exact[i].Items) || got.Items[j].ID != exact[i].Items[j].ID {
				t.Errorf("%+v with a tiny sample: hit %d differs from the exact path", in, j)
				break
			}
		}
	}
	db.SetSearchSampling([]int{4, 2}, 3)
	// a narrow query stays exact under the low limit
	narrow := runSearch(t, m, search.Input{Type: search.Agencies, Item: "NAT-08"})
	if narrow.TotalIsEstimate || narrow.Total != 3 {
		t.Errorf("3 agencies offer NAT-08: total %d, estimate %v", narrow.Total, narrow.TotalIsEstimate)
	}
	// a page past the end of a broad query is empty, the total still an estimate
	past := runSearch(t, m, search.Input{Q: "评估", Page: domain.Page{Page: 400, PerPage: 20}})
	if len(past.Items) != 0 || !past.TotalIsEstimate {
		t.Errorf("page past the end: %d items, estimate %v", len(past.Items), past.TotalIsEstimate)
	}
}

// TestSearch_PlansUseTheIndexes checks that every statement of the
// PostgreSQL engine can use the index it was written for: the document
// expression and the sample predicates must be spelled exactly as in
// migrations/00090_search_windows.sql, or the planner silently falls
// back to reading the whole table.
func TestSearch_PlansUseTheIndexes(t *testing.T) {
	t.Parallel()
	db, _, _ := newSearchWorld(t)
	checkSearchPlans(t, db, false)
}

// TestSearch_GenericPlansUseTheIndexes: a search's statements run with
// generic plans (storage/search_pool.go), made once per connection
// without the parameters' values; they must use the same indexes, the
// samples' partial ones included (their predicates are in the text).
func TestSearch_GenericPlansUseTheIndexes(t *testing.T) {
	t.Parallel()
	db, _, _ := newSearchWorld(t)
	checkSearchPlans(t, db, true)
}

// TestSearch_StatementsUseGenericPlans: a search's statements run on
// sessions that plan generically; every other statement, and a search
// inside a transaction (which must see the transaction's writes), keeps
// PostgreSQL's default.
func TestSearch_StatementsUseGenericPlans(t *testing.T) {
	t.Parallel()
	db, _, _ := newSearchWorld(t)
	ctx := context.Background()
	search, other, err := db.SearchSessionSetting(ctx, "plan_cache_mode")
	if err != nil {
		t.Fatal(err)
	}
	if search != "force_generic_plan" || other != "auto" {
		t.Errorf("plan_cache_mode: %q for a search, %q otherwise; want force_generic_plan and auto", search, other)
	}
	err = db.InTx(ctx, func(s domain.Store) error {
		search, other, err := s.(*storage.DB).SearchSessionSetting(ctx, "plan_cache_mode")
		if err == nil && (search != "auto" || other != "auto") {
			t.Errorf("in a transaction, plan_cache_mode: %q for a search, %q otherwise; want auto for both", search, other)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSearch_PingReachesTheSearchPool: readiness checks the searches'
// pool as well, whose connections carry a startup parameter a pooler in
// between may refuse (docs/scaling.md).
func TestSearch_PingReachesTheSearchPool(t *testing.T) {
	t.Parallel()
	db, _, _ := newSearchWorld(t)
	ctx := context.Background()
	if err := db.Ping(ctx); err != nil {
		t.Fatalf("ping: %v", err)
	}
	if err := db.CloseSearchPool(); err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(ctx); err == nil {
		t.Error("ping succeeded with the searches' pool closed")
	}
}

func checkSearchPlans(t *testing.T, db *storage.DB, generic bool) {
	t.Helper()
	plans, err := db.SearchPlans(context.Background(), "环评", generic)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"search_projects sample 1024": {"search_projects_s1024_idx"},
		"search_projects sample 128":  {"search_projects_s128_idx"},
		"search_projects sample 16":   {"search_projects_s16_idx"},
		"search_projects exact":       {"search_projects_doc_idx"},
		"search_projects band":        {"search_projects_doc_idx"},
		"search_agencies sample 1024": {"search_agencies_s1024_idx"},
		"search_agencies sample 128":  {"search_agencies_s128_idx"},
		"search_agencies sample 16":   {"search_agencies_s16_idx"},
		"search_agencies exact":       {"search_agencies_doc_idx"},
		"search_agencies band":        {"search_agencies_doc_idx"},
		"project date window":         {"search_projects_published_idx"},
		"project bidding window":      {"search_projects_bidding_idx"},
		"project closed window":       {"search_projects_closes_idx"},
		"agency score window":         {"search_agencies_score_idx"},
		"agency date window":          {"search_agencies_created_idx"},
	}
	if len(plans) != len(want) {
		t.Errorf("%d plans, want %d", len(plans), len(want))
	}
	for name, idx := range want {
		plan, ok := plans[name]
		if !ok {
			t.Errorf("no plan for %s", name)
			continue
		}
		for _, i := range idx {
			if !strings.Contains(plan, i) {
				t.Errorf("%s does not use %s:\n%s", name, i, plan)
			}
		}
		if strings.Contains(name, "sample") && strings.Contains(plan, "_doc_idx") {
			t.Errorf("%s reads the full index, not the sample's:\n%s", name, plan)
		}
		if strings.Contains(plan, "Seq Scan on search_") {
			t.Errorf("%s reads a whole table:\n%s", name, plan)
		}
	}
}

// TestSearch_FilterValuesAreQuoted: filter values become tsquery lexemes,
// so quotes, backslashes and tsquery operators in them must be taken
// literally (found when they are real, no error either way).
func TestSearch_FilterValuesAreQuoted(t *testing.T) {
	t.Parallel()
	db, m, _ := newSearchWorld(t)
	region := `湖北省'武汉\市 & !x:*`
	mustExec(t, db.SQL(), "UPDATE projects SET region = $1 WHERE id = (SELECT min(id) FROM projects)", region)
	for _, r := range []string{region, `'`, `\`, `a' | 'b`, `!`, `:*`} {
		res := runSearch(t, m, search.Input{Region: r})
		if want := map[bool]int{true: 1, false: 0}[r == region]; res.Total != want {
			t.Errorf("region %q: %d hits, want %d", r, res.Total, want)
		}
	}
}

// TestSearch_SynonymRulesMatchTheDomain: the synonym lexemes of the index
// (migrations/00090, search_synonym_lexemes) must follow
// searchtext.Synonyms, each expansion as the AND of its bigrams, or the
// query 环评 (one lexeme, =环评) would find other documents than its
// expansions.
func TestSearch_SynonymRulesMatchTheDomain(t *testing.T) {
	t.Parallel()
	db, _, _ := newSearchWorld(t)
	conn := db.SQL()
	// the abbreviations the SQL knows are the Go table's keys
	var src string
	if err := conn.QueryRow("SELECT prosrc FROM pg_proc WHERE proname = 'search_synonym_lexemes'").Scan(&src); err != nil {
		t.Fatal(err)
	}
	inSQL := map[string]bool{}
	for _, part := range strings.Split(src, "mark || '=")[1:] {
		abbr, _, _ := strings.Cut(part, "'")
		inSQL[abbr] = true
	}
	for abbr := range searchtext.Synonyms {
		if !inSQL[abbr] {
			t.Errorf("%s is not in search_synonym_lexemes (new migration and reindex needed)", abbr)
		}
		delete(inSQL, abbr)
	}
	for abbr := range inSQL {
		t.Errorf("search_synonym_lexemes knows %s, which domain.SearchSynonyms does not", abbr)
	}
	// each expansion alone yields exactly the abbreviations whose some
	// expansion's bigrams it holds, by the Go table
	for _, exps := range searchtext.Synonyms {
		for _, e := range exps {
			have := map[string]bool{}
			for _, b := range searchtext.Bigrams(e) {
				have[b] = true
			}
			var want []string
			for abbr, others := range searchtext.Synonyms {
				for _, o := range others {
					all := true
					for _, b := range searchtext.Bigrams(o) {
						all = all && have[b]
					}
					if all {
						want = append(want, "="+abbr)
						break
					}
				}
			}
			sort.Strings(want)
			var got string
			if err := conn.QueryRow(`SELECT coalesce(string_agg(l, ' ' ORDER BY l), '')
				FROM unnest(search_synonym_lexemes('', array_to_tsvector(search_tokens($1)))) l`, e).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != strings.Join(want, " ") {
				t.Errorf("%s yields %q, the Go table says %q", e, got, strings.Join(want, " "))
			}
		}
	}
	// on the fixture's documents, =abbreviation finds exactly the
	// documents of the OR of its expansions' bigrams
	found := 0
	for abbr, exps := range searchtext.Synonyms {
		var alts []string
		for _, e := range exps {
			alts = append(alts, "'"+strings.Join(searchtext.Bigrams(e), "' & '")+"'")
		}
		var lexeme, expanded int
		err := db.SQL().QueryRow(`SELECT count(*) FILTER (WHERE v @@ $1::tsquery), count(*) FILTER (WHERE v @@ $2::tsquery)
			FROM (SELECT `+storage.ProjectVectorSQL+` AS v FROM search_projects d) x`, "'="+abbr+"'", strings.Join(alts, " | ")).Scan(&lexeme, &expanded)
		if err != nil {
			t.Fatal(err)
		}
		if lexeme != expanded {
			t.Errorf("%s: the lexeme finds %d projects, its expansions %d", abbr, lexeme, expanded)
		}
		if lexeme > 0 {
			found++
		}
	}
	if found < 5 {
		t.Errorf("only %d abbreviations occur in the fixture; the comparison proves little", found)
	}
}
