package storage

import (
	"context"
	"fmt"
	"math"
	"strings"

	"gorm.io/gorm"

	"marketplace/domain"
	"marketplace/domain/opendata"
)

// Statistics SQL. Drafts are never counted; bid figures use only projects
// whose bidding closed (closed_at set), so no sealed bid is ever counted.
// The statistics that group or aggregate computed values are
// queries/stats_*.sql, which spell these conditions as written here (the
// package refuses to load otherwise).
const (
	statsAgencyWhere = `a.role = 'agency' AND a.status <> 'exited'`
	// awarded: a result that stood (publicity over), whatever came after
	statsAwarded = `p.status IN ('awarded', 'contracted', 'delivered', 'accepted', 'completed')`
)

var (
	statsByRegionSQL  = loadQuery("stats_agencies_by_region")
	statsValidBidsSQL = loadQuery("stats_valid_bids")
	statsSavingsSQL   = loadQuery("stats_savings")
	statsTimingSQL    = loadQuery("stats_award_timing")
	statsSpendingSQL  = loadQuery("stats_department_spending")
)

func init() {
	for sql, cond := range map[string]string{statsByRegionSQL: statsAgencyWhere, statsSavingsSQL: statsAwarded, statsTimingSQL: statsAwarded} {
		if !strings.Contains(sql, cond) {
			panic("storage: a queries/stats_*.sql file does not spell " + cond)
		}
	}
}

// statsCount is one line of a breakdown: what is counted (key, label)
// and how many.
func statsCount(db *gorm.DB, table, key, label string) *gorm.DB {
	return db.Table(table).Select(key + " AS key, " + label + " AS label, count(*) AS count")
}

func round2(v *float64) *float64 {
	if v == nil {
		return nil
	}
	r := math.Round(*v*100) / 100
	return &r
}

// ComputeStats implements domain.OpenDataStore.
func (s *DB) ComputeStats(ctx context.Context) (*opendata.Stats, error) {
	db := s.db.WithContext(ctx)
	st := &opendata.Stats{}
	now, err := s.Now(ctx)
	if err != nil {
		return nil, err
	}
	st.GeneratedAt = now
	q := func(name string, dest any, tx *gorm.DB) error {
		if err := tx.Scan(dest).Error; err != nil {
			return fmt.Errorf("storage: stats %s: %w", name, err)
		}
		return nil
	}
	// One destination per query: gorm's Scan resets the struct it fills.
	var agg struct {
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
	var agencies int64
	if err = db.Table("accounts a").Where(statsAgencyWhere).Count(&agencies).Error; err != nil {
		err = fmt.Errorf("storage: stats agencies: %w", err)
	}
	if err == nil {
		err = q("by item", &st.AgenciesByItem, statsCount(db, "agency_items ai", "c.code", "c.name").
			Joins("JOIN accounts a ON a.id = ai.agency_id").Joins("JOIN catalogue_items c ON c.code = ai.item_code").
			Where(statsAgencyWhere).Group("c.code, c.name").Order("count DESC, c.code"))
	}
	if err == nil {
		err = q("by region", &st.AgenciesByRegion, db.Raw(statsByRegionSQL))
	}
	if err == nil {
		err = q("by status", &st.ProjectsByStatus, statsCount(db, "projects", "status", "status").
			Where("status <> 'draft'").Group("status").Order("count DESC, status"))
	}
	if err == nil {
		err = q("by method", &st.ProjectsByMethod, statsCount(db, "projects", "method", "method").
			Where("status <> 'draft'").Group("method").Order("count DESC, method"))
	}
	if err == nil {
		err = q("valid bids", &bidsAgg, db.Raw(statsValidBidsSQL))
	}
	if err == nil {
		err = q("savings", &saveAgg, db.Raw(statsSavingsSQL))
	}
	if err == nil {
		var n struct {
			Awarded        int
			WithoutObjects int
			MedianHours    *float64
		}
		err = q("award timing", &n, db.Raw(statsTimingSQL))
		st.AwardedProjects, agg.WithoutObjects, agg.MedianHours = n.Awarded, n.WithoutObjects, n.MedianHours
	}
	if err == nil {
		err = q("spending", &st.DepartmentSpending, db.Raw(statsSpendingSQL))
	}
	if err != nil {
		return nil, err
	}
	st.AgenciesTotal, st.ClosedProjects = int(agencies), bidsAgg.Closed
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
