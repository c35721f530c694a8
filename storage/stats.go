package storage

import (
	"context"
	"fmt"
	"math"

	"marketplace/domain"
)

// Statistics SQL. Drafts are never counted; bid figures use only projects
// whose bidding closed (closed_at set), so no sealed bid is ever counted.
const (
	statsAgencyWhere = `a.role = 'agency' AND a.status <> 'exited'`
	// awarded: a result that stood (publicity over), whatever came after
	statsAwarded = `p.status IN ('awarded', 'contracted', 'delivered', 'accepted', 'completed')`
)

func round2(v *float64) *float64 {
	if v == nil {
		return nil
	}
	r := math.Round(*v*100) / 100
	return &r
}

// ComputeStats implements domain.OpenDataStore.
func (s *DB) ComputeStats(ctx context.Context) (*domain.Stats, error) {
	db := s.db.WithContext(ctx)
	st := &domain.Stats{}
	now, err := s.Now(ctx)
	if err != nil {
		return nil, err
	}
	st.GeneratedAt = now
	q := func(name string, dest any, sql string, args ...any) error {
		if err := db.Raw(sql, args...).Scan(dest).Error; err != nil {
			return fmt.Errorf("storage: stats %s: %w", name, err)
		}
		return nil
	}
	// One destination per query: gorm's Scan resets the struct it fills.
	var agg struct {
		Agencies       int
		MedianHours    *float64
		WithoutObjects int
	}
	var bidsAgg struct {
		Closed   int
		AvgValid *float64
	}
	var saveAgg struct {
		Awarded    int
		CeilingFen int64
		AwardedFen int64
		AvgSaving  *float64
	}
	err = q("agencies", &agg.Agencies, `SELECT count(*) FROM accounts a WHERE `+statsAgencyWhere)
	if err == nil {
		err = q("by item", &st.AgenciesByItem, `SELECT c.code AS key, c.name AS label, count(*) AS count FROM agency_items ai
			JOIN accounts a ON a.id = ai.agency_id JOIN catalogue_items c ON c.code = ai.item_code
			WHERE `+statsAgencyWhere+` GROUP BY c.code, c.name ORDER BY count DESC, c.code`)
	}
	if err == nil {
		err = q("by region", &st.AgenciesByRegion, `SELECT r AS key, r AS label, count(*) AS count FROM (
			SELECT COALESCE(NULLIF(ap.region, ''), NULLIF(a.region, ''), '未填写') AS r FROM accounts a
			LEFT JOIN agency_profiles ap ON ap.account_id = a.id WHERE `+statsAgencyWhere+`) x GROUP BY r ORDER BY count DESC, r`)
	}
	if err == nil {
		err = q("by status", &st.ProjectsByStatus, `SELECT status AS key, status AS label, count(*) AS count FROM projects
			WHERE status <> 'draft' GROUP BY status ORDER BY count DESC, status`)
	}
	if err == nil {
		err = q("by method", &st.ProjectsByMethod, `SELECT method AS key, method AS label, count(*) AS count FROM projects
			WHERE status <> 'draft' GROUP BY method ORDER BY count DESC, method`)
	}
	if err == nil {
		err = q("valid bids", &bidsAgg, `SELECT count(*) AS closed, avg(v) AS avg_valid FROM (
			SELECT (SELECT count(*) FROM bids b WHERE b.project_id = p.id AND b.status = 'valid') AS v
			FROM projects p WHERE p.closed_at IS NOT NULL AND p.status <> 'draft') x`)
	}
	if err == nil {
		// Saving versus ceiling: projects with a ceiling and a standing award.
		err = q("savings", &saveAgg, `SELECT count(*) AS awarded, COALESCE(sum(p.ceiling_fen), 0) AS ceiling_fen,
			COALESCE(sum(c.price_fen), 0) AS awarded_fen,
			avg((p.ceiling_fen - c.price_fen)::float8 / p.ceiling_fen * 100) AS avg_saving
			FROM projects p JOIN project_candidates c ON c.project_id = p.id AND c.status = 'selected'
			WHERE `+statsAwarded+` AND p.ceiling_fen IS NOT NULL`)
	}
	if err == nil {
		var n struct {
			Awarded        int
			WithoutObjects int
			MedianHours    *float64
		}
		err = q("award timing", &n, `SELECT count(*) AS awarded,
			count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM objections o WHERE o.project_id = p.id)) AS without_objects,
			percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM aw.at - p.published_at) / 3600) AS median_hours
			FROM projects p LEFT JOIN LATERAL (SELECT min(a.at) AS at FROM audit_log a WHERE a.subject_type = 'project'
				AND a.subject_id = p.id::text AND a.action = 'project.awarded') aw ON true
			WHERE `+statsAwarded)
		st.AwardedProjects, agg.WithoutObjects, agg.MedianHours = n.Awarded, n.WithoutObjects, n.MedianHours
	}
	if err == nil {
		err = q("spending", &st.DepartmentSpending, `SELECT pay.department_id, a.name AS department,
			EXTRACT(YEAR FROM pay.paid_on)::int AS year, sum(pay.amount_fen) AS amount, count(*) AS payments
			FROM payments pay JOIN accounts a ON a.id = pay.department_id
			GROUP BY pay.department_id, a.name, year ORDER BY year, a.name`)
	}
	if err != nil {
		return nil, err
	}
	st.AgenciesTotal, st.ClosedProjects = agg.Agencies, bidsAgg.Closed
	st.AverageValidBids = round2(bidsAgg.AvgValid)
	st.CeilingTotal, st.AwardedTotal = domain.Money(saveAgg.CeilingFen), domain.Money(saveAgg.AwardedFen)
	st.SavingTotal = st.CeilingTotal - st.AwardedTotal
	st.AverageSavingRate = round2(saveAgg.AvgSaving)
	st.MedianHoursToAward = round2(agg.MedianHours)
	st.AwardedWithoutObjection = agg.WithoutObjects
	if st.AwardedProjects > 0 {
		share := float64(agg.WithoutObjects) / float64(st.AwardedProjects)
		st.ShareWithoutObjection = round2(&share)
	}
	return st, nil
}
