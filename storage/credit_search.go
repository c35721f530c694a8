package storage

import (
	"context"
	"fmt"
)

// RefreshCreditSearchDocs implements domain.CreditSearchStore: one
// set-based statement rebuilds up to limit agency documents whose score or
// grade lags the profile's (migration 00330).
func (s *DB) RefreshCreditSearchDocs(ctx context.Context, limit int) (int, error) {
	var n int
	if err := s.db.WithContext(ctx).Raw("SELECT search_refresh_stale_credit(?)", limit).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("storage: refresh credit search documents: %w", err)
	}
	return n, nil
}
