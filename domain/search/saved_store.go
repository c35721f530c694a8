package search

import (
	"context"
	"time"
)

// SavedStore persists saved searches, their matches and digests.
type SavedStore interface {
	// CountSavedSearches counts the account's saved searches after locking
	// the account row, so that a cap checked on it holds under concurrency.
	CountSavedSearches(ctx context.Context, accountID int64) (int, error)
	// CreateSavedSearch inserts s (setting its ID) with the tsquery of its text.
	CreateSavedSearch(ctx context.Context, s *Saved) error
	// FindSavedSearches lists the account's saved searches, oldest first.
	FindSavedSearches(ctx context.Context, accountID int64) ([]*Saved, error)
	// DeleteSavedSearch deletes the account's search id and reports whether it existed.
	DeleteSavedSearch(ctx context.Context, accountID, id int64) (bool, error)
	// FindSavedSearchByToken reads the search whose feed token is token (ENOTFOUND).
	FindSavedSearchByToken(ctx context.Context, token string) (*Saved, error)
	// FindSavedSearchNotices lists the published notices the search
	// matched, newest match first, at most limit.
	FindSavedSearchNotices(ctx context.Context, savedSearchID int64, limit int) ([]SavedNotice, error)
	// MatchSavedSearches records, in one statement, a match of every saved
	// search the notice of a.ProjectID satisfies (once per search, notice
	// and kind) and writes the in-app alert of each immediate one (queuing
	// its e-mail when mail is set). It returns the matches recorded.
	MatchSavedSearches(ctx context.Context, a SavedAlert, mail bool) (int, error)
	// SendSavedSearchDigests collects every pending match made before
	// before into one notification per account (dedupe key from day),
	// marks them sent, and returns the number of digests written.
	SendSavedSearchDigests(ctx context.Context, d SavedDigest, mail bool) (int, error)
}

// SavedNotice is one entry of a saved search's feed: only public
// facts of a published notice.
type SavedNotice struct {
	ProjectID   int64
	Title       string
	Description string
	ItemName    string
	Region      string
	Kind        string
	MatchedAt   time.Time
	PublishedAt time.Time
}

// SavedAlert is one notice event to match, with the alert's wording.
type SavedAlert struct {
	ProjectID int64
	Kind      string
	Now       time.Time
	// NotificationKind and Title are the in-app alert's kind and title
	// (the saved search's name is appended).
	NotificationKind, Title string
}

// SavedDigest is one run of the daily digest.
type SavedDigest struct {
	Before           time.Time // matches made before this instant are collected
	Day              string    // the digest's day (YYYY-MM-DD, Beijing time), in its dedupe key
	Now              time.Time
	NotificationKind string
	Title            string
}
