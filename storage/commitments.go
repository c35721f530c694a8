package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/commitment"
)

type commitmentTextRow struct {
	ID          int64
	Kind        string
	Version     int
	Text        string
	SHA256      string `gorm:"column:sha256"`
	PublishedAt time.Time
}

func (r *commitmentTextRow) toDomain() *commitment.Text {
	return &commitment.Text{ID: r.ID, Kind: r.Kind, Version: r.Version, Text: r.Text, SHA256: r.SHA256, PublishedAt: r.PublishedAt.UTC()}
}

// commitmentTexts reads the texts that scope selects, in its order.
func (s *DB) commitmentTexts(ctx context.Context, scope func(*gorm.DB) *gorm.DB) ([]*commitment.Text, error) {
	var rows []commitmentTextRow
	q := s.db.WithContext(ctx).Table("commitment_texts").Select("id, kind, version, text, sha256, published_at")
	if err := q.Scopes(scope).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find commitment texts: %w", err)
	}
	out := make([]*commitment.Text, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// FindCommitmentTexts implements commitment.Store.
func (s *DB) FindCommitmentTexts(ctx context.Context, kind string) ([]*commitment.Text, error) {
	if kind == "" {
		return s.commitmentTexts(ctx, func(db *gorm.DB) *gorm.DB { return db.Order("published_at DESC, id DESC") })
	}
	return s.commitmentTexts(ctx, func(db *gorm.DB) *gorm.DB { return db.Where("kind = ?", kind).Order("version DESC") })
}

// FindCommitmentText implements commitment.Store.
func (s *DB) FindCommitmentText(ctx context.Context, id int64) (*commitment.Text, error) {
	ts, err := s.commitmentTexts(ctx, func(db *gorm.DB) *gorm.DB { return db.Where("id = ?", id) })
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, commitment.ErrNotFound
	}
	return ts[0], nil
}

// CurrentCommitment implements commitment.Store.
func (s *DB) CurrentCommitment(ctx context.Context, kind string) (*commitment.Text, error) {
	ts, err := s.commitmentTexts(ctx, func(db *gorm.DB) *gorm.DB { return db.Where("kind = ?", kind).Order("version DESC").Limit(1) })
	if err != nil || len(ts) == 0 {
		return nil, err
	}
	return ts[0], nil
}

// insertCommitmentTextSQL: queries/commitment_text_insert.sql.
var insertCommitmentTextSQL = loadQuery("commitment_text_insert")

// InsertCommitmentText implements commitment.Store. The version is
// the next of its kind, computed in the INSERT; two publishers at once
// collide on (kind, version) and the second is told to retry.
func (s *DB) InsertCommitmentText(ctx context.Context, t *commitment.Text, by int64) error {
	var row commitmentTextRow
	err := s.db.WithContext(ctx).Raw(insertCommitmentTextSQL, map[string]any{
		"kind": t.Kind, "text": t.Text, "sha256": t.SHA256, "by": by, "at": t.PublishedAt}).Scan(&row).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return domain.Errorf(domain.ECONFLICT, "commitment_concurrent", "Another version was published at the same moment; try again.")
	} else if err != nil {
		return fmt.Errorf("storage: insert commitment text: %w", err)
	}
	t.ID, t.Version = row.ID, row.Version
	return nil
}

type acceptanceRow struct {
	AccountID  int64
	TextID     int64
	Version    int
	SHA256     string `gorm:"column:sha256"`
	AcceptedAt time.Time
}

// acceptancesQuery reads acceptances (a) with their text's (t) version
// and hash.
func acceptancesQuery(db *gorm.DB) *gorm.DB {
	return db.Table("commitment_acceptances a").Joins("JOIN commitment_texts t ON t.id = a.text_id").
		Select("a.account_id, a.text_id, t.version, t.sha256, a.accepted_at")
}

// AcceptCommitment implements commitment.Store.
func (s *DB) AcceptCommitment(ctx context.Context, accountID int64, t *commitment.Text, at time.Time) (*commitment.Acceptance, error) {
	db := s.db.WithContext(ctx)
	err := db.Table("commitment_acceptances").
		Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "account_id"}, {Name: "text_id"}}, DoNothing: true}).
		Create(map[string]any{"account_id": accountID, "text_id": t.ID, "accepted_at": at}).Error
	if err != nil {
		return nil, fmt.Errorf("storage: accept commitment: %w", err)
	}
	// The account's next request is no longer pending here; the other
	// replicas hear of it from the database at the commit.
	if s.sessions != nil {
		s.sessions.dropAccount(accountID)
	}
	var rows []acceptanceRow
	if err := acceptancesQuery(db).Where("a.account_id = ? AND a.text_id = ?", accountID, t.ID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: read acceptance: %w", err)
	}
	if len(rows) == 0 {
		return nil, commitment.ErrNotFound
	}
	return rows[0].toDomain(), nil
}

func (r *acceptanceRow) toDomain() *commitment.Acceptance {
	return &commitment.Acceptance{AccountID: r.AccountID, TextID: r.TextID, Version: r.Version, SHA256: r.SHA256, AcceptedAt: r.AcceptedAt.UTC()}
}

// PendingRegistrationCommitment implements commitment.Store.
func (s *DB) PendingRegistrationCommitment(ctx context.Context, accountID int64) (*commitment.Text, error) {
	ts, err := s.commitmentTexts(ctx, func(db *gorm.DB) *gorm.DB {
		return db.Where(`kind = 'registration'
		AND version = (SELECT max(version) FROM commitment_texts WHERE kind = 'registration')
		AND NOT EXISTS (SELECT 1 FROM commitment_acceptances a WHERE a.account_id = ? AND a.text_id = commitment_texts.id)`, accountID)
	})
	if err != nil || len(ts) == 0 {
		return nil, err
	}
	return ts[0], nil
}

// LatestCommitmentAcceptance implements commitment.Store.
func (s *DB) LatestCommitmentAcceptance(ctx context.Context, accountID int64) (*commitment.Acceptance, error) {
	var rows []acceptanceRow
	err := acceptancesQuery(s.db.WithContext(ctx)).Where("a.account_id = ? AND t.kind = 'registration'", accountID).
		Order("t.version DESC").Limit(1).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: latest acceptance %d: %w", accountID, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return rows[0].toDomain(), nil
}

// commitmentPendingSQL is read with the session (no extra round trip): an
// enterprise or agency (a) that has not accepted the registration text in
// force. Two index probes on small tables.
const commitmentPendingSQL = `(a.role IN ('enterprise', 'agency') AND EXISTS (
		SELECT 1 FROM commitment_texts t
		WHERE t.kind = 'registration'
		  AND t.version = (SELECT max(version) FROM commitment_texts WHERE kind = 'registration')
		  AND NOT EXISTS (SELECT 1 FROM commitment_acceptances ca WHERE ca.account_id = a.id AND ca.text_id = t.id)))`
