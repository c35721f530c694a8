package domain

import (
	"time"

	"marketplace/domain/search"
)

// Search and saved searches live in domain/search. These aliases keep the
// names api/, web/, jobs/ and storage/ already write.

// Types of the search context.
type (
	SearchInput       = search.Input
	SearchQuery       = search.Query
	SearchTerm        = search.Term
	SearchHit         = search.Hit
	FacetCount        = search.FacetCount
	SearchResult      = search.Result
	ReindexProgress   = search.ReindexProgress
	SavedSearch       = search.Saved
	SavedSearchInput  = search.SavedInput
	SavedSearchNotice = search.SavedNotice
	SavedSearchAlert  = search.SavedAlert
	SavedSearchDigest = search.SavedDigest
)

// Search types, sorts and limits.
const (
	SearchProjects    = search.Projects
	SearchAgencies    = search.Agencies
	SortRelevance     = search.SortRelevance
	SortDeadline      = search.SortDeadline
	SortDate          = search.SortDate
	MaxSearchQueryLen = search.MaxQueryLen
	SearchOutboxTopic = search.OutboxTopic
)

// Saved searches: limits, frequencies, kinds of match and alert.
const (
	MaxSavedSearchesPerAccount = search.MaxSavedPerAccount
	MaxSavedSearchNameLen      = search.MaxSavedNameLen
	MaxSavedSearchItems        = search.MaxSavedItems
	MaxSavedSearchRegionLen    = search.MaxSavedRegionLen
	SavedSearchImmediate       = search.Immediate
	SavedSearchDaily           = search.Daily
	SavedSearchPublished       = search.Published
	SavedSearchAmended         = search.Amended
	SavedSearchTopic           = search.SavedTopic
	SavedSearchDigestHour      = search.DigestHour
	SavedSearchAlertKind       = search.AlertKind
	SavedSearchDigestKind      = search.DigestKind
)

// ParseSearchQuery validates a search (search.Parse).
func ParseSearchQuery(in SearchInput) (*SearchQuery, error) { return search.Parse(in) }

// SavedSearchFeedPath is the public path of a saved search's Atom feed.
func SavedSearchFeedPath(token string) string { return search.FeedPathOf(token) }

// SavedSearchDigestBoundary is the latest daily-digest time at or before now.
func SavedSearchDigestBoundary(now time.Time) time.Time { return search.DigestBoundary(now) }
