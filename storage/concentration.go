package storage

import (
	"context"
	"fmt"

	"marketplace/domain/concentration"
)

// FindConcentrationAwards implements supervision.ConcentrationStore: one query
// over the standing awards (the selected candidate's price), whatever their
// number; the province and city roll-up is done by the domain.
func (s *DB) FindConcentrationAwards(ctx context.Context, item string, fromYear, toYear int) ([]concentration.Award, error) {
	var rows []struct {
		ItemCode   string
		ItemName   string
		Region     string
		Year       int
		AgencyID   int64
		AgencyName string
		PriceFen   int64
	}
	// A year is counted in China's time zone, as the statistics pages do.
	err := s.db.WithContext(ctx).Table("projects p").
		Joins("JOIN project_candidates c ON c.project_id = p.id AND c.status = 'selected'").
		Joins("JOIN catalogue_items ci ON ci.code = p.item_code").
		Joins("JOIN accounts ag ON ag.id = c.agency_id").
		Select(`p.item_code, ci.name AS item_name, p.region,
			EXTRACT(YEAR FROM p.closed_at AT TIME ZONE 'Asia/Shanghai')::int AS year, c.agency_id, ag.name AS agency_name, c.price_fen`).
		Where(statsAwarded+" AND p.closed_at IS NOT NULL").
		Where("(? = '' OR p.item_code = ?)", item, item).
		Where("(?::int = 0 OR EXTRACT(YEAR FROM p.closed_at AT TIME ZONE 'Asia/Shanghai') >= ?::int)", fromYear, fromYear).
		Where("(?::int = 0 OR EXTRACT(YEAR FROM p.closed_at AT TIME ZONE 'Asia/Shanghai') <= ?::int)", toYear, toYear).
		Order("p.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: concentration awards: %w", err)
	}
	out := make([]concentration.Award, len(rows))
	for i, r := range rows {
		out[i] = concentration.Award{ItemCode: r.ItemCode, ItemName: r.ItemName, Region: r.Region, Year: r.Year,
			AgencyID: r.AgencyID, AgencyName: r.AgencyName, AmountFen: r.PriceFen}
	}
	return out, nil
}
