package domain

import (
	"context"
	"time"
)

// CreditSearchBatch bounds the agency search documents one transaction of
// the refresh_credit_search job rebuilds (~1.5 ms each: a batch stays well
// inside a job's timeout and holds its row locks briefly).
const CreditSearchBatch = 2000

// CreditSearchStore brings agency search documents up to the credit the
// full recompute wrote. The recompute leaves them behind on purpose: one
// document costs far more to index than one score to compute, and a
// recompute that changes every profile must stay within seconds.
type CreditSearchStore interface {
	// RefreshCreditSearchDocs rebuilds up to limit documents whose score
	// or grade differs from the profile's and returns how many it rebuilt.
	RefreshCreditSearchDocs(ctx context.Context, limit int) (int, error)
}

// RefreshCreditSearchBatch is the refresh_credit_search job: one batch of
// stale documents per transaction, more while a batch was full. A store
// without search documents has nothing to refresh.
func (m *Marketplace) RefreshCreditSearchBatch(ctx context.Context, s Store, _ time.Time) (int, bool, error) {
	cs, ok := s.(CreditSearchStore)
	if !ok {
		return 0, false, nil
	}
	n, err := cs.RefreshCreditSearchDocs(ctx, CreditSearchBatch)
	return n, err == nil && n == CreditSearchBatch, err
}
