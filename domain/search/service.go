package search

import (
	"context"
	"time"

	"marketplace/domain/kernel"
	"marketplace/domain/opendata"
)

// OutboxTopic is the outbox topic of search-document changes.
const OutboxTopic = "search"

// syncBatch is how many outbox rows one sync_search run pushes.
const syncBatch = 500

// Service holds the search use cases: public search, the search outbox and
// saved searches. It is cheap to build and holds no state of its own;
// domain.Marketplace builds one per call from its fields.
type Service struct {
	// Store reads outside a transaction.
	Store Store
	// InTx runs a function in one transaction over SavedTx.
	InTx kernel.TxFunc[SavedTx]
}

// Search answers a public search over published projects and agency
// profiles. Anyone may search; nothing confidential is indexed (no bid
// price, proposal or count, no draft, no contact detail).
func (sv *Service) Search(ctx context.Context, in Input) (*Result, error) {
	q, err := Parse(in)
	if err != nil {
		return nil, err
	}
	if q.NoMatch {
		return &Result{Items: []Hit{}, Page: q.Page.Page, PerPage: q.Page.PerPage,
			Facets: map[string][]FacetCount{}, Engine: sv.Store.SearchEngineName()}, nil
	}
	res, err := sv.Store.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	if res.Total == 0 && q.relaxable() {
		// Nothing contains the text as typed: people run words together
		// (天平评估 for 天平资产评估); try them as separate words.
		q.Relaxed = true
		if res, err = sv.Store.Search(ctx, q); err != nil {
			return nil, err
		}
	}
	res.Page, res.PerPage, res.Engine = q.Page.Page, q.Page.PerPage, sv.Store.SearchEngineName()
	if res.Items == nil {
		res.Items = []Hit{}
	}
	if res.Facets == nil {
		res.Facets = map[string][]FacetCount{}
	}
	return res, nil
}

// SyncJob is the sync_search job: it drains the search outbox into the search engine: it claims
// due rows, pushes the current documents they name, and marks them done;
// when the push fails the rows stay pending with a backoff, so delivery is
// at least once. Pushing the latest version makes replays harmless. With
// the PostgreSQL engine the push is a no-op and rows are only marked done.
// Delivered rows older than a day are pruned. The run reports the number of
// documents pushed (or, after a failure, of rows rescheduled).
func SyncJob(ctx context.Context, s Outbox, now time.Time) (int, error) {
	if _, err := s.PruneOutbox(ctx, OutboxTopic, now.Add(-opendata.OutboxRetention)); err != nil {
		return 0, err
	}
	entries, err := s.ClaimOutbox(ctx, OutboxTopic, now, syncBatch)
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
			e.NextAttemptAt = now.Add(opendata.OutboxBackoff(e.Attempts))
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

// Reindex rebuilds every search document from the source tables and,
// with an external engine, its indexes (the `reindex` command). progress
// may be nil.
func (sv *Service) Reindex(ctx context.Context, progress ReindexProgress) error {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	return sv.Store.ReindexSearch(ctx, progress)
}
