package storage

import (
	"context"
	"database/sql"
	"fmt"

	"marketplace/domain/opendata"
	"marketplace/domain/search"
)

// searchEngines holds the engine choice, shared by the DB and every
// transaction derived from it. The default (no Meilisearch) is PostgreSQL.
type searchEngines struct {
	// pool runs the PostgreSQL engine's statements (search_pool.go).
	pool       *sql.DB
	meili      *MeiliSearch
	exactLimit int
	// windowSlack is added to the number of documents a broad query's
	// band is first looked for in (tests set it to 0 to make the
	// fixture's windows tight).
	windowSlack int
	// sampleMods and minSample override searchSampling (tests).
	sampleMods []int
	minSample  int
	// common is the document indexes' lexeme frequencies
	// (search_common.go).
	common commonLexemes
}

// The PostgreSQL engine's samples (docs/search.md, "One index answers
// everything"): partial indexes over the documents whose id hashes to a
// multiple of each modulus, a power of two (migrations/00090), coarsest
// first, and how many matches a sample needs before its counts are used
// as the estimate.
var (
	searchSampleMods = []int{1024, 128, 16}
)

const searchMinSample = 64

// sampling returns the sample moduli, coarsest first, and the minimum
// sample.
func (e *searchEngines) sampling() ([]int, int) {
	if len(e.sampleMods) > 0 {
		return e.sampleMods, e.minSample
	}
	return searchSampleMods, searchMinSample
}

// DefaultSearchExactLimit is how many matches the PostgreSQL engine counts
// exactly; above it the total and the facets are estimated from a sample
// (docs/search.md, "One index answers everything").
const DefaultSearchExactLimit = 2000

// SetSearchExactLimit changes the exact-count limit (tests lower it to
// exercise estimates on a small fixture); n <= 0 restores the default.
func (s *DB) SetSearchExactLimit(n int) {
	s.search.exactLimit = n
}

func (e *searchEngines) searchExactLimit() int {
	if e.exactLimit <= 0 {
		return DefaultSearchExactLimit
	}
	return e.exactLimit
}

// UseMeiliSearch makes Meilisearch answer searches and receive the outbox
// (main wires it when MEILI_URL is set). nil restores PostgreSQL.
func (s *DB) UseMeiliSearch(m *MeiliSearch) {
	s.search.meili = m
}

// SearchEngineName implements domain.SearchStore.
func (s *DB) SearchEngineName() string {
	if s.search.meili != nil {
		return "meilisearch"
	}
	return "postgres"
}

// Search implements domain.SearchStore.
func (s *DB) Search(ctx context.Context, q *search.Query) (*search.Result, error) {
	if m := s.search.meili; m != nil {
		return m.Search(ctx, q)
	}
	return s.pgSearch(ctx, q)
}

// SyncSearchDocs implements domain.SearchStore: nothing to do for
// PostgreSQL, whose documents the triggers already updated.
func (s *DB) SyncSearchDocs(ctx context.Context, entries []*opendata.OutboxEntry) (int, error) {
	if m := s.search.meili; m != nil {
		return m.sync(ctx, s, entries)
	}
	return 0, nil
}

// reindexBatch is how many source ids one reindex statement covers.
const reindexBatch = 5000

// ReindexSearch implements domain.SearchStore: it rebuilds the PostgreSQL
// documents id range by id range (each range its own short transaction,
// without outbox rows), then, with Meilisearch, rebuilds its indexes.
func (s *DB) ReindexSearch(ctx context.Context, progress search.ReindexProgress) error {
	for _, t := range []struct{ stage, table, fn, where string }{
		{"projects", "projects", "search_refresh_projects", "true"},
		{"agencies", "accounts", "search_refresh_agencies", "role = 'agency'"},
	} {
		var bounds struct{ Lo, Hi, N int64 }
		if err := s.db.WithContext(ctx).Table(t.table).Where(t.where).
			Select("coalesce(min(id), 0) AS lo, coalesce(max(id), -1) AS hi, count(*) AS n").Scan(&bounds).Error; err != nil {
			return fmt.Errorf("storage: reindex %s: %w", t.stage, err)
		}
		// documents whose source row is gone, outside the range walked below
		for _, r := range [][2]int64{{0, bounds.Lo - 1}, {bounds.Hi + 1, 1 << 62}} {
			if err := s.db.WithContext(ctx).Exec(fmt.Sprintf("SELECT %s(?, ?, false)", t.fn), r[0], r[1]).Error; err != nil {
				return fmt.Errorf("storage: reindex %s: %w", t.stage, err)
			}
		}
		done := 0
		progress("postgres "+t.stage, 0, int(bounds.N))
		for lo := bounds.Lo; lo <= bounds.Hi; lo += reindexBatch {
			hi := lo + reindexBatch - 1
			if err := s.db.WithContext(ctx).Exec(fmt.Sprintf("SELECT %s(?, ?, false)", t.fn), lo, hi).Error; err != nil {
				return fmt.Errorf("storage: reindex %s %d-%d: %w", t.stage, lo, hi, err)
			}
			var n int64
			// progress only: a failed count leaves it short, not the reindex
			s.db.WithContext(ctx).Table(t.table).Where(t.where).Where("id BETWEEN ? AND ?", lo, hi).Count(&n)
			done += int(n)
			progress("postgres "+t.stage, done, int(bounds.N))
		}
	}
	if m := s.search.meili; m != nil {
		return m.reindex(ctx, s, progress)
	}
	return nil
}
