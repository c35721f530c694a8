package search

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// Saved searches (订阅): an account keeps a search and is alerted when a
// notice matching it is published or amended, at once or in a daily
// digest. The numbers below are the feature's only source for its limits.
const (
	// MaxSavedPerAccount caps one account's saved searches: every
	// one is matched against every notice.
	MaxSavedPerAccount = 20
	// MaxSavedNameLen bounds a saved search's name, in characters.
	MaxSavedNameLen = 60
	// MaxSavedItems bounds the service items one search lists.
	MaxSavedItems = 10
	// MaxSavedRegionLen bounds the region prefix, in characters.
	MaxSavedRegionLen = 60
	// feedTokenBytes is the feed token's randomness (256 bits).
	feedTokenBytes = 32
)

// Alert frequencies.
const (
	Immediate = "immediate"
	Daily     = "daily"
)

// Kinds of match: the notice was published, or amended (更正公告).
const (
	Published = "published"
	Amended   = "amended"
)

// SavedTopic is the outbox topic the audit trigger of
// migrations/00290_saved_searches.sql fills with published and amended
// notices.
const SavedTopic = "saved_search"

// Saved is one account's saved search. Every filter that is set must
// hold: the text (as /api/v1/search reads it, abbreviations included), one
// of the items, the region prefix, the funding and the ceiling range.
type Saved struct {
	ID         int64         `json:"id"`
	AccountID  int64         `json:"-"`
	Name       string        `json:"name"`
	Q          string        `json:"q"`
	Items      []string      `json:"items"`
	Region     string        `json:"region"`
	Funding    string        `json:"funding"`
	CeilingMin *kernel.Money `json:"ceiling_min"`
	CeilingMax *kernel.Money `json:"ceiling_max"`
	Frequency  string        `json:"frequency"`
	FeedToken  string        `json:"feed_token"`
	FeedPath   string        `json:"feed_path"`
	CreatedAt  time.Time     `json:"created_at"`
}

// SavedInput is a saved search as the caller gives it.
type SavedInput struct {
	Name       string
	Q          string
	Items      []string
	Region     string
	Funding    string
	CeilingMin *kernel.Money
	CeilingMax *kernel.Money
	Frequency  string
}

// FeedPathOf is the public path of a saved search's Atom feed.
func FeedPathOf(token string) string { return "/feeds/saved-searches/" + token }

// ParsedQuery is the saved text as the search engine reads it.
func (s *Saved) ParsedQuery() (*Query, error) {
	return Parse(Input{Q: s.Q, Type: Projects})
}

// validate checks in and returns the saved search it describes.
func (in SavedInput) validate() (*Saved, error) {
	s := &Saved{Name: strings.TrimSpace(in.Name), Q: strings.TrimSpace(in.Q), Region: strings.TrimSpace(in.Region),
		Funding: in.Funding, CeilingMin: in.CeilingMin, CeilingMax: in.CeilingMax, Frequency: in.Frequency}
	if s.Frequency == "" {
		s.Frequency = Immediate
	}
	if s.Name == "" {
		s.Name = s.Q
	}
	if s.Name == "" {
		s.Name = "订阅"
	}
	if n := utf8.RuneCountInString(s.Name); n > MaxSavedNameLen {
		return nil, kernel.FieldError("name", "saved_search_name", "The name is %d characters long; at most %d are allowed.", n, MaxSavedNameLen).WithMax(MaxSavedNameLen)
	}
	if s.Frequency != Immediate && s.Frequency != Daily {
		return nil, kernel.FieldError("frequency", "saved_search_frequency", "frequency must be immediate or daily.")
	}
	if utf8.RuneCountInString(s.Region) > MaxSavedRegionLen {
		return nil, kernel.FieldError("region", "saved_search_region", "The region is at most %d characters.", MaxSavedRegionLen).WithMax(MaxSavedRegionLen)
	}
	q, err := Parse(Input{Q: s.Q, Type: Projects, Funding: s.Funding, Region: s.Region})
	if err != nil {
		return nil, err
	}
	if q.NoMatch {
		return nil, kernel.FieldError("q", "saved_search_text", "The keywords have nothing searchable; use words, not only punctuation.")
	}
	if len(in.Items) > MaxSavedItems {
		return nil, kernel.FieldError("items", "saved_search_items", "A saved search lists at most %d service items.", MaxSavedItems).WithMax(MaxSavedItems)
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
	for _, m := range []*kernel.Money{s.CeilingMin, s.CeilingMax} {
		if m != nil && (*m < 0 || *m > kernel.MaxMoney) {
			return nil, kernel.FieldError("ceiling_min", "saved_search_ceiling", "The ceiling range holds amounts from 0 to %s yuan.", kernel.MaxMoney)
		}
	}
	if s.CeilingMin != nil && s.CeilingMax != nil && *s.CeilingMin > *s.CeilingMax {
		return nil, kernel.FieldError("ceiling_max", "saved_search_ceiling_order", "ceiling_max must not be below ceiling_min.")
	}
	if s.Q == "" && len(s.Items) == 0 && s.Region == "" && s.Funding == "" && s.CeilingMin == nil && s.CeilingMax == nil {
		return nil, kernel.FieldError("q", "saved_search_empty", "Give at least one condition: keywords, an item, a region, funding or a ceiling range.")
	}
	return s, nil
}

// CreateSaved saves a search for the actor (any logged-in account).
func (sv *Service) CreateSaved(ctx context.Context, actor kernel.Actor, in SavedInput) (*Saved, error) {
	if actor.IsAnonymous() {
		return nil, kernel.Errorf(kernel.EUNAUTHORIZED, "login_required", "Log in to save a search.")
	}
	s, err := in.validate()
	if err != nil {
		return nil, err
	}
	var buf [feedTokenBytes]byte
	if _, err := rand.Read(buf[:]); err != nil {
		return nil, err
	}
	s.AccountID, s.FeedToken = actor.ID, hex.EncodeToString(buf[:])
	err = sv.InTx(ctx, func(st SavedTx) error {
		for _, code := range s.Items {
			ok, err := st.ItemExists(ctx, code)
			if err != nil {
				return err
			}
			if !ok {
				return kernel.FieldError("items", "saved_search_item", "Unknown service item %q.", code)
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
		if n >= MaxSavedPerAccount {
			return kernel.Errorf(kernel.ECONFLICT, "saved_search_limit", "An account may keep at most %d saved searches; delete one first.",
				MaxSavedPerAccount).WithMax(MaxSavedPerAccount)
		}
		if err := st.CreateSavedSearch(ctx, s); err != nil {
			return err
		}
		return st.AppendAudit(ctx, kernel.NewAudit(actor, "saved_search.created", "saved_search", strconv.FormatInt(s.ID, 10),
			map[string]any{"name": s.Name, "frequency": s.Frequency}))
	})
	if err != nil {
		return nil, err
	}
	s.FeedPath = FeedPathOf(s.FeedToken)
	return s, nil
}

// ListSaved lists the actor's saved searches, oldest first.
func (sv *Service) ListSaved(ctx context.Context, actor kernel.Actor) ([]*Saved, error) {
	if actor.IsAnonymous() {
		return nil, kernel.Errorf(kernel.EUNAUTHORIZED, "login_required", "Log in to list your saved searches.")
	}
	list, err := sv.Store.FindSavedSearches(ctx, actor.ID)
	for _, s := range list {
		s.FeedPath = FeedPathOf(s.FeedToken)
	}
	return list, err
}

// DeleteSaved deletes one of the actor's saved searches (another
// account's is not found) with its matches and feed.
func (sv *Service) DeleteSaved(ctx context.Context, actor kernel.Actor, id int64) error {
	if actor.IsAnonymous() {
		return kernel.Errorf(kernel.EUNAUTHORIZED, "login_required", "Log in to delete a saved search.")
	}
	return sv.InTx(ctx, func(st SavedTx) error {
		ok, err := st.DeleteSavedSearch(ctx, actor.ID, id)
		if err != nil {
			return err
		}
		if !ok {
			return kernel.Errorf(kernel.ENOTFOUND, "saved_search_not_found", "You have no saved search %s.", strconv.FormatInt(id, 10))
		}
		return st.AppendAudit(ctx, kernel.NewAudit(actor, "saved_search.deleted", "saved_search", strconv.FormatInt(id, 10), nil))
	})
}
