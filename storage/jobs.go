package storage

import (
	"context"
	"fmt"
	"time"

	"marketplace/domain"
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

// SaveJobRun implements domain.JobStore.
func (s *DB) SaveJobRun(ctx context.Context, r *domain.JobRun) error {
	if r.ID != 0 {
		err := s.db.WithContext(ctx).Exec(`UPDATE job_runs SET ended_at = ?, rows = ?, error = ? WHERE id = ?`,
			r.EndedAt, r.Rows, r.Error, r.ID).Error
		if err != nil {
			return fmt.Errorf("storage: update job run %d: %w", r.ID, err)
		}
		return nil
	}
	err := s.db.WithContext(ctx).Raw(`INSERT INTO job_runs (job, replica, started_at, ended_at, rows, error)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, r.Job, r.Replica, r.StartedAt, r.EndedAt, r.Rows, r.Error).Scan(&r.ID).Error
	if err != nil {
		return fmt.Errorf("storage: create job run: %w", err)
	}
	return nil
}

// FindJobRuns implements domain.JobStore.
func (s *DB) FindJobRuns(ctx context.Context, f domain.JobRunFilter, p domain.Page) ([]*domain.JobRun, int, error) {
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
	out := make([]*domain.JobRun, len(rows))
	for i, r := range rows {
		out[i] = &domain.JobRun{ID: r.ID, Job: r.Job, Replica: r.Replica, StartedAt: r.StartedAt, EndedAt: r.EndedAt, Rows: r.Rows, Error: r.Error}
	}
	return out, int(total), nil
}

// DeleteIdleJobRuns implements domain.JobStore.
func (s *DB) DeleteIdleJobRuns(ctx context.Context, before time.Time) (int, error) {
	res := s.db.WithContext(ctx).Exec("DELETE FROM job_runs WHERE rows = 0 AND error = '' AND ended_at < ?", before)
	if res.Error != nil {
		return 0, fmt.Errorf("storage: prune job runs: %w", res.Error)
	}
	return int(res.RowsAffected), nil
}

// RecordJobSuccess implements domain.JobStore. The WHERE of the upsert
// skips the write of an idle success while the stored one is recent: an
// idle scheduler reads its row and writes nothing.
func (s *DB) RecordJobSuccess(ctx context.Context, job string, at time.Time, progressed bool, resolution time.Duration) error {
	var progress *time.Time
	if progressed {
		progress = &at
	}
	err := s.db.WithContext(ctx).Exec(`INSERT INTO job_health (job, last_success_at, last_progress_at) VALUES (?, ?, ?)
		ON CONFLICT (job) DO UPDATE SET last_success_at = EXCLUDED.last_success_at, failing_since = NULL,
			last_progress_at = COALESCE(EXCLUDED.last_progress_at, job_health.last_progress_at)
		WHERE EXCLUDED.last_progress_at IS NOT NULL OR job_health.failing_since IS NOT NULL
			OR job_health.last_success_at IS NULL OR job_health.last_success_at <= ?`,
		job, at, progress, at.Add(-resolution)).Error
	if err != nil {
		return fmt.Errorf("storage: record success of job %s: %w", job, err)
	}
	return nil
}

// RecordJobFailure implements domain.JobStore.
func (s *DB) RecordJobFailure(ctx context.Context, job string, at time.Time, errText string) error {
	err := s.db.WithContext(ctx).Exec(`INSERT INTO job_health (job, last_failure_at, last_error, failing_since) VALUES (?, ?, ?, ?)
		ON CONFLICT (job) DO UPDATE SET last_failure_at = EXCLUDED.last_failure_at, last_error = EXCLUDED.last_error,
			failing_since = COALESCE(job_health.failing_since, EXCLUDED.failing_since)`, job, at, errText, at).Error
	if err != nil {
		return fmt.Errorf("storage: record failure of job %s: %w", job, err)
	}
	return nil
}

// FindJobHealth implements domain.JobStore.
func (s *DB) FindJobHealth(ctx context.Context) ([]*domain.JobHealth, error) {
	var rows []struct {
		Job                                          string
		LastSuccessAt, LastProgressAt, LastFailureAt *time.Time
		LastError                                    string
		FailingSince                                 *time.Time
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT job, last_success_at, last_progress_at, last_failure_at, last_error, failing_since
		FROM job_health ORDER BY job`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find job health: %w", err)
	}
	out := make([]*domain.JobHealth, len(rows))
	for i, r := range rows {
		out[i] = &domain.JobHealth{Job: r.Job, LastSuccessAt: utcPtr(r.LastSuccessAt), LastProgressAt: utcPtr(r.LastProgressAt),
			LastFailureAt: utcPtr(r.LastFailureAt), LastError: r.LastError, FailingSince: utcPtr(r.FailingSince)}
	}
	return out, nil
}
