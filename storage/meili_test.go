package storage_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/opendata"
	"marketplace/domain/search"
	"marketplace/jobs"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

func meiliWorld(t *testing.T) (*storage.DB, *domain.Marketplace, *fakeMeili, *fixture) {
	t.Helper()
	db := storagetest.MustOpen(t)
	f := loadFixture(t, db)
	fake := newFakeMeili(t, "test-key")
	ms, err := storage.NewMeiliSearch(fake.srv.URL, "test-key", storage.WithMeiliIndexPrefix("t_"), storage.WithMeiliPollInterval(time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	db.UseMeiliSearch(ms)
	return db, domain.NewMarketplace(db, storagetest.FastHasher, domain.HourPeriods()), fake, f
}

func drain(t *testing.T, m *domain.Marketplace) int {
	t.Helper()
	js := jobs.New(m, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Second)
	total := 0
	for range 20 {
		run, err := js.RunOnce(context.Background(), "sync_search")
		if err != nil {
			t.Fatal(err)
		}
		if run.Rows == 0 {
			return total
		}
		total += run.Rows
	}
	t.Fatal("outbox never drained")
	return 0
}

func pendingOutbox(t *testing.T, db *storage.DB) (n int, attempts int, lastErr string) {
	t.Helper()
	db.SQL().QueryRow("SELECT count(*), coalesce(max(attempts), 0), coalesce(max(last_error), '') FROM outbox WHERE done_at IS NULL").Scan(&n, &attempts, &lastErr)
	return
}

func TestMeiliSearch_SyncFromOutbox(t *testing.T) {
	t.Parallel()
	db, m, fake, _ := meiliWorld(t)
	if db.SearchEngineName() != "meilisearch" {
		t.Fatalf("engine = %s", db.SearchEngineName())
	}
	drain(t, m)
	if n, _, _ := pendingOutbox(t, db); n != 0 {
		t.Fatalf("%d outbox rows still pending", n)
	}
	// settings first, once per index, with the synonym table and Chinese locale
	settings := fake.requests("PATCH", "/indexes/")
	if len(settings) != 2 || settings[0].Path != "/indexes/t_projects/settings" || settings[1].Path != "/indexes/t_agencies/settings" {
		t.Fatalf("settings requests: %+v", settings)
	}
	var st struct {
		SearchableAttributes []string            `json:"searchableAttributes"`
		FilterableAttributes []string            `json:"filterableAttributes"`
		SortableAttributes   []string            `json:"sortableAttributes"`
		Synonyms             map[string][]string `json:"synonyms"`
		LocalizedAttributes  []struct{ Locales []string }
		TypoTolerance        struct{ Enabled bool }
	}
	if err := json.Unmarshal([]byte(settings[0].Body), &st); err != nil {
		t.Fatal(err)
	}
	if st.SearchableAttributes[0] != "title" || strings.Join(st.FilterableAttributes, ",") != "item_code,region,status,funding" ||
		strings.Join(st.SortableAttributes, ",") != "open,closes_at,published_at" || st.Synonyms["环评"][0] != "环境影响评价" ||
		st.LocalizedAttributes[0].Locales[0] != "cmn" || !st.TypoTolerance.Enabled {
		t.Errorf("project index settings: %s", settings[0].Body)
	}
	adds := fake.requests("POST", "/indexes/t_projects/documents")
	if len(adds) == 0 || adds[0].Query != "primaryKey=id" || adds[0].Auth != "Bearer test-key" {
		t.Fatalf("document requests: %+v", adds)
	}
	var n int
	db.SQL().QueryRow("SELECT count(*) FROM search_projects").Scan(&n)
	if got := len(fake.docs("t_projects")); got != n {
		t.Errorf("meilisearch holds %d projects, want %d", got, n)
	}
	var doc map[string]any
	for _, raw := range fake.docs("t_projects") {
		json.Unmarshal(raw, &doc)
		break
	}
	for _, k := range []string{"id", "version", "title", "description", "item_code", "item_name", "region", "funding", "status", "owner_name", "open", "closes_at", "published_at"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("project document lacks %s: %v", k, doc)
		}
	}
	for k := range doc {
		if strings.Contains(k, "price") || strings.Contains(k, "bid") || strings.Contains(k, "proposal") {
			t.Errorf("project document carries %s", k)
		}
	}
	// every task was polled until it ended (first poll answers "enqueued")
	if polls := len(fake.requests("GET", "/tasks/")); polls < 2*len(fake.tasks) {
		t.Errorf("%d task polls for %d tasks", polls, len(fake.tasks))
	}

	// a deleted project is deleted from the index
	var pid int64
	db.SQL().QueryRow("SELECT max(project_id) FROM search_projects").Scan(&pid)
	mustExec(t, db.SQL(), "DELETE FROM projects WHERE id = $1", pid)
	drain(t, m)
	dels := fake.requests("POST", "/indexes/t_projects/documents/delete-batch")
	if len(dels) != 1 || dels[0].Body != `["`+itoa(pid)+`"]` {
		t.Errorf("delete requests: %+v", dels)
	}
	if _, ok := fake.docs("t_projects")[itoa(pid)]; ok {
		t.Error("deleted project still indexed")
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestMeiliSearch_RetryWithBackoffAndIdempotence(t *testing.T) {
	t.Parallel()
	db, m, fake, _ := meiliWorld(t)
	now := time.Now().UTC().Add(time.Minute).Truncate(time.Microsecond) // after every queued row
	db.Clock().Set(func() time.Time { return now })
	fake.mu.Lock()
	fake.failTasks = true
	fake.mu.Unlock()
	drain(t, m)
	n, attempts, lastErr := pendingOutbox(t, db)
	if n == 0 || attempts != 1 || !strings.Contains(lastErr, "invalid_document_id") {
		t.Fatalf("after a failed push: pending %d, attempts %d, error %q", n, attempts, lastErr)
	}
	var next time.Time
	db.SQL().QueryRow("SELECT min(next_attempt_at) FROM outbox WHERE done_at IS NULL").Scan(&next)
	if !next.Equal(now.Add(opendata.OutboxBackoff(1))) {
		t.Errorf("next attempt at %s, want %s", next, now.Add(opendata.OutboxBackoff(1)))
	}
	if rows := drain(t, m); rows != 0 {
		t.Errorf("rows retried before their backoff ended: %d", rows)
	}
	fake.mu.Lock()
	fake.failTasks = false
	fake.mu.Unlock()
	now = now.Add(opendata.OutboxBackoff(1))
	drain(t, m)
	if n, _, _ := pendingOutbox(t, db); n != 0 {
		t.Fatalf("%d rows pending after the retry", n)
	}
	before := fake.docs("t_projects")
	if len(before) == 0 {
		t.Fatal("nothing indexed after the retry")
	}
	// at-least-once: deliver every row again; the index ends the same
	mustExec(t, db.SQL(), "UPDATE outbox SET done_at = NULL")
	drain(t, m)
	after := fake.docs("t_projects")
	if len(after) != len(before) {
		t.Fatalf("redelivery changed the document count: %d → %d", len(before), len(after))
	}
	for id, d := range before {
		if string(after[id]) != string(d) {
			t.Errorf("redelivery changed document %s", id)
		}
	}
	if d := opendata.OutboxBackoff(30); d != time.Hour {
		t.Errorf("backoff is not capped: %s", d)
	}
}

func TestMeiliSearch_SearchRequestAndResponse(t *testing.T) {
	t.Parallel()
	db, m, fake, _ := meiliWorld(t)
	_ = db
	fake.searchResponse = `{"hits":[{"id":7,"version":3,"title":"武汉市化工园区环境影响报告书编制","description":"环境影响评价 <script>",
		"item_code":"NAT-01","item_name":"环境影响报告书（表）编制","region":"湖北省武汉市","funding":"self","status":"bidding",
		"owner_name":"某集团","awarded_name":"","open":1,"closes_at":1772000000,"published_at":1771000000,
		"_formatted":{"title":"武汉市化工园区` + "\ue000环境影响\ue001" + `报告书编制","description":"` + "\ue000环境影响\ue001" + `评价 <script>"}}],
		"query":"环评","processingTimeMs":2,"hitsPerPage":5,"page":2,"totalPages":3,"totalHits":11,
		"facetDistribution":{"item_code":{"NAT-01":9,"NAT-22":2},"region":{"湖北省武汉市":11},"status":{"bidding":11},"funding":{"self":11}},
		"facetStats":{}}`
	res, err := m.Search(context.Background(), domain.Actor{}, search.Input{Q: "环评", Item: "NAT-01", Region: `湖北"省`,
		Sort: search.SortDeadline, Page: domain.Page{Page: 2, PerPage: 5}})
	if err != nil {
		t.Fatal(err)
	}
	reqs := fake.requests("POST", "/indexes/t_projects/search")
	if len(reqs) != 1 {
		t.Fatalf("search requests: %+v", reqs)
	}
	var body map[string]any
	json.Unmarshal([]byte(reqs[0].Body), &body)
	want := map[string]string{
		"q": `"环评"`, "page": "2", "hitsPerPage": "5", "filter": `["item_code = \"NAT-01\"","region = \"湖北\\\"省\""]`,
		"facets": `["item_code","region","status","funding"]`, "sort": `["open:desc","closes_at:asc"]`,
		"attributesToHighlight": `["title"]`, "attributesToCrop": `["description"]`, "highlightPreTag": `"` + "\ue000" + `"`,
	}
	for k, v := range want {
		got, _ := json.Marshal(body[k])
		if string(got) != v {
			t.Errorf("request %s = %s, want %s", k, got, v)
		}
	}
	if res.Total != 11 || len(res.Items) != 1 || res.Engine != "meilisearch" {
		t.Fatalf("result: %+v", res)
	}
	h := res.Items[0]
	if h.ID != 7 || h.Title != "武汉市化工园区<mark>环境影响</mark>报告书编制" || h.Snippet != "<mark>环境影响</mark>评价 &lt;script&gt;" ||
		h.ItemCodes[0] != "NAT-01" || h.BiddingClosesAt.Unix() != 1772000000 {
		t.Errorf("hit: %+v", h)
	}
	if f := res.Facets["item"]; len(f) != 2 || f[0] != (search.FacetCount{Value: "NAT-01", Count: 9}) {
		t.Errorf("item facet: %+v", res.Facets)
	}
}

func TestMeiliSearch_Reindex(t *testing.T) {
	t.Parallel()
	db, m, fake, f := meiliWorld(t)
	var stages []string
	err := m.Searches().Reindex(context.Background(), func(stage string, done, total int) {
		if len(stages) == 0 || stages[len(stages)-1] != stage {
			stages = append(stages, stage)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(stages, ","); got != "postgres projects,postgres agencies,meilisearch projects,meilisearch agencies" {
		t.Errorf("stages: %s", got)
	}
	if got := len(fake.docs("t_projects")); got != len(f.projectLabel) {
		t.Errorf("reindexed %d projects, want %d", got, len(f.projectLabel))
	}
	if _, ok := fake.docs("t_projects_reindex")[""]; ok || len(fake.indexes["t_projects_reindex"]) != 0 {
		t.Error("temporary index left behind")
	}
	swaps := fake.requests("POST", "/swap-indexes")
	if len(swaps) != 2 || swaps[0].Body != `[{"indexes":["t_projects","t_projects_reindex"],"rename":true}]` {
		t.Fatalf("swap requests: %+v", swaps)
	}
	// a second reindex swaps with the live index and deletes the old one
	if err := m.Searches().Reindex(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	swaps = fake.requests("POST", "/swap-indexes")
	if swaps[2].Body != `[{"indexes":["t_projects","t_projects_reindex"],"rename":false}]` {
		t.Errorf("second swap: %s", swaps[2].Body)
	}
	if _, ok := fake.indexes["t_projects_reindex"]; ok {
		t.Error("old index not deleted after the swap")
	}
	if got := len(fake.docs("t_agencies")); got != len(f.agencyKey) {
		t.Errorf("agencies indexed: %d, want %d", got, len(f.agencyKey))
	}
	_ = db
}
