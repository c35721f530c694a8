package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"marketplace/domain"
	"marketplace/domain/credit"
)

type violationRow struct {
	ID            int64 `gorm:"primaryKey;->"`
	AgencyID      int64
	DepartmentID  int64
	Kind          string
	Severity      int
	Points        int
	Reason        string
	ReasonText    *domain.Text `gorm:"type:jsonb"`
	Evidence      string
	ProjectID     *int64
	Status        string
	ConfirmedBy   *int64
	ConfirmedAt   *time.Time
	CreditEventID *int64
	CreatedAt     time.Time
	// AgencyName is read by the list (joined), never written.
	AgencyName string `gorm:"->"`
	// FullCount is the list's total, read beside its rows.
	FullCount int64 `gorm:"->"`
}

func (violationRow) TableName() string { return "violations" }

func (r *violationRow) toDomain() *credit.Violation {
	return &credit.Violation{ID: r.ID, AgencyID: r.AgencyID, AgencyName: r.AgencyName, DepartmentID: r.DepartmentID, Kind: r.Kind, Severity: r.Severity,
		Points: r.Points, Reason: r.Reason, ReasonText: r.ReasonText, Evidence: r.Evidence, ProjectID: r.ProjectID, Status: r.Status,
		ConfirmedBy: r.ConfirmedBy, ConfirmedAt: r.ConfirmedAt, CreditEventID: r.CreditEventID, CreatedAt: r.CreatedAt.UTC()}
}

var errViolationNotFound = &domain.Error{Code: domain.ENOTFOUND, Reason: "violation_not_found", Message: "No violation with this id."}

// CreateViolation implements credit.Records.
func (s *DB) CreateViolation(ctx context.Context, v *credit.Violation) error {
	r := violationRow{AgencyID: v.AgencyID, DepartmentID: v.DepartmentID, Kind: v.Kind, Severity: v.Severity, Points: v.Points,
		Reason: v.Reason, ReasonText: v.ReasonText, Evidence: v.Evidence, ProjectID: v.ProjectID, Status: v.Status, CreatedAt: v.CreatedAt}
	if err := s.db.WithContext(ctx).Create(&r).Error; err != nil {
		return fmt.Errorf("storage: create violation: %w", err)
	}
	v.ID = r.ID
	return nil
}

// FindViolation implements credit.Records.
func (s *DB) FindViolation(ctx context.Context, id int64, forUpdate bool) (*credit.Violation, error) {
	q := s.db.WithContext(ctx)
	q = q.Scopes(forUpdateIf(forUpdate))
	var r violationRow
	if err := q.Take(&r, id).Error; err != nil {
		return nil, formatError(err, errViolationNotFound, nil)
	}
	return r.toDomain(), nil
}

// UpdateViolation implements credit.Records.
func (s *DB) UpdateViolation(ctx context.Context, v *credit.Violation) error {
	err := s.db.WithContext(ctx).Table("violations").Where("id = ?", v.ID).Updates(map[string]any{
		"status": v.Status, "confirmed_by": v.ConfirmedBy, "confirmed_at": v.ConfirmedAt, "credit_event_id": v.CreditEventID}).Error
	if err != nil {
		return fmt.Errorf("storage: update violation %d: %w", v.ID, err)
	}
	return nil
}

// FindViolations implements credit.Records.
func (s *DB) FindViolations(ctx context.Context, f credit.ViolationFilter) ([]*credit.Violation, int, error) {
	base := func() *gorm.DB {
		q := s.db.WithContext(ctx).Model(&violationRow{}).Joins("JOIN accounts ag ON ag.id = violations.agency_id")
		if f.Status != "" {
			q = q.Where("violations.status = ?", f.Status)
		}
		if f.AgencyID != 0 {
			q = q.Where("violations.agency_id = ?", f.AgencyID)
		}
		return q
	}
	var rows []violationRow
	if err := base().Select("violations.*, ag.name AS agency_name" + fullCount).Order("violations.id DESC").Offset(f.Page.Offset()).
		Limit(f.Page.PerPage).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: find violations: %w", err)
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
		return nil, 0, fmt.Errorf("storage: count violations: %w", err)
	}
	out := make([]*credit.Violation, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, total, nil
}

// CreditProjectOwner implements credit.Records.
func (s *DB) CreditProjectOwner(ctx context.Context, projectID int64) (int64, error) {
	var owners []int64
	if err := s.db.WithContext(ctx).Table("projects").Where("id = ?", projectID).Pluck("owner_id", &owners).Error; err != nil {
		return 0, fmt.Errorf("storage: project owner %d: %w", projectID, err)
	}
	if len(owners) == 0 {
		return 0, credit.ErrProjectNotFound
	}
	return owners[0], nil
}

type appealRow struct {
	ID             int64 `gorm:"primaryKey;->"`
	EventID        int64
	AgencyID       int64
	Reason         string
	Status         string
	DecisionReason string
	DecidedBy      *int64
	DecidedAt      *time.Time
	VoidEventID    *int64
	CreatedAt      time.Time
}

func (appealRow) TableName() string { return "credit_appeals" }

// CreateAppeal implements credit.Records.
func (s *DB) CreateAppeal(ctx context.Context, a *credit.Appeal) error {
	r := appealRow{EventID: a.EventID, AgencyID: a.AgencyID, Reason: a.Reason, Status: a.Status, CreatedAt: a.CreatedAt}
	err := s.db.WithContext(ctx).Create(&r).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return domain.Errorf(domain.ECONFLICT, "already_appealed", "This credit event has already been appealed; an event is appealed once.")
	} else if err != nil {
		return fmt.Errorf("storage: create appeal: %w", err)
	}
	a.ID = r.ID
	return nil
}

// FindAppeal implements credit.Records.
func (s *DB) FindAppeal(ctx context.Context, id int64, forUpdate bool) (*credit.Appeal, error) {
	q := s.db.WithContext(ctx)
	q = q.Scopes(forUpdateIf(forUpdate))
	var r appealRow
	if err := q.Take(&r, id).Error; err != nil {
		return nil, formatError(err, credit.ErrAppealNotFound, nil)
	}
	return &credit.Appeal{ID: r.ID, EventID: r.EventID, AgencyID: r.AgencyID, Reason: r.Reason, Status: r.Status,
		Decision: r.DecisionReason, DecidedBy: r.DecidedBy, DecidedAt: r.DecidedAt, VoidEventID: r.VoidEventID, CreatedAt: r.CreatedAt.UTC()}, nil
}

// UpdateAppeal implements credit.Records.
func (s *DB) UpdateAppeal(ctx context.Context, a *credit.Appeal) error {
	err := s.db.WithContext(ctx).Table("credit_appeals").Where("id = ?", a.ID).Updates(map[string]any{
		"status": a.Status, "decision_reason": a.Decision, "decided_by": a.DecidedBy, "decided_at": a.DecidedAt,
		"void_event_id": a.VoidEventID}).Error
	if err != nil {
		return fmt.Errorf("storage: update appeal %d: %w", a.ID, err)
	}
	return nil
}
