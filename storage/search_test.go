package storage_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/search"
	"marketplace/jobs"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

func runSearch(t *testing.T, m *domain.Marketplace, in search.Input) *search.Result {
	t.Helper()
	res, err := m.Search(context.Background(), domain.Actor{}, in)
	if err != nil {
		t.Fatalf("search %+v: %v", in, err)
	}
	return res
}

func newSearchWorld(t *testing.T) (*storage.DB, *domain.Marketplace, *fixture) {
	t.Helper()
	db := storagetest.MustOpen(t)
	return db, domain.NewMarketplace(db, storagetest.FastHasher, domain.HourPeriods()), loadFixture(t, db)
}

func TestSearch_DocumentsFollowTheSource(t *testing.T) {
	t.Parallel()
	db, m, f := newSearchWorld(t)
	conn := db.SQL()
	var id int64
	err := conn.QueryRow(`INSERT INTO projects (owner_id, title, description, item_code, region, funding, method,
		bidding_closes_at, closes_at, service_days, min_bids) VALUES ($1, '蓝湖湿地公园环境影响报告表编制', '草稿', 'NAT-01',
		'湖北省武汉市', 'self', 'lowest_price', now() + interval '5 days', now() + interval '5 days', 30, 1) RETURNING id`, f.owner).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	if got := runSearch(t, m, search.Input{Q: "蓝湖湿地"}).Total; got != 0 {
		t.Fatalf("a draft is searchable: %d hits", got)
	}
	mustExec(t, conn, "UPDATE projects SET status = 'bidding', published_at = now() WHERE id = $1", id)
	res := runSearch(t, m, search.Input{Q: "蓝湖湿地"})
	if res.Total != 1 || res.Items[0].ID != id {
		t.Fatalf("published project not found: %+v", res)
	}
	if got, want := res.Items[0].Title, "<mark>蓝湖湿地</mark>公园环境影响报告表编制"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	mustExec(t, conn, "UPDATE projects SET title = '青山湖湿地公园环境影响报告表编制' WHERE id = $1", id)
	if got := runSearch(t, m, search.Input{Q: "蓝湖湿地"}).Total; got != 0 {
		t.Errorf("old title still found: %d", got)
	}
	if got := runSearch(t, m, search.Input{Q: "青山湖 环评"}).Total; got != 1 {
		t.Errorf("new title not found: %d", got)
	}
	// every change queued an outbox row with a growing version
	var n, versions int64
	conn.QueryRow("SELECT count(*), count(DISTINCT version) FROM outbox WHERE topic = 'search' AND entity = 'project' AND entity_id = $1", id).Scan(&n, &versions)
	if n != 2 || versions != 2 {
		t.Errorf("outbox rows for the project = %d (%d versions), want 2 (publish, retitle)", n, versions)
	}
	// an unrelated update (reverse-auction state) does not touch the document
	mustExec(t, conn, "UPDATE projects SET auction_bids = 3 WHERE id = $1", id)
	conn.QueryRow("SELECT count(*) FROM outbox WHERE entity = 'project' AND entity_id = $1", id).Scan(&n)
	if n != 2 {
		t.Errorf("auction update queued a search change (%d rows)", n)
	}

	// agencies: name, items and profile all feed the document
	aid := fxAccount(t, conn, "agency", "鄂东新锐生态咨询有限公司")
	mustExec(t, conn, "INSERT INTO agency_profiles (account_id, description, region) VALUES ($1, '专注湿地生态修复评估', '湖北省黄冈市') ON CONFLICT (account_id) DO UPDATE SET description = EXCLUDED.description, region = EXCLUDED.region", aid)
	mustExec(t, conn, "INSERT INTO agency_items (agency_id, item_code) VALUES ($1, 'NAT-14')", aid)
	res = runSearch(t, m, search.Input{Q: "湿地生态", Type: search.Agencies})
	if res.Total != 1 || res.Items[0].ID != aid || strings.Join(res.Items[0].ItemCodes, ",") != "NAT-14" || res.Items[0].Region != "湖北省黄冈市" {
		t.Fatalf("agency by description: %+v", res)
	}
	mustExec(t, conn, "UPDATE agency_profiles SET credit_grade = 'C', credit_score = 65 WHERE account_id = $1", aid)
	if res := runSearch(t, m, search.Input{Q: "新锐", Type: search.Agencies, Grade: "C"}); res.Total != 1 {
		t.Errorf("grade change not indexed: %+v", res)
	}
	mustExec(t, conn, "UPDATE accounts SET name = '鄂东新锐环境咨询有限公司' WHERE id = $1", aid)
	if got := runSearch(t, m, search.Input{Q: "新锐环境", Type: search.Agencies}).Total; got != 1 {
		t.Errorf("renamed agency not found: %d", got)
	}
}

func TestSearch_FiltersFacetsSort(t *testing.T) {
	t.Parallel()
	_, m, _ := newSearchWorld(t)
	res := runSearch(t, m, search.Input{Q: "评估", Item: "NAT-06", Page: domain.Page{PerPage: 200}})
	if res.Total == 0 {
		t.Fatal("no 地质灾害 projects")
	}
	for _, h := range res.Items {
		if h.ItemCodes[0] != "NAT-06" || !strings.Contains(h.Title, "<mark>评估</mark>") {
			t.Errorf("hit outside the filter or unmarked: %+v", h)
		}
	}
	if f := res.Facets["item"]; len(f) != 1 || f[0].Value != "NAT-06" || f[0].Count != res.Total {
		t.Errorf("item facet = %+v, want NAT-06:%d", f, res.Total)
	}
	all := runSearch(t, m, search.Input{Q: "评估"})
	sum := 0
	for _, fc := range all.Facets["region"] {
		sum += fc.Count
	}
	if sum != all.Total || len(all.Facets["item"]) < 5 || all.Facets["status"][0].Value != "bidding" {
		t.Errorf("facets %+v do not add up to total %d", all.Facets, all.Total)
	}
	region := all.Facets["region"][0].Value
	for _, h := range runSearch(t, m, search.Input{Q: "评估", Region: region, Page: domain.Page{PerPage: 200}}).Items {
		if h.Region != region {
			t.Errorf("region filter %s let %s through", region, h.Region)
		}
	}
	byDeadline := runSearch(t, m, search.Input{Sort: search.SortDeadline, Page: domain.Page{PerPage: 50}}).Items
	for i := 1; i < len(byDeadline); i++ {
		if byDeadline[i].BiddingClosesAt.Before(*byDeadline[i-1].BiddingClosesAt) {
			t.Fatalf("deadline sort out of order at %d", i)
		}
	}
	byDate := runSearch(t, m, search.Input{Q: "环评", Sort: search.SortDate, Page: domain.Page{PerPage: 50}}).Items
	for i := 1; i < len(byDate); i++ {
		if byDate[i].PublishedAt.After(*byDate[i-1].PublishedAt) {
			t.Fatalf("date sort out of order at %d", i)
		}
	}
	// page 2 keeps the total
	p1 := runSearch(t, m, search.Input{Q: "评估", Page: domain.Page{Page: 1, PerPage: 5}})
	p2 := runSearch(t, m, search.Input{Q: "评估", Page: domain.Page{Page: 2, PerPage: 5}})
	if p1.Total != p2.Total || p1.Items[0].ID == p2.Items[0].ID {
		t.Errorf("paging: p1 total %d, p2 total %d", p1.Total, p2.Total)
	}
	if got := runSearch(t, m, search.Input{Q: "评估", Page: domain.Page{Page: 500, PerPage: 5}}); got.Total != p1.Total || len(got.Items) != 0 {
		t.Errorf("page past the end: total %d, %d items", got.Total, len(got.Items))
	}
	// agencies: grade facet and item filter
	ag := runSearch(t, m, search.Input{Type: search.Agencies, Item: "NAT-08"})
	if ag.Total != 3 || ag.Facets["grade"][0].Value != "A" {
		t.Errorf("agencies offering NAT-08: %+v", ag)
	}
}

func TestSearch_BadQueries(t *testing.T) {
	t.Parallel()
	_, m, _ := newSearchWorld(t)
	for _, q := range []string{"！！！", "...", "—— 、，", "😀"} {
		if res := runSearch(t, m, search.Input{Q: q}); res.Total != 0 || len(res.Items) != 0 {
			t.Errorf("punctuation-only %q matched %d", q, res.Total)
		}
	}
	cases := map[string]search.Input{
		"query_too_long": {Q: strings.Repeat("评", 101)},
		"search_type":    {Type: "bid"},
		"search_sort":    {Sort: "price"},
		"search_status":  {Status: "draft"},
		"search_grade":   {Type: search.Agencies, Grade: "E"},
		"search_filter":  {Grade: "A"},
	}
	for reason, in := range cases {
		_, err := m.Search(context.Background(), domain.Actor{}, in)
		if e, ok := domain.AsError(err); !ok || e.Reason != reason || e.Code != domain.EINVALID {
			t.Errorf("%+v: err = %v, want %s", in, err, reason)
		}
	}
	// markup in data is escaped, never passed through
	db := m.Store.(*storage.DB)
	mustExec(t, db.SQL(), "UPDATE projects SET title = '<b>地质灾害</b>危险性评估' WHERE id = (SELECT min(id) FROM projects)")
	res := runSearch(t, m, search.Input{Q: "地灾", Sort: search.SortDate, Page: domain.Page{PerPage: 200}})
	found := false
	for _, h := range res.Items {
		if strings.Contains(h.Title, "&lt;b&gt;") {
			found = true
			if strings.Contains(h.Title, "<b>") {
				t.Errorf("markup passed through: %s", h.Title)
			}
		}
	}
	if !found {
		t.Error("the project with markup in its title was not found")
	}
}

func TestSearch_SealedBidsNeverFound(t *testing.T) {
	t.Parallel()
	db, m, f := newSearchWorld(t)
	conn := db.SQL()
	var pid, aid int64
	conn.QueryRow("SELECT min(id) FROM projects").Scan(&pid)
	for id, k := range f.agencyKey {
		if k == "lvyuan" {
			aid = id
		}
	}
	const secret = "鲲鹏专属秘密技术方案报价九十八万"
	// Open the project for bidding so that the deadline trigger accepts the bid.
	mustExec(t, conn, `UPDATE projects SET status = 'bidding', bidding_closes_at = now() + interval '1 day',
		closes_at = now() + interval '1 day' WHERE id = $1`, pid)
	mustExec(t, conn, `INSERT INTO bids (project_id, agency_id, price_fen, proposal, service_days, submitted_at, updated_at)
		VALUES ($1, $2, 98000000, $3, 20, now(), now())`, pid, aid, secret)
	mustExec(t, conn, "UPDATE projects SET status = 'evaluating' WHERE id = $1", pid) // even after close
	for _, q := range []string{secret, "鲲鹏", "秘密技术方案", "九十八万", "98000000", "980000"} {
		for _, kind := range []string{search.Projects, search.Agencies} {
			if res := runSearch(t, m, search.Input{Q: q, Type: kind}); res.Total != 0 {
				t.Errorf("bid text %q found in %s search: %+v", q, kind, res.Items)
			}
		}
	}
	var leaked int64
	conn.QueryRow("SELECT count(*) FROM search_projects d WHERE " + storage.ProjectVectorSQL + " @@ '''鲲鹏'''::tsquery OR description LIKE '%鲲鹏%'").Scan(&leaked)
	if leaked != 0 {
		t.Errorf("%d project documents hold the proposal", leaked)
	}
}

func TestMarketplace_SyncSearchJobPostgres(t *testing.T) {
	t.Parallel()
	db, m, _ := newSearchWorld(t)
	ctx := context.Background()
	var pending int
	db.SQL().QueryRow("SELECT count(*) FROM outbox WHERE done_at IS NULL").Scan(&pending)
	if pending == 0 {
		t.Fatal("the fixture queued no outbox rows")
	}
	js := jobs.New(m, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Second)
	run, err := js.RunOnce(ctx, "sync_search")
	if err != nil {
		t.Fatal(err)
	}
	var left int
	db.SQL().QueryRow("SELECT count(*) FROM outbox WHERE done_at IS NULL").Scan(&left)
	// PostgreSQL needs no delivery: rows are marked done, and the run
	// reports no work so that it leaves no job-run record behind
	if left != 0 || run.Rows != 0 {
		t.Errorf("after one run: %d of %d rows pending, run reported %d rows", left, pending, run.Rows)
	}
}

func TestMarketplace_ReindexSearch(t *testing.T) {
	t.Parallel()
	db, m, f := newSearchWorld(t)
	mustExec(t, db.SQL(), "DELETE FROM search_projects")
	mustExec(t, db.SQL(), "UPDATE search_agencies SET name = 'stale'")
	var stages []string
	last := map[string]int{}
	err := m.Searches().Reindex(context.Background(), func(stage string, done, total int) {
		if _, ok := last[stage]; !ok {
			stages = append(stages, stage)
		}
		last[stage] = done
		if done > total {
			t.Errorf("%s: done %d > total %d", stage, done, total)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(stages, ","); got != "postgres projects,postgres agencies" {
		t.Errorf("stages = %s", got)
	}
	if last["postgres projects"] != len(f.projectLabel) {
		t.Errorf("projects reindexed = %d, want %d", last["postgres projects"], len(f.projectLabel))
	}
	if res := runSearch(t, m, search.Input{Q: "地灾"}); res.Total == 0 {
		t.Error("projects not searchable after reindex")
	}
	if res := runSearch(t, m, search.Input{Q: "绿源", Type: search.Agencies}); res.Total != 1 {
		t.Error("agency not restored by reindex")
	}
}
