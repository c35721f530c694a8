package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"marketplace/domain"
)

type confirmationRow struct {
	// FullCount is the list's total, read beside its rows.
	FullCount       int64 `gorm:"->"`
	ID              int64 `gorm:"primaryKey;->"`
	Subject         string
	SubjectID       int64
	RequestedBy     int64
	RequestedByName string `gorm:"->"`
	Status          string
	ConfirmedBy     *int64
	ConfirmedAt     *time.Time
	CreatedAt       time.Time
}

func (confirmationRow) TableName() string { return "confirmations" }

func (r *confirmationRow) toDomain() *domain.Confirmation {
	return &domain.Confirmation{ID: r.ID, Subject: r.Subject, SubjectID: r.SubjectID, RequestedBy: r.RequestedBy,
		RequestedByName: r.RequestedByName, Status: r.Status, ConfirmedBy: r.ConfirmedBy, ConfirmedAt: utcPtr(r.ConfirmedAt),
		CreatedAt: r.CreatedAt.UTC()}
}

const confirmationSelect = `SELECT c.*, a.name AS requested_by_name FROM confirmations c JOIN accounts a ON a.id = c.requested_by`

// CreateConfirmation implements domain.ConfirmationStore.
func (s *DB) CreateConfirmation(ctx context.Context, c *domain.Confirmation) error {
	r := confirmationRow{Subject: c.Subject, SubjectID: c.SubjectID, RequestedBy: c.RequestedBy, Status: c.Status, CreatedAt: c.CreatedAt}
	if err := s.db.WithContext(ctx).Omit("RequestedByName").Create(&r).Error; err != nil {
		return fmt.Errorf("storage: create confirmation: %w", err)
	}
	c.ID = r.ID
	return s.db.WithContext(ctx).Raw("SELECT name FROM accounts WHERE id = ?", c.RequestedBy).Scan(&c.RequestedByName).Error
}

func (s *DB) findConfirmation(ctx context.Context, where string, args ...any) (*domain.Confirmation, error) {
	var rows []confirmationRow
	if err := s.db.WithContext(ctx).Raw(confirmationSelect+" WHERE "+where, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find confirmation: %w", err)
	}
	if len(rows) == 0 {
		return nil, domain.ErrConfirmationNotFound
	}
	return rows[0].toDomain(), nil
}

// FindConfirmation implements domain.ConfirmationStore.
func (s *DB) FindConfirmation(ctx context.Context, id int64, forUpdate bool) (*domain.Confirmation, error) {
	lock := ""
	if forUpdate {
		lock = " FOR UPDATE OF c"
	}
	return s.findConfirmation(ctx, "c.id = ?"+lock, id)
}

// FindConfirmationOf implements domain.ConfirmationStore.
func (s *DB) FindConfirmationOf(ctx context.Context, subject string, subjectID int64) (*domain.Confirmation, error) {
	return s.findConfirmation(ctx, "c.subject = ? AND c.subject_id = ? FOR UPDATE OF c", subject, subjectID)
}

// UpdateConfirmation implements domain.ConfirmationStore.
func (s *DB) UpdateConfirmation(ctx context.Context, c *domain.Confirmation) error {
	err := s.db.WithContext(ctx).Exec("UPDATE confirmations SET status = ?, confirmed_by = ?, confirmed_at = ? WHERE id = ?",
		c.Status, c.ConfirmedBy, c.ConfirmedAt, c.ID).Error
	if err != nil {
		return fmt.Errorf("storage: update confirmation %d: %w", c.ID, err)
	}
	return nil
}

// FindConfirmations implements domain.ConfirmationStore.
func (s *DB) FindConfirmations(ctx context.Context, f domain.ConfirmationFilter) ([]*domain.Confirmation, int, error) {
	base := func() *gorm.DB {
		q := s.db.WithContext(ctx).Table("confirmations c").Joins("JOIN accounts a ON a.id = c.requested_by")
		if f.Status != "" {
			q = q.Where("c.status = ?", f.Status)
		}
		if f.Subject != "" {
			q = q.Where("c.subject = ?", f.Subject)
		}
		return q
	}
	var rows []confirmationRow
	if err := base().Select("c.*, a.name AS requested_by_name" + fullCount).Order("c.id DESC").
		Offset(f.Page.Offset()).Limit(f.Page.PerPage).Scan(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: find confirmations: %w", err)
	}
	var first int64
	if len(rows) > 0 {
		first = rows[0].FullCount
	}
	total, err := listTotal(len(rows), first, f.Page, func() (int64, error) {
		var n int64
		err := base().Count(&n).Error
		return n, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("storage: count confirmations: %w", err)
	}
	out := make([]*domain.Confirmation, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, total, nil
}
