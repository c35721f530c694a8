package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/agency"
)

// FindRegions implements domain.NamesStore: the distinct regions of
// published projects or of agencies, in one statement.
func (s *DB) FindRegions(ctx context.Context, of string) ([]string, error) {
	q := s.db.WithContext(ctx).Table("projects").Where("status <> 'draft' AND region <> ''").Distinct("region")
	if of == domain.RegionsOfAgencies {
		q = s.db.WithContext(ctx).Table("agency_profiles p").Joins("JOIN accounts a ON a.id = p.account_id").
			Where("a.role = 'agency' AND p.region <> ''").Distinct("p.region")
	}
	var out []string
	if err := q.Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("storage: find regions: %w", err)
	}
	return out, nil
}

// FindAgencyRefs implements domain.NamesStore: agencies by part of their
// name or by USCC, exact matches first, then the shorter names.
func (s *DB) FindAgencyRefs(ctx context.Context, q string, limit int) ([]agency.Ref, error) {
	var rows []struct {
		ID   int64
		Name string
		USCC *string
	}
	like := "%" + escapeLike(q) + "%"
	err := s.db.WithContext(ctx).Table("accounts a").Select("a.id, a.name, a.uscc").
		Where("a.role = 'agency' AND (a.name LIKE ? OR a.uscc = upper(?))", like, q).
		Order(clause.OrderBy{Expression: clause.Expr{SQL: "(a.name = ? OR a.uscc = upper(?)) DESC, length(a.name), a.name, a.id",
			Vars: []any{q, q}, WithoutParentheses: true}}).
		Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find agency refs: %w", err)
	}
	out := make([]agency.Ref, len(rows))
	for i, r := range rows {
		out[i] = agency.Ref{ID: r.ID, Name: r.Name}
		if r.USCC != nil {
			out[i].USCC = *r.USCC
		}
	}
	return out, nil
}

// findNamesSQL: queries/names_find.sql.
var findNamesSQL = loadQuery("names_find")

// FindNames implements domain.NamesStore: project titles and account
// names of a page, in one statement.
func (s *DB) FindNames(ctx context.Context, projectIDs, accountIDs []int64) (domain.Names, error) {
	out := domain.Names{Projects: map[int64]string{}, Accounts: map[int64]string{}}
	if len(projectIDs) == 0 && len(accountIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		Kind string
		ID   int64
		Name string
	}
	// 0, an id no row has, keeps each IN list valid when its ids are none.
	err := s.db.WithContext(ctx).Raw(findNamesSQL, map[string]any{
		"projects": append([]int64{0}, projectIDs...), "accounts": append([]int64{0}, accountIDs...)}).Scan(&rows).Error
	if err != nil {
		return out, fmt.Errorf("storage: find names: %w", err)
	}
	for _, r := range rows {
		if r.Kind == "p" {
			out.Projects[r.ID] = r.Name
		} else {
			out.Accounts[r.ID] = r.Name
		}
	}
	return out, nil
}
