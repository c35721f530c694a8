package storage

import (
	"context"
	"fmt"

	"marketplace/domain"
	"marketplace/domain/credit"
	"marketplace/domain/market"
)

// FindProjectsByIDs implements domain.PageStore: the projects and their
// avoid lists in two statements.
func (s *DB) FindProjectsByIDs(ctx context.Context, ids []int64) (map[int64]*market.Project, error) {
	out := make(map[int64]*market.Project, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []projectRow
	err := projectsQuery(s.db.WithContext(ctx)).Where("p.id IN ?", ids).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find projects by id: %w", err)
	}
	if len(rows) == 0 {
		return out, nil
	}
	found := make([]int64, len(rows))
	for i := range rows {
		out[rows[i].ID], found[i] = rows[i].toDomain(), rows[i].ID
	}
	avoid, err := s.findAvoid(ctx, found)
	if err != nil {
		return nil, err
	}
	for id, a := range avoid {
		if p := out[id]; p != nil && a != nil {
			p.Avoid = a
		}
	}
	return out, nil
}

// FindViolationsByIDs implements domain.PageStore in one statement.
func (s *DB) FindViolationsByIDs(ctx context.Context, ids []int64) (map[int64]*credit.Violation, error) {
	out := make(map[int64]*credit.Violation, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []violationRow
	if err := s.db.WithContext(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find violations by id: %w", err)
	}
	for i := range rows {
		out[rows[i].ID] = rows[i].toDomain()
	}
	return out, nil
}

// listTotal is the total of a page of a list whose statement also reads
// count(*) OVER () (first, from its first row): one statement a page. A
// page past the end has no row to carry it, so it counts on its own.
func listTotal(n int, first int64, pg domain.Page, count func() (int64, error)) (int, error) {
	if n > 0 {
		return int(first), nil
	}
	if pg.Offset() == 0 {
		return 0, nil
	}
	t, err := count()
	return int(t), err
}

// fullCount is the window count a page's statement reads beside its rows.
const fullCount = ", count(*) OVER () AS full_count"
