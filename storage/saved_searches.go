package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"marketplace/domain"
)

// savedSearchRow is a row of saved_searches (migrations/00290).
type savedSearchRow struct {
	ID            int64
	AccountID     int64
	Name          string
	Q             string
	ItemCodes     string // JSON array
	Region        string
	Funding       string
	CeilingMinFen *int64
	CeilingMaxFen *int64
	Frequency     string
	FeedToken     string
	CreatedAt     time.Time
}

const savedSearchColumns = `id, account_id, name, q, array_to_json(item_codes)::text AS item_codes, region, funding,
	ceiling_min_fen, ceiling_max_fen, frequency, feed_token, created_at`

func (r *savedSearchRow) toDomain() *domain.SavedSearch {
	s := &domain.SavedSearch{ID: r.ID, AccountID: r.AccountID, Name: r.Name, Q: r.Q, Region: r.Region, Funding: r.Funding,
		Frequency: r.Frequency, FeedToken: r.FeedToken, CreatedAt: r.CreatedAt.UTC(), Items: []string{}}
	_ = json.Unmarshal([]byte(r.ItemCodes), &s.Items)
	if r.CeilingMinFen != nil {
		m := domain.Money(*r.CeilingMinFen)
		s.CeilingMin = &m
	}
	if r.CeilingMaxFen != nil {
		m := domain.Money(*r.CeilingMaxFen)
		s.CeilingMax = &m
	}
	return s
}

func moneyFen(m *domain.Money) *int64 {
	if m == nil {
		return nil
	}
	v := int64(*m)
	return &v
}

// CountSavedSearches implements domain.SavedSearchStore. The lock and the
// count are two statements: under READ COMMITTED a statement that waited
// for the lock would still count from the snapshot it started with, and
// miss the rows the lock holder just committed.
func (s *DB) CountSavedSearches(ctx context.Context, accountID int64) (int, error) {
	db := s.db.WithContext(ctx)
	if err := db.Exec("SELECT 1 FROM accounts WHERE id = ? FOR UPDATE", accountID).Error; err != nil {
		return 0, fmt.Errorf("storage: lock account %d: %w", accountID, err)
	}
	var n int
	if err := db.Raw("SELECT count(*) FROM saved_searches WHERE account_id = ?", accountID).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("storage: count saved searches: %w", err)
	}
	return n, nil
}

// CreateSavedSearch implements domain.SavedSearchStore. The text is frozen
// as the tsquery /api/v1/search would run (TSQuery: the same tokens and
// abbreviation expansions), so matching needs no Go per search.
func (s *DB) CreateSavedSearch(ctx context.Context, ss *domain.SavedSearch) error {
	q, err := ss.ParsedQuery()
	if err != nil {
		return err
	}
	err = s.db.WithContext(ctx).Raw(`INSERT INTO saved_searches (account_id, name, q, text_query, item_codes, region, funding,
			ceiling_min_fen, ceiling_max_fen, frequency, feed_token, created_at)
		VALUES (?, ?, ?, ?, CAST(? AS text[]), ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		ss.AccountID, ss.Name, ss.Q, TSQuery(q), textArray(ss.Items), ss.Region, ss.Funding, moneyFen(ss.CeilingMin),
		moneyFen(ss.CeilingMax), ss.Frequency, ss.FeedToken, ss.CreatedAt).Scan(&ss.ID).Error
	if err != nil {
		return fmt.Errorf("storage: create saved search: %w", err)
	}
	return nil
}

// FindSavedSearches implements domain.SavedSearchStore.
func (s *DB) FindSavedSearches(ctx context.Context, accountID int64) ([]*domain.SavedSearch, error) {
	var rows []savedSearchRow
	err := s.db.WithContext(ctx).Raw(`SELECT `+savedSearchColumns+` FROM saved_searches WHERE account_id = ? ORDER BY id`, accountID).
		Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find saved searches: %w", err)
	}
	out := make([]*domain.SavedSearch, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// DeleteSavedSearch implements domain.SavedSearchStore.
func (s *DB) DeleteSavedSearch(ctx context.Context, accountID, id int64) (bool, error) {
	res := s.db.WithContext(ctx).Exec(`DELETE FROM saved_searches WHERE id = ? AND account_id = ?`, id, accountID)
	if res.Error != nil {
		return false, fmt.Errorf("storage: delete saved search %d: %w", id, res.Error)
	}
	return res.RowsAffected > 0, nil
}

// FindSavedSearchByToken implements domain.SavedSearchStore.
func (s *DB) FindSavedSearchByToken(ctx context.Context, token string) (*domain.SavedSearch, error) {
	var rows []savedSearchRow
	err := s.db.WithContext(ctx).Raw(`SELECT `+savedSearchColumns+` FROM saved_searches WHERE feed_token = ?`, token).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find saved search by token: %w", err)
	}
	if len(rows) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "feed_not_found", "No such feed.")
	}
	return rows[0].toDomain(), nil
}

// FindSavedSearchNotices implements domain.SavedSearchStore. Only notices
// that are public (published, never a draft) and only their public facts
// are read; nothing of any bid.
func (s *DB) FindSavedSearchNotices(ctx context.Context, savedSearchID int64, limit int) ([]domain.SavedSearchNotice, error) {
	var out []domain.SavedSearchNotice
	err := s.db.WithContext(ctx).Raw(`SELECT p.id AS project_id, p.title, p.description, ci.name AS item_name, p.region,
			m.kind, m.matched_at, p.published_at
		FROM saved_search_matches m
		JOIN projects p ON p.id = m.project_id
		JOIN catalogue_items ci ON ci.code = p.item_code
		WHERE m.saved_search_id = ? AND p.published_at IS NOT NULL AND p.status <> 'draft'
		ORDER BY m.matched_at DESC, m.id DESC LIMIT ?`, savedSearchID, limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find saved search notices: %w", err)
	}
	return out, nil
}

// matchSavedSearchesSQL and sendDigestsSQL: queries/saved_searches_*.sql.
// The match reads a notice's search document through the index expression
// itself, so it must quote ProjectVectorSQL verbatim; the package refuses to
// load otherwise.
var (
	matchSavedSearchesSQL = loadQuery("saved_searches_match")
	sendDigestsSQL        = loadQuery("saved_searches_send_digests")
)

func init() {
	if !strings.Contains(matchSavedSearchesSQL, ProjectVectorSQL) {
		panic("storage: queries/saved_searches_match.sql does not use the search index expression ProjectVectorSQL")
	}
}

// MatchSavedSearches implements domain.SavedSearchStore.
func (s *DB) MatchSavedSearches(ctx context.Context, a domain.SavedSearchAlert, mail bool) (int, error) {
	var n int
	err := s.db.WithContext(ctx).Raw(matchSavedSearchesSQL, map[string]any{"pid": a.ProjectID, "kind": a.Kind, "now": a.Now,
		"nkind": a.NotificationKind, "title": a.Title, "mail": mail}).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("storage: match saved searches for project %d: %w", a.ProjectID, err)
	}
	return n, nil
}

// SendSavedSearchDigests implements domain.SavedSearchStore.
func (s *DB) SendSavedSearchDigests(ctx context.Context, d domain.SavedSearchDigest, mail bool) (int, error) {
	var n int
	err := s.db.WithContext(ctx).Raw(sendDigestsSQL, map[string]any{"before": d.Before, "day": d.Day, "now": d.Now,
		"nkind": d.NotificationKind, "title": d.Title, "mail": mail}).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("storage: send saved search digests: %w", err)
	}
	return n, nil
}
