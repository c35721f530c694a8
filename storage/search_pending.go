package storage

import (
	"context"
	"fmt"
)

// Search documents that a bulk write left behind are rebuilt afterwards, a
// batch per transaction, by a SQL function that takes up to limit ids off
// its pending table and answers how many it took and how many documents it
// rebuilt.

// RefreshCreditSearchDocs implements credit.SearchStore: the agencies
// the full recompute changed (credit_search_pending, migration 00370), of
// which it rebuilds the documents whose score or grade lags the profile's,
// and those a catalogue item's rename left (00422).
func (s *DB) RefreshCreditSearchDocs(ctx context.Context, limit int) (taken, rebuilt int, err error) {
	return s.refreshPendingDocs(ctx, "search_refresh_pending_credit", limit)
}

// RefreshProjectSearchDocs implements search.ProjectDocStore: the
// projects whose close was left to it (project_search_pending, migration
// 00400) or whose names a rename changed (project_search_renamed, 00424).
func (s *DB) RefreshProjectSearchDocs(ctx context.Context, limit int) (taken, rebuilt int, err error) {
	return s.refreshPendingDocs(ctx, "search_refresh_pending_projects", limit)
}

// refreshPendingDocs calls one of the functions above; fn is a constant of
// this file, never input.
func (s *DB) refreshPendingDocs(ctx context.Context, fn string, limit int) (taken, rebuilt int, err error) {
	if err := s.db.WithContext(ctx).Raw("SELECT taken, rebuilt FROM "+fn+"(?)", limit).Row().Scan(&taken, &rebuilt); err != nil {
		return 0, 0, fmt.Errorf("storage: %s: %w", fn, outage(err))
	}
	return taken, rebuilt, nil
}
