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

// SavedSearchStore persists saved searches, their matches and digests.
type SavedSearchStore = search.SavedStore

// searches builds the search context's use cases from the Marketplace's
// current fields (main and the tests set them after NewMarketplace).
func (m *Marketplace) searches() *search.Service {
	return &search.Service{Store: m.Store, InTx: txOf(m.Store, func(s Store) search.SavedTx { return catalogueTx{s} })}
}

// Search answers a public search over published projects and agency
// profiles (search.Service.Search). Anyone may search.
func (m *Marketplace) Search(ctx context.Context, _ Actor, in SearchInput) (*SearchResult, error) {
	return m.searches().Search(ctx, in)
}

// SyncSearchJob is the sync_search job (search.SyncJob).
func (m *Marketplace) SyncSearchJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return search.SyncJob(ctx, s, now)
}

// ReindexSearch rebuilds every search document (the `reindex` command).
func (m *Marketplace) ReindexSearch(ctx context.Context, progress ReindexProgress) error {
	return m.searches().Reindex(ctx, progress)
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

// CreateSavedSearch saves a search for the actor (any logged-in account).
func (m *Marketplace) CreateSavedSearch(ctx context.Context, actor Actor, in SavedSearchInput) (*SavedSearch, error) {
	return m.searches().CreateSaved(ctx, actor, in)
}

// SavedSearches lists the actor's saved searches, oldest first.
func (m *Marketplace) SavedSearches(ctx context.Context, actor Actor) ([]*SavedSearch, error) {
	return m.searches().ListSaved(ctx, actor)
}

// DeleteSavedSearch deletes one of the actor's saved searches.
func (m *Marketplace) DeleteSavedSearch(ctx context.Context, actor Actor, id int64) error {
	return m.searches().DeleteSaved(ctx, actor, id)
}

// MatchSavedSearchesJob is the match_saved_searches job (search.MatchSavedJob).
func (m *Marketplace) MatchSavedSearchesJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return search.MatchSavedJob(ctx, s, now, m.OpenData.Mailer != nil)
}

// SavedSearchDigestJob is the saved_search_digest job (search.DigestJob).
func (m *Marketplace) SavedSearchDigestJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return search.DigestJob(ctx, s, now, m.OpenData.Mailer != nil)
}

// SavedSearchFeed reads the saved search behind a feed token and its
// latest matched notices.
func (m *Marketplace) SavedSearchFeed(ctx context.Context, token string) (*SavedSearch, []SavedSearchNotice, error) {
	return m.searches().Feed(ctx, token)
}
