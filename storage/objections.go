package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/market"
)

type objectionRow struct {
	// FullCount is a list's total, read beside its rows.
	FullCount      int64 `gorm:"->"`
	ID             int64
	ProjectID      int64
	ObjectorID     int64
	CandidateID    int64
	Reason         string
	Status         string
	Answer         string
	AnswerDueAt    time.Time
	AnsweredAt     *time.Time
	ComplaintDueAt *time.Time
	EscalatedAt    *time.Time
	Decision       string
	DecidedBy      *int64
	DecidedAt      *time.Time
	CreatedAt      time.Time
}

func (objectionRow) TableName() string { return "objections" }

func (r *objectionRow) toDomain() *market.Objection {
	return &market.Objection{ID: r.ID, ProjectID: r.ProjectID, ObjectorID: r.ObjectorID, CandidateID: r.CandidateID, Reason: r.Reason,
		Status: r.Status, Answer: r.Answer, AnswerDueAt: r.AnswerDueAt.UTC(), AnsweredAt: utcPtr(r.AnsweredAt),
		ComplaintDueAt: utcPtr(r.ComplaintDueAt), EscalatedAt: utcPtr(r.EscalatedAt), Decision: r.Decision, DecidedAt: utcPtr(r.DecidedAt), DecidedBy: r.DecidedBy, CreatedAt: r.CreatedAt.UTC()}
}

// CreateObjection implements domain.LifecycleStore.
func (s *DB) CreateObjection(ctx context.Context, o *market.Objection) error {
	row := objectionInsert{ProjectID: o.ProjectID, ObjectorID: o.ObjectorID, CandidateID: o.CandidateID, Reason: o.Reason,
		Status: o.Status, AnswerDueAt: o.AnswerDueAt, CreatedAt: o.CreatedAt}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("storage: create objection: %w", err)
	}
	o.ID = row.ID
	return nil
}

// objectionInsert is a new objections row; the answer and decision columns
// keep their defaults until then.
type objectionInsert struct {
	ID          int64
	ProjectID   int64
	ObjectorID  int64
	CandidateID int64
	Reason      string
	Status      string
	AnswerDueAt time.Time
	CreatedAt   time.Time `gorm:"autoCreateTime:false"` // the caller's clock, never GORM's
}

func (objectionInsert) TableName() string { return "objections" }

// FindObjection implements domain.LifecycleStore.
func (s *DB) FindObjection(ctx context.Context, id int64, forUpdate bool) (*market.Objection, error) {
	q := s.db.WithContext(ctx)
	q = q.Scopes(forUpdateIf(forUpdate))
	var r objectionRow
	if err := q.First(&r, id).Error; err != nil {
		return nil, formatError(fmt.Errorf("storage: find objection %d: %w", id, err), market.ErrObjectionNotFound, nil)
	}
	return r.toDomain(), nil
}

// FindObjections implements domain.LifecycleStore.
func (s *DB) FindObjections(ctx context.Context, projectID int64) ([]*market.Objection, error) {
	var rows []objectionRow
	if err := s.db.WithContext(ctx).Where("project_id = ?", projectID).Order("created_at, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find objections %d: %w", projectID, err)
	}
	out := make([]*market.Objection, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// FindEscalatedObjections implements domain.LifecycleStore: the complaints
// awaiting an admin, oldest escalation first.
func (s *DB) FindEscalatedObjections(ctx context.Context, p domain.Page) ([]*market.Objection, int, error) {
	base := func() *gorm.DB {
		return s.db.WithContext(ctx).Model(&objectionRow{}).Where("status = ?", market.ObjectionEscalated)
	}
	var rows []objectionRow
	if err := base().Select("*" + fullCount).Order("escalated_at, id").Offset(p.Offset()).Limit(p.PerPage).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: find complaints: %w", err)
	}
	var first int64
	if len(rows) > 0 {
		first = rows[0].FullCount
	}
	total, err := listTotal(len(rows), first, p, func() (int64, error) {
		var n int64
		err := base().Count(&n).Error
		return n, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("storage: count complaints: %w", err)
	}
	out := make([]*market.Objection, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, total, nil
}

// UpdateObjection implements domain.LifecycleStore.
func (s *DB) UpdateObjection(ctx context.Context, o *market.Objection) error {
	err := s.db.WithContext(ctx).Table("objections").Where("id = ?", o.ID).Updates(map[string]any{
		"status": o.Status, "answer": o.Answer, "answered_at": o.AnsweredAt, "complaint_due_at": o.ComplaintDueAt,
		"escalated_at": o.EscalatedAt, "decision": o.Decision, "decided_at": o.DecidedAt, "decided_by": o.DecidedBy}).Error
	if err != nil {
		return fmt.Errorf("storage: update objection %d: %w", o.ID, err)
	}
	return nil
}

// FindDueObjections implements domain.LifecycleStore. The conditions are
// those of market.Objection.Overdue.
func (s *DB) FindDueObjections(ctx context.Context, projectID int64, now time.Time) ([]*market.Objection, error) {
	var rows []objectionRow
	err := s.db.WithContext(ctx).Where("project_id = ?", projectID).
		Where("(status = 'open' AND answer_due_at <= ?) OR (status = 'answered' AND complaint_due_at <= ?)", now, now).
		Order("coalesce(complaint_due_at, answer_due_at), id").Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).
		Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find due objections of %d: %w", projectID, err)
	}
	out := make([]*market.Objection, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// CountUnresolvedObjections implements domain.LifecycleStore.
func (s *DB) CountUnresolvedObjections(ctx context.Context, projectID, candidateID int64) (int, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&objectionRow{}).
		Where("project_id = ? AND candidate_id = ? AND status IN ('open', 'answered', 'escalated')", projectID, candidateID).
		Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("storage: count objections %d: %w", projectID, err)
	}
	return int(n), nil
}
