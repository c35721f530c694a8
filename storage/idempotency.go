package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"marketplace/domain"
)

// ClaimIdempotencyKey implements domain.IdempotencyStore. The insert waits
// on the unique key while another transaction holds the same key
// uncommitted, then inserts (the other rolled back) or does nothing (it
// committed), in which case the committed row is read back.
func (s *DB) ClaimIdempotencyKey(ctx context.Context, r domain.IdempotentRequest, now, expired time.Time) (string, *domain.StoredResponse, bool, error) {
	db := s.db.WithContext(ctx)
	keyOf := func(db *gorm.DB) *gorm.DB {
		return db.Table("idempotency_keys").Where("account_id = ? AND key = ?", r.AccountID, r.Key)
	}
	if err := keyOf(db).Where("created_at < ?", expired).Delete(nil).Error; err != nil {
		return "", nil, false, fmt.Errorf("storage: expire idempotency key: %w", err)
	}
	res := db.Table("idempotency_keys").
		Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "account_id"}, {Name: "key"}}, DoNothing: true}).
		Create(map[string]any{"account_id": r.AccountID, "key": r.Key, "request_hash": r.Hash, "created_at": now})
	if res.Error != nil {
		return "", nil, false, fmt.Errorf("storage: claim idempotency key: %w", res.Error)
	}
	if res.RowsAffected == 1 {
		return "", nil, true, nil
	}
	var row struct {
		RequestHash string
		Status      *int
		ContentType string
		Location    string
		Body        []byte
	}
	if err := keyOf(db).Select("request_hash, status, content_type, location, body").Scan(&row).Error; err != nil {
		return "", nil, false, fmt.Errorf("storage: read idempotency key: %w", err)
	}
	if row.Status == nil {
		// Written without an answer: cannot happen (the answer commits
		// with the key); refuse rather than act twice.
		return "", nil, false, fmt.Errorf("storage: idempotency key without an answer")
	}
	return row.RequestHash, &domain.StoredResponse{Status: *row.Status, ContentType: row.ContentType, Location: row.Location, Body: row.Body}, false, nil
}

// SaveIdempotentResponse implements domain.IdempotencyStore.
func (s *DB) SaveIdempotentResponse(ctx context.Context, r domain.IdempotentRequest, resp *domain.StoredResponse) error {
	err := s.db.WithContext(ctx).Table("idempotency_keys").Where("account_id = ? AND key = ?", r.AccountID, r.Key).
		Updates(map[string]any{"status": resp.Status, "content_type": resp.ContentType, "location": resp.Location, "body": resp.Body}).Error
	if err != nil {
		return fmt.Errorf("storage: save idempotent response: %w", err)
	}
	return nil
}

// DeleteIdempotencyKeys implements domain.IdempotencyStore.
func (s *DB) DeleteIdempotencyKeys(ctx context.Context, before time.Time) (int, error) {
	res := s.db.WithContext(ctx).Table("idempotency_keys").Where("created_at < ?", before).Delete(nil)
	if res.Error != nil {
		return 0, fmt.Errorf("storage: prune idempotency keys: %w", res.Error)
	}
	return int(res.RowsAffected), nil
}
