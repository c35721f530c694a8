package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

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

// confirmationsJoined is confirmations with the accounts that requested
// them, the rows of confirmationsQuery and of a list's count.
func confirmationsJoined(db *gorm.DB) *gorm.DB {
	return db.Table("confirmations c").Joins("JOIN accounts a ON a.id = c.requested_by")
}

// confirmationsQuery reads confirmationRow with the requester's name.
func confirmationsQuery(db *gorm.DB) *gorm.DB {
	return confirmationsJoined(db).Select("c.*, a.name AS requested_by_name")
}

// lockConfirmation locks the confirmation row only, not its requester's.
var lockConfirmation = clause.Locking{Strength: clause.LockingStrengthUpdate, Table: clause.Table{Name: "c"}}

// CreateConfirmation implements domain.ConfirmationStore.
func (s *DB) CreateConfirmation(ctx context.Context, c *domain.Confirmation) error {
	r := confirmationRow{Subject: c.Subject, SubjectID: c.SubjectID, RequestedBy: c.RequestedBy, Status: c.Status, CreatedAt: c.CreatedAt}
	if err := s.db.WithContext(ctx).Omit("RequestedByName").Create(&r).Error; err != nil {
		return fmt.Errorf("storage: create confirmation: %w", err)
	}
	c.ID = r.ID
	return s.db.WithContext(ctx).Table("accounts").Select("name").Where("id = ?", c.RequestedBy).Scan(&c.RequestedByName).Error
}

// findConfirmation reads the confirmation that q (a confirmationsQuery)
// selects.
func (s *DB) findConfirmation(q *gorm.DB) (*domain.Confirmation, error) {
	var rows []confirmationRow
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find confirmation: %w", err)
	}
	if len(rows) == 0 {
		return nil, domain.ErrConfirmationNotFound
	}
	return rows[0].toDomain(), nil
}

// FindConfirmation implements domain.ConfirmationStore.
func (s *DB) FindConfirmation(ctx context.Context, id int64, forUpdate bool) (*domain.Confirmation, error) {
	q := confirmationsQuery(s.db.WithContext(ctx)).Where("c.id = ?", id)
	if forUpdate {
		q = q.Clauses(lockConfirmation)
	}
	return s.findConfirmation(q)
}

// FindConfirmationOf implements domain.ConfirmationStore.
func (s *DB) FindConfirmationOf(ctx context.Context, subject string, subjectID int64) (*domain.Confirmation, error) {
	return s.findConfirmation(confirmationsQuery(s.db.WithContext(ctx)).
		Where("c.subject = ? AND c.subject_id = ?", subject, subjectID).Clauses(lockConfirmation))
}

// UpdateConfirmation implements domain.ConfirmationStore.
func (s *DB) UpdateConfirmation(ctx context.Context, c *domain.Confirmation) error {
	err := s.db.WithContext(ctx).Table("confirmations").Where("id = ?", c.ID).
		Updates(map[string]any{"status": c.Status, "confirmed_by": c.ConfirmedBy, "confirmed_at": c.ConfirmedAt}).Error
	if err != nil {
		return fmt.Errorf("storage: update confirmation %d: %w", c.ID, err)
	}
	return nil
}

// confirmationFilter narrows confirmationsJoined to f's status and subject.
func confirmationFilter(f domain.ConfirmationFilter) func(*gorm.DB) *gorm.DB {
	return func(q *gorm.DB) *gorm.DB {
		if f.Status != "" {
			q = q.Where("c.status = ?", f.Status)
		}
		if f.Subject != "" {
			q = q.Where("c.subject = ?", f.Subject)
		}
		return q
	}
}

// FindConfirmations implements domain.ConfirmationStore.
func (s *DB) FindConfirmations(ctx context.Context, f domain.ConfirmationFilter) ([]*domain.Confirmation, int, error) {
	base := func() *gorm.DB { return confirmationsJoined(s.db.WithContext(ctx)).Scopes(confirmationFilter(f)) }
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
