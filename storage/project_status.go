package storage

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"marketplace/domain/market"
)

// SetProjectStatus implements market.StatusWriter: the one statement
// that writes projects.status. It changes the row only from the status the
// transition starts from, so a transaction that lost a race (or read a stale
// row) changes nothing and learns it as a conflict.
func (s *DB) SetProjectStatus(ctx context.Context, id int64, from, to string) error {
	res := s.db.WithContext(ctx).Table("projects").Where("id = ? AND status = ?", id, from).
		Updates(map[string]any{"status": to, "updated_at": gorm.Expr("clock_timestamp()")})
	if res.Error != nil {
		return fmt.Errorf("storage: set project %d status %s → %s: %w", id, from, to, res.Error)
	}
	if res.RowsAffected == 0 {
		return market.ErrStatusChanged
	}
	return nil
}
