package storage

import (
	"context"
	"fmt"
	"time"

	"marketplace/domain"
)

// monitorScope is the FROM/WHERE of the agencies a monitor filter selects
// (a = accounts, p = agency_profiles); exited agencies are left out.
func monitorScope(f domain.MonitorFilter) (string, []any) {
	q := ` FROM accounts a JOIN agency_profiles p ON p.account_id = a.id
		WHERE a.role = 'agency' AND a.status <> 'exited'`
	var args []any
	if f.ItemCode != "" {
		q += " AND EXISTS (SELECT 1 FROM agency_items fi WHERE fi.agency_id = a.id AND fi.item_code = ?)"
		args = append(args, f.ItemCode)
	}
	if f.Region != "" {
		q += " AND p.region LIKE ?" // a province covers its cities, as in the directory
		args = append(args, escapeLike(f.Region)+"%")
	}
	return q, args
}

const gradeCountsSelect = `count(*) AS total,
	count(*) FILTER (WHERE p.credit_grade = 'A') AS a, count(*) FILTER (WHERE p.credit_grade = 'B') AS b,
	count(*) FILTER (WHERE p.credit_grade = 'C') AS c, count(*) FILTER (WHERE p.credit_grade = 'D') AS d,
	count(*) FILTER (WHERE a.status = 'suspended') AS suspended, count(*) FILTER (WHERE a.status = 'blacklisted') AS blacklisted`

type gradeCountsRow struct {
	Key                                       string
	Total, A, B, C, D, Suspended, Blacklisted int
}

func (r gradeCountsRow) toDomain() domain.GradeCounts {
	return domain.GradeCounts{Key: r.Key, Total: r.Total, A: r.A, B: r.B, C: r.C, D: r.D, Suspended: r.Suspended, Blacklisted: r.Blacklisted}
}

// CreditMonitor implements domain.CreditStore.
func (s *DB) CreditMonitor(ctx context.Context, f domain.MonitorFilter, now time.Time) (*domain.CreditMonitor, error) {
	db := s.db.WithContext(ctx)
	scope, args := monitorScope(f)
	out := &domain.CreditMonitor{GeneratedAt: now, Filter: f}
	var totals gradeCountsRow
	if err := db.Raw("SELECT "+gradeCountsSelect+scope, args...).Scan(&totals).Error; err != nil {
		return nil, fmt.Errorf("storage: credit monitor grades: %w", err)
	}
	out.Grades = totals.toDomain()
	groups := []struct {
		dst  *[]domain.GradeCounts
		from string
		key  string
	}{
		{&out.ByItem, " JOIN agency_items i ON i.agency_id = a.id", "i.item_code"},
		{&out.ByRegion, "", "p.region"},
	}
	for _, g := range groups {
		q := "SELECT " + g.key + " AS key, " + gradeCountsSelect + " FROM (SELECT a.*" + scope + ") a JOIN agency_profiles p ON p.account_id = a.id" +
			g.from + " GROUP BY " + g.key + " ORDER BY " + g.key
		var rows []gradeCountsRow
		if err := db.Raw(q, args...).Scan(&rows).Error; err != nil {
			return nil, fmt.Errorf("storage: credit monitor groups: %w", err)
		}
		*g.dst = []domain.GradeCounts{}
		for _, r := range rows {
			*g.dst = append(*g.dst, r.toDomain())
		}
	}
	for _, w := range []struct {
		dst  *[]*domain.CreditDrop
		days int
	}{{&out.Drops30, 30}, {&out.Drops90, 90}} {
		q := `SELECT a.id AS agency_id, a.name, sum(e.points)::int AS points, p.credit_score AS score, p.credit_grade AS grade` +
			scope + ` AND e.points < 0 AND e.created_at > ? AND ` + unvoided
		q = "SELECT agency_id, name, points, score, grade FROM (" +
			creditReplaceFrom(q, " FROM credit_events e JOIN accounts a ON a.id = e.agency_id JOIN agency_profiles p ON p.account_id = a.id") +
			" GROUP BY a.id, a.name, p.credit_score, p.credit_grade) d ORDER BY points, agency_id LIMIT ?"
		var rows []*domain.CreditDrop
		if err := db.Raw(q, append(append([]any{}, args...), now.AddDate(0, 0, -w.days), domain.MonitorListLimit)...).Scan(&rows).Error; err != nil {
			return nil, fmt.Errorf("storage: credit monitor drops: %w", err)
		}
		if rows == nil {
			rows = []*domain.CreditDrop{}
		}
		*w.dst = rows
	}
	var err error
	if out.Suspensions, _, err = s.findSanctioned(ctx, domain.StatusSuspended, f, domain.Page{Page: 1, PerPage: domain.MonitorListLimit}); err != nil {
		return nil, err
	}
	if out.Blacklist, _, err = s.findSanctioned(ctx, domain.StatusBlacklisted, f, domain.Page{Page: 1, PerPage: domain.MonitorListLimit}); err != nil {
		return nil, err
	}
	return out, nil
}

// creditReplaceFrom swaps the scope's FROM clause for one joining the events.
func creditReplaceFrom(q, from string) string {
	const scopeFrom = ` FROM accounts a JOIN agency_profiles p ON p.account_id = a.id`
	for i := 0; i+len(scopeFrom) <= len(q); i++ {
		if q[i:i+len(scopeFrom)] == scopeFrom {
			return q[:i] + from + q[i+len(scopeFrom):]
		}
	}
	return q
}

// FindSanctioned implements domain.CreditStore.
func (s *DB) FindSanctioned(ctx context.Context, status string, p domain.Page) ([]*domain.Sanction, int, error) {
	return s.findSanctioned(ctx, status, domain.MonitorFilter{}, p)
}

func (s *DB) findSanctioned(ctx context.Context, status string, f domain.MonitorFilter, pg domain.Page) ([]*domain.Sanction, int, error) {
	scope, args := monitorScope(f)
	scope += " AND a.status = ?"
	args = append(args, status)
	q := `SELECT a.id AS agency_id, a.name, coalesce(a.uscc, '') AS uscc, a.status, p.suspended_until AS until,
			se.created_at AS since, coalesce(se.reason, '') AS reason, se.reason_text` + fullCount +
		creditReplaceFrom(scope, ` FROM accounts a JOIN agency_profiles p ON p.account_id = a.id
			LEFT JOIN LATERAL (SELECT e.created_at, e.reason, e.reason_text FROM credit_events e
				WHERE e.agency_id = a.id AND e.kind = a.status ORDER BY e.id DESC LIMIT 1) se ON true`) +
		" ORDER BY se.created_at DESC NULLS LAST, a.id LIMIT ? OFFSET ?"
	var found []struct {
		domain.Sanction `gorm:"embedded"`
		FullCount       int64
	}
	if err := s.db.WithContext(ctx).Raw(q, append(args, pg.PerPage, pg.Offset())...).Scan(&found).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: find sanctioned: %w", err)
	}
	rows := make([]*domain.Sanction, len(found))
	var first int64
	for i := range found {
		rows[i] = &found[i].Sanction
	}
	if len(found) > 0 {
		first = found[0].FullCount
	}
	total, err := listTotal(len(rows), first, pg, func() (int64, error) {
		var n int64
		err := s.db.WithContext(ctx).Raw("SELECT count(*)"+scope, args...).Scan(&n).Error
		return n, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("storage: count sanctioned: %w", err)
	}
	return rows, total, nil
}

// FindCreditRows implements domain.CreditStore.
func (s *DB) FindCreditRows(ctx context.Context, f domain.MonitorFilter, now time.Time) ([]*domain.CreditRow, error) {
	scope, args := monitorScope(f)
	q := `SELECT a.id AS agency_id, a.name, p.region, p.credit_score AS score, p.credit_grade AS grade, a.status,
			p.suspended_until, coalesce(d.d30, 0) AS drop30, coalesce(d.d90, 0) AS drop90` +
		creditReplaceFrom(scope, ` FROM accounts a JOIN agency_profiles p ON p.account_id = a.id
			LEFT JOIN (SELECT e.agency_id, sum(e.points) FILTER (WHERE e.created_at > ?)::int AS d30, sum(e.points)::int AS d90
				FROM credit_events e WHERE e.points < 0 AND e.created_at > ? AND `+unvoided+` GROUP BY e.agency_id) d ON d.agency_id = a.id`) +
		" ORDER BY p.credit_score, a.id"
	var rows []*domain.CreditRow
	all := append([]any{now.AddDate(0, 0, -30), now.AddDate(0, 0, -90)}, args...)
	if err := s.db.WithContext(ctx).Raw(q, all...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: credit rows: %w", err)
	}
	return rows, nil
}
