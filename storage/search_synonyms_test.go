package storage_test

import (
	"context"
	"reflect"
	"testing"

	"marketplace/domain/searchtext"
	"marketplace/storage"
)

// The synonym table exists once, in Go: a migrated database's rules are the
// Go table's, and a changed table rewrites the function and rebuilds the
// indexes that use it, so the new abbreviation finds its documents through
// the index (the index expression is what the search query matches).
func TestSearchSynonyms_FollowTheDomainTable(t *testing.T) {
	t.Parallel()
	db, _, f := newSearchWorld(t)
	ctx := context.Background()
	rules, err := db.SearchSynonymRulesInDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := storage.SearchSynonymRulesOf(searchtext.Synonyms); !reflect.DeepEqual(rules, want) {
		t.Fatalf("migrated rules differ from domain.SearchSynonyms:\n got %v\nwant %v", rules, want)
	}

	conn := db.SQL()
	mustExec(t, conn, `INSERT INTO projects (owner_id, title, description, item_code, region, funding, method,
		bidding_closes_at, closes_at, service_days, min_bids, status, published_at) VALUES ($1, '青峰隧道通风系统检测', '', 'NAT-01',
		'湖北省武汉市', 'self', 'lowest_price', now() + interval '5 days', now() + interval '5 days', 30, 1, 'bidding', now())`, f.owner)
	count := func(lexeme string) int {
		t.Helper()
		// force the index, as the search does on a large table
		tx, err := conn.Begin()
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if _, err := tx.Exec("SET LOCAL enable_seqscan = off"); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM search_projects d WHERE `+storage.ProjectVectorSQL+` @@ $1::tsquery`, "'="+lexeme+"'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count("通检"); n != 0 {
		t.Fatalf("an abbreviation the table lacks matched %d documents", n)
	}

	changed := map[string][]string{"通检": {"通风系统检测"}}
	for k, v := range searchtext.Synonyms {
		changed[k] = v
	}
	if err := db.SyncSearchSynonyms(ctx, changed); err != nil {
		t.Fatal(err)
	}
	if rules, _ := db.SearchSynonymRulesInDB(ctx); !reflect.DeepEqual(rules, storage.SearchSynonymRulesOf(changed)) {
		t.Fatalf("after the sync the function holds %v", rules)
	}
	if n := count("通检"); n != 1 {
		t.Errorf("the new abbreviation finds %d documents through the rebuilt index, want 1", n)
	}
	if n := count("环评"); n == 0 {
		t.Error("the existing abbreviations were lost")
	}

	if err := db.SyncSearchSynonyms(ctx, searchtext.Synonyms); err != nil {
		t.Fatal(err)
	}
	if n := count("通检"); n != 0 {
		t.Errorf("a removed abbreviation still matches %d documents", n)
	}
}
