package storage

import (
	"context"
	"fmt"
	"time"
)

// markClosingReminders: queries/closing_reminders_mark.sql.
var markClosingReminders = loadQuery("closing_reminders_mark")

// MarkClosingReminders implements domain.ReliabilityStore: one set-based
// insert; a project already marked is skipped, so a re-run marks nothing.
func (s *DB) MarkClosingReminders(ctx context.Context, from, to, now time.Time) (int, error) {
	res := s.db.WithContext(ctx).Exec(markClosingReminders, map[string]any{"now": now, "from": from, "to": to})
	if res.Error != nil {
		return 0, fmt.Errorf("storage: mark closing reminders: %w", res.Error)
	}
	return int(res.RowsAffected), nil
}
