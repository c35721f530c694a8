package storage

import (
	"context"
	"fmt"
	"time"

	"marketplace/domain"
)

// ClaimIdempotencyKey implements domain.IdempotencyStore. The insert waits
// on the unique key while another transaction holds the same key
// uncommitted, then inserts (the other rolled back) or does nothing (it
// committed), in which case the committed row is read back.
func (s *DB) ClaimIdempotencyKey(ctx context.Context, r domain.IdempotentRequest, now, expired time.Time) (string, *domain.StoredResponse, bool, error) {
	db := s.db.WithContext(ctx)
	if err := db.Exec(`DELETE FROM idempotency_keys WHERE account_id = ? AND key = ? AND created_at < ?`, r.AccountID, r.Key, expired).Error; err != nil {
		return "", nil, false, fmt.Errorf("storage: expire idempotency key: %w", err)
	}
	res := db.Exec(`INSERT INTO idempotency_keys (account_id, key, request_hash, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (account_id, key) DO NOTHING`, r.AccountID, r.Key, r.Hash, now)
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
	if err := db.Raw(`SELECT request_hash, status, content_type, location, body FROM idempotency_keys WHERE account_id = ? AND key = ?`,
		r.AccountID, r.Key).Scan(&row).Error; err != nil {
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
	err := s.db.WithContext(ctx).Exec(`UPDATE idempotency_keys SET status = ?, content_type = ?, location = ?, body = ? WHERE account_id = ? AND key = ?`,
		resp.Status, resp.ContentType, resp.Location, resp.Body, r.AccountID, r.Key).Error
	if err != nil {
		return fmt.Errorf("storage: save idempotent response: %w", err)
	}
	return nil
}

// DeleteIdempotencyKeys implements domain.IdempotencyStore.
func (s *DB) DeleteIdempotencyKeys(ctx context.Context, before time.Time) (int, error) {
	res := s.db.WithContext(ctx).Exec(`DELETE FROM idempotency_keys WHERE created_at < ?`, before)
	if res.Error != nil {
		return 0, fmt.Errorf("storage: prune idempotency keys: %w", res.Error)
	}
	return int(res.RowsAffected), nil
}
