package storage

import (
	"context"
	"fmt"
	"time"

	"marketplace/domain"
	"marketplace/domain/market"
)

type awardedProjectRow struct {
	ID           int64
	Title        string
	Status       string
	SigningDueAt *time.Time
	ServiceDueAt *time.Time
	AgencySigned bool
	Evaluated    bool
	Replied      bool
}

// FindAwardedProjects implements domain.LifecycleStore in one statement
// (projects_awarded_idx). Completed projects whose evaluation is answered
// (or absent) are left out here only to keep the rows few over the years;
// AwardedProject.NextTask decides what is a task.
func (s *DB) FindAwardedProjects(ctx context.Context, agencyID int64, statuses []string) ([]*domain.AwardedProject, error) {
	var rows []awardedProjectRow
	err := s.db.WithContext(ctx).Table("projects p").
		Joins("LEFT JOIN contracts c ON c.project_id = p.id AND c.agency_id = p.awarded_agency_id").
		Joins("LEFT JOIN evaluations e ON e.project_id = p.id").
		Select(`p.id, p.title, p.status, p.signing_due_at, p.service_due_at, c.agency_signed_at IS NOT NULL AS agency_signed,
			e.id IS NOT NULL AS evaluated, e.reply IS NOT NULL AS replied`).
		Where("p.awarded_agency_id = ? AND p.status IN ?", agencyID, statuses).
		Where("p.status <> ? OR (e.id IS NOT NULL AND e.reply IS NULL)", market.ProjectCompleted).
		Order("p.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find projects awarded to %d: %w", agencyID, err)
	}
	out := make([]*domain.AwardedProject, len(rows))
	for i, r := range rows {
		out[i] = &domain.AwardedProject{ProjectID: r.ID, Title: r.Title, Status: r.Status, SigningDueAt: utcPtr(r.SigningDueAt),
			ServiceDueAt: utcPtr(r.ServiceDueAt), AgencySigned: r.AgencySigned, Evaluated: r.Evaluated, Replied: r.Replied}
	}
	return out, nil
}

type ownerStageRow struct {
	ProjectID       int64
	Status          string
	PublicityEndsAt *time.Time
	SigningDueAt    *time.Time
	ServiceDueAt    *time.Time
	EvaluationDueAt *time.Time
	OwnerSigned     bool
	ObjectionDueAt  *time.Time
}

// FindOwnerStages implements domain.LifecycleStore in one statement.
func (s *DB) FindOwnerStages(ctx context.Context, ownerID int64, ids []int64) ([]*domain.OwnerStage, error) {
	var rows []ownerStageRow
	err := s.db.WithContext(ctx).Table("projects p").Joins("LEFT JOIN contracts c ON c.project_id = p.id").
		Select(`p.id AS project_id, p.status, p.publicity_ends_at, p.signing_due_at,
			p.service_due_at, p.evaluation_due_at, c.owner_signed_at IS NOT NULL AS owner_signed,
			(SELECT o.answer_due_at FROM objections o WHERE o.project_id = p.id AND o.status = ?
				ORDER BY o.created_at, o.id LIMIT 1) AS objection_due_at`, market.ObjectionOpen).
		Where("p.owner_id = ? AND p.id IN ?", ownerID, ids).Order("p.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find the stages of owner %d's projects: %w", ownerID, err)
	}
	out := make([]*domain.OwnerStage, len(rows))
	for i, r := range rows {
		out[i] = &domain.OwnerStage{ProjectID: r.ProjectID, Status: r.Status, PublicityEndsAt: utcPtr(r.PublicityEndsAt),
			SigningDueAt: utcPtr(r.SigningDueAt), ServiceDueAt: utcPtr(r.ServiceDueAt), EvaluationDueAt: utcPtr(r.EvaluationDueAt),
			OwnerSigned: r.OwnerSigned, ObjectionDueAt: utcPtr(r.ObjectionDueAt)}
	}
	return out, nil
}
