package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"marketplace/domain"
	"marketplace/domain/credit"
)

// creditMonitored narrows agencies (a = accounts, p = agency_profiles, as
// agenciesWithProfiles joins them) to those a monitor filter selects;
// exited agencies are left out.
func creditMonitored(f credit.MonitorFilter) func(*gorm.DB) *gorm.DB {
	return func(db *gorm.DB) *gorm.DB {
		db = db.Where("a.role = 'agency' AND a.status <> 'exited'")
		if f.ItemCode != "" {
			db = db.Where("EXISTS (SELECT 1 FROM agency_items fi WHERE fi.agency_id = a.id AND fi.item_code = ?)", f.ItemCode)
		}
		if f.Region != "" {
			db = db.Where("p.region LIKE ?", escapeLike(f.Region)+"%") // a province covers its cities, as in the directory
		}
		return db
	}
}

const gradeCountsSelect = `count(*) AS total,
	count(*) FILTER (WHERE p.credit_grade = 'A') AS a, count(*) FILTER (WHERE p.credit_grade = 'B') AS b,
	count(*) FILTER (WHERE p.credit_grade = 'C') AS c, count(*) FILTER (WHERE p.credit_grade = 'D') AS d,
	count(*) FILTER (WHERE a.status = 'suspended') AS suspended, count(*) FILTER (WHERE a.status = 'blacklisted') AS blacklisted`

type gradeCountsRow struct {
	Key                                       string
	Total, A, B, C, D, Suspended, Blacklisted int
}

func (r gradeCountsRow) toDomain() credit.GradeCounts {
	return credit.GradeCounts{Key: r.Key, Total: r.Total, A: r.A, B: r.B, C: r.C, D: r.D, Suspended: r.Suspended, Blacklisted: r.Blacklisted}
}

// CreditMonitor implements credit.Records.
func (s *DB) CreditMonitor(ctx context.Context, f credit.MonitorFilter, now time.Time) (*credit.Monitor, error) {
	db := s.db.WithContext(ctx)
	out := &credit.Monitor{GeneratedAt: now, Filter: f}
	var totals gradeCountsRow
	if err := agenciesWithProfiles(db).Scopes(creditMonitored(f)).Select(gradeCountsSelect).Scan(&totals).Error; err != nil {
		return nil, fmt.Errorf("storage: credit monitor grades: %w", err)
	}
	out.Grades = totals.toDomain()
	groups := []struct {
		dst  *[]credit.GradeCounts
		join string
		key  string
	}{
		{&out.ByItem, "JOIN agency_items i ON i.agency_id = a.id", "i.item_code"},
		{&out.ByRegion, "", "p.region"},
	}
	for _, g := range groups {
		q := db.Table("(?) a", agenciesWithProfiles(db).Scopes(creditMonitored(f)).Select("a.*")).Joins("JOIN agency_profiles p ON p.account_id = a.id")
		if g.join != "" {
			q = q.Joins(g.join)
		}
		var rows []gradeCountsRow
		if err := q.Select(g.key + " AS key, " + gradeCountsSelect).Group(g.key).Order(g.key).Scan(&rows).Error; err != nil {
			return nil, fmt.Errorf("storage: credit monitor groups: %w", err)
		}
		*g.dst = []credit.GradeCounts{}
		for _, r := range rows {
			*g.dst = append(*g.dst, r.toDomain())
		}
	}
	for _, w := range []struct {
		dst  *[]*credit.Drop
		days int
	}{{&out.Drops30, 30}, {&out.Drops90, 90}} {
		// Each agency's lost points in the window, then the largest losses.
		drops := db.Table("credit_events e").Joins("JOIN accounts a ON a.id = e.agency_id").
			Joins("JOIN agency_profiles p ON p.account_id = a.id").Scopes(creditMonitored(f)).
			Where("e.points < 0 AND e.created_at > ? AND "+unvoided, now.AddDate(0, 0, -w.days)).
			Select("a.id AS agency_id, a.name, sum(e.points)::int AS points, p.credit_score AS score, p.credit_grade AS grade").
			Group("a.id, a.name, p.credit_score, p.credit_grade")
		var rows []*credit.Drop
		err := db.Table("(?) d", drops).Select("agency_id, name, points, score, grade").Order("points, agency_id").
			Limit(credit.MonitorListLimit).Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("storage: credit monitor drops: %w", err)
		}
		if rows == nil {
			rows = []*credit.Drop{}
		}
		*w.dst = rows
	}
	var err error
	if out.Suspensions, _, err = s.findSanctioned(ctx, domain.StatusSuspended, f, domain.Page{Page: 1, PerPage: credit.MonitorListLimit}); err != nil {
		return nil, err
	}
	if out.Blacklist, _, err = s.findSanctioned(ctx, domain.StatusBlacklisted, f, domain.Page{Page: 1, PerPage: credit.MonitorListLimit}); err != nil {
		return nil, err
	}
	return out, nil
}

// FindSanctioned implements credit.Records.
func (s *DB) FindSanctioned(ctx context.Context, status string, p domain.Page) ([]*credit.Sanction, int, error) {
	return s.findSanctioned(ctx, status, credit.MonitorFilter{}, p)
}

func (s *DB) findSanctioned(ctx context.Context, status string, f credit.MonitorFilter, pg domain.Page) ([]*credit.Sanction, int, error) {
	db := s.db.WithContext(ctx)
	sanctioned := func(db *gorm.DB) *gorm.DB { return db.Scopes(creditMonitored(f)).Where("a.status = ?", status) }
	var found []struct {
		credit.Sanction `gorm:"embedded"`
		FullCount       int64
	}
	// se: the event that gave the agency its status, for its date and reason.
	err := agenciesWithProfiles(db).Joins(`LEFT JOIN LATERAL (SELECT e.created_at, e.reason, e.reason_text FROM credit_events e
				WHERE e.agency_id = a.id AND e.kind = a.status ORDER BY e.id DESC LIMIT 1) se ON true`).Scopes(sanctioned).
		Select(`a.id AS agency_id, a.name, coalesce(a.uscc, '') AS uscc, a.status, p.suspended_until AS until,
			se.created_at AS since, coalesce(se.reason, '') AS reason, se.reason_text` + fullCount).
		Order("se.created_at DESC NULLS LAST, a.id").Limit(pg.PerPage).Offset(pg.Offset()).Scan(&found).Error
	if err != nil {
		return nil, 0, fmt.Errorf("storage: find sanctioned: %w", err)
	}
	rows := make([]*credit.Sanction, len(found))
	var first int64
	for i := range found {
		rows[i] = &found[i].Sanction
	}
	if len(found) > 0 {
		first = found[0].FullCount
	}
	total, err := listTotal(len(rows), first, pg, func() (int64, error) {
		var n int64
		err := agenciesWithProfiles(db).Scopes(sanctioned).Count(&n).Error
		return n, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("storage: count sanctioned: %w", err)
	}
	return rows, total, nil
}

// FindCreditRows implements credit.Records.
func (s *DB) FindCreditRows(ctx context.Context, f credit.MonitorFilter, now time.Time) ([]*credit.Row, error) {
	var rows []*credit.Row
	// d: each agency's lost points over 30 and 90 days.
	err := agenciesWithProfiles(s.db.WithContext(ctx)).
		Joins(`LEFT JOIN (SELECT e.agency_id, sum(e.points) FILTER (WHERE e.created_at > ?)::int AS d30, sum(e.points)::int AS d90
				FROM credit_events e WHERE e.points < 0 AND e.created_at > ? AND `+unvoided+` GROUP BY e.agency_id) d ON d.agency_id = a.id`,
			now.AddDate(0, 0, -30), now.AddDate(0, 0, -90)).
		Scopes(creditMonitored(f)).
		Select(`a.id AS agency_id, a.name, p.region, p.credit_score AS score, p.credit_grade AS grade, a.status,
			p.suspended_until, coalesce(d.d30, 0) AS drop30, coalesce(d.d90, 0) AS drop90`).
		Order("p.credit_score, a.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: credit rows: %w", err)
	}
	return rows, nil
}
