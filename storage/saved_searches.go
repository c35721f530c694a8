package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/search"
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

// savedSearches selects saved_searches as savedSearchRow reads it: the
// item codes as a JSON array, which needs no array type on the Go side.
func savedSearches(db *gorm.DB) *gorm.DB {
	return db.Table("saved_searches").Select(`id, account_id, name, q, array_to_json(item_codes)::text AS item_codes, region, funding,
	ceiling_min_fen, ceiling_max_fen, frequency, feed_token, created_at`)
}

// savedSearchInsert is the row CreateSavedSearch writes. ItemCodes is a
// text[] literal (textArray): PostgreSQL reads it as the column's type.
type savedSearchInsert struct {
	ID            int64 `gorm:"primaryKey"`
	AccountID     int64
	Name          string
	Q             string
	TextQuery     string
	ItemCodes     string
	Region        string
	Funding       string
	CeilingMinFen *int64
	CeilingMaxFen *int64
	Frequency     string
	FeedToken     string
	CreatedAt     time.Time `gorm:"autoCreateTime:false"`
}

func (savedSearchInsert) TableName() string { return "saved_searches" }

// lockAccountRow locks an account's row until the transaction ends, so
// that what an account may hold only so many of is counted by one
// request at a time.
func lockAccountRow(db *gorm.DB, accountID int64) error {
	var ids []int64
	if err := db.Table("accounts").Where("id = ?", accountID).Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).
		Pluck("id", &ids).Error; err != nil {
		return fmt.Errorf("storage: lock account %d: %w", accountID, err)
	}
	return nil
}

func (r *savedSearchRow) toDomain() *search.Saved {
	s := &search.Saved{ID: r.ID, AccountID: r.AccountID, Name: r.Name, Q: r.Q, Region: r.Region, Funding: r.Funding,
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

// CountSavedSearches implements search.SavedStore. The lock and the
// count are two statements: under READ COMMITTED a statement that waited
// for the lock would still count from the snapshot it started with, and
// miss the rows the lock holder just committed.
func (s *DB) CountSavedSearches(ctx context.Context, accountID int64) (int, error) {
	db := s.db.WithContext(ctx)
	if err := lockAccountRow(db, accountID); err != nil {
		return 0, err
	}
	var n int64
	if err := db.Table("saved_searches").Where("account_id = ?", accountID).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("storage: count saved searches: %w", err)
	}
	return int(n), nil
}

// CreateSavedSearch implements search.SavedStore. The text is frozen
// as the tsquery /api/v1/search would run (TSQuery: the same tokens and
// abbreviation expansions), so matching needs no Go per search.
func (s *DB) CreateSavedSearch(ctx context.Context, ss *search.Saved) error {
	q, err := ss.ParsedQuery()
	if err != nil {
		return err
	}
	row := savedSearchInsert{AccountID: ss.AccountID, Name: ss.Name, Q: ss.Q, TextQuery: TSQuery(q), ItemCodes: textArray(ss.Items),
		Region: ss.Region, Funding: ss.Funding, CeilingMinFen: moneyFen(ss.CeilingMin), CeilingMaxFen: moneyFen(ss.CeilingMax),
		Frequency: ss.Frequency, FeedToken: ss.FeedToken, CreatedAt: ss.CreatedAt}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("storage: create saved search: %w", err)
	}
	ss.ID = row.ID
	return nil
}

// FindSavedSearches implements search.SavedStore.
func (s *DB) FindSavedSearches(ctx context.Context, accountID int64) ([]*search.Saved, error) {
	var rows []savedSearchRow
	err := savedSearches(s.db.WithContext(ctx)).Where("account_id = ?", accountID).Order("id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find saved searches: %w", err)
	}
	out := make([]*search.Saved, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// DeleteSavedSearch implements search.SavedStore.
func (s *DB) DeleteSavedSearch(ctx context.Context, accountID, id int64) (bool, error) {
	res := s.db.WithContext(ctx).Where("id = ? AND account_id = ?", id, accountID).Delete(&savedSearchInsert{})
	if res.Error != nil {
		return false, fmt.Errorf("storage: delete saved search %d: %w", id, res.Error)
	}
	return res.RowsAffected > 0, nil
}

// FindSavedSearchByToken implements search.SavedStore.
func (s *DB) FindSavedSearchByToken(ctx context.Context, token string) (*search.Saved, error) {
	var rows []savedSearchRow
	err := savedSearches(s.db.WithContext(ctx)).Where("feed_token = ?", token).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find saved search by token: %w", err)
	}
	if len(rows) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "feed_not_found", "No such feed.")
	}
	return rows[0].toDomain(), nil
}

// FindSavedSearchNotices implements search.SavedStore. Only notices
// that are public (published, never a draft) and only their public facts
// are read; nothing of any bid.
func (s *DB) FindSavedSearchNotices(ctx context.Context, savedSearchID int64, limit int) ([]search.SavedNotice, error) {
	var out []search.SavedNotice
	err := s.db.WithContext(ctx).Table("saved_search_matches m").
		Joins("JOIN projects p ON p.id = m.project_id").Joins("JOIN catalogue_items ci ON ci.code = p.item_code").
		Select("p.id AS project_id, p.title, p.description, ci.name AS item_name, p.region, m.kind, m.matched_at, p.published_at").
		Where("m.saved_search_id = ? AND p.published_at IS NOT NULL AND p.status <> 'draft'", savedSearchID).
		Order("m.matched_at DESC, m.id DESC").Limit(limit).Scan(&out).Error
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

// MatchSavedSearches implements search.SavedStore.
func (s *DB) MatchSavedSearches(ctx context.Context, a search.SavedAlert, mail bool) (int, error) {
	var n int
	err := s.db.WithContext(ctx).Raw(matchSavedSearchesSQL, map[string]any{"pid": a.ProjectID, "kind": a.Kind, "now": a.Now,
		"nkind": a.NotificationKind, "title": a.Title, "mail": mail}).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("storage: match saved searches for project %d: %w", a.ProjectID, err)
	}
	return n, nil
}

// SendSavedSearchDigests implements search.SavedStore.
func (s *DB) SendSavedSearchDigests(ctx context.Context, d search.SavedDigest, mail bool) (int, error) {
	var n int
	err := s.db.WithContext(ctx).Raw(sendDigestsSQL, map[string]any{"before": d.Before, "day": d.Day, "now": d.Now,
		"nkind": d.NotificationKind, "title": d.Title, "mail": mail}).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("storage: send saved search digests: %w", err)
	}
	return n, nil
}
