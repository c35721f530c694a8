package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"marketplace/domain"
	"marketplace/domain/platformnotice"
)

type platformNoticeRow struct {
	ID          int64 `gorm:"primaryKey"`
	Title       string
	Body        string
	PublishedAt time.Time
	PublishedBy int64
}

func (platformNoticeRow) TableName() string { return "platform_notices" }

func (r *platformNoticeRow) toDomain() *platformnotice.Notice {
	return &platformnotice.Notice{ID: r.ID, Title: r.Title, Body: r.Body, PublishedAt: r.PublishedAt.UTC(), PublishedBy: r.PublishedBy}
}

// CreatePlatformNotice implements platformnotice.Store.
func (s *DB) CreatePlatformNotice(ctx context.Context, n *platformnotice.Notice) error {
	r := platformNoticeRow{Title: n.Title, Body: n.Body, PublishedAt: n.PublishedAt, PublishedBy: n.PublishedBy}
	if err := s.db.WithContext(ctx).Create(&r).Error; err != nil {
		return fmt.Errorf("storage: create notice: %w", err)
	}
	n.ID = r.ID
	return nil
}

// ListPlatformNotices implements platformnotice.Store: newest first.
func (s *DB) ListPlatformNotices(ctx context.Context, p domain.Page) ([]*platformnotice.Notice, int, error) {
	var total int64
	db := s.db.WithContext(ctx).Model(&platformNoticeRow{})
	if err := db.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count notices: %w", err)
	}
	var rows []platformNoticeRow
	if err := s.db.WithContext(ctx).Order("published_at DESC, id DESC").Limit(p.PerPage).Offset(p.Offset()).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: list notices: %w", err)
	}
	out := make([]*platformnotice.Notice, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, int(total), nil
}

// FindPlatformNotice implements platformnotice.Store.
func (s *DB) FindPlatformNotice(ctx context.Context, id int64) (*platformnotice.Notice, error) {
	var r platformNoticeRow
	if err := s.db.WithContext(ctx).First(&r, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, platformnotice.ErrNotFound
		}
		return nil, fmt.Errorf("storage: find notice: %w", err)
	}
	return r.toDomain(), nil
}
