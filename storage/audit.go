package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"marketplace/domain"
	"marketplace/domain/audit"
)

type auditRow struct {
	ID          int64 `gorm:"primaryKey;->"`
	At          time.Time
	ActorID     int64
	ActorRole   string
	Action      string
	SubjectType string
	SubjectID   string
	Summary     string
	Seq         *int64
	PrevHash    *string
	Hash        *string
}

func (auditRow) TableName() string { return "audit_log" }

func (r *auditRow) toDomain() *domain.AuditEntry {
	e := &domain.AuditEntry{ID: r.ID, At: r.At.UTC(), ActorID: r.ActorID, ActorRole: r.ActorRole, Action: r.Action,
		SubjectType: r.SubjectType, SubjectID: r.SubjectID, Summary: []byte(r.Summary), Seq: r.Seq}
	if r.PrevHash != nil {
		e.PrevHash = *r.PrevHash
	}
	if r.Hash != nil {
		e.Hash = *r.Hash
	}
	return e
}

// AppendAudit implements domain.AuditStore. The time is the platform clock.
func (s *DB) AppendAudit(ctx context.Context, e domain.AuditEntry) error {
	// One round trip: the database clock is read by the INSERT itself
	// unless a test injected a clock.
	var at any = gorm.Expr("clock_timestamp()")
	if f := s.clock.get(); f != nil {
		at = f().UTC().Truncate(time.Microsecond)
	}
	err := s.db.WithContext(ctx).Table("audit_log").Create(map[string]any{"at": at, "actor_id": e.ActorID, "actor_role": e.ActorRole,
		"action": e.Action, "subject_type": e.SubjectType, "subject_id": e.SubjectID, "summary": string(e.Summary)}).Error
	if err != nil {
		return fmt.Errorf("storage: append audit %s: %w", e.Action, err)
	}
	return nil
}

// The batch writes of the audit log, one statement each from parallel
// arrays (queries/audit_*_batch.sql), whatever the batch size.
var (
	appendAuditsSQL = loadQuery("audit_append_batch")
	sealAuditSQL    = loadQuery("audit_seal_batch")
)

// AppendAudits implements market.CloseStore: AppendAudit for many entries
// in one INSERT from arrays; each row's time is the database clock at its
// insert, unless a test injected a clock.
func (s *DB) AppendAudits(ctx context.Context, entries []domain.AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	n := len(entries)
	actors, roles, actions, types, subjects, summaries := make([]int64, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n)
	for i, e := range entries {
		actors[i], roles[i], actions[i], types[i], subjects[i], summaries[i] = e.ActorID, e.ActorRole, e.Action, e.SubjectType, e.SubjectID, string(e.Summary)
	}
	_, err := s.db.Statement.ConnPool.ExecContext(ctx, appendAuditsSQL, s.injectedNow(), actors, roles, actions, types, subjects, summaries)
	if err != nil {
		return fmt.Errorf("storage: append %d audit rows: %w", n, outage(err))
	}
	return nil
}

// LastSealedAudit implements domain.AuditStore.
func (s *DB) LastSealedAudit(ctx context.Context) (*domain.AuditEntry, error) {
	var rows []auditRow
	if err := s.db.WithContext(ctx).Where("seq IS NOT NULL").Order("seq DESC").Limit(1).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: audit head: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return rows[0].toDomain(), nil
}

// FindUnsealedAudit implements domain.AuditStore.
func (s *DB) FindUnsealedAudit(ctx context.Context, limit int) ([]*domain.AuditEntry, error) {
	return s.findAudit(ctx, "seq IS NULL", "id", limit)
}

// FindSealedAudit implements domain.AuditStore.
func (s *DB) FindSealedAudit(ctx context.Context, afterSeq int64, limit int) ([]*domain.AuditEntry, error) {
	return s.findAudit(ctx, fmt.Sprintf("seq > %d", afterSeq), "seq", limit)
}

func (s *DB) findAudit(ctx context.Context, where, order string, limit int) ([]*domain.AuditEntry, error) {
	var rows []auditRow
	if err := s.db.WithContext(ctx).Where(where).Order(order).Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find audit: %w", err)
	}
	out := make([]*domain.AuditEntry, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// SealAudit implements domain.AuditStore: one UPDATE for the whole batch.
func (s *DB) SealAudit(ctx context.Context, seals []audit.Seal) error {
	if len(seals) == 0 {
		return nil
	}
	ids, seqs := make([]int64, len(seals)), make([]int64, len(seals))
	prevs, hashes := make([]string, len(seals)), make([]string, len(seals))
	for i, x := range seals {
		ids[i], seqs[i], prevs[i], hashes[i] = x.ID, x.Seq, x.PrevHash, x.Hash
	}
	_, err := s.db.Statement.ConnPool.ExecContext(ctx, sealAuditSQL, ids, seqs, prevs, hashes)
	if err != nil {
		return fmt.Errorf("storage: seal %d audit rows from %d: %w", len(seals), seals[0].ID, outage(err))
	}
	return nil
}

// CountUnsealedAudit implements domain.AuditStore.
func (s *DB) CountUnsealedAudit(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&auditRow{}).Where("seq IS NULL").Count(&n).Error; err != nil {
		return 0, fmt.Errorf("storage: count unsealed audit: %w", err)
	}
	return n, nil
}
