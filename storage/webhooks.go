package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"marketplace/domain"
	"marketplace/domain/opendata"
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

func (r *webhookRow) toDomain() *opendata.Webhook {
	w := &opendata.Webhook{ID: r.ID, AccountID: r.AccountID, URL: r.URL, Secret: r.Secret, Status: r.Status, Failures: r.Failures,
		DisabledReason: r.DisabledReason, CreatedAt: r.CreatedAt.UTC()}
	_ = json.Unmarshal([]byte(r.EventTypes), &w.EventTypes)
	return w
}

// webhooks selects webhook_endpoints as webhookRow reads it: the event
// types as a JSON array, which needs no array type on the Go side.
func webhooks(db *gorm.DB) *gorm.DB {
	return db.Table("webhook_endpoints").
		Select("id, account_id, url, array_to_json(event_types)::text AS event_types, secret, status, failures, disabled_reason, created_at")
}

// liveWebhooks are an account's webhooks that were not deleted.
func liveWebhooks(accountID int64) func(*gorm.DB) *gorm.DB {
	return func(db *gorm.DB) *gorm.DB {
		return db.Where("account_id = ? AND status <> 'deleted'", accountID)
	}
}

// webhookInsert is the row CreateWebhook writes. EventTypes is a text[]
// literal (textArray): PostgreSQL reads it as the column's type.
type webhookInsert struct {
	ID         int64 `gorm:"primaryKey"`
	AccountID  int64
	URL        string
	EventTypes string
	Secret     string
	Status     string
	CreatedAt  time.Time `gorm:"autoCreateTime:false"`
}

func (webhookInsert) TableName() string { return "webhook_endpoints" }

var errWebhookNotFound = domain.Errorf(domain.ENOTFOUND, "webhook_not_found", "No such webhook.")

// CreateWebhook implements domain.OpenDataStore.
func (s *DB) CreateWebhook(ctx context.Context, w *opendata.Webhook) error {
	row := webhookInsert{AccountID: w.AccountID, URL: w.URL, EventTypes: textArray(w.EventTypes), Secret: w.Secret, Status: w.Status,
		CreatedAt: w.CreatedAt}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("storage: create webhook: %w", err)
	}
	w.ID = row.ID
	return nil
}

// FindWebhookByID implements domain.OpenDataStore.
func (s *DB) FindWebhookByID(ctx context.Context, id int64, forUpdate bool) (*opendata.Webhook, error) {
	var rows []webhookRow
	if err := webhooks(s.db.WithContext(ctx)).Where("id = ?", id).Scopes(forUpdateIf(forUpdate)).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find webhook %d: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, errWebhookNotFound
	}
	return rows[0].toDomain(), nil
}

// FindWebhooks implements domain.OpenDataStore.
func (s *DB) FindWebhooks(ctx context.Context, accountID int64, p domain.Page) ([]*opendata.Webhook, int, error) {
	db := s.db.WithContext(ctx)
	var total int64
	if err := db.Table("webhook_endpoints").Scopes(liveWebhooks(accountID)).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count webhooks: %w", err)
	}
	var rows []webhookRow
	if err := webhooks(db).Scopes(liveWebhooks(accountID)).Order("id").Limit(p.PerPage).Offset((p.Page - 1) * p.PerPage).
		Scan(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: find webhooks: %w", err)
	}
	out := make([]*opendata.Webhook, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, int(total), nil
}

// FindWebhookTargets implements domain.OpenDataStore.
func (s *DB) FindWebhookTargets(ctx context.Context, eventType string) ([]*opendata.Webhook, error) {
	var rows []webhookRow
	if err := webhooks(s.db.WithContext(ctx)).Where("status = 'active' AND (? = ANY(event_types) OR '*' = ANY(event_types))", eventType).
		Order("id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find webhook targets %s: %w", eventType, err)
	}
	out := make([]*opendata.Webhook, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// UpdateWebhook implements domain.OpenDataStore.
func (s *DB) UpdateWebhook(ctx context.Context, w *opendata.Webhook) error {
	err := s.db.WithContext(ctx).Table("webhook_endpoints").Where("id = ?", w.ID).
		Updates(map[string]any{"status": w.Status, "failures": w.Failures, "disabled_reason": w.DisabledReason}).Error
	if err != nil {
		return fmt.Errorf("storage: update webhook %d: %w", w.ID, err)
	}
	return nil
}

// FindWebhooksByIDs implements domain.OpenDataStore.
func (s *DB) FindWebhooksByIDs(ctx context.Context, ids []int64, forUpdate bool) ([]*opendata.Webhook, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []webhookRow
	if err := webhooks(s.db.WithContext(ctx)).Where("id IN ?", ids).Order("id").Scopes(forUpdateIf(forUpdate)).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find webhooks by id: %w", err)
	}
	out := make([]*opendata.Webhook, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// CountWebhooks implements domain.OpenDataStore.
func (s *DB) CountWebhooks(ctx context.Context, accountID int64, lock bool) (int, error) {
	db := s.db.WithContext(ctx)
	if lock {
		if err := lockAccountRow(db, accountID); err != nil {
			return 0, err
		}
	}
	var n int64
	if err := db.Table("webhook_endpoints").Scopes(liveWebhooks(accountID)).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("storage: count webhooks: %w", err)
	}
	return int(n), nil
}
