package storage

import (
	"context"
	"fmt"
	"time"

	"marketplace/domain"
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
func (s *DB) CreateDelivery(ctx context.Context, d *domain.Delivery) error {
	var sha *string
	if d.Document != nil {
		sha = &d.Document.SHA256
	}
	err := s.db.WithContext(ctx).Raw(`INSERT INTO deliveries (project_id, agency_id, note, file_sha256, status, delivered_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, d.ProjectID, d.AgencyID, d.Note, sha, d.Status, d.DeliveredAt).Scan(&d.ID).Error
	if err != nil {
		return fmt.Errorf("storage: create delivery: %w", err)
	}
	return nil
}

// UpdateDelivery implements domain.LifecycleStore.
func (s *DB) UpdateDelivery(ctx context.Context, d *domain.Delivery) error {
	err := s.db.WithContext(ctx).Exec("UPDATE deliveries SET status = ?, return_reason = ?, decided_at = ? WHERE id = ?",
		d.Status, d.ReturnReason, d.DecidedAt, d.ID).Error
	if err != nil {
		return fmt.Errorf("storage: update delivery %d: %w", d.ID, err)
	}
	return nil
}

// FindDeliveries implements domain.LifecycleStore.
func (s *DB) FindDeliveries(ctx context.Context, projectID int64) ([]*domain.Delivery, error) {
	var rows []deliveryRow
	err := s.db.WithContext(ctx).Raw(`SELECT d.id, d.project_id, d.agency_id, d.note, d.file_sha256, f.media_type, f.size, d.status,
		d.return_reason, d.delivered_at, d.decided_at FROM deliveries d LEFT JOIN files f ON f.sha256 = d.file_sha256
		WHERE d.project_id = ? ORDER BY d.id`, projectID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find deliveries %d: %w", projectID, err)
	}
	out := make([]*domain.Delivery, len(rows))
	for i, r := range rows {
		d := &domain.Delivery{ID: r.ID, ProjectID: r.ProjectID, AgencyID: r.AgencyID, Note: r.Note, Status: r.Status,
			ReturnReason: r.ReturnReason, DeliveredAt: r.DeliveredAt.UTC(), DecidedAt: utcPtr(r.DecidedAt)}
		if r.FileSha256 != nil && r.MediaType != nil && r.Size != nil {
			d.Document = &domain.Document{SHA256: *r.FileSha256, MediaType: *r.MediaType, Size: *r.Size}
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
func (s *DB) CreatePayment(ctx context.Context, p *domain.Payment) error {
	err := s.db.WithContext(ctx).Raw(`INSERT INTO payments (project_id, department_id, amount_fen, paid_on, budget_code, created_at)
		VALUES (?, ?, ?, ?::date, ?, ?) RETURNING id`, p.ProjectID, p.DepartmentID, int64(p.Amount), p.PaidOn, p.BudgetCode, p.CreatedAt).Scan(&p.ID).Error
	if err != nil {
		return fmt.Errorf("storage: create payment: %w", err)
	}
	return nil
}

// FindPayments implements domain.LifecycleStore.
func (s *DB) FindPayments(ctx context.Context, projectID int64) ([]*domain.Payment, error) {
	var rows []paymentRow
	err := s.db.WithContext(ctx).Raw(`SELECT id, project_id, department_id, amount_fen, to_char(paid_on, 'YYYY-MM-DD') AS paid_on, budget_code,
		created_at FROM payments WHERE project_id = ? ORDER BY id`, projectID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find payments %d: %w", projectID, err)
	}
	out := make([]*domain.Payment, len(rows))
	for i, r := range rows {
		out[i] = &domain.Payment{ID: r.ID, ProjectID: r.ProjectID, DepartmentID: r.DepartmentID, Amount: domain.Money(r.AmountFen),
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
func (s *DB) CreateEvaluation(ctx context.Context, e *domain.Evaluation, ownerID int64) error {
	err := s.db.WithContext(ctx).Raw(`INSERT INTO evaluations (project_id, agency_id, owner_id, quality, timeliness, attitude, fee, comment,
		is_default, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.ProjectID, e.AgencyID, ownerID, e.Quality, e.Timeliness,
		e.Attitude, e.Fee, e.Comment, e.IsDefault, e.CreatedAt).Scan(&e.ID).Error
	if err != nil {
		return formatError(fmt.Errorf("storage: create evaluation: %w", err), nil, domain.ErrNotAccepted)
	}
	return nil
}

// FindEvaluation implements domain.LifecycleStore.
func (s *DB) FindEvaluation(ctx context.Context, projectID int64, forUpdate bool) (*domain.Evaluation, error) {
	q := `SELECT id, project_id, agency_id, quality, timeliness, attitude, fee, comment, is_default, reply, replied_at, created_at
		FROM evaluations WHERE project_id = ?`
	if forUpdate {
		q += " FOR UPDATE"
	}
	var rows []evaluationRow
	if err := s.db.WithContext(ctx).Raw(q, projectID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find evaluation %d: %w", projectID, err)
	}
	if len(rows) == 0 {
		return nil, errEvaluationNotFound
	}
	r := rows[0]
	return &domain.Evaluation{ID: r.ID, ProjectID: r.ProjectID, AgencyID: r.AgencyID, Quality: r.Quality, Timeliness: r.Timeliness,
		Attitude: r.Attitude, Fee: r.Fee, Comment: r.Comment, IsDefault: r.IsDefault, Reply: r.Reply, RepliedAt: utcPtr(r.RepliedAt),
		CreatedAt: r.CreatedAt.UTC()}, nil
}

// SaveEvaluationReply implements domain.LifecycleStore.
func (s *DB) SaveEvaluationReply(ctx context.Context, e *domain.Evaluation) error {
	if err := s.db.WithContext(ctx).Exec("UPDATE evaluations SET reply = ?, replied_at = ? WHERE id = ? AND reply IS NULL",
		e.Reply, e.RepliedAt, e.ID).Error; err != nil {
		return fmt.Errorf("storage: save evaluation reply %d: %w", e.ID, err)
	}
	return nil
}

// FindAgencyEvaluations implements domain.LifecycleStore.
func (s *DB) FindAgencyEvaluations(ctx context.Context, agencyID int64, p domain.Page) ([]*domain.Evaluation, int, error) {
	var n int64
	if err := s.db.WithContext(ctx).Raw("SELECT count(*) FROM evaluations WHERE agency_id = ?", agencyID).Scan(&n).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count evaluations of %d: %w", agencyID, err)
	}
	var rows []evaluationRow
	err := s.db.WithContext(ctx).Raw(`SELECT id, project_id, agency_id, quality, timeliness, attitude, fee, comment, is_default, reply,
		replied_at, created_at FROM evaluations WHERE agency_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
		agencyID, p.PerPage, p.Offset()).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("storage: find evaluations of %d: %w", agencyID, err)
	}
	out := make([]*domain.Evaluation, len(rows))
	for i, r := range rows {
		out[i] = &domain.Evaluation{ID: r.ID, ProjectID: r.ProjectID, AgencyID: r.AgencyID, Quality: r.Quality, Timeliness: r.Timeliness,
			Attitude: r.Attitude, Fee: r.Fee, Comment: r.Comment, IsDefault: r.IsDefault, Reply: r.Reply, RepliedAt: utcPtr(r.RepliedAt),
			CreatedAt: r.CreatedAt.UTC()}
	}
	return out, int(n), nil
}
