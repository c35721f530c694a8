package storage

import (
	"context"
	"fmt"
)

// RefreshProjectSearchDocs implements domain.ProjectSearchStore: it takes
// up to limit of the projects whose close was left to it
// (project_search_pending, migration 00400) and rebuilds their documents.
func (s *DB) RefreshProjectSearchDocs(ctx context.Context, limit int) (taken, rebuilt int, err error) {
	row := s.db.WithContext(ctx).Raw("SELECT taken, rebuilt FROM search_refresh_pending_projects(?)", limit).Row()
	if err := row.Scan(&taken, &rebuilt); err != nil {
		return 0, 0, fmt.Errorf("storage: refresh project search documents: %w", err)
	}
	return taken, rebuilt, nil
}
