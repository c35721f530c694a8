package credit

import "context"

// SearchBatch bounds the agency search documents one transaction of
// the refresh_credit_search job rebuilds (~1.5 ms each). An agency's
// writer that comes while the batch holds its document waits for the
// batch's commit (migration 00422), so a batch is kept to well under a
// second.
const SearchBatch = 500

// SearchStore brings agency search documents up to the credit the
// full recompute wrote. The recompute leaves them behind on purpose: one
// document costs far more to index than one score to compute, and a
// recompute that changes every profile must stay within seconds. It
// records the agencies it changed; only those are rebuilt.
type SearchStore interface {
	// RefreshCreditSearchDocs takes up to limit of the agencies the
	// recompute changed (or a catalogue item's rename left), rebuilds
	// those renamed and those whose document's score or grade still
	// differs from the profile's, and returns how many it took and how
	// many documents it rebuilt. It waits for no writer: an agency
	// another transaction is writing stays for a later batch, uncounted.
	RefreshCreditSearchDocs(ctx context.Context, limit int) (taken, rebuilt int, err error)
}

// RefreshSearchBatch is the refresh_credit_search job: one batch per
// transaction, more while a batch was full. A store without search
// documents has nothing to refresh.
func RefreshSearchBatch(ctx context.Context, s Store) (int, bool, error) {
	cs, ok := s.(SearchStore)
	if !ok {
		return 0, false, nil
	}
	taken, rebuilt, err := cs.RefreshCreditSearchDocs(ctx, SearchBatch)
	return rebuilt, err == nil && taken == SearchBatch, err
}
