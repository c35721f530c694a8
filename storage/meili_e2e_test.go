package storage_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"marketplace/domain"
	"marketplace/domain/search"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// TestMeiliSearch_EndToEnd runs the engine against a real Meilisearch
// server: MEILI_URL (and MEILI_API_KEY) must name one. None can be
// installed on the development machines, so without it the test reports
// itself skipped, with the reason, rather than passing.
func TestMeiliSearch_EndToEnd(t *testing.T) {
	t.Parallel()
	url := os.Getenv("MEILI_URL")
	if url == "" {
		t.Skip("MEILI_URL is not set: no Meilisearch server to test against (the adapter's requests are checked against a fake in TestMeiliSearch_*)")
	}
	key := os.Getenv("MEILI_API_KEY")
	ctx := context.Background()
	db := storagetest.MustOpen(t)
	f := loadFixture(t, db)
	prefix := fmt.Sprintf("e2e_%d_", time.Now().UnixNano())
	ms, err := storage.NewMeiliSearch(url, key, storage.WithMeiliIndexPrefix(prefix))
	if err != nil {
		t.Fatal(err)
	}
	db.UseMeiliSearch(ms)
	t.Cleanup(func() {
		opts := []meilisearch.Option{}
		if key != "" {
			opts = append(opts, meilisearch.WithAPIKey(key))
		}
		c := meilisearch.New(url, opts...)
		c.DeleteIndex(ctx, prefix+"projects")
		c.DeleteIndex(ctx, prefix+"agencies")
	})
	m := domain.NewMarketplace(db, storagetest.FastHasher, domain.HourPeriods())
	if err := m.Searches().Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	drain(t, m)
	res, err := m.Searches().Search(ctx, search.Input{Q: "环评", Page: domain.Page{PerPage: 5}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total == 0 || len(res.Facets["item"]) == 0 {
		t.Fatalf("环评 on Meilisearch: %+v", res)
	}
	for _, h := range res.Items {
		if f.projectLabel[h.ID] != "eia" {
			t.Errorf("环评 found %q", h.Title)
		}
	}
	res, err = m.Searches().Search(ctx, search.Input{Q: "绿源", Type: search.Agencies})
	if err != nil || res.Total != 1 {
		t.Fatalf("agency by partial name: %+v, %v", res, err)
	}
	res, err = m.Searches().Search(ctx, search.Input{Q: "评估", Item: "NAT-06", Sort: search.SortDeadline})
	if err != nil || res.Total == 0 {
		t.Fatalf("filtered, sorted search: %+v, %v", res, err)
	}
	for _, h := range res.Items {
		if h.ItemCodes[0] != "NAT-06" {
			t.Errorf("filter let %s through", h.ItemCodes[0])
		}
	}
}
