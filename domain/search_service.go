package domain

import (
	"context"
	"time"

	"marketplace/domain/opendata"
)

// SearchOutboxTopic is the outbox topic of search-document changes.
const SearchOutboxTopic = "search"

// Outbox draining parameters.
const (
	searchSyncBatch = 500
	outboxRetention = opendata.OutboxRetention
)

// Search answers a public search over published projects and agency
// profiles. Anyone may search; nothing confidential is indexed (no bid
// price, proposal or count, no draft, no contact detail).
func (m *Marketplace) Search(ctx context.Context, actor Actor, in SearchInput) (*SearchResult, error) {
	q, err := ParseSearchQuery(in)
	if err != nil {
		return nil, err
	}
	if q.NoMatch {
		return &SearchResult{Items: []SearchHit{}, Page: q.Page.Page, PerPage: q.Page.PerPage,
			Facets: map[string][]FacetCount{}, Engine: m.Store.SearchEngineName()}, nil
	}
	res, err := m.Store.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	if res.Total == 0 && q.relaxable() {
		// Nothing contains the text as typed: people run words together
		// (天平评估 for 天平资产评估); try them as separate words.
		q.Relaxed = true
		if res, err = m.Store.Search(ctx, q); err != nil {
			return nil, err
		}
	}
	res.Page, res.PerPage, res.Engine = q.Page.Page, q.Page.PerPage, m.Store.SearchEngineName()
	if res.Items == nil {
		res.Items = []SearchHit{}
	}
	if res.Facets == nil {
		res.Facets = map[string][]FacetCount{}
	}
	return res, nil
}

// SyncSearchJob drains the search outbox into the search engine: it claims
// due rows, pushes the current documents they name, and marks them done;
// when the push fails the rows stay pending with a backoff, so delivery is
// at least once. Pushing the latest version makes replays harmless. With
// the PostgreSQL engine the push is a no-op and rows are only marked done.
// Delivered rows older than a day are pruned. The run reports the number of
// documents pushed (or, after a failure, of rows rescheduled).
func (m *Marketplace) SyncSearchJob(ctx context.Context, s Store, now time.Time) (int, error) {
	if _, err := s.PruneOutbox(ctx, SearchOutboxTopic, now.Add(-outboxRetention)); err != nil {
		return 0, err
	}
	entries, err := s.ClaimOutbox(ctx, SearchOutboxTopic, now, searchSyncBatch)
	if err != nil || len(entries) == 0 {
		return 0, err
	}
	pushed, pushErr := s.SyncSearchDocs(ctx, entries)
	if pushErr != nil {
		msg := pushErr.Error()
		if len(msg) > 1000 {
			msg = msg[:1000]
		}
		for _, e := range entries {
			e.Attempts++
			e.LastError = msg
			e.NextAttemptAt = now.Add(OutboxBackoff(e.Attempts))
			if err := s.RetryOutbox(ctx, e); err != nil {
				return 0, err
			}
		}
		return len(entries), nil
	}
	ids := make([]int64, len(entries))
	for i, e := range entries {
		ids[i] = e.ID
	}
	if err := s.CompleteOutbox(ctx, ids, now); err != nil {
		return 0, err
	}
	// Only deliveries count as work: with the PostgreSQL engine marking
	// rows done is bookkeeping, and counting it would keep a job-run
	// record for every write to a project or agency.
	return pushed, nil
}

// ReindexSearch rebuilds every search document from the source tables and,
// with an external engine, its indexes (the `reindex` command). progress
// may be nil.
func (m *Marketplace) ReindexSearch(ctx context.Context, progress ReindexProgress) error {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	return m.Store.ReindexSearch(ctx, progress)
}
