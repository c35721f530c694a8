package storage

import (
	"context"
	"fmt"

	"marketplace/domain"
	"marketplace/domain/credit"
)

// FindAppeals implements credit.Records.
func (s *DB) FindAppeals(ctx context.Context, status string, p domain.Page) ([]*credit.Appeal, int, error) {
	q := s.db.WithContext(ctx).Model(&appealRow{})
	if status != "" {
		q = q.Where("status = ?", status)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count appeals: %w", err)
	}
	var rows []appealRow
	if err := q.Order("created_at, id").Offset(p.Offset()).Limit(p.PerPage).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: find appeals: %w", err)
	}
	out := make([]*credit.Appeal, len(rows))
	for i, r := range rows {
		out[i] = &credit.Appeal{ID: r.ID, EventID: r.EventID, AgencyID: r.AgencyID, Reason: r.Reason, Status: r.Status,
			Decision: r.DecisionReason, DecidedBy: r.DecidedBy, DecidedAt: r.DecidedAt, VoidEventID: r.VoidEventID, CreatedAt: r.CreatedAt.UTC()}
	}
	return out, int(total), nil
}
