package domain

import (
	"context"
	"time"

	"marketplace/domain/search"
)

// SearchStore is the search engine and the outbox that keeps an external
// engine in sync (domain/search).
type SearchStore interface {
	search.Engine
	search.Outbox
}

// Searches builds the search context's use cases from the Marketplace's
// current fields (main and the tests set them after NewMarketplace).
func (m *Marketplace) Searches() *search.Service {
	return &search.Service{Store: m.Store, InTx: txOf(m.Store, func(s Store) search.SavedTx { return catalogueTx{s} })}
}

// Search answers a public search over published projects and agency
// profiles (search.Service.Search). Anyone may search.
func (m *Marketplace) Search(ctx context.Context, _ Actor, in search.Input) (*search.Result, error) {
	return m.Searches().Search(ctx, in)
}

// SyncSearchJob is the sync_search job (search.SyncJob).
func (m *Marketplace) SyncSearchJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return search.SyncJob(ctx, s, now)
}

// RefreshProjectSearchBatch is the refresh_project_search job
// (search.RefreshProjectDocs); a store without project documents has
// nothing to do.
func (m *Marketplace) RefreshProjectSearchBatch(ctx context.Context, s Store, _ time.Time) (int, bool, error) {
	ps, ok := s.(search.ProjectDocStore)
	if !ok {
		return 0, false, nil
	}
	return search.RefreshProjectDocs(ctx, ps)
}

// MatchSavedSearchesJob is the match_saved_searches job (search.MatchSavedJob).
func (m *Marketplace) MatchSavedSearchesJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return search.MatchSavedJob(ctx, s, now, m.OpenData.Mailer != nil)
}

// SavedSearchDigestJob is the saved_search_digest job (search.DigestJob).
func (m *Marketplace) SavedSearchDigestJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return search.DigestJob(ctx, s, now, m.OpenData.Mailer != nil)
}
