package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/jobrun"
)

type jobRunRow struct {
	ID        int64 `gorm:"primaryKey"`
	Job       string
	Replica   string
	StartedAt time.Time
	EndedAt   *time.Time
	Rows      int
	Error     string
}

func (jobRunRow) TableName() string { return "job_runs" }

// SaveJobRun implements jobrun.Store.
func (s *DB) SaveJobRun(ctx context.Context, r *jobrun.Run) error {
	if r.ID != 0 {
		err := s.db.WithContext(ctx).Model(&jobRunRow{}).Where("id = ?", r.ID).
			Updates(map[string]any{"ended_at": r.EndedAt, "rows": r.Rows, "error": r.Error}).Error
		if err != nil {
			return fmt.Errorf("storage: update job run %d: %w", r.ID, err)
		}
		return nil
	}
	row := jobRunRow{Job: r.Job, Replica: r.Replica, StartedAt: r.StartedAt, EndedAt: r.EndedAt, Rows: r.Rows, Error: r.Error}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("storage: create job run: %w", err)
	}
	r.ID = row.ID
	return nil
}

// FindJobRuns implements jobrun.Store.
func (s *DB) FindJobRuns(ctx context.Context, f jobrun.Filter, p domain.Page) ([]*jobrun.Run, int, error) {
	q := s.db.WithContext(ctx).Model(&jobRunRow{})
	if f.Job != "" {
		q = q.Where("job = ?", f.Job)
	}
	if f.Failed {
		q = q.Where("error <> ''")
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count job runs: %w", err)
	}
	var rows []jobRunRow
	if err := q.Order("started_at DESC, id DESC").Offset(p.Offset()).Limit(p.PerPage).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: find job runs: %w", err)
	}
	out := make([]*jobrun.Run, len(rows))
	for i, r := range rows {
		out[i] = &jobrun.Run{ID: r.ID, Job: r.Job, Replica: r.Replica, StartedAt: r.StartedAt, EndedAt: r.EndedAt, Rows: r.Rows, Error: r.Error}
	}
	return out, int(total), nil
}

// DeleteIdleJobRuns implements jobrun.Store.
func (s *DB) DeleteIdleJobRuns(ctx context.Context, before time.Time) (int, error) {
	res := s.db.WithContext(ctx).Where("rows = 0 AND error = '' AND ended_at < ?", before).Delete(&jobRunRow{})
	if res.Error != nil {
		return 0, fmt.Errorf("storage: prune job runs: %w", res.Error)
	}
	return int(res.RowsAffected), nil
}

// jobSuccessRow and jobFailureRow are the job_health columns a success and
// a failure write; the upserts keep the others.
type jobSuccessRow struct {
	Job            string
	LastSuccessAt  time.Time
	LastProgressAt *time.Time
}

func (jobSuccessRow) TableName() string { return "job_health" }

type jobFailureRow struct {
	Job           string
	LastFailureAt time.Time
	LastError     string
	FailingSince  time.Time
}

func (jobFailureRow) TableName() string { return "job_health" }

// RecordJobSuccess implements jobrun.Store. The WHERE of the upsert
// skips the write of an idle success while the stored one is recent: an
// idle scheduler reads its row and writes nothing.
func (s *DB) RecordJobSuccess(ctx context.Context, job string, at time.Time, progressed bool, resolution time.Duration) error {
	var progress *time.Time
	if progressed {
		progress = &at
	}
	row := jobSuccessRow{Job: job, LastSuccessAt: at, LastProgressAt: progress}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "job"}},
		DoUpdates: clause.Set{
			{Column: clause.Column{Name: "last_success_at"}, Value: gorm.Expr("EXCLUDED.last_success_at")},
			{Column: clause.Column{Name: "failing_since"}, Value: nil},
			{Column: clause.Column{Name: "last_progress_at"}, Value: gorm.Expr("COALESCE(EXCLUDED.last_progress_at, job_health.last_progress_at)")},
		},
		Where: clause.Where{Exprs: []clause.Expression{gorm.Expr(`EXCLUDED.last_progress_at IS NOT NULL OR job_health.failing_since IS NOT NULL
			OR job_health.last_success_at IS NULL OR job_health.last_success_at <= ?`, at.Add(-resolution))}},
	}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("storage: record success of job %s: %w", job, err)
	}
	return nil
}

// RecordJobFailure implements jobrun.Store.
func (s *DB) RecordJobFailure(ctx context.Context, job string, at time.Time, errText string) error {
	row := jobFailureRow{Job: job, LastFailureAt: at, LastError: errText, FailingSince: at}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "job"}},
		DoUpdates: clause.Set{
			{Column: clause.Column{Name: "last_failure_at"}, Value: gorm.Expr("EXCLUDED.last_failure_at")},
			{Column: clause.Column{Name: "last_error"}, Value: gorm.Expr("EXCLUDED.last_error")},
			{Column: clause.Column{Name: "failing_since"}, Value: gorm.Expr("COALESCE(job_health.failing_since, EXCLUDED.failing_since)")},
		},
	}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("storage: record failure of job %s: %w", job, err)
	}
	return nil
}

// FindJobHealth implements jobrun.Store.
func (s *DB) FindJobHealth(ctx context.Context) ([]*jobrun.Health, error) {
	var rows []struct {
		Job                                          string
		LastSuccessAt, LastProgressAt, LastFailureAt *time.Time
		LastError                                    string
		FailingSince                                 *time.Time
	}
	if err := s.db.WithContext(ctx).Table("job_health").
		Select("job, last_success_at, last_progress_at, last_failure_at, last_error, failing_since").Order("job").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find job health: %w", err)
	}
	out := make([]*jobrun.Health, len(rows))
	for i, r := range rows {
		out[i] = &jobrun.Health{Job: r.Job, LastSuccessAt: utcPtr(r.LastSuccessAt), LastProgressAt: utcPtr(r.LastProgressAt),
			LastFailureAt: utcPtr(r.LastFailureAt), LastError: r.LastError, FailingSince: utcPtr(r.FailingSince)}
	}
	return out, nil
}
