package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"marketplace/domain"
)

// completedSQL counts an agency's completed projects.
const completedSQL = "(SELECT count(*) FROM projects j WHERE j.awarded_agency_id = a.id AND j.status = 'completed')"

// directoryOrder maps the public sort keys to SQL over the page's columns
// (pg.sort_key); id breaks ties so that pages never overlap.
var directoryOrder = map[string]struct{ key, dir string }{
	domain.AgencySortCredit:    {creditScoreColumn, "DESC"},
	domain.AgencySortCompleted: {completedSQL, "DESC"},
	domain.AgencySortName:      {"a.name", "ASC"},
}

// FindAgencies implements domain.AgencyStore: the public directory. No
// filter caps anything; every agency matching is counted and reachable.
func (s *DB) FindAgencies(ctx context.Context, f domain.AgencyFilter) ([]*domain.AgencySummary, int, error) {
	where := []string{"a.role = 'agency'"}
	var args []any
	if f.Item != "" {
		where = append(where, "EXISTS (SELECT 1 FROM agency_items i WHERE i.agency_id = a.id AND i.item_code = ?)")
		args = append(args, f.Item)
	}
	if f.Region != "" {
		where = append(where, "p.region LIKE ?")
		args = append(args, escapeLike(f.Region)+"%")
	}
	if f.Grade != "" {
		where = append(where, creditGradeColumn+" = ?")
		args = append(args, f.Grade)
	}
	if f.Status != "" {
		where = append(where, "a.status = ?")
		args = append(args, f.Status)
	}
	if f.Qualified != "" {
		// the rule of domain.Qualification.CountsOn: not flagged, and the
		// date within [valid_from, valid_until]
		where = append(where, `EXISTS (SELECT 1 FROM qualifications q WHERE q.agency_id = a.id AND q.item_code = ?
			AND ?::date BETWEEN q.valid_from AND q.valid_until
			AND NOT EXISTS (SELECT 1 FROM qualification_flags fl WHERE fl.qualification_id = q.id))`)
		args = append(args, f.Qualified, f.QualifiedOn)
	}
	if f.IDs != nil {
		where = append(where, "a.id IN ?")
		args = append(args, append([]int64{0}, f.IDs...))
	}
	cond := strings.Join(where, " AND ")
	db := s.db.WithContext(ctx)
	var total int64
	if err := db.Raw("SELECT count(*) FROM accounts a JOIN agency_profiles p ON p.account_id = a.id WHERE "+cond, args...).
		Scan(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count agencies: %w", err)
	}
	order, ok := directoryOrder[f.Sort]
	if !ok {
		order = directoryOrder[domain.AgencySortCredit]
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
	// The page's ids are chosen first on the sort key alone; the figures
	// are computed for those rows only.
	q := `WITH pg AS (
		SELECT a.id, ` + order.key + ` AS sort_key FROM accounts a JOIN agency_profiles p ON p.account_id = a.id
		WHERE ` + cond + ` ORDER BY 2 ` + order.dir + `, 1 LIMIT ? OFFSET ?)
		SELECT a.id, a.name, a.uscc, a.status, p.exited_at, p.region,
		` + creditScoreColumn + ` AS credit_score, ` + creditGradeColumn + ` AS credit_grade,
		COALESCE((SELECT string_agg(i.item_code, ',' ORDER BY i.item_code) FROM agency_items i WHERE i.agency_id = a.id), '') AS items,
		` + completedSQL + ` AS completed_projects,
		(SELECT round(avg((e.quality + e.timeliness + e.attitude + e.fee) / 4.0), 2)::float8 FROM evaluations e WHERE e.agency_id = a.id) AS average_evaluation
		FROM pg JOIN accounts a ON a.id = pg.id JOIN agency_profiles p ON p.account_id = a.id
		ORDER BY pg.sort_key ` + order.dir + `, pg.id`
	if err := db.Raw(q, append(args, f.Page.PerPage, f.Page.Offset())...).Scan(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: find agencies: %w", err)
	}
	out := make([]*domain.AgencySummary, len(rows))
	for i, r := range rows {
		a := &domain.AgencySummary{ID: r.ID, Name: r.Name, Status: r.Status, ExitedAt: r.ExitedAt, Region: r.Region,
			CreditSummary:     domain.CreditSummary{CreditScore: r.CreditScore, CreditGrade: r.CreditGrade},
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
