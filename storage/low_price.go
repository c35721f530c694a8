package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"marketplace/domain"
	"marketplace/domain/market"
)

// FindLowPriceRule implements domain.LowPriceStore.
func (s *DB) FindLowPriceRule(ctx context.Context, itemCode string) (*market.LowPriceRule, error) {
	var row struct {
		LowPriceMedianPct  *int
		LowPriceCeilingPct *int
	}
	if err := s.db.WithContext(ctx).Table("catalogue_items").Select("low_price_median_pct, low_price_ceiling_pct").
		Where("code = ?", itemCode).Scan(&row).Error; err != nil {
		return nil, fmt.Errorf("storage: low price rule %s: %w", itemCode, err)
	}
	if row.LowPriceMedianPct == nil {
		return nil, nil
	}
	r := &market.LowPriceRule{MedianPercent: *row.LowPriceMedianPct}
	if row.LowPriceCeilingPct != nil {
		r.CeilingPercent = *row.LowPriceCeilingPct
	}
	return r, nil
}

// SetLowPriceRule implements domain.LowPriceStore.
func (s *DB) SetLowPriceRule(ctx context.Context, itemCode string, r *market.LowPriceRule) error {
	var median, ceiling *int
	if r != nil {
		median, ceiling = &r.MedianPercent, &r.CeilingPercent
	}
	res := s.db.WithContext(ctx).Table("catalogue_items").Where("code = ?", itemCode).
		Updates(map[string]any{"low_price_median_pct": median, "low_price_ceiling_pct": ceiling})
	if res.Error != nil {
		return fmt.Errorf("storage: set low price rule %s: %w", itemCode, res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.Errorf(domain.ENOTFOUND, "item_not_found", "No catalogue item %s.", itemCode)
	}
	return nil
}

type lowPriceRow struct {
	ID             int64
	ProjectID      int64
	BidID          int64
	AgencyID       int64
	AgencyName     string
	PriceFen       int64
	ThresholdFen   int64
	Status         string
	Explanation    string
	ExplainedAt    *time.Time
	DecisionReason string
	DecidedAt      *time.Time
	DueAt          time.Time
}

func (r lowPriceRow) domain() *market.LowPriceBid {
	utc := func(t *time.Time) *time.Time {
		if t == nil {
			return nil
		}
		u := t.UTC()
		return &u
	}
	return &market.LowPriceBid{ID: r.ID, ProjectID: r.ProjectID, BidID: r.BidID, AgencyID: r.AgencyID, AgencyName: r.AgencyName,
		Price: domain.Money(r.PriceFen), Threshold: domain.Money(r.ThresholdFen), Status: r.Status, Explanation: r.Explanation,
		ExplainedAt: utc(r.ExplainedAt), DecisionReason: r.DecisionReason, DecidedAt: utc(r.DecidedAt), DueAt: r.DueAt.UTC()}
}

// lowPriceInsert is one low_price_bids row as the close writes it.
type lowPriceInsert struct {
	ProjectID    int64
	BidID        int64
	AgencyID     int64
	PriceFen     int64
	ThresholdFen int64
	Status       string
	DueAt        time.Time
}

func (lowPriceInsert) TableName() string { return "low_price_bids" }

// CreateLowPriceBids implements domain.LowPriceStore.
func (s *DB) CreateLowPriceBids(ctx context.Context, ls []*market.LowPriceBid) error {
	if len(ls) == 0 {
		return nil
	}
	rows := make([]lowPriceInsert, len(ls))
	for i, l := range ls {
		rows[i] = lowPriceInsert{ProjectID: l.ProjectID, BidID: l.BidID, AgencyID: l.AgencyID, PriceFen: int64(l.Price),
			ThresholdFen: int64(l.Threshold), Status: l.Status, DueAt: l.DueAt}
	}
	if err := s.db.WithContext(ctx).CreateInBatches(rows, insertBatch).Error; err != nil {
		return fmt.Errorf("storage: create %d low prices: %w", len(ls), err)
	}
	return nil
}

// FindLowPriceBids implements domain.LowPriceStore.
func (s *DB) FindLowPriceBids(ctx context.Context, projectID int64, lock bool) ([]*market.LowPriceBid, error) {
	q := s.db.WithContext(ctx).Table("low_price_bids l").Joins("JOIN accounts a ON a.id = l.agency_id").
		Select("l.*, a.name AS agency_name").Where("l.project_id = ?", projectID).Order("l.bid_id")
	q = q.Scopes(forUpdateIf(lock, "l"))
	var rows []lowPriceRow
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: low prices of project %d: %w", projectID, err)
	}
	out := make([]*market.LowPriceBid, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// UpdateLowPriceBid implements domain.LowPriceStore.
func (s *DB) UpdateLowPriceBid(ctx context.Context, l *market.LowPriceBid, from string) error {
	res := s.db.WithContext(ctx).Table("low_price_bids").Where("id = ? AND status = ?", l.ID, from).Updates(map[string]any{
		"status": l.Status, "explanation": l.Explanation, "explained_at": l.ExplainedAt, "decision_reason": l.DecisionReason,
		"decided_at": l.DecidedAt})
	if res.Error != nil {
		return fmt.Errorf("storage: update low price %d: %w", l.ID, res.Error)
	}
	if res.RowsAffected != 1 {
		return market.ErrStatusChanged
	}
	return nil
}

// lowPriceOffendersSQL aggregates with array_agg and mode() WITHIN GROUP
// (queries/low_price_offenders.sql).
var lowPriceOffendersSQL = loadQuery("low_price_offenders")

// FindLowPriceOffenders implements domain.LowPriceStore in one query.
func (s *DB) FindLowPriceOffenders(ctx context.Context, since time.Time, min int) ([]domain.LowPriceOffender, error) {
	var rows []struct {
		AgencyID   int64
		Rejections int
		ProjectIDs string
		Region     string
	}
	err := s.db.WithContext(ctx).Raw(lowPriceOffendersSQL, sql.Named("since", since), sql.Named("min", min)).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: low price offenders: %w", err)
	}
	out := make([]domain.LowPriceOffender, len(rows))
	for i, r := range rows {
		out[i] = domain.LowPriceOffender{AgencyID: r.AgencyID, Rejections: r.Rejections, ProjectIDs: parseIDs(r.ProjectIDs), Region: r.Region}
	}
	return out, nil
}
