package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"marketplace/domain/agency"
)

// completedSQL counts an agency's completed projects.
const completedSQL = "(SELECT count(*) FROM projects j WHERE j.awarded_agency_id = a.id AND j.status = 'completed')"

// directoryOrder maps the public sort keys to SQL over the page's columns
// (pg.sort_key); id breaks ties so that pages never overlap.
var directoryOrder = map[string]struct{ key, dir string }{
	agency.SortCredit:    {creditScoreColumn, "DESC"},
	agency.SortCompleted: {completedSQL, "DESC"},
	agency.SortName:      {"a.name", "ASC"},
}

// agenciesWithProfiles is the directory's FROM: agencies (a) with their profiles (p).
func agenciesWithProfiles(db *gorm.DB) *gorm.DB {
	return db.Table("accounts a").Joins("JOIN agency_profiles p ON p.account_id = a.id")
}

// agencyDirectoryFilter narrows the directory to the agencies f selects.
func agencyDirectoryFilter(f agency.Filter) func(*gorm.DB) *gorm.DB {
	return func(db *gorm.DB) *gorm.DB {
		db = db.Where("a.role = 'agency'")
		if f.Item != "" {
			db = db.Where("EXISTS (SELECT 1 FROM agency_items i WHERE i.agency_id = a.id AND i.item_code = ?)", f.Item)
		}
		if f.Region != "" {
			db = db.Where("p.region LIKE ?", escapeLike(f.Region)+"%")
		}
		if f.Grade != "" {
			db = db.Where(creditGradeColumn+" = ?", f.Grade)
		}
		if f.Status != "" {
			db = db.Where("a.status = ?", f.Status)
		}
		if f.Qualified != "" {
			// the rule of agency.Qualification.CountsOn: not flagged, and the
			// date within [valid_from, valid_until]
			db = db.Where(`EXISTS (SELECT 1 FROM qualifications q WHERE q.agency_id = a.id AND q.item_code = ?
			AND ?::date BETWEEN q.valid_from AND q.valid_until
			AND NOT EXISTS (SELECT 1 FROM qualification_flags fl WHERE fl.qualification_id = q.id))`, f.Qualified, f.QualifiedOn)
		}
		if f.IDs != nil {
			db = db.Where("a.id IN ?", append([]int64{0}, f.IDs...))
		}
		return db
	}
}

// agencyDirectoryColumns are a directory row's: the agency's and its figures.
const agencyDirectoryColumns = `a.id, a.name, a.uscc, a.status, p.exited_at, p.region, ` + creditColumns + `,
	COALESCE((SELECT string_agg(i.item_code, ',' ORDER BY i.item_code) FROM agency_items i WHERE i.agency_id = a.id), '') AS items,
	` + completedSQL + ` AS completed_projects,
	(SELECT round(avg((e.quality + e.timeliness + e.attitude + e.fee) / 4.0), 2)::float8 FROM evaluations e WHERE e.agency_id = a.id) AS average_evaluation`

// FindAgencies implements agency.ProfileStore: the public directory. No
// filter caps anything; every agency matching is counted and reachable.
func (s *DB) FindAgencies(ctx context.Context, f agency.Filter) ([]*agency.Summary, int, error) {
	var total int64
	if err := s.db.WithContext(ctx).Scopes(agenciesWithProfiles, agencyDirectoryFilter(f)).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count agencies: %w", err)
	}
	order, ok := directoryOrder[f.Sort]
	if !ok {
		order = directoryOrder[agency.SortCredit]
	}
	var rows []struct {
		ID                int64
		Name              string
		USCC              *string
		Status            string
		ExitedAt          *time.Time
		Region            string
		Items             string
		CreditScore       int
		CreditGrade       string
		CompletedProjects int
		AverageEvaluation *float64
	}
	// The page's ids (pg) are chosen first on the sort key alone; the
	// figures are computed for those rows only.
	page := s.db.WithContext(ctx).Scopes(agenciesWithProfiles, agencyDirectoryFilter(f)).Select("a.id, " + order.key + " AS sort_key").
		Order("2 " + order.dir + ", 1").Limit(f.Page.PerPage).Offset(f.Page.Offset())
	err := s.db.WithContext(ctx).Table("(?) pg", page).Joins("JOIN accounts a ON a.id = pg.id").
		Joins("JOIN agency_profiles p ON p.account_id = a.id").Select(agencyDirectoryColumns).
		Order("pg.sort_key " + order.dir + ", pg.id").Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("storage: find agencies: %w", err)
	}
	out := make([]*agency.Summary, len(rows))
	for i, r := range rows {
		a := &agency.Summary{ID: r.ID, Name: r.Name, Status: r.Status, ExitedAt: r.ExitedAt, Region: r.Region,
			CreditSummary:     agency.CreditSummary{CreditScore: r.CreditScore, CreditGrade: r.CreditGrade},
			CompletedProjects: r.CompletedProjects, AverageEvaluation: r.AverageEvaluation, ServiceItems: []string{}}
		if r.USCC != nil {
			a.USCC = *r.USCC
		}
		if r.Items != "" {
			a.ServiceItems = strings.Split(r.Items, ",")
		}
		out[i] = a
	}
	return out, int(total), nil
}
