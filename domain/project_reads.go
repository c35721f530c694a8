package domain

import (
	"context"

	"marketplace/domain/market"
)

// ProjectsByIDs returns the projects among ids that actor may see, in
// their public view, by id: the rows of a search's hits in one read.
func (m *Marketplace) ProjectsByIDs(ctx context.Context, actor Actor, ids []int64) (map[int64]*market.Project, error) {
	out := make(map[int64]*market.Project, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	found, err := m.Store.FindProjectsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	for id, p := range found {
		if p.CanSee(actor) {
			out[id] = m.publicView(p)
		}
	}
	return out, nil
}
