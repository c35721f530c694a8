package storage_test

import (
	"testing"

	"marketplace/domain"
)

// TestSearch_BroadQueriesEstimate lowers the exact-count limit (and the
// window slack) so that the fixture's broad queries take the estimate
// path, and checks that the page is exactly the page of the exact path
// (same hits, same order, first and later pages, windows that hold the
// page and windows that must widen), while total and facets are flagged
// as estimates and stay plausible. Sorts without an index order to stop
// early in (deadline, agencies) and queries under the limit stay exact.
func TestSearch_BroadQueriesEstimate(t *testing.T) {
	db, m, _ := newSearchWorld(t)
	const limit = 5
	cases := []domain.SearchInput{
		{Q: "评估"},
		{Q: "评估", Page: domain.Page{PerPage: 3}},
		{Q: "评估", Page: domain.Page{Page: 2, PerPage: 7}},
		{Q: "环评", Sort: domain.SortDate},
		{Q: "环评", Sort: domain.SortDate, Page: domain.Page{Page: 3, PerPage: 2}},
		{}, // browse: every project
		{Page: domain.Page{Page: 4, PerPage: 5}},
		{Q: "评价", Status: "bidding"},
		// exact whatever the count
		{Q: "评估", Sort: domain.SortDeadline, Page: domain.Page{PerPage: 30}},
		{Sort: domain.SortDeadline},
		{Type: domain.SearchAgencies},
		{Type: domain.SearchAgencies, Q: "评估"},
		{Type: domain.SearchAgencies, Sort: domain.SortDate, Page: domain.Page{Page: 2, PerPage: 3}},
	}
	exact := make([]*domain.SearchResult, len(cases))
	for i, in := range cases {
		exact[i] = search(t, m, in)
		if exact[i].TotalIsEstimate {
			t.Fatalf("%+v: estimate under the default limit (total %d)", in, exact[i].Total)
		}
		if exact[i].Total <= limit {
			t.Fatalf("%+v: only %d matches; the case needs more than %d", in, exact[i].Total, limit)
		}
	}
	db.SetSearchExactLimit(limit)
	db.SetSearchWindowSlack(0)
	t.Cleanup(func() { db.SetSearchExactLimit(0); db.SetSearchWindowSlack(100) })
	for i, in := range cases {
		got := search(t, m, in)
		if in.Sort == domain.SortDeadline || in.Type == domain.SearchAgencies {
			if got.TotalIsEstimate || got.Total != exact[i].Total {
				t.Errorf("%+v: total %d, estimate %v; want exactly %d", in, got.Total, got.TotalIsEstimate, exact[i].Total)
			}
		} else if !got.TotalIsEstimate || got.Total <= limit {
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
	// a narrow query stays exact under the low limit
	narrow := search(t, m, domain.SearchInput{Type: domain.SearchAgencies, Item: "NAT-08"})
	if narrow.TotalIsEstimate || narrow.Total != 3 {
		t.Errorf("3 agencies offer NAT-08: total %d, estimate %v", narrow.Total, narrow.TotalIsEstimate)
	}
	// a page past the end of a broad query is empty, the total still an estimate
	past := search(t, m, domain.SearchInput{Q: "评估", Page: domain.Page{Page: 400, PerPage: 20}})
	if len(past.Items) != 0 || !past.TotalIsEstimate {
		t.Errorf("page past the end: %d items, estimate %v", len(past.Items), past.TotalIsEstimate)
	}
}
