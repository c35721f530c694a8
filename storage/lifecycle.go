package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/market"
)

type lifecycleRow struct {
	ID              int64
	AwardedAgencyID *int64
	PublicityEndsAt *time.Time
	RemainingMicros *int64
	SigningDueAt    *time.Time
	ServiceDueAt    *time.Time
	Overdue         bool
	AcceptedAt      *time.Time
	EvaluationDueAt *time.Time
}

// FindLifecycle implements domain.LifecycleStore. publicity_remaining is
// read as whole microseconds, the resolution of both interval and time.Duration here.
func (s *DB) FindLifecycle(ctx context.Context, projectID int64) (*market.Lifecycle, error) {
	var rows []lifecycleRow
	err := s.db.WithContext(ctx).Table("projects").Select(`id, awarded_agency_id, publicity_ends_at,
		(EXTRACT(EPOCH FROM publicity_remaining) * 1000000)::bigint AS remaining_micros, signing_due_at, service_due_at,
		overdue, accepted_at, evaluation_due_at`).Where("id = ?", projectID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find lifecycle %d: %w", projectID, err)
	}
	if len(rows) == 0 {
		return nil, market.ErrProjectNotFound
	}
	r := rows[0]
	l := &market.Lifecycle{ProjectID: r.ID, AwardedAgencyID: r.AwardedAgencyID, PublicityEndsAt: utcPtr(r.PublicityEndsAt),
		SigningDueAt: utcPtr(r.SigningDueAt), ServiceDueAt: utcPtr(r.ServiceDueAt), Overdue: r.Overdue, AcceptedAt: utcPtr(r.AcceptedAt),
		EvaluationDueAt: utcPtr(r.EvaluationDueAt)}
	if r.RemainingMicros != nil {
		d := time.Duration(*r.RemainingMicros) * time.Microsecond
		l.PublicityRemaining = &d
	}
	return l, nil
}

// SaveLifecycle implements domain.LifecycleStore. It leaves status to
// SetProjectStatus, the one writer of projects.status.
func (s *DB) SaveLifecycle(ctx context.Context, l *market.Lifecycle) error {
	var micros *int64
	if l.PublicityRemaining != nil {
		v := l.PublicityRemaining.Microseconds()
		micros = &v
	}
	err := s.db.WithContext(ctx).Table("projects").Where("id = ?", l.ProjectID).Updates(map[string]any{
		"awarded_agency_id": l.AwardedAgencyID, "publicity_ends_at": l.PublicityEndsAt,
		"publicity_remaining": gorm.Expr("?::bigint * interval '1 microsecond'", micros), "signing_due_at": l.SigningDueAt,
		"service_due_at": l.ServiceDueAt, "overdue": l.Overdue, "accepted_at": l.AcceptedAt, "evaluation_due_at": l.EvaluationDueAt,
		"updated_at": gorm.Expr("clock_timestamp()")}).Error
	if err != nil {
		return fmt.Errorf("storage: save lifecycle %d: %w", l.ProjectID, err)
	}
	return nil
}

// SaveResult implements domain.LifecycleStore.
func (s *DB) SaveResult(ctx context.Context, projectID int64, r *market.Result) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("storage: encode result %d: %w", projectID, err)
	}
	if err := s.db.WithContext(ctx).Table("projects").Where("id = ?", projectID).
		Update("result", gorm.Expr("?::jsonb", string(b))).Error; err != nil {
		return fmt.Errorf("storage: save result %d: %w", projectID, err)
	}
	return nil
}

// dueQueries are the conditions of each due stage, at the moment @now;
// they match domain.Marketplace.advanceDue exactly, so a job never loops
// on a row it leaves unchanged.
var dueQueries = map[string]string{
	// An abnormally low price explained, or pending within its time, holds
	// the result back (domain.lowPriceHeld): such a project is not due.
	domain.DueSelection: "status = 'evaluating' AND method IN ('lowest_price', 'random_draw', 'reverse_auction') AND closed_at <= @now" +
		" AND NOT EXISTS (SELECT 1 FROM low_price_bids l WHERE l.project_id = projects.id" +
		" AND (l.status = 'explained' OR (l.status = 'pending' AND l.due_at > @now)))",
	domain.DuePublicity:  "status = 'publicity' AND publicity_ends_at <= @now",
	domain.DueSigning:    "status = 'awarded' AND signing_due_at <= @now",
	domain.DueService:    "status = 'contracted' AND NOT overdue AND service_due_at <= @now",
	domain.DueEvaluation: "status = 'accepted' AND evaluation_due_at <= @now",
	// Objection deadlines use the partial indexes on objections; the
	// project's status does not matter (see domain.DueObjectionAnswer).
	domain.DueObjectionAnswer: "id IN (SELECT project_id FROM objections WHERE status = 'open' AND answer_due_at <= @now)",
	domain.DueComplaint:       "id IN (SELECT project_id FROM objections WHERE status = 'answered' AND complaint_due_at <= @now)",
}

// FindProjectsDue implements domain.LifecycleStore.
func (s *DB) FindProjectsDue(ctx context.Context, stage string, now time.Time, limit int) ([]int64, error) {
	cond, ok := dueQueries[stage]
	if !ok {
		return nil, fmt.Errorf("storage: unknown due stage %q", stage)
	}
	var ids []int64
	err := s.db.WithContext(ctx).Table("projects").Where(cond, sql.Named("now", now)).Order("id").Limit(limit).
		Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate, Options: clause.LockingOptionsSkipLocked}).
		Pluck("id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find projects due for %s: %w", stage, err)
	}
	return ids, nil
}

type candidateRow struct {
	ProjectID  int64
	Rank       int
	BidID      *int64
	AgencyID   int64
	AgencyName string
	PriceFen   int64
	Score      *float64
	Status     string
	Reason     string
}

// CreateCandidates implements domain.LifecycleStore.
func (s *DB) CreateCandidates(ctx context.Context, cs []*market.ProjectCandidate) error {
	if len(cs) == 0 {
		return nil
	}
	rows := make([]candidateInsert, len(cs))
	for i, c := range cs {
		rows[i] = candidateInsert{ProjectID: c.ProjectID, Rank: c.Rank, BidID: c.BidID, AgencyID: c.AgencyID,
			PriceFen: int64(c.Price), Score: c.Score, Status: c.Status, Reason: c.Reason}
	}
	if err := s.db.WithContext(ctx).CreateInBatches(rows, insertBatch).Error; err != nil {
		return fmt.Errorf("storage: create candidates of project %d: %w", cs[0].ProjectID, err)
	}
	return nil
}

// candidateInsert is the written part of a project_candidates row.
type candidateInsert struct {
	ProjectID int64
	Rank      int
	BidID     *int64
	AgencyID  int64
	PriceFen  int64
	Score     *float64
	Status    string
	Reason    string
}

func (candidateInsert) TableName() string { return "project_candidates" }

// FindCandidates implements domain.LifecycleStore.
func (s *DB) FindCandidates(ctx context.Context, projectID int64) ([]*market.ProjectCandidate, error) {
	var rows []candidateRow
	err := s.db.WithContext(ctx).Table("project_candidates c").Joins("JOIN accounts a ON a.id = c.agency_id").
		Select("c.project_id, c.rank, c.bid_id, c.agency_id, a.name AS agency_name, c.price_fen, c.score::float8 AS score, c.status, c.reason").
		Where("c.project_id = ?", projectID).Order("c.rank").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find candidates %d: %w", projectID, err)
	}
	out := make([]*market.ProjectCandidate, len(rows))
	for i, r := range rows {
		out[i] = &market.ProjectCandidate{ProjectID: r.ProjectID, Rank: r.Rank, BidID: r.BidID, AgencyID: r.AgencyID, AgencyName: r.AgencyName,
			Price: domain.Money(r.PriceFen), Score: r.Score, Status: r.Status, Reason: r.Reason}
	}
	return out, nil
}

// SetCandidateStatus implements domain.LifecycleStore.
func (s *DB) SetCandidateStatus(ctx context.Context, projectID int64, rank int, status, reason string) error {
	err := s.db.WithContext(ctx).Table("project_candidates").Where("project_id = ? AND rank = ?", projectID, rank).
		Updates(map[string]any{"status": status, "reason": reason}).Error
	if err != nil {
		return fmt.Errorf("storage: set candidate %d/%d: %w", projectID, rank, err)
	}
	return nil
}
