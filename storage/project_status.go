package storage

import (
	"context"
	"fmt"

	"marketplace/domain"
)

// SetProjectStatus implements domain.ProjectStatusWriter: the one statement
// that writes projects.status. It changes the row only from the status the
// transition starts from, so a transaction that lost a race (or read a stale
// row) changes nothing and learns it as a conflict.
func (s *DB) SetProjectStatus(ctx context.Context, id int64, from, to string) error {
	res := s.db.WithContext(ctx).Exec(`UPDATE projects SET status = ?, updated_at = clock_timestamp() WHERE id = ? AND status = ?`,
		to, id, from)
	if res.Error != nil {
		return fmt.Errorf("storage: set project %d status %s → %s: %w", id, from, to, res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.ErrStatusChanged
	}
	return nil
}
