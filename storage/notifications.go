package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/opendata"
)

type notificationRow struct {
	ID        int64
	AccountID int64
	Kind      string
	Title     string
	Body      string
	ProjectID *int64
	EventID   string
	CreatedAt time.Time
	ReadAt    *time.Time
}

func (r *notificationRow) toDomain() *opendata.Notification {
	return &opendata.Notification{ID: r.ID, AccountID: r.AccountID, Kind: r.Kind, Title: r.Title, Body: r.Body, ProjectID: r.ProjectID,
		EventID: r.EventID, CreatedAt: r.CreatedAt.UTC(), ReadAt: r.ReadAt}
}

// createNotificationsSQL: queries/notifications_create_batch.sql.
var createNotificationsSQL = loadQuery("notifications_create_batch")

// CreateNotifications implements opendata.NotificationStore: one set-based
// insert, whatever the audience size; the unique dedupe key drops replays.
func (s *DB) CreateNotifications(ctx context.Context, n *opendata.Notification, accountIDs []int64) ([]int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Raw(createNotificationsSQL,
		n.Kind, n.Title, n.Body, n.ProjectID, n.EventID, n.DedupeKey, n.CreatedAt, int64Array(accountIDs)).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("storage: create notifications %s: %w", n.Kind, err)
	}
	return ids, nil
}

// notificationInsert is one notifications row for one account.
type notificationInsert struct {
	AccountID int64
	Kind      string
	Title     string
	Body      string
	ProjectID *int64
	EventID   string
	DedupeKey string
	CreatedAt time.Time
}

func (notificationInsert) TableName() string { return "notifications" }

// CreateEachNotification implements opendata.NotificationStore.
func (s *DB) CreateEachNotification(ctx context.Context, ns []*opendata.Notification) error {
	if len(ns) == 0 {
		return nil
	}
	rows := make([]notificationInsert, len(ns))
	for i, n := range ns {
		rows[i] = notificationInsert{AccountID: n.AccountID, Kind: n.Kind, Title: n.Title, Body: n.Body, ProjectID: n.ProjectID,
			EventID: n.EventID, DedupeKey: n.DedupeKey, CreatedAt: n.CreatedAt}
	}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "account_id"}, {Name: "dedupe_key"}}, DoNothing: true}).
		CreateInBatches(rows, insertBatch).Error
	if err != nil {
		return fmt.Errorf("storage: create %d notifications: %w", len(ns), err)
	}
	return nil
}

// FindNotifications implements opendata.NotificationStore.
func (s *DB) FindNotifications(ctx context.Context, accountID int64, unread bool, p domain.Page) ([]*opendata.Notification, int, error) {
	db := s.db.WithContext(ctx).Table("notifications").Where("account_id = ?", accountID)
	if unread {
		db = db.Where("read_at IS NULL")
	}
	var total int64
	if err := db.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count notifications: %w", err)
	}
	var rows []notificationRow
	if err := db.Order("id DESC").Limit(p.PerPage).Offset((p.Page - 1) * p.PerPage).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: find notifications: %w", err)
	}
	out := make([]*opendata.Notification, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, int(total), nil
}

// MarkNotificationsRead implements opendata.NotificationStore.
func (s *DB) MarkNotificationsRead(ctx context.Context, accountID, id int64, now time.Time) (int, error) {
	db := s.db.WithContext(ctx).Table("notifications").Where("account_id = ?", accountID)
	if id > 0 {
		// Already read still counts as found.
		var n int64
		if err := db.Where("id = ?", id).Count(&n).Error; err != nil {
			return 0, fmt.Errorf("storage: find notification %d: %w", id, err)
		}
		if n == 0 {
			return 0, nil
		}
		db = s.db.WithContext(ctx).Table("notifications").Where("account_id = ? AND id = ?", accountID, id)
	}
	res := db.Where("read_at IS NULL").Update("read_at", now)
	if res.Error != nil {
		return 0, fmt.Errorf("storage: mark notifications read: %w", res.Error)
	}
	if id > 0 {
		return 1, nil
	}
	return int(res.RowsAffected), nil
}

// FindNotificationMail implements opendata.NotificationStore.
func (s *DB) FindNotificationMail(ctx context.Context, id int64) (*opendata.Notification, string, error) {
	var rows []notificationRow
	if err := s.db.WithContext(ctx).Table("notifications").Where("id = ?", id).Find(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("storage: find notification %d: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, "", domain.Errorf(domain.ENOTFOUND, "notification_not_found", "No notification %d.", id)
	}
	var email string
	if err := s.db.WithContext(ctx).Table("accounts").Select("email").Where("id = ?", rows[0].AccountID).Scan(&email).Error; err != nil {
		return nil, "", fmt.Errorf("storage: find notification %d address: %w", id, err)
	}
	return rows[0].toDomain(), email, nil
}

// FindClosingBids implements domain.OpenDataStore.
func (s *DB) FindClosingBids(ctx context.Context, from, to time.Time, dedupePrefix string) ([]opendata.ClosingBid, error) {
	var out []opendata.ClosingBid
	// The unique (account_id, dedupe_key) index answers the NOT EXISTS.
	err := s.db.WithContext(ctx).Table("projects p").Joins("JOIN bids b ON b.project_id = p.id AND b.status = 'submitted'").
		Select("p.id AS project_id, p.title, b.agency_id, p.closes_at").
		Where("p.status = 'bidding' AND p.closes_at > ? AND p.closes_at <= ?", from, to).
		Where("NOT EXISTS (SELECT 1 FROM notifications n WHERE n.account_id = b.agency_id AND n.dedupe_key = ? || p.id::text)", dedupePrefix).
		Order("p.id, b.agency_id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find closing bids: %w", err)
	}
	return out, nil
}
