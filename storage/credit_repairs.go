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

// effectivePoints is what an event counts in every score computation: its
// points, or the effective points of its granted repair (信用修复). The
// incremental expiry catch-up and the full recompute both read it, so the
// fraction lives in one row.
const effectivePoints = "coalesce((SELECT r.effective_points FROM credit_repairs r WHERE r.event_id = e.id AND r.status = 'granted'), e.points)"

// effectivePointsOverAll is effectivePoints for a statement over many
// agencies' events (the full recompute): the set of events with a granted
// repair is read once into a hash (PostgreSQL's hashed SubPlan), and only
// those events look their repair up. effectivePoints alone runs its
// subquery once per event, which was most of the recompute's read at
// 2M events (docs/performance.md, "Credit recompute at scale"). Over one
// agency's events the planner probes the index per event instead, so
// per-agency queries keep effectivePoints. PostgreSQL hashes the set only
// while its estimate fits in work_mem × hash_mem_multiplier (32 bytes a
// repair): about 4M granted repairs at the recompute's 64 MB, 262k at the
// default 4 MB. Past that the test is rescanned per event, far slower
// than effectivePoints alone (a review measured it: 300k events and 4.5k
// repairs at 64 kB did not finish in 90 s); a LEFT JOIN on the partial
// unique index would degrade gently but measured 1.8–1.9 s against this
// form's 1.2 s at 2M events.
const effectivePointsOverAll = "CASE WHEN e.id IN (SELECT r.event_id FROM credit_repairs r WHERE r.status = 'granted') THEN " +
	effectivePoints + " ELSE e.points END"

type repairRow struct {
	ID              int64 `gorm:"primaryKey;->"`
	EventID         int64
	AgencyID        int64
	Evidence        string
	Status          string
	EffectivePoints *int
	DecisionReason  string
	DecidedBy       *int64
	DecidedAt       *time.Time
	CreatedAt       time.Time
}

func (repairRow) TableName() string { return "credit_repairs" }

func (r *repairRow) toDomain() *credit.Repair {
	return &credit.Repair{ID: r.ID, EventID: r.EventID, AgencyID: r.AgencyID, Evidence: r.Evidence, Status: r.Status,
		EffectivePoints: r.EffectivePoints, Decision: r.DecisionReason, DecidedBy: r.DecidedBy, DecidedAt: r.DecidedAt,
		CreatedAt: r.CreatedAt.UTC()}
}

// CreateRepair implements credit.RepairStore.
func (s *DB) CreateRepair(ctx context.Context, r *credit.Repair) error {
	row := repairRow{EventID: r.EventID, AgencyID: r.AgencyID, Evidence: r.Evidence, Status: r.Status, CreatedAt: r.CreatedAt}
	err := s.db.WithContext(ctx).Create(&row).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return domain.Errorf(domain.ECONFLICT, "repair_exists", "This credit event already has a pending or granted repair.")
	} else if err != nil {
		return fmt.Errorf("storage: create repair: %w", err)
	}
	r.ID = row.ID
	return nil
}

// FindRepair implements credit.RepairStore.
func (s *DB) FindRepair(ctx context.Context, id int64, forUpdate bool) (*credit.Repair, error) {
	q := s.db.WithContext(ctx)
	q = q.Scopes(forUpdateIf(forUpdate))
	var r repairRow
	if err := q.Take(&r, id).Error; err != nil {
		return nil, formatError(err, credit.ErrRepairNotFound, nil)
	}
	return r.toDomain(), nil
}

// UpdateRepair implements credit.RepairStore.
func (s *DB) UpdateRepair(ctx context.Context, r *credit.Repair) error {
	err := s.db.WithContext(ctx).Table("credit_repairs").Where("id = ?", r.ID).Updates(map[string]any{
		"status": r.Status, "effective_points": r.EffectivePoints, "decision_reason": r.Decision,
		"decided_by": r.DecidedBy, "decided_at": r.DecidedAt}).Error
	if err != nil {
		return fmt.Errorf("storage: update repair %d: %w", r.ID, err)
	}
	return nil
}

// FindRepairs implements credit.RepairStore.
func (s *DB) FindRepairs(ctx context.Context, status string, p domain.Page) ([]*credit.Repair, int, error) {
	q := s.db.WithContext(ctx).Model(&repairRow{})
	if status != "" {
		q = q.Where("status = ?", status)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count repairs: %w", err)
	}
	var rows []repairRow
	if err := q.Order("created_at, id").Offset(p.Offset()).Limit(p.PerPage).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: find repairs: %w", err)
	}
	out := make([]*credit.Repair, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, int(total), nil
}
