package search

import "context"

// ProjectDocBatch bounds the project search documents one transaction
// of the refresh_project_search job rebuilds: the closes of a busy second
// and more, each a few milliseconds.
const ProjectDocBatch = 200

// ProjectDocStore brings project search documents up to the closes
// and renames that left them behind: a close moves projects out of
// bidding while bids wait on their rows, and rebuilding a document inside
// it cost the close its second (docs/performance.md); a rename (an owner,
// an awarded agency, an item) may name many projects. Until the job runs,
// a search may list a project closed within the last second as still in
// bidding, or under a name just changed; the project itself, and every
// decision, read the project row.
type ProjectDocStore interface {
	// RefreshProjectSearchDocs takes up to limit of the projects closed
	// or renamed since their document was built, rebuilds their
	// documents, and returns how many it took and rebuilt. It waits for
	// no writer: a project another transaction is writing stays for a
	// later batch, uncounted.
	RefreshProjectSearchDocs(ctx context.Context, limit int) (taken, rebuilt int, err error)
}

// RefreshProjectDocs is one run of the refresh_project_search job: one
// batch in the job's transaction; more is wanted while a batch was full.
func RefreshProjectDocs(ctx context.Context, s ProjectDocStore) (rebuilt int, more bool, err error) {
	taken, rebuilt, err := s.RefreshProjectSearchDocs(ctx, ProjectDocBatch)
	return rebuilt, err == nil && taken == ProjectDocBatch, err
}
