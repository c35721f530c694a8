package storage

import (
	"context"
	"fmt"
	"time"

	"marketplace/domain"
)

type jobRunRow struct {
	ID        int64 `gorm:"primaryKey;->"`
	Job       string
	Replica   string
	StartedAt time.Time
	EndedAt   *time.Time
	Rows      int
	Error     string
}

func (jobRunRow) TableName() string { return "job_runs" }

// CreateJobRun implements domain.JobStore.
func (s *DB) CreateJobRun(ctx context.Context, r *domain.JobRun) error {
	row := jobRunRow{Job: r.Job, Replica: r.Replica, StartedAt: r.StartedAt, EndedAt: r.EndedAt, Rows: r.Rows, Error: r.Error}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("storage: create job run: %w", err)
	}
	r.ID = row.ID
	return nil
}

// FindJobRuns implements domain.JobStore.
func (s *DB) FindJobRuns(ctx context.Context, job string, p domain.Page) ([]*domain.JobRun, int, error) {
	q := s.db.WithContext(ctx).Model(&jobRunRow{})
	if job != "" {
		q = q.Where("job = ?", job)
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
