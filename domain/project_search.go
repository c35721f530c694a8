package domain

import (
	"context"
	"time"
)

// ProjectSearchBatch bounds the project search documents one transaction
// of the refresh_project_search job rebuilds: the closes of a busy second
// and more, each a few milliseconds.
const ProjectSearchBatch = 200

// ProjectSearchStore brings project search documents up to the closes
// that left them behind: a close moves projects out of bidding while bids
// wait on their rows, and rebuilding a document inside it cost the close
// its second (docs/performance.md). Until the job runs, a search may list
// a project closed within the last second as still in bidding; the
// project itself, and every decision, read the project row.
type ProjectSearchStore interface {
	// RefreshProjectSearchDocs takes up to limit of the projects closed
	// since their document was built, rebuilds their documents, and
	// returns how many it took and rebuilt.
	RefreshProjectSearchDocs(ctx context.Context, limit int) (taken, rebuilt int, err error)
}

// RefreshProjectSearchBatch is the refresh_project_search job: one batch
// per transaction, more while a batch was full.
func (m *Marketplace) RefreshProjectSearchBatch(ctx context.Context, s Store, _ time.Time) (int, bool, error) {
	ps, ok := s.(ProjectSearchStore)
	if !ok {
		return 0, false, nil
	}
	taken, rebuilt, err := ps.RefreshProjectSearchDocs(ctx, ProjectSearchBatch)
	return rebuilt, err == nil && taken == ProjectSearchBatch, err
}
