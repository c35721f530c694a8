package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"marketplace/domain/credit"
)

// recomputeSQL: queries/credit_recompute.sql, every agency's points,
// score and grade rebuilt from its events in one statement.
var recomputeSQL = loadQuery("credit_recompute")

// RecomputeCreditScores implements credit.Records. The statement runs
// with search.defer_credit on (migration 00370): rebuilding the search
// document of every changed profile inside it cost minutes at 100k
// agencies (~1.5 ms a document), so it records the changed ids and the
// documents follow in batches (RefreshCreditSearchDocs,
// credit.SearchStore).
func (s *DB) RecomputeCreditScores(ctx context.Context, now time.Time, p credit.ScoreParams) (int, error) {
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

// LastCreditRecompute implements credit.Records.
func (s *DB) LastCreditRecompute(ctx context.Context) (*time.Time, error) {
	var at []time.Time
	if err := s.db.WithContext(ctx).Table("credit_recomputes").Order("at DESC").Limit(1).Pluck("at", &at).Error; err != nil {
		return nil, fmt.Errorf("storage: last credit recompute: %w", err)
	}
	if len(at) == 0 {
		return nil, nil
	}
	t := at[0].UTC()
	return &t, nil
}

// RecordCreditRecompute implements credit.Records.
func (s *DB) RecordCreditRecompute(ctx context.Context, at time.Time, rows int) error {
	if err := s.db.WithContext(ctx).Table("credit_recomputes").Create(map[string]any{"at": at, "rows": rows}).Error; err != nil {
		return fmt.Errorf("storage: record credit recompute: %w", err)
	}
	return nil
}
