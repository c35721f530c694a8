package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"marketplace/domain"
)

type webhookRow struct {
	ID             int64
	AccountID      int64
	URL            string
	EventTypes     string // JSON array
	Secret         string
	Status         string
	Failures       int
	DisabledReason string
	CreatedAt      time.Time
}

func (r *webhookRow) toDomain() *domain.Webhook {
	w := &domain.Webhook{ID: r.ID, AccountID: r.AccountID, URL: r.URL, Secret: r.Secret, Status: r.Status, Failures: r.Failures,
		DisabledReason: r.DisabledReason, CreatedAt: r.CreatedAt.UTC()}
	_ = json.Unmarshal([]byte(r.EventTypes), &w.EventTypes)
	return w
}

const webhookColumns = `id, account_id, url, array_to_json(event_types)::text AS event_types, secret, status, failures, disabled_reason, created_at`

var errWebhookNotFound = domain.Errorf(domain.ENOTFOUND, "webhook_not_found", "No such webhook.")

// CreateWebhook implements domain.OpenDataStore.
func (s *DB) CreateWebhook(ctx context.Context, w *domain.Webhook) error {
	err := s.db.WithContext(ctx).Raw(`INSERT INTO webhook_endpoints (account_id, url, event_types, secret, status, created_at)
		VALUES (?, ?, CAST(? AS text[]), ?, ?, ?) RETURNING id`, w.AccountID, w.URL, textArray(w.EventTypes), w.Secret, w.Status, w.CreatedAt).
		Scan(&w.ID).Error
	if err != nil {
		return fmt.Errorf("storage: create webhook: %w", err)
	}
	return nil
}

// FindWebhookByID implements domain.OpenDataStore.
func (s *DB) FindWebhookByID(ctx context.Context, id int64, forUpdate bool) (*domain.Webhook, error) {
	q := "SELECT " + webhookColumns + " FROM webhook_endpoints WHERE id = ?"
	if forUpdate {
		q += " FOR UPDATE"
	}
	var rows []webhookRow
	if err := s.db.WithContext(ctx).Raw(q, id).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find webhook %d: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, errWebhookNotFound
	}
	return rows[0].toDomain(), nil
}

// FindWebhooks implements domain.OpenDataStore.
func (s *DB) FindWebhooks(ctx context.Context, accountID int64, p domain.Page) ([]*domain.Webhook, int, error) {
	db := s.db.WithContext(ctx)
	var total int64
	if err := db.Raw("SELECT count(*) FROM webhook_endpoints WHERE account_id = ? AND status <> 'deleted'", accountID).Scan(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count webhooks: %w", err)
	}
	var rows []webhookRow
	if err := db.Raw("SELECT "+webhookColumns+" FROM webhook_endpoints WHERE account_id = ? AND status <> 'deleted' ORDER BY id LIMIT ? OFFSET ?",
		accountID, p.PerPage, (p.Page-1)*p.PerPage).Scan(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: find webhooks: %w", err)
	}
	out := make([]*domain.Webhook, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, int(total), nil
}

// FindWebhookTargets implements domain.OpenDataStore.
func (s *DB) FindWebhookTargets(ctx context.Context, eventType string) ([]*domain.Webhook, error) {
	var rows []webhookRow
	if err := s.db.WithContext(ctx).Raw("SELECT "+webhookColumns+` FROM webhook_endpoints
		WHERE status = 'active' AND (? = ANY(event_types) OR '*' = ANY(event_types)) ORDER BY id`, eventType).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find webhook targets %s: %w", eventType, err)
	}
	out := make([]*domain.Webhook, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// UpdateWebhook implements domain.OpenDataStore.
func (s *DB) UpdateWebhook(ctx context.Context, w *domain.Webhook) error {
	err := s.db.WithContext(ctx).Exec("UPDATE webhook_endpoints SET status = ?, failures = ?, disabled_reason = ? WHERE id = ?",
		w.Status, w.Failures, w.DisabledReason, w.ID).Error
	if err != nil {
		return fmt.Errorf("storage: update webhook %d: %w", w.ID, err)
	}
	return nil
}

// FindWebhooksByIDs implements domain.OpenDataStore.
func (s *DB) FindWebhooksByIDs(ctx context.Context, ids []int64, forUpdate bool) ([]*domain.Webhook, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	q := "SELECT " + webhookColumns + " FROM webhook_endpoints WHERE id IN ? ORDER BY id"
	if forUpdate {
		q += " FOR UPDATE"
	}
	var rows []webhookRow
	if err := s.db.WithContext(ctx).Raw(q, ids).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find webhooks by id: %w", err)
	}
	out := make([]*domain.Webhook, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// CountWebhooks implements domain.OpenDataStore.
func (s *DB) CountWebhooks(ctx context.Context, accountID int64, lock bool) (int, error) {
	db := s.db.WithContext(ctx)
	if lock {
		if err := db.Exec("SELECT 1 FROM accounts WHERE id = ? FOR UPDATE", accountID).Error; err != nil {
			return 0, fmt.Errorf("storage: lock account %d: %w", accountID, err)
		}
	}
	var n int64
	if err := db.Raw("SELECT count(*) FROM webhook_endpoints WHERE account_id = ? AND status <> 'deleted'", accountID).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("storage: count webhooks: %w", err)
	}
	return int(n), nil
}
