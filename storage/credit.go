package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/credit"
)

type creditStandingRow struct {
	AgencyID       int64
	Name           string
	Status         string
	Points         int
	Score          int
	Grade          string
	AsOf           time.Time
	SuspendedUntil *time.Time
}

// FindCreditStanding implements credit.Records.
func (s *DB) FindCreditStanding(ctx context.Context, agencyID int64, forUpdate bool) (*credit.Standing, error) {
	if forUpdate {
		// Lock first, then read in a new statement: a joined SELECT … FOR
		// UPDATE OF p that waited for the lock would re-read p but return
		// the accounts row (the status) from its old snapshot.
		var locked []int64
		err := s.db.WithContext(ctx).Table("agency_profiles").Where("account_id = ?", agencyID).
			Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).Pluck("account_id", &locked).Error
		if err != nil {
			return nil, fmt.Errorf("storage: lock credit standing %d: %w", agencyID, err)
		}
		if len(locked) == 0 {
			return nil, credit.ErrAgencyNotFound
		}
	}
	var rows []creditStandingRow
	err := s.db.WithContext(ctx).Table("agency_profiles p").Joins("JOIN accounts a ON a.id = p.account_id").
		Select(`a.id AS agency_id, a.name, a.status, p.credit_points AS points, p.credit_score AS score,
			p.credit_grade AS grade, p.credit_as_of AS as_of, p.suspended_until`).
		Where("p.account_id = ? AND a.role = 'agency'", agencyID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find credit standing %d: %w", agencyID, err)
	}
	if len(rows) == 0 {
		return nil, credit.ErrAgencyNotFound
	}
	r := rows[0]
	return &credit.Standing{AgencyID: r.AgencyID, Name: r.Name, Status: r.Status, Points: r.Points, Score: r.Score,
		Grade: r.Grade, AsOf: r.AsOf.UTC(), SuspendedUntil: r.SuspendedUntil}, nil
}

// SaveCreditStanding implements credit.Records.
func (s *DB) SaveCreditStanding(ctx context.Context, st *credit.Standing) error {
	db := s.db.WithContext(ctx)
	err := db.Table("agency_profiles").Where("account_id = ?", st.AgencyID).Updates(map[string]any{
		"credit_points": st.Points, "credit_score": st.Score, "credit_grade": st.Grade, "credit_as_of": st.AsOf,
		"suspended_until": st.SuspendedUntil, "updated_at": gorm.Expr("clock_timestamp()")}).Error
	if err != nil {
		return fmt.Errorf("storage: save credit standing %d: %w", st.AgencyID, err)
	}
	err = db.Table("accounts").Where("id = ? AND status <> ?", st.AgencyID, st.Status).
		Updates(map[string]any{"status": st.Status, "updated_at": gorm.Expr("clock_timestamp()")}).Error
	if err != nil {
		return fmt.Errorf("storage: save agency status %d: %w", st.AgencyID, err)
	}
	return nil
}

// unvoided is the anti-join every score computation shares.
const unvoided = "NOT EXISTS (SELECT 1 FROM credit_events v WHERE v.voids_event_id = e.id)"

// ExpiredCreditPoints implements credit.Records.
func (s *DB) ExpiredCreditPoints(ctx context.Context, agencyID int64, after, upTo time.Time) (int, error) {
	var n int
	err := s.db.WithContext(ctx).Table("credit_events e").Select("coalesce(sum("+effectivePoints+"), 0)").
		Where("e.agency_id = ? AND e.expires_at > ? AND e.expires_at <= ? AND "+unvoided, agencyID, after, upTo).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("storage: expired credit points %d: %w", agencyID, err)
	}
	return n, nil
}

// InsertCreditEvent implements credit.Records.
func (s *DB) InsertCreditEvent(ctx context.Context, ev *credit.Event) error {
	r := creditEventInsert{AgencyID: ev.AgencyID, Kind: ev.Kind, Points: ev.Points, Source: ev.Source, ActorID: ev.Actor.ID,
		Reason: ev.Reason, Evidence: ev.Evidence, ProjectID: ev.ProjectID, ViolationID: ev.ViolationID, InspectionID: ev.InspectionID,
		VoidsEventID: ev.VoidsEventID, CauseEventID: ev.CauseEventID, Until: ev.Until, CreatedAt: ev.CreatedAt,
		ExpiresAt: ev.ExpiresAt, ReasonText: ev.ReasonText}
	err := s.db.WithContext(ctx).Create(&r).Error
	switch {
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return domain.Errorf(domain.ECONFLICT, "already_voided", "This credit event is already voided.")
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return credit.ErrProjectNotFound
	case err != nil:
		return fmt.Errorf("storage: insert credit event: %w", err)
	}
	ev.ID = r.ID
	return nil
}

// creditEventInsert is a new credit event. Events are never updated: a
// correction is a new event voiding the old one.
type creditEventInsert struct {
	ID           int64 `gorm:"primaryKey;->"`
	AgencyID     int64
	Kind         string
	Points       int
	Source       string
	ActorID      int64
	Reason       string
	Evidence     string
	ProjectID    *int64
	ViolationID  *int64
	InspectionID *int64
	VoidsEventID *int64
	CauseEventID *int64
	Until        *time.Time
	// The event's own time, as the rules read it, even when zero.
	CreatedAt  time.Time `gorm:"autoCreateTime:false"`
	ExpiresAt  *time.Time
	ReasonText *domain.Text `gorm:"type:jsonb"`
}

func (creditEventInsert) TableName() string { return "credit_events" }

type creditEventRow struct {
	ID           int64
	AgencyID     int64
	Kind         string
	Points       int
	Source       string
	ActorID      int64
	Reason       string
	ReasonText   *domain.Text
	Evidence     string
	ProjectID    *int64
	ViolationID  *int64
	InspectionID *int64
	VoidsEventID *int64
	CauseEventID *int64
	Until        *time.Time
	CreatedAt    time.Time
	ExpiresAt    *time.Time
	VoidedBy     *int64
	AppealStatus *string
	RepairStatus *string
	// RepairPoints is the effective points of a granted repair.
	RepairPoints *int
	ProjectTitle *string
}

func (r *creditEventRow) toDomain() *credit.Event {
	ev := &credit.Event{ID: r.ID, AgencyID: r.AgencyID, Kind: r.Kind, Points: r.Points, Source: r.Source,
		Actor: domain.Actor{ID: r.ActorID}, Reason: r.Reason, ReasonText: r.ReasonText, Evidence: r.Evidence, ProjectID: r.ProjectID,
		ViolationID: r.ViolationID, InspectionID: r.InspectionID, VoidsEventID: r.VoidsEventID, CauseEventID: r.CauseEventID,
		Until: r.Until, CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt, VoidedBy: r.VoidedBy, Voided: r.VoidedBy != nil}
	if r.AppealStatus != nil {
		ev.Appeal = *r.AppealStatus
	}
	if r.RepairStatus != nil {
		ev.Repair, ev.EffectivePoints = *r.RepairStatus, r.RepairPoints
	}
	if r.ProjectTitle != nil {
		ev.ProjectTitle = *r.ProjectTitle
	}
	return ev
}

// creditEventsQuery reads credit events (e) with what became of them: the
// event voiding them, their appeal, their live repair, their project's
// title.
func creditEventsQuery(db *gorm.DB) *gorm.DB {
	return db.Table("credit_events e").
		Joins("LEFT JOIN credit_events v ON v.voids_event_id = e.id").
		Joins("LEFT JOIN credit_appeals ap ON ap.event_id = e.id").
		Joins("LEFT JOIN credit_repairs rp ON rp.event_id = e.id AND rp.status IN ('pending', 'granted')").
		Joins("LEFT JOIN projects pj ON pj.id = e.project_id").
		Select(`e.*, v.id AS voided_by, ap.status AS appeal_status,
		rp.status AS repair_status, rp.effective_points AS repair_points, pj.title AS project_title`)
}

// FindCreditEvent implements credit.Records.
func (s *DB) FindCreditEvent(ctx context.Context, id int64) (*credit.Event, error) {
	var rows []creditEventRow
	if err := creditEventsQuery(s.db.WithContext(ctx)).Where("e.id = ?", id).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find credit event %d: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, credit.ErrEventNotFound
	}
	return rows[0].toDomain(), nil
}

// FindCreditEvents implements credit.Records.
func (s *DB) FindCreditEvents(ctx context.Context, agencyID int64, limit int) ([]*credit.Event, error) {
	var rows []creditEventRow
	err := creditEventsQuery(s.db.WithContext(ctx)).Where("e.agency_id = ?", agencyID).Order("e.id DESC").Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find credit events %d: %w", agencyID, err)
	}
	out := make([]*credit.Event, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// CountViolationEvents implements credit.Records.
func (s *DB) CountViolationEvents(ctx context.Context, agencyID int64, since time.Time, kinds []string) (int, error) {
	var n int64
	err := s.db.WithContext(ctx).Table("credit_events e").
		Where("e.agency_id = ? AND e.kind IN ? AND e.created_at > ? AND "+unvoided, agencyID, kinds, since).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("storage: count violations %d: %w", agencyID, err)
	}
	return int(n), nil
}

// LatestStatusEvent implements credit.Records.
func (s *DB) LatestStatusEvent(ctx context.Context, agencyID int64) (*credit.Event, error) {
	var rows []creditEventRow
	err := s.db.WithContext(ctx).Table("credit_events e").Select("e.*").
		Where("e.agency_id = ? AND e.kind IN ('suspended', 'blacklisted', 'reinstated')", agencyID).
		Order("e.id DESC").Limit(1).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: latest status event %d: %w", agencyID, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return rows[0].toDomain(), nil
}

// FindDueReinstatements implements credit.Records.
func (s *DB) FindDueReinstatements(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Table("agency_profiles p").Joins("JOIN accounts a ON a.id = p.account_id").
		Where("p.suspended_until <= ? AND a.status IN ?", now, []string{"suspended", "blacklisted"}).
		Order("p.suspended_until").Limit(limit).
		Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate, Table: clause.Table{Name: "p"}, Options: clause.LockingOptionsSkipLocked}).
		Pluck("p.account_id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find due reinstatements: %w", err)
	}
	return ids, nil
}
