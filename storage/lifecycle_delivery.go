package storage

import (
	"context"
	"fmt"
	"time"

	"marketplace/domain"
	"marketplace/domain/files"
	"marketplace/domain/market"
)

type deliveryRow struct {
	ID           int64
	ProjectID    int64
	AgencyID     int64
	Note         string
	FileSha256   *string
	MediaType    *string
	Size         *int64
	Status       string
	ReturnReason string
	DeliveredAt  time.Time
	DecidedAt    *time.Time
}

// CreateDelivery implements domain.LifecycleStore.
func (s *DB) CreateDelivery(ctx context.Context, d *market.Delivery) error {
	var sha *string
	if d.Document != nil {
		sha = &d.Document.SHA256
	}
	row := deliveryInsert{ProjectID: d.ProjectID, AgencyID: d.AgencyID, Note: d.Note, FileSha256: sha, Status: d.Status,
		DeliveredAt: d.DeliveredAt}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("storage: create delivery: %w", err)
	}
	d.ID = row.ID
	return nil
}

// deliveryInsert is the written part of a deliveries row.
type deliveryInsert struct {
	ID          int64
	ProjectID   int64
	AgencyID    int64
	Note        string
	FileSha256  *string
	Status      string
	DeliveredAt time.Time
}

func (deliveryInsert) TableName() string { return "deliveries" }

// UpdateDelivery implements domain.LifecycleStore.
func (s *DB) UpdateDelivery(ctx context.Context, d *market.Delivery) error {
	err := s.db.WithContext(ctx).Table("deliveries").Where("id = ?", d.ID).
		Updates(map[string]any{"status": d.Status, "return_reason": d.ReturnReason, "decided_at": d.DecidedAt}).Error
	if err != nil {
		return fmt.Errorf("storage: update delivery %d: %w", d.ID, err)
	}
	return nil
}

// FindDeliveries implements domain.LifecycleStore.
func (s *DB) FindDeliveries(ctx context.Context, projectID int64) ([]*market.Delivery, error) {
	var rows []deliveryRow
	err := s.db.WithContext(ctx).Table("deliveries d").Joins("LEFT JOIN files f ON f.sha256 = d.file_sha256").
		Select(`d.id, d.project_id, d.agency_id, d.note, d.file_sha256, f.media_type, f.size, d.status,
			d.return_reason, d.delivered_at, d.decided_at`).Where("d.project_id = ?", projectID).Order("d.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find deliveries %d: %w", projectID, err)
	}
	out := make([]*market.Delivery, len(rows))
	for i, r := range rows {
		d := &market.Delivery{ID: r.ID, ProjectID: r.ProjectID, AgencyID: r.AgencyID, Note: r.Note, Status: r.Status,
			ReturnReason: r.ReturnReason, DeliveredAt: r.DeliveredAt.UTC(), DecidedAt: utcPtr(r.DecidedAt)}
		if r.FileSha256 != nil && r.MediaType != nil && r.Size != nil {
			d.Document = &files.Document{SHA256: *r.FileSha256, MediaType: *r.MediaType, Size: *r.Size}
		}
		out[i] = d
	}
	return out, nil
}

type paymentRow struct {
	ID           int64
	ProjectID    int64
	DepartmentID int64
	AmountFen    int64
	PaidOn       string
	BudgetCode   string
	CreatedAt    time.Time
}

// CreatePayment implements domain.LifecycleStore.
func (s *DB) CreatePayment(ctx context.Context, p *market.Payment) error {
	row := paymentInsert{ProjectID: p.ProjectID, DepartmentID: p.DepartmentID, AmountFen: int64(p.Amount), PaidOn: p.PaidOn,
		BudgetCode: p.BudgetCode, CreatedAt: p.CreatedAt}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("storage: create payment: %w", err)
	}
	p.ID = row.ID
	return nil
}

// paymentInsert is a new payments row. PaidOn is a YYYY-MM-DD date, which
// PostgreSQL reads into the date column.
type paymentInsert struct {
	ID           int64
	ProjectID    int64
	DepartmentID int64
	AmountFen    int64
	PaidOn       string
	BudgetCode   string
	CreatedAt    time.Time `gorm:"autoCreateTime:false"` // the caller's clock, never GORM's
}

func (paymentInsert) TableName() string { return "payments" }

// FindPayments implements domain.LifecycleStore.
func (s *DB) FindPayments(ctx context.Context, projectID int64) ([]*market.Payment, error) {
	var rows []paymentRow
	err := s.db.WithContext(ctx).Table("payments").
		Select("id, project_id, department_id, amount_fen, to_char(paid_on, 'YYYY-MM-DD') AS paid_on, budget_code, created_at").
		Where("project_id = ?", projectID).Order("id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find payments %d: %w", projectID, err)
	}
	out := make([]*market.Payment, len(rows))
	for i, r := range rows {
		out[i] = &market.Payment{ID: r.ID, ProjectID: r.ProjectID, DepartmentID: r.DepartmentID, Amount: domain.Money(r.AmountFen),
			PaidOn: r.PaidOn, BudgetCode: r.BudgetCode, CreatedAt: r.CreatedAt.UTC()}
	}
	return out, nil
}

type evaluationRow struct {
	ID         int64
	ProjectID  int64
	AgencyID   int64
	Quality    int
	Timeliness int
	Attitude   int
	Fee        int
	Comment    string
	IsDefault  bool
	Reply      *string
	RepliedAt  *time.Time
	CreatedAt  time.Time
}

var errEvaluationNotFound = &domain.Error{Code: domain.ENOTFOUND, Reason: "evaluation_not_found", Message: "The project has no evaluation yet."}

// CreateEvaluation implements domain.LifecycleStore.
func (s *DB) CreateEvaluation(ctx context.Context, e *market.Evaluation, ownerID int64) error {
	row := evaluationInsert{ProjectID: e.ProjectID, AgencyID: e.AgencyID, OwnerID: ownerID, Quality: e.Quality, Timeliness: e.Timeliness,
		Attitude: e.Attitude, Fee: e.Fee, Comment: e.Comment, IsDefault: e.IsDefault, CreatedAt: e.CreatedAt}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return formatError(fmt.Errorf("storage: create evaluation: %w", err), nil, market.ErrNotAccepted)
	}
	e.ID = row.ID
	return nil
}

// evaluationInsert is a new evaluations row, before any reply.
type evaluationInsert struct {
	ID         int64
	ProjectID  int64
	AgencyID   int64
	OwnerID    int64
	Quality    int
	Timeliness int
	Attitude   int
	Fee        int
	Comment    string
	IsDefault  bool
	CreatedAt  time.Time `gorm:"autoCreateTime:false"` // the caller's clock, never GORM's
}

func (evaluationInsert) TableName() string { return "evaluations" }

// evaluationColumns are the columns of evaluationRow.
const evaluationColumns = "id, project_id, agency_id, quality, timeliness, attitude, fee, comment, is_default, reply, replied_at, created_at"

// FindEvaluation implements domain.LifecycleStore.
func (s *DB) FindEvaluation(ctx context.Context, projectID int64, forUpdate bool) (*market.Evaluation, error) {
	q := s.db.WithContext(ctx).Table("evaluations").Select(evaluationColumns).Where("project_id = ?", projectID)
	q = q.Scopes(forUpdateIf(forUpdate))
	var rows []evaluationRow
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find evaluation %d: %w", projectID, err)
	}
	if len(rows) == 0 {
		return nil, errEvaluationNotFound
	}
	r := rows[0]
	return &market.Evaluation{ID: r.ID, ProjectID: r.ProjectID, AgencyID: r.AgencyID, Quality: r.Quality, Timeliness: r.Timeliness,
		Attitude: r.Attitude, Fee: r.Fee, Comment: r.Comment, IsDefault: r.IsDefault, Reply: r.Reply, RepliedAt: utcPtr(r.RepliedAt),
		CreatedAt: r.CreatedAt.UTC()}, nil
}

// SaveEvaluationReply implements domain.LifecycleStore.
func (s *DB) SaveEvaluationReply(ctx context.Context, e *market.Evaluation) error {
	if err := s.db.WithContext(ctx).Table("evaluations").Where("id = ? AND reply IS NULL", e.ID).
		Updates(map[string]any{"reply": e.Reply, "replied_at": e.RepliedAt}).Error; err != nil {
		return fmt.Errorf("storage: save evaluation reply %d: %w", e.ID, err)
	}
	return nil
}

// FindAgencyEvaluations implements domain.LifecycleStore.
func (s *DB) FindAgencyEvaluations(ctx context.Context, agencyID int64, p domain.Page) ([]*market.Evaluation, int, error) {
	var n int64
	if err := s.db.WithContext(ctx).Table("evaluations").Where("agency_id = ?", agencyID).Count(&n).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count evaluations of %d: %w", agencyID, err)
	}
	var rows []evaluationRow
	err := s.db.WithContext(ctx).Table("evaluations").Select(evaluationColumns).Where("agency_id = ?", agencyID).
		Order("created_at DESC, id DESC").Limit(p.PerPage).Offset(p.Offset()).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("storage: find evaluations of %d: %w", agencyID, err)
	}
	out := make([]*market.Evaluation, len(rows))
	for i, r := range rows {
		out[i] = &market.Evaluation{ID: r.ID, ProjectID: r.ProjectID, AgencyID: r.AgencyID, Quality: r.Quality, Timeliness: r.Timeliness,
			Attitude: r.Attitude, Fee: r.Fee, Comment: r.Comment, IsDefault: r.IsDefault, Reply: r.Reply, RepliedAt: utcPtr(r.RepliedAt),
			CreatedAt: r.CreatedAt.UTC()}
	}
	return out, int(n), nil
}
