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
// recompute that changes every profile must stay within seconds. It
// records the agencies it changed; only those are rebuilt.
type CreditSearchStore interface {
	// RefreshCreditSearchDocs takes up to limit of the agencies the
	// recompute changed, rebuilds those whose document's score or grade
	// still differs from the profile's, and returns how many it took and
	// how many documents it rebuilt.
	RefreshCreditSearchDocs(ctx context.Context, limit int) (taken, rebuilt int, err error)
}

// RefreshCreditSearchBatch is the refresh_credit_search job: one batch per
// transaction, more while a batch was full. A store without search
// documents has nothing to refresh.
func (m *Marketplace) RefreshCreditSearchBatch(ctx context.Context, s Store, _ time.Time) (int, bool, error) {
	cs, ok := s.(CreditSearchStore)
	if !ok {
		return 0, false, nil
	}
	taken, rebuilt, err := cs.RefreshCreditSearchDocs(ctx, CreditSearchBatch)
	return rebuilt, err == nil && taken == CreditSearchBatch, err
}
