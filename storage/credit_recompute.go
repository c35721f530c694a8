package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"marketplace/domain"
)

// recomputeSQL rebuilds every agency's points, score and grade from its
// events in one statement: the active points (unexpired, unvoided; a
// repaired event at its effective points) summed
// per agency, clamped and graded with the model's constants (parameters),
// written only where something changed. No per-agency loop.
//
// The changed ids go to credit_search_pending in the same statement
// (migration 00370): their search documents follow in the
// refresh_credit_search job, see RecomputeCreditScores.
const recomputeSQL = `
WITH changed AS (
UPDATE agency_profiles p
SET credit_points = s.points, credit_score = s.score, credit_grade = s.grade,
    credit_as_of = @now, updated_at = clock_timestamp()
FROM (
    SELECT q.account_id, q.points, q.score,
           CASE WHEN q.score >= @ga THEN 'A' WHEN q.score >= @gb THEN 'B' WHEN q.score >= @gc THEN 'C' ELSE 'D' END AS grade
    FROM (
        SELECT pr.account_id, coalesce(t.points, 0) AS points,
               greatest(@min, least(@max, @base + coalesce(t.points, 0)))::int AS score
        FROM agency_profiles pr
        LEFT JOIN (
            SELECT e.agency_id, sum(` + effectivePoints + `)::int AS points
            FROM credit_events e
            WHERE e.points <> 0 AND (e.expires_at IS NULL OR e.expires_at > @now)
              AND ` + unvoided + `
            GROUP BY e.agency_id
        ) t ON t.agency_id = pr.account_id
    ) q
) s
WHERE p.account_id = s.account_id
  AND (p.credit_points, p.credit_score, p.credit_grade) IS DISTINCT FROM (s.points, s.score, s.grade)
RETURNING p.account_id
), pending AS (
    INSERT INTO credit_search_pending (agency_id) SELECT account_id FROM changed
    ON CONFLICT (agency_id) DO NOTHING
)
SELECT count(*) FROM changed`

// RecomputeCreditScores implements domain.CreditStore. The statement runs
// with search.defer_credit on (migration 00370): rebuilding the search
// document of every changed profile inside it cost minutes at 100k
// agencies (~1.5 ms a document), so it records the changed ids and the
// documents follow in batches (RefreshCreditSearchDocs,
// domain.CreditSearchStore).
func (s *DB) RecomputeCreditScores(ctx context.Context, now time.Time, p domain.ScoreParams) (int, error) {
	var n int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// work_mem (for the rest of the transaction): the per-agency sums of
		// 100k agencies outgrow the default 4 MB and would spill to disk.
		if err := tx.Exec("SELECT set_config('search.defer_credit', 'on', true), set_config('work_mem', '64MB', true)").Error; err != nil {
			return err
		}
		if err := tx.Raw(recomputeSQL, map[string]any{
			"now": now, "base": p.Base, "min": p.Min, "max": p.Max, "ga": p.GradeA, "gb": p.GradeB, "gc": p.GradeC,
		}).Scan(&n).Error; err != nil {
			return err
		}
		return tx.Exec("SELECT set_config('search.defer_credit', 'off', true)").Error
	})
	if err != nil {
		return 0, fmt.Errorf("storage: recompute credit scores: %w", err)
	}
	return int(n), nil
}

// LastCreditRecompute implements domain.CreditStore.
func (s *DB) LastCreditRecompute(ctx context.Context) (*time.Time, error) {
	var at []time.Time
	if err := s.db.WithContext(ctx).Raw("SELECT at FROM credit_recomputes ORDER BY at DESC LIMIT 1").Scan(&at).Error; err != nil {
		return nil, fmt.Errorf("storage: last credit recompute: %w", err)
	}
	if len(at) == 0 {
		return nil, nil
	}
	t := at[0].UTC()
	return &t, nil
}

// RecordCreditRecompute implements domain.CreditStore.
func (s *DB) RecordCreditRecompute(ctx context.Context, at time.Time, rows int) error {
	if err := s.db.WithContext(ctx).Exec("INSERT INTO credit_recomputes (at, rows) VALUES (?, ?)", at, rows).Error; err != nil {
		return fmt.Errorf("storage: record credit recompute: %w", err)
	}
	return nil
}
