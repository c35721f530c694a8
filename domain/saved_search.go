package domain

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Saved searches (订阅): an account keeps a search and is alerted when a
// notice matching it is published or amended, at once or in a daily
// digest. The numbers below are the feature's only source for its limits.
const (
	// MaxSavedSearchesPerAccount caps one account's saved searches: every
	// one is matched against every notice.
	MaxSavedSearchesPerAccount = 20
	// MaxSavedSearchNameLen bounds a saved search's name, in characters.
	MaxSavedSearchNameLen = 60
	// MaxSavedSearchItems bounds the service items one search lists.
	MaxSavedSearchItems = 10
	// MaxSavedSearchRegionLen bounds the region prefix, in characters.
	MaxSavedSearchRegionLen = 60
	// savedSearchTokenBytes is the feed token's randomness (256 bits).
	savedSearchTokenBytes = 32
)

// Alert frequencies.
const (
	SavedSearchImmediate = "immediate"
	SavedSearchDaily     = "daily"
)

// Kinds of match: the notice was published, or amended (更正公告).
const (
	SavedSearchPublished = "published"
	SavedSearchAmended   = "amended"
)

// SavedSearchTopic is the outbox topic the audit trigger of
// migrations/00290_saved_searches.sql fills with published and amended
// notices.
const SavedSearchTopic = "saved_search"

// SavedSearch is one account's saved search. Every filter that is set must
// hold: the text (as /api/v1/search reads it, abbreviations included), one
// of the items, the region prefix, the funding and the ceiling range.
type SavedSearch struct {
	ID         int64     `json:"id"`
	AccountID  int64     `json:"-"`
	Name       string    `json:"name"`
	Q          string    `json:"q"`
	Items      []string  `json:"items"`
	Region     string    `json:"region"`
	Funding    string    `json:"funding"`
	CeilingMin *Money    `json:"ceiling_min"`
	CeilingMax *Money    `json:"ceiling_max"`
	Frequency  string    `json:"frequency"`
	FeedToken  string    `json:"feed_token"`
	FeedPath   string    `json:"feed_path"`
	CreatedAt  time.Time `json:"created_at"`
}

// SavedSearchInput is a saved search as the caller gives it.
type SavedSearchInput struct {
	Name       string
	Q          string
	Items      []string
	Region     string
	Funding    string
	CeilingMin *Money
	CeilingMax *Money
	Frequency  string
}

// SavedSearchFeedPath is the public path of a saved search's Atom feed.
func SavedSearchFeedPath(token string) string { return "/feeds/saved-searches/" + token }

// ParsedQuery is the saved text as the search engine reads it.
func (s *SavedSearch) ParsedQuery() (*SearchQuery, error) {
	return ParseSearchQuery(SearchInput{Q: s.Q, Type: SearchProjects})
}

// validate checks in and returns the saved search it describes.
func (in SavedSearchInput) validate() (*SavedSearch, error) {
	s := &SavedSearch{Name: strings.TrimSpace(in.Name), Q: strings.TrimSpace(in.Q), Region: strings.TrimSpace(in.Region),
		Funding: in.Funding, CeilingMin: in.CeilingMin, CeilingMax: in.CeilingMax, Frequency: in.Frequency}
	if s.Frequency == "" {
		s.Frequency = SavedSearchImmediate
	}
	if s.Name == "" {
		s.Name = s.Q
	}
	if s.Name == "" {
		s.Name = "订阅"
	}
	if n := utf8.RuneCountInString(s.Name); n > MaxSavedSearchNameLen {
		return nil, withParams(FieldError("name", "saved_search_name", "The name is %d characters long; at most %d are allowed.", n, MaxSavedSearchNameLen), MaxSavedSearchNameLen)
	}
	if s.Frequency != SavedSearchImmediate && s.Frequency != SavedSearchDaily {
		return nil, FieldError("frequency", "saved_search_frequency", "frequency must be immediate or daily.")
	}
	if utf8.RuneCountInString(s.Region) > MaxSavedSearchRegionLen {
		return nil, withParams(FieldError("region", "saved_search_region", "The region is at most %d characters.", MaxSavedSearchRegionLen), MaxSavedSearchRegionLen)
	}
	q, err := ParseSearchQuery(SearchInput{Q: s.Q, Type: SearchProjects, Funding: s.Funding, Region: s.Region})
	if err != nil {
		return nil, err
	}
	if q.NoMatch {
		return nil, FieldError("q", "saved_search_text", "The keywords have nothing searchable; use words, not only punctuation.")
	}
	if len(in.Items) > MaxSavedSearchItems {
		return nil, withParams(FieldError("items", "saved_search_items", "A saved search lists at most %d service items.", MaxSavedSearchItems), MaxSavedSearchItems)
	}
	seen := map[string]bool{}
	s.Items = []string{}
	for _, it := range in.Items {
		it = strings.TrimSpace(it)
		if it != "" && !seen[it] {
			seen[it] = true
			s.Items = append(s.Items, it)
		}
	}
	for _, m := range []*Money{s.CeilingMin, s.CeilingMax} {
		if m != nil && (*m < 0 || *m > MaxMoney) {
			return nil, FieldError("ceiling_min", "saved_search_ceiling", "The ceiling range holds amounts from 0 to %s yuan.", MaxMoney)
		}
	}
	if s.CeilingMin != nil && s.CeilingMax != nil && *s.CeilingMin > *s.CeilingMax {
		return nil, FieldError("ceiling_max", "saved_search_ceiling_order", "ceiling_max must not be below ceiling_min.")
	}
	if s.Q == "" && len(s.Items) == 0 && s.Region == "" && s.Funding == "" && s.CeilingMin == nil && s.CeilingMax == nil {
		return nil, FieldError("q", "saved_search_empty", "Give at least one condition: keywords, an item, a region, funding or a ceiling range.")
	}
	return s, nil
}

// CreateSavedSearch saves a search for the actor (any logged-in account).
func (m *Marketplace) CreateSavedSearch(ctx context.Context, actor Actor, in SavedSearchInput) (*SavedSearch, error) {
	if actor.IsAnonymous() {
		return nil, Errorf(EUNAUTHORIZED, "login_required", "Log in to save a search.")
	}
	s, err := in.validate()
	if err != nil {
		return nil, err
	}
	var buf [savedSearchTokenBytes]byte
	if _, err := rand.Read(buf[:]); err != nil {
		return nil, err
	}
	s.AccountID, s.FeedToken = actor.ID, hex.EncodeToString(buf[:])
	err = m.Store.InTx(ctx, func(st Store) error {
		for _, code := range s.Items {
			if _, err := st.FindItemByCode(ctx, code, false); err != nil {
				if ErrorCode(err) == ENOTFOUND {
					return FieldError("items", "saved_search_item", "Unknown service item %q.", code)
				}
				return err
			}
		}
		now, err := st.Now(ctx)
		if err != nil {
			return err
		}
		s.CreatedAt = now
		// Counted under a lock on the account, so parallel requests cannot
		// pass the cap together.
		n, err := st.CountSavedSearches(ctx, actor.ID)
		if err != nil {
			return err
		}
		if n >= MaxSavedSearchesPerAccount {
			return withParams(Errorf(ECONFLICT, "saved_search_limit", "An account may keep at most %d saved searches; delete one first.",
				MaxSavedSearchesPerAccount), MaxSavedSearchesPerAccount)
		}
		if err := st.CreateSavedSearch(ctx, s); err != nil {
			return err
		}
		return st.AppendAudit(ctx, NewAudit(actor, "saved_search.created", "saved_search", strconv.FormatInt(s.ID, 10),
			map[string]any{"name": s.Name, "frequency": s.Frequency}))
	})
	if err != nil {
		return nil, err
	}
	s.FeedPath = SavedSearchFeedPath(s.FeedToken)
	return s, nil
}

// SavedSearches lists the actor's saved searches, oldest first.
func (m *Marketplace) SavedSearches(ctx context.Context, actor Actor) ([]*SavedSearch, error) {
	if actor.IsAnonymous() {
		return nil, Errorf(EUNAUTHORIZED, "login_required", "Log in to list your saved searches.")
	}
	list, err := m.Store.FindSavedSearches(ctx, actor.ID)
	for _, s := range list {
		s.FeedPath = SavedSearchFeedPath(s.FeedToken)
	}
	return list, err
}

// DeleteSavedSearch deletes one of the actor's saved searches (another
// account's is not found) with its matches and feed.
func (m *Marketplace) DeleteSavedSearch(ctx context.Context, actor Actor, id int64) error {
	if actor.IsAnonymous() {
		return Errorf(EUNAUTHORIZED, "login_required", "Log in to delete a saved search.")
	}
	return m.Store.InTx(ctx, func(st Store) error {
		ok, err := st.DeleteSavedSearch(ctx, actor.ID, id)
		if err != nil {
			return err
		}
		if !ok {
			return Errorf(ENOTFOUND, "saved_search_not_found", "You have no saved search %s.", strconv.FormatInt(id, 10))
		}
		return st.AppendAudit(ctx, NewAudit(actor, "saved_search.deleted", "saved_search", strconv.FormatInt(id, 10), nil))
	})
}

// withParams gives e the limit it speaks of, for the pages' translations.
func withParams(e *Error, max int) *Error {
	e.Params = map[string]any{"Max": max}
	return e
}
