package storage

import (
	"context"
	"encoding/json"
	"fmt"
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

// matchSavedSearchesSQL matches one notice against every saved search in
// one statement: the notice's search document (the very vector
// /api/v1/search queries) against each search's frozen tsquery, and the
// filters as columns. Immediate matches get their in-app alert (and, with
// mail, an e-mail outbox row) in the same statement.
var matchSavedSearchesSQL = `WITH ev AS (
	SELECT d.project_id, ` + ProjectVectorSQL + ` AS doc, d.item_code, d.region, d.funding, p.ceiling_fen, d.title
	FROM search_projects d JOIN projects p ON p.id = d.project_id
	WHERE d.project_id = @pid AND d.published_at IS NOT NULL
), m AS (
	INSERT INTO saved_search_matches (saved_search_id, account_id, project_id, kind, matched_at, digest)
	SELECT s.id, s.account_id, ev.project_id, @kind, @now, CASE WHEN s.frequency = 'daily' THEN 'pending' ELSE 'none' END
	FROM saved_searches s CROSS JOIN ev
	WHERE CASE WHEN s.text_query = '' THEN true ELSE ev.doc @@ CAST(s.text_query AS tsquery) END
		AND (cardinality(s.item_codes) = 0 OR ev.item_code = ANY (s.item_codes))
		AND (s.region = '' OR starts_with(ev.region, s.region))
		AND (s.funding = '' OR ev.funding = s.funding)
		AND (s.ceiling_min_fen IS NULL OR ev.ceiling_fen >= s.ceiling_min_fen)
		AND (s.ceiling_max_fen IS NULL OR ev.ceiling_fen <= s.ceiling_max_fen)
	ON CONFLICT (saved_search_id, project_id, kind) DO NOTHING
	RETURNING saved_search_id, account_id, project_id, digest
), n AS (
	INSERT INTO notifications (account_id, kind, title, body, project_id, dedupe_key, created_at)
	SELECT m.account_id, @nkind, left(@title || '：' || s.name, 300), ev.title, m.project_id,
		'saved:' || m.saved_search_id || ':' || m.project_id || ':' || @kind, @now
	FROM m JOIN saved_searches s ON s.id = m.saved_search_id CROSS JOIN ev
	WHERE m.digest = 'none'
	ON CONFLICT (account_id, dedupe_key) DO NOTHING
	RETURNING id
), e AS (
	INSERT INTO outbox (topic, entity, entity_id, created_at, next_attempt_at)
	SELECT 'email', 'notification', n.id, @now, @now FROM n WHERE @mail
	RETURNING 1
)
SELECT (SELECT count(*) FROM m) + 0 * (SELECT count(*) FROM e)`

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

// sendDigestsSQL moves every pending match made before @before to sent and
// writes one digest per account listing the notices' titles.
const sendDigestsSQL = `WITH pend AS (
	UPDATE saved_search_matches SET digest = 'sent'
	WHERE digest = 'pending' AND matched_at < @before
	RETURNING account_id, project_id
), agg AS (
	SELECT pend.account_id, count(DISTINCT pend.project_id) AS notices,
		left(string_agg(DISTINCT p.title, '；'), 4000) AS titles
	FROM pend JOIN projects p ON p.id = pend.project_id
	GROUP BY pend.account_id
), n AS (
	INSERT INTO notifications (account_id, kind, title, body, dedupe_key, created_at)
	SELECT account_id, @nkind, @title || '（' || @day || '，' || notices || '）', titles, 'saved_digest:' || @day, @now FROM agg
	ON CONFLICT (account_id, dedupe_key) DO NOTHING
	RETURNING id
), e AS (
	INSERT INTO outbox (topic, entity, entity_id, created_at, next_attempt_at)
	SELECT 'email', 'notification', n.id, @now, @now FROM n WHERE @mail
	RETURNING 1
)
SELECT (SELECT count(*) FROM n) + 0 * (SELECT count(*) FROM e)`

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
