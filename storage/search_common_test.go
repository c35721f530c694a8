package storage_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"marketplace/domain"
	"marketplace/domain/search"
)

// TestSearch_CommonBigramsCheckedOnTheRow: a long word asks the index for
// its rarest bigrams and checks the common ones on each row's text. The
// rows must be exactly those the whole word matches: a project holding
// every bigram of 社会稳定风险评估 but 评估 is not one of them.
func TestSearch_CommonBigramsCheckedOnTheRow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, m, f := newSearchWorld(t)
	conn := db.SQL()
	// 社会稳定风险评价: 社会 会稳 稳定 定风 风险 险评, no 评估 (nor in the
	// item's name, 工程造价咨询)
	var decoy int64
	err := conn.QueryRow(`INSERT INTO projects (owner_id, title, description, item_code, region, funding, method,
		bidding_closes_at, closes_at, service_days, min_bids, status, published_at) VALUES ($1, '武汉市旧城改造社会稳定风险评价',
		'重大项目社会稳定风险评价，不含其他服务。', 'NAT-17', '湖北省武汉市', 'self', 'lowest_price', now() + interval '5 days',
		now() + interval '5 days', 30, 1, 'bidding', now()) RETURNING id`, f.owner).Scan(&decoy)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, conn, "ANALYZE search_projects, search_agencies")
	db.UseCommonLexemes(true)

	query, contain, err := db.SearchProbe(ctx, "search_projects", "社会稳定风险评估")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(contain, "评估") || strings.Contains(query, "'评估'") {
		t.Fatalf("评估 is in most fixture projects and should be checked on the rows: query %s, checked %v", query, contain)
	}
	if n := strings.Count(query, "'"); n/2 < 2 || len(contain)+n/2 != 7 {
		t.Errorf("query %s and checked %v should split the 7 bigrams, at least 2 in the query", query, contain)
	}

	ids := func(in search.Input) (int, []int64) {
		res := runSearch(t, m, in)
		var out []int64
		for _, h := range res.Items {
			out = append(out, h.ID)
		}
		return res.Total, out
	}
	for _, in := range []search.Input{
		{Q: "社会稳定风险评估", Page: domain.Page{PerPage: 100}},
		{Q: "社会稳定风险评估", Region: "湖北省武汉市", Page: domain.Page{PerPage: 100}},
		{Q: "社会稳定风险评估", Sort: search.SortDeadline, Page: domain.Page{PerPage: 100}},
		{Q: "地质灾害危险性评估 服务", Page: domain.Page{PerPage: 100}},
		{Q: "地质灾害危险性评估", Type: search.Agencies, Page: domain.Page{PerPage: 100}},
		{Q: "社会稳定风险评估", Type: search.Agencies, Page: domain.Page{PerPage: 100}},
	} {
		db.UseCommonLexemes(true)
		total, got := ids(in)
		db.UseCommonLexemes(false)
		wantTotal, want := ids(in)
		if total != wantTotal || !slices.Equal(got, want) {
			t.Errorf("%+v: %d %v with common bigrams checked on the rows, %d %v with every bigram in the index", in, total, got, wantTotal, want)
		}
		if slices.Contains(got, decoy) {
			t.Errorf("%+v: the project without 评估 is found", in)
		}
		if in.Type == "" && in.Region == "" && strings.HasPrefix(in.Q, "社会稳定") && total == 0 {
			t.Errorf("%+v: nothing found", in)
		}
	}
	db.UseCommonLexemes(true)
	if _, contain, _ := db.SearchProbe(ctx, "search_agencies", "地质灾害危险性评估"); len(contain) == 0 {
		t.Errorf("no agency bigram is checked on the rows: the agencies' text check is not exercised")
	}
}

// TestSearch_SampleStartsWhereTheStatisticsExpectMatches: a search whose
// matches the statistics bound below what the coarse sample needs skips
// that sample, and answers the same.
func TestSearch_SampleStartsWhereTheStatisticsExpectMatches(t *testing.T) {
	t.Parallel()
	db, m, _ := newSearchWorld(t)
	mustExec(t, db.SQL(), "ANALYZE search_projects, search_agencies")
	// the fixture's ~170 projects: 1/64 holds a few, 1/4 about forty; an
	// exact limit of 1 keeps every search on the samples
	db.SetSearchSampling([]int{64, 4}, 4)
	db.SetSearchExactLimit(1)
	in := search.Input{Q: "评估", Page: domain.Page{PerPage: 100}}
	run := func(stats bool) (int64, *search.Result) {
		db.UseCommonLexemes(stats)
		runSearch(t, m, in) // reads the statistics
		before := db.Statements()
		res := runSearch(t, m, in)
		return db.Statements() - before, res
	}
	withStats, got := run(true)
	without, want := run(false)
	if withStats != without-1 {
		t.Errorf("%d statements with the statistics, %d without: the 1/64 sample should be skipped", withStats, without)
	}
	if got.Total != want.Total || len(got.Items) != len(want.Items) || got.Total == 0 {
		t.Fatalf("%d hits with the statistics, %d without", got.Total, want.Total)
	}
	for i := range got.Items {
		if got.Items[i].ID != want.Items[i].ID {
			t.Fatalf("hit %d: %d with the statistics, %d without", i, got.Items[i].ID, want.Items[i].ID)
		}
	}
}

// TestSearch_FewMatchesSkipTheFinerSample: a coarse sample that leaves no
// doubt the matches fit the exact limit goes straight to the exact
// statement, with the same answer as after the finer sample.
func TestSearch_FewMatchesSkipTheFinerSample(t *testing.T) {
	t.Parallel()
	db, m, _ := newSearchWorld(t)
	db.UseCommonLexemes(false)
	db.SetSearchSampling([]int{64, 4}, 4)
	in := search.Input{Q: "社会稳定风险评估", Page: domain.Page{PerPage: 100}}
	run := func(limit int) (int64, *search.Result) {
		db.SetSearchExactLimit(limit)
		before := db.Statements()
		res := runSearch(t, m, in)
		return db.Statements() - before, res
	}
	// limit 2000: 1/64 holds at most a few of the nine, so 1/4 is skipped
	skipped, got := run(2000)
	// limit 300: the same few at 1/64 could be more than 300 in all
	sampled, want := run(300)
	if skipped != 2 || sampled != 3 {
		t.Errorf("%d statements with room for every match, %d without: want 2 (1/64, exact) and 3 (1/64, 1/4, exact)", skipped, sampled)
	}
	if got.Total != want.Total || got.TotalIsEstimate || want.TotalIsEstimate || got.Total == 0 {
		t.Fatalf("%d hits (estimate %v) straight from 1/64, %d (estimate %v) after 1/4", got.Total, got.TotalIsEstimate, want.Total, want.TotalIsEstimate)
	}
	for i := range got.Items {
		if got.Items[i].ID != want.Items[i].ID {
			t.Fatalf("hit %d: %d straight from 1/64, %d after 1/4", i, got.Items[i].ID, want.Items[i].ID)
		}
	}
}
