package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/audit"
)

type auditCheckpointRow struct {
	ID        int64 `gorm:"primaryKey;->"`
	Seq       int64
	Hash      string
	At        time.Time
	KeyID     string
	Signature string
}

func (auditCheckpointRow) TableName() string { return "audit_checkpoints" }

func (r *auditCheckpointRow) toDomain() *audit.Checkpoint {
	return &audit.Checkpoint{Seq: r.Seq, Hash: r.Hash, At: r.At.UTC(), KeyID: r.KeyID, Signature: r.Signature}
}

// CreateAuditCheckpoint implements audit.Tx.
func (s *DB) CreateAuditCheckpoint(ctx context.Context, c *audit.Checkpoint) error {
	row := auditCheckpointRow{Seq: c.Seq, Hash: c.Hash, At: c.At, KeyID: c.KeyID, Signature: c.Signature}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("storage: create audit checkpoint %d: %w", c.Seq, err)
	}
	return nil
}

// LastAuditCheckpoint implements audit.Store and audit.Tx.
func (s *DB) LastAuditCheckpoint(ctx context.Context) (*audit.Checkpoint, error) {
	var rows []auditCheckpointRow
	if err := s.db.WithContext(ctx).Order("at DESC, id DESC").Limit(1).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: last audit checkpoint: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return rows[0].toDomain(), nil
}

// FindAuditCheckpoints implements audit.Store.
func (s *DB) FindAuditCheckpoints(ctx context.Context, p domain.Page) ([]*audit.Checkpoint, int, error) {
	var total int64
	if err := s.db.WithContext(ctx).Model(&auditCheckpointRow{}).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count audit checkpoints: %w", err)
	}
	var rows []auditCheckpointRow
	if err := s.db.WithContext(ctx).Order("at DESC, id DESC").Offset(p.Offset()).Limit(p.PerPage).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: find audit checkpoints: %w", err)
	}
	out := make([]*audit.Checkpoint, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, int(total), nil
}

// FindSealedAuditBySeq implements audit.Store.
func (s *DB) FindSealedAuditBySeq(ctx context.Context, seq int64) (*domain.AuditEntry, error) {
	var rows []auditRow
	if err := s.db.WithContext(ctx).Where("seq = ?", seq).Limit(1).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: audit at seq %d: %w", seq, err)
	}
	if len(rows) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "audit_seq_not_found", "The audit chain has no row at position %d.", seq)
	}
	return rows[0].toDomain(), nil
}

// devSigningKeyName is the signing_keys row of the generated key.
const devSigningKeyName = "platform"

// signingKeyRow is a row of signing_keys; created_at is the database's.
type signingKeyRow struct {
	Name string
	Seed string
}

func (signingKeyRow) TableName() string { return "signing_keys" }

// DevSigningKey returns the development signing key stored in the
// database, generating it on first use (replicas race harmlessly: the
// first insert wins and every one reads it back).
func (s *DB) DevSigningKey(ctx context.Context) (string, error) {
	row := signingKeyRow{Name: devSigningKeyName, Seed: domain.GenerateSigningSeed()}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "name"}}, DoNothing: true}).Create(&row).Error
	if err != nil {
		return "", fmt.Errorf("storage: store signing key: %w", err)
	}
	var seed string
	if err := s.db.WithContext(ctx).Table("signing_keys").Select("seed").Where("name = ?", devSigningKeyName).Scan(&seed).Error; err != nil {
		return "", fmt.Errorf("storage: read signing key: %w", err)
	}
	return seed, nil
}
