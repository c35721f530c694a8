package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"marketplace/domain/opendata"
)

// outboxRow is a row of the transactional outbox (migrations/00040_outbox.sql).
type outboxRow struct {
	ID            int64 `gorm:"primaryKey;->"`
	Topic         string
	Entity        string
	EntityID      int64
	Version       int64
	CreatedAt     time.Time `gorm:"->"`
	Attempts      int
	NextAttemptAt time.Time
	LastError     string
	DoneAt        *time.Time
}

func (outboxRow) TableName() string { return "outbox" }

// ClaimOutbox implements domain.SearchStore. SKIP LOCKED lets another
// replica's drain (or a reindex) work on other rows meanwhile.
func (s *DB) ClaimOutbox(ctx context.Context, topic string, now time.Time, limit int) ([]*opendata.OutboxEntry, error) {
	var rows []outboxRow
	err := s.db.WithContext(ctx).
		Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate, Options: clause.LockingOptionsSkipLocked}).
		Where("topic = ? AND done_at IS NULL AND next_attempt_at <= ?", topic, now).
		Order("next_attempt_at, id").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: claim outbox %s: %w", topic, err)
	}
	out := make([]*opendata.OutboxEntry, len(rows))
	for i, r := range rows {
		out[i] = &opendata.OutboxEntry{ID: r.ID, Topic: r.Topic, Entity: r.Entity, EntityID: r.EntityID, Version: r.Version,
			CreatedAt: r.CreatedAt, Attempts: r.Attempts, NextAttemptAt: r.NextAttemptAt, LastError: r.LastError, DoneAt: r.DoneAt}
	}
	return out, nil
}

// CompleteOutbox implements domain.SearchStore.
func (s *DB) CompleteOutbox(ctx context.Context, ids []int64, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	err := s.db.WithContext(ctx).Table("outbox").Where("id IN ? AND done_at IS NULL", ids).
		Updates(map[string]any{"done_at": now, "last_error": ""}).Error
	if err != nil {
		return fmt.Errorf("storage: complete outbox: %w", err)
	}
	return nil
}

// RetryOutbox implements domain.SearchStore.
func (s *DB) RetryOutbox(ctx context.Context, e *opendata.OutboxEntry) error {
	err := s.db.WithContext(ctx).Table("outbox").Where("id = ?", e.ID).
		Updates(map[string]any{"attempts": e.Attempts, "last_error": e.LastError, "next_attempt_at": e.NextAttemptAt}).Error
	if err != nil {
		return fmt.Errorf("storage: retry outbox %d: %w", e.ID, err)
	}
	return nil
}

// PruneOutbox implements domain.SearchStore.
func (s *DB) PruneOutbox(ctx context.Context, topic string, before time.Time) (int, error) {
	res := s.db.WithContext(ctx).Where("topic = ? AND done_at < ?", topic, before).Delete(&outboxRow{})
	if res.Error != nil {
		return 0, fmt.Errorf("storage: prune outbox %s: %w", topic, res.Error)
	}
	return int(res.RowsAffected), nil
}
