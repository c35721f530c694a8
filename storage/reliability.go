package storage

import (
	"context"
	"fmt"
	"time"
)

// MarkClosingReminders implements domain.ReliabilityStore: one set-based
// insert; a project already marked is skipped, so a re-run marks nothing.
func (s *DB) MarkClosingReminders(ctx context.Context, from, to, now time.Time) (int, error) {
	res := s.db.WithContext(ctx).Exec(`INSERT INTO closing_reminders (project_id, reminded_at)
		SELECT id, ? FROM projects WHERE status = 'bidding' AND closes_at > ? AND closes_at <= ?
		ON CONFLICT (project_id) DO NOTHING`, now, from, to)
	if res.Error != nil {
		return 0, fmt.Errorf("storage: mark closing reminders: %w", res.Error)
	}
	return int(res.RowsAffected), nil
}
