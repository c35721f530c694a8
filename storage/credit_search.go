package storage

import (
	"context"
	"fmt"
)

// RefreshCreditSearchDocs implements domain.CreditSearchStore: it takes up
// to limit agency ids the full recompute recorded (credit_search_pending,
// migration 00370) and rebuilds, in one set-based statement, the search
// documents among them whose score or grade lags the profile's.
func (s *DB) RefreshCreditSearchDocs(ctx context.Context, limit int) (taken, rebuilt int, err error) {
	row := s.db.WithContext(ctx).Raw("SELECT taken, rebuilt FROM search_refresh_pending_credit(?)", limit).Row()
	if err := row.Scan(&taken, &rebuilt); err != nil {
		return 0, 0, fmt.Errorf("storage: refresh credit search documents: %w", err)
	}
	return taken, rebuilt, nil
}
